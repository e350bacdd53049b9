"""Shapes of the API's JSON and the pages' view models, built from case views.

Pure functions: they read a :class:`CaseView` or a task row and return plain
data, so the API and the pages show the same thing and tests need no server.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from agents.intake.display import display_value
from agents.intake.messages import say
from procedures import get_procedure
from schemas.case import CaseView
from schemas.form import FieldKind
from schemas.projection import TaskProjection

DUE_SOON = dt.timedelta(days=3)
"""A task due within this time shows a "due soon" badge."""

TACIT_WARNING = dt.timedelta(days=14)
"""How early the queue warns before a tacit-decision deadline."""

TACIT_DEADLINES = frozenset({"tacit_approval", "tacit_rejection", "tacit_decision"})
"""Deadline codes whose expiry decides the case by silence."""


def letter_url(case_id: str) -> str:
    """The API address of a case's decision letter."""
    return f"/api/cases/{case_id}/letter"


def case_json(view: CaseView) -> dict[str, Any]:
    """Return a case as ``GET /api/cases/{id}`` shows it (API.md)."""
    decision = view.decision
    return {
        "case_id": view.case_id,
        "procedure": view.procedure,
        "language": view.language,
        "status": view.status.value,
        "form": view.form,
        "missing": view.missing,
        "question": view.question.model_dump() if view.question else None,
        "decision": None
        if decision is None
        else {
            "outcome": decision.outcome.value,
            "reasons": decision.reasons,
            "amount": str(decision.amount) if decision.amount is not None else None,
            "decided_by": decision.decided_by,
            "decided_at": decision.decided_at.isoformat(),
            "letter_url": letter_url(view.case_id) if decision.letter_id else None,
        },
        "deadlines": [
            {"code": d.code, "due_at": d.due_at.isoformat(), "description": d.description}
            for d in view.deadlines
        ],
        "timeline": [
            {"at": e.at.isoformat(), "kind": e.kind, "text": e.text, "actor": e.actor}
            for e in view.timeline
        ],
    }


def task_json(task: TaskProjection) -> dict[str, Any]:
    """Return a task as ``GET /api/tasks`` lists it (API.md)."""
    return {
        "task_id": task.task_id,
        "case_id": task.case_id,
        "procedure": task.procedure,
        "kind": task.kind.value,
        "group": task.group,
        "status": task.status.value,
        "claimed_by": task.claimed_by,
        "priority": task.priority,
        "due_at": task.due_at.isoformat() if task.due_at else None,
        "created_at": task.created_at.isoformat(),
        "summary": task.summary,
    }


@dataclass(frozen=True)
class Badge:
    """A queue badge: a text key, its values and a style (never colour alone)."""

    key: str
    style: str
    date: str = ""


def task_badges(
    task: TaskProjection, now: dt.datetime, tacit_at: dt.datetime | None = None
) -> list[Badge]:
    """Return the urgency badges of a task.

    Args:
        task: The queue row.
        now: The current instant.
        tacit_at: When silence decides the case, if the procedure has such a
            deadline.

    Returns:
        Overdue or due-soon from ``due_at``; a warning when the tacit decision
        is within :data:`TACIT_WARNING`.
    """
    badges: list[Badge] = []
    if task.due_at is not None:
        if task.due_at <= now:
            badges.append(Badge("badge_overdue", "overdue"))
        elif task.due_at - now <= DUE_SOON:
            badges.append(Badge("badge_due_soon", "soon"))
    if tacit_at is not None and now < tacit_at <= now + TACIT_WARNING:
        badges.append(Badge("badge_tacit", "tacit", tacit_at.date().isoformat()))
    return badges


def tacit_deadline(view: CaseView) -> dt.datetime | None:
    """Return the earliest tacit-decision deadline of a case, if any."""
    dues = [d.due_at for d in view.deadlines if d.code in TACIT_DEADLINES]
    return min(dues) if dues else None


@dataclass(frozen=True)
class Message:
    """One message of the chat as the page shows it."""

    role: str
    """``assistant`` or ``applicant``."""
    text: str


def chat_messages(view: CaseView) -> list[Message]:
    """Return the conversation: greeting, each question and answer, the next question."""
    procedure = get_procedure(view.procedure)
    messages = [
        Message("assistant", say("greeting", view.language, title=procedure.title(view.language)))
    ]
    for entry in view.transcript:
        role = "applicant" if entry.get("role") == "applicant" else "assistant"
        text = entry.get("text", "")
        if text:
            messages.append(Message(role, text))
    if view.question is not None:
        messages.append(Message("assistant", view.question.text))
    return messages


@dataclass(frozen=True)
class Answer:
    """One answered field, for the review screen and the caseworker's form."""

    name: str
    label: str
    value: str
    editable: bool
    source: str = ""
    method: str = ""
    turn: int = 0
    confidence: float = 1.0


def answers(view: CaseView, language: str) -> list[Answer]:
    """Return the answered fields in asking order, with where each value came from."""
    procedure = get_procedure(view.procedure)
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
                value=display_value(spec, view.form[name], language),
                # Free text has no keyword boundary, so the assistant cannot
                # read a correction of it; those are changed in the chat.
                editable=spec.kind is not FieldKind.TEXT and bool(spec.keywords.get(language)),
                source=origin.source_text if origin else "",
                method=origin.method.value if origin else "",
                turn=origin.turn if origin else 0,
                confidence=origin.confidence if origin else 1.0,
            )
        )
    return rows


_CORRECTION_CUES = {"de": "Korrektur:", "en": "Correction:", "fr": "Correction :"}


def correction_text(procedure_id: str, field: str, value: str, language: str) -> str | None:
    """Phrase a review-screen edit as a correction the assistant understands.

    Returns:
        The sentence, or None when the field cannot be corrected this way.
    """
    spec = get_procedure(procedure_id).fields.get(field)
    keywords = spec.keywords.get(language) if spec else None
    if spec is None or spec.kind is FieldKind.TEXT or not keywords:
        return None
    cue = _CORRECTION_CUES.get(language, _CORRECTION_CUES["en"])
    return f"{cue} {keywords[0]} {value.strip()}"


def progress(view: CaseView) -> tuple[int, int]:
    """Return (fields answered, fields applicable) of the form."""
    applicable = get_procedure(view.procedure).applicable_fields(view.form)
    done = sum(1 for name in applicable if name in view.form)
    return done, len(applicable)
