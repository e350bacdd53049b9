"""Withdrawal, appeal and e-mail notifications, end to end on a real SMTP server."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage, Message
from pathlib import Path

import pytest
from temporalio.client import Client
from temporalio.testing import ActivityEnvironment

from activities.notify import MailConfig, NotifyActivities
from guichet.outbox import message_id_header
from guichet.store import CaseStore
from runtime.service import CaseError, CaseService
from runtime.temporal import build_replayer
from schemas.case import CaseStatus, CaseView, Outcome
from schemas.notify import Notice, NoticeKind
from schemas.task import DecideInput, TaskStatus
from tests.e2e.test_building_permit_e2e import house_near_monument
from tests.helpers import TEST_KEYS, eventually
from tests.mail import Inbox
from tests.procedure_cases import queued, wait_view
from tests.workflows.test_task_updates import under_review
from tools.demo import converse


def body(message: Message) -> str:
    assert isinstance(message, EmailMessage)
    return str(message.get_content())


async def decided(service: CaseService, user: str, outcome: str, reason: str) -> CaseView:
    view = await under_review(service)
    task_id = view.task.task_id  # type: ignore[union-attr]
    await service.claim(task_id, user)
    await service.decide(DecideInput(task_id=task_id, user=user, outcome=outcome, reason=reason))
    return await service.wait_for_status(view.case_id, CaseStatus.DECIDED)


async def test_withdraw_closes_the_case_and_cancels_its_task(
    mailing: tuple[CaseService, Inbox], store: CaseStore
) -> None:
    service, _ = mailing
    view = await under_review(service)
    task_id = view.task.task_id  # type: ignore[union-attr]
    result = await service.withdraw(view.case_id)
    assert result.outcome is Outcome.WITHDRAWN
    view = await service.wait_for_status(view.case_id, CaseStatus.CLOSED)
    assert view.decision is not None and view.decision.outcome is Outcome.WITHDRAWN
    assert "withdrawn" in [e.kind for e in view.timeline]
    row = await eventually(lambda: store.get_task(task_id), lambda r: r.status == "cancelled")
    assert row.status == TaskStatus.CANCELLED
    with pytest.raises(CaseError) as again:
        await service.withdraw(view.case_id)
    assert again.value.http_status == 409
    with pytest.raises(CaseError):
        await service.claim(task_id, "alice")


async def test_withdraw_after_the_decision_is_refused(
    mailing: tuple[CaseService, Inbox],
) -> None:
    service, _ = mailing
    view = await decided(service, "alice", "reject", "hours not reduced enough")
    with pytest.raises(CaseError) as refused:
        await service.withdraw(view.case_id)
    assert refused.value.http_status == 409
    assert (await service.view(view.case_id)).status is CaseStatus.DECIDED


async def test_appeal_revised_by_another_caseworker_with_mails(
    client: Client, mailing: tuple[CaseService, Inbox]
) -> None:
    service, inbox = mailing
    view = await decided(service, "alice", "reject", "hours not reduced enough")
    first_letter = view.decision.letter_id  # type: ignore[union-attr]
    result = await service.appeal(view.case_id, "The reduction was 40 %, see payroll.")
    assert result.task_id is not None
    with pytest.raises(CaseError) as same:
        await service.claim(result.task_id, "alice")
    assert same.value.code == "same_reviewer"
    await service.claim(result.task_id, "bob")
    await service.decide(
        DecideInput(
            task_id=result.task_id, user="bob", outcome="revise", reason="payroll shows 40 %"
        )
    )
    # Settled once the applicant has been told (the third notice of the case).
    view = await service.wait_for(
        view.case_id, lambda v: [e.kind for e in v.timeline].count("notified") == 3
    )
    assert view.status is CaseStatus.DECIDED
    assert view.decision is not None and view.decision.letter_id != first_letter
    assert view.decision.decided_by == "bob"
    kinds = [e.kind for e in view.timeline]
    assert (
        kinds.index("appeal")
        < kinds.index("appeal_revised")
        < kinds.index("notified", kinds.index("appeal_revised"))
    )
    with pytest.raises(CaseError) as twice:
        await service.appeal(view.case_id, "again")
    assert twice.value.http_status == 409
    # Decision (rejected), decision (approved) and appeal settled, each once.
    messages = await eventually(lambda: _ready(inbox.messages), lambda m: len(m) >= 3)
    subjects = [str(m["Subject"]) for m in messages]
    assert len(messages) == 3, subjects
    assert {m["To"] for m in messages} == {"claire@example.org"}
    assert len({m["Message-ID"] for m in messages}) == 3
    assert [s.startswith("Décision") for s in subjects] == [True, True, False]
    assert "refusée" in body(messages[0]) and "/status/letter" in body(messages[0])
    assert "accordée" in body(messages[1])
    assert "révisée" in body(messages[2]) and "accordée" in body(messages[2])
    history = await client.get_workflow_handle(view.case_id).fetch_history()
    replayed = await build_replayer(TEST_KEYS).replay_workflow(
        history, raise_on_replay_failure=False
    )
    assert replayed.replay_failure is None, replayed.replay_failure


async def _ready(messages: list[Message]) -> list[Message]:
    return list(messages)


async def test_appeal_upheld_keeps_the_decision_with_a_new_letter(
    mailing: tuple[CaseService, Inbox],
) -> None:
    service, _ = mailing
    view = await decided(service, "alice", "reject", "hours not reduced enough")
    assert view.decision is not None
    first_letter = view.decision.letter_id
    result = await service.appeal(view.case_id, "I disagree.")
    assert result.task_id is not None
    await service.claim(result.task_id, "carol")
    with pytest.raises(CaseError):
        await service.decide(DecideInput(task_id=result.task_id, user="carol", outcome="uphold"))
    await service.decide(
        DecideInput(task_id=result.task_id, user="carol", outcome="uphold", reason="no new facts")
    )
    view = await service.wait_for(
        view.case_id, lambda v: v.decision is not None and v.decision.letter_id != first_letter
    )
    assert view.decision is not None and view.decision.outcome is Outcome.REJECTED
    assert "no new facts" in view.decision.reasons
    assert "appeal_upheld" in [e.kind for e in view.timeline]


async def test_notice_is_sent_once_over_smtp_even_when_retried(
    smtp: tuple[Inbox, int], tmp_path: Path
) -> None:
    inbox, port = smtp
    mail = MailConfig(
        outbox_dir=tmp_path / "outbox", smtp_host="127.0.0.1", smtp_port=port, smtp_tls="none"
    )
    notice = Notice(
        message_id="case-1:7",
        case_id="case-1",
        procedure="short_time_work",
        language="fr",
        kind=NoticeKind.INFO_REQUESTED,
        to="claire@example.org",
        params={"question": "Joignez le bulletin de paie."},
    )
    env = ActivityEnvironment()
    first = await env.run(NotifyActivities(mail).send, notice)
    second = await env.run(NotifyActivities(mail).send, notice)
    assert (first.duplicate, second.duplicate) == (False, True)
    assert len(inbox.messages) == 1
    received = inbox.messages[0]
    assert received["Message-ID"] == message_id_header("case-1:7")
    assert received["To"] == "claire@example.org"
    assert "Joignez le bulletin de paie." in body(received)
    assert "dossier case-1" in str(received["Subject"])


async def test_notice_goes_to_the_outbox_once_without_smtp(tmp_path: Path) -> None:
    mail = MailConfig(outbox_dir=tmp_path / "outbox")
    notice = Notice(
        message_id="case-2:3",
        case_id="case-2",
        procedure="short_time_work",
        language="de",
        kind=NoticeKind.DECISION,
        to="anna@example.org",
        params={"outcome": "approved", "letter_id": "case-2:2"},
    )
    env = ActivityEnvironment()
    await env.run(NotifyActivities(mail).send, notice)
    again = await env.run(NotifyActivities(mail).send, notice)
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert again.duplicate and len(files) == 1
    message = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert "bewilligt" in body(message)
    assert message["Subject"] == "Entscheidung zu Ihrem Antrag case-2"


async def test_withdraw_during_consultations_cancels_them(
    service: CaseService, store: CaseStore
) -> None:
    case_id, _ = await converse(service, house_near_monument(), procedure="building_permit")
    view = await wait_view(service, case_id, CaseStatus.UNDER_REVIEW, "completeness")
    task = view.task
    assert task is not None
    await service.claim(task.task_id, "paul")
    await service.decide(DecideInput(task_id=task.task_id, user="paul", outcome="complete"))
    view = await wait_view(service, case_id, CaseStatus.CONSULTATION)
    abf, utilities = (f"{c.workflow_id}:1" for c in view.consultations)
    await queued(store, abf, "open")
    result = await service.withdraw(case_id)
    assert result.status is CaseStatus.CLOSED and result.outcome is Outcome.WITHDRAWN
    # Each consulted service's task leaves its queue.
    assert (await queued(store, abf, "cancelled")).status == TaskStatus.CANCELLED
    assert (await queued(store, utilities, "cancelled")).status == TaskStatus.CANCELLED
    view = await service.view(case_id)
    assert view.status is CaseStatus.CLOSED and view.task is None
    with pytest.raises(CaseError):
        await service.claim(abf, "architecte")


async def test_information_request_is_mailed_in_the_applicants_language(
    mailing: tuple[CaseService, Inbox],
) -> None:
    service, inbox = mailing
    view = await under_review(service)
    task_id = view.task.task_id  # type: ignore[union-attr]
    await service.claim(task_id, "alice")
    question = "Merci de joindre l'accord du comité social et économique."
    await service.decide(
        DecideInput(task_id=task_id, user="alice", outcome="request_info", question=question)
    )
    view = await service.wait_for(
        view.case_id, lambda v: "notified" in [e.kind for e in v.timeline]
    )
    assert view.status is CaseStatus.AWAITING_APPLICANT
    [message] = inbox.messages
    assert str(message["Subject"]).startswith("Informations nécessaires")
    assert question in body(message) and "/status" in body(message)
