"""Staff never read "not projected yet" as "no such case" (issue 23 item 10).

The staff routes read the case and task rows first, and answered 404 when a
row was missing, although the rows follow the workflow by a moment. They now
ask the workflow: it has the case or task (and the caller may see it) → 503
``being_updated`` with ``Retry-After``; 404 only for what does not exist (or
what the caller may not see). The projections are held back here by a worker
interceptor until the test lets them go.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from temporalio import activity
from temporalio.client import Client
from temporalio.worker import ActivityInboundInterceptor, ExecuteActivityInput, Interceptor

from guichet.store import CaseStore
from runtime.service import CaseService
from runtime.temporal import build_worker
from schemas.projection import ProjectionBatch
from tests.helpers import eventually
from tests.web.conftest import login, script
from tests.web.test_pages import _signed_in
from tools.demo import converse
from web.app import create_app
from web.context import WebContext


class HeldProjections(Interceptor):
    """Holds the read-model writes that match, until :meth:`let_go`."""

    def __init__(self) -> None:
        self.released = asyncio.Event()
        self.released.set()
        self.tasks_only = False

    def hold(self, *, tasks_only: bool) -> None:
        self.tasks_only = tasks_only
        self.released.clear()

    def let_go(self) -> None:
        self.released.set()

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        outer = self

        class Held(ActivityInboundInterceptor):
            async def execute_activity(self, input: ExecuteActivityInput) -> Any:
                if activity.info().activity_type == "store.apply_projection":
                    batch = input.args[0]
                    assert isinstance(batch, ProjectionBatch)
                    if batch.tasks or not outer.tasks_only:
                        await outer.released.wait()
                return await super().execute_activity(input)

        return Held(next)


@pytest.fixture
async def held(
    client: Client, store: CaseStore, web_context: WebContext
) -> AsyncIterator[tuple[HeldProjections, httpx.AsyncClient]]:
    queue = f"tq-held-{uuid.uuid4().hex[:8]}"
    gate = HeldProjections()
    async with build_worker(client, queue, store, interceptors=[gate]):
        web_context.cases = CaseService(client, queue)
        transport = httpx.ASGITransport(app=create_app(web_context))
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as api:
                yield gate, api
        finally:
            gate.let_go()  # the worker then shuts down without waiting on a held write


async def test_a_task_not_projected_yet_is_503_and_an_unknown_one_404(
    held: tuple[HeldProjections, httpx.AsyncClient], web_context: WebContext, store: CaseStore
) -> None:
    gate, api = held
    service = web_context.cases
    gate.hold(tasks_only=True)
    case_id, _ = await converse(service, script(2))  # French refusal: a review task
    view = await service.wait_for(case_id, lambda v: v.task is not None, timeout=30)
    assert view.task is not None
    task_id = view.task.task_id
    assert await store.get_task(task_id) is None, "the task's row is held back"

    alice, mia = await login(api, "alice"), await login(api, "mia")
    claimed = await api.post(f"/api/tasks/{task_id}/claim", headers=alice)
    assert claimed.status_code == 503, claimed.text
    assert claimed.json()["error"]["code"] == "being_updated"
    assert claimed.headers["retry-after"] == "1"
    # Nothing was done: the workflow's task is still unclaimed.
    assert (await service.view(case_id)).task.claimed_by is None  # type: ignore[union-attr]
    decided = await api.post(
        f"/api/tasks/{task_id}/decision", headers=alice, json={"outcome": "approve"}
    )
    assert decided.status_code == 503

    # Not the caller's group: no different from a task that does not exist.
    other_group = await api.post(f"/api/tasks/{task_id}/claim", headers=mia)
    assert other_group.status_code == 404 and other_group.json()["error"]["code"] == "unknown_task"
    for unknown in (
        f"{case_id}:999",
        "short_time_work-0123456789abcdef:3",
        "building_permit-0123456789abcdef-consult-abf:1",
    ):
        missing = await api.post(f"/api/tasks/{unknown}/claim", headers=alice)
        assert missing.status_code == 404, (unknown, missing.text)
        assert missing.json()["error"]["code"] == "unknown_task"

    # The task page says the case is being updated, and to reload.
    transport = httpx.ASGITransport(app=create_app(web_context))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as page:
        await _signed_in(page, "alice")
        shown = await page.get(f"/staff/tasks/{task_id}")
        assert shown.status_code == 503 and shown.headers["retry-after"] == "1"
        assert 'id="being-updated"' in shown.text and "Reload the page in a moment" in shown.text
        assert (await page.get(f"/staff/tasks/{case_id}:999")).status_code == 404

        gate.let_go()
        await eventually(lambda: store.get_task(task_id))
        assert (await page.get(f"/staff/tasks/{task_id}")).status_code == 200
    claimed = await api.post(f"/api/tasks/{task_id}/claim", headers=alice)
    assert claimed.status_code == 200, claimed.text


async def test_a_case_not_projected_yet_is_503_and_an_unknown_one_404(
    held: tuple[HeldProjections, httpx.AsyncClient], web_context: WebContext, store: CaseStore
) -> None:
    gate, api = held
    gate.hold(tasks_only=False)
    case_id, _ = await web_context.cases.start("short_time_work", "en")
    assert await store.get_case(case_id) is None, "the case's row is held back"

    alice, mia = await login(api, "alice"), await login(api, "mia")
    read = await api.get(f"/api/cases/{case_id}", headers=alice)
    assert read.status_code == 503 and read.json()["error"]["code"] == "being_updated"
    assert read.headers["retry-after"] == "1"
    assert (await api.get(f"/api/cases/{case_id}", headers=mia)).status_code == 404
    for unknown in ("short_time_work-0123456789abcdef", "nothing-at-all"):
        missing = await api.get(f"/api/cases/{unknown}", headers=alice)
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "unknown_case"

    gate.let_go()
    await eventually(lambda: store.get_case(case_id))
    assert (await api.get(f"/api/cases/{case_id}", headers=alice)).status_code == 200
