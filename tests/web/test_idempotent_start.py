"""A start carries a client request id: a retried start never leaves an orphan (issue 23 item 3).

A start that failed or timed out after the workflow had started left a case
nobody had a token for (20 in two database outages). With ``request_id`` the
retry returns the same case with a fresh token, and the first token (perhaps
lost, perhaps not) no longer opens it.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
from temporalio.client import Client

from guichet.accounts import AccountService
from guichet.store import CaseStore
from runtime.service import CaseService
from runtime.temporal import build_worker
from tests.helpers import eventually
from web.app import create_app
from web.context import WebContext


def body(request_id: str) -> dict[str, str]:
    return {"procedure": "short_time_work", "language": "en", "request_id": request_id}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_retried_start_returns_the_same_case_with_a_new_token(
    api: httpx.AsyncClient,
) -> None:
    request_id = str(uuid.uuid4())
    first = await api.post("/api/cases", json=body(request_id))
    again = await api.post("/api/cases", json=body(request_id))
    assert first.status_code == again.status_code == 201, again.text
    case_id = first.json()["case_id"]
    assert again.json()["case_id"] == case_id
    assert again.json()["question"] == first.json()["question"]
    old, new = first.json()["access_token"], again.json()["access_token"]
    assert old != new
    assert (await api.get(f"/api/cases/{case_id}", headers=bearer(old))).status_code in (401, 404)
    assert (await api.get(f"/api/cases/{case_id}", headers=bearer(new))).status_code == 200

    # Another request id is another case; a short or odd one is refused.
    other = await api.post("/api/cases", json=body(str(uuid.uuid4())))
    assert other.json()["case_id"] != case_id
    assert (await api.post("/api/cases", json=body("short"))).status_code == 422

    # Once the case has moved on, its request id opens nothing any more.
    answered = await api.post(
        f"/api/cases/{case_id}/messages", json={"text": "economic"}, headers=bearer(new)
    )
    assert answered.status_code == 200
    late = await api.post("/api/cases", json=body(request_id))
    assert late.status_code == 409 and late.json()["error"]["code"] == "request_already_used"
    assert (await api.get(f"/api/cases/{case_id}", headers=bearer(new))).status_code == 200


async def test_a_start_that_timed_out_is_retried_into_the_same_case(
    client: Client, store: CaseStore, accounts: AccountService, tmp_path: Path
) -> None:
    queue = f"tq-start-{uuid.uuid4().hex[:8]}"
    service = CaseService(client, queue, wait_seconds=2.0)
    context = WebContext(cases=service, store=store, accounts=accounts, outbox_dir=tmp_path)
    transport = httpx.ASGITransport(app=create_app(context))
    request_id = str(uuid.uuid4())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as api:
        # No worker yet: the workflow starts, its greeting never comes.
        lost = await api.post("/api/cases", json=body(request_id))
        assert lost.status_code == 503, lost.text
        async with build_worker(client, queue, store):
            retried = await api.post("/api/cases", json=body(request_id))
            assert retried.status_code == 201, retried.text
    case_id = retried.json()["case_id"]

    async def started() -> list[str] | None:
        query = f"TaskQueue = '{queue}'"
        return [execution.id async for execution in client.list_workflows(query)] or None

    # Visibility follows the start a moment later.
    assert await eventually(started) == [case_id], "one case, no orphan"
