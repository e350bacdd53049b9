"""Shapes of the API's JSON and the pages' view models, built from case views.

Pure functions: they read a :class:`CaseView` or a task row and return plain
data, so the API and the pages show the same thing and tests need no server.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from agents.intake.messages import say
from agents.intake.values import value_text
from procedures import get_procedure
from schemas.case import CaseView
from schemas.conversation import ConversationPage
from schemas.extraction import ExtractionMethod
from schemas.form import FILE_NOT_PROVIDED, FieldKind, FieldSpec
from schemas.projection import CaseProjection, TaskProjection
from web.api.models import CaseOut, DeadlineOut, DecisionOut, TaskOut, TimelineEntryOut
from web.conversation import state_page
from web.i18n import translate

DUE_SOON = dt.timedelta(days=3)
"""A task due within this time shows a "due soon" badge."""

TACIT_WARNING = dt.timedelta(days=14)
"""How early the queue warns before a tacit-decision deadline, unless the
procedure declares its own lead time or the operator configures one."""

TACIT_DEADLINES = frozenset({"tacit_approval", "tacit_rejection", "tacit_decision"})
"""Deadline codes whose expiry decides the case by silence."""


def letter_url(case_id: str) -> str:
    """The API address of a case's decision letter."""
    return f"/api/cases/{case_id}/letter"


def case_out(view: CaseView) -> CaseOut:
    """Return a case as ``GET /api/cases/{id}`` shows it (API.md)."""
    decision = view.decision
    return CaseOut(
        case_id=view.case_id,
        procedure=view.procedure,
        language=view.language,
        status=view.status,
        form=view.form,
        missing=view.missing,
        question=view.question,
        turn=view.turn,
        decision=None
        if decision is None
        else DecisionOut(
            outcome=decision.outcome,
            reasons=decision.reasons,
            amount=decision.amount,
            decided_by=decision.decided_by,
            decided_at=decision.decided_at,
            letter_url=letter_url(view.case_id) if decision.letter_id else None,
        ),
        deadlines=[
            DeadlineOut(code=d.code, due_at=d.due_at, description=d.description)
            for d in view.deadlines
        ],
        timeline=[
            TimelineEntryOut(at=e.at, kind=e.kind, text=e.text, actor=e.actor)
            for e in view.timeline
        ],
    )


def case_json(view: CaseView) -> dict[str, Any]:
    """Return the JSON of ``GET /api/cases/{id}`` as plain data (for pages and tests)."""
    return case_out(view).model_dump(mode="json")


def task_out(
    task: TaskProjection, tacit_at: dt.datetime | None = None, warned: bool = False
) -> TaskOut:
    """Return a task as ``GET /api/tasks`` lists it (API.md).

    Args:
        task: The queue row.
        tacit_at: When silence decides the task's case, if it can.
        warned: Whether that moment is within the warning lead time; the
            row then carries the ``tacit_decision_soon`` warning (API.md
            allows added fields; the listed ones keep their meaning).
    """
    return TaskOut(
        task_id=task.task_id,
        case_id=task.case_id,
        procedure=task.procedure,
        kind=task.kind,
        group=task.group,
        status=task.status,
        claimed_by=task.claimed_by,
        priority=task.priority,
        due_at=task.due_at,
        created_at=task.created_at,
        summary=task.summary,
        tacit_decision_at=tacit_at,
        warnings=["tacit_decision_soon"] if warned else [],
    )


@dataclass(frozen=True)
class Badge:
    """A queue badge: a text key, its values and a style (never colour alone)."""

    key: str
    style: str
    date: str = ""


def tacit_warning_due(
    now: dt.datetime, tacit_at: dt.datetime | None, lead: dt.timedelta = TACIT_WARNING
) -> bool:
    """Return whether a tacit decision at ``tacit_at`` is close enough to warn about."""
    return tacit_at is not None and now < tacit_at <= now + lead


def task_badges(
    task: TaskProjection,
    now: dt.datetime,
    tacit_at: dt.datetime | None = None,
    lead: dt.timedelta = TACIT_WARNING,
    soon: dt.timedelta = DUE_SOON,
) -> list[Badge]:
    """Return the urgency badges of a task.

    Args:
        task: The queue row.
        now: The current instant.
        tacit_at: When silence decides the case, if the procedure has such a
            deadline.
        lead: How long before ``tacit_at`` the warning shows.
        soon: How long before ``due_at`` a task is due soon (the
            caseworkers' reminder lead time).

    Returns:
        Overdue or due-soon from ``due_at``; a warning when the tacit decision
        is within ``lead``.
    """
    badges: list[Badge] = []
    if task.due_at is not None:
        if task.due_at <= now:
            badges.append(Badge("badge_overdue", "overdue"))
        elif task.due_at - now <= soon:
            badges.append(Badge("badge_due_soon", "soon"))
    if tacit_at is not None and tacit_warning_due(now, tacit_at, lead):
        badges.append(Badge("badge_tacit", "tacit", tacit_at.date().isoformat()))
    return badges


def tacit_deadline(view: CaseView) -> dt.datetime | None:
    """Return the earliest tacit-decision deadline of a case, if any."""
    dues = [d.due_at for d in view.deadlines if d.code in TACIT_DEADLINES]
    return min(dues) if dues else None


def case_tacit_deadline(case: CaseProjection | None) -> dt.datetime | None:
    """Return the earliest tacit-decision deadline of a case's read-model row.

    The workflow projects its deadlines into ``summary["deadlines"]`` (code →
    ISO instant), so the queue needs no call to the workflow.
    """
    if case is None:
        return None
    deadlines = case.summary.get("deadlines")
    if not isinstance(deadlines, dict):
        return None
    dues = []
    for code, due in deadlines.items():
        if code in TACIT_DEADLINES and isinstance(due, str):
            try:
                dues.append(dt.datetime.fromisoformat(due))
            except ValueError:
                continue
    return min(dues) if dues else None


def tacit_lead(procedure_id: str, configured_days: int | None) -> dt.timedelta:
    """Return how long before a tacit decision the queue warns for a procedure.

    A configured number of days wins; else the procedure's own lead time
    (its lifecycle's ``tacit_warning``); else :data:`TACIT_WARNING`.
    """
    if configured_days is not None:
        return dt.timedelta(days=configured_days)
    lifecycle = get_procedure(procedure_id).lifecycle
    if lifecycle is not None and lifecycle.tacit_warning is not None:
        return lifecycle.tacit_warning
    return TACIT_WARNING


def silence_can_decide(procedure_id: str) -> bool:
    """Return whether the procedure has a deadline at which silence decides."""
    lifecycle = get_procedure(procedure_id).lifecycle
    return lifecycle is not None and lifecycle.tacit_deadline is not None


@dataclass(frozen=True)
class Message:
    """One message of the chat as the page shows it."""

    role: str
    """``assistant`` or ``applicant``."""
    text: str
    position: int = 0
    """Where it stands in the whole conversation: 0 the greeting, then each
    entry at its number, then the question asked now (after the last entry)."""


def chat_messages(
    view: CaseView, page: ConversationPage | None = None, *, newest: bool = True
) -> list[Message]:
    """Return a page of the conversation as the chat shows it.

    Args:
        view: The case.
        page: The entries to show (see :func:`web.conversation.read_conversation`);
            by default the ones the view holds.
        newest: The page is the newest one: the question asked now ends it.

    Returns:
        The greeting (when the page starts the conversation), each question,
        answer and reply of the page, and the next question.
    """
    page = page if page is not None else state_page(view)
    messages: list[Message] = []
    if page.earlier is None:
        procedure = get_procedure(view.procedure, view.graph_name)
        title = procedure.title(view.language)
        messages.append(Message("assistant", say("greeting", view.language, title=title)))
    for entry in page.entries:
        role = "applicant" if entry.role == "applicant" else "assistant"
        if entry.text:
            messages.append(Message(role, entry.text, entry.seq))
    if newest and view.question is not None:
        last = page.entries[-1].seq if page.entries else 0
        messages.append(Message("assistant", view.question.text, last + 1))
    return messages


@dataclass(frozen=True)
class Answer:
    """One answered field, for the review screen and the caseworker's form."""

    name: str
    label: str
    value: str
    source: str = ""
    method: str = ""
    turn: int = 0
    confidence: float = 1.0
    corrected_by: str = ""
    """The caseworker who corrected the value (its ``source`` is then their reason)."""


def _shown_value(spec: FieldSpec, value: Any, language: str) -> str:
    # A document answered "not yet" is stored as a code; say it in words.
    if spec.kind is FieldKind.FILE and value == FILE_NOT_PROVIDED:
        return translate("document_not_provided", language)
    return value_text(spec, value, language)


def answers(view: CaseView, language: str) -> list[Answer]:
    """Return the answered fields in asking order, with where each value came from."""
    procedure = get_procedure(view.procedure, view.graph_name)
    rows: list[Answer] = []
    for name in procedure.applicable_fields(view.form):
        if name not in view.form:
            continue
        spec = procedure.fields[name]
        origin = view.provenance.get(name)
        rows.append(
            Answer(
                name=name,
                label=spec.label(language),
                value=_shown_value(spec, view.form[name], language),
                source=origin.source_text if origin else "",
                method=origin.method.value if origin else "",
                turn=origin.turn if origin else 0,
                confidence=origin.confidence if origin else 1.0,
                corrected_by=origin.actor or ""
                if origin is not None and origin.method is ExtractionMethod.CASEWORKER
                else "",
            )
        )
    return rows


def progress(view: CaseView) -> tuple[int, int]:
    """Return (fields answered, fields applicable) of the form."""
    applicable = get_procedure(view.procedure, view.graph_name).applicable_fields(view.form)
    done = sum(1 for name in applicable if name in view.form)
    return done, len(applicable)
