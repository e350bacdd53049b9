"""RSA rules: the amount for many households worked out by hand, and every boundary.

Formula (parameter set rsa-2025-04-01, PROCEDURES.md section 2):

    flat      = table[alone|couple][min(children, 2)] + 258.61 × max(children − 2, 0)
                alone: 646.52, 969.78, 1,163.74   couple: 969.78, 1,163.74, 1,357.70
    average   = (sum of every member's resources over the last three months) / 3
    housing   = 77.58 (1 person), 155.16 (2), 192.02 (3 or more) when the household
                receives housing benefit, is housed free, or owns without a loan; else 0
    RSA       = flat − (average + housing), rounded to the cent; nothing below 6.00
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from procedures.minimum_income.flow import applicable_fields, next_field, prune
from procedures.minimum_income.parameters import NoParameterSetError, parameters_for
from procedures.minimum_income.policy import sign_off
from procedures.minimum_income.rules import evaluate
from schemas.extraction import Extraction
from schemas.rules import CriterionResult

REFERENCE = dt.date(2026, 3, 10)


def household(
    *,
    partner: bool = False,
    children: int = 0,
    applicant: float = 0,
    partner_resources: float = 0,
    child_resources: tuple[float, ...] = (),
    housing: str = "tenant_without_benefit",
    born: str = "1980-06-15",
    nationality: str = "french",
    permit_years: int | None = None,
    pregnancy: bool = False,
    separation: bool | None = None,
    stable: bool = True,
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "applicant_name": "Test Person",
        "birth_date": born,
        "address": "1 rue de l'Exemple, 75001 Paris",
        "nationality": nationality,
        "stable_residence": stable,
        "has_partner": partner,
        "children_count": children,
        "pregnancy": pregnancy,
        "applicant_resources": applicant,
        "housing": housing,
        "iban": "FR7630006000011234567890189",
    }
    if permit_years is not None:
        values["residence_permit_years"] = permit_years
    if partner:
        values["partner_resources"] = partner_resources
    if separation is not None:
        values["recent_separation"] = separation
    if children:
        # Family benefits asked (the second question flow), none received.
        values["asf_received"] = False
    for index in range(1, children + 1):
        values[f"child_{index}_age"] = 5
        extra = child_resources[index - 1] if index <= len(child_resources) else 0
        values[f"child_{index}_resources"] = extra
    return values


# (id, household, expected monthly amount worked out by hand with the formula above)
AMOUNTS: list[tuple[str, dict[str, Any], str]] = [
    # 646.52 − (0 + 0)
    ("alone", household(), "646.52"),
    # 646.52 − (0 + 77.58)
    ("alone_benefit", household(housing="tenant_with_benefit"), "568.94"),
    # 646.52 − (900/3 = 300 + 77.58)
    ("alone_free_income", household(applicant=900, housing="free_housing"), "268.94"),
    # 646.52 − 0: an owner repaying a loan gets no housing deduction
    ("alone_owner_loan", household(housing="owner_with_loan"), "646.52"),
    # 969.78 − 0
    ("alone_1_child", household(children=1), "969.78"),
    # 969.78 − (600/3 = 200 + 155.16 for two persons)
    ("alone_1_owner", household(children=1, applicant=600, housing="owner_no_loan"), "614.62"),
    # 1,163.74 − (0 + 192.02 for three persons)
    ("alone_2_benefit", household(children=2, housing="tenant_with_benefit"), "971.72"),
    # 1,163.74 + 258.61
    ("alone_3", household(children=3), "1422.35"),
    # 1,163.74 + 2 × 258.61 = 1,680.96 − ((150 + 150)/3 = 100 + 192.02)
    (
        "alone_4_child_income",
        household(children=4, child_resources=(150, 150), housing="tenant_with_benefit"),
        "1388.94",
    ),
    # 969.78 − ((1,200 + 300)/3 = 500 + 155.16)
    (
        "couple_benefit",
        household(
            partner=True, applicant=1200, partner_resources=300, housing="tenant_with_benefit"
        ),
        "314.62",
    ),
    # 969.78 − (2,400/3 = 800)
    ("couple_income", household(partner=True, applicant=2400), "169.78"),
    # 1,163.74 − (0 + 192.02)
    ("couple_1_free", household(partner=True, children=1, housing="free_housing"), "971.72"),
    # 1,357.70 − 1,000/3 = 1,357.70 − 333.333… = 1,024.366… → 1,024.37
    (
        "couple_2_thirds",
        household(partner=True, children=2, applicant=1000, housing="owner_with_loan"),
        "1024.37",
    ),
    # 1,357.70 + 258.61
    ("couple_3", household(partner=True, children=3), "1616.31"),
    # 1,357.70 + 2 × 258.61 = 1,874.92 − 192.02
    (
        "couple_4_benefit",
        household(partner=True, children=4, housing="tenant_with_benefit"),
        "1682.90",
    ),
    # 1,357.70 + 3 × 258.61 = 2,133.53 − 192.02
    ("couple_5_free", household(partner=True, children=5, housing="free_housing"), "1941.51"),
    # 646.52 − 1,900/3 = 646.52 − 633.333… = 13.186… → 13.19
    ("alone_small", household(applicant=1900), "13.19"),
    # 646.52 − 1,921.56/3 = 646.52 − 640.52 = 6.00: exactly the floor, paid
    ("alone_floor", household(applicant=1921.56), "6.00"),
]


@pytest.mark.parametrize(
    ("values", "expected"), [a[1:] for a in AMOUNTS], ids=[a[0] for a in AMOUNTS]
)
def test_amount_worked_out_by_hand(values: dict[str, Any], expected: str) -> None:
    outcome = evaluate(values, REFERENCE, REFERENCE)
    assert outcome.eligible, [c.explanation["en"] for c in outcome.criteria]
    assert outcome.amount == Decimal(expected)
    assert outcome.facts["payable_amount"] == expected
    assert outcome.parameter_set.id == "rsa-2025-04-01"


def test_at_least_fifteen_households() -> None:
    assert len(AMOUNTS) >= 15


def test_explanation_shows_each_step() -> None:
    outcome = evaluate(
        household(children=1, applicant=600, housing="owner_no_loan"), REFERENCE, REFERENCE
    )
    line = next(c for c in outcome.criteria if c.code == "amount_payable").explanation["en"]
    assert line == "Monthly amount: €969.78 − (€200.00 + €155.16) = €614.62."
    assert (
        "969,78\u00a0€"
        in next(c for c in outcome.criteria if c.code == "amount_payable").explanation["fr"]
    )


@pytest.mark.parametrize(
    ("resources", "computed"),
    [
        (1921.59, "5.99"),  # 646.52 − 640.53: one cent below the floor
        (3000, "-353.48"),  # 646.52 − 1,000: resources above the flat amount
    ],
)
def test_below_the_floor_nothing_is_paid(resources: float, computed: str) -> None:
    outcome = evaluate(household(applicant=resources), REFERENCE, REFERENCE)
    assert not outcome.eligible and outcome.amount is None
    payable = next(c for c in outcome.criteria if c.code == "amount_payable")
    assert payable.result is CriterionResult.NOT_MET
    assert outcome.facts["computed_amount"] == computed
    assert outcome.facts["payable_amount"] == "0.00"
    assert "€6.00" in payable.explanation["en"]


@pytest.mark.parametrize(
    ("housing", "persons", "deduction"),
    [
        ("owner_no_loan", 1, "77.58"),
        ("free_housing", 2, "155.16"),
        ("tenant_with_benefit", 3, "192.02"),
        ("tenant_with_benefit", 6, "192.02"),
        ("owner_with_loan", 1, "0"),
        ("tenant_without_benefit", 3, "0"),
    ],
)
def test_forfait_logement(housing: str, persons: int, deduction: str) -> None:
    values = household(children=persons - 1, housing=housing)
    assert evaluate(values, REFERENCE, REFERENCE).facts["housing_deduction"] == deduction


def _criterion(values: dict[str, Any], code: str) -> CriterionResult:
    outcome = evaluate(values, REFERENCE, REFERENCE)
    return next(c.result for c in outcome.criteria if c.code == code)


def test_age_boundary_is_the_25th_birthday() -> None:
    # Reference 2026-03-10: born 2001-03-10 is 25 that day, born 2001-03-11 is 24.
    assert _criterion(household(born="2001-03-10"), "age") is CriterionResult.MET
    assert _criterion(household(born="2001-03-11"), "age") is CriterionResult.NOT_MET
    young = "2004-01-01"
    assert _criterion(household(born=young, children=1), "age") is CriterionResult.MET
    assert _criterion(household(born=young, pregnancy=True, partner=True), "age") is (
        CriterionResult.MET
    )


def test_residence_and_permit_years() -> None:
    assert _criterion(household(stable=False), "stable_residence") is CriterionResult.NOT_MET
    other = {"nationality": "other"}
    assert _criterion(household(**other, permit_years=4), "right_of_residence") is (  # type: ignore[arg-type]
        CriterionResult.NOT_MET
    )
    assert _criterion(household(**other, permit_years=5), "right_of_residence") is (  # type: ignore[arg-type]
        CriterionResult.MET
    )
    assert _criterion(household(nationality="eu"), "right_of_residence") is CriterionResult.MET


def test_increased_amount_goes_to_a_person() -> None:
    lone_parent = household(children=1, separation=True)
    assert _criterion(lone_parent, "standard_amount") is CriterionResult.NEEDS_REVIEW
    assert _criterion(household(pregnancy=True), "standard_amount") is (
        CriterionResult.NEEDS_REVIEW
    )
    assert _criterion(household(children=1, separation=False), "standard_amount") is (
        CriterionResult.MET
    )
    outcome = evaluate(lone_parent, REFERENCE, REFERENCE)
    decision = sign_off(outcome, lone_parent, [])
    assert not decision.automatic and "needs_review:standard_amount" in decision.reasons


@pytest.mark.parametrize(
    ("resources", "four_eyes"),
    [
        (348.93, False),  # 1,616.31 − 348.93/3 = 1,616.31 − 116.31 = 1,500.00: not above
        (348.90, True),  # 1,616.31 − 116.30 = 1,500.01: above the threshold
    ],
)
def test_four_eyes_above_1500(resources: float, four_eyes: bool) -> None:
    values = household(partner=True, children=3, applicant=resources)
    outcome = evaluate(values, REFERENCE, REFERENCE)
    decision = sign_off(outcome, values, [])
    assert decision.four_eyes is four_eyes
    assert decision.automatic is not four_eyes


def test_refusal_and_low_confidence_need_a_person() -> None:
    values = household(born="2004-01-01")
    decision = sign_off(evaluate(values, REFERENCE, REFERENCE), values, [])
    assert not decision.automatic and decision.reasons == ["refusal"]
    clear = household()
    shaky = Extraction(field="applicant_resources", value=0, source_text="?", confidence=0.6)
    decision = sign_off(evaluate(clear, REFERENCE, REFERENCE), clear, [shaky])
    assert decision.reasons == ["low_confidence:applicant_resources"]
    assert sign_off(evaluate(clear, REFERENCE, REFERENCE), clear, []).automatic


def test_parameter_set_dates() -> None:
    assert parameters_for(dt.date(2025, 4, 1)).id == "rsa-2025-04-01"
    assert parameters_for(dt.date(2026, 3, 31)).id == "rsa-2025-04-01"
    assert parameters_for(dt.date(2026, 4, 1)).id == "rsa-2026-04-01"
    assert parameters_for(dt.date(2026, 12, 7)).id == "rsa-2026-04-01"
    with pytest.raises(NoParameterSetError):
        parameters_for(dt.date(2025, 3, 31))


REVALUED = dt.date(2026, 4, 1)

# 2026-04-01 set (décret n° 2026-220): base 651.69; ×1.5 = 977.535 → 977.54;
# ×1.8 = 1,173.042 → 1,173.04; ×2.1 = 1,368.549 → 1,368.55; +0.4 = 260.676 → 260.68;
# housing 12 % of 651.69 = 78.2028 → 78.20; 16 % of 977.535 = 156.4056 → 156.41;
# 16.5 % of 1,173.042 = 193.5519… → 193.55.
AMOUNTS_2026: list[tuple[str, dict[str, Any], str]] = [
    ("alone", household(), "651.69"),
    # 651.69 − 78.20
    ("alone_benefit", household(housing="tenant_with_benefit"), "573.49"),
    # 977.54 − (600/3 = 200 + 156.41)
    ("alone_1_owner", household(children=1, applicant=600, housing="owner_no_loan"), "621.13"),
    # 1,173.04 + 260.68
    ("alone_3", household(children=3), "1433.72"),
    # 1,368.55 − 1,000/3 = 1,035.216… → 1,035.22
    (
        "couple_2_thirds",
        household(partner=True, children=2, applicant=1000, housing="owner_with_loan"),
        "1035.22",
    ),
    # 1,368.55 + 2 × 260.68 = 1,889.91 − 193.55
    (
        "couple_4_benefit",
        household(partner=True, children=4, housing="tenant_with_benefit"),
        "1696.36",
    ),
]


@pytest.mark.parametrize(
    ("values", "expected"), [a[1:] for a in AMOUNTS_2026], ids=[a[0] for a in AMOUNTS_2026]
)
def test_amounts_from_the_2026_revaluation(values: dict[str, Any], expected: str) -> None:
    outcome = evaluate(values, REVALUED, REVALUED)
    assert outcome.eligible, [c.explanation["en"] for c in outcome.criteria]
    assert outcome.amount == Decimal(expected)
    assert outcome.parameter_set.id == "rsa-2026-04-01"
    assert "2026-220" in outcome.parameter_set.source


def test_the_day_before_the_revaluation_keeps_the_2025_amounts() -> None:
    eve = dt.date(2026, 3, 31)
    outcome = evaluate(household(), eve, eve)
    assert outcome.amount == Decimal("646.52")
    assert outcome.parameter_set.id == "rsa-2025-04-01"


def test_flow_generates_fields_per_child_and_prunes_them() -> None:
    values = household(partner=True, children=2)
    fields = applicable_fields(values)
    assert fields.index("child_2_age") < fields.index("pregnancy")
    assert fields.index("partner_resources") < fields.index("child_1_resources")
    assert "child_3_age" not in fields and "recent_separation" not in fields
    assert next_field(values) is None
    fewer = {**values, "children_count": 1}
    kept = prune(fewer)
    assert "child_2_age" not in kept and "child_2_resources" not in kept
    assert "child_1_age" in kept
    alone = household(children=1)
    assert next_field({k: v for k, v in alone.items()}) == "recent_separation"
    assert "residence_permit_years" in applicable_fields({"nationality": "other"})
