"""What an answer mentions at all: the parser's check on a model's proposals.

A model may propose a value for a field the applicant never named; these
functions list every number, month and date the text actually contains, so
a proposal that is not among them is dropped as invented.
"""

from __future__ import annotations

import datetime as dt

from agents.nlu._dates import _read, find_phrases
from agents.nlu._numbers import candidates, find_numbers, prepare
from schemas.form import FieldKind


def mentioned_numbers(text: str, language: str, kind: FieldKind) -> set[float]:
    """Return every number in ``text`` that could answer a field of ``kind``."""
    numbers = find_numbers(prepare(text, language), language)
    return {round(n.value, 2) for n in candidates(kind, numbers)}


def mentioned_dates(text: str, language: str, today: dt.date, kind: FieldKind) -> set[str]:
    """Return every month (``YYYY-MM``) or date (``YYYY-MM-DD``) ``text`` names."""
    found: set[str] = set()
    for phrase in find_phrases(text, language):
        if kind is FieldKind.DATE and not phrase.has_day:
            continue
        day = _read(phrase, today)
        if day is not None:
            found.add(day.isoformat() if kind is FieldKind.DATE else day.strftime("%Y-%m"))
    return found
