"""Deadlines are workflow timers: checked on the time-skipping test server.

The test server only moves forward from now, so the exact dates asserted
here are derived from the decision instant the way PROCEDURES.md defines
them (same day number a month later, or that month's last day; end of that
day in Europe/Berlin); the worked examples themselves are tested as pure
functions in test_calendar.py and test_stw_rules.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from temporalio.testing import WorkflowEnvironment

from guichet.store import CaseStore
from procedures.working_days import next_working_day
from runtime.service import CaseService
from runtime.temporal import build_worker
from schemas.case import CaseStatus
from tools.demo import converse, demo_scripts
from workflows.case import CaseWorkflow

BERLIN = ZoneInfo("Europe/Berlin")


async def test_objection_window_then_retention(env: WorkflowEnvironment, tmp_path: Path) -> None:
    store = await CaseStore.create(f"sqlite+aiosqlite:///{tmp_path / 'cases.db'}")
    await store.migrate()
    async with build_worker(env.client, "deadlines", store):
        service = CaseService(env.client, "deadlines")
        today = (await env.get_current_time()).astimezone(BERLIN).date()
        case_id, _ = await converse(service, demo_scripts(today)[0])
        view = await service.wait_for_status(case_id, CaseStatus.DECIDED)
        assert view.decision is not None and view.decision.objection_deadline is not None
        decided_local = view.decision.decided_at.astimezone(BERLIN).date()
        # A new case runs on to the next working day when the month ends on a
        # Saturday, Sunday or public holiday (§ 64 Abs. 3 SGG).
        expected_day = next_working_day(decided_local + relativedelta(months=1), "DE")
        deadline = view.decision.objection_deadline
        assert deadline.astimezone(BERLIN).date() == expected_day
        assert deadline.astimezone(BERLIN).time() == dt.time(23, 59, 59, 999999)
        assert [d.code for d in view.deadlines] == ["objection"]

        # One minute before the deadline the decision can still be contested.
        now = await env.get_current_time()
        await env.sleep(deadline - now - dt.timedelta(minutes=1))
        assert (await service.view(case_id)).status is CaseStatus.DECIDED
        await env.sleep(dt.timedelta(minutes=2))
        view = await service.wait_for_status(case_id, CaseStatus.CLOSED, timeout=10)
        assert view.status is CaseStatus.CLOSED
        assert view.form, "a closed case keeps its data until retention ends"

        retention = next(d for d in view.deadlines if d.code == "retention")
        await env.sleep(retention.due_at - await env.get_current_time() + dt.timedelta(seconds=1))
        result = await env.client.get_workflow_handle_for(CaseWorkflow.run, case_id).result()
        assert result.status is CaseStatus.PURGED
        row = await store.get_case(case_id)
        assert row is not None and row.status == "purged" and row.form == {}
    await store.close()
