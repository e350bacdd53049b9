"""The fields the second RSA question flow adds (issue 20).

People do not know a three-month total of their income; they know their net
monthly pay and what else they receive each month. The second flow asks that,
and whether it was the same in each of the last three months (if not, the
income of each month); the rules work out the quarter
(:func:`procedures.minimum_income.resources.member_quarter`). It also asks
the family benefits received, the amount of housing benefit, and whether an
income stopped, which the rules need (CASF R262-6 ff.).

The fields live here, apart from :mod:`procedures.minimum_income.form` (the
first flow's fields, which stay as they are for the cases that use them).
Field names are never reused with another meaning.
"""

from __future__ import annotations

from schemas.form import FieldKind, FieldSpec

__all__ = ["FIELDS_V2", "MONTH_NAMES", "income_month_field"]

_MAX_MONEY = 1_000_000.0

MONTH_NAMES: dict[int, dict[str, str]] = {
    1: {"de": "vor drei Monaten", "en": "three months ago", "fr": "il y a trois mois"},
    2: {"de": "vor zwei Monaten", "en": "two months ago", "fr": "il y a deux mois"},
    3: {"de": "im letzten Monat", "en": "last month", "fr": "le mois dernier"},
}
"""The three months asked one by one, oldest first."""

_WHO = {
    "applicant": {
        "subject": {"de": "Sie", "en": "you", "fr": "vous"},
        "label": {"de": "Ihr", "en": "Your", "fr": "Votre"},
    },
    "partner": {
        "subject": {"de": "Ihr Partner", "en": "your partner", "fr": "votre conjoint(e)"},
        "label": {"de": "Partner:", "en": "Partner's", "fr": "Conjoint :"},
    },
}


def income_month_field(member: str, month: int) -> str:
    """Return the field of ``member``'s income in ``month`` (1 = three months ago)."""
    return f"{member}_income_month_{month}"


def _money(name: str, questions: dict[str, str], labels: dict[str, str]) -> FieldSpec:
    return FieldSpec(
        name=name,
        kind=FieldKind.MONEY,
        questions=questions,
        labels=labels,
        minimum=0,
        maximum=_MAX_MONEY,
    )


def _yes_no(name: str, questions: dict[str, str], labels: dict[str, str]) -> FieldSpec:
    return FieldSpec(name=name, kind=FieldKind.YES_NO, questions=questions, labels=labels)


def _member_fields(member: str) -> list[FieldSpec]:
    you = member == "applicant"
    fields = [
        _yes_no(
            f"{member}_income_same",
            {
                "de": (
                    "Waren Ihr Nettolohn und Ihre anderen Einkünfte in jedem der letzten drei "
                    "Monate gleich?"
                    if you
                    else "Waren Nettolohn und andere Einkünfte Ihres Partners oder Ihrer "
                    "Partnerin in jedem der letzten drei Monate gleich?"
                ),
                "en": (
                    "Were your net pay and your other income the same in each of the last "
                    "three months?"
                    if you
                    else "Were your partner's net pay and other income the same in each of the "
                    "last three months?"
                ),
                "fr": (
                    "Votre salaire net et vos autres ressources ont-ils été les mêmes chacun "
                    "des trois derniers mois ?"
                    if you
                    else "Le salaire net et les autres ressources de votre conjoint(e) ont-ils "
                    "été les mêmes chacun des trois derniers mois ?"
                ),
            },
            {
                "de": "Einkünfte jeden Monat gleich" + ("" if you else " (Partner)"),
                "en": ("Same income each month" if you else "Partner: same income each month"),
                "fr": "Mêmes ressources chaque mois" + ("" if you else " (conjoint)"),
            },
        ),
        _money(
            f"{member}_net_pay",
            {
                "de": (
                    "Wie hoch ist Ihr monatlicher Nettolohn? 0, wenn keiner."
                    if you
                    else "Wie hoch ist der monatliche Nettolohn Ihres Partners oder Ihrer "
                    "Partnerin? 0, wenn keiner."
                ),
                "en": (
                    "What is your net monthly pay? 0 if none."
                    if you
                    else "What is your partner's net monthly pay? 0 if none."
                ),
                "fr": (
                    "Quel est votre salaire net par mois ? 0 si aucun."
                    if you
                    else "Quel est le salaire net mensuel de votre conjoint(e) ? 0 si aucun."
                ),
            },
            {
                "de": "Nettolohn im Monat" + ("" if you else " (Partner)"),
                "en": "Net monthly pay" if you else "Partner's net monthly pay",
                "fr": "Salaire net mensuel" + ("" if you else " (conjoint)"),
            },
        ),
        _money(
            f"{member}_other_income",
            {
                "de": (
                    "Welche anderen Einkünfte "
                    + ("erhalten Sie" if you else "erhält Ihr Partner oder Ihre Partnerin")
                    + " im Monat (Arbeitslosengeld, Renten, Unterhalt …)? 0, wenn keine."
                ),
                "en": (
                    "What other income "
                    + ("do you" if you else "does your partner")
                    + " receive a month (unemployment benefit, pensions, maintenance …)? "
                    "0 if none."
                ),
                "fr": (
                    "Quelles autres ressources "
                    + ("percevez-vous" if you else "votre conjoint(e) perçoit-il (elle)")
                    + " par mois (allocations chômage, pensions, pension alimentaire…) ? "
                    "0 si aucune."
                ),
            },
            {
                "de": "Andere Einkünfte im Monat" + ("" if you else " (Partner)"),
                "en": "Other monthly income" if you else "Partner's other monthly income",
                "fr": "Autres ressources mensuelles" + ("" if you else " (conjoint)"),
            },
        ),
    ]
    for month, names in MONTH_NAMES.items():
        fields.append(
            _money(
                income_month_field(member, month),
                {
                    "de": (
                        f"Wie viel haben {_WHO[member]['subject']['de']} {names['de']} "
                        "insgesamt erhalten (Nettolohn und andere Einkünfte)? 0, wenn nichts."
                    ),
                    "en": (
                        f"How much did {_WHO[member]['subject']['en']} receive {names['en']} "
                        "in total (net pay and other income)? 0 if nothing."
                    ),
                    "fr": (
                        "Combien "
                        + ("avez-vous" if you else "votre conjoint(e) a-t-il (elle)")
                        + f" perçu au total {names['fr']} (salaire net et autres ressources) ? "
                        "0 si rien."
                    ),
                },
                {
                    "de": f"Einkünfte {names['de']}" + ("" if you else " (Partner)"),
                    "en": f"{_WHO[member]['label']['en']} income {names['en']}",
                    "fr": f"Ressources {names['fr']}" + ("" if you else " (conjoint)"),
                },
            )
        )
    return fields


_HOUSEHOLD_FIELDS: list[FieldSpec] = [
    _yes_no(
        "earnings_stopped",
        {
            "de": "Hat in den letzten drei Monaten jemand in Ihrem Haushalt aufgehört zu arbeiten "
            "oder ein Einkommen verloren, ohne dass etwas anderes (Arbeitslosengeld, Rente, "
            "Krankengeld) an seine Stelle getreten ist?",
            "en": "In the last three months, did anyone in your household stop working or lose "
            "an income with nothing (unemployment benefit, pension, sick pay) replacing it?",
            "fr": "Au cours des trois derniers mois, une personne de votre foyer a-t-elle cessé "
            "de travailler ou perdu un revenu sans revenu de remplacement (allocation chômage, "
            "pension, indemnités journalières) ?",
        },
        {
            "de": "Einkommen ohne Ersatz weggefallen",
            "en": "Income stopped without replacement",
            "fr": "Revenu interrompu sans remplacement",
        },
    ),
    _money(
        "family_allowances",
        {
            "de": "Wie viel Kindergeld (allocations familiales) erhält Ihr Haushalt im Monat, "
            "ohne die Alterszuschläge? 0, wenn keines.",
            "en": "How much in family allowances (allocations familiales) does your household "
            "receive a month, without the age supplements? 0 if none.",
            "fr": "Quel montant d'allocations familiales votre foyer perçoit-il par mois, hors "
            "majorations pour âge ? 0 si aucun.",
        },
        {
            "de": "Allocations familiales im Monat",
            "en": "Family allowances a month",
            "fr": "Allocations familiales mensuelles",
        },
    ),
    _money(
        "paje_base",
        {
            "de": "Wie viel PAJE-Grundbetrag (allocation de base) erhält Ihr Haushalt im Monat? "
            "0, wenn keinen.",
            "en": "How much PAJE base allowance (allocation de base) does your household "
            "receive a month? 0 if none.",
            "fr": "Quel montant d'allocation de base de la PAJE votre foyer perçoit-il par "
            "mois ? 0 si aucun.",
        },
        {
            "de": "PAJE-Grundbetrag im Monat",
            "en": "PAJE base allowance a month",
            "fr": "Allocation de base PAJE mensuelle",
        },
    ),
    _yes_no(
        "complement_familial",
        {
            "de": "Erhält Ihr Haushalt den complément familial?",
            "en": "Does your household receive the complément familial?",
            "fr": "Votre foyer perçoit-il le complément familial ?",
        },
        {"de": "Complément familial", "en": "Complément familial", "fr": "Complément familial"},
    ),
    _yes_no(
        "asf_received",
        {
            "de": "Erhält Ihr Haushalt die allocation de soutien familial (ASF) für ein Kind?",
            "en": "Does your household receive the allocation de soutien familial (ASF) for a "
            "child?",
            "fr": "Votre foyer perçoit-il l'allocation de soutien familial (ASF) pour un enfant ?",
        },
        {"de": "ASF erhalten", "en": "ASF received", "fr": "ASF perçue"},
    ),
    FieldSpec(
        name="asf_children",
        kind=FieldKind.INTEGER,
        questions={
            "de": "Für wie viele Kinder erhalten Sie die ASF?",
            "en": "For how many children do you receive the ASF?",
            "fr": "Pour combien d'enfants percevez-vous l'ASF ?",
        },
        labels={"de": "Kinder mit ASF", "en": "Children with ASF", "fr": "Enfants avec ASF"},
        minimum=1,
        maximum=10,
    ),
    _money(
        "housing_benefit",
        {
            "de": "Wie viel Wohngeld (APL, ALF oder ALS) erhalten Sie im Monat?",
            "en": "How much housing benefit (APL, ALF or ALS) do you receive a month?",
            "fr": "Quel montant d'aide au logement (APL, ALF ou ALS) percevez-vous par mois ?",
        },
        {
            "de": "Wohngeld im Monat",
            "en": "Housing benefit a month",
            "fr": "Aide au logement mensuelle",
        },
    ),
]

FIELDS_V2: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in [*_member_fields("applicant"), *_member_fields("partner"), *_HOUSEHOLD_FIELDS]
}
"""The fields the second question flow adds, by name."""
