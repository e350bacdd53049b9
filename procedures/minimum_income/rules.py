"""Eligibility and amount of the RSA (CASF L262-1 ff.), each step explained.

The amount is worked out in the order a caseworker would explain it: the
flat amount for this household, the household's average monthly resources
over the last three months, the housing deduction, the result, and the
6 EUR floor. Every number comes from the parameter set in force on the
reference date (the day the claim became complete).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from guichet.i18n.formats import LANGUAGES, format_money
from guichet.i18n.texts import texts_for
from procedures.minimum_income.flow import children
from procedures.minimum_income.form import child_field
from procedures.minimum_income.parameters import RsaParameters, parameters_for
from procedures.minimum_income.resources import (
    MONTHS,
    FamilyBenefits,
    asks_family_benefits,
    family_benefits,
    member_quarter,
    money,
)
from schemas.rules import Criterion, CriterionResult, RuleOutcome

__all__ = [
    "CRITERIA",
    "HOUSING_DEDUCTED",
    "Amount",
    "compute_amount",
    "evaluate",
    "evaluate_with",
]

CRITERIA: tuple[str, ...] = (
    "age",
    "stable_residence",
    "right_of_residence",
    "standard_amount",
    "earnings_stopped",
    "resources",
    "family_benefits",
    "housing_deduction",
    "amount_payable",
)
"""Criterion codes in the order an outcome lists them."""

HOUSING_DEDUCTED = frozenset({"owner_no_loan", "free_housing", "tenant_with_benefit"})
"""Housing situations that bring the flat-rate housing deduction."""

_CENT = Decimal("0.01")
Texts = dict[str, str]


def _money(value: Decimal, lang: str) -> str:
    return format_money(value, lang)


@dataclass(frozen=True)
class Amount:
    """The amount computation, step by step (unrounded where the law divides).

    Attributes:
        adults: 1 or 2.
        children: Dependent children.
        flat: The household's monthly flat amount.
        resources_total: All members' resources over the three months.
        average_resources: Their monthly average (total / 3, exact).
        family: The family benefits counted as monthly resources.
        housing_flat_rate: The housing flat rate for the household's size when
            its housing brings one (0 otherwise).
        housing_benefit: The monthly housing benefit received, when asked.
        housing: The housing deduction: the flat rate, at most the housing
            benefit received (0 when it does not apply).
        computed: flat − (average resources + family benefits + housing), to
            the cent.
        payable: ``computed`` when at least the floor, else 0.
    """

    adults: int
    children: int
    flat: Decimal
    resources_total: Decimal
    average_resources: Decimal
    family: FamilyBenefits
    housing_flat_rate: Decimal
    housing_benefit: Decimal | None
    housing: Decimal
    computed: Decimal
    payable: Decimal


def flat_amount(adults: int, kids: int, params: RsaParameters) -> Decimal:
    """Return the monthly flat amount for ``adults`` (1 or 2) and ``kids`` children."""
    table = params.flat_couple if adults == 2 else params.flat_alone
    return table[min(kids, 2)] + params.flat_per_further_child * max(kids - 2, 0)


def housing_deduction(persons: int, housing: str, params: RsaParameters) -> Decimal:
    """Return the housing flat rate for a household of ``persons`` in ``housing``."""
    if housing not in HOUSING_DEDUCTED:
        return Decimal(0)
    if persons <= 1:
        return params.housing_one
    if persons == 2:
        return params.housing_two
    return params.housing_three_plus


def _housing_benefit(values: Mapping[str, Any]) -> Decimal | None:
    if values.get("housing") != "tenant_with_benefit" or "housing_benefit" not in values:
        return None  # not a tenant receiving it, or the first form, which did not ask
    return money(values.get("housing_benefit"))


def compute_amount(values: Mapping[str, Any], params: RsaParameters) -> Amount:
    """Work out the monthly RSA for the household described by ``values``."""
    adults = 2 if values.get("has_partner") is True else 1
    kids = children(values)
    flat = flat_amount(adults, kids, params)
    total = member_quarter(values, "applicant")
    if adults == 2:
        total += member_quarter(values, "partner")
    for index in range(1, kids + 1):
        total += money(values.get(child_field(index, "resources")))
    average = total / MONTHS
    family = family_benefits(values, kids, params)
    rate = housing_deduction(adults + kids, str(values.get("housing")), params)
    benefit = _housing_benefit(values)
    # A tenant's deduction is capped by the housing benefit actually received.
    housing = rate if benefit is None else min(rate, benefit)
    computed = (flat - (average + family.total + housing)).quantize(_CENT, rounding=ROUND_HALF_UP)
    payable = computed if computed >= params.minimum_payment else Decimal("0.00")
    return Amount(
        adults, kids, flat, total, average, family, rate, benefit, housing, computed, payable
    )


def _criterion(code: str, met: bool | None, said: Texts, basis: str) -> Criterion:
    if met is None:
        result = CriterionResult.NEEDS_REVIEW
    else:
        result = CriterionResult.MET if met else CriterionResult.NOT_MET
    return Criterion(code=code, result=result, explanation=said, legal_basis=basis)


def _moneys(value: Decimal) -> Texts:
    """An amount as each language writes it."""
    return {lang: _money(value, lang) for lang in LANGUAGES}


def _age(values: Mapping[str, Any], reference: dt.date, params: RsaParameters) -> Criterion:
    born = dt.date.fromisoformat(str(values["birth_date"]))
    years = relativedelta(reference, born).years
    kids = children(values)
    expecting = values.get("pregnancy") is True
    met = years >= params.minimum_age or kids > 0 or expecting
    if years >= params.minimum_age:
        said = texts_for("rsa_rule_age_old_enough", years=years, minimum=params.minimum_age)
    elif met:
        said = texts_for("rsa_rule_age_with_child", years=years)
    else:
        said = texts_for("rsa_rule_age_too_young", years=years, minimum=params.minimum_age)
    return _criterion("age", met, said, "CASF L262-4 1°")


def _residence(values: Mapping[str, Any]) -> Criterion:
    met = values.get("stable_residence") is True
    if met:
        said = texts_for("rsa_rule_stable_residence_yes")
    else:
        said = texts_for("rsa_rule_stable_residence_no")
    return _criterion("stable_residence", met, said, "CASF L262-2")


def _right_of_residence(values: Mapping[str, Any], params: RsaParameters) -> Criterion:
    nationality = values.get("nationality")
    if nationality in ("french", "eu"):
        said = texts_for("rsa_rule_right_of_residence_national")
        return _criterion("right_of_residence", True, said, "CASF L262-4 2°, L262-6")
    years = int(values.get("residence_permit_years") or 0)
    need = params.permit_years
    met = years >= need
    said = texts_for("rsa_rule_right_of_residence_permit", years=years, required=need)
    return _criterion("right_of_residence", met, said, "CASF L262-4 2°")


def _under_three(values: Mapping[str, Any]) -> bool:
    ages = (values.get(child_field(i, "age")) for i in range(1, children(values) + 1))
    return any(isinstance(age, int) and not isinstance(age, bool) and age < 3 for age in ages)


def _standard_amount(values: Mapping[str, Any], params: RsaParameters) -> Criterion:
    alone = values.get("has_partner") is False
    expecting = values.get("pregnancy") is True
    kids = children(values) > 0
    separated = kids and values.get("recent_separation") is True
    under_three = kids and _under_three(values)
    basis = params.legal_sources["standard_amount"]
    if alone and under_three:
        said = texts_for("rsa_rule_standard_amount_child_under_three")
        return _criterion("standard_amount", None, said, basis)
    if alone and (expecting or separated):
        said = texts_for("rsa_rule_standard_amount_pregnant_or_separated")
        return _criterion("standard_amount", None, said, basis)
    said = texts_for("rsa_rule_standard_amount_flat")
    return _criterion("standard_amount", True, said, "CASF L262-2")


def _earnings_stopped(values: Mapping[str, Any], params: RsaParameters) -> Criterion:
    basis = params.legal_sources["earnings_stopped"]
    answer = values.get("earnings_stopped")
    if answer is True:
        said = texts_for("rsa_rule_earnings_stopped_yes")
        return _criterion("earnings_stopped", None, said, basis)
    if answer is False:
        said = texts_for("rsa_rule_earnings_stopped_no")
    else:
        said = texts_for("rsa_rule_earnings_stopped_not_asked")
    return _criterion("earnings_stopped", True, said, basis)


def _member_words(values: Mapping[str, Any], member: str, lang: str) -> str:
    same = values.get(f"{member}_income_same")
    total = member_quarter(values, member)
    if same is True:
        pay = money(values.get(f"{member}_net_pay"))
        other = money(values.get(f"{member}_other_income"))
        return f"3 × ({_money(pay, lang)} + {_money(other, lang)}) = {_money(total, lang)}"
    if same is False:
        months = [money(values.get(f"{member}_income_month_{n}")) for n in range(1, MONTHS + 1)]
        return " + ".join(_money(m, lang) for m in months) + f" = {_money(total, lang)}"
    return _money(total, lang)


def _resources(values: Mapping[str, Any], amount: Amount, params: RsaParameters) -> Criterion:
    # Each member's sum is arithmetic (amounts and signs), its words a message.
    members = [
        texts_for(
            "rsa_rule_resources_applicant",
            income={lang: _member_words(values, "applicant", lang) for lang in LANGUAGES},
        )
    ]
    if amount.adults == 2:
        members.append(
            texts_for(
                "rsa_rule_resources_partner",
                income={lang: _member_words(values, "partner", lang) for lang in LANGUAGES},
            )
        )
    said = texts_for(
        "rsa_rule_resources",
        members={lang: "; ".join(member[lang] for member in members) for lang in LANGUAGES},
        total=_moneys(amount.resources_total),
        average=_moneys(amount.average_resources),
    )
    return _criterion("resources", True, said, params.legal_sources["resources"])


def _family(values: Mapping[str, Any], amount: Amount, params: RsaParameters) -> Criterion:
    basis = params.legal_sources["family_benefits"]
    if not asks_family_benefits(values, amount.children):
        # A claim made on the first question flow, which did not ask: its
        # decision stays as that flow's cases were decided (a case in flight
        # is never re-routed), and the explanation says what was not counted.
        said = texts_for("rsa_rule_family_benefits_not_asked")
        return _criterion("family_benefits", True, said, basis)
    family = amount.family
    counted: list[Texts] = []
    if family.allowances > 0:
        counted.append(
            texts_for("rsa_rule_family_benefits_allowances", amount=_moneys(family.allowances))
        )
    if family.paje_base > 0:
        counted.append(
            texts_for("rsa_rule_family_benefits_paje_base", amount=_moneys(family.paje_base))
        )
    if family.complement_familial > 0:
        counted.append(
            texts_for(
                "rsa_rule_family_benefits_complement_familial",
                amount=_moneys(family.complement_familial),
            )
        )
    if family.asf > 0:
        counted.append(
            texts_for(
                "rsa_rule_family_benefits_asf",
                children=family.asf_children,
                amount=_moneys(family.asf),
            )
        )
    if counted:
        said = texts_for(
            "rsa_rule_family_benefits_counted",
            benefits={lang: " + ".join(item[lang] for item in counted) for lang in LANGUAGES},
            total=_moneys(family.total),
        )
    else:
        said = texts_for("rsa_rule_family_benefits_none")
    return _criterion("family_benefits", True, said, basis)


def _housing(amount: Amount, params: RsaParameters) -> Criterion:
    basis = params.legal_sources["housing_deduction"]
    rate, benefit = amount.housing_flat_rate, amount.housing_benefit
    if rate == 0:
        said = texts_for("rsa_rule_housing_deduction_none")
    elif benefit is not None and benefit < rate:
        said = texts_for(
            "rsa_rule_housing_deduction_capped",
            rate=_moneys(rate),
            benefit=_moneys(benefit),
            deduction=_moneys(amount.housing),
        )
    else:
        said = texts_for("rsa_rule_housing_deduction", deduction=_moneys(amount.housing))
    return _criterion("housing_deduction", True, said, basis)


def _steps(amount: Amount, lang: str) -> str:
    # The family benefits appear only when some are counted, so a claim
    # without any reads exactly as before.
    family = f"{_money(amount.family.total, lang)} + " if amount.family.total > 0 else ""
    return (
        f"{_money(amount.flat, lang)} − ({_money(amount.average_resources, lang)} + "
        f"{family}{_money(amount.housing, lang)}) = {_money(amount.computed, lang)}"
    )


def _payable(amount: Amount, params: RsaParameters) -> Criterion:
    steps = {lang: _steps(amount, lang) for lang in LANGUAGES}
    floor = params.minimum_payment
    met = amount.computed >= floor
    if met:
        said = texts_for("rsa_rule_amount_payable", steps=steps)
    else:
        said = texts_for(
            "rsa_rule_amount_payable_below_minimum", steps=steps, minimum=_moneys(floor)
        )
    return _criterion("amount_payable", met, said, "CASF L262-2, L262-3")


def evaluate(values: Mapping[str, Any], received_on: dt.date, reference: dt.date) -> RuleOutcome:
    """Apply the RSA rules to a complete claim.

    Args:
        values: The complete form.
        received_on: The date the claim became complete (local).
        reference: The date whose parameter set applies (and the age is taken on).

    Returns:
        The explained outcome; ``amount`` is the monthly RSA when eligible.

    Raises:
        NoParameterSetError: If no parameter set covers ``reference``.
        ValueError: If a required value is missing or malformed.
    """
    return evaluate_with(values, received_on, parameters_for(reference), reference)


def evaluate_with(
    values: Mapping[str, Any],
    received_on: dt.date,
    params: RsaParameters,
    reference: dt.date | None = None,
) -> RuleOutcome:
    """Apply the RSA rules with a given parameter set (what-if and audits).

    Args:
        values: The complete form.
        received_on: The date the claim became complete (local).
        params: The parameter set to apply, whatever its validity period.
        reference: The date the age is taken on and the outcome records
            (default: ``received_on``).

    Returns:
        The explained outcome, naming ``params``.

    Raises:
        ValueError: If a required value is missing or malformed.
    """
    reference = reference or received_on
    amount = compute_amount(values, params)
    criteria = [
        _age(values, reference, params),
        _residence(values),
        _right_of_residence(values, params),
        _standard_amount(values, params),
        _earnings_stopped(values, params),
        _resources(values, amount, params),
        _family(values, amount, params),
        _housing(amount, params),
        _payable(amount, params),
    ]
    eligible = all(c.result is CriterionResult.MET for c in criteria)
    return RuleOutcome(
        eligible=eligible,
        criteria=criteria,
        parameter_set=params.ref(),
        reference_date=reference,
        amount=amount.payable if eligible else None,
        facts={
            "received_on": received_on.isoformat(),
            "adults": amount.adults,
            "children": amount.children,
            "flat_amount": str(amount.flat),
            "resources_total": str(amount.resources_total),
            "average_resources": str(
                amount.average_resources.quantize(_CENT, rounding=ROUND_HALF_UP)
            ),
            "family_benefits": str(amount.family.total.quantize(_CENT, rounding=ROUND_HALF_UP)),
            "housing_flat_rate": str(amount.housing_flat_rate),
            "housing_deduction": str(amount.housing),
            "computed_amount": str(amount.computed),
            "payable_amount": str(amount.payable),
            "minimum_payment": str(params.minimum_payment),
        },
    )
