"""Reminders and claim expiry of the lifecycle procedures, on the time-skipping server.

The applicant of a building permit is reminded a configured time before the
3-month limit to complete the file; caseworkers are told a configured time
before a task is due (the holder, or the group when nobody holds it); and a
claim on a lifecycle task returns to the group after the claim timeout. Each
timer is checked to fire exactly at its instant: one minute before, nothing;
one minute after, done.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from temporalio.testing import WorkflowEnvironment

from activities.notify import MailConfig
from guichet.accounts import AccountService
from guichet.i18n.formats import format_date, format_datetime
from guichet.store import AccountStore, CaseStore
from procedures.building_permit.deadlines import completion_limit
from runtime.service import CaseService
from runtime.temporal import build_replayer, build_worker
from schemas.case import CaseStatus, CaseView
from schemas.task import DecideInput
from tests.helpers import TEST_KEYS, advance_to
from tests.procedure_cases import rsa_script
from tools.demo import converse
from tools.demo_procedures import ProcedureScript, permit_answers
from web.conversation import read_conversation

PARIS = ZoneInfo("Europe/Paris")
MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)
APPLICANT_LEAD = 14 * DAY
TASK_LEAD = 3 * DAY
CLAIM_TIMEOUT = dt.timedelta(hours=4)
PASSWORD = "reminder-test-pass"


@pytest.fixture(scope="module")
def outbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("outbox")


@pytest.fixture(scope="module")
async def store(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[CaseStore]:
    path = tmp_path_factory.mktemp("reminders") / "cases.db"
    case_store = await CaseStore.create(f"sqlite+aiosqlite:///{path}")
    await case_store.migrate()
    accounts = AccountService(AccountStore(case_store.engines))
    await accounts.add_user("lea", PASSWORD, ["minimum_income"], email="lea@example.org")
    await accounts.add_user("marc", PASSWORD, ["minimum_income"], email="marc@example.org")
    await accounts.add_user("noaddress", PASSWORD, ["minimum_income"])
    await accounts.add_user("paul", PASSWORD, ["building_permit"], email="paul@example.org")
    try:
        yield case_store
    finally:
        await case_store.close()


@pytest.fixture(scope="module")
async def service(
    env: WorkflowEnvironment, store: CaseStore, outbox: Path
) -> AsyncIterator[CaseService]:
    # One worker for the module: the server skips time only when no workflow
    # task is outstanding, so earlier cases must keep being served.
    mail = MailConfig(outbox_dir=outbox)
    async with build_worker(env.client, "reminders", store, mail=mail):
        yield CaseService(
            env.client,
            "reminders",
            claim_timeout_seconds=int(CLAIM_TIMEOUT.total_seconds()),
            applicant_reminder_seconds=int(APPLICANT_LEAD.total_seconds()),
            task_reminder_seconds=int(TASK_LEAD.total_seconds()),
        )


def mails_to(outbox: Path, address: str) -> list[email.message.EmailMessage]:
    found = []
    for path in sorted(outbox.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == address:
            assert isinstance(message, email.message.EmailMessage)
            found.append(message)
    return found


def kinds(view: CaseView) -> list[str]:
    return [e.kind for e in view.timeline]


def permit() -> ProcedureScript:
    return ProcedureScript(
        title="permit",
        language="fr",
        procedure="building_permit",
        answers=permit_answers(project="extension", area="30", urban="oui", monument="non"),
    )


async def test_applicant_is_reminded_fourteen_days_before_the_completion_limit(
    env: WorkflowEnvironment, service: CaseService, store: CaseStore, outbox: Path
) -> None:
    case_id, _ = await converse(service, permit(), "building_permit")
    view = await service.wait_for(case_id, lambda v: v.task is not None)
    assert view.task is not None and view.task.kind == "completeness"
    # The permit form asks for no address: the applicant gives one for notifications.
    await service.set_contact(case_id, "sophie@example.org")
    await service.claim(view.task.task_id, "paul")
    await service.decide(
        DecideInput(
            task_id=view.task.task_id,
            user="paul",
            outcome="request_documents",
            question="Plans manquants.",
        )
    )
    view = await service.wait_for(case_id, lambda v: v.status is CaseStatus.AWAITING_APPLICANT)
    requested = next(e.at for e in view.timeline if "request_documents" in e.text)
    limit = completion_limit(requested)
    assert [d.due_at for d in view.deadlines if d.code == "completion_limit"] == [limit]
    reminder_at = limit - APPLICANT_LEAD

    # The applicant writes while the reminder's timer runs: the turn is handled
    # and the timer still fires at its instant.
    await advance_to(env, reminder_at - 10 * DAY)
    turn = await service.send(case_id, "Je rassemble les plans, ils arrivent bientôt.")
    assert turn.status is CaseStatus.AWAITING_APPLICANT and turn.question is not None
    await advance_to(env, reminder_at - MINUTE)
    view = await service.view(case_id)
    assert "reminder" not in kinds(view)
    said = (await read_conversation(store, view)).entries
    assert said[-2].role == "applicant" and said[-2].text.startswith("Je rassemble les plans")
    [asked] = mails_to(outbox, "sophie@example.org")
    assert str(asked["Subject"]).startswith("Informations")

    await advance_to(env, reminder_at + MINUTE)
    view = await service.wait_for(
        case_id, lambda v: kinds(v)[-2:] == ["reminder", "notified"], timeout=10
    )
    [reminded] = [e for e in view.timeline if e.kind == "reminder"]
    assert reminder_at <= reminded.at < reminder_at + MINUTE
    assert reminded.text == f"documents due by {limit.astimezone(PARIS).date().isoformat()}"
    assert view.status is CaseStatus.AWAITING_APPLICANT, "the applicant can still answer"
    # Outbox files are named by digest: find the reminder by its subject.
    [reminder] = [
        m for m in mails_to(outbox, "sophie@example.org") if str(m["Subject"]).startswith("Rappel")
    ]
    assert len(mails_to(outbox, "sophie@example.org")) == 2
    content = str(reminder.get_content())
    # The day is written as French writes it (Babel), not as an ISO date.
    assert format_date(limit.astimezone(PARIS).date(), "fr") in content and "/status" in content

    # The limit itself still decides, once, at its instant.
    await advance_to(env, limit + MINUTE)
    view = await service.wait_for(case_id, lambda v: v.decision is not None, timeout=10)
    assert view.decision is not None and view.decision.outcome.value == "tacitly_rejected"
    assert limit <= view.decision.decided_at < limit + MINUTE
    assert kinds(view).count("reminder") == 1


async def test_caseworkers_are_told_three_days_before_a_task_is_due(
    env: WorkflowEnvironment, service: CaseService, outbox: Path, store: CaseStore
) -> None:
    unclaimed, _ = await converse(service, rsa_script(2), procedure="minimum_income")
    held, _ = await converse(service, rsa_script(2), procedure="minimum_income")
    first = await service.wait_for(unclaimed, lambda v: v.task is not None)
    second = await service.wait_for(held, lambda v: v.task is not None)
    assert first.task is not None and second.task is not None
    assert first.task.due_at is not None and second.task.due_at is not None
    assert first.task.due_at == second.task.due_at, "both complete on the same local day"
    due = first.task.due_at
    at = due - TASK_LEAD

    # Claimed shortly before the reminder (a claim lasts four hours).
    await advance_to(env, at - dt.timedelta(hours=1))
    await service.claim(second.task.task_id, "lea")
    await advance_to(env, at - MINUTE)
    for case_id in (unclaimed, held):
        assert "staff_reminded" not in kinds(await service.view(case_id))
    assert mails_to(outbox, "lea@example.org") == []

    await advance_to(env, at + MINUTE)
    for case_id, expected in ((unclaimed, "lea, marc"), (held, "lea")):
        view = await service.wait_for(case_id, lambda v: "staff_reminded" in kinds(v), timeout=10)
        [entry] = [e for e in view.timeline if e.kind == "staff_reminded"]
        assert at <= entry.at < at + MINUTE
        assert entry.text.endswith(f"told {expected}")
    # The group (every member with an address) for the unclaimed task, only the
    # holder for the claimed one; nobody without an address.
    lea = [str(m["Subject"]) for m in mails_to(outbox, "lea@example.org")]
    marc = [str(m["Subject"]) for m in mails_to(outbox, "marc@example.org")]
    assert sorted(lea) == sorted(
        [
            f"La tâche {t.task_id} arrive à échéance le {local(due)}"
            for t in (first.task, second.task)
        ]
    )
    assert marc == [f"La tâche {first.task.task_id} arrive à échéance le {local(due)}"]
    row = await store.get_task(second.task.task_id)
    assert row is not None and row.claimed_by == "lea"


def local(instant: dt.datetime) -> str:
    # The office's language writes the day and the time (Babel).
    return format_datetime(instant, "fr", PARIS)


async def test_a_claim_on_a_lifecycle_task_expires_after_the_timeout(
    env: WorkflowEnvironment, service: CaseService, store: CaseStore
) -> None:
    case_id, _ = await converse(service, permit(), "building_permit")
    view = await service.wait_for(case_id, lambda v: v.task is not None)
    assert view.task is not None
    task_id = view.task.task_id
    await service.claim(task_id, "paul")
    view = await service.view(case_id)
    assert view.task is not None and view.task.claimed_at is not None
    expires = view.task.claimed_at + CLAIM_TIMEOUT
    row = await store.get_task(task_id)
    assert row is not None and row.claimed_at == view.task.claimed_at

    await advance_to(env, expires - MINUTE)
    assert (await service.view(case_id)).task.claimed_by == "paul"  # type: ignore[union-attr]
    await advance_to(env, expires + MINUTE)
    view = await service.wait_for(
        case_id, lambda v: v.task is not None and v.task.claimed_by is None, timeout=10
    )
    [expired] = [e for e in view.timeline if e.kind == "claim_expired"]
    assert expires <= expired.at < expires + MINUTE
    row = await store.get_task(task_id)
    assert row is not None and row.claimed_by is None and row.status.value == "open"
    # A new claim starts a new timeout.
    await service.claim(task_id, "paul")
    history = await env.client.get_workflow_handle(case_id).fetch_history()
    replayed = await build_replayer(TEST_KEYS).replay_workflow(
        history, raise_on_replay_failure=False
    )
    assert replayed.replay_failure is None, replayed.replay_failure
