"""The queue's rules: who may claim, release and decide a task.

Pure checks over a task and a request, shared by the case workflow (review,
second review, completeness, appeal and revision tasks) and the consultation
workflow (a consulted service's task), so both answer a caller the same way.
Each raises the non-retryable error the API maps to its status; the workflow
that owns the task checks first whether the task is still open (each has its
own notion of "open").
"""

from __future__ import annotations

from schemas.case import PendingTask
from schemas.task import ClaimInput, DecideInput
from workflows import errors


def check_claim(task: PendingTask, user: str) -> None:
    """Refuse a claim on a task someone else holds (claiming one's own again is fine).

    Raises:
        ApplicationError: Of type ``already_claimed``.
    """
    if task.claimed_by and task.claimed_by != user:
        raise errors.rejected(errors.ALREADY_CLAIMED, f"claimed by {task.claimed_by}")


def check_release(task: PendingTask, request: ClaimInput) -> None:
    """Refuse a release by anyone but the holder, or on behalf of someone who no longer holds it.

    Raises:
        ApplicationError: Of type ``not_holder``.
    """
    # On someone's behalf (supervisor, deactivated account) only while they
    # still hold it, so a stale click is refused.
    holder = request.holder or request.user
    if task.claimed_by is None or task.claimed_by != holder:
        raise errors.rejected(errors.NOT_HOLDER, "only the holder can release the task")


def check_decision(
    task: PendingTask,
    request: DecideInput,
    allowed: frozenset[str],
    needs_reason: frozenset[str],
    needs_question: frozenset[str] = frozenset(),
) -> None:
    """Refuse a decision by anyone but the holder, or one the task's kind cannot take.

    Args:
        task: The open task.
        request: The decision.
        allowed: The outcomes a task of this kind can have.
        needs_reason: Outcomes that must say why.
        needs_question: Outcomes that must carry the question asked.

    Raises:
        ApplicationError: Of type ``not_holder``, ``invalid_outcome``,
            ``reason_required`` or ``question_required``.
    """
    if task.claimed_by != request.user:
        raise errors.rejected(errors.NOT_HOLDER, "claim the task before deciding it")
    if request.outcome not in allowed:
        raise errors.rejected(
            errors.INVALID_OUTCOME, f"outcome must be one of {', '.join(sorted(allowed))}"
        )
    if request.outcome in needs_reason and not (request.reason or "").strip():
        raise errors.rejected(errors.REASON_REQUIRED, "a reason is required")
    if request.outcome in needs_question and not (request.question or "").strip():
        raise errors.rejected(errors.QUESTION_REQUIRED, "a question is required")
