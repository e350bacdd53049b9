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

from guichet.i18n.formats import format_money
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
        texts = {
            "de": "Sie leben allein mit einem Kind unter drei Jahren: der erhöhte Betrag kann "
            "gelten; das prüft eine Sachbearbeiterin.",
            "en": "You live alone with a child under three: the increased amount may apply; "
            "a caseworker assesses it.",
            "fr": "Vous vivez seul(e) avec un enfant de moins de trois ans : le montant majoré "
            "peut s'appliquer ; un agent l'examine.",
        }
        return _criterion("standard_amount", None, texts, basis)
    if alone and (expecting or separated):
        texts = {
            "de": "Für eine allein lebende Schwangere oder einen Elternteil kurz nach einer "
            "Trennung kann der erhöhte Betrag gelten; das prüft eine Sachbearbeiterin.",
            "en": "The increased amount for a pregnant woman alone or a lone parent after a "
            "separation may apply; a caseworker assesses it.",
            "fr": "Le montant majoré (femme enceinte isolée ou parent isolé après une "
            "séparation) peut s'appliquer ; un agent l'examine.",
        }
        return _criterion("standard_amount", None, texts, basis)
    texts = {
        "de": "Es gilt der Regelbetrag (montant forfaitaire).",
        "en": "The standard flat amount applies.",
        "fr": "Le montant forfaitaire de droit commun s'applique.",
    }
    return _criterion("standard_amount", True, texts, "CASF L262-2")


def _earnings_stopped(values: Mapping[str, Any], params: RsaParameters) -> Criterion:
    basis = params.legal_sources["earnings_stopped"]
    answer = values.get("earnings_stopped")
    if answer is True:
        texts = {
            "de": "Ein Einkommen Ihres Haushalts ist in den letzten drei Monaten ohne Ersatz "
            "weggefallen: es zählt dann nicht mehr; eine Sachbearbeiterin berechnet die "
            "Einkünfte neu.",
            "en": "An income of your household stopped in the last three months with nothing "
            "replacing it: it is then no longer counted; a caseworker works out the resources "
            "again.",
            "fr": "Un revenu de votre foyer a cessé au cours des trois derniers mois sans "
            "revenu de remplacement : il n'est alors plus pris en compte ; un agent recalcule "
            "les ressources.",
        }
        return _criterion("earnings_stopped", None, texts, basis)
    if answer is False:
        texts = {
            "de": "Kein Einkommen Ihres Haushalts ist ohne Ersatz weggefallen.",
            "en": "No income of your household stopped without a replacement.",
            "fr": "Aucun revenu de votre foyer n'a cessé sans revenu de remplacement.",
        }
    else:
        texts = {
            "de": "Weggefallene Einkommen wurden in diesem Antrag nicht erfragt; alle "
            "angegebenen Einkünfte zählen.",
            "en": "This claim's form did not ask about income that stopped; every income given "
            "counts.",
            "fr": "Le formulaire de cette demande ne posait pas la question des revenus "
            "interrompus ; toutes les ressources déclarées comptent.",
        }
    return _criterion("earnings_stopped", True, texts, basis)


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
    who = {
        "applicant": {"de": "Sie", "en": "you", "fr": "vous"},
        "partner": {"de": "Partner", "en": "partner", "fr": "conjoint"},
    }
    members = ["applicant"] + (["partner"] if amount.adults == 2 else [])
    texts: Texts = {}
    for lang, intro, tail in (
        ("de", "Einkünfte der letzten drei Monate", "im Monatsdurchschnitt"),
        ("en", "Resources of the last three months", "a month on average"),
        ("fr", "Ressources des trois derniers mois", "en moyenne par mois"),
    ):
        parts = "; ".join(f"{who[m][lang]}: {_member_words(values, m, lang)}" for m in members)
        texts[lang] = (
            f"{intro}: {parts}; {_money(amount.resources_total, lang)} / 3 = "
            f"{_money(amount.average_resources, lang)} {tail}."
        )
    return _criterion("resources", True, texts, params.legal_sources["resources"])


def _family(values: Mapping[str, Any], amount: Amount, params: RsaParameters) -> Criterion:
    basis = params.legal_sources["family_benefits"]
    if not asks_family_benefits(values, amount.children):
        # A claim made on the first question flow, which did not ask: its
        # decision stays as that flow's cases were decided (a case in flight
        # is never re-routed), and the explanation says what was not counted.
        texts = {
            "de": "Familienleistungen zählen zu den Einkünften, wurden in diesem Antrag aber "
            "nicht erfragt und sind nicht angerechnet; bitte melden Sie erhaltene Leistungen.",
            "en": "Family benefits count as resources but this claim's form did not ask for "
            "them, so none are counted; please report any you receive.",
            "fr": "Les prestations familiales comptent dans les ressources mais le formulaire "
            "de cette demande ne les demandait pas : aucune n'est prise en compte ; "
            "signalez celles que vous percevez.",
        }
        return _criterion("family_benefits", True, texts, basis)
    family = amount.family
    texts = {}
    for lang, labels, none in (
        (
            "de",
            (
                "Kindergeld (allocations familiales)",
                "PAJE-Grundbetrag",
                "complément familial ohne Erhöhung",
                "ASF-Pauschale",
            ),
            "Keine Familienleistungen angerechnet.",
        ),
        (
            "en",
            (
                "family allowances",
                "PAJE base allowance",
                "complément familial without its increase",
                "flat ASF share",
            ),
            "No family benefits counted.",
        ),
        (
            "fr",
            (
                "allocations familiales",
                "allocation de base de la PAJE",
                "complément familial hors majoration",
                "forfait ASF",
            ),
            "Aucune prestation familiale prise en compte.",
        ),
    ):
        items = [
            (labels[0], family.allowances),
            (labels[1], family.paje_base),
            (labels[2], family.complement_familial),
            (f"{labels[3]} × {family.asf_children}", family.asf),
        ]
        counted = [f"{label} {_money(value, lang)}" for label, value in items if value > 0]
        head = {
            "de": "Angerechnete Familienleistungen",
            "en": "Family benefits counted",
            "fr": "Prestations familiales prises en compte",
        }[lang]
        texts[lang] = (
            f"{head}: {' + '.join(counted)} = {_money(family.total, lang)}." if counted else none
        )
    return _criterion("family_benefits", True, texts, basis)


def _housing(amount: Amount, params: RsaParameters) -> Criterion:
    basis = params.legal_sources["housing_deduction"]
    rate, benefit = amount.housing_flat_rate, amount.housing_benefit
    if rate == 0:
        texts = {
            "de": "Keine Wohnkostenpauschale: Ihre Wohnsituation bringt keine.",
            "en": "No housing deduction: your housing does not bring one.",
            "fr": "Pas de forfait logement : votre situation de logement n'en comporte pas.",
        }
    elif benefit is not None and benefit < rate:
        texts = {
            "de": f"Wohnkostenpauschale {_money(rate, 'de')}, höchstens das erhaltene Wohngeld "
            f"{_money(benefit, 'de')}: {_money(amount.housing, 'de')}.",
            "en": f"Housing flat rate {_money(rate, 'en')}, at most the housing benefit "
            f"received, {_money(benefit, 'en')}: {_money(amount.housing, 'en')}.",
            "fr": f"Forfait logement {_money(rate, 'fr')}, limité à l'aide au logement perçue "
            f"de {_money(benefit, 'fr')} : {_money(amount.housing, 'fr')}.",
        }
    else:
        texts = {
            "de": f"Wohnkostenpauschale: {_money(amount.housing, 'de')}.",
            "en": f"Housing deduction: {_money(amount.housing, 'en')}.",
            "fr": f"Forfait logement : {_money(amount.housing, 'fr')}.",
        }
    return _criterion("housing_deduction", True, texts, basis)


def _steps(amount: Amount, lang: str) -> str:
    # The family benefits appear only when some are counted, so a claim
    # without any reads exactly as before.
    family = f"{_money(amount.family.total, lang)} + " if amount.family.total > 0 else ""
    return (
        f"{_money(amount.flat, lang)} − ({_money(amount.average_resources, lang)} + "
        f"{family}{_money(amount.housing, lang)}) = {_money(amount.computed, lang)}"
    )


def _payable(amount: Amount, params: RsaParameters) -> Criterion:
    steps = {lang: _steps(amount, lang) for lang in ("de", "en", "fr")}
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
