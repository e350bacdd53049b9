"""Deadlines of building applications, counted in Europe/Paris.

Every period is in calendar months and falls due at the end of a Paris day.
Worked examples (PROCEDURES.md): prior declaration complete 2026-03-15 →
tacit approval at the end of 2026-04-15; single-house permit complete
2026-01-31 → end of 2026-03-31; the same with the ABF → end of 2026-04-30.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from procedures.building_permit.parameters import PermitParameters, parameters_for
from procedures.building_permit.rules import DECLARATION, application_form, instruction_months
from procedures.calendar import deadline_after_months, local_date
from procedures.lifecycle import ConsultationSpec, WindowSpec
from procedures.working_days import shift_deadline
from schemas.lifecycle import ConsultationOutcome

__all__ = [
    "TIMEZONE",
    "completeness_due",
    "completion_limit",
    "consultations",
    "objection_deadline",
    "objection_deadline_working_day",
    "tacit_deadline",
    "tacit_outcome",
    "windows",
]

TIMEZONE = ZoneInfo("Europe/Paris")

GRANTED = frozenset({"approved", "tacitly_approved"})


def _params(instant: dt.datetime) -> PermitParameters:
    return parameters_for(local_date(instant, TIMEZONE))


def objection_deadline(notified_at: dt.datetime) -> dt.datetime:
    """Return the end of the applicant's recours gracieux period (two months)."""
    return deadline_after_months(notified_at, _params(notified_at).appeal_months, TIMEZONE)


def completeness_due(filed_at: dt.datetime) -> dt.datetime:
    """Return when the office can no longer ask for missing documents (one month)."""
    months = _params(filed_at).completeness_request_months
    return deadline_after_months(filed_at, months, TIMEZONE)


def completion_limit(requested_at: dt.datetime) -> dt.datetime:
    """Return the applicant's limit to supply requested documents (three months)."""
    return deadline_after_months(requested_at, _params(requested_at).completion_months, TIMEZONE)


def tacit_deadline(values: Mapping[str, Any], complete_at: dt.datetime) -> dt.datetime:
    """Return the end of the instruction period, counted from the complete file."""
    params = _params(complete_at)
    return deadline_after_months(complete_at, instruction_months(values, params), TIMEZONE)


def tacit_outcome(values: Mapping[str, Any], answers: Sequence[ConsultationOutcome]) -> str:
    """Silence approves, unless a binding consultation (the ABF) objected."""
    if any(a.binding and a.outcome == "object" for a in answers):
        return "tacitly_rejected"
    return "tacitly_approved"


def consultations(values: Mapping[str, Any], complete_at: dt.datetime) -> list[ConsultationSpec]:
    """Return the services to consult: ABF near a monument, utilities and fire service for permits.

    The ABF is consulted within 500 m of a listed monument (its objection is
    binding); the utilities for a permit creating a house or another building
    (connection to the networks); the fire service for a permit for another
    building (buildings open to the public are simplified to these).
    """
    params = _params(complete_at)
    due = deadline_after_months(complete_at, params.consultation_months, TIMEZONE)
    permit = application_form(values, params) != DECLARATION
    project = values.get("project_type")
    specs: list[ConsultationSpec] = []
    if values.get("near_monument") is True:
        specs.append(ConsultationSpec("abf", due, binding=True, summary="ABF: abords MH"))
    if permit and project in ("new_house", "other_building"):
        specs.append(ConsultationSpec("utilities", due, summary="utilities: network connection"))
    if permit and project == "other_building":
        specs.append(ConsultationSpec("fire_service", due, summary="fire service: safety"))
    return specs


def windows(outcome: str, decided_at: dt.datetime) -> list[WindowSpec]:
    """After a grant, third parties may appeal for two months from the posting on site.

    The posting is taken to start on the day of the decision (simplified:
    the applicant posts the permit on the day it is granted).
    """
    if outcome not in GRANTED:
        return []
    due = deadline_after_months(decided_at, _params(decided_at).appeal_months, TIMEZONE)
    return [WindowSpec("third_party_appeal", due, "third parties may appeal (posting on site)")]


def objection_deadline_working_day(notified_at: dt.datetime) -> dt.datetime:
    """Return the objection deadline, run on to the next working day when it ends on another.

    The same period as :func:`objection_deadline`; a last day that is a
    Saturday, a Sunday or a public holiday moves to the end of the next working
    day (Code de procédure civile, art. 642). Applied to cases started with
    that rule (``CaseState.deadline_rule``).

    Args:
        notified_at: When the decision was notified (aware datetime).
    """
    return shift_deadline(objection_deadline(notified_at), TIMEZONE, "FR")
