"""The fields of the RSA claim (demande de revenu de solidarité active).

Household members repeat, but the intake asks one question at a time, so the
repetition is expressed in the field list itself: the applicant first says
how many dependent children live in the household, and the flow then asks
``child_1_age`` … ``child_N_age`` and later ``child_1_resources`` …
``child_N_resources``. The fields exist for up to :data:`MAX_CHILDREN`
children; only those up to the given count apply. Changing the count later
makes the surplus fields stop applying, and the engine drops their answers.
"""

from __future__ import annotations

from guichet.i18n.texts import texts_for
from schemas.form import ChoiceOption, FieldKind, FieldSpec

__all__ = ["FIELDS", "HOUSING", "MAX_CHILDREN", "NATIONALITIES", "child_field"]

MAX_CHILDREN = 10
"""Largest household the conversational form handles; more goes to a person."""

_MAX_MONEY = 1_000_000.0

NATIONALITIES: list[ChoiceOption] = [
    ChoiceOption(
        value="french",
        labels=texts_for("rsa_field_nationality_choice_french"),
        synonyms={"de": ["Franzose", "Französin"], "en": ["France"], "fr": ["français", "France"]},
    ),
    ChoiceOption(
        value="eu",
        labels=texts_for("rsa_field_nationality_choice_eu"),
        synonyms={
            "de": ["EU-Bürger", "Europäische Union", "EWR", "Schweiz"],
            "en": ["European Union", "EU citizen", "EEA", "Switzerland"],
            "fr": ["Union européenne", "européenne", "EEE", "suisse"],
        },
    ),
    ChoiceOption(
        value="other",
        labels=texts_for("rsa_field_nationality_choice_other"),
        synonyms={
            "de": ["andere", "Drittstaat", "Aufenthaltstitel"],
            "en": ["other", "non-EU", "residence permit"],
            "fr": ["autre", "hors UE", "titre de séjour", "extra-européenne"],
        },
    ),
]
"""Nationality groups (CASF L262-4 and L262-6, simplified)."""

HOUSING: list[ChoiceOption] = [
    ChoiceOption(
        value="owner_no_loan",
        labels=texts_for("rsa_field_housing_choice_owner_no_loan"),
        synonyms={
            "de": ["Eigentum abbezahlt", "Eigentümer"],
            "en": ["owner", "own my home", "paid off"],
            "fr": ["propriétaire", "prêt remboursé"],
        },
    ),
    ChoiceOption(
        value="owner_with_loan",
        labels=texts_for("rsa_field_housing_choice_owner_with_loan"),
        synonyms={
            "de": ["Hypothek", "Kredit"],
            "en": ["mortgage", "repaying a loan"],
            "fr": ["emprunt en cours", "crédit immobilier"],
        },
    ),
    ChoiceOption(
        value="free_housing",
        labels=texts_for("rsa_field_housing_choice_free_housing"),
        synonyms={
            "de": ["kostenlos", "bei den Eltern", "bei Freunden"],
            "en": ["free", "with my parents", "with friends", "for free"],
            "fr": ["gratuitement", "chez mes parents", "chez des amis", "hébergé"],
        },
    ),
    ChoiceOption(
        value="tenant_with_benefit",
        labels=texts_for("rsa_field_housing_choice_tenant_with_benefit"),
        synonyms={
            "de": ["Wohngeld", "Mieter mit Wohngeld"],
            "en": ["housing benefit", "APL", "tenant with benefit"],
            "fr": ["APL", "aide au logement", "ALS", "ALF"],
        },
    ),
    ChoiceOption(
        value="tenant_without_benefit",
        labels=texts_for("rsa_field_housing_choice_tenant_without_benefit"),
        synonyms={
            "de": ["Mieter", "Miete"],
            "en": ["tenant", "renting", "rent"],
            "fr": ["locataire", "loyer"],
        },
    ),
]
"""Housing situations; the first, third and fourth bring the housing deduction."""


def _field(
    name: str,
    kind: FieldKind,
    questions: dict[str, str],
    labels: dict[str, str],
    keywords: dict[str, list[str]] | None = None,
    **extra: object,
) -> FieldSpec:
    return FieldSpec(
        name=name,
        kind=kind,
        questions=questions,
        labels=labels,
        keywords=keywords or {},
        **extra,
    )


def child_field(index: int, what: str) -> str:
    """Return the name of child ``index``'s field ``what`` (``age`` or ``resources``)."""
    return f"child_{index}_{what}"


def _child_fields(index: int) -> list[FieldSpec]:
    # One message per question for every child, the child's number filled in.
    return [
        _field(
            child_field(index, "age"),
            FieldKind.INTEGER,
            texts_for("rsa_field_child_age_question", index=index),
            texts_for("rsa_field_child_age_label", index=index),
            minimum=0,
            maximum=24,
        ),
        _field(
            child_field(index, "resources"),
            FieldKind.MONEY,
            texts_for("rsa_field_child_resources_question", index=index),
            texts_for("rsa_field_child_resources_label", index=index),
            minimum=0,
            maximum=_MAX_MONEY,
        ),
    ]


_FIELDS: list[FieldSpec] = [
    _field(
        "applicant_name",
        FieldKind.TEXT,
        texts_for("rsa_field_applicant_name_question"),
        texts_for("rsa_field_applicant_name_label"),
        max_length=200,
    ),
    _field(
        "birth_date",
        FieldKind.DATE,
        texts_for("rsa_field_birth_date_question"),
        texts_for("rsa_field_birth_date_label"),
        {"de": ["geboren", "Geburtsdatum"], "en": ["born", "birth"], "fr": ["né", "naissance"]},
    ),
    _field(
        "address",
        FieldKind.TEXT,
        texts_for("rsa_field_address_question"),
        texts_for("rsa_field_address_label"),
        max_length=300,
    ),
    _field(
        "nationality",
        FieldKind.CHOICE,
        texts_for("rsa_field_nationality_question"),
        texts_for("rsa_field_nationality_label"),
        choices=NATIONALITIES,
    ),
    _field(
        "residence_permit_years",
        FieldKind.INTEGER,
        texts_for("rsa_field_residence_permit_years_question"),
        texts_for("rsa_field_residence_permit_years_label"),
        {"de": ["Jahre"], "en": ["years"], "fr": ["ans", "années"]},
        minimum=0,
        maximum=100,
    ),
    _field(
        "stable_residence",
        FieldKind.YES_NO,
        texts_for("rsa_field_stable_residence_question"),
        texts_for("rsa_field_stable_residence_label"),
    ),
    _field(
        "has_partner",
        FieldKind.YES_NO,
        texts_for("rsa_field_has_partner_question"),
        texts_for("rsa_field_has_partner_label"),
    ),
    _field(
        "children_count",
        FieldKind.INTEGER,
        texts_for("rsa_field_children_count_question"),
        texts_for("rsa_field_children_count_label"),
        {"de": ["Kinder"], "en": ["children", "kids"], "fr": ["enfants"]},
        minimum=0,
        maximum=MAX_CHILDREN,
    ),
    *[spec for index in range(1, MAX_CHILDREN + 1) for spec in _child_fields(index)[:1]],
    _field(
        "pregnancy",
        FieldKind.YES_NO,
        texts_for("rsa_field_pregnancy_question"),
        texts_for("rsa_field_pregnancy_label"),
    ),
    _field(
        "recent_separation",
        FieldKind.YES_NO,
        texts_for("rsa_field_recent_separation_question"),
        texts_for("rsa_field_recent_separation_label"),
    ),
    _field(
        "applicant_resources",
        FieldKind.MONEY,
        texts_for("rsa_field_applicant_resources_question"),
        texts_for("rsa_field_applicant_resources_label"),
        minimum=0,
        maximum=_MAX_MONEY,
    ),
    _field(
        "partner_resources",
        FieldKind.MONEY,
        texts_for("rsa_field_partner_resources_question"),
        texts_for("rsa_field_partner_resources_label"),
        minimum=0,
        maximum=_MAX_MONEY,
    ),
    *[spec for index in range(1, MAX_CHILDREN + 1) for spec in _child_fields(index)[1:]],
    _field(
        "housing",
        FieldKind.CHOICE,
        texts_for("rsa_field_housing_question"),
        texts_for("rsa_field_housing_label"),
        choices=HOUSING,
    ),
    _field(
        "iban",
        FieldKind.IBAN,
        texts_for("rsa_field_iban_question"),
        texts_for("rsa_field_iban_label"),
        {"de": ["IBAN", "Konto"], "en": ["IBAN", "account"], "fr": ["IBAN", "compte"]},
    ),
]

FIELDS: dict[str, FieldSpec] = {spec.name: spec for spec in _FIELDS}
"""Every field by name, in the order a full household is asked."""
