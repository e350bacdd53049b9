"""Deadlines of the RSA, counted in Europe/Paris (calendar months, end of day)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from procedures.calendar import deadline_after_months, local_date
from procedures.minimum_income.parameters import parameters_for
from procedures.working_days import shift_deadline

__all__ = [
    "TACIT_WARNING",
    "TIMEZONE",
    "duplicate_keys",
    "objection_deadline",
    "objection_deadline_working_day",
    "tacit_rejection_deadline",
]

TIMEZONE = ZoneInfo("Europe/Paris")


def objection_deadline(notified_at: dt.datetime) -> dt.datetime:
    """Return the end of the prior administrative appeal (RAPO) period: two months."""
    params = parameters_for(local_date(notified_at, TIMEZONE))
    return deadline_after_months(notified_at, params.appeal_months, TIMEZONE)


def tacit_rejection_deadline(values: Mapping[str, Any], complete_at: dt.datetime) -> dt.datetime:
    """Return when silence on the complete claim becomes a rejection.

    Two calendar months after the day the claim became complete, at the end
    of that day in Paris: complete 2026-01-31 → end of 2026-03-31; complete
    2026-12-31 → end of 2027-02-28.
    """
    params = parameters_for(local_date(complete_at, TIMEZONE))
    return deadline_after_months(complete_at, params.tacit_rejection_months, TIMEZONE)


TACIT_WARNING = dt.timedelta(days=14)
"""The queue warns this long before a tacit rejection (a service level, not law)."""


def _normalise(text: str) -> str:
    # Accents, case and spacing differ between two claims of the same person.
    folded = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(letters.replace("-", " ").split())


def duplicate_keys(values: Mapping[str, Any]) -> dict[str, str]:
    """Return the identity keys compared with other claims: the applicant and the IBAN."""
    keys: dict[str, str] = {}
    name, born = values.get("applicant_name"), values.get("birth_date")
    if isinstance(name, str) and isinstance(born, str):
        keys["applicant"] = f"{_normalise(name)}|{born}"
    iban = values.get("iban")
    if isinstance(iban, str):
        keys["iban"] = iban.replace(" ", "").upper()
    return keys


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
