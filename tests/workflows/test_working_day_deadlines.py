"""Time limits ending on a Saturday, Sunday or public holiday (issue 20 item 5).

Rule applied to the periods for contesting a decision, for cases started
from the deadlines-next-working-day-v1 patch on: Germany § 26 Abs. 3 SGB X
(§ 64 Abs. 3 SGG for the objection), France Code de procédure civile art. 642.
Statutory silences (tacit rejection, tacit approval) are not time limits of
the applicant's and do not move.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from temporalio.client import WorkflowHistory

from procedures import PROCEDURES
from procedures.base import NEXT_WORKING_DAY
from procedures.building_permit.deadlines import tacit_deadline
from procedures.minimum_income.deadlines import tacit_rejection_deadline
from procedures.working_days import easter_sunday, is_working_day, next_working_day
from tests.unit.test_permit_rules import project
from tools.audit.timeline import build_timeline
from workflows.case.options import PATCH_WORKING_DAY_DEADLINES

BERLIN = ZoneInfo("Europe/Berlin")
PARIS = ZoneInfo("Europe/Paris")


def _noon(day: str, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12), tzinfo=tz)


def _end(day: str, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time.max, tzinfo=tz)


def test_easter_and_public_holidays() -> None:
    assert [easter_sunday(y) for y in (2025, 2026, 2027)] == [
        dt.date(2025, 4, 20),
        dt.date(2026, 4, 5),
        dt.date(2027, 3, 28),
    ]
    # Germany: Good Friday, Whit Monday, German Unity Day; not 14 July.
    for day in ("2026-04-03", "2026-05-25", "2026-10-03", "2026-12-26"):
        assert not is_working_day(dt.date.fromisoformat(day), "DE"), day
    assert is_working_day(dt.date(2026, 7, 14), "DE")
    # France: 8 May, Ascension, 14 July, 11 November; not Good Friday.
    for day in ("2026-05-08", "2026-05-14", "2026-07-14", "2026-11-11"):
        assert not is_working_day(dt.date.fromisoformat(day), "FR"), day
    assert is_working_day(dt.date(2026, 4, 3), "FR")
    assert next_working_day(dt.date(2026, 12, 25), "DE") == dt.date(2026, 12, 28)


@pytest.mark.parametrize(
    ("procedure", "notified", "plain", "shifted", "tz"),
    [
        # STW, one month: the day it ends is a Thursday, nothing moves.
        ("short_time_work", "2026-12-07", "2027-01-07", "2027-01-07", BERLIN),
        # Ends on a Saturday: to Monday (§ 64 Abs. 3 SGG).
        ("short_time_work", "2026-02-28", "2026-03-28", "2026-03-30", BERLIN),
        # Ends on Christmas Day, a Friday: Saturday, Sunday, to Monday 28.
        ("short_time_work", "2026-11-25", "2026-12-25", "2026-12-28", BERLIN),
        # RSA, two months (RAPO): ends on a Sunday, to Monday (CPC art. 642).
        ("minimum_income", "2026-12-07", "2027-02-07", "2027-02-08", PARIS),
        # Ends on Ascension Day 2026 (a Thursday): to Friday.
        ("minimum_income", "2026-03-14", "2026-05-14", "2026-05-15", PARIS),
        # Building permit, recours gracieux: ends on 14 July, a Tuesday: to Wednesday.
        ("building_permit", "2026-05-14", "2026-07-14", "2026-07-15", PARIS),
    ],
)
def test_objection_deadlines(
    procedure: str, notified: str, plain: str, shifted: str, tz: ZoneInfo
) -> None:
    p = PROCEDURES[procedure]
    at = _noon(notified, tz)
    assert p.objection_deadline_for(at, None) == _end(plain, tz)
    assert p.objection_deadline_for(at, NEXT_WORKING_DAY) == _end(shifted, tz)
    # The last instant is inside, one microsecond later is outside.
    assert p.objection_deadline_for(at, NEXT_WORKING_DAY).astimezone(tz).time() == dt.time.max


def test_statutory_silences_do_not_move() -> None:
    # RSA complete 2026-12-07: tacit rejection at the end of Sunday 2027-02-07, not moved.
    assert tacit_rejection_deadline({}, _noon("2026-12-07", PARIS)) == _end("2027-02-07", PARIS)
    # Prior declaration complete 2026-04-14: tacit approval on Ascension Day itself.
    declaration = project(project_type="extension", floor_area=15)
    assert tacit_deadline(declaration, _noon("2026-04-14", PARIS)) == _end("2026-05-14", PARIS)


HISTORY = Path(__file__).parents[1] / "histories" / "working_day_deadline.json"


def _load() -> WorkflowHistory:
    payload: dict[str, Any] = json.loads(HISTORY.read_text())
    return WorkflowHistory.from_json(payload["workflow_id"], payload["history"])


async def test_the_recorded_case_started_with_the_rule() -> None:
    # The recorded history (python -m tests.record_histories working-day) carries
    # the patch marker at case start; the replay test replays it like every other.
    timeline = await build_timeline(_load().workflow_id, [_load()])
    patches = [e.details["patch_id"] for e in timeline.of_kind("version")]
    assert PATCH_WORKING_DAY_DEADLINES in patches


async def test_committed_histories_of_cases_started_before_keep_the_calendar_count() -> None:
    # Cases recorded before the rule: no marker, so their state has no rule
    # and objection_deadline_for keeps the plain count.
    for path in (Path(__file__).parents[1] / "histories").glob("minimum_income_*.json"):
        payload = json.loads(path.read_text())
        history = WorkflowHistory.from_json(payload["workflow_id"], payload["history"])
        timeline = await build_timeline(history.workflow_id, [history])
        patches = [e.details["patch_id"] for e in timeline.of_kind("version")]
        assert PATCH_WORKING_DAY_DEADLINES not in patches
