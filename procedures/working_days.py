"""Time limits that end on a non-working day run on to the next working day.

Germany: "Fällt das Ende einer Frist auf einen Sonntag, einen gesetzlichen
Feiertag oder einen Sonnabend, so endet die Frist mit dem Ablauf des
nächstfolgenden Werktages" (§ 26 Abs. 3 Satz 1 SGB X for administrative
procedure; § 64 Abs. 3 SGG, in the same words, for the objection period of
§ 84 SGG). France: "Tout délai expire le dernier jour à vingt-quatre heures.
Le délai qui expirerait normalement un samedi ou un dimanche ou un jour férié
ou chômé est prorogé jusqu'au premier jour ouvrable suivant" (Code de
procédure civile, art. 642, which the administrative courts apply to the
periods for contesting a decision).

Public holidays: the nationwide ones only (Germany: those fixed by federal
law and by every Land; France: Code du travail L3133-1). Holidays of a
single Land, or Alsace-Moselle's Good Friday and 26 December, are not
counted: a simplification in the applicant's disfavour of at most a day,
stated in docs/procedures.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal
from zoneinfo import ZoneInfo

from procedures.calendar import end_of_day, local_date

__all__ = ["Country", "easter_sunday", "is_working_day", "next_working_day", "shift_deadline"]

Country = Literal["DE", "FR"]

SOURCES: dict[Country, str] = {
    "DE": "§ 26 Abs. 3 SGB X, § 64 Abs. 3 SGG",
    "FR": "Code de procédure civile, art. 642",
}
"""The rule applied, by country."""


def easter_sunday(year: int) -> dt.date:
    """Return Easter Sunday of ``year`` (Gregorian calendar, anonymous algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def public_holidays(year: int, country: Country) -> frozenset[dt.date]:
    """Return the nationwide public holidays of ``year`` in ``country``."""
    easter = easter_sunday(year)
    movable = {
        easter + dt.timedelta(days=1),  # Easter Monday
        easter + dt.timedelta(days=39),  # Ascension
        easter + dt.timedelta(days=50),  # Whit Monday
    }
    if country == "DE":
        fixed = {(1, 1), (5, 1), (10, 3), (12, 25), (12, 26)}
        movable.add(easter - dt.timedelta(days=2))  # Good Friday
    else:
        fixed = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)}
    return frozenset(movable | {dt.date(year, m, d) for m, d in fixed})


def is_working_day(day: dt.date, country: Country) -> bool:
    """Return whether ``day`` is neither a Saturday, a Sunday nor a public holiday."""
    return day.weekday() < 5 and day not in public_holidays(day.year, country)


def next_working_day(day: dt.date, country: Country) -> dt.date:
    """Return ``day`` if it is a working day, else the first working day after it."""
    while not is_working_day(day, country):
        day += dt.timedelta(days=1)
    return day


def shift_deadline(deadline: dt.datetime, tz: ZoneInfo, country: Country) -> dt.datetime:
    """Move a deadline ending on a non-working day to the end of the next working day.

    Args:
        deadline: The end of the time limit's last day (aware).
        tz: The procedure's zone (the day is the local day).
        country: Whose public holidays count.

    Returns:
        ``deadline`` itself when its day is a working day, else the end of
        the next working day in ``tz``, as an aware datetime in UTC.
    """
    day = local_date(deadline, tz)
    working = next_working_day(day, country)
    return deadline if working == day else end_of_day(working, tz)
