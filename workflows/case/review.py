"""What a caseworker's decision on a review task leads to, for every procedure.

The plain review loop of :mod:`workflows.case.assessment` and the lifecycle's
(:mod:`workflows.case.lifecycle`) both ask here, so four-eyes works the same in
every procedure: an approval on the first review of a four-eyes case opens a
second review for someone else; a second reviewer's refusal sends the case
back to a first review with both opinions on record; an approval that needs
no second pair of eyes, or a second reviewer's approval, decides. Each loop
still opens tasks its own way (a lifecycle task keeps the statutory
deadline, a plain one the group and due date of the task it replaces).

Pure functions over the schemas, imported through the workflow sandbox like
the steps that use them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from schemas.case import Outcome, PendingTask
from schemas.lifecycle import Opinion
from schemas.task import DecideInput, TaskKind
from workflows import errors


class ReviewStep(StrEnum):
    """The step a decision on a review or second review leads to."""

    SECOND_REVIEW = "second_review"
    """Open a second review (four-eyes): someone other than the first reviewer signs."""
    BACK_TO_REVIEW = "back_to_review"
    """The second reviewer disagrees: a new first review, both opinions attached."""
    APPROVE = "approve"
    """Decide: approved."""
    REJECT = "reject"
    """Decide: rejected."""
    REQUEST_INFO = "request_info"
    """Ask the applicant a question; the case waits for the answer."""


def check_reviewer(task: PendingTask, user: str) -> None:
    """Refuse ``user`` a task that needs someone other than its previous decider.

    A second review needs a caseworker other than the first approver, and an
    appeal one other than the caseworker who decided. Claims, reassignments
    and decisions all check it.

    Args:
        task: The task to be taken.
        user: Who would take it.

    Raises:
        ApplicationError: Of type ``same_reviewer`` when ``user`` decided before.
    """
    if task.previous_decider is None or task.previous_decider != user:
        return
    if task.kind == TaskKind.APPEAL.value:
        message = "the appeal needs a caseworker other than the one who decided"
    else:
        message = "the second review needs a caseworker other than the first approver"
    raise errors.rejected(errors.SAME_REVIEWER, message)


def review_step(kind: TaskKind, outcome: str, four_eyes: bool) -> ReviewStep:
    """Return the step a decision leads to.

    Args:
        kind: The kind of the task decided (review or second review).
        outcome: The decision's outcome (``approve``, ``reject``,
            ``request_info``), already checked against the task's kind by the
            Update's validator.
        four_eyes: Whether the case's sign-off needs two caseworkers.

    Returns:
        The step.

    Raises:
        ValueError: For an outcome a review cannot have.
    """
    if outcome == "request_info":
        return ReviewStep.REQUEST_INFO
    if outcome == "approve":
        if kind is TaskKind.REVIEW and four_eyes:
            return ReviewStep.SECOND_REVIEW
        return ReviewStep.APPROVE
    if outcome == "reject":
        return ReviewStep.BACK_TO_REVIEW if kind is TaskKind.SECOND_REVIEW else ReviewStep.REJECT
    raise ValueError(f"a {kind.value} task cannot be decided {outcome!r}")


def decided(step: ReviewStep) -> Outcome | None:
    """Return the case's outcome when ``step`` decides it, else None."""
    return {ReviewStep.APPROVE: Outcome.APPROVED, ReviewStep.REJECT: Outcome.REJECTED}.get(step)


def opinion_on_record(
    step: ReviewStep, task: PendingTask, decision: DecideInput, at: dt.datetime
) -> Opinion | None:
    """Return the opinion to keep with the case, or None when none is kept.

    Opinions are kept for the four-eyes chain: the first approval that opens
    a second review, and every second reviewer's decision. A single
    reviewer's decision is already the case's decision (who, when, why).

    Args:
        step: The step the decision leads to.
        task: The task decided.
        decision: The decision.
        at: When (workflow time).

    Returns:
        The opinion, or None.
    """
    if step is not ReviewStep.SECOND_REVIEW and task.kind != TaskKind.SECOND_REVIEW.value:
        return None
    return Opinion(
        task_id=task.task_id,
        kind=task.kind,
        user=decision.user,
        outcome=decision.outcome,
        reason=decision.reason,
        at=at,
    )


def second_review_summary(task: PendingTask, decision: DecideInput) -> str:
    """The queue summary of a second review: who approved first, and the first task's summary."""
    return f"four-eyes: approved by {decision.user}; {task.summary}"


def back_to_review_summary(task: PendingTask, decision: DecideInput) -> str:
    """The queue summary of a first review reopened by a second reviewer's refusal."""
    return (
        f"second review rejected by {decision.user}: {decision.reason}; "
        f"first approval by {task.previous_decider or '?'}"
    )
