"""How a procedure's parameters are revalued, and whether the newest set is stale.

A parameter set is only ever added; nothing in the engine notices when the
yearly one is missing, and every claim would then be decided with last year's
amounts. A procedure therefore declares its revaluation (the RSA every
1 April), and the caseworker queue and ``starter.py`` warn when the newest set
starts before the latest revaluation date that has passed. ``today`` is always
given by the caller, so tests inject it instead of depending on the calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from guichet.i18n.texts import texts_for

__all__ = ["Revaluation", "StaleParameters", "stale_parameters"]


class _DatedSet(Protocol):
    id: str
    effective_from: dt.date


@dataclass(frozen=True)
class Revaluation:
    """A yearly revaluation of a procedure's parameters.

    Attributes:
        month: Month of the revaluation (1-12).
        day: Day of the month.
        source: The provision that requires it.
    """

    month: int
    day: int
    source: str

    def last_due(self, today: dt.date) -> dt.date:
        """Return the latest revaluation date on or before ``today``."""
        this_year = dt.date(today.year, self.month, self.day)
        return this_year if this_year <= today else this_year.replace(year=today.year - 1)


@dataclass(frozen=True)
class StaleParameters:
    """The newest parameter set of a procedure predates a revaluation that is due.

    Attributes:
        procedure: The procedure id.
        newest: The id of its newest set.
        newest_from: When that set starts.
        due: The revaluation date that has passed without a set.
        source: The provision requiring the revaluation.
    """

    procedure: str
    newest: str
    newest_from: dt.date
    due: dt.date
    source: str

    def text(self, language: str) -> str:
        """Return the warning in ``language`` (English for an unknown one)."""
        said = texts_for(
            "revaluation_overdue",
            procedure=self.procedure,
            newest=self.newest,
            newest_from=self.newest_from.isoformat(),
            due=self.due.isoformat(),
            source=self.source,
        )
        return said.get(language, said["en"])


def stale_parameters(
    procedure_id: str,
    revaluation: Revaluation | None,
    parameter_sets: Mapping[str, Any],
    today: dt.date,
) -> StaleParameters | None:
    """Return a warning when the newest set starts before the last revaluation due.

    Args:
        procedure_id: The procedure.
        revaluation: Its declared revaluation (``None``: never stale).
        parameter_sets: Its sets by id (each with ``id`` and ``effective_from``).
        today: The local date to judge on (injected, never read here).

    Returns:
        The warning, or ``None`` when the newest set is not older than the
        latest revaluation date on or before ``today``.
    """
    if revaluation is None or not parameter_sets:
        return None
    sets: list[_DatedSet] = list(parameter_sets.values())
    newest = max(sets, key=lambda s: s.effective_from)
    due = revaluation.last_due(today)
    if newest.effective_from >= due:
        return None
    return StaleParameters(procedure_id, newest.id, newest.effective_from, due, revaluation.source)
