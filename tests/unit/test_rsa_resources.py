"""RSA rule fixes of issue 20, worked out by hand (parameter sets 2025-04-01 and 2026-04-01).

family benefits = allocations familiales + PAJE base (as answered)
                  + complément familial without its increase: BMAF × 41.65 %
                  + flat ASF share: BMAF × 22.5 % per child it is received for
housing         = min(flat rate, housing benefit received) for a tenant receiving it
RSA             = flat − (average resources + family benefits + housing)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from procedures.minimum_income.policy import sign_off
from procedures.minimum_income.rules import evaluate
from schemas.rules import CriterionResult, RuleOutcome

JUNE_2025 = dt.date(2025, 6, 15)
APRIL_2026 = dt.date(2026, 4, 15)


def claim(
    *,
    partner: bool = False,
    ages: tuple[int, ...] = (),
    pay: float = 0,
    other: float = 0,
    months: tuple[float, float, float] | None = None,
    housing: str = "tenant_without_benefit",
    housing_benefit: float | None = None,
    allowances: float = 0,
    paje: float = 0,
    cf: bool = False,
    asf: int = 0,
    stopped: bool = False,
) -> dict[str, Any]:
    """A claim as the second question flow records it."""
    values: dict[str, Any] = {
        "applicant_name": "Test Person",
        "birth_date": "1980-06-15",
        "address": "1 rue de l'Exemple, 75001 Paris",
        "nationality": "french",
        "stable_residence": True,
        "has_partner": partner,
        "children_count": len(ages),
        "pregnancy": False,
        "earnings_stopped": stopped,
        "housing": housing,
        "iban": "FR7630006000011234567890189",
    }
    if months is None:
        values |= {
            "applicant_income_same": True,
            "applicant_net_pay": pay,
            "applicant_other_income": other,
        }
    else:
        values["applicant_income_same"] = False
        values |= {f"applicant_income_month_{n}": m for n, m in enumerate(months, start=1)}
    if partner:
        values |= {"partner_income_same": True, "partner_net_pay": 0, "partner_other_income": 0}
    elif ages:
        values["recent_separation"] = False
    for number, age in enumerate(ages, start=1):
        values[f"child_{number}_age"] = age
        values[f"child_{number}_resources"] = 0
    if ages:
        values |= {
            "family_allowances": allowances,
            "paje_base": paje,
            "complement_familial": cf,
            "asf_received": asf > 0,
        }
        if asf > 1:
            values["asf_children"] = asf
    if housing_benefit is not None:
        values["housing_benefit"] = housing_benefit
    return values


def _result(outcome: RuleOutcome, code: str) -> CriterionResult:
    return next(c.result for c in outcome.criteria if c.code == code)


def _text(outcome: RuleOutcome, code: str) -> str:
    return next(c.explanation["en"] for c in outcome.criteria if c.code == code)


def test_family_allowances_count_as_resources() -> None:
    # Issue 20: a couple with two children on 300 EUR a month: 1,357.70 − (300 + 151.80).
    values = claim(partner=True, ages=(4, 9), pay=300, allowances=151.80)
    outcome = evaluate(values, JUNE_2025, JUNE_2025)
    assert outcome.amount == Decimal("905.90")
    assert outcome.facts["family_benefits"] == "151.80"
    assert _text(outcome, "family_benefits") == (
        "Family benefits counted: family allowances €151.80 = €151.80."
    )
    assert _text(outcome, "amount_payable") == (
        "Monthly amount: €1,357.70 − (€300.00 + €151.80 + €0.00) = €905.90."
    )
    assert "R262-6" in next(c.legal_basis for c in outcome.criteria if c.code == "family_benefits")


def test_complement_familial_and_asf_count_their_fixed_amounts() -> None:
    # 2025: BMAF 474.37. CF without its increase: 474.37 × 0.4165 = 197.575105;
    # ASF flat share for two children: 2 × 474.37 × 0.225 = 213.4665.
    # Alone with three children: 1,422.35 − (0 + 197.575105 + 213.4665) = 1,011.308395 → 1,011.31
    values = claim(ages=(5, 8, 12), cf=True, asf=2)
    outcome = evaluate(values, JUNE_2025, JUNE_2025)
    assert outcome.amount == Decimal("1011.31")
    assert outcome.facts["family_benefits"] == "411.04"
    # 2026: BMAF 478.16: 199.15364 (CF) + 107.586 (one ASF share) = 306.73964
    # 1,433.72 − 306.73964 = 1,126.98036 → 1,126.98
    values = claim(ages=(5, 8, 12), cf=True, asf=1, paje=0)
    assert evaluate(values, APRIL_2026, APRIL_2026).amount == Decimal("1126.98")


def test_paje_base_allowance_counts() -> None:
    # Couple with a baby, PAJE 199.47: 1,163.74 − 199.47 = 964.27
    values = claim(partner=True, ages=(0,), paje=199.47)
    assert evaluate(values, JUNE_2025, JUNE_2025).amount == Decimal("964.27")


def test_housing_flat_rate_is_capped_by_the_housing_benefit() -> None:
    # 646.52 − min(77.58, 48.75) = 597.77; with a housing benefit above it, 568.94.
    low = evaluate(
        claim(housing="tenant_with_benefit", housing_benefit=48.75), JUNE_2025, JUNE_2025
    )
    assert low.amount == Decimal("597.77")
    assert low.facts["housing_deduction"] == "48.75"
    assert _text(low, "housing_deduction") == (
        "Housing flat rate €77.58, at most the housing benefit received, €48.75: €48.75."
    )
    high = evaluate(
        claim(housing="tenant_with_benefit", housing_benefit=312.40), JUNE_2025, JUNE_2025
    )
    assert high.amount == Decimal("568.94")
    # Exactly the flat rate: the whole flat rate.
    equal = claim(housing="tenant_with_benefit", housing_benefit=77.58)
    assert evaluate(equal, JUNE_2025, JUNE_2025).amount == Decimal("568.94")
    # Owners and people housed free have no housing benefit to cap it.
    owner = evaluate(claim(housing="owner_no_loan"), JUNE_2025, JUNE_2025)
    assert owner.facts["housing_deduction"] == "77.58"


def test_lone_parent_with_a_child_under_three_goes_to_a_caseworker() -> None:
    for ages in ((2,), (7, 0)):
        values = claim(ages=ages)
        outcome = evaluate(values, JUNE_2025, JUNE_2025)
        assert _result(outcome, "standard_amount") is CriterionResult.NEEDS_REVIEW
        assert "child under three" in _text(outcome, "standard_amount")
        decision = sign_off(outcome, values, [])
        assert not decision.automatic and "needs_review:standard_amount" in decision.reasons
    # Exactly three: the standard amount; a couple with a baby: the standard amount.
    assert _result(evaluate(claim(ages=(3,)), JUNE_2025, JUNE_2025), "standard_amount") is (
        CriterionResult.MET
    )
    couple = evaluate(claim(partner=True, ages=(1,)), JUNE_2025, JUNE_2025)
    assert _result(couple, "standard_amount") is CriterionResult.MET


def test_earnings_that_stopped_go_to_a_caseworker() -> None:
    values = claim(pay=300, stopped=True)
    outcome = evaluate(values, JUNE_2025, JUNE_2025)
    assert _result(outcome, "earnings_stopped") is CriterionResult.NEEDS_REVIEW
    assert "R262-13" in next(
        c.legal_basis for c in outcome.criteria if c.code == "earnings_stopped"
    )
    decision = sign_off(outcome, values, [])
    assert not decision.automatic and "needs_review:earnings_stopped" in decision.reasons
    clear = claim(pay=300)
    assert _result(evaluate(clear, JUNE_2025, JUNE_2025), "earnings_stopped") is (
        CriterionResult.MET
    )
    assert sign_off(evaluate(clear, JUNE_2025, JUNE_2025), clear, []).automatic


def test_quarter_from_monthly_answers() -> None:
    # The same each month: 3 × (400 + 50) = 1,350; 646.52 − 450 = 196.52.
    same = evaluate(claim(pay=400, other=50), JUNE_2025, JUNE_2025)
    assert same.facts["resources_total"] == "1350"
    assert same.amount == Decimal("196.52")
    assert _text(same, "resources").startswith(
        "Resources of the last three months: you: 3 × (€400.00 + €50.00) = €1,350.00"
    )
    # Different months: 500 + 0 + 400 = 900; 646.52 − 300 = 346.52.
    varied = evaluate(claim(months=(500, 0, 400)), JUNE_2025, JUNE_2025)
    assert varied.amount == Decimal("346.52")
    assert "€500.00 + €0.00 + €400.00 = €900.00" in _text(varied, "resources")


def test_first_form_is_still_accepted() -> None:
    # The first question flow: a three-month total, no family benefits, no amount
    # of housing benefit (the whole flat rate is deducted, as before).
    old: dict[str, Any] = {
        "applicant_name": "Test Person",
        "birth_date": "1980-06-15",
        "address": "x",
        "nationality": "french",
        "stable_residence": True,
        "has_partner": False,
        "children_count": 0,
        "pregnancy": False,
        "applicant_resources": 900,
        "housing": "tenant_with_benefit",
        "iban": "FR7630006000011234567890189",
    }
    outcome = evaluate(old, JUNE_2025, JUNE_2025)
    # 646.52 − (300 + 77.58)
    assert outcome.eligible and outcome.amount == Decimal("268.94")
    # With children, the family benefits were never asked: none are counted,
    # and the explanation says so (cases in flight keep their routing).
    with_child = old | {
        "children_count": 1,
        "child_1_age": 6,
        "child_1_resources": 0,
        "recent_separation": False,
    }
    outcome = evaluate(with_child, JUNE_2025, JUNE_2025)
    # 969.78 − (300 + 155.16)
    assert outcome.amount == Decimal("514.62")
    assert "did not ask for them, so none are counted" in _text(outcome, "family_benefits")


def test_every_rsa_criterion_has_a_name_on_the_staff_pages() -> None:
    from procedures.minimum_income.rules import CRITERIA
    from web.reasons import CRITERIA as NAMES

    assert set(CRITERIA) <= set(NAMES)
