"""Caseworker tasks in the approval queue and the actions on them."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class TaskKind(StrEnum):
    """Kinds of task (API.md lists the outcomes each allows)."""

    REVIEW = "review"
    SECOND_REVIEW = "second_review"
    COMPLETENESS = "completeness"
    CONSULTATION = "consultation"
    APPEAL = "appeal"
    REVISION = "revision"
    """A decided case offered for revision (e.g. decided with a parameter set
    no longer in force on its date): kept or re-decided by a caseworker."""


class TaskStatus(StrEnum):
    """Where a task is in the queue."""

    OPEN = "open"
    CLAIMED = "claimed"
    DONE = "done"
    CANCELLED = "cancelled"


TASK_OUTCOMES: dict[TaskKind, frozenset[str]] = {
    TaskKind.REVIEW: frozenset({"approve", "reject", "request_info"}),
    TaskKind.SECOND_REVIEW: frozenset({"approve", "reject"}),
    TaskKind.COMPLETENESS: frozenset({"complete", "request_documents"}),
    TaskKind.CONSULTATION: frozenset({"agree", "agree_with_conditions", "object"}),
    TaskKind.APPEAL: frozenset({"uphold", "revise"}),
    TaskKind.REVISION: frozenset({"uphold", "revise"}),
}
NEEDS_REASON: frozenset[str] = frozenset({"reject", "object", "uphold", "revise"})
NEEDS_QUESTION: frozenset[str] = frozenset({"request_info", "request_documents"})


class ClaimInput(BaseModel):
    """A caseworker claims or releases a task.

    Attributes:
        task_id: The task.
        user: Who acts (recorded as the actor).
        holder: Release only: the caseworker whose claim is given back on
            their behalf (a supervisor's one-click release, or ``system`` when
            an account is deactivated); the service checks who may do this.
    """

    task_id: str
    user: str
    holder: str | None = None


class DecideInput(BaseModel):
    """A caseworker decides a task they hold.

    Attributes:
        task_id: The task.
        user: The caseworker (must hold the task).
        outcome: One of the outcomes allowed for the task's kind.
        reason: Required for negative outcomes.
        question: Required for ``request_info`` / ``request_documents``.
    """

    task_id: str
    user: str
    outcome: str
    reason: str | None = None
    question: str | None = None


class CorrectValueInput(BaseModel):
    """A caseworker corrects one form value (or fills one left to the caseworker).

    Attributes:
        task_id: The review task the caseworker holds.
        user: The caseworker (recorded in the value's provenance).
        field: The form field.
        value: The value, already read and checked by the service (the same
            parser as the applicant's answers, so the form keeps one format).
        reason: Why, for the timeline and the audit (required).
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    task_id: str
    user: str
    field: str
    value: Any
    reason: str = Field(min_length=1, max_length=2000)


class ReassignInput(BaseModel):
    """A supervisor hands a task to a named caseworker.

    Attributes:
        task_id: The task.
        user: The supervisor (recorded as the actor).
        to: The caseworker who holds the task afterwards.
    """

    task_id: str
    user: str
    to: str


class TaskActionResult(BaseModel):
    """Result of a claim, release or decision."""

    task_id: str
    status: TaskStatus
    claimed_by: str | None = None
    message: str = ""


class TaskView(BaseModel):
    """One row of the approval queue (the API's task shape)."""

    task_id: str
    case_id: str
    procedure: str
    kind: TaskKind
    group: str
    status: TaskStatus
    claimed_by: str | None = None
    priority: int = 0
    due_at: dt.datetime | None = None
    created_at: dt.datetime
    summary: str = ""
