"""Withdraw and appeal over the API and from the status page."""

from __future__ import annotations

import httpx

from guichet.accounts import AccountService
from guichet.store import CaseStore
from runtime.service import CaseService
from schemas.case import CaseStatus
from schemas.task import DecideInput
from tests.web.conftest import case_under_review, queued_task
from tests.web.test_api import bearer
from tests.web.test_pages import _start, browser, csrf_of
from web.context import WebContext


async def test_withdraw_over_the_api(
    api: httpx.AsyncClient, service: CaseService, store: CaseStore, accounts: AccountService
) -> None:
    task = await case_under_review(service, store)
    token = await accounts.grant_case_access(task.case_id)
    url = f"/api/cases/{task.case_id}"
    assert (await api.post(f"{url}/withdraw")).status_code == 401
    done = await api.post(f"{url}/withdraw", headers=bearer(token))
    assert done.status_code == 200, done.text
    assert done.json() == {
        "case_id": task.case_id,
        "status": "closed",
        "outcome": "withdrawn",
        "task_id": None,
    }
    again = await api.post(f"{url}/withdraw", headers=bearer(token))
    assert again.status_code == 409 and again.json()["error"]["code"] == "wrong_state"
    view = (await api.get(url, headers=bearer(token))).json()
    assert view["status"] == "closed" and view["decision"]["outcome"] == "withdrawn"
    appeal = await api.post(f"{url}/appeal", json={"text": "no"}, headers=bearer(token))
    assert appeal.status_code == 409


async def test_appeal_over_the_api(
    api: httpx.AsyncClient, service: CaseService, store: CaseStore, accounts: AccountService
) -> None:
    task = await case_under_review(service, store)
    token = await accounts.grant_case_access(task.case_id)
    url = f"/api/cases/{task.case_id}"
    early = await api.post(f"{url}/appeal", json={"text": "too early"}, headers=bearer(token))
    assert early.status_code == 409
    await service.claim(task.task_id, "alice")
    await service.decide(
        DecideInput(task_id=task.task_id, user="alice", outcome="reject", reason="too few hours")
    )
    await service.wait_for_status(task.case_id, CaseStatus.DECIDED)
    blank = await api.post(f"{url}/appeal", json={"text": "  "}, headers=bearer(token))
    assert blank.status_code == 422
    withdraw = await api.post(f"{url}/withdraw", headers=bearer(token))
    assert withdraw.status_code == 409
    appeal = await api.post(f"{url}/appeal", json={"text": "see payroll"}, headers=bearer(token))
    assert appeal.status_code == 200, appeal.text
    body = appeal.json()
    assert body["status"] == "under_review" and body["outcome"] == "rejected"
    queued = await queued_task(store, task.case_id)
    assert (queued.task_id, queued.kind) == (body["task_id"], "appeal")
    again = await api.post(f"{url}/appeal", json={"text": "again"}, headers=bearer(token))
    assert again.status_code == 409


async def test_withdraw_button_on_the_status_page(
    web_context: WebContext, service: CaseService
) -> None:
    async with browser(web_context) as client:
        await _start(client)
        status = await client.get("/status")
        assert 'id="withdraw"' in status.text
        done = await client.post("/status/withdraw", data={"csrf_token": csrf_of(status)})
        assert done.status_code == 303 and done.headers["location"] == "/status"
        page = await client.get("/status")
    assert 'id="withdraw"' not in page.text
    assert 'id="decision-outcome"' in page.text and "Withdrawn" in page.text
