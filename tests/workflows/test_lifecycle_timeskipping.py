"""Every statutory deadline of the two French procedures, as workflow timers on
the time-skipping server.

The server starts at the real current time and only moves forward, so each
test reads the instant the case became complete (or was decided) and checks
that the workflow's deadline is exactly the one the pure deadline function
gives for it (the worked examples of PROCEDURES.md are asserted on those
functions in test_permit_rules.py and test_rsa_deadlines.py), that the local
day is the calendar-month day at 23:59:59.999999 Paris time, and that the
timer fires exactly there: one minute before, nothing; one minute after, done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from temporalio.testing import WorkflowEnvironment

from guichet.store import CaseStore
from procedures.building_permit.deadlines import completion_limit, tacit_deadline
from procedures.minimum_income.deadlines import TACIT_WARNING, tacit_rejection_deadline
from runtime.service import CaseError, CaseService
from runtime.temporal import build_worker
from schemas.case import CaseStatus, CaseView
from schemas.task import DecideInput
from tests.helpers import advance_to
from tests.procedure_cases import rsa_script
from tools.demo import converse
from tools.demo_procedures import ProcedureScript, permit_answers

PARIS = ZoneInfo("Europe/Paris")
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture(scope="module")
async def store(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[CaseStore]:
    path = tmp_path_factory.mktemp("lifecycle") / "cases.db"
    case_store = await CaseStore.create(f"sqlite+aiosqlite:///{path}")
    await case_store.migrate()
    try:
        yield case_store
    finally:
        await case_store.close()


@pytest.fixture(scope="module")
async def service(env: WorkflowEnvironment, store: CaseStore) -> AsyncIterator[CaseService]:
    # One worker for the whole module: the server skips time only when no
    # workflow task is outstanding, so earlier cases (still running their
    # objection and retention timers) must keep being served.
    async with build_worker(env.client, "lifecycle", store):
        yield CaseService(env.client, "lifecycle")


def months_later_end_of_day(instant: dt.datetime, months: int) -> dt.datetime:
    """PROCEDURES.md: same day number N months later (or that month's last day), end of day."""
    day = instant.astimezone(PARIS).date() + relativedelta(months=months)
    return dt.datetime.combine(day, dt.time.max, tzinfo=PARIS)


async def settle(service: CaseService, case_id: str, predicate: object) -> CaseView:
    view = await service.wait_for(case_id, predicate, timeout=10)  # type: ignore[arg-type]
    return view


def permit(**answers: str) -> ProcedureScript:
    return ProcedureScript(
        title="permit",
        language="fr",
        procedure="building_permit",
        answers=permit_answers(**answers),
    )


async def decide(service: CaseService, task_id: str, user: str, outcome: str, **kw: str) -> None:
    await service.claim(task_id, user)
    await service.decide(DecideInput(task_id=task_id, user=user, outcome=outcome, **kw))


async def test_rsa_silence_is_a_rejection_after_a_warning(
    env: WorkflowEnvironment, service: CaseService, store: CaseStore
) -> None:
    case_id, _ = await converse(service, rsa_script(2), procedure="minimum_income")
    view = await settle(service, case_id, lambda v: v.task is not None)
    assert view.complete_at is not None and view.task is not None
    due = tacit_rejection_deadline(view.form, view.complete_at)
    assert due == months_later_end_of_day(view.complete_at, 2)
    assert [(d.code, d.due_at) for d in view.deadlines] == [("tacit_decision", due)]
    assert view.task.due_at == due, "the queue shows when silence decides"
    task_id, priority = view.task.task_id, view.task.priority

    await advance_to(env, due - TACIT_WARNING + MINUTE)
    view = await settle(
        service, case_id, lambda v: v.task is not None and v.task.priority > priority
    )
    assert view.task is not None and view.task.summary.startswith("tacit decision on")
    assert any(e.kind == "deadline_warning" for e in view.timeline)
    assert (await store.get_task(task_id)).priority > priority  # type: ignore[union-attr]

    await advance_to(env, due - MINUTE)
    assert (await service.view(case_id)).status is CaseStatus.UNDER_REVIEW
    await advance_to(env, due + MINUTE)
    view = await settle(service, case_id, lambda v: v.decision is not None)
    assert view.decision is not None and view.decision.outcome.value == "tacitly_rejected"
    assert due <= view.decision.decided_at < due + MINUTE
    assert view.decision.decided_by == "system"
    row = await store.get_task(task_id)
    assert row is not None and row.status.value == "cancelled"
    with pytest.raises(CaseError) as late:
        await decide(service, task_id, "lea", "approve")
    assert late.value.code == "settled_by_deadline" and late.value.http_status == 409
    letter = await store.get_letter(view.decision.letter_id or "")
    assert letter is not None and letter.outcome == "tacitly_rejected"


async def test_permit_completeness_limit_is_a_tacit_rejection(
    env: WorkflowEnvironment, service: CaseService
) -> None:
    case_id, _ = await converse(
        service,
        permit(project="extension", area="30", urban="oui", monument="non"),
        "building_permit",
    )
    view = await settle(service, case_id, lambda v: v.task is not None)
    assert view.task is not None and view.task.kind == "completeness"
    await decide(
        service, view.task.task_id, "paul", "request_documents", question="Plans manquants."
    )
    view = await settle(service, case_id, lambda v: v.status is CaseStatus.AWAITING_APPLICANT)
    limit = next(d.due_at for d in view.deadlines if d.code == "completion_limit")
    requested = next(e.at for e in view.timeline if "request_documents" in e.text)
    assert limit == completion_limit(requested) == months_later_end_of_day(requested, 3)

    await advance_to(env, limit - MINUTE)
    assert (await service.view(case_id)).status is CaseStatus.AWAITING_APPLICANT
    await advance_to(env, limit + MINUTE)
    view = await settle(service, case_id, lambda v: v.decision is not None)
    assert view.decision is not None and view.decision.outcome.value == "tacitly_rejected"
    assert limit <= view.decision.decided_at < limit + MINUTE
    with pytest.raises(CaseError) as closed:
        await service.send(case_id, "voici les plans")
    assert closed.value.code == "wrong_state"


async def test_silent_service_agrees_and_abf_objection_turns_silence_into_refusal(
    env: WorkflowEnvironment, service: CaseService, store: CaseStore
) -> None:
    doc = "file:" + "c" * 64
    case_id, _ = await converse(
        service,
        permit(project="maison", area="120", urban="non", monument="oui", documents=doc),
        "building_permit",
    )
    view = await settle(service, case_id, lambda v: v.task is not None)
    await decide(service, view.task.task_id, "paul", "complete")  # type: ignore[union-attr]
    view = await settle(service, case_id, lambda v: v.status is CaseStatus.CONSULTATION)
    assert view.complete_at is not None
    abf, utilities = view.consultations
    consulted_until = months_later_end_of_day(view.complete_at, 1)
    assert abf.due_at == utilities.due_at == consulted_until
    await decide(service, f"{abf.workflow_id}:1", "architecte", "object", reason="Toiture.")

    await advance_to(env, consulted_until - MINUTE)
    view = await service.view(case_id)
    assert view.status is CaseStatus.CONSULTATION and view.consultations[1].outcome is None
    await advance_to(env, consulted_until + MINUTE)
    view = await settle(service, case_id, lambda v: v.status is CaseStatus.UNDER_REVIEW)
    silent = view.consultations[1]
    assert (silent.outcome, silent.deemed, silent.decided_by) == ("agree", True, "system")
    assert (
        silent.decided_at is not None
        and consulted_until <= silent.decided_at < consulted_until + MINUTE
    )
    row = await store.get_task(f"{utilities.workflow_id}:1")
    assert row is not None and row.status.value == "cancelled" and row.outcome == "agree"
    with pytest.raises(CaseError) as late_answer:
        await decide(service, f"{utilities.workflow_id}:1", "agent", "agree")
    assert late_answer.value.code == "settled_by_deadline"

    # Single house near a monument: 2 months + 1 for the ABF, from completeness.
    assert view.complete_at is not None
    due = tacit_deadline(view.form, view.complete_at)
    assert due == months_later_end_of_day(view.complete_at, 3)
    assert view.task is not None and view.task.due_at == due
    assert "abf: object" in view.task.summary
    await advance_to(env, due + MINUTE)
    view = await settle(service, case_id, lambda v: v.decision is not None)
    assert view.decision is not None and view.decision.outcome.value == "tacitly_rejected"
    assert [d.code for d in view.deadlines] == ["objection"]  # no third-party window


async def test_tacit_approval_cancels_the_task_and_opens_the_appeal_window(
    env: WorkflowEnvironment, service: CaseService, store: CaseStore
) -> None:
    doc = "file:" + "d" * 64
    case_id, _ = await converse(
        service,
        permit(project="extension", area="30", urban="oui", monument="non", documents=doc),
        "building_permit",
    )
    view = await settle(service, case_id, lambda v: v.task is not None)
    await decide(service, view.task.task_id, "paul", "complete")  # type: ignore[union-attr]
    view = await settle(service, case_id, lambda v: v.task is not None and v.task.kind == "review")
    assert view.complete_at is not None and view.task is not None
    due = tacit_deadline(view.form, view.complete_at)
    assert due == months_later_end_of_day(view.complete_at, 1)  # a prior declaration: 1 month
    task_id = view.task.task_id
    await service.claim(task_id, "paul")  # claimed, but the decision comes too late

    await advance_to(env, due - MINUTE)
    assert (await service.view(case_id)).status is CaseStatus.UNDER_REVIEW
    await advance_to(env, due + MINUTE)
    view = await settle(service, case_id, lambda v: v.decision is not None)
    assert view.decision is not None and view.decision.outcome.value == "tacitly_approved"
    assert (await store.get_task(task_id)).status.value == "cancelled"  # type: ignore[union-attr]
    with pytest.raises(CaseError) as late:
        await service.decide(DecideInput(task_id=task_id, user="paul", outcome="approve"))
    assert late.value.code == "settled_by_deadline" and late.value.http_status == 409

    appeal = next(d.due_at for d in view.deadlines if d.code == "third_party_appeal")
    assert appeal == months_later_end_of_day(view.decision.decided_at, 2)
    await advance_to(env, appeal - MINUTE)
    assert (await service.view(case_id)).status is CaseStatus.DECIDED, "open for third parties"
    # The applicant's own recours gracieux runs two months too, on to the next
    # working day when it ends on another (CPC art. 642): the case closes when
    # both windows have ended.
    objection = next(d.due_at for d in view.deadlines if d.code == "objection")
    assert objection >= appeal
    await advance_to(env, max(appeal, objection) + MINUTE)
    view = await settle(service, case_id, lambda v: v.status is CaseStatus.CLOSED)
    assert view.status is CaseStatus.CLOSED


async def test_office_silent_on_completeness_means_complete_as_filed(
    env: WorkflowEnvironment, service: CaseService
) -> None:
    case_id, _ = await converse(
        service,
        permit(project="extension", area="30", urban="oui", monument="non"),
        "building_permit",
    )
    view = await settle(service, case_id, lambda v: v.task is not None)
    assert view.task is not None and view.task.due_at is not None
    filed = next(e.at for e in view.timeline if e.kind == "submitted")
    assert view.task.due_at == months_later_end_of_day(filed, 1)
    await advance_to(env, view.task.due_at + MINUTE)
    view = await settle(service, case_id, lambda v: v.task is not None and v.task.kind == "review")
    assert view.complete_at == filed
    assert any(e.kind == "deemed_complete" for e in view.timeline)
