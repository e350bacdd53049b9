"""The pages over HTTP: CSRF, sessions, the continue-later link, the staff area."""

from __future__ import annotations

import re
from email import message_from_bytes
from pathlib import Path

import httpx
import pytest

from guichet.store import CaseStore
from runtime.service import CaseService
from schemas.account import SessionKind
from tests.web.conftest import PASSWORD, case_under_review, script
from tools.demo import Script
from web.app import create_app
from web.context import WebContext
from web.security import APPLICANT_COOKIE, CSRF_COOKIE, STAFF_COOKIE

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')
TURN_KEY = re.compile(r'name="turn_key" value="([^"]+)"')


def csrf_of(page: httpx.Response) -> str:
    match = CSRF_INPUT.search(page.text)
    assert match, "the page carries a CSRF token"
    return match.group(1)


def browser(context: WebContext) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(context))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.mark.parametrize("lang", ["de", "en", "fr"])
async def test_index_in_every_language(web_context: WebContext, lang: str) -> None:
    async with browser(web_context) as client:
        page = await client.get(f"/?lang={lang}")
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in page.text
    assert client.cookies.get(CSRF_COOKIE) == csrf_of(page)
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "script-src 'self'" in page.headers["content-security-policy"]


async def _start(client: httpx.AsyncClient, language: str = "en") -> httpx.Response:
    page = await client.get(f"/?lang={language}")
    started = await client.post(
        "/start",
        data={"csrf_token": csrf_of(page), "procedure": "short_time_work", "language": language},
    )
    assert started.status_code == 303 and started.headers["location"].startswith("/chat")
    return await client.get("/chat")


async def test_forms_need_the_csrf_token(web_context: WebContext) -> None:
    async with browser(web_context) as client:
        await client.get("/")
        refused = await client.post(
            "/start", data={"procedure": "short_time_work", "language": "en"}
        )
        forged = await client.post(
            "/start",
            data={"csrf_token": "x" * 43, "procedure": "short_time_work", "language": "en"},
        )
        login = await client.post("/staff/login", data={"username": "alice", "password": PASSWORD})
    assert refused.status_code == forged.status_code == login.status_code == 403
    assert APPLICANT_COOKIE not in client.cookies and STAFF_COOKIE not in client.cookies


async def test_chat_turn_without_a_reload(web_context: WebContext, service: CaseService) -> None:
    async with browser(web_context) as client:
        chat = await _start(client)
        assert chat.status_code == 200 and "economic" in chat.text.lower()
        key = TURN_KEY.search(chat.text)
        assert key is not None
        fragment = await client.post(
            "/chat/messages",
            data={
                "csrf_token": csrf_of(chat),
                "text": "economic reasons",
                "turn_key": key.group(1),
                "shown": "2",
            },
            headers={"HX-Request": "true"},
        )
        assert fragment.status_code == 200
        assert "<html" not in fragment.text and 'id="chat"' in fragment.text
        assert "data-focus" in fragment.text and "economic reasons" in fragment.text
        assert re.search(r"1 of \d+ answers done", fragment.text)
        # Sent twice (a double click): applied once.
        again = await client.post(
            "/chat/messages",
            data={
                "csrf_token": csrf_of(chat),
                "text": "economic reasons",
                "turn_key": key.group(1),
            },
        )
        assert again.status_code == 303
    case_id = await web_context.accounts.session_subject(
        client.cookies[APPLICANT_COOKIE],
        SessionKind.APPLICANT,
    )
    assert case_id is not None and (await service.view(case_id)).turn == 1


async def test_continue_later_link_is_one_time(web_context: WebContext) -> None:
    async with browser(web_context) as client:
        chat = await _start(client)
        later = await client.post(
            "/chat/link", data={"csrf_token": csrf_of(chat)}, headers={"HX-Request": "true"}
        )
        match = re.search(r'value="(http://[^"]+/continue\?code=([^"]+))"', later.text)
        assert match, later.text
        code = match.group(2)
    async with browser(web_context) as other:
        resumed = await other.get(f"/continue?code={code}")
        assert resumed.status_code == 303 and resumed.headers["location"] == "/chat"
        assert "code" not in resumed.headers["location"]
        assert APPLICANT_COOKIE in other.cookies
        assert (await other.get("/chat")).status_code == 200
    async with browser(web_context) as third:
        reused = await third.get(f"/continue?code={code}")
        assert reused.status_code == 200 and APPLICANT_COOKIE not in third.cookies
        assert 'role="alert"' in reused.text
        assert (await third.get("/chat")).headers["location"] == "/"


async def _answer_until(service: CaseService, case_id: str, answers: Script, field: str) -> None:
    view = await service.view(case_id)
    while view.question is not None and view.question.field != field:
        await service.send(case_id, answers.answer(view.question.field))
        view = await service.view(case_id)


async def test_lost_link_is_sent_to_the_email_in_the_form(
    web_context: WebContext, service: CaseService, tmp_path: Path
) -> None:
    case_id, _ = await service.start("short_time_work", "de")
    await _answer_until(service, case_id, script(0), "_review")
    outbox = web_context.outbox_dir
    async with browser(web_context) as client:
        page = await client.get("/continue")
        token = csrf_of(page)
        wrong = await client.post(
            "/continue/resend",
            data={"csrf_token": token, "reference": case_id, "email": "someone@example.org"},
        )
        unknown = await client.post(
            "/continue/resend",
            data={"csrf_token": token, "reference": "nope", "email": "anna.beispiel@example.org"},
        )
        assert wrong.status_code == unknown.status_code == 200
        assert wrong.text.count('role="status"') == 1
        assert not outbox.exists() or not list(outbox.iterdir())
        right = await client.post(
            "/continue/resend",
            data={"csrf_token": token, "reference": case_id, "email": "Anna.Beispiel@example.org "},
        )
        assert right.status_code == 200
    mails = list(outbox.glob("*.eml"))
    assert len(mails) == 1 and case_id not in mails[0].name
    mail = message_from_bytes(mails[0].read_bytes())
    assert mail["To"] == "anna.beispiel@example.org" and case_id in mail["Subject"]
    body = mail.get_payload(decode=True)
    assert isinstance(body, bytes)
    link = re.search(r"/continue\?code=(\S+)", body.decode())
    assert link is not None
    async with browser(web_context) as applicant:
        assert (await applicant.get(f"/continue?code={link.group(1)}")).status_code == 303
        review = await applicant.get("/chat")
        assert "Ihre Angaben prüfen" in review.text or "Check your answers" in review.text


async def test_staff_sign_in_queue_and_sign_out(
    web_context: WebContext, service: CaseService, store: CaseStore
) -> None:
    task = await case_under_review(service, store)
    async with browser(web_context) as client:
        assert (await client.get("/staff/queue")).headers["location"] == "/staff/login"
        form = await client.get("/staff/login?lang=en")
        bad = await client.post(
            "/staff/login",
            data={"csrf_token": csrf_of(form), "username": "alice", "password": "nope"},
        )
        assert bad.status_code == 401 and "Wrong username or password" in bad.text
        good = await client.post(
            "/staff/login",
            data={"csrf_token": csrf_of(form), "username": "alice", "password": PASSWORD},
        )
        assert good.status_code == 303 and good.headers["location"] == "/staff/queue"
        cookie = good.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/staff" in cookie
        queue = await client.get("/staff/queue")
        assert queue.status_code == 200 and task.task_id in queue.text
        claimed = await client.post(
            f"/staff/tasks/{task.task_id}/claim", data={"csrf_token": csrf_of(queue)}
        )
        assert claimed.status_code == 303
        page = await client.get(f"/staff/tasks/{task.task_id}")
        assert "You hold this task." in page.text and "Minimum share" in page.text
        no_reason = await client.post(
            f"/staff/tasks/{task.task_id}/decision",
            data={"csrf_token": csrf_of(page), "outcome": "reject", "reason": ""},
        )
        # Refused in place: the choice is kept and the message is next to the reason.
        assert no_reason.status_code == 422
        assert 'value="reject" checked' in no_reason.text
        assert 'id="reason-error"' in no_reason.text and "reason_required" not in no_reason.text
        noted = await client.post(
            f"/staff/tasks/{task.task_id}/notes",
            data={"csrf_token": csrf_of(page), "text": "Called the employer."},
        )
        assert noted.status_code == 303
        assert "Called the employer." in (await client.get(f"/staff/tasks/{task.task_id}")).text
        await client.post("/staff/logout", data={"csrf_token": csrf_of(page)})
        assert (await client.get("/staff/queue")).headers["location"] == "/staff/login"
    async with browser(web_context) as other:
        form = await other.get("/staff/login")
        await other.post(
            "/staff/login",
            data={"csrf_token": csrf_of(form), "username": "mia", "password": PASSWORD},
        )
        assert (await other.get(f"/staff/tasks/{task.task_id}")).status_code == 404
        assert task.task_id not in (await other.get("/staff/queue")).text


async def _signed_in(client: httpx.AsyncClient, username: str) -> None:
    form = await client.get("/staff/login?lang=en")
    response = await client.post(
        "/staff/login",
        data={"csrf_token": csrf_of(form), "username": username, "password": PASSWORD},
    )
    assert response.status_code == 303


async def test_staff_audit_page_shows_the_history_and_its_replay(
    web_context: WebContext, service: CaseService, store: CaseStore
) -> None:
    task = await case_under_review(service, store)
    url = f"/staff/cases/{task.case_id}/audit"
    async with browser(web_context) as client:
        assert (await client.get(url)).headers["location"] == "/staff/login"
        await _signed_in(client, "alice")
        case_page = await client.get(f"/staff/tasks/{task.task_id}")
        assert url in case_page.text
        page = await client.get(url)
        assert page.status_code == 200, page.text
        assert "Replay of the history against the deployed code: OK" in page.text
        assert "Imprimerie Dupont SARL" in page.text, "the applicant's answers are in the timeline"
    async with browser(web_context) as other:
        await _signed_in(other, "mia")  # another group: the case does not exist for her
        assert (await other.get(url)).status_code == 404
