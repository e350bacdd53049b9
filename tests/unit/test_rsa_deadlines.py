"""RSA deadlines: the worked examples of PROCEDURES.md section 2, as pure functions."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from procedures.minimum_income.deadlines import (
    duplicate_keys,
    objection_deadline,
    tacit_rejection_deadline,
)

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("complete", "rejected_at_end_of"),
    [("2026-01-31", "2026-03-31"), ("2026-12-31", "2027-02-28"), ("2026-03-15", "2026-05-15")],
)
def test_tacit_rejection_worked_examples(complete: str, rejected_at_end_of: str) -> None:
    completed = dt.datetime.combine(dt.date.fromisoformat(complete), dt.time(9), tzinfo=PARIS)
    due = tacit_rejection_deadline({}, completed)
    end = dt.datetime.combine(dt.date.fromisoformat(rejected_at_end_of), dt.time.max, tzinfo=PARIS)
    assert due == end and due.tzinfo == dt.UTC


def test_late_evening_in_utc_counts_on_the_paris_day() -> None:
    # 23:30 UTC on 31 January is already 1 February in Paris.
    completed = dt.datetime(2026, 1, 31, 23, 30, tzinfo=dt.UTC)
    assert tacit_rejection_deadline({}, completed).astimezone(PARIS).date() == dt.date(2026, 4, 1)


def test_appeal_period_is_two_months() -> None:
    notified = dt.datetime(2026, 12, 31, 10, tzinfo=PARIS)
    assert objection_deadline(notified).astimezone(PARIS).date() == dt.date(2027, 2, 28)


def test_duplicate_keys_normalise_identity_and_iban() -> None:
    a = duplicate_keys(
        {"applicant_name": "Élodie  Le-Gall", "birth_date": "1990-02-03", "iban": "fr76 3000"}
    )
    b = duplicate_keys({"applicant_name": "elodie le gall", "birth_date": "1990-02-03"})
    assert a["applicant"] == b["applicant"] == "elodie le gall|1990-02-03"
    assert a["iban"] == "FR763000"
    assert duplicate_keys({}) == {}
