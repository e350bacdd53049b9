"""Calendar arithmetic and date wording shared by every procedure.

Administrative deadlines count in calendar months ("within one month of
notification") and fall due at the end of a day in the authority's time zone,
not after a fixed number of hours. Everything here is pure: instants come in
as aware datetimes and leave as aware datetimes in UTC, so workflow code can
store and compare them without knowing the zone.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from guichet.i18n import formats

__all__ = [
    "add_months",
    "deadline_after_months",
    "end_of_day",
    "end_of_month",
    "format_date",
    "format_month",
    "local_date",
    "month_key",
    "parse_month",
]

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def add_months(d: dt.date, n: int) -> dt.date:
    """Return the same day ``n`` calendar months later (or earlier).

    When the target month is too short, the result is its last day, as
    ``dateutil.relativedelta`` does and as the procedures' worked examples
    require (31 January + 1 month = 28 or 29 February).

    Args:
        d: The start date.
        n: Number of months; negative counts backwards.

    Returns:
        The shifted date.

    """
    result: dt.date = d + relativedelta(months=n)
    return result


def end_of_month(d: dt.date) -> dt.date:
    """Return the last day of the month ``d`` falls in.

    Args:
        d: Any day of the month.

    Returns:
        The month's last day.

    """
    # relativedelta clamps day=31 to the month's length.
    result: dt.date = d + relativedelta(day=31)
    return result


def end_of_day(d: dt.date, tz: ZoneInfo) -> dt.datetime:
    """Return the last instant of local day ``d`` in ``tz``, expressed in UTC.

    Deadlines fall due at the end of a local day; converting to UTC here keeps
    stored instants comparable whatever zone the reader is in. 23:59:59.999999
    is never ambiguous in the shipped zones: their daylight-saving shifts
    happen in the early morning.

    Args:
        d: The local calendar day.
        tz: The time zone the day is counted in.

    Returns:
        An aware datetime in UTC.

    """
    return dt.datetime.combine(d, dt.time.max, tzinfo=tz).astimezone(dt.UTC)


def local_date(instant: dt.datetime, tz: ZoneInfo) -> dt.date:
    """Return the calendar day an instant falls on in ``tz``.

    Args:
        instant: An aware datetime.
        tz: The time zone to read the day in.

    Returns:
        The local date.

    Raises:
        ValueError: If ``instant`` is naive; its meaning would depend on the
            machine's zone, which would make deadlines non-reproducible.

    """
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("instant must be timezone-aware")
    return instant.astimezone(tz).date()


def deadline_after_months(instant: dt.datetime, months: int, tz: ZoneInfo) -> dt.datetime:
    """Return the end of the local day ``months`` calendar months after ``instant``.

    Args:
        instant: When the period starts (e.g. notification), aware.
        months: Length of the period in calendar months.
        tz: The time zone the period is counted and falls due in.

    Returns:
        The deadline as an aware datetime in UTC.

    """
    return end_of_day(add_months(local_date(instant, tz), months), tz)


def parse_month(month: str) -> dt.date:
    """Return the first day of a ``YYYY-MM`` month.

    Args:
        month: A month as stored in forms (``YYYY-MM``).

    Returns:
        The first day of that month.

    Raises:
        ValueError: If ``month`` is not a valid ``YYYY-MM`` string.

    """
    match = _MONTH_RE.match(month)
    if match is None:
        raise ValueError(f"not a YYYY-MM month: {month!r}")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def month_key(d: dt.date) -> str:
    """Return the ``YYYY-MM`` key of the month ``d`` falls in.

    Args:
        d: Any day of the month.

    Returns:
        The month as ``YYYY-MM``.

    """
    return f"{d.year:04d}-{d.month:02d}"


def format_date(d: dt.date, language: str, *, style: str = "long") -> str:
    """Write a date the way letters in ``language`` do (Babel, see :mod:`guichet.i18n.formats`).

    Args:
        d: The date.
        language: ``de``, ``en`` or ``fr``; others fall back to English.
        style: ``long`` ("28. Februar 2026", "28 February 2026",
            "28 février 2026", "1er mars 2026") or ``short`` ("28.02.2026",
            "28/02/2026").

    Returns:
        The formatted date.

    Raises:
        ValueError: If ``style`` is unknown.

    """
    return formats.format_date(d, language, style=style)


def format_month(month: str | dt.date, language: str) -> str:
    """Write a month in words ("März 2026", "March 2026", "mars 2026").

    Args:
        month: A ``YYYY-MM`` string or any date in the month.
        language: ``de``, ``en`` or ``fr``; others fall back to English.

    Returns:
        The month name and year.

    """
    return formats.format_month(parse_month(month) if isinstance(month, str) else month, language)
