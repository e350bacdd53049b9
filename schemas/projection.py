"""Read-model writes issued by the case workflow.

Every write carries ``version`` (the case's projection sequence); the store
applies it only if newer than what it holds, so a retried or reordered
activity never rolls anything back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from schemas.conversation import ConversationEntry
from schemas.task import TaskKind, TaskStatus


class CaseProjection(BaseModel):
    """The case row of the read model."""

    model_config = ConfigDict(hide_input_in_errors=True)

    case_id: str
    version: int
    procedure: str
    language: str
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime
    submitted_at: dt.datetime | None = None
    decided_at: dt.datetime | None = None
    outcome: str | None = None
    decided_by: str | None = None
    amount: str | None = None
    progress_done: int = 0
    progress_total: int = 0
    form: dict[str, Any] = Field(default_factory=dict)
    summary: dict[str, Any] = Field(default_factory=dict)
    purged_at: dt.datetime | None = None
    """Set by the retention purge only (read back from the store, never written
    by a projection)."""
    # Statistics (migration 0007_statistics).
    first_action_at: dt.datetime | None = None
    automatic: bool = False
    appealed: bool = False
    changed_on: str | None = None
    satisfaction: int | None = None


class TaskProjection(BaseModel):
    """The task row of the read model (the approval queue)."""

    task_id: str
    version: int
    case_id: str
    procedure: str
    kind: TaskKind
    group: str
    status: TaskStatus
    claimed_by: str | None = None
    priority: int = 0
    due_at: dt.datetime | None = None
    created_at: dt.datetime
    updated_at: dt.datetime
    summary: str = ""
    outcome: str | None = None
    decided_by: str | None = None
    claimed_at: dt.datetime | None = None
    """When the holder claimed it (supervision: claims held too long)."""


class LetterRecord(BaseModel):
    """A rendered decision letter as stored."""

    model_config = ConfigDict(hide_input_in_errors=True)

    letter_id: str
    case_id: str
    language: str
    outcome: str
    html: str
    created_at: dt.datetime


class ProjectionBatch(BaseModel):
    """Several read-model writes applied in one transaction."""

    model_config = ConfigDict(hide_input_in_errors=True)

    case: CaseProjection | None = None
    tasks: list[TaskProjection] = Field(default_factory=list)
    letters: list[LetterRecord] = Field(default_factory=list)
    messages: list[ConversationEntry] = Field(default_factory=list)
    """Conversation entries not yet written (cases whose conversation is kept
    in the case database); each is inserted once, whatever the retries."""
