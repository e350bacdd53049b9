"""Editing any answer on the review screen, free text included.

The edit goes through the workflow's message Update naming the field, so the
new value is read and checked like any answer and its provenance records the
turn; the API takes the same optional ``field``.
"""

from __future__ import annotations

import httpx

from runtime.service import CaseService
from tests.web.conftest import script
from tests.web.test_pages import TURN_KEY, browser, csrf_of
from web.context import WebContext

NEW_DESCRIPTION = "The roof leaks, so the workshop is closed while the landlord repairs it."


async def _to_review(service: CaseService, case_id: str, lang_script: int = 1) -> None:
    answers = script(lang_script)
    view = await service.view(case_id)
    while view.question is not None and view.question.field != "_review":
        await service.send(case_id, answers.answer(view.question.field))
        view = await service.view(case_id)
    assert view.question is not None and view.question.field == "_review"


async def test_api_edits_a_free_text_answer_by_naming_the_field(
    api: httpx.AsyncClient, service: CaseService
) -> None:
    started = await api.post("/api/cases", json={"procedure": "short_time_work", "language": "en"})
    case_id, token = started.json()["case_id"], started.json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    await _to_review(service, case_id)
    before = await service.view(case_id)

    edited = await api.post(
        f"/api/cases/{case_id}/messages",
        headers=auth,
        json={"text": NEW_DESCRIPTION, "field": "cause_description"},
    )
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert body["form"]["cause_description"] == NEW_DESCRIPTION
    assert body["question"]["field"] == "_review", "the review is shown again"
    assert "changed" in body["reply"]
    view = await service.view(case_id)
    origin = view.provenance["cause_description"]
    assert origin.source_text == NEW_DESCRIPTION and origin.turn == view.turn > before.turn
    # Nothing else changed.
    assert {k: v for k, v in view.form.items() if k != "cause_description"} == {
        k: v for k, v in before.form.items() if k != "cause_description"
    }

    # A value the field's parser cannot read changes nothing and says why.
    bad = await api.post(
        f"/api/cases/{case_id}/messages",
        headers=auth,
        json={"text": "lots of people", "field": "headcount"},
    )
    assert bad.status_code == 200 and not bad.json()["understood"]
    assert bad.json()["form"]["headcount"] == before.form["headcount"]
    assert bad.json()["reply"], "the reply says why"
    # A number in words is read like any answer.
    words = await api.post(
        f"/api/cases/{case_id}/messages",
        headers=auth,
        json={"text": "fifteen", "field": "headcount"},
    )
    assert words.json()["form"]["headcount"] == 15
    unknown = await api.post(
        f"/api/cases/{case_id}/messages",
        headers=auth,
        json={"text": "x", "field": "no_such_field"},
    )
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "unknown_field"


async def test_review_page_offers_an_edit_for_every_answer(
    web_context: WebContext, service: CaseService
) -> None:
    async with browser(web_context) as client:
        page = await client.get("/?lang=en")
        await client.post(
            "/start",
            data={"csrf_token": csrf_of(page), "procedure": "short_time_work", "language": "en"},
        )
        chat = await client.get("/chat")
        case_id = chat.text.split("<code>", 1)[1].split("</code>", 1)[0]
        await _to_review(service, case_id)
        review = await client.get("/chat")
        view = await service.view(case_id)
        for name in view.form:
            assert f'id="edit-{name}"' in review.text, name
            assert f'for="edit-{name}"' in review.text, name
        turn_key = TURN_KEY.search(review.text).group(1)  # type: ignore[union-attr]
        edited = await client.post(
            "/chat/edit",
            data={
                "csrf_token": csrf_of(review),
                "turn_key": turn_key,
                "field": "cause_description",
                "value": NEW_DESCRIPTION,
                "shown": "40",
            },
            headers={"HX-Request": "true"},
        )
        assert edited.status_code == 200
        assert NEW_DESCRIPTION in edited.text and 'id="review-heading"' in edited.text
        assert "<html" not in edited.text, "htmx gets the conversation block only"
        assert (await service.view(case_id)).form["cause_description"] == NEW_DESCRIPTION
        # An answer the case does not have cannot be edited.
        stale = await client.post(
            "/chat/edit",
            data={
                "csrf_token": csrf_of(review),
                "turn_key": "f" * 32,
                "field": "event_type",
                "value": "flood",
            },
        )
        assert stale.status_code == 303
        assert "event_type" not in (await service.view(case_id)).form
