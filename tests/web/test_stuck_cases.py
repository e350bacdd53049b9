"""Stuck cases are seen by supervisors; errors that cannot succeed go to a caseworker.

(Issue 23 item 9.) A case whose activity kept failing (a rules error, a database down) retried
silently for ever. Supervisors now list such cases from Temporal (attempts,
since when, the type of the last error, never its message), and rules that
raise (pure functions: the same form fails the same way every time) are not
retried but put the case in a caseworker's review queue.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from temporalio import activity
from temporalio.client import Client
from temporalio.worker import ActivityInboundInterceptor, ExecuteActivityInput, Interceptor

import activities.eligibility
from guichet.store import CaseStore
from procedures import get_procedure
from runtime.service import CaseService
from runtime.temporal import build_worker
from schemas.case import CaseStatus
from tests.helpers import eventually
from tests.procedure_cases import rsa_script
from tests.web.conftest import login
from tools.demo import converse, demo_scripts
from web.app import create_app
from web.context import WebContext

SECRET_ANSWER = "Ludwig-van-Beethoven-Strasse 9"


def raising_rules(procedure_id: str, graph: str | None = None) -> Any:
    def evaluate(*_: Any) -> Any:
        raise ValueError(f"cannot read {SECRET_ANSWER}")  # a message quoting the form

    return dataclasses.replace(get_procedure(procedure_id, graph), evaluate=evaluate)


async def test_rules_that_raise_send_the_case_to_a_caseworker(
    service: CaseService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(activities.eligibility, "get_procedure", raising_rules)
    # This script is approved automatically when the rules work.
    case_id, _ = await converse(service, demo_scripts(dt.date.today())[0])
    view = await service.wait_for(case_id, lambda v: v.task is not None, timeout=20)
    assert view.status is CaseStatus.UNDER_REVIEW and view.task is not None
    assert "rules could not be applied (ValueError)" in view.task.summary
    assert SECRET_ANSWER not in view.task.summary
    assert view.decision is None


async def test_rules_that_raise_on_a_lifecycle_procedure_go_to_a_caseworker(
    service: CaseService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(activities.eligibility, "get_procedure", raising_rules)
    case_id, _ = await converse(service, rsa_script(0), procedure="minimum_income")
    view = await service.wait_for(case_id, lambda v: v.task is not None, timeout=20)
    assert view.status is CaseStatus.UNDER_REVIEW and view.task is not None, view.status
    assert "rules_failed:ValueError" in view.task.summary
    assert view.outcome is None and view.decision is None


class _DatabaseDown(Interceptor):
    """The read-model write of one case fails on every attempt (its database is down)."""

    def __init__(self) -> None:
        self.case_id = ""

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        outer = self

        class Failing(ActivityInboundInterceptor):
            async def execute_activity(self, input: ExecuteActivityInput) -> Any:
                info = activity.info()
                if (
                    info.activity_type == "store.apply_projection"
                    and info.workflow_id == outer.case_id
                ):
                    raise RuntimeError(f"database down while writing {SECRET_ANSWER}")
                return await super().execute_activity(input)

        return Failing(next)


@pytest.fixture
async def failing(
    client: Client, store: CaseStore, web_context: WebContext
) -> AsyncIterator[tuple[CaseService, _DatabaseDown, httpx.AsyncClient]]:
    queue = f"tq-stuck-{uuid.uuid4().hex[:8]}"
    down = _DatabaseDown()
    async with build_worker(client, queue, store, interceptors=[down]):
        service = CaseService(client, queue)
        web_context.cases = service
        transport = httpx.ASGITransport(app=create_app(web_context))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as api:
            yield service, down, api


async def test_supervisors_see_a_case_whose_activity_keeps_failing(
    failing: tuple[CaseService, _DatabaseDown, httpx.AsyncClient],
) -> None:
    service, down, api = failing
    case_id, _ = await service.start("short_time_work", "en")
    down.case_id = case_id
    await service.send(case_id, "economic reasons")  # its projection now fails
    supervisor, caseworker = await login(api, "sup"), await login(api, "alice")

    async def stuck_list() -> httpx.Response:
        listed = await api.get("/api/supervision/stuck", headers=supervisor)
        assert listed.status_code == 200, listed.text
        return listed

    def listed_here(listed: httpx.Response) -> list[dict[str, Any]]:
        return [s for s in listed.json() if s["case_id"] == case_id]

    listed = await eventually(stuck_list, lambda r: bool(listed_here(r)), 30.0, interval=0.2)
    [stuck] = listed_here(listed)
    assert stuck["activity"] == "store.apply_projection" and stuck["attempts"] >= 3
    assert stuck["last_error"] == "RuntimeError" and stuck["failing_since"]
    assert SECRET_ANSWER not in listed.text
    assert (await api.get("/api/supervision/stuck", headers=caseworker)).status_code == 403

    down.case_id = ""  # the database is back: the case is no longer stuck
    await eventually(stuck_list, lambda r: not listed_here(r), 30.0, interval=0.2)
