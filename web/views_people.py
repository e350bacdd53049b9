"""What the status page shows after submission: reminders, appeal, satisfaction, contact."""

from __future__ import annotations

import datetime as dt
from typing import Any

from procedures import get_procedure
from procedures.calendar import format_date
from schemas.case import CaseStatus, CaseView, Outcome

STATUS_ERRORS = frozenset({"appeal_empty", "appeal_refused", "contact_invalid"})
"""Error keys the status page may show (anything else in the address is ignored)."""

APPEAL_OUTCOMES = {"appeal_upheld": "upheld", "appeal_revised": "revised"}


def local_day(instant: dt.datetime, view: CaseView, language: str | None = None) -> str:
    """The calendar day of ``instant`` in the procedure's time zone.

    Written as the letters write it in ``language`` (``7. Januar 2027``);
    ``YYYY-MM-DD`` when no language is given.
    """
    day = instant.astimezone(get_procedure(view.procedure).timezone).date()
    return format_date(day, language) if language else day.isoformat()


def appeal_state(view: CaseView) -> str | None:
    """``pending``, ``upheld`` or ``revised`` once the decision was contested, else None."""
    state: str | None = None
    for entry in view.timeline:
        if entry.kind == "appeal":
            state = "pending"
        elif entry.kind in APPEAL_OUTCOMES:
            state = APPEAL_OUTCOMES[entry.kind]
    return state


def after_decision(view: CaseView, now: dt.datetime, language: str | None = None) -> dict[str, Any]:
    """The status page's values beyond the status itself.

    Args:
        view: The case.
        now: The current instant (the appeal window is checked against it).
        language: Write the days as letters in this language do (else ISO).

    Returns:
        ``can_appeal`` and ``appeal_deadline`` (the form is shown only inside
        the window), ``appeal_state``, ``reminder`` (the local day the
        requested documents are due, once the applicant was reminded),
        ``can_rate`` and ``asks_contact``.
    """
    decision = view.decision
    decided = decision is not None and decision.outcome is not Outcome.WITHDRAWN
    deadline = decision.objection_deadline if decision is not None else None
    can_appeal = (
        decided
        and view.status is CaseStatus.DECIDED
        and deadline is not None
        and now <= deadline
        and not view.appealed
    )
    reminder: str | None = None
    limit = next((d.due_at for d in view.deadlines if d.code == "completion_limit"), None)
    reminded = any(e.kind == "reminder" for e in view.timeline)
    if limit is not None and reminded and view.status is CaseStatus.AWAITING_APPLICANT:
        reminder = local_day(limit, view, language)
    return {
        "can_appeal": can_appeal,
        "appeal_deadline": local_day(deadline, view, language) if deadline is not None else None,
        "appeal_state": appeal_state(view),
        "reminder": reminder,
        "can_rate": decided and view.satisfaction is None and view.status is not CaseStatus.PURGED,
        "asks_contact": get_procedure(view.procedure).email_field is None
        and view.status is not CaseStatus.PURGED,
    }
