"""Pure presenters of the web app: badges, corrections, languages, chat lines."""

from __future__ import annotations

import datetime as dt

from schemas.case import CaseStatus, CaseView, Question
from schemas.projection import CaseProjection, TaskProjection
from schemas.task import TaskKind, TaskStatus
from web.i18n import LANGUAGES, pick_language, translate
from web.views import (
    TACIT_WARNING,
    case_tacit_deadline,
    chat_messages,
    progress,
    silence_can_decide,
    tacit_lead,
    task_badges,
)

NOW = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)


def task(due_at: dt.datetime | None) -> TaskProjection:
    return TaskProjection(
        task_id="c:1", version=1, case_id="c", procedure="short_time_work",
        kind=TaskKind.REVIEW, group="short_time_work", status=TaskStatus.OPEN,
        due_at=due_at, created_at=NOW, updated_at=NOW,
    )  # fmt: skip


def test_badges() -> None:
    assert task_badges(task(None), NOW) == []
    assert [b.key for b in task_badges(task(NOW - dt.timedelta(hours=1)), NOW)] == ["badge_overdue"]
    assert [b.key for b in task_badges(task(NOW + dt.timedelta(days=2)), NOW)] == ["badge_due_soon"]
    assert task_badges(task(NOW + dt.timedelta(days=10)), NOW) == []
    tacit = NOW + dt.timedelta(days=10)
    badges = task_badges(task(tacit), NOW, tacit)
    assert [(b.key, b.date) for b in badges] == [("badge_tacit", "2026-03-20")]
    assert task_badges(task(None), NOW, NOW + dt.timedelta(days=30)) == []
    # A longer lead time warns earlier.
    far = NOW + dt.timedelta(days=30)
    assert [b.key for b in task_badges(task(None), NOW, far, dt.timedelta(days=31))] == [
        "badge_tacit"
    ]


def test_tacit_deadline_from_the_case_row_and_lead_times() -> None:
    row = CaseProjection(
        case_id="c", version=1, procedure="minimum_income", language="fr", status="under_review",
        created_at=NOW, updated_at=NOW,
        summary={"deadlines": {"objection": "2026-03-01T00:00:00+00:00",
                               "tacit_decision": "2026-05-31T21:59:59+00:00"}},
    )  # fmt: skip
    assert case_tacit_deadline(row) == dt.datetime(2026, 5, 31, 21, 59, 59, tzinfo=dt.UTC)
    assert case_tacit_deadline(row.model_copy(update={"summary": {}})) is None
    assert case_tacit_deadline(None) is None
    # RSA declares its own lead time, the permit takes the default, configuration wins.
    assert tacit_lead("minimum_income", None) == dt.timedelta(days=14)
    assert tacit_lead("building_permit", None) == TACIT_WARNING
    assert tacit_lead("building_permit", 30) == dt.timedelta(days=30)
    assert silence_can_decide("minimum_income") and silence_can_decide("building_permit")
    assert not silence_can_decide("short_time_work")


def test_pick_language() -> None:
    assert pick_language("fr", "de", "en") == "fr"
    assert pick_language(None, "en", "fr") == "en"
    assert pick_language("xx", None, "fr-CH,fr;q=0.9,en;q=0.8") == "fr"
    assert pick_language(None, None, "it") == "en"
    assert {translate("send", lang) for lang in LANGUAGES} == {"Senden", "Send", "Envoyer"}


def test_chat_lines_and_progress() -> None:
    view = CaseView(
        case_id="c", procedure="short_time_work", language="en", status=CaseStatus.INTAKE,
        form={"cause": "economic"}, missing=[],
        question=Question(field="cause_description", text="Please describe it."),
        transcript=[
            {"role": "question", "text": "Why?"},
            {"role": "applicant", "text": "economic reasons"},
            {"role": "assistant", "text": "Noted."},
        ],
    )  # fmt: skip
    lines = [(m.role, m.text) for m in chat_messages(view)]
    assert lines[1:] == [
        ("assistant", "Why?"),
        ("applicant", "economic reasons"),
        ("assistant", "Noted."),
        ("assistant", "Please describe it."),
    ]
    assert lines[0][0] == "assistant" and "Hello" in lines[0][1]
    done, total = progress(view)
    assert done == 1 and total > 10
