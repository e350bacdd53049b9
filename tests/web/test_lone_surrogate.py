"""A lone surrogate in any JSON text is refused with 400 and the error object (issue 23 item 5).

``"\\ud800"`` is valid JSON but not Unicode: it cannot be encoded to UTF-8,
so it failed deep in the stack (encryption, the database) with a 500, or
worse after part of the request had taken effect. It is refused before any
handler runs, for every JSON body.
"""

from __future__ import annotations

from typing import Any

import httpx

from guichet.store import CaseStore
from runtime.service import CaseService
from tests.web.conftest import case_under_review, login

LONE = '"\\ud800"'
"""The JSON text of a lone high surrogate, as bytes on the wire would spell it."""


def body_with(template: str) -> bytes:
    """A JSON body whose ``%s`` is replaced by a lone surrogate string."""
    return (template % LONE).encode()


def assert_invalid_text(response: httpx.Response) -> None:
    assert response.status_code == 400, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == "invalid_text" and error["message"]


async def post(api: httpx.AsyncClient, url: str, body: bytes, **headers: str) -> httpx.Response:
    return await api.post(
        url, content=body, headers={"Content-Type": "application/json", **headers}
    )


async def test_lone_surrogates_answer_400_everywhere(
    api: httpx.AsyncClient, service: CaseService, store: CaseStore
) -> None:
    started = await api.post("/api/cases", json={"procedure": "short_time_work", "language": "en"})
    case = started.json()
    applicant = {"Authorization": f"Bearer {case['access_token']}"}
    messages = f"/api/cases/{case['case_id']}/messages"
    before = (await api.get(f"/api/cases/{case['case_id']}", headers=applicant)).json()
    assert_invalid_text(await post(api, messages, body_with('{"text": %s}'), **applicant))
    # Inside a longer text, and as an object key.
    assert_invalid_text(await post(api, messages, b'{"text": "abc \\udc00 def"}', **applicant))
    assert_invalid_text(await post(api, messages, body_with('{%s: "x"}'), **applicant))
    appeal = f"/api/cases/{case['case_id']}/appeal"
    assert_invalid_text(await post(api, appeal, body_with('{"text": %s}'), **applicant))
    assert_invalid_text(
        await post(api, "/api/auth/token", body_with('{"username": %s, "password": "x"}'))
    )
    assert_invalid_text(
        await post(api, "/api/cases", body_with('{"procedure": "short_time_work", "language": %s}'))
    )

    task = await case_under_review(service, store)
    alice = await login(api, "alice")
    url = f"/api/tasks/{task.task_id}"
    assert (await api.post(f"{url}/claim", headers=alice)).status_code == 200
    reason = body_with('{"outcome": "reject", "reason": %s}')
    assert_invalid_text(await post(api, f"{url}/decision", reason, **alice))
    question = body_with('{"outcome": "request_info", "question": %s}')
    assert_invalid_text(await post(api, f"{url}/decision", question, **alice))

    # A surrogate pair (an emoji escaped the way json.dumps writes it) is valid text.
    emoji = b'{"outcome": "reject", "reason": "Trop peu \\ud83d\\ude00"}'
    decided = await post(api, f"{url}/decision", emoji, **alice)
    assert decided.status_code == 200, decided.text
    # Nothing above reached the applicant's case: it is as it was when started.
    after = (await api.get(f"/api/cases/{case['case_id']}", headers=applicant)).json()
    assert after == before and after["status"] == "intake"
