import datetime as dt
from typing import Any

import pytest
from markupsafe import escape

from procedures.letters import format_money, format_number, format_percent, render_letter
from procedures.short_time_work import PROCEDURE
from procedures.short_time_work.rules import evaluate
from schemas.letter import LetterRequest
from schemas.rules import CriterionResult

NOTIFIED = dt.datetime(2026, 1, 31, 10, tzinfo=dt.UTC)
EMPLOYER = 'Müller & Söhne <GmbH> "Nord"'

FORM: dict[str, Any] = {
    "cause": "economic",
    "cause_description": "A large order was cancelled.",
    "orders_expected_to_recover": True,
    "loss_start_month": "2026-03",
    "expected_duration_months": 6,
    "average_loss_percent": 40,
    "headcount": 15,
    "affected_employees": 10,
    "affected_over_10_percent": 5,
    "employees_social_insurance": 14,
    "overtime_and_leave_used": True,
    "works_council": True,
    "works_council_consent": True,
    "employer_name": EMPLOYER,
    "employer_address": "Hauptstraße 1\n10115 Berlin",
    "betriebsnummer": "09912342",
    "industry": "Metal",
    "contact_person": "Eva Müller",
    "contact_email": "eva@example.org",
}

DEADLINES = {"de": "28. Februar 2026", "en": "28 February 2026", "fr": "28 février 2026"}
MONTHS = {"de": "März 2026", "en": "March 2026", "fr": "mars 2026"}
RECEIVED_LATE = {"de": "2. April 2026", "en": "2 April 2026", "fr": "2 avril 2026"}


def request(
    language: str, outcome: str, form: dict[str, Any], received: dt.date, reason: str | None = None
) -> LetterRequest:
    return LetterRequest(
        letter_id="case-1:7",
        case_id="case-1",
        procedure="short_time_work",
        language=language,
        outcome=outcome,
        form=form,
        rule_outcome=evaluate(form, received, received),
        decided_by="system" if outcome == "approved" else "caseworker-7",
        decided_at=NOTIFIED,
        reason=reason,
        objection_deadline=PROCEDURE.objection_deadline(NOTIFIED),
    )


@pytest.mark.parametrize("language", ["de", "en", "fr"])
def test_approved_letter(language: str) -> None:
    req = request(language, "approved", FORM, dt.date(2026, 3, 31))
    html = render_letter(req, PROCEDURE)
    assert html.startswith("<!DOCTYPE html>")
    assert f'<html lang="{language}">' in html
    assert DEADLINES[language] in html
    assert '<time datetime="2026-02-28">' in html
    assert MONTHS[language] in html
    percent = "%" if language == "en" else "\u00a0%"
    assert f"60{percent}" in html and f"67{percent}" in html
    assert "Kug 107" in html and "Kug 108" in html
    assert req.rule_outcome is not None
    for criterion in req.rule_outcome.criteria:
        assert str(escape(criterion.explanation[language])) in html
    assert "Widerspruch" in html
    assert str(escape(EMPLOYER)) in html
    assert EMPLOYER not in html
    assert "<GmbH>" not in html


@pytest.mark.parametrize("language", ["de", "en", "fr"])
def test_rejected_letter(language: str) -> None:
    form = {**FORM, "works_council_consent": False}
    req = request(
        language, "rejected", form, dt.date(2026, 4, 2), reason="Statement missing <again> & late"
    )
    html = render_letter(req, PROCEDURE)
    assert f'<html lang="{language}">' in html
    assert DEADLINES[language] in html
    assert req.rule_outcome is not None
    unmet = [c for c in req.rule_outcome.criteria if c.result is not CriterionResult.MET]
    met = [c for c in req.rule_outcome.criteria if c.result is CriterionResult.MET]
    assert [c.code for c in unmet] == ["works_council"]
    assert str(escape(unmet[0].explanation[language])) in html
    for criterion in met:
        assert str(escape(criterion.explanation[language])) not in html
    assert "Statement missing &lt;again&gt; &amp; late" in html
    assert str(escape(EMPLOYER)) in html
    assert "Widerspruch" in html
    assert RECEIVED_LATE[language] in html


def test_approved_letter_uses_the_effective_month_of_a_late_notification() -> None:
    html = render_letter(request("en", "approved", FORM, dt.date(2026, 4, 2)), PROCEDURE)
    assert "paid from <strong>April 2026</strong>" in html
    assert "until September 2026" in html


def test_letter_is_self_contained() -> None:
    html = render_letter(request("de", "approved", FORM, dt.date(2026, 3, 31)), PROCEDURE)
    for external in ("<link", "<script", "src=", "http://", "https://", "@import"):
        assert external not in html
    assert "<main>" in html and "<h1" in html


def test_unknown_language_falls_back_to_english() -> None:
    html = render_letter(request("es", "approved", FORM, dt.date(2026, 3, 31)), PROCEDURE)
    assert '<html lang="en">' in html
    assert DEADLINES["en"] in html


def test_machine_decision_notice_only_for_system_decisions() -> None:
    req = request("de", "approved", FORM, dt.date(2026, 3, 31))
    assert "maschinell erstellt" in render_letter(req, PROCEDURE)
    by_person = req.model_copy(update={"decided_by": "caseworker-7"})
    assert "maschinell erstellt" not in render_letter(by_person, PROCEDURE)


def test_invalid_outcome_is_refused() -> None:
    req = request("de", "approved", FORM, dt.date(2026, 3, 31))
    with pytest.raises(ValueError):
        render_letter(req.model_copy(update={"outcome": "../approved"}), PROCEDURE)


def test_number_formats() -> None:
    assert format_money(1234.5, "de") == "1.234,50\u00a0€"
    assert format_money(1234.5, "en") == "€1,234.50"
    assert format_money(1234.5, "fr") == "1\u202f234,50\u00a0€"
    assert format_number(1234567, "de", 0) == "1.234.567"
    assert format_percent(0.67, "fr") == "67\u00a0%"
    assert format_percent(0.333, "de", 1) == "33,3\u00a0%"
