"""Case lifecycle, decisions and the state a case workflow carries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from schemas.conversation import ConversationEntry
from schemas.extraction import Extraction
from schemas.lifecycle import ConsultationOutcome, DuplicateMatch, Opinion
from schemas.rules import RuleOutcome, SignOff


class CaseStatus(StrEnum):
    """Where a case is in its lifecycle (see API.md for the public names)."""

    INTAKE = "intake"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    AWAITING_APPLICANT = "awaiting_applicant"
    CONSULTATION = "consultation"
    """Other services are being consulted (child workflows run)."""
    DECIDED = "decided"
    CLOSED = "closed"
    PURGED = "purged"


class Outcome(StrEnum):
    """Outcome of a case."""

    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    TACITLY_APPROVED = "tacitly_approved"
    TACITLY_REJECTED = "tacitly_rejected"


class Decision(BaseModel):
    """A decision on a case, automatic or signed by a caseworker.

    Attributes:
        outcome: What was decided.
        reasons: The criteria explanations and the caseworker's reason, in the
            applicant's language.
        amount: A monthly amount, where the procedure computes one.
        decided_by: ``system`` for automatic decisions, else the caseworker.
        decided_at: When it was taken (workflow time).
        letter_id: Id of the letter that notified it.
        objection_deadline: Last instant at which it can be contested.
    """

    outcome: Outcome
    reasons: list[str] = Field(default_factory=list)
    amount: Decimal | None = None
    decided_by: str
    decided_at: dt.datetime
    letter_id: str | None = None
    objection_deadline: dt.datetime | None = None


class Deadline(BaseModel):
    """A dated deadline the case is subject to (a workflow timer)."""

    code: str
    due_at: dt.datetime
    description: str = ""


class TimelineEntry(BaseModel):
    """One human-readable line of the case's history, kept small."""

    at: dt.datetime
    kind: str
    text: str
    actor: str = "system"


class Question(BaseModel):
    """The next thing the assistant asks.

    Attributes:
        field: The field it fills (``_review`` for the final review,
            ``_confirm`` for a read-back, ``_caseworker`` for a caseworker's
            question).
        text: The question, in the applicant's language.
    """

    field: str
    text: str


class StartCaseInput(BaseModel):
    """Input to start a case workflow.

    Attributes:
        case_id: The case id (also the workflow id; carries no personal data).
        procedure: The procedure id.
        language: The applicant's language.
        continue_as_new_after_turns: Force continue-as-new every N turns
            (tests use a small number; 0 means only when Temporal suggests).
        state: The state carried over from a previous run, if any.
        claim_timeout_seconds: A claim held longer than this returns the task
            to its group (0: claims never expire).
    """

    case_id: str
    procedure: str
    language: str = "de"
    continue_as_new_after_turns: int = 0
    claim_timeout_seconds: int = 0
    applicant_reminder_seconds: int = 0
    """Remind the applicant this long before their limit to complete the file (0: never)."""
    task_reminder_seconds: int = 0
    """Tell the task's holder (or group) this long before its due date (0: never)."""
    intake_expiry_seconds: int = 0
    """A new case whose intake is not completed this long after it started is
    purged (0: never; older cases have none)."""
    intake_reminder_seconds: int = 0
    """Remind the applicant this long before the intake expires (0: never)."""
    state: CaseState | None = None


class PendingTask(BaseModel):
    """A human task the workflow is waiting on (its lock state)."""

    task_id: str
    kind: str
    group: str
    claimed_by: str | None = None
    claimed_at: dt.datetime | None = None
    created_at: dt.datetime
    due_at: dt.datetime | None = None
    priority: int = 0
    summary: str = ""
    previous_decider: str | None = None
    decided_by: str | None = None
    """Who decided it, from the moment the decision is accepted until the task
    is replaced: a task takes exactly one decision (unset in runs recorded
    before that rule, see ``workflows.case.options.DECISION_ONCE_PATCH``)."""


class CaseState(BaseModel):
    """Everything a case workflow must carry across continue-as-new.

    Kept small on purpose: ids, values and short texts, not documents.
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    case_id: str
    procedure: str
    language: str
    graph_name: str
    deadline_rule: str | None = None
    """``next_working_day`` for cases started once contesting periods ending on
    a non-working day run on to the next working day; ``None`` (cases started
    before) keeps the plain calendar count for the case's whole life."""
    status: CaseStatus = CaseStatus.INTAKE
    form: dict[str, Any] = Field(default_factory=dict)
    provenance: dict[str, Extraction] = Field(default_factory=dict)
    pending_question: Question | None = None
    pending_confirmation: list[Extraction] = Field(default_factory=list)
    caseworker_question: str | None = None
    reviewed: bool = False
    turn: int = 0
    runs: int = 1
    """How many workflow runs this case has had (continue-as-new)."""
    seq: int = 0
    """Projection version and id sequence; grows with every write."""
    created_at: dt.datetime | None = None
    submitted_at: dt.datetime | None = None
    outcome: RuleOutcome | None = None
    sign_off: SignOff | None = None
    task: PendingTask | None = None
    decision: Decision | None = None
    deadlines: list[Deadline] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    transcript: list[dict[str, str]] = Field(default_factory=list)
    """The last messages (role, text) of cases started before the conversation
    moved to the case database; older ones live in history only."""
    messages_in_store: bool = False
    """The case's conversation is kept in the case database (cases started
    since patch ``transcript-in-store``); ``transcript`` then stays empty."""
    message_seq: int = 0
    """The number of the case's last conversation entry (0: none yet)."""
    pending_messages: list[ConversationEntry] = Field(default_factory=list)
    """Entries not yet written to the case database: dropped once the
    projection activity acknowledges them, so a run carries only a few."""
    applied_updates: dict[str, Any] = Field(default_factory=dict)
    """Replies of the last 100 applied update ids, for idempotency across runs."""
    extra_answers: list[str] = Field(default_factory=list)
    """Answers to caseworkers' questions."""
    # Lifecycle steps of procedures that declare them (procedures/lifecycle.py);
    # they stay empty for procedures that do not.
    filed_at: dt.datetime | None = None
    """When the form was first submitted (the completeness check counts from it)."""
    complete_at: dt.datetime | None = None
    """When the file became complete (statutory clocks count from it)."""
    documents_requested: bool = False
    """The one request for missing documents has been made."""
    applicant_due: dt.datetime | None = None
    """The applicant must complete the file by then, or the claim is rejected."""
    tacit_due: dt.datetime | None = None
    """When silence becomes a decision (the procedure's tacit outcome)."""
    warned: bool = False
    """The queue warning before ``tacit_due`` has been raised."""
    consultations: list[ConsultationOutcome] = Field(default_factory=list)
    opinions: list[Opinion] = Field(default_factory=list)
    duplicates: list[DuplicateMatch] = Field(default_factory=list)
    settled_tasks: list[str] = Field(default_factory=list)
    """Tasks a statutory deadline settled: a late decision on them gets 409."""
    appealed: bool = False
    """The decision has been contested once (a second appeal gets 409)."""
    # Statistics and notifications (read models only; no command depends on them).
    first_action_at: dt.datetime | None = None
    """When a caseworker first claimed a task of this case."""
    changed_on: str | None = None
    """``second_review`` or ``appeal`` when a later look changed the outcome."""
    satisfaction: int | None = None
    """The applicant's answer (1-5) to the satisfaction question, once."""
    contact_email: str | None = None
    """An address given for notifications where the form holds none."""
    reminded: list[str] = Field(default_factory=list)
    """Reminders already sent (``completion_limit``, ``task:<id>``): never twice."""
    intake_expires_at: dt.datetime | None = None
    """When an unfinished intake is purged (None: never, every older case)."""
    intake_reminder_at: dt.datetime | None = None
    """When the applicant is reminded that the intake expires."""


StartCaseInput.model_rebuild()


class CaseView(BaseModel):
    """What the status query returns (the API's case shape)."""

    model_config = ConfigDict(hide_input_in_errors=True)

    case_id: str
    procedure: str
    language: str
    status: CaseStatus
    form: dict[str, Any]
    missing: list[str]
    graph_name: str | None = None
    deadline_rule: str | None = None
    """The case's rule for deadlines ending on a non-working day (see ``CaseState``)."""
    """The case's intake graph (its question-flow version): read the form
    with ``get_procedure(procedure, graph_name)``."""
    provenance: dict[str, Extraction] = Field(default_factory=dict)
    question: Question | None = None
    pending_confirmation: list[Extraction] = Field(default_factory=list)
    """Readings waiting for the applicant's yes (the first is the one read back now)."""
    outcome: RuleOutcome | None = None
    sign_off: SignOff | None = None
    task: PendingTask | None = None
    decision: Decision | None = None
    deadlines: list[Deadline] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    transcript: list[dict[str, str]] = Field(default_factory=list)
    """The last messages of a case started before its conversation moved to
    the case database (empty for the others: read it there)."""
    messages_in_store: bool = False
    """The conversation is in the case database, apart from ``pending_messages``."""
    pending_messages: list[ConversationEntry] = Field(default_factory=list)
    """Entries said but not yet written to the case database (a moment's gap)."""
    turn: int = 0
    runs: int = 1
    complete_at: dt.datetime | None = None
    consultations: list[ConsultationOutcome] = Field(default_factory=list)
    opinions: list[Opinion] = Field(default_factory=list)
    duplicates: list[DuplicateMatch] = Field(default_factory=list)
    extra: dict[str, Any] = Field(default_factory=dict)
    appealed: bool = False
    satisfaction: int | None = None
    contact_email: str | None = None


class CaseResult(BaseModel):
    """What a case workflow returns when it completes (after retention)."""

    case_id: str
    status: CaseStatus
    outcome: Outcome | None = None
