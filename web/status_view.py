"""What the applicant's status page says: criteria, dates, and what happens next by when.

Dates are written as the letters write them (``7. Januar 2027``), on the
procedure's calendar, never as UTC instants. A decision by silence says what
silence means for this case (approval or rejection). A criterion a caseworker
had to check says so before the decision and says it was checked after it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from procedures import get_procedure
from procedures.calendar import format_date
from schemas.case import CaseView
from schemas.rules import CriterionResult
from web.i18n import translate
from web.reasons import criterion_name

TACIT_CODES = frozenset({"tacit_decision", "tacit_approval", "tacit_rejection"})
_KNOWN_DEADLINES = frozenset(
    {"objection", "retention", "completion_limit", "third_party_appeal", *TACIT_CODES}
)


@dataclass(frozen=True)
class CriterionLine:
    """One criterion as the applicant reads it."""

    name: str
    marker: str
    """``met``, ``not_met``, ``to_check`` or ``checked`` (a CSS class and a text key)."""
    explanation: str


@dataclass(frozen=True)
class DeadlineLine:
    """One deadline: what it is, and its day as the letter writes it."""

    code: str
    label: str
    day: str
    iso: str


def local_date(instant: dt.datetime, procedure: str, language: str) -> str:
    """The day of ``instant`` on the procedure's calendar, written as in its letters."""
    zone = get_procedure(procedure).timezone
    return format_date(instant.astimezone(zone).date(), language)


def tacit_meaning(view: CaseView) -> str | None:
    """``tacitly_approved`` or ``tacitly_rejected``: what silence decides for this case."""
    lifecycle = get_procedure(view.procedure).lifecycle
    if lifecycle is None or lifecycle.tacit_outcome is None:
        return None
    return str(lifecycle.tacit_outcome(view.form, view.consultations))


def criteria_lines(view: CaseView, language: str) -> list[CriterionLine]:
    """The rules' criteria with a met / not met marker each.

    A criterion the rules left to a caseworker reads "to be checked" until a
    person decided, then "checked by the caseworker" (its decision is the
    answer; the "must be checked" explanation no longer applies).
    """
    if view.outcome is None:
        return []
    decided_by_person = view.decision is not None and view.decision.decided_by != "system"
    lines = []
    for criterion in view.outcome.criteria:
        explanation = criterion.explanation.get(language) or criterion.explanation.get("en", "")
        if criterion.result is CriterionResult.MET:
            marker = "met"
        elif criterion.result is CriterionResult.NOT_MET:
            marker = "not_met"
        elif decided_by_person:
            marker = "checked"
            explanation = translate("crit_checked_explain", language)
        else:
            marker = "to_check"
        lines.append(CriterionLine(criterion_name(criterion.code, language), marker, explanation))
    return lines


def _silence(code: str, meaning: str | None) -> str | None:
    """``approval`` or ``rejection``: what a tacit deadline decides, when known."""
    if code == "tacit_approval" or (code == "tacit_decision" and meaning == "tacitly_approved"):
        return "approval"
    if code == "tacit_rejection" or (code == "tacit_decision" and meaning == "tacitly_rejected"):
        return "rejection"
    return None


def deadline_label(code: str, meaning: str | None, language: str) -> str:
    """A deadline's name; a decision by silence says what the silence decides."""
    if code in TACIT_CODES:
        silence = _silence(code, meaning)
        return translate(f"deadline_tacit_{silence or 'decision'}", language)
    return translate(f"deadline_{code}", language) if code in _KNOWN_DEADLINES else code


def deadline_lines(view: CaseView, language: str) -> list[DeadlineLine]:
    """The case's deadlines, each with its day as the letters write it."""
    meaning = tacit_meaning(view)
    return [
        DeadlineLine(
            code=d.code,
            label=deadline_label(d.code, meaning, language),
            day=local_date(d.due_at, view.procedure, language),
            iso=d.due_at.isoformat(),
        )
        for d in view.deadlines
    ]


def next_step(view: CaseView, status: str, language: str) -> str:
    """What happens next, and by when when a date is known."""
    due = {d.code: d.due_at for d in view.deadlines}
    text = translate(f"next_{status}", language)

    def day(code: str) -> str:
        return local_date(due[code], view.procedure, language)

    tacit = next((code for code in due if code in TACIT_CODES), None)
    if status == "awaiting_applicant" and "completion_limit" in due:
        text += " " + translate("by_when_documents", language, date=day("completion_limit"))
    elif status in ("submitted", "under_review", "consultation") and tacit is not None:
        silence = _silence(tacit, tacit_meaning(view))
        key = f"by_when_tacit_{silence or 'decision'}"
        text += " " + translate(key, language, date=day(tacit))
    elif status == "decided" and "objection" in due:
        text += " " + translate("by_when_objection", language, date=day("objection"))
    return text


def own_reasons(view: CaseView) -> list[str]:
    """The decision's reasons beyond the criteria (a caseworker's, an appeal's).

    The decision repeats the criteria's explanations, which the page lists
    with their markers; a "must be checked" sentence would be stale there.
    """
    if view.decision is None:
        return []
    explained = {
        text
        for c in (view.outcome.criteria if view.outcome else [])
        for text in c.explanation.values()
    }
    return [reason for reason in view.decision.reasons if reason not in explained]


def status_values(view: CaseView, status: str, language: str) -> dict[str, Any]:
    """The values of the status page's parts that change as the case moves."""
    return {
        "own_reasons": own_reasons(view),
        "criteria_lines": criteria_lines(view, language),
        "deadline_lines": deadline_lines(view, language),
        "next_step": next_step(view, status, language),
    }
