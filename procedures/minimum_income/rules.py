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

from procedures.minimum_income.flow import children
from procedures.minimum_income.form import child_field
from procedures.minimum_income.parameters import RsaParameters, parameters_for
from schemas.rules import Criterion, CriterionResult, RuleOutcome

__all__ = ["CRITERIA", "HOUSING_DEDUCTED", "Amount", "compute_amount", "evaluate"]

CRITERIA: tuple[str, ...] = (
    "age",
    "stable_residence",
    "right_of_residence",
    "standard_amount",
    "amount_payable",
)
"""Criterion codes in the order an outcome lists them."""

HOUSING_DEDUCTED = frozenset({"owner_no_loan", "free_housing", "tenant_with_benefit"})
"""Housing situations that bring the flat-rate housing deduction."""

_CENT = Decimal("0.01")
Texts = dict[str, str]


def _money(value: Decimal, lang: str) -> str:
    text = f"{value.quantize(_CENT, rounding=ROUND_HALF_UP):,.2f}"
    if lang == "en":
        return f"{text} EUR"
    group = "." if lang == "de" else "\u202f"
    text = text.replace(",", "\0").replace(".", ",").replace("\0", group)
    return f"{text}\u00a0EUR"


@dataclass(frozen=True)
class Amount:
    """The amount computation, step by step (unrounded where the law divides).

    Attributes:
        adults: 1 or 2.
        children: Dependent children.
        flat: The household's monthly flat amount.
        resources_total: All members' resources over the three months.
        average_resources: Their monthly average (total / 3, exact).
        housing: The housing deduction (0 when it does not apply).
        computed: flat − (average resources + housing), to the cent.
        payable: ``computed`` when at least the floor, else 0.
    """

    adults: int
    children: int
    flat: Decimal
    resources_total: Decimal
    average_resources: Decimal
    housing: Decimal
    computed: Decimal
    payable: Decimal


def _decimal(value: Any) -> Decimal:
    if value is None:
        return Decimal(0)
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"not an amount: {type(value).__name__}")
    # Through str: 1234.56 (a float from the form) is exactly 1234.56 here.
    return Decimal(str(value))


def flat_amount(adults: int, kids: int, params: RsaParameters) -> Decimal:
    """Return the monthly flat amount for ``adults`` (1 or 2) and ``kids`` children."""
    table = params.flat_couple if adults == 2 else params.flat_alone
    return table[min(kids, 2)] + params.flat_per_further_child * max(kids - 2, 0)


def housing_deduction(persons: int, housing: str, params: RsaParameters) -> Decimal:
    """Return the housing deduction for a household of ``persons`` in ``housing``."""
    if housing not in HOUSING_DEDUCTED:
        return Decimal(0)
    if persons <= 1:
        return params.housing_one
    if persons == 2:
        return params.housing_two
    return params.housing_three_plus


def compute_amount(values: Mapping[str, Any], params: RsaParameters) -> Amount:
    """Work out the monthly RSA for the household described by ``values``."""
    adults = 2 if values.get("has_partner") is True else 1
    kids = children(values)
    flat = flat_amount(adults, kids, params)
    total = _decimal(values.get("applicant_resources"))
    if adults == 2:
        total += _decimal(values.get("partner_resources"))
    for index in range(1, kids + 1):
        total += _decimal(values.get(child_field(index, "resources")))
    average = total / 3
    housing = housing_deduction(adults + kids, str(values.get("housing")), params)
    computed = (flat - (average + housing)).quantize(_CENT, rounding=ROUND_HALF_UP)
    payable = computed if computed >= params.minimum_payment else Decimal("0.00")
    return Amount(adults, kids, flat, total, average, housing, computed, payable)


def _criterion(code: str, met: bool | None, texts: Texts, basis: str) -> Criterion:
    if met is None:
        result = CriterionResult.NEEDS_REVIEW
    else:
        result = CriterionResult.MET if met else CriterionResult.NOT_MET
    return Criterion(code=code, result=result, explanation=texts, legal_basis=basis)


def _age(values: Mapping[str, Any], reference: dt.date, params: RsaParameters) -> Criterion:
    born = dt.date.fromisoformat(str(values["birth_date"]))
    years = relativedelta(reference, born).years
    kids = children(values)
    expecting = values.get("pregnancy") is True
    met = years >= params.minimum_age or kids > 0 or expecting
    if years >= params.minimum_age:
        texts = {
            "de": f"Sie sind {years} Jahre alt (mindestens {params.minimum_age}).",
            "en": f"You are {years} years old (at least {params.minimum_age}).",
            "fr": f"Vous avez {years} ans (au moins {params.minimum_age}).",
        }
    elif met:
        texts = {
            "de": f"Sie sind {years} Jahre alt, haben aber ein Kind oder erwarten eines.",
            "en": f"You are {years} years old but have or expect a child.",
            "fr": f"Vous avez {years} ans mais avez ou attendez un enfant.",
        }
    else:
        texts = {
            "de": f"Sie sind {years} Jahre alt, jünger als {params.minimum_age}, ohne Kind.",
            "en": f"You are {years} years old, under {params.minimum_age}, with no child.",
            "fr": f"Vous avez {years} ans, moins de {params.minimum_age}, sans enfant.",
        }
    return _criterion("age", met, texts, "CASF L262-4 1°")


def _residence(values: Mapping[str, Any]) -> Criterion:
    met = values.get("stable_residence") is True
    texts = (
        {
            "de": "Sie wohnen dauerhaft in Frankreich.",
            "en": "You live in France on a stable basis.",
            "fr": "Vous résidez en France de manière stable.",
        }
        if met
        else {
            "de": "Sie wohnen nicht dauerhaft in Frankreich.",
            "en": "You do not live in France on a stable basis.",
            "fr": "Vous ne résidez pas en France de manière stable.",
        }
    )
    return _criterion("stable_residence", met, texts, "CASF L262-2")


def _right_of_residence(values: Mapping[str, Any], params: RsaParameters) -> Criterion:
    nationality = values.get("nationality")
    if nationality in ("french", "eu"):
        texts = {
            "de": "Als französische oder EU/EWR/Schweizer Staatsangehörige erfüllen Sie "
            "diese Voraussetzung.",
            "en": "As a French or EU/EEA/Swiss national you meet this condition.",
            "fr": "En tant que ressortissant français ou UE/EEE/Suisse, vous remplissez "
            "cette condition.",
        }
        return _criterion("right_of_residence", True, texts, "CASF L262-4 2°, L262-6")
    years = int(values.get("residence_permit_years") or 0)
    need = params.permit_years
    met = years >= need
    texts = {
        "de": f"Aufenthaltstitel seit {years} Jahren (nötig: {need}).",
        "en": f"Residence permits for {years} years ({need} required).",
        "fr": f"Titre de séjour depuis {years} ans ({need} requis).",
    }
    return _criterion("right_of_residence", met, texts, "CASF L262-4 2°")


def _standard_amount(values: Mapping[str, Any]) -> Criterion:
    alone = values.get("has_partner") is False
    expecting = values.get("pregnancy") is True
    lone_parent = children(values) > 0 and values.get("recent_separation") is True
    if alone and (expecting or lone_parent):
        texts = {
            "de": "Für eine allein lebende Schwangere oder einen Elternteil kurz nach einer "
            "Trennung kann der erhöhte Betrag gelten; das prüft eine Sachbearbeiterin.",
            "en": "The increased amount for a pregnant woman alone or a lone parent after a "
            "separation may apply; a caseworker assesses it.",
            "fr": "Le montant majoré (femme enceinte isolée ou parent isolé après une "
            "séparation) peut s'appliquer ; un agent l'examine.",
        }
        return _criterion("standard_amount", None, texts, "CASF L262-9")
    texts = {
        "de": "Es gilt der Regelbetrag (montant forfaitaire).",
        "en": "The standard flat amount applies.",
        "fr": "Le montant forfaitaire de droit commun s'applique.",
    }
    return _criterion("standard_amount", True, texts, "CASF L262-2")


def _payable(amount: Amount, params: RsaParameters) -> Criterion:
    steps = {
        lang: (
            f"{_money(amount.flat, lang)} − ({_money(amount.average_resources, lang)} + "
            f"{_money(amount.housing, lang)}) = {_money(amount.computed, lang)}"
        )
        for lang in ("de", "en", "fr")
    }
    floor = params.minimum_payment
    met = amount.computed >= floor
    if met:
        texts = {
            "de": f"Monatlicher Betrag: {steps['de']}.",
            "en": f"Monthly amount: {steps['en']}.",
            "fr": f"Montant mensuel : {steps['fr']}.",
        }
    else:
        texts = {
            "de": f"{steps['de']}: unter {_money(floor, 'de')} wird nichts gezahlt.",
            "en": f"{steps['en']}: nothing is paid below {_money(floor, 'en')}.",
            "fr": f"{steps['fr']} : rien n'est versé en dessous de {_money(floor, 'fr')}.",
        }
    return _criterion("amount_payable", met, texts, "CASF L262-2, L262-3")


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
    params = parameters_for(reference)
    amount = compute_amount(values, params)
    criteria = [
        _age(values, reference, params),
        _residence(values),
        _right_of_residence(values, params),
        _standard_amount(values),
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
            "housing_deduction": str(amount.housing),
            "computed_amount": str(amount.computed),
            "payable_amount": str(amount.payable),
            "minimum_payment": str(params.minimum_payment),
        },
    )
