"""An intake that is never completed is reminded, then purged (issue 23 item 3).

Orphan cases (a start that failed after the workflow started) and abandoned
drafts used to run for ever. New cases now carry an intake expiry: the
applicant is reminded a configured time before it, and at it the draft's
personal data is purged and the case ends. A case completed in time, and a
case started without an expiry (every older one), are untouched.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from temporalio.testing import WorkflowEnvironment

from activities.notify import MailConfig
from guichet.store import CaseStore
from runtime.service import CaseService
from runtime.temporal import build_worker
from schemas.case import CaseStatus
from tests.helpers import advance_to
from tools.demo import converse, demo_scripts

DAY = dt.timedelta(days=1)
MINUTE = dt.timedelta(minutes=1)
EXPIRY = 30 * DAY
LEAD = 7 * DAY


@pytest.fixture(scope="module")
def outbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("outbox")


@pytest.fixture(scope="module")
async def store(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[CaseStore]:
    path = tmp_path_factory.mktemp("expiry") / "cases.db"
    case_store = await CaseStore.create(f"sqlite+aiosqlite:///{path}")
    await case_store.migrate()
    try:
        yield case_store
    finally:
        await case_store.close()


@pytest.fixture(scope="module")
async def worker(env: WorkflowEnvironment, store: CaseStore, outbox: Path) -> AsyncIterator[None]:
    async with build_worker(env.client, "expiry", store, mail=MailConfig(outbox_dir=outbox)):
        yield


def mails(outbox: Path) -> list[email.message.Message]:
    return [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
        for p in outbox.glob("*.eml")
    ]


def services(env: WorkflowEnvironment) -> tuple[CaseService, CaseService]:
    expiring = CaseService(
        env.client,
        "expiry",
        intake_expiry_seconds=int(EXPIRY.total_seconds()),
        intake_reminder_seconds=int(LEAD.total_seconds()),
    )
    return expiring, CaseService(env.client, "expiry")


async def test_an_abandoned_intake_is_reminded_then_purged(
    env: WorkflowEnvironment, worker: None, store: CaseStore, outbox: Path
) -> None:
    expiring, unlimited = services(env)
    abandoned, _ = await expiring.start("short_time_work", "en")
    await expiring.send(abandoned, "economic reasons")
    await expiring.set_contact(abandoned, "draft@example.org")
    completed, _ = await converse(expiring, demo_scripts(dt.date.today())[0])
    old_style, _ = await unlimited.start("short_time_work", "en")
    started = (await expiring.view(abandoned)).timeline[0].at

    await advance_to(env, started + EXPIRY - LEAD - MINUTE)
    assert "reminder" not in [e.kind for e in (await expiring.view(abandoned)).timeline]
    await advance_to(env, started + EXPIRY - LEAD + MINUTE)
    view = await expiring.wait_for(abandoned, lambda v: "reminder" in [e.kind for e in v.timeline])
    assert view.status is CaseStatus.INTAKE
    [mail] = [m for m in mails(outbox) if m["To"] == "draft@example.org"]
    assert "deleted" in str(mail["Subject"])

    await advance_to(env, started + EXPIRY - MINUTE)
    assert (await expiring.view(abandoned)).status is CaseStatus.INTAKE
    await advance_to(env, started + EXPIRY + MINUTE)
    await env.client.get_workflow_handle(abandoned).result()  # the case has ended
    row = await store.get_case(abandoned)
    assert row is not None and row.status == CaseStatus.PURGED.value and not row.form

    # Completed in time, or started without an expiry: untouched.
    assert (await expiring.view(completed)).status is not CaseStatus.PURGED
    assert (await unlimited.view(old_style)).status is CaseStatus.INTAKE
