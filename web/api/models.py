"""The API's answers, one pydantic model each: what ``/openapi.json`` describes.

Every JSON route declares one of these as its response model, so the OpenAPI
document names a schema for every successful answer and FastAPI checks each
answer against it. The JSON is the one the routes returned before they had
models (API.md's field names; instants as ``datetime.isoformat()``, amounts
as decimal strings), so no client sees a change.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, PlainSerializer, WithJsonSchema

from schemas.case import CaseStatus, Outcome, Question
from schemas.task import TaskKind, TaskStatus
from tools.audit.replay import Divergence
from tools.audit.timeline import AuditEvent, RunInfo

Instant = Annotated[
    dt.datetime,
    # ``isoformat()`` as the routes wrote it ("+00:00", not pydantic's "Z").
    PlainSerializer(lambda value: value.isoformat(), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
"""An instant, written as ``datetime.isoformat()`` (``2026-03-02T09:00:00+00:00``)."""

Amount = Annotated[
    Decimal,
    PlainSerializer(str, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "examples": ["1234.50"]}),
]
"""A sum of money, written as a decimal string (``"1234.50"``): no binary rounding."""


class ProcedureOut(BaseModel):
    """One procedure of ``GET /api/procedures``."""

    id: str
    title: str = Field(description="The title in English.")
    titles: dict[str, str] = Field(description="The title in each language, by language code.")
    languages: list[str]


class CaseStarted(BaseModel):
    """Answer of ``POST /api/cases``: the case, its access token and its first question."""

    case_id: str
    access_token: str = Field(description="The case's secret; returned here and never again.")
    status: CaseStatus
    reply: str
    question: Question | None
    turn: int = Field(description="The number of the question asked; a message may name it.")


class TurnOut(BaseModel):
    """Answer of ``POST /api/cases/{case_id}/messages``: one conversation turn."""

    status: CaseStatus
    reply: str = Field(description="What the assistant says: a confirmation, why not, ...")
    question: Question | None = Field(description="The next question; null when complete.")
    turn: int
    form: dict[str, Any] = Field(description="The answers so far, by field.")
    understood: bool = Field(description="Whether the message filled or changed anything.")


class DecisionOut(BaseModel):
    """The decision of a case."""

    outcome: Outcome
    reasons: list[str]
    amount: Amount | None = Field(description="A monthly amount, where the procedure has one.")
    decided_by: str = Field(description="``system`` for an automatic decision, else a user.")
    decided_at: Instant
    letter_url: str | None


class DeadlineOut(BaseModel):
    """A deadline running on a case."""

    code: str
    due_at: Instant
    description: str


class TimelineEntryOut(BaseModel):
    """One line of a case's timeline."""

    at: Instant
    kind: str
    text: str
    actor: str


class CaseOut(BaseModel):
    """Answer of ``GET /api/cases/{case_id}``."""

    case_id: str
    procedure: str
    language: str
    status: CaseStatus
    form: dict[str, Any]
    missing: list[str] = Field(description="Fields still to answer.")
    question: Question | None
    turn: int
    decision: DecisionOut | None
    deadlines: list[DeadlineOut]
    timeline: list[TimelineEntryOut]


class MessageOut(BaseModel):
    """One entry of the conversation."""

    seq: int = Field(description="Its number in the conversation (1 for the first).")
    role: str = Field(description="``applicant`` or ``assistant``.")
    text: str
    at: Instant | None


class MessagesPage(BaseModel):
    """Answer of ``GET /api/cases/{case_id}/messages``: a page, oldest first."""

    case_id: str
    messages: list[MessageOut]
    next_before: int | None = Field(
        description="Pass as ``before`` for the page before; null at the start."
    )


class DocumentStored(BaseModel):
    """Answer of ``POST /api/cases/{case_id}/documents``."""

    reference: str = Field(description="Send it as the answer to the document question.")
    media_type: str
    size: int


class CaseActionOut(BaseModel):
    """What an applicant's action (withdraw, appeal, contact) left the case in."""

    case_id: str
    status: CaseStatus
    outcome: Outcome | None
    task_id: str | None = Field(description="The task the action opened (an appeal's).")


class SatisfactionOut(CaseActionOut):
    """Answer of ``POST /api/cases/{case_id}/satisfaction``."""

    score: int


class TokenOut(BaseModel):
    """Answer of ``POST /api/auth/token``."""

    access_token: str
    token_type: Literal["bearer"]
    expires_at: Instant


class TaskOut(BaseModel):
    """One task of ``GET /api/tasks``."""

    task_id: str
    case_id: str
    procedure: str
    kind: TaskKind
    group: str
    status: TaskStatus
    claimed_by: str | None
    priority: int
    due_at: Instant | None
    created_at: Instant
    summary: str
    tacit_decision_at: Instant | None = Field(
        description="When silence decides the task's case, if it can."
    )
    warnings: list[Literal["tacit_decision_soon"]]


class TaskActionOut(BaseModel):
    """Answer of a claim, release, decision or reassignment."""

    task_id: str
    status: TaskStatus
    claimed_by: str | None


class CorrectionOut(TaskActionOut):
    """Answer of ``POST /api/tasks/{task_id}/corrections``."""

    message: str | None = Field(description="What the correction changed, in words.")


class ReplayOut(BaseModel):
    """The replay of a case's histories against the code deployed now."""

    ok: bool | None = Field(description="Null for a purged case (nothing left to replay).")
    events: int
    runs: int
    divergence: Divergence | None


class ArchiveLinkOut(BaseModel):
    """One archive entry of a purged case."""

    seq: int
    kind: str
    recorded_at: Instant
    digest: str


class AuditReport(BaseModel):
    """Answer of ``GET /api/cases/{case_id}/audit``.

    ``purged_at`` and ``archive`` are present only for a purged case.
    """

    case_id: str
    purged: bool
    purged_at: Instant | None = None
    procedure: str | None
    language: str | None
    graph_name: str | None
    runs: list[RunInfo] | int = Field(description="Each run; 0 for a purged case.")
    timeline: list[AuditEvent]
    replay: ReplayOut
    archive: list[ArchiveLinkOut] | None = None
