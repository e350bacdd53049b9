"""Caseworker Updates on the case workflow: claim expiry, reassignment, four-eyes."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator

import pytest
from temporalio import activity
from temporalio.client import Client
from temporalio.worker import Worker

from activities.eligibility import evaluate_eligibility
from activities.letters import LetterActivities
from activities.store import StoreActivities
from guichet.store import CaseStore
from runtime.service import CaseError, CaseService
from runtime.temporal import build_replayer, langgraph_plugin
from schemas.case import CaseStatus, CaseView
from schemas.rules import EligibilityInput, EligibilityResult, SignOff
from schemas.task import DecideInput
from tests.helpers import TEST_KEYS
from tools.demo import converse, demo_scripts
from workflows import CaseWorkflow

TODAY = dt.date.today()


async def under_review(service: CaseService, index: int = 2) -> CaseView:
    case_id, _ = await converse(service, demo_scripts(TODAY)[index])
    view = await service.wait_for_status(case_id, CaseStatus.UNDER_REVIEW)
    assert view.status is CaseStatus.UNDER_REVIEW and view.task is not None
    return view


async def test_a_claim_held_too_long_returns_to_the_group(
    client: Client, store: CaseStore, task_queue: str, worker: Worker
) -> None:
    service = CaseService(client, task_queue, claim_timeout_seconds=1)
    view = await under_review(service)
    task_id = view.task.task_id  # type: ignore[union-attr]
    await service.claim(task_id, "alice")
    with pytest.raises(CaseError):
        await service.claim(task_id, "bob")
    view = await service.wait_for(
        view.case_id, lambda v: v.task is not None and v.task.claimed_by is None
    )
    assert view.task is not None and view.task.claimed_by is None
    assert [e.kind for e in view.timeline if e.kind in ("claimed", "claim_expired")] == [
        "claimed",
        "claim_expired",
    ]
    assert (await service.claim(task_id, "bob")).claimed_by == "bob"
    row = await store.get_task(task_id)
    assert row is not None and row.claimed_by == "bob"
    # The new behaviour is recorded behind its patch marker and replays.
    history = await client.get_workflow_handle(view.case_id).fetch_history()
    replayed = await build_replayer(TEST_KEYS).replay_workflow(
        history, raise_on_replay_failure=False
    )
    assert replayed.replay_failure is None, replayed.replay_failure
    markers = [e for e in history.events if e.HasField("marker_recorded_event_attributes")]
    assert markers, "the claim-expiry patch marker is in the history"


async def test_reassign_records_the_supervisor(service: CaseService) -> None:
    view = await under_review(service)
    task_id = view.task.task_id  # type: ignore[union-attr]
    await service.claim(task_id, "alice")
    result = await service.reassign(task_id, "sup", "bob")
    assert result.claimed_by == "bob"
    view = await service.view(view.case_id)
    entry = view.timeline[-1]
    assert (entry.kind, entry.actor) == ("reassigned", "sup")
    assert "alice" in entry.text and "bob" in entry.text
    with pytest.raises(CaseError) as not_holder:
        await service.decide(DecideInput(task_id=task_id, user="alice", outcome="approve"))
    assert not_holder.value.code == "not_holder"
    with pytest.raises(CaseError) as unknown:
        await service.reassign("nope:1", "sup", "bob")
    assert unknown.value.http_status == 404


@activity.defn(name="eligibility.evaluate")
async def _four_eyes_eligibility(request: EligibilityInput) -> EligibilityResult:
    """The real rules, with a policy that always wants two caseworkers."""
    result = await evaluate_eligibility(request)
    return EligibilityResult(
        outcome=result.outcome,
        sign_off=SignOff(automatic=False, reasons=["amount"], four_eyes=True, priority=1),
    )


@pytest.fixture
async def four_eyes_service(client: Client, store: CaseStore) -> AsyncIterator[CaseService]:
    queue = f"tq-4eyes-{uuid.uuid4().hex[:8]}"
    async with Worker(
        client,
        task_queue=queue,
        workflows=[CaseWorkflow],
        activities=[
            StoreActivities(store).apply_projection,
            LetterActivities(store).issue_letter,
            _four_eyes_eligibility,
        ],
        plugins=[langgraph_plugin()],
    ):
        yield CaseService(client, queue)


async def _next_task(service: CaseService, case_id: str, previous: str) -> CaseView:
    view = await service.wait_for(
        case_id, lambda v: v.task is not None and v.task.task_id != previous
    )
    assert view.task is not None and view.task.task_id != previous
    return view


async def test_four_eyes(four_eyes_service: CaseService) -> None:
    service = four_eyes_service
    view = await under_review(service, index=0)
    first = view.task.task_id  # type: ignore[union-attr]
    await service.claim(first, "alice")
    await service.decide(DecideInput(task_id=first, user="alice", outcome="approve"))
    view = await _next_task(service, view.case_id, first)
    second = view.task
    assert second is not None and second.kind == "second_review"
    assert second.previous_decider == "alice" and view.decision is None
    with pytest.raises(CaseError) as same_person:
        await service.claim(second.task_id, "alice")
    assert same_person.value.code == "same_reviewer" and same_person.value.http_status == 403
    with pytest.raises(CaseError):
        await service.reassign(second.task_id, "sup", "alice")
    await service.claim(second.task_id, "bob")
    with pytest.raises(CaseError) as no_info:
        await service.decide(
            DecideInput(task_id=second.task_id, user="bob", outcome="request_info", question="?")
        )
    assert no_info.value.code == "invalid_outcome"
    # The second reviewer disagrees: back to a first review with both opinions.
    await service.decide(
        DecideInput(task_id=second.task_id, user="bob", outcome="reject", reason="check pay")
    )
    view = await _next_task(service, view.case_id, second.task_id)
    again = view.task
    assert again is not None and again.kind == "review"
    assert [(o.user, o.kind, o.outcome) for o in view.opinions] == [
        ("alice", "review", "approve"),
        ("bob", "second_review", "reject"),
    ]
    assert "alice" in again.summary and "bob" in again.summary and "check pay" in again.summary
    await service.claim(again.task_id, "carol")
    await service.decide(DecideInput(task_id=again.task_id, user="carol", outcome="approve"))
    view = await _next_task(service, view.case_id, again.task_id)
    last = view.task
    assert last is not None and last.kind == "second_review"
    await service.claim(last.task_id, "alice")
    await service.decide(DecideInput(task_id=last.task_id, user="alice", outcome="approve"))
    view = await service.wait_for_status(view.case_id, CaseStatus.DECIDED)
    assert view.decision is not None and view.decision.outcome.value == "approved"
    assert view.decision.decided_by == "alice"
