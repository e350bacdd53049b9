"""The queue warns before a tacit decision, for every procedure where silence decides.

Real cases of both lifecycle procedures run on the embedded server to a task
with a tacit-decision deadline in their case row: an RSA claim under review
(tacit rejection two months after it is complete) and a building application
whose file a caseworker declared complete (tacit approval at the end of the
instruction period). The web app's clock is then moved to just before and
long before those deadlines.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx

from guichet.files import store_upload
from guichet.store import CaseStore
from runtime.service import CaseService
from schemas.case import CaseStatus
from tests.helpers import eventually
from tests.procedure_cases import rsa_script, wait_view
from tests.web.conftest import PASSWORD, login
from tests.web.test_pages import browser, csrf_of
from tools.demo import converse
from tools.demo_procedures import Step, apply_step, permit_scripts
from web.context import WebContext
from web.views import case_tacit_deadline


async def _tacit_at(store: CaseStore, case_id: str) -> dt.datetime:
    """The tacit-decision deadline once the case row carries it."""

    async def projected() -> dt.datetime | None:
        return case_tacit_deadline(await store.get_case(case_id))

    return await eventually(projected, timeout=10.0)


async def test_queue_warns_before_tacit_decisions_of_both_procedures(
    web_context: WebContext,
    api: httpx.AsyncClient,
    service: CaseService,
    store: CaseStore,
    tmp_path: Path,
) -> None:
    rsa_id, _ = await converse(service, rsa_script(1), procedure="minimum_income")
    rsa_task = (await wait_view(service, rsa_id, CaseStatus.UNDER_REVIEW, "review")).task
    document = store_upload(tmp_path, b"%PDF-1.4 plan").reference
    permit = permit_scripts(document)[0]
    permit_id, _ = await converse(service, permit, procedure="building_permit")
    await apply_step(service, permit_id, Step("completeness", "complete", "paul"))
    permit_task = (await wait_view(service, permit_id, CaseStatus.UNDER_REVIEW, "review")).task
    assert rsa_task is not None and permit_task is not None
    rsa_at = await _tacit_at(store, rsa_id)
    permit_at = await _tacit_at(store, permit_id)
    assert rsa_at != permit_at  # two months vs the instruction period

    headers = await login(api, "sup")

    async def rows_at(now: dt.datetime) -> dict[str, dict[str, object]]:
        web_context.clock = lambda: now
        response = await api.get("/api/tasks", headers=headers, params={"limit": 500})
        assert response.status_code == 200, response.text
        return {row["task_id"]: row for row in response.json()}

    # Long before: the deadline is listed, no warning yet.
    early = await rows_at(min(rsa_at, permit_at) - dt.timedelta(days=40))
    for task, at in ((rsa_task, rsa_at), (permit_task, permit_at)):
        row = early[task.task_id]
        assert row["tacit_decision_at"] == at.isoformat()
        assert row["warnings"] == []
    # Three days before each: warned (the RSA's own lead time is 14 days, the
    # permit takes the default).
    for task, at in ((rsa_task, rsa_at), (permit_task, permit_at)):
        assert (await rows_at(at - dt.timedelta(days=3)))[task.task_id]["warnings"] == [
            "tacit_decision_soon"
        ]
        # Once past, silence has decided: nothing to warn about.
        assert (await rows_at(at + dt.timedelta(minutes=1)))[task.task_id]["warnings"] == []

    # A configured lead time applies to every procedure.
    web_context.tacit_warning_days = 60
    for task, at in ((rsa_task, rsa_at), (permit_task, permit_at)):
        wide = await rows_at(at - dt.timedelta(days=40))
        assert wide[task.task_id]["warnings"] == ["tacit_decision_soon"]
    web_context.tacit_warning_days = None

    # The page shows the warning as text next to the task, in the UI language.
    async with browser(web_context) as client:
        form = await client.get("/staff/login?lang=en")
        signed_in = await client.post(
            "/staff/login",
            data={"csrf_token": csrf_of(form), "username": "sup", "password": PASSWORD},
        )
        assert signed_in.status_code == 303
        web_context.clock = lambda: rsa_at - dt.timedelta(days=2)
        page = await client.get("/staff/queue?procedure=minimum_income")
        assert page.status_code == 200
        html_row = _row_of(page.text, rsa_task.task_id)
        assert f"Warning: tacit decision on {rsa_at.date().isoformat()}" in html_row
        web_context.clock = lambda: permit_at - dt.timedelta(days=2)
        page = await client.get("/staff/queue?procedure=building_permit")
        html_row = _row_of(page.text, permit_task.task_id)
        assert f"Warning: tacit decision on {permit_at.date().isoformat()}" in html_row
        web_context.clock = lambda: permit_at - dt.timedelta(days=40)
        page = await client.get("/staff/queue?procedure=building_permit")
        assert "tacit decision" not in _row_of(page.text, permit_task.task_id)


def _row_of(html: str, task_id: str) -> str:
    """The queue table row that links to ``task_id``."""
    start = html.index(f'href="/staff/tasks/{task_id}"')
    return html[html.rindex("<tr>", 0, start) : html.index("</tr>", start)]
