import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest

from procedures.short_time_work import PROCEDURE
from procedures.short_time_work.parameters import (
    PARAMETER_SETS,
    NoParameterSetError,
    parameters_for,
)
from procedures.short_time_work.policy import describe_reason, sign_off
from procedures.short_time_work.rules import CRITERIA, evaluate
from schemas.extraction import Extraction, ExtractionMethod
from schemas.rules import CriterionResult, RuleOutcome

MET = CriterionResult.MET
NOT_MET = CriterionResult.NOT_MET
REVIEW = CriterionResult.NEEDS_REVIEW

RECEIVED = dt.date(2026, 3, 31)


def values(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
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
        "works_council": False,
        "employer_name": "Müller GmbH",
        "employer_address": "Hauptstraße 1, 10115 Berlin",
        "betriebsnummer": "09912342",
        "industry": "Metal",
        "contact_person": "Eva Müller",
        "contact_email": "eva@example.org",
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def run(
    received: dt.date = RECEIVED, reference: dt.date | None = None, **overrides: Any
) -> RuleOutcome:
    return evaluate(values(**overrides), received, reference or received)


def result(outcome: RuleOutcome, code: str) -> CriterionResult:
    return next(c.result for c in outcome.criteria if c.code == code)


def explanation(outcome: RuleOutcome, code: str, lang: str = "en") -> str:
    return next(c.explanation[lang] for c in outcome.criteria if c.code == code)


# --- the complete, clear case


def test_all_criteria_met() -> None:
    outcome = run()
    assert outcome.eligible
    assert [c.code for c in outcome.criteria] == list(CRITERIA)
    assert all(c.result is MET for c in outcome.criteria)
    for criterion in outcome.criteria:
        assert set(criterion.explanation) == {"de", "en", "fr"}
        assert criterion.legal_basis.endswith(("SGB III",))
    assert outcome.parameter_set.id == "stw-2023-07-01"
    assert outcome.reference_date == RECEIVED
    assert outcome.facts["effective_month"] == "2026-03"
    assert outcome.facts["entitlement_until"] == "2026-08"
    assert outcome.facts["rate_standard"] == 0.6
    assert outcome.facts["rate_with_child"] == 0.67
    assert outcome.facts["max_duration_months"] == 12


def test_procedure_evaluate_is_this_function() -> None:
    assert PROCEDURE.evaluate(values(), RECEIVED, RECEIVED) == run()


# --- 1. cause


def test_unavoidable_event_is_recognised_and_named() -> None:
    outcome = run(
        cause="unavoidable_event",
        orders_expected_to_recover=None,
        event_type="natural_disaster",
        event_date="2026-03-05",
    )
    assert result(outcome, "cause_recognised") is MET
    assert "natural disaster" in explanation(outcome, "cause_recognised")
    assert "Naturereignis" in explanation(outcome, "cause_recognised", "de")
    assert outcome.eligible


def test_other_cause_needs_review() -> None:
    outcome = run(cause="other", orders_expected_to_recover=None)
    assert result(outcome, "cause_recognised") is REVIEW
    assert not outcome.eligible


# --- 2. temporary


def test_duration_above_maximum_is_not_temporary() -> None:
    outcome = run(expected_duration_months=13)
    assert result(outcome, "temporary") is NOT_MET
    assert "13 months" in explanation(outcome, "temporary")
    assert "at most 12 months" in explanation(outcome, "temporary")
    assert outcome.facts["entitlement_until"] == "2027-02"  # capped at 12 months


def test_duration_at_maximum_is_temporary() -> None:
    assert result(run(expected_duration_months=12), "temporary") is MET


def test_economic_loss_without_expected_recovery_is_not_temporary() -> None:
    outcome = run(orders_expected_to_recover=False)
    assert result(outcome, "temporary") is NOT_MET
    assert "not temporary" in explanation(outcome, "temporary")


def test_unavoidable_event_needs_no_recovery_answer() -> None:
    outcome = run(
        cause="unavoidable_event",
        orders_expected_to_recover=None,
        event_type="official_measure",
        event_date="2026-03-02",
    )
    assert result(outcome, "temporary") is MET


# --- 3. unavoidable


def test_leave_not_used_is_avoidable() -> None:
    outcome = run(overtime_and_leave_used=False)
    assert result(outcome, "unavoidable") is NOT_MET
    assert not outcome.eligible


def test_unavoidable_explains_negative_balances_per_parameter_set() -> None:
    normal = run()
    eased = run(received=dt.date(2021, 5, 10), loss_start_month="2021-05")
    assert "must also be built up" in explanation(normal, "unavoidable")
    assert "did not have to be built up" in explanation(eased, "unavoidable")


# --- 4. minimum share, exact boundaries


def test_exactly_one_third_is_met() -> None:
    outcome = run(headcount=15, affected_employees=5, affected_over_10_percent=5)
    assert result(outcome, "minimum_share") is MET
    text = explanation(outcome, "minimum_share")
    assert text.startswith("5 of 15 employees (33.3%) lose more than 10%")
    assert "at least one third is required" in text
    assert "5 von 15 Beschäftigten (33,3\u00a0%)" in explanation(outcome, "minimum_share", "de")
    assert "un tiers" in explanation(outcome, "minimum_share", "fr")


def test_just_below_one_third_is_not_met() -> None:
    # 4 * 3 = 12 < 13.
    outcome = run(headcount=13, affected_employees=4, affected_over_10_percent=4)
    assert result(outcome, "minimum_share") is NOT_MET
    assert "4 of 13 employees (30.8%)" in explanation(outcome, "minimum_share")


EASED = dt.date(2021, 5, 10)


def test_eased_ten_percent_boundary_met() -> None:
    outcome = run(
        received=EASED,
        loss_start_month="2021-05",
        headcount=20,
        affected_employees=2,
        affected_over_10_percent=2,
    )
    assert result(outcome, "minimum_share") is MET
    assert "2 of 20 employees (10%)" in explanation(outcome, "minimum_share")
    assert "at least 10% is required" in explanation(outcome, "minimum_share")


def test_eased_ten_percent_boundary_not_met() -> None:
    outcome = run(
        received=EASED,
        loss_start_month="2021-05",
        headcount=11,
        affected_employees=1,
        affected_over_10_percent=1,
    )
    assert result(outcome, "minimum_share") is NOT_MET
    assert "1 of 11 employees (9.1%) loses" in explanation(outcome, "minimum_share")


def test_two_of_twenty_is_not_enough_under_normal_rules() -> None:
    outcome = run(headcount=20, affected_employees=2, affected_over_10_percent=2)
    assert result(outcome, "minimum_share") is NOT_MET


# --- parameter sets


@pytest.mark.parametrize(
    ("reference", "set_id"),
    [
        (dt.date(2019, 1, 1), "stw-2019-01-01"),
        (dt.date(2020, 2, 29), "stw-2019-01-01"),
        (dt.date(2020, 3, 1), "stw-2020-03-01-eased"),
        (dt.date(2021, 5, 10), "stw-2020-03-01-eased"),
        (dt.date(2023, 6, 30), "stw-2020-03-01-eased"),
        (dt.date(2023, 7, 1), "stw-2023-07-01"),
        (dt.date(2030, 1, 1), "stw-2023-07-01"),
    ],
)
def test_parameter_set_selected_by_reference_date(reference: dt.date, set_id: str) -> None:
    params = parameters_for(reference)
    assert params.id == set_id
    assert params.source
    outcome = run(received=reference, reference=reference, loss_start_month="2019-01")
    assert outcome.parameter_set.id == set_id


def test_eased_and_normal_values() -> None:
    eased = parameters_for(EASED)
    normal = parameters_for(dt.date(2023, 7, 1))
    assert (eased.min_share_numerator, eased.min_share_denominator) == (1, 10)
    assert not eased.negative_balances_required
    assert (normal.min_share_numerator, normal.min_share_denominator) == (1, 3)
    assert normal.negative_balances_required
    assert "BGBl. 2020 I S. 493" in eased.source
    for params in PARAMETER_SETS.values():
        assert (params.rate_standard, params.rate_with_child) == (Decimal("0.60"), Decimal("0.67"))
        assert params.max_duration_months == 12
        assert params.max_auto_affected == 250


def test_parameter_sets_are_contiguous() -> None:
    ordered = sorted(PARAMETER_SETS.values(), key=lambda p: p.effective_from)
    for earlier, later in itertools.pairwise(ordered):
        assert earlier.effective_to is not None
        assert earlier.effective_to + dt.timedelta(days=1) == later.effective_from
    assert ordered[-1].effective_to is None


def test_no_parameter_set_before_2019() -> None:
    with pytest.raises(NoParameterSetError, match="2018-12-31"):
        parameters_for(dt.date(2018, 12, 31))
    with pytest.raises(LookupError):
        run(received=dt.date(2018, 12, 31), loss_start_month="2018-12")


def test_reference_date_is_independent_of_receipt() -> None:
    # What-if: the same case evaluated under the eased rules.
    outcome = evaluate(
        values(headcount=20, affected_over_10_percent=2, affected_employees=2), RECEIVED, EASED
    )
    assert outcome.parameter_set.id == "stw-2020-03-01-eased"
    assert result(outcome, "minimum_share") is MET


# --- 5. social insurance


def test_nobody_subject_to_social_insurance_is_not_met() -> None:
    outcome = run(employees_social_insurance=0)
    assert result(outcome, "social_insurance") is NOT_MET
    assert "0" in explanation(outcome, "social_insurance")


# --- 6. works council


def test_works_council_with_statement_is_met() -> None:
    assert result(run(works_council=True, works_council_consent=True), "works_council") is MET


def test_works_council_without_statement_is_not_met() -> None:
    outcome = run(works_council=True, works_council_consent=False)
    assert result(outcome, "works_council") is NOT_MET
    assert not outcome.eligible


def test_no_works_council_is_met() -> None:
    assert result(run(works_council=False), "works_council") is MET


# --- 7. timely notification (worked examples)


def test_notification_on_last_day_of_loss_month_takes_effect_that_month() -> None:
    outcome = run(received=dt.date(2026, 3, 31), loss_start_month="2026-03")
    assert result(outcome, "timely_notification") is MET
    assert outcome.facts["effective_month"] == "2026-03"
    assert outcome.facts["notified_in_time"] is True
    assert "March 2026" in explanation(outcome, "timely_notification")
    assert "31. März 2026" in explanation(outcome, "timely_notification", "de")


def test_late_notification_takes_effect_from_month_of_receipt() -> None:
    outcome = run(received=dt.date(2026, 4, 2), loss_start_month="2026-03")
    assert result(outcome, "timely_notification") is MET
    assert outcome.facts["effective_month"] == "2026-04"
    assert outcome.facts["notified_in_time"] is False
    assert outcome.facts["entitlement_until"] == "2026-09"
    text = explanation(outcome, "timely_notification")
    assert "only from the month of receipt: April 2026" in text
    assert "avril 2026" in explanation(outcome, "timely_notification", "fr")


def test_early_notification_takes_effect_from_loss_month() -> None:
    outcome = run(received=dt.date(2026, 2, 20), loss_start_month="2026-03")
    assert outcome.facts["effective_month"] == "2026-03"


# --- robustness


@pytest.mark.parametrize(
    "name",
    [
        "cause",
        "loss_start_month",
        "expected_duration_months",
        "headcount",
        "affected_employees",
        "affected_over_10_percent",
        "employees_social_insurance",
        "overtime_and_leave_used",
        "works_council",
        "orders_expected_to_recover",
    ],
)
def test_missing_value_raises_naming_the_field(name: str) -> None:
    form = values()
    del form[name]
    with pytest.raises(ValueError, match=name):
        evaluate(form, RECEIVED, RECEIVED)


def test_missing_follow_ups_raise() -> None:
    with pytest.raises(ValueError, match="works_council_consent"):
        run(works_council=True)
    with pytest.raises(ValueError, match="event_type"):
        run(cause="unavoidable_event", orders_expected_to_recover=None)


def test_wrong_types_raise() -> None:
    with pytest.raises(ValueError, match="headcount"):
        run(headcount=True)
    with pytest.raises(ValueError, match="works_council"):
        run(works_council="yes")
    with pytest.raises(ValueError, match="cause"):
        run(cause="bankruptcy")
    with pytest.raises(ValueError, match="YYYY-MM"):
        run(loss_start_month="March")


def test_employer_block_is_not_needed_by_the_rules() -> None:
    form = values()
    for name in ("employer_name", "contact_email", "betriebsnummer"):
        del form[name]
    assert evaluate(form, RECEIVED, RECEIVED).eligible


# --- sign-off policy


def extraction(field: str, confidence: float = 1.0, turn: int = 1) -> Extraction:
    return Extraction(
        field=field,
        value=values().get(field),
        source_text="...",
        method=ExtractionMethod.MODEL if confidence < 1 else ExtractionMethod.PARSER,
        confidence=confidence,
        turn=turn,
    )


def all_extractions(**confidences: float) -> list[Extraction]:
    return [extraction(name, confidences.get(name, 0.95)) for name in values()]


def test_clear_case_is_approved_automatically() -> None:
    decision = sign_off(run(), values(), all_extractions())
    assert decision.automatic
    assert decision.reasons == []
    assert decision.priority == 0
    assert not decision.four_eyes


def test_refusal_needs_a_person_with_higher_priority() -> None:
    form = values(overtime_and_leave_used=False)
    decision = sign_off(evaluate(form, RECEIVED, RECEIVED), form, all_extractions())
    assert not decision.automatic
    assert decision.reasons == ["refusal"]
    low = sign_off(run(), values(), all_extractions(headcount=0.5))
    assert decision.priority > low.priority > 0


def test_low_confidence_needs_a_person() -> None:
    decision = sign_off(run(), values(), all_extractions(headcount=0.79))
    assert not decision.automatic
    assert decision.reasons == ["low_confidence:headcount"]
    assert sign_off(run(), values(), all_extractions(headcount=0.8)).automatic


def test_corrected_value_supersedes_low_confidence_reading() -> None:
    readings = [*all_extractions(headcount=0.4), extraction("headcount", 1.0, turn=5)]
    assert sign_off(run(), values(), readings).automatic


def test_extractions_of_fields_that_no_longer_apply_are_ignored() -> None:
    readings = [*all_extractions(), extraction("event_type", 0.3)]
    assert sign_off(run(), values(), readings).automatic


def test_cause_other_needs_a_person() -> None:
    form = values(cause="other", orders_expected_to_recover=None)
    decision = sign_off(evaluate(form, RECEIVED, RECEIVED), form, all_extractions())
    assert not decision.automatic
    assert decision.reasons == ["cause_other"]


@pytest.mark.parametrize(("affected", "automatic"), [(250, True), (251, False)])
def test_many_affected_needs_a_person(affected: int, automatic: bool) -> None:
    form = values(headcount=600, affected_employees=affected, affected_over_10_percent=200)
    outcome = evaluate(form, RECEIVED, RECEIVED)
    assert outcome.eligible
    decision = sign_off(outcome, form, all_extractions())
    assert decision.automatic is automatic
    if not automatic:
        assert decision.reasons == ["many_affected"]
        assert decision.priority > sign_off(run(), values(), all_extractions(cause=0.1)).priority


def test_reasons_are_described_in_each_language() -> None:
    assert "headcount" in describe_reason("low_confidence:headcount", "en")
    assert "250" in describe_reason("many_affected", "de")
    assert describe_reason("cause_other", "fr") == "Une autre cause a été indiquée."
    assert describe_reason("unknown_code", "en") == "unknown_code"
