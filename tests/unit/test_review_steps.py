"""The review steps every procedure shares: four-eyes, opinions on record, who may take a task."""

from __future__ import annotations

import datetime as dt

import pytest
from temporalio.exceptions import ApplicationError

from schemas.case import Outcome, PendingTask
from schemas.task import DecideInput, TaskKind
from workflows import errors
from workflows.case.review import (
    ReviewStep,
    back_to_review_summary,
    check_reviewer,
    decided,
    opinion_on_record,
    review_step,
    second_review_summary,
)

AT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def _task(kind: TaskKind, previous_decider: str | None = None) -> PendingTask:
    return PendingTask(
        task_id="case-1:4",
        kind=kind.value,
        group="minimum_income",
        created_at=AT,
        summary="amount over threshold",
        previous_decider=previous_decider,
    )


@pytest.mark.parametrize(
    ("kind", "outcome", "four_eyes", "step"),
    [
        (TaskKind.REVIEW, "approve", False, ReviewStep.APPROVE),
        (TaskKind.REVIEW, "approve", True, ReviewStep.SECOND_REVIEW),
        (TaskKind.REVIEW, "reject", True, ReviewStep.REJECT),
        (TaskKind.REVIEW, "reject", False, ReviewStep.REJECT),
        (TaskKind.REVIEW, "request_info", True, ReviewStep.REQUEST_INFO),
        (TaskKind.SECOND_REVIEW, "approve", True, ReviewStep.APPROVE),
        (TaskKind.SECOND_REVIEW, "reject", True, ReviewStep.BACK_TO_REVIEW),
    ],
)
def test_each_decision_leads_to_one_step(
    kind: TaskKind, outcome: str, four_eyes: bool, step: ReviewStep
) -> None:
    assert review_step(kind, outcome, four_eyes) is step


def test_an_unknown_outcome_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot be decided 'uphold'"):
        review_step(TaskKind.REVIEW, "uphold", four_eyes=False)


def test_only_deciding_steps_have_an_outcome() -> None:
    assert decided(ReviewStep.APPROVE) is Outcome.APPROVED
    assert decided(ReviewStep.REJECT) is Outcome.REJECTED
    for step in (ReviewStep.SECOND_REVIEW, ReviewStep.BACK_TO_REVIEW, ReviewStep.REQUEST_INFO):
        assert decided(step) is None


def test_opinions_are_kept_for_the_four_eyes_chain_only() -> None:
    first = DecideInput(task_id="case-1:4", user="ines", outcome="approve")
    opinion = opinion_on_record(ReviewStep.SECOND_REVIEW, _task(TaskKind.REVIEW), first, AT)
    assert opinion is not None
    assert (opinion.user, opinion.outcome, opinion.kind, opinion.at) == (
        "ines",
        "approve",
        "review",
        AT,
    )
    second = DecideInput(task_id="case-1:5", user="jules", outcome="reject", reason="IBAN")
    on_second = _task(TaskKind.SECOND_REVIEW, previous_decider="ines")
    kept = opinion_on_record(ReviewStep.BACK_TO_REVIEW, on_second, second, AT)
    assert kept is not None and kept.reason == "IBAN" and kept.kind == "second_review"
    final = DecideInput(task_id="case-1:5", user="karim", outcome="approve")
    assert opinion_on_record(ReviewStep.APPROVE, on_second, final, AT) is not None
    # A single reviewer's decision is the case's decision: no separate opinion.
    alone = DecideInput(task_id="case-1:4", user="lea", outcome="reject", reason="income")
    assert opinion_on_record(ReviewStep.REJECT, _task(TaskKind.REVIEW), alone, AT) is None


def test_summaries_name_both_reviewers_and_the_reason() -> None:
    first = DecideInput(task_id="case-1:4", user="ines", outcome="approve")
    assert second_review_summary(_task(TaskKind.REVIEW), first) == (
        "four-eyes: approved by ines; amount over threshold"
    )
    refusal = DecideInput(task_id="case-1:5", user="jules", outcome="reject", reason="IBAN")
    summary = back_to_review_summary(_task(TaskKind.SECOND_REVIEW, "ines"), refusal)
    assert summary == "second review rejected by jules: IBAN; first approval by ines"


@pytest.mark.parametrize(
    ("kind", "words"),
    [(TaskKind.SECOND_REVIEW, "first approver"), (TaskKind.APPEAL, "the one who decided")],
)
def test_the_previous_decider_cannot_take_the_task(kind: TaskKind, words: str) -> None:
    task = _task(kind, previous_decider="ines")
    with pytest.raises(ApplicationError) as refused:
        check_reviewer(task, "ines")
    assert refused.value.type == errors.SAME_REVIEWER and words in refused.value.message
    check_reviewer(task, "jules")
    check_reviewer(_task(TaskKind.REVIEW), "ines")
