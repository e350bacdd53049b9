"""Building applications: form of application, instruction periods, consultations
and every deadline, with the worked examples of PROCEDURES.md section 3."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from procedures.building_permit.deadlines import (
    completeness_due,
    completion_limit,
    consultations,
    objection_deadline,
    tacit_deadline,
    tacit_outcome,
    windows,
)
from procedures.building_permit.flow import check_field, next_field
from procedures.building_permit.policy import sign_off
from procedures.building_permit.rules import evaluate, missing_documents
from schemas.lifecycle import ConsultationOutcome
from schemas.rules import CriterionResult

PARIS = ZoneInfo("Europe/Paris")
DOC = "file:" + "a" * 64


def project(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "project_type": "new_house",
        "floor_area": 120,
        "urban_zone": False,
        "near_monument": False,
        "site_plan": DOC,
        "cross_section": DOC,
        "facades": DOC,
        "photos": DOC,
    }
    return {**values, **changes}


def at(day: str) -> dt.datetime:
    """Noon on a Paris day (a file completed during office hours)."""
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12), tzinfo=PARIS)


def end_of(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time.max, tzinfo=PARIS)


def facts(values: dict[str, Any]) -> dict[str, Any]:
    day = dt.date(2026, 3, 15)
    return dict(evaluate(values, day, day).facts)


@pytest.mark.parametrize(
    ("area", "urban", "form"),
    [
        (0, False, "prior_declaration"),
        (20, False, "prior_declaration"),
        (21, False, "building_permit"),
        (21, True, "prior_declaration"),
        (40, True, "prior_declaration"),
        (41, True, "building_permit"),
    ],
)
def test_form_of_application_from_area_and_zone(area: int, urban: bool, form: str) -> None:
    assert facts(project(floor_area=area, urban_zone=urban))["application_form"] == form


@pytest.mark.parametrize(
    ("changes", "months"),
    [
        ({"floor_area": 15}, 1),  # prior declaration
        ({"floor_area": 15, "near_monument": True}, 2),  # + ABF
        ({}, 2),  # permit for a single house
        ({"near_monument": True}, 3),
        ({"project_type": "other_building"}, 3),  # other permits
        ({"project_type": "extension", "floor_area": 60}, 3),
        ({"project_type": "other_building", "near_monument": True}, 4),
    ],
)
def test_instruction_period(changes: dict[str, Any], months: int) -> None:
    assert facts(project(**changes))["instruction_months"] == months


def test_worked_examples_of_the_tacit_approval() -> None:
    declaration = project(project_type="extension", floor_area=15)
    assert tacit_deadline(declaration, at("2026-03-15")) == end_of("2026-04-15")
    assert tacit_deadline(project(), at("2026-01-31")) == end_of("2026-03-31")
    assert tacit_deadline(project(near_monument=True), at("2026-01-31")) == end_of("2026-04-30")


def test_completeness_and_completion_periods() -> None:
    # The office may ask once within a month of filing; the applicant then has three months.
    assert completeness_due(at("2026-01-31")) == end_of("2026-02-28")
    assert completion_limit(at("2026-02-10")) == end_of("2026-05-10")
    assert completion_limit(at("2026-11-30")) == end_of("2027-02-28")


def test_consulted_services() -> None:
    complete = at("2026-01-31")
    services = [c.service for c in consultations(project(near_monument=True), complete)]
    assert services == ["abf", "utilities"]
    other = consultations(project(project_type="other_building"), complete)
    assert [c.service for c in other] == ["utilities", "fire_service"]
    assert consultations(project(floor_area=10, project_type="extension"), complete) == []
    abf = consultations(project(near_monument=True), complete)[0]
    assert abf.binding and abf.due_at == end_of("2026-02-28")


def _answer(service: str, outcome: str, binding: bool) -> ConsultationOutcome:
    return ConsultationOutcome(
        service=service, workflow_id="w", due_at=at("2026-02-28"), binding=binding, outcome=outcome
    )


def test_silence_approves_unless_the_abf_objected() -> None:
    assert tacit_outcome(project(), []) == "tacitly_approved"
    utilities_object = [_answer("utilities", "object", False)]
    assert tacit_outcome(project(), utilities_object) == "tacitly_approved"
    assert tacit_outcome(project(), [_answer("abf", "object", True)]) == "tacitly_rejected"
    assert tacit_outcome(project(), [_answer("abf", "agree", True)]) == "tacitly_approved"


def test_appeal_windows_after_a_grant() -> None:
    granted = windows("tacitly_approved", at("2026-03-31"))
    assert [(w.code, w.due_at) for w in granted] == [("third_party_appeal", end_of("2026-05-31"))]
    assert windows("approved", at("2026-12-31"))[0].due_at == end_of("2027-02-28")
    assert windows("rejected", at("2026-03-31")) == []
    assert objection_deadline(at("2026-03-31")) == end_of("2026-05-31")


def test_every_explicit_decision_needs_a_person() -> None:
    values = project()
    day = dt.date(2026, 3, 15)
    outcome = evaluate(values, day, day)
    decision = sign_off(outcome, values, [])
    assert not decision.automatic and decision.reasons[0] == "signature_required"
    assert "needs_review:planning_rules" in decision.reasons


def test_missing_documents() -> None:
    values = project(photos="not_provided", facades="not_provided")
    assert missing_documents(values) == ["facades", "photos"]
    day = dt.date(2026, 3, 15)
    documents = next(c for c in evaluate(values, day, day).criteria if c.code == "documents")
    assert documents.result is CriterionResult.NEEDS_REVIEW
    assert documents.explanation["en"] == "Missing documents: Façades, Photos."


def test_flow_and_section_check() -> None:
    assert next_field({}) == "applicant_name"
    assert check_field("parcel_section", "AB", {}) is None
    assert check_field("parcel_section", "ABC", {}) is not None
    assert check_field("parcel_section", "A-", {}) is not None
