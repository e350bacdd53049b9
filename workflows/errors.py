"""Error types raised by case workflow validators and handlers.

They are ``ApplicationError`` types, so clients (the API, the CLI) map them
to HTTP statuses without parsing messages. Messages never carry personal data.
"""

from __future__ import annotations

from temporalio.exceptions import ActivityError, ApplicationError

TURN_IN_PROGRESS = "turn_in_progress"
WRONG_STATE = "wrong_state"
UNKNOWN_TASK = "unknown_task"
ALREADY_CLAIMED = "already_claimed"
NOT_HOLDER = "not_holder"
INVALID_OUTCOME = "invalid_outcome"
REASON_REQUIRED = "reason_required"
QUESTION_REQUIRED = "question_required"
UNDERSTANDING_FAILED = "understanding_failed"
FOUR_EYES = "four_eyes"
"""The second review of a four-eyes task was claimed by the first approver."""
CASE_BUSY = "case_busy"
"""The case is handing over to a new run (continue-as-new); retry in a moment."""
SETTLED = "settled_by_deadline"
"""A statutory deadline already settled the task (tacit decision, deemed agreement)."""
SAME_REVIEWER = "same_reviewer"
"""Four-eyes: the first approver cannot take the second review."""
UNKNOWN_FIELD = "unknown_field"
"""A message names a field the procedure does not have."""
INVALID_INPUT = "invalid_input"
"""A value of an applicant action is malformed (score out of range, not an address)."""
ALREADY_DECIDED = "already_decided"
"""The task has taken its decision already (a second click, a concurrent decision)."""
STALE_TURN = "stale_turn"
"""A message names a turn already answered (a resend after a timeout with another text)."""

CONFLICTS = frozenset(
    {
        TURN_IN_PROGRESS,
        WRONG_STATE,
        ALREADY_CLAIMED,
        NOT_HOLDER,
        CASE_BUSY,
        SETTLED,
        ALREADY_DECIDED,
        STALE_TURN,
    }
)
"""Error types that mean 409 Conflict; the others mean 422 or 404."""


def rejected(kind: str, message: str) -> ApplicationError:
    """Return a non-retryable error of type ``kind``."""
    return ApplicationError(message, type=kind, non_retryable=True)


RULES_FAILED = "rules_failed"
"""Rules that raised (``activities.eligibility``): never retried, sent to a caseworker."""

RULES_FAILED_PRIORITY = 100
"""Above any policy's priority: a case the rules could not assess waits for nobody else."""


def rules_failure(error: ActivityError) -> str | None:
    """The type of error the rules raised, when ``error`` is a ``rules_failed``; else None."""
    cause = error.cause
    if isinstance(cause, ApplicationError) and cause.type == RULES_FAILED:
        return cause.message.removeprefix("the rules could not be applied (").rstrip(")")
    return None
