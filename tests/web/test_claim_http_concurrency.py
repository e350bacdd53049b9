"""Many caseworkers claim the same tasks at once through the HTTP API.

The case workflow is the lock: each task must be claimed exactly once, every
other claimer gets 409 ``already_claimed``, and the queue rows (the read
model) agree with the workflows afterwards.
"""

from __future__ import annotations

import asyncio

import httpx

from guichet.accounts import AccountService
from guichet.store import CaseStore
from runtime.service import CaseService, case_id_of_task
from schemas.account import Role
from tests.web.conftest import PASSWORD, case_under_review, login

CLAIMERS = [f"claimer{n}" for n in range(8)]


async def test_each_task_is_claimed_exactly_once(
    api: httpx.AsyncClient, service: CaseService, store: CaseStore, accounts: AccountService
) -> None:
    for name in CLAIMERS:
        await accounts.ensure_user(name, PASSWORD, ("short_time_work",), Role.CASEWORKER)
    tasks = [await case_under_review(service, store) for _ in range(3)]
    headers = {name: await login(api, name) for name in CLAIMERS}

    async def claim(task_id: str, name: str) -> tuple[str, str, httpx.Response]:
        response = await api.post(f"/api/tasks/{task_id}/claim", headers=headers[name])
        return task_id, name, response

    results = await asyncio.gather(
        *(claim(task.task_id, name) for task in tasks for name in CLAIMERS)
    )
    for task in tasks:
        responses = [(name, r) for task_id, name, r in results if task_id == task.task_id]
        winners = [name for name, r in responses if r.status_code == 200]
        losers = [r for _, r in responses if r.status_code != 200]
        assert len(winners) == 1, [r.status_code for _, r in responses]
        assert all(r.status_code == 409 for r in losers)
        assert all(r.json()["error"]["code"] == "already_claimed" for r in losers)
        row = await store.get_task(task.task_id)
        view = await service.view(case_id_of_task(task.task_id))
        assert row is not None and row.claimed_by == winners[0]
        assert view.task is not None and view.task.claimed_by == winners[0]
