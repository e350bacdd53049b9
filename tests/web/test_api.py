"""The HTTP API of API.md: every endpoint, and every error case it lists."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from temporalio.client import Client

from guichet.accounts import AccountService
from guichet.store import CaseStore
from runtime.service import CaseService
from runtime.temporal import build_worker
from schemas.case import CaseStatus
from schemas.turn import MAX_MESSAGE_LENGTH
from tests.helpers import SlowActivities
from tests.web.conftest import PASSWORD, case_under_review, login, script
from web.app import create_app
from web.context import WebContext


def error_code(response: httpx.Response) -> str:
    body: dict[str, Any] = response.json()
    assert set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"]
    return str(body["error"]["code"])


async def start(api: httpx.AsyncClient, language: str = "en") -> dict[str, Any]:
    response = await api.post(
        "/api/cases", json={"procedure": "short_time_work", "language": language}
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# -- procedures and cases --------------------------------------------------------


async def test_procedures(api: httpx.AsyncClient) -> None:
    response = await api.get("/api/procedures")
    assert response.status_code == 200
    stw = next(p for p in response.json() if p["id"] == "short_time_work")
    assert stw["languages"] == ["de", "en", "fr"] and stw["title"]
    assert (await api.get("/openapi.json")).status_code == 200


async def test_start_case(api: httpx.AsyncClient, accounts: AccountService) -> None:
    body = await start(api)
    assert set(body) >= {"case_id", "access_token", "status", "reply", "question"}
    assert body["status"] == "intake"
    assert body["question"]["field"] == "cause" and body["question"]["text"]
    assert body["case_id"] not in body["access_token"]
    assert len(body["access_token"]) >= 40
    # Only a hash is stored, yet the token opens exactly its case.
    assert await accounts.case_of_token(body["access_token"]) == body["case_id"]


async def test_start_case_bad_input(api: httpx.AsyncClient) -> None:
    bad_json = await api.post(
        "/api/cases", content=b'{"procedure": ', headers={"Content-Type": "application/json"}
    )
    assert bad_json.status_code == 400 and error_code(bad_json) == "bad_json"
    unknown = await api.post("/api/cases", json={"procedure": "fishing_licence", "language": "en"})
    assert unknown.status_code == 422 and error_code(unknown) == "unknown_procedure"
    missing = await api.post("/api/cases", json={"language": "en"})
    assert missing.status_code == 422 and error_code(missing) == "invalid"
    assert "procedure" in missing.json()["error"]["message"]
    language = await api.post("/api/cases", json={"procedure": "short_time_work", "language": "it"})
    assert language.status_code == 422 and error_code(language) == "unsupported_language"


async def test_messages_and_case_view(api: httpx.AsyncClient) -> None:
    case = await start(api)
    url = f"/api/cases/{case['case_id']}"
    answer = await api.post(
        f"{url}/messages", json={"text": "economic reasons"}, headers=bearer(case["access_token"])
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["status"] == "intake" and body["form"]["cause"] == "economic"
    assert body["reply"] and body["question"]["field"] == "cause_description"

    not_understood = await api.post(
        f"{url}/messages", json={"text": ""}, headers=bearer(case["access_token"])
    )
    assert not_understood.status_code == 200
    assert not_understood.json()["question"]["field"] == "cause_description"

    view = await api.get(url, headers=bearer(case["access_token"]))
    assert view.status_code == 200
    shown = view.json()
    assert shown["case_id"] == case["case_id"] and shown["procedure"] == "short_time_work"
    assert shown["status"] == "intake" and shown["form"] == {"cause": "economic"}
    assert "cause_description" in shown["missing"] and shown["decision"] is None
    assert isinstance(shown["deadlines"], list)
    assert [e["kind"] for e in shown["timeline"]][:1] == ["created"]

    no_letter = await api.get(f"{url}/letter", headers=bearer(case["access_token"]))
    assert no_letter.status_code == 404 and error_code(no_letter) == "no_letter"


async def test_message_credentials_and_other_cases(api: httpx.AsyncClient) -> None:
    mine, theirs = await start(api), await start(api)
    url = f"/api/cases/{theirs['case_id']}"
    missing = await api.post(f"{url}/messages", json={"text": "flood"})
    assert missing.status_code == 401 and error_code(missing) == "unauthorized"
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = await api.post(f"{url}/messages", json={"text": "flood"}, headers=bearer("nope"))
    assert wrong.status_code == 401
    # A valid token of another case: 404, as if the case did not exist.
    elsewhere = await api.post(
        f"{url}/messages", json={"text": "flood"}, headers=bearer(mine["access_token"])
    )
    assert elsewhere.status_code == 404 and error_code(elsewhere) == "unknown_case"
    assert (await api.get(url, headers=bearer(mine["access_token"]))).status_code == 404
    assert (await api.get(f"{url}/letter", headers=bearer(mine["access_token"]))).status_code == 404
    unknown = await api.get("/api/cases/short_time_work-0000", headers=bearer(mine["access_token"]))
    assert unknown.status_code == 404
    # Nothing reached their case.
    view = await api.get(url, headers=bearer(theirs["access_token"]))
    assert view.json()["form"] == {}


async def test_bad_messages_change_nothing(api: httpx.AsyncClient, service: CaseService) -> None:
    case = await start(api)
    url = f"/api/cases/{case['case_id']}/messages"
    headers = bearer(case["access_token"])
    too_long = await api.post(url, json={"text": "x" * (MAX_MESSAGE_LENGTH + 1)}, headers=headers)
    assert too_long.status_code == 413 and error_code(too_long) == "too_long"
    bad_json = await api.post(
        url, content=b"{text: flood}", headers={**headers, "Content-Type": "application/json"}
    )
    assert bad_json.status_code == 400 and error_code(bad_json) == "bad_json"
    wrong_type = await api.post(url, json={"text": 42}, headers=headers)
    assert wrong_type.status_code == 422 and "text" in wrong_type.json()["error"]["message"]
    huge = await api.post(url, content=b"x" * 70_000, headers=headers)
    assert huge.status_code == 413 and error_code(huge) == "too_large"
    bad_key = await api.post(
        url, json={"text": "flood"}, headers={**headers, "Idempotency-Key": "a b c"}
    )
    assert bad_key.status_code == 400
    view = await service.view(case["case_id"])
    assert view.turn == 0 and view.form == {}


async def test_idempotency_key(api: httpx.AsyncClient, service: CaseService) -> None:
    case = await start(api)
    url = f"/api/cases/{case['case_id']}/messages"
    headers = {**bearer(case["access_token"]), "Idempotency-Key": "turn-1"}
    first = await api.post(url, json={"text": "economic reasons"}, headers=headers)
    again = await api.post(url, json={"text": "economic reasons"}, headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert (await service.view(case["case_id"])).turn == 1


@pytest.fixture
def slow_understanding() -> SlowActivities:
    """Makes the understanding activity take a while, to overlap two messages."""
    return SlowActivities({"*.understand"}, 1.0)


@pytest.fixture
async def slow_api(
    client: Client,
    store: CaseStore,
    accounts: AccountService,
    tmp_path: Any,
    slow_understanding: SlowActivities,
) -> AsyncIterator[httpx.AsyncClient]:
    queue = f"tq-slow-{uuid.uuid4().hex[:8]}"
    async with build_worker(client, queue, store, interceptors=[slow_understanding]):
        context = WebContext(
            cases=CaseService(client, queue), store=store, accounts=accounts, outbox_dir=tmp_path
        )
        transport = httpx.ASGITransport(app=create_app(context))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as api:
            yield api


async def test_message_during_a_turn_gets_409(
    slow_api: httpx.AsyncClient, slow_understanding: SlowActivities
) -> None:
    case = await start(slow_api)
    url = f"/api/cases/{case['case_id']}/messages"
    headers = bearer(case["access_token"])
    slow_understanding.started.clear()  # only this message's turn counts
    first = asyncio.create_task(slow_api.post(url, json={"text": "economic"}, headers=headers))
    await slow_understanding.started.wait()  # the first turn is being understood
    busy = await slow_api.post(url, json={"text": "flood"}, headers=headers)
    assert busy.status_code == 409 and error_code(busy) == "turn_in_progress"
    assert (await first).json()["form"]["cause"] == "economic"


# -- caseworkers -------------------------------------------------------------------


async def test_token(api: httpx.AsyncClient, accounts: AccountService) -> None:
    good = await api.post("/api/auth/token", json={"username": "alice", "password": PASSWORD})
    assert good.status_code == 200 and good.json()["expires_at"]
    for body in (
        {"username": "alice", "password": "wrong"},
        {"username": "nobody", "password": "x"},
    ):
        bad = await api.post("/api/auth/token", json=body)
        assert bad.status_code == 401 and error_code(bad) == "bad_credentials"
    tasks = await api.get("/api/tasks")
    assert tasks.status_code == 401
    assert (await api.get("/api/tasks", headers=bearer("forged"))).status_code == 401
    # A deactivated account loses its tokens and cannot sign in again.
    await accounts.ensure_user("leaver", PASSWORD, ["short_time_work"])
    headers = await login(api, "leaver")
    assert (await api.get("/api/tasks", headers=headers)).status_code == 200
    await accounts.deactivate("leaver")
    assert (await api.get("/api/tasks", headers=headers)).status_code == 401
    again = await api.post("/api/auth/token", json={"username": "leaver", "password": PASSWORD})
    assert again.status_code == 401


async def test_review_journey(
    api: httpx.AsyncClient, service: CaseService, store: CaseStore
) -> None:
    task = await case_under_review(service, store)
    alice, bob, mia, sup, aud = [
        await login(api, name) for name in ("alice", "bob", "mia", "sup", "aud")
    ]
    url = f"/api/tasks/{task.task_id}"

    listed = (await api.get("/api/tasks?status=open", headers=alice)).json()
    row = next(t for t in listed if t["task_id"] == task.task_id)
    assert row["case_id"] == task.case_id and row["kind"] == "review"
    assert row["group"] == "short_time_work" and row["claimed_by"] is None
    assert set(row) >= {"procedure", "priority", "due_at", "created_at", "summary"}
    assert all(t["group"] == "short_time_work" for t in listed)
    assert not [
        t for t in (await api.get("/api/tasks", headers=mia)).json() if t["task_id"] == task.task_id
    ]
    assert (await api.get("/api/tasks?group=minimum_income", headers=alice)).json() == []
    assert any(
        t["task_id"] == task.task_id for t in (await api.get("/api/tasks", headers=sup)).json()
    )
    bad_filter = await api.get("/api/tasks?status=lost", headers=alice)
    assert bad_filter.status_code == 422

    # Someone else's group: as unknown as a task that does not exist.
    assert (await api.post(f"{url}/claim", headers=mia)).status_code == 404
    assert (await api.post("/api/tasks/nope:1/claim", headers=alice)).status_code == 404
    assert (await api.post(f"{url}/claim", headers=aud)).status_code == 403

    claimed = await api.post(f"{url}/claim", headers=alice)
    assert claimed.status_code == 200 and claimed.json()["claimed_by"] == "alice"
    taken = await api.post(f"{url}/claim", headers=bob)
    assert taken.status_code == 409 and error_code(taken) == "already_claimed"
    assert "alice" in taken.json()["error"]["message"]

    not_holder = await api.post(
        f"{url}/decision", json={"outcome": "reject", "reason": "no"}, headers=bob
    )
    assert not_holder.status_code == 409 and error_code(not_holder) == "not_holder"
    no_reason = await api.post(f"{url}/decision", json={"outcome": "reject"}, headers=alice)
    assert no_reason.status_code == 422 and error_code(no_reason) == "reason_required"
    blank = await api.post(
        f"{url}/decision", json={"outcome": "reject", "reason": "  "}, headers=alice
    )
    assert blank.status_code == 422
    no_question = await api.post(f"{url}/decision", json={"outcome": "request_info"}, headers=alice)
    assert no_question.status_code == 422 and error_code(no_question) == "question_required"
    wrong_kind = await api.post(
        f"{url}/decision", json={"outcome": "uphold", "reason": "x"}, headers=alice
    )
    assert wrong_kind.status_code == 422 and error_code(wrong_kind) == "invalid_outcome"
    bad_json = await api.post(
        f"{url}/decision", content=b"{", headers={**alice, "Content-Type": "application/json"}
    )
    assert bad_json.status_code == 400

    # Reassignment: supervisors only, to a caseworker of the task's group.
    assert (await api.post(f"{url}/reassign", json={"to": "bob"}, headers=alice)).status_code == 403
    to_stranger = await api.post(f"{url}/reassign", json={"to": "mia"}, headers=sup)
    assert to_stranger.status_code == 422 and error_code(to_stranger) == "unknown_user"
    moved = await api.post(f"{url}/reassign", json={"to": "bob"}, headers=sup)
    assert moved.status_code == 200 and moved.json()["claimed_by"] == "bob"
    assert (await api.post(f"{url}/release", headers=alice)).status_code == 409
    released = await api.post(f"{url}/release", headers=bob)
    assert released.status_code == 200 and released.json()["claimed_by"] is None

    assert (await api.post(f"{url}/claim", headers=bob)).status_code == 200
    decided = await api.post(
        f"{url}/decision",
        json={"outcome": "reject", "reason": "Trop peu de salariés."},
        headers=bob,
    )
    assert decided.status_code == 200 and decided.json()["status"] == "done"
    late = await api.post(f"{url}/decision", json={"outcome": "approve"}, headers=bob)
    assert late.status_code == 409 and error_code(late) == "task_closed"

    view = await service.wait_for_status(task.case_id, CaseStatus.DECIDED)
    assert view.decision is not None
    # The caseworker of the group reads the case and its letter with an API token.
    case = (await api.get(f"/api/cases/{task.case_id}", headers=bob)).json()
    assert case["decision"]["outcome"] == "rejected" and case["decision"]["decided_by"] == "bob"
    assert case["decision"]["letter_url"] == f"/api/cases/{task.case_id}/letter"
    letter = await api.get(case["decision"]["letter_url"], headers=bob)
    assert letter.status_code == 200 and "Trop peu de salariés." in letter.text
    assert letter.headers["content-type"].startswith("text/html")
    assert (await api.get(f"/api/cases/{task.case_id}", headers=mia)).status_code == 404
    kinds = [e["kind"] for e in case["timeline"]]
    assert "reassigned" in kinds and kinds.count("claimed") == 2


async def test_two_claims_at_once(
    api: httpx.AsyncClient, service: CaseService, store: CaseStore
) -> None:
    task = await case_under_review(service, store)
    alice, bob = await login(api, "alice"), await login(api, "bob")
    url = f"/api/tasks/{task.task_id}/claim"
    first, second = await asyncio.gather(api.post(url, headers=alice), api.post(url, headers=bob))
    statuses = sorted([first.status_code, second.status_code])
    assert statuses == [200, 409]
    winner = first if first.status_code == 200 else second
    loser = second if winner is first else first
    assert winner.json()["claimed_by"] in loser.json()["error"]["message"]


async def test_request_info_then_answer_then_approve(
    api: httpx.AsyncClient, service: CaseService, store: CaseStore
) -> None:
    task = await case_under_review(service, store)
    alice = await login(api, "alice")
    url = f"/api/tasks/{task.task_id}"
    assert (await api.post(f"{url}/claim", headers=alice)).status_code == 200
    asked = await api.post(
        f"{url}/decision",
        json={"outcome": "request_info", "question": "Combien de salariés sont concernés ?"},
        headers=alice,
    )
    assert asked.status_code == 200
    view = await service.wait_for(
        task.case_id, lambda v: v.question is not None and v.question.field == "_caseworker"
    )
    assert view.status is CaseStatus.AWAITING_APPLICANT
    assert "Combien de salariés" in view.question.text  # type: ignore[union-attr]
    assert script(2).language == "fr"


# -- audit --------------------------------------------------------------------


async def test_audit_timeline_and_replay(api: httpx.AsyncClient) -> None:
    mine, theirs = await start(api), await start(api)
    url = f"/api/cases/{mine['case_id']}"
    token = bearer(mine["access_token"])
    answer = await api.post(f"{url}/messages", json={"text": "economic reasons"}, headers=token)
    assert answer.status_code == 200
    audit = await api.get(f"{url}/audit", headers=token)
    assert audit.status_code == 200, audit.text
    body = audit.json()
    assert body["case_id"] == mine["case_id"]
    assert body["replay"]["ok"] is True and body["replay"]["events"] > 0
    assert "economic reasons" in str(body["timeline"]), "the answer is in the timeline"
    # Someone else's case: 404, like an unknown one; no credentials: 401.
    other = await api.get(f"/api/cases/{theirs['case_id']}/audit", headers=token)
    assert other.status_code == 404 and error_code(other) == "unknown_case"
    assert (await api.get(f"{url}/audit")).status_code == 401
