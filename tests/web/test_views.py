"""Pure presenters of the web app: badges, corrections, languages, chat lines."""

from __future__ import annotations

import datetime as dt

from schemas.case import CaseStatus, CaseView, Question
from schemas.projection import TaskProjection
from schemas.task import TaskKind, TaskStatus
from web.i18n import LANGUAGES, pick_language, translate
from web.views import chat_messages, correction_text, progress, task_badges

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


def test_correction_text() -> None:
    assert (
        correction_text("short_time_work", "headcount", " 13 ", "de") == "Korrektur: Mitarbeiter 13"
    )
    assert correction_text("short_time_work", "headcount", "13", "en") == "Correction: employees 13"
    assert correction_text("short_time_work", "employer_name", "X", "en") is None
    assert correction_text("short_time_work", "no_such_field", "X", "en") is None


def test_pick_language() -> None:
    assert pick_language("fr", "de", "en") == "fr"
    assert pick_language(None, "en", "fr") == "en"
    assert pick_language("xx", None, "fr-CH,fr;q=0.9,en;q=0.8") == "fr"
    assert pick_language(None, None, "it") == "de"
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
