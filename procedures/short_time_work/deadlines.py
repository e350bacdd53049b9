"""Deadlines of the short-time-work procedure, counted in Europe/Berlin."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from procedures.calendar import deadline_after_months, end_of_day, end_of_month, parse_month
from procedures.working_days import shift_deadline

__all__ = [
    "OBJECTION_MONTHS",
    "TIMEZONE",
    "notification_month_end",
    "objection_deadline",
    "objection_deadline_working_day",
]

TIMEZONE = ZoneInfo("Europe/Berlin")
"""The agency's zone: deadlines fall due at the end of a Berlin day."""

OBJECTION_MONTHS = 1
"""Objection period in calendar months (§ 84 Abs. 1 SGG)."""


def objection_deadline(notified_at: dt.datetime) -> dt.datetime:
    """Return the last instant an objection (Widerspruch) can be lodged.

    One calendar month after notification (§ 84 Abs. 1 SGG), at the end of
    that day in Berlin: the plain calendar count, which cases started before
    the working-day rule keep (see :func:`objection_deadline_working_day`
    for the shift to the next working day, § 64 Abs. 3 SGG). Deliberately
    not applied: the deemed notification on the fourth day after posting
    (§ 37 Abs. 2 SGB X) - the caller passes the instant of notification.

    Args:
        notified_at: When the decision was notified (aware datetime).

    Returns:
        The deadline as an aware datetime in UTC.

    """
    return deadline_after_months(notified_at, OBJECTION_MONTHS, TIMEZONE)


def notification_month_end(loss_start_month: str) -> dt.datetime:
    """Return the last instant a notification counts for the loss start month.

    A notification received by the end of the calendar month in which the work
    loss starts takes effect from that month (§ 99 Abs. 2 SGB III).

    Args:
        loss_start_month: The month the work loss starts (``YYYY-MM``).

    Returns:
        The end of that month's last day in Berlin, as an aware datetime in UTC.

    Raises:
        ValueError: If ``loss_start_month`` is not ``YYYY-MM``.

    """
    return end_of_day(end_of_month(parse_month(loss_start_month)), TIMEZONE)


def objection_deadline_working_day(notified_at: dt.datetime) -> dt.datetime:
    """Return the objection deadline, run on to the next working day when it ends on another.

    The same period as :func:`objection_deadline`; a last day that is a
    Saturday, a Sunday or a public holiday moves to the end of the next working
    day (§ 26 Abs. 3 SGB X; § 64 Abs. 3 SGG for the objection). Applied to cases started with
    that rule (``CaseState.deadline_rule``).

    Args:
        notified_at: When the decision was notified (aware datetime).
    """
    return shift_deadline(objection_deadline(notified_at), TIMEZONE, "DE")
