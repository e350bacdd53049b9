"""One limit per message, each field's own limit said before typing (issue 21, item 13).

A 5,000-character paste is refused with its length said, never cut; the
chat says before typing how long the answer to the asked field may be; a
value longer than its field holds is refused with that field's limit.
"""

from __future__ import annotations

from runtime.service import CaseService
from schemas.account import SessionKind
from schemas.turn import MAX_MESSAGE_LENGTH
from tests.web.test_pages import TURN_KEY, _start, browser, csrf_of
from web.context import WebContext
from web.security import APPLICANT_COOKIE


async def test_a_long_paste_is_refused_with_its_length(
    web_context: WebContext, service: CaseService
) -> None:
    async with browser(web_context) as client:
        chat = await _start(client)
        assert f"at most {MAX_MESSAGE_LENGTH:,} characters" in chat.text
        assert 'maxlength="' not in chat.text.split('id="answer"')[1].split(">")[0], (
            "the browser must not cut a paste"
        )
        key = TURN_KEY.search(chat.text)
        assert key is not None
        fragment = await client.post(
            "/chat/messages",
            data={
                "csrf_token": csrf_of(chat),
                "text": "economic " * 556,  # 5,004 characters
                "turn_key": key.group(1),
            },
            headers={"HX-Request": "true"},
        )
        assert fragment.status_code == 200
        assert "5,004 characters" in fragment.text and f"{MAX_MESSAGE_LENGTH:,}" in fragment.text
    case_id = await web_context.accounts.session_subject(
        client.cookies[APPLICANT_COOKIE], SessionKind.APPLICANT
    )
    assert case_id is not None
    view = await service.view(case_id)
    assert view.turn == 0 and "cause" not in view.form, "nothing was sent"


async def test_the_asked_fields_limit_is_said_and_checked(
    web_context: WebContext, service: CaseService
) -> None:
    async with browser(web_context) as client:
        chat = await _start(client)
        case_id = await web_context.accounts.session_subject(
            client.cookies[APPLICANT_COOKIE], SessionKind.APPLICANT
        )
        assert case_id is not None
        await service.send(case_id, "economic reasons")
        chat = await client.get("/chat")
        # The description holds 1,000 characters: said before typing.
        assert "at most 1,000 characters" in chat.text
        reply = await service.send(case_id, "Our customer cancelled. " * 60)
        assert "cause_description" not in reply.form
        assert "1000" in reply.reply, "the field's own limit is said, the text is not cut"
