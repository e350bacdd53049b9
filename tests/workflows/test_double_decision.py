"""A task takes exactly one decision (issue 23, item 1).

Two decisions on one task from its holder (approve + reject, or the same
twice: a double click) used to be accepted both; the second stayed pending
in the workflow and, when the applicant appealed, settled the appeal by
itself with its stale reason. The letter activity is slowed here so that the
second decision reliably arrives while the first one is being carried out
(the window in which the old code accepted it).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import AsyncIterator

import pytest
from temporalio.client import Client

from guichet.store import CaseStore
from runtime.service import CaseError, CaseService
from runtime.temporal import build_replayer, build_worker
from schemas.case import CaseStatus, CaseView, Outcome
from schemas.task import DecideInput
from tests.helpers import TEST_KEYS, SlowActivities
from tools.demo import converse, demo_scripts

LETTER_DELAY = 1.0
"""Seconds the letter activity is held: the first decision's effect is then
still under way when the second decision arrives."""


@pytest.fixture
async def slow_letters(client: Client, store: CaseStore) -> AsyncIterator[CaseService]:
    queue = f"tq-letters-{uuid.uuid4().hex[:8]}"
    async with build_worker(
        client, queue, store, interceptors=[SlowActivities({"letters.issue"}, LETTER_DELAY)]
    ):
        yield CaseService(client, queue)


async def _claimed_review(service: CaseService) -> CaseView:
    # The French demo claim: refused by the rules, so it waits for a caseworker.
    case_id, _ = await converse(service, demo_scripts(dt.date.today())[2])
    view = await service.wait_for_status(case_id, CaseStatus.UNDER_REVIEW)
    assert view.task is not None
    await service.claim(view.task.task_id, "alice")
    return view


async def _replays(client: Client, case_id: str) -> None:
    history = await client.get_workflow_handle(case_id).fetch_history()
    replayed = await build_replayer(TEST_KEYS).replay_workflow(
        history, raise_on_replay_failure=False
    )
    assert replayed.replay_failure is None, replayed.replay_failure


async def test_a_double_click_gets_409_and_the_appeal_waits_for_a_person(
    client: Client, slow_letters: CaseService
) -> None:
    service = slow_letters
    view = await _claimed_review(service)
    task_id = view.task.task_id  # type: ignore[union-attr]
    reject = DecideInput(task_id=task_id, user="alice", outcome="reject", reason="no loss")
    await service.decide(reject)
    # The same click again, while the first decision's letter is being written.
    with pytest.raises(CaseError) as again:
        await service.decide(reject.model_copy(update={"reason": "second click"}))
    assert (again.value.code, again.value.http_status) == ("already_decided", 409)

    decided = await service.wait_for_status(view.case_id, CaseStatus.DECIDED)
    assert decided.decision is not None and decided.decision.outcome is Outcome.REJECTED
    assert [e.kind for e in decided.timeline].count("decision") == 1

    appeal = await service.appeal(view.case_id, "The loss was real.")
    assert appeal.task_id is not None
    # Nothing pending may settle the appeal: another caseworker claims and decides it.
    await service.claim(appeal.task_id, "bob")
    await service.decide(
        DecideInput(task_id=appeal.task_id, user="bob", outcome="revise", reason="proof given")
    )
    settled = await service.wait_for(
        view.case_id, lambda v: v.status is CaseStatus.DECIDED and v.task is None
    )
    assert settled.decision is not None and settled.decision.outcome is Outcome.APPROVED
    assert settled.decision.decided_by == "bob"
    assert not any(e.kind == "appeal_upheld" for e in settled.timeline)
    await _replays(client, view.case_id)


async def test_two_concurrent_decisions_one_wins_the_other_gets_409(
    client: Client, slow_letters: CaseService
) -> None:
    service = slow_letters
    view = await _claimed_review(service)
    task_id = view.task.task_id  # type: ignore[union-attr]
    results = await asyncio.gather(
        service.decide(DecideInput(task_id=task_id, user="alice", outcome="approve")),
        service.decide(
            DecideInput(task_id=task_id, user="alice", outcome="reject", reason="no loss")
        ),
        return_exceptions=True,
    )
    refused = [r for r in results if isinstance(r, CaseError)]
    assert len(refused) == 1, results
    assert (refused[0].code, refused[0].http_status) == ("already_decided", 409)
    decided = await service.wait_for_status(view.case_id, CaseStatus.DECIDED)
    assert [e.kind for e in decided.timeline].count("decision") == 1
    winner = Outcome.APPROVED if results[1] is refused[0] else Outcome.REJECTED
    assert decided.decision is not None and decided.decision.outcome is winner
    await _replays(client, view.case_id)


async def test_the_same_idempotency_key_returns_the_first_answer(
    slow_letters: CaseService,
) -> None:
    service = slow_letters
    view = await _claimed_review(service)
    task_id = view.task.task_id  # type: ignore[union-attr]
    reject = DecideInput(task_id=task_id, user="alice", outcome="reject", reason="no loss")
    first = await service.decide(reject, idempotency_key="k-1")
    second = await service.decide(reject, idempotency_key="k-1")
    assert first == second
    decided = await service.wait_for_status(view.case_id, CaseStatus.DECIDED)
    assert [e.kind for e in decided.timeline].count("decision") == 1
