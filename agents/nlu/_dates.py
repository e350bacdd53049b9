"""Months and dates: find the date phrase in an answer, then let dateparser read it.

dateparser is not called on the whole answer: on free text it reads "we" as
Wednesday and "40 %" as 1940. Regular expressions find the phrase first
(numeric dates, month names with optional day and year, relative phrases),
and dateparser reads only that phrase, with ``RELATIVE_BASE`` set to the
``today`` passed in, so a replayed activity reads the same value.

Month without a year ("ab März"): the most recent such month that lies no
more than two months after ``today``. Applications concern the current or
the coming months, so in November "März" is the past March and "Januar" the
coming one; in February "März" and "April" are still ahead, "Mai" was last year.

Relative phrases come in many inflections ("nächsten Monat", "kommenden
Monat", "mois prochain"); they are recognised here and handed to dateparser
in one canonical English form ("next month", "3 days ago").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from agents.nlu._numbers import prepare
from agents.nlu._result import AMBIGUOUS_CONFIDENCE, fail, ok
from agents.nlu._text import fold
from schemas.extraction import ParseError, ParseResult

MONTHS_AHEAD = 2
"""How far after ``today`` a month named without a year may lie."""

_MONTH_NAMES = {
    "de": r"januar|janner|jan|februar|feber|feb|marz|maerz|mar|mrz|april|apr|mai|juni|jun"
    r"|juli|jul|august|aug|september|sept|sep|oktober|okt|november|nov|dezember|dez",
    "en": r"january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug"
    r"|september|sept|sep|october|oct|november|nov|december|dec",
    "fr": r"janvier|janv|fevrier|fevr|fev|mars|avril|avr|mai|juin|juillet|juil|aout"
    r"|septembre|sept|octobre|oct|novembre|nov|decembre|dec",
}
_DAY = r"(?P<day>\d{1,2})(?:\.|st|nd|rd|th|er|e|eme)?\s*(?:of\s+)?"
_YEAR = r"(?:\s*,?\s*(?P<year>\d{4})(?!\d))?"
# US order "March 1, 2026" is English only: "März 14 Mitarbeiter" is no date.
_US_DAY = r"(?:\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?(?!\d))?"
_NAMED = {
    lang: re.compile(
        rf"(?:(?<!\d){_DAY})?\b(?P<month>{names})\b\.?{_US_DAY if lang == 'en' else ''}{_YEAR}"
    )
    for lang, names in _MONTH_NAMES.items()
}
_NUMERIC = (
    # (pattern, has_day): all carry a year; most specific first.
    (re.compile(r"(?<![\d./-])\d{4}-\d{1,2}-\d{1,2}(?![\d])"), True),
    (re.compile(r"(?<![\d./-])\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})(?!\d|[./-]\d)"), True),
    (re.compile(r"(?<![\d./-])\d{4}[-/]\d{1,2}(?!\d|[./-]\d)"), False),
    (re.compile(r"(?<![\d./-])\d{1,2}[./-]\d{4}(?!\d|[./-]\d)"), False),
)
_NO_YEAR_DAY_MONTH = re.compile(r"(?<![\d./-])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?![\d])")
_UNITS = {
    "day": "day", "tag": "day", "jour": "day",
    "week": "week", "woche": "week", "semaine": "week",
    "month": "month", "monat": "month", "mois": "month",
    "year": "year", "jahr": "year", "an": "year", "annee": "year",
}  # fmt: skip
_N = r"(?P<n>\d+|an?|one|einem|einer|eins?|une?)"
_RELATIVE: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "en": (
        (re.compile(r"\b(?:the\s+)?day\s+before\s+yesterday\b"), "2 days ago"),
        (re.compile(r"\b(?:the\s+)?day\s+after\s+tomorrow\b"), "in 2 days"),
        (re.compile(r"\btoday\b"), "today"),
        (re.compile(r"\byesterday\b"), "yesterday"),
        (re.compile(r"\btomorrow\b"), "tomorrow"),
        (re.compile(r"\b(?:this|the\s+current|current)\s+month\b"), "this month"),
        (re.compile(r"\b(?:next|the\s+coming|coming|following)\s+month\b"), "next month"),
        (re.compile(r"\b(?:last|previous|past|the\s+previous|the\s+past)\s+month\b"), "last month"),
        (re.compile(rf"\b{_N}\s+(?P<unit>day|week|month|year)s?\s+ago\b"), "{n} {unit}s ago"),
        (re.compile(rf"\bin\s+{_N}\s+(?P<unit>day|week|month|year)s?\b"), "in {n} {unit}s"),
    ),
    "de": (
        (re.compile(r"\bvorgestern\b"), "2 days ago"),
        (re.compile(r"\bubermorgen\b"), "in 2 days"),
        # "heute Morgen" is this morning, not tomorrow.
        (re.compile(r"\bheute(?:\s+(?:morgen|fruh|mittag|nachmittag|abend))?\b"), "today"),
        (re.compile(r"\bgestern\b"), "yesterday"),
        (re.compile(r"\bmorgen\b"), "tomorrow"),
        (
            re.compile(r"\b(?:dies|diese[nmrs]?|laufende[nmr]?|aktuelle[nmr]?)\s+monats?\b"),
            "this month",
        ),
        (
            re.compile(r"\b(?:nachste[nmrs]?|kommende[nmrs]?|folgende[nmrs]?)\s+monats?\b"),
            "next month",
        ),
        (
            re.compile(r"\b(?:letzte[nmrs]?|vorige[nmrs]?|vergangene[nmrs]?)\s+monats?\b"),
            "last month",
        ),
        (re.compile(r"\bvormonats?\b"), "last month"),
        (re.compile(rf"\bvor\s+{_N}\s+(?P<unit>tag|woche|monat|jahr)\w*"), "{n} {unit}s ago"),
        (re.compile(rf"\bin\s+{_N}\s+(?P<unit>tag|woche|monat|jahr)\w*"), "in {n} {unit}s"),
    ),
    "fr": (
        (re.compile(r"\bavant[\s-]hier\b"), "2 days ago"),
        (re.compile(r"\bapres[\s-]demain\b"), "in 2 days"),
        (re.compile(r"\baujourd\s*'?\s*hui\b"), "today"),
        (re.compile(r"\bhier\b"), "yesterday"),
        (re.compile(r"\bdemain\b"), "tomorrow"),
        (
            re.compile(
                r"\b(?:ce\s+mois(?:[\s-]ci)?|(?:le\s+)?mois\s+(?:en\s+cours|courant|actuel))\b"
            ),
            "this month",
        ),
        (re.compile(r"\b(?:le\s+)?mois\s+(?:prochain|suivant|a\s+venir)\b"), "next month"),
        (re.compile(r"\b(?:le\s+)?mois\s+(?:dernier|precedent|passe)\b"), "last month"),
        (
            re.compile(rf"\bil\s+y\s+a\s+{_N}\s+(?P<unit>jour|semaine|mois|annee|an)s?\b"),
            "{n} {unit}s ago",
        ),
        (
            re.compile(rf"\bdans\s+{_N}\s+(?P<unit>jour|semaine|mois|annee|an)s?\b"),
            "in {n} {unit}s",
        ),
    ),
}
# Only "timestamp" would read a bare number as seconds since 1970.
_PARSERS = ["relative-time", "custom-formats", "absolute-time"]


@dataclass(frozen=True)
class _Phrase:
    """A date phrase found in an answer, ready for dateparser."""

    start: int
    end: int
    text: str
    language: str
    has_day: bool
    has_year: bool


def _named_phrases(prepared: str, folded: str, language: str) -> list[_Phrase]:
    phrases = []
    for m in _NAMED[language].finditer(folded):
        start, end = m.span()
        original = prepared[m.start("month") : m.end("month")]
        # "may" is a verb too: only "May" or an answer that is just the month.
        if m.group("month") == "may" and original != "May" and folded.strip(" .!") != "may":
            continue
        has_day = bool(m.group("day") or m.groupdict().get("day2"))
        phrases.append(
            _Phrase(start, end, prepared[start:end], language, has_day, bool(m.group("year")))
        )
    return phrases


def _numeric_phrases(prepared: str, language: str) -> list[_Phrase]:
    phrases = []
    for pattern, has_day in _NUMERIC:
        for m in pattern.finditer(prepared):
            phrases.append(_Phrase(m.start(), m.end(), m.group(), language, has_day, True))
    if language == "de":  # "1.3." without a year
        for m in _NO_YEAR_DAY_MONTH.finditer(prepared):
            # A leap year, so "29.2." reads; the year policy then replaces it.
            text = f"{m.group('day')}.{m.group('month')}.2000"
            phrases.append(_Phrase(m.start(), m.end(), text, language, True, False))
    return phrases


def _relative_phrases(folded: str, language: str) -> list[_Phrase]:
    phrases = []
    for pattern, canonical in _RELATIVE.get(language, ()):
        for m in pattern.finditer(folded):
            groups = m.groupdict()
            n = groups.get("n") or "1"
            text = canonical.format(
                n=n if n.isdigit() else "1", unit=_UNITS.get(groups.get("unit") or "", "day")
            )
            has_day = "month" not in text or "ago" in text or text.startswith("in ")
            phrases.append(_Phrase(m.start(), m.end(), text, "en", has_day, True))
    return phrases


def find_phrases(text: str, language: str) -> list[_Phrase]:
    """Find the date phrases of an answer, left to right, overlaps resolved to the longest."""
    lang = language if language in _NAMED else "en"
    prepared = prepare(text, lang)  # "le premier mars" -> "le 1er mars", "vor drei Tagen"
    folded = fold(prepared)
    found = (
        _numeric_phrases(prepared, lang)
        + _named_phrases(prepared, folded, lang)
        + _relative_phrases(folded, lang)
    )
    found.sort(key=lambda p: (p.start, -(p.end - p.start)))
    kept: list[_Phrase] = []
    for phrase in found:
        if not kept or phrase.start >= kept[-1].end:
            kept.append(phrase)
    return kept


def _settings(today: dt.date, language: str) -> dict[str, Any]:
    return {
        "RELATIVE_BASE": dt.datetime(today.year, today.month, today.day),
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "past",
        # Ambiguous numeric dates: day first except in English.
        "DATE_ORDER": "MDY" if language == "en" else "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "TIMEZONE": "UTC",
        "TO_TIMEZONE": "UTC",
        "PARSERS": _PARSERS,
    }


def _year_for(month: int, today: dt.date) -> int:
    """Return the year of the most recent ``month`` at most ``MONTHS_AHEAD`` after ``today``."""
    ahead = (month - today.month) % 12
    if ahead <= MONTHS_AHEAD:
        return today.year + (1 if month < today.month else 0)
    return today.year - (1 if month > today.month else 0)


def _read(phrase: _Phrase, today: dt.date) -> dt.date | None:
    # Imported here: dateparser takes a quarter second to import, and only
    # month and date answers need it.
    import dateparser

    parsed = dateparser.parse(
        phrase.text, languages=[phrase.language], settings=_settings(today, phrase.language)
    )
    if parsed is None:
        return None
    day: dt.date = parsed.date()
    if phrase.has_year:
        return day
    try:
        return day.replace(year=_year_for(day.month, today))
    except ValueError:  # 29 February in a common year
        return None


def _parse(text: str, language: str, today: dt.date, need_day: bool) -> ParseResult:
    phrases = find_phrases(text, language)
    if need_day and phrases and not any(p.has_day for p in phrases):
        return fail(ParseError.INVALID_FORMAT, "day")
    phrases = [p for p in phrases if p.has_day or not need_day]
    if not phrases:
        return fail(ParseError.NOT_UNDERSTOOD)
    days = [d for d in (_read(p, today) for p in phrases) if d is not None]
    if not days:
        return fail(ParseError.INVALID_FORMAT)  # "31.02.2026"
    values = [d.isoformat() if need_day else d.strftime("%Y-%m") for d in days]
    confidence = 1.0 if len(set(values)) == 1 else AMBIGUOUS_CONFIDENCE
    return ok(values[0], confidence)


def parse_month(text: str, language: str, today: dt.date) -> ParseResult:
    """Read a ``MONTH`` answer as ``YYYY-MM`` (a full date gives its month)."""
    return _parse(text, language, today, need_day=False)


def parse_date(text: str, language: str, today: dt.date) -> ParseResult:
    """Read a ``DATE`` answer as ``YYYY-MM-DD``; a month alone is not enough."""
    return _parse(text, language, today, need_day=True)
