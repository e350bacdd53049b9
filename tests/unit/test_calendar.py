import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from procedures.calendar import (
    add_months,
    deadline_after_months,
    end_of_day,
    end_of_month,
    format_date,
    format_month,
    local_date,
    month_key,
    parse_month,
)
from procedures.short_time_work.deadlines import notification_month_end, objection_deadline

BERLIN = ZoneInfo("Europe/Berlin")
PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC


def utc(
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    micro: int = 0,
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2026, 12, 31), 2, dt.date(2027, 2, 28)),
        (dt.date(2026, 3, 15), 1, dt.date(2026, 4, 15)),
        (dt.date(2026, 3, 31), -1, dt.date(2026, 2, 28)),
        (dt.date(2026, 5, 31), 12, dt.date(2027, 5, 31)),
    ],
)
def test_add_months(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected


def test_end_of_month() -> None:
    assert end_of_month(dt.date(2024, 2, 10)) == dt.date(2024, 2, 29)
    assert end_of_month(dt.date(2026, 2, 1)) == dt.date(2026, 2, 28)
    assert end_of_month(dt.date(2026, 12, 31)) == dt.date(2026, 12, 31)


@pytest.mark.parametrize(
    ("day", "tz", "expected_utc"),
    [
        # Winter time: UTC+1.
        (dt.date(2026, 1, 15), BERLIN, utc(2026, 1, 15, 22, 59, 59, 999999)),
        # Summer time: UTC+2.
        (dt.date(2026, 7, 15), PARIS, utc(2026, 7, 15, 21, 59, 59, 999999)),
        # The day clocks go forward (29 March 2026): the evening is already UTC+2.
        (dt.date(2026, 3, 29), BERLIN, utc(2026, 3, 29, 21, 59, 59, 999999)),
        (dt.date(2026, 3, 28), PARIS, utc(2026, 3, 28, 22, 59, 59, 999999)),
        # The day clocks go back (25 October 2026): the evening is UTC+1 again.
        (dt.date(2026, 10, 25), PARIS, utc(2026, 10, 25, 22, 59, 59, 999999)),
        (dt.date(2026, 10, 24), BERLIN, utc(2026, 10, 24, 21, 59, 59, 999999)),
    ],
)
def test_end_of_day_across_dst(day: dt.date, tz: ZoneInfo, expected_utc: dt.datetime) -> None:
    result = end_of_day(day, tz)
    assert result == expected_utc
    assert result.tzinfo == UTC
    local = result.astimezone(tz)
    assert (local.date(), local.time()) == (day, dt.time(23, 59, 59, 999999))


def test_local_date_crosses_midnight_and_rejects_naive() -> None:
    assert local_date(utc(2026, 3, 31, 22, 30), BERLIN) == dt.date(2026, 4, 1)
    assert local_date(utc(2026, 3, 31, 21, 30), BERLIN) == dt.date(2026, 3, 31)
    with pytest.raises(ValueError, match="aware"):
        local_date(dt.datetime(2026, 3, 31, 12), BERLIN)


def test_deadline_after_months() -> None:
    assert deadline_after_months(utc(2026, 1, 31, 10), 2, PARIS) == end_of_day(
        dt.date(2026, 3, 31), PARIS
    )
    assert deadline_after_months(utc(2026, 12, 31, 10), 2, PARIS) == end_of_day(
        dt.date(2027, 2, 28), PARIS
    )


def test_objection_deadline_worked_example() -> None:
    deadline = objection_deadline(utc(2026, 1, 31, 10))
    local = deadline.astimezone(BERLIN)
    assert local.replace(tzinfo=None) == dt.datetime(2026, 2, 28, 23, 59, 59, 999999)
    assert deadline == utc(2026, 2, 28, 22, 59, 59, 999999)


def test_objection_deadline_counts_the_berlin_day() -> None:
    # 23:30 UTC on 31 January is already 1 February in Berlin.
    deadline = objection_deadline(utc(2026, 1, 31, 23, 30))
    assert deadline.astimezone(BERLIN).date() == dt.date(2026, 3, 1)


def test_notification_month_end() -> None:
    # March 2026 ends in summer time (UTC+2), February in winter time.
    assert notification_month_end("2026-03") == utc(2026, 3, 31, 21, 59, 59, 999999)
    assert notification_month_end("2026-02") == utc(2026, 2, 28, 22, 59, 59, 999999)
    assert notification_month_end("2024-02").astimezone(BERLIN).date() == dt.date(2024, 2, 29)
    with pytest.raises(ValueError):
        notification_month_end("2026-13")
    with pytest.raises(ValueError):
        notification_month_end("March 2026")


def test_parse_and_key_months() -> None:
    assert parse_month("2026-03") == dt.date(2026, 3, 1)
    assert month_key(dt.date(2026, 3, 31)) == "2026-03"


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [
        ("de", "28. Februar 2026", "28.02.2026"),
        ("en", "28 February 2026", "28/02/2026"),
        ("fr", "28 février 2026", "28/02/2026"),
        ("xx", "28 February 2026", "28/02/2026"),
    ],
)
def test_format_date(language: str, long: str, short: str) -> None:
    day = dt.date(2026, 2, 28)
    assert format_date(day, language) == long
    assert format_date(day, language, style="short") == short


def test_format_date_french_first_of_month_and_months() -> None:
    assert format_date(dt.date(2026, 3, 1), "fr") == "1er mars 2026"
    assert format_date(dt.date(2026, 3, 1), "de") == "1. März 2026"
    assert format_month("2026-03", "de") == "März 2026"
    assert format_month(dt.date(2026, 8, 5), "fr") == "août 2026"
    with pytest.raises(ValueError):
        format_date(dt.date(2026, 3, 1), "de", style="medium")
