"""The short-time-work case end to end on the real embedded Temporal server."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import AsyncIterator

import pytest
from temporalio.client import Client

from guichet.store import CaseStore
from runtime.service import CaseError, CaseService
from runtime.temporal import build_worker
from schemas.case import CaseStatus
from schemas.projection import TaskProjection
from schemas.task import DecideInput
from tests.helpers import SlowActivities, eventually
from tools.demo import Script, converse, demo_scripts, run_script

TODAY = dt.date.today()


def script(index: int) -> Script:
    return demo_scripts(TODAY)[index]


async def test_automatic_approval_with_letter(service: CaseService, store: CaseStore) -> None:
    view = await run_script(service, script(0))
    assert view.status is CaseStatus.DECIDED
    assert view.decision is not None and view.decision.outcome.value == "approved"
    assert view.decision.decided_by == "system"
    assert view.outcome is not None and view.outcome.eligible
    assert all(c.result.value == "met" for c in view.outcome.criteria)
    # The correction "we actually have 22 employees" changed headcount, not the asked field.
    assert view.form["headcount"] == 22
    assert "22" in view.provenance["headcount"].source_text
    assert view.form["affected_over_10_percent"] == 12
    assert view.form["betriebsnummer"] == "09912342"
    letter = await store.get_letter(view.decision.letter_id or "")
    assert letter is not None and letter.outcome == "approved"
    assert view.decision.objection_deadline is not None
    # The read model follows in an activity right after the decision.
    row = await eventually(lambda: store.get_case(view.case_id), lambda r: r.status == "decided")
    assert row.outcome == "approved"
    assert row.progress_done == row.progress_total


async def test_sign_off_then_approve(service: CaseService, store: CaseStore) -> None:
    view = await run_script(service, script(1))
    assert view.decision is not None
    assert view.decision.outcome.value == "approved"
    assert view.decision.decided_by == "demo.caseworker"
    tasks = await store.list_tasks(status="done")
    assert any(t.case_id == view.case_id and t.outcome == "approve" for t in tasks)


async def _queued(store: CaseStore, task_id: str) -> TaskProjection:
    """The queue row is written by an activity right after the status changes."""
    return await eventually(lambda: store.get_task(task_id), timeout=5.0)


async def test_refusal_needs_sign_off_and_is_rejected(
    service: CaseService, store: CaseStore
) -> None:
    case_id, _ = await converse(service, script(2))
    view = await service.wait_for_status(case_id, CaseStatus.UNDER_REVIEW)
    assert view.status is CaseStatus.UNDER_REVIEW, "a refusal is never decided automatically"
    assert view.outcome is not None and not view.outcome.eligible
    failed = [c.code for c in view.outcome.criteria if c.result.value != "met"]
    assert failed == ["minimum_share"]
    assert view.task is not None
    task_id = view.task.task_id
    queued = await _queued(store, task_id)
    assert queued.status.value == "open" and queued.group == "short_time_work"
    await service.claim(task_id, "alice")
    with pytest.raises(CaseError) as missing_reason:
        await service.decide(DecideInput(task_id=task_id, user="alice", outcome="reject"))
    assert missing_reason.value.code == "reason_required"
    await service.decide(
        DecideInput(task_id=task_id, user="alice", outcome="reject", reason="too few")
    )
    view = await service.wait_for_status(case_id, CaseStatus.DECIDED)
    assert view.decision is not None and view.decision.outcome.value == "rejected"
    assert view.decision.decided_by == "alice"
    letter = await store.get_letter(view.decision.letter_id or "")
    assert letter is not None and "too few" in letter.html


async def test_claim_is_exclusive_and_decisions_need_the_holder(service: CaseService) -> None:
    case_id, _ = await converse(service, script(2))
    view = await service.wait_for_status(case_id, CaseStatus.UNDER_REVIEW)
    assert view.task is not None
    task_id = view.task.task_id
    results = await asyncio.gather(
        service.claim(task_id, "alice"), service.claim(task_id, "bob"), return_exceptions=True
    )
    winners = [r for r in results if not isinstance(r, BaseException)]
    losers = [r for r in results if isinstance(r, CaseError)]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0].code == "already_claimed" and losers[0].http_status == 409
    holder = winners[0].claimed_by
    other = "bob" if holder == "alice" else "alice"
    with pytest.raises(CaseError) as not_holder:
        await service.decide(DecideInput(task_id=task_id, user=other, outcome="approve"))
    assert not_holder.value.code == "not_holder"
    with pytest.raises(CaseError) as bad_outcome:
        await service.decide(
            DecideInput(task_id=task_id, user=holder or "", outcome="uphold", reason="x")
        )
    assert bad_outcome.value.code == "invalid_outcome"
    await service.release(task_id, holder or "")
    await service.claim(task_id, other)
    assert (await service.view(case_id)).task.claimed_by == other  # type: ignore[union-attr]


async def test_request_info_reopens_the_conversation(service: CaseService) -> None:
    case_id, _ = await converse(service, script(1))
    view = await service.wait_for_status(case_id, CaseStatus.UNDER_REVIEW)
    assert view.task is not None
    task_id = view.task.task_id
    await service.claim(task_id, "carol")
    with pytest.raises(CaseError) as no_question:
        await service.decide(DecideInput(task_id=task_id, user="carol", outcome="request_info"))
    assert no_question.value.code == "question_required"
    await service.decide(
        DecideInput(
            task_id=task_id,
            user="carol",
            outcome="request_info",
            question="When will the renovation end?",
        )
    )
    view = await service.wait_for(
        case_id, lambda v: v.question is not None and v.question.field == "_caseworker"
    )
    assert view.status is CaseStatus.AWAITING_APPLICANT
    assert "When will the renovation end?" in view.question.text  # type: ignore[union-attr]
    reply = await service.send(case_id, "In about three months.")
    assert reply.question is not None and reply.question.field == "_review"
    reply = await service.send(case_id, "yes")
    assert reply.question is None
    view = await service.wait_for_status(case_id, CaseStatus.UNDER_REVIEW)
    assert view.task is not None and view.task.task_id != task_id
    await service.claim(view.task.task_id, "carol")
    await service.decide(DecideInput(task_id=view.task.task_id, user="carol", outcome="approve"))
    view = await service.wait_for_status(case_id, CaseStatus.DECIDED)
    assert view.decision is not None and view.decision.outcome.value == "approved"
    assert any(entry.kind == "decision" and "request_info" in entry.text for entry in view.timeline)


async def test_invalid_answer_is_recorded_and_asked_again(service: CaseService) -> None:
    case_id, reply = await service.start("short_time_work", "en")
    assert reply.question is not None and reply.question.field == "cause"
    reply = await service.send(case_id, "purple elephants")
    assert not reply.understood
    assert reply.question is not None and reply.question.field == "cause"
    assert reply.reply, "the reply explains why the answer was not used"
    assert "cause" not in reply.form
    reply = await service.send(case_id, "economic reasons")
    assert reply.understood and reply.form["cause"] == "economic"
    view = await service.view(case_id)
    assert view.turn == 2
    assert any(entry.kind == "not_understood" for entry in view.timeline)


async def test_correction_at_review(service: CaseService) -> None:
    answers = script(0)
    answers.answers["affected_over_10_percent"] = ["zwölf"]
    case_id, reply = await service.start("short_time_work", "de")
    while reply.question is not None and reply.question.field != "_review":
        reply = await service.send(case_id, answers.answer(reply.question.field))
    assert reply.form["headcount"] == 20
    reply = await service.send(case_id, "Eigentlich haben wir 24 Mitarbeiter")
    assert reply.form["headcount"] == 24
    assert reply.question is not None and reply.question.field == "_review"
    reply = await service.send(case_id, "Ja")
    assert reply.question is None
    view = await service.wait_for_status(case_id, CaseStatus.DECIDED)
    assert view.form["headcount"] == 24


async def _asked_fields(
    service: CaseService, answers: dict[str, str], language: str = "en"
) -> list[str]:
    case_id, reply = await service.start("short_time_work", language)
    asked: list[str] = []
    while reply.question is not None and reply.question.field in answers:
        asked.append(reply.question.field)
        reply = await service.send(case_id, answers[reply.question.field])
    return asked


async def test_question_order_depends_on_the_cause(service: CaseService) -> None:
    common = {
        "cause_description": "see above",
        "loss_start_month": f"from {TODAY:%B %Y}",
        "expected_duration_months": "3",
    }
    economic = await _asked_fields(
        service, {"cause": "economic reasons", "orders_expected_to_recover": "yes", **common}
    )
    event = await _asked_fields(
        service,
        {
            # Not "flood": that would state the event's type too, and it would
            # not be asked.
            "cause": "an unavoidable event",
            "event_type": "natural disaster",
            "event_date": "1 March 2026",
            **common,
        },
    )
    assert economic[:2] == event[:2] == ["cause", "cause_description"]
    assert "orders_expected_to_recover" in economic and "orders_expected_to_recover" not in event
    assert "event_type" in event and "event_date" in event and "event_type" not in economic
    assert economic != event


@pytest.fixture
def slow_understanding() -> SlowActivities:
    """Makes the understanding activity take a while, to overlap two messages."""
    return SlowActivities({"*.understand"}, 1.0)


@pytest.fixture
async def slow_service(
    client: Client, store: CaseStore, slow_understanding: SlowActivities
) -> AsyncIterator[CaseService]:
    queue = f"tq-slow-{uuid.uuid4().hex[:8]}"
    async with build_worker(client, queue, store, interceptors=[slow_understanding]):
        yield CaseService(client, queue)


async def test_second_message_while_first_is_processed_gets_409(
    slow_service: CaseService, slow_understanding: SlowActivities
) -> None:
    case_id, _ = await slow_service.start("short_time_work", "en")
    slow_understanding.started.clear()  # only this message's turn counts
    first = asyncio.create_task(slow_service.send(case_id, "economic reasons"))
    await slow_understanding.started.wait()  # the first turn is being understood
    with pytest.raises(CaseError) as busy:
        await slow_service.send(case_id, "flood")
    assert busy.value.code == "turn_in_progress" and busy.value.http_status == 409
    reply = await first
    assert reply.form["cause"] == "economic"
    view = await slow_service.view(case_id)
    assert view.turn == 1, "the refused message left no trace"


async def test_same_idempotency_key_applies_once(service: CaseService) -> None:
    case_id, _ = await service.start("short_time_work", "en")
    first = await service.send(case_id, "economic reasons", idempotency_key="k1")
    again = await service.send(case_id, "economic reasons", idempotency_key="k1")
    assert again == first
    view = await service.view(case_id)
    assert view.turn == 1


async def test_continue_as_new_every_three_turns(
    client: Client, store: CaseStore, task_queue: str
) -> None:
    service = CaseService(client, task_queue, continue_as_new_after_turns=3)
    answers = script(0)
    async with build_worker(client, task_queue, store):
        case_id, reply = await service.start("short_time_work", "de")
        first_run = (await client.get_workflow_handle(case_id).describe()).run_id
        keyed_reply = None
        keyed_text = ""
        while reply.question is not None:
            field = reply.question.field
            text = answers.answer(field)
            if field == "cause_description":
                keyed_text = text
                keyed_reply = await service.send(case_id, text, idempotency_key="same-key")
                reply = keyed_reply
                continue
            reply = await service.send(case_id, text)
            if field == "average_loss_percent" and keyed_reply is not None:
                # Several runs later: the repeated key returns the first answer, applies nothing.
                turn_before = (await service.view(case_id)).turn
                # (the same message resent: a different text with a used key is refused)
                repeated = await service.send(case_id, keyed_text, idempotency_key="same-key")
                assert repeated == keyed_reply
                with pytest.raises(CaseError, match="Idempotency-Key"):
                    await service.send(case_id, "something different", idempotency_key="same-key")
                assert (await service.view(case_id)).turn == turn_before
        view = await service.wait_for_status(case_id, CaseStatus.DECIDED)
        last_run = (await client.get_workflow_handle(case_id).describe()).run_id
    assert last_run != first_run, "the case continued as new"
    assert view.decision is not None and view.decision.outcome.value == "approved"
    assert view.form["headcount"] == 22, "the correction survived continue-as-new"
    assert view.runs >= 5, view.runs


async def test_worker_restart_mid_conversation_loses_nothing(
    client: Client, store: CaseStore, task_queue: str
) -> None:
    service = CaseService(client, task_queue)
    answers = script(0)
    async with build_worker(client, task_queue, store, max_cached_workflows=0):
        case_id, reply = await service.start("short_time_work", "de")
        for _ in range(6):
            assert reply.question is not None
            reply = await service.send(case_id, answers.answer(reply.question.field))
        before = dict(reply.form)
    # A new worker with an empty cache rebuilds the case from its history.
    async with build_worker(client, task_queue, store):
        view = await service.view(case_id)
        assert view.form == before
        reply = await service.send(case_id, answers.answer(view.question.field))  # type: ignore[union-attr]
        assert set(before) <= set(reply.form)
