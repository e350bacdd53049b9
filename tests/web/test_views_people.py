"""Pure presenters of the status page after submission, the queue's lead time and
the supervision page's claim levels."""

from __future__ import annotations

import datetime as dt

from schemas.case import CaseStatus, CaseView, Deadline, Decision, Outcome, TimelineEntry
from schemas.projection import TaskProjection
from schemas.task import TaskKind, TaskStatus
from web.pages.supervision import claim_level, held_text
from web.views import task_badges
from web.views_people import after_decision, appeal_state

NOW = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def view(status: CaseStatus, procedure: str = "building_permit", **values: object) -> CaseView:
    return CaseView.model_validate(
        {
            "case_id": "c",
            "procedure": procedure,
            "language": "fr",
            "status": status,
            "form": {},
            "missing": [],
            **values,
        }
    )


def entry(kind: str) -> TimelineEntry:
    return TimelineEntry(at=NOW, kind=kind, text="")


def refused(deadline: dt.datetime) -> Decision:
    return Decision(
        outcome=Outcome.REJECTED,
        decided_by="alice",
        decided_at=NOW - DAY,
        objection_deadline=deadline,
    )


def test_the_appeal_form_shows_only_inside_the_window() -> None:
    # 2026-04-09 22:59:59 UTC is the end of 9 April in Paris.
    deadline = dt.datetime(2026, 4, 9, 21, 59, 59, tzinfo=dt.UTC)
    inside = after_decision(view(CaseStatus.DECIDED, decision=refused(deadline)), NOW)
    assert inside["can_appeal"] and inside["appeal_deadline"] == "2026-04-09"
    after = after_decision(
        view(CaseStatus.DECIDED, decision=refused(deadline)), deadline + dt.timedelta(seconds=1)
    )
    assert not after["can_appeal"]
    contested = view(CaseStatus.DECIDED, decision=refused(deadline), appealed=True)
    assert not after_decision(contested, NOW)["can_appeal"]
    withdrawn = Decision(outcome=Outcome.WITHDRAWN, decided_by="applicant", decided_at=NOW)
    values = after_decision(view(CaseStatus.CLOSED, decision=withdrawn), NOW)
    assert not values["can_appeal"] and not values["can_rate"]
    assert after_decision(view(CaseStatus.DECIDED, decision=refused(deadline)), NOW)["can_rate"]


def test_appeal_state_follows_the_timeline() -> None:
    assert appeal_state(view(CaseStatus.DECIDED)) is None
    pending = view(CaseStatus.UNDER_REVIEW, timeline=[entry("decided"), entry("appeal")])
    assert appeal_state(pending) == "pending"
    for kind, state in (("appeal_upheld", "upheld"), ("appeal_revised", "revised")):
        settled = view(CaseStatus.DECIDED, timeline=[entry("appeal"), entry(kind)])
        assert appeal_state(settled) == state


def test_reminder_notice_names_the_local_day_once_reminded() -> None:
    limit = dt.datetime(2026, 6, 10, 21, 59, 59, 999999, tzinfo=dt.UTC)  # 10 June, Paris
    deadlines = [Deadline(code="completion_limit", due_at=limit)]
    waiting = view(CaseStatus.AWAITING_APPLICANT, deadlines=deadlines)
    assert after_decision(waiting, NOW)["reminder"] is None
    reminded = view(
        CaseStatus.AWAITING_APPLICANT, deadlines=deadlines, timeline=[entry("reminder")]
    )
    assert after_decision(reminded, NOW)["reminder"] == "2026-06-10"
    answered = view(CaseStatus.SUBMITTED, deadlines=deadlines, timeline=[entry("reminder")])
    assert after_decision(answered, NOW)["reminder"] is None


def test_contact_is_asked_where_the_form_has_no_address() -> None:
    assert after_decision(view(CaseStatus.UNDER_REVIEW), NOW)["asks_contact"]
    stw = view(CaseStatus.UNDER_REVIEW, procedure="short_time_work")
    assert not after_decision(stw, NOW)["asks_contact"]


def test_due_soon_uses_the_reminder_lead_time() -> None:
    row = TaskProjection(
        task_id="c:1", version=1, case_id="c", procedure="minimum_income",
        kind=TaskKind.REVIEW, group="minimum_income", status=TaskStatus.OPEN,
        due_at=NOW + 5 * DAY, created_at=NOW, updated_at=NOW,
    )  # fmt: skip
    assert task_badges(row, NOW) == []
    assert [b.key for b in task_badges(row, NOW, soon=7 * DAY)] == ["badge_due_soon"]


def test_claim_levels() -> None:
    hour = dt.timedelta(hours=1)
    assert claim_level(None, 4 * hour) is None and claim_level(5 * hour, None) is None
    assert claim_level(2 * hour, 4 * hour) is None
    assert claim_level(3 * hour, 4 * hour) == "long"
    assert claim_level(4 * hour, 4 * hour) == "too_long"
    assert held_text(dt.timedelta(hours=3, minutes=5)) == "3 h 05 min"
    assert held_text(dt.timedelta(days=2, hours=4)) == "2 d 4 h"
    assert held_text(-hour) == "0 h 00 min"
