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

from schemas.form import ChoiceOption, FieldKind, FieldSpec

__all__ = ["FIELDS", "HOUSING", "MAX_CHILDREN", "NATIONALITIES", "child_field"]

MAX_CHILDREN = 10
"""Largest household the conversational form handles; more goes to a person."""

_MAX_MONEY = 1_000_000.0

NATIONALITIES: list[ChoiceOption] = [
    ChoiceOption(
        value="french",
        labels={"de": "französisch", "en": "French", "fr": "française"},
        synonyms={"de": ["Franzose", "Französin"], "en": ["France"], "fr": ["français", "France"]},
    ),
    ChoiceOption(
        value="eu",
        labels={
            "de": "EU, EWR oder Schweiz",
            "en": "EU, EEA or Swiss",
            "fr": "UE, EEE ou Suisse",
        },
        synonyms={
            "de": ["EU-Bürger", "Europäische Union", "EWR", "Schweiz"],
            "en": ["European Union", "EU citizen", "EEA", "Switzerland"],
            "fr": ["Union européenne", "européenne", "EEE", "suisse"],
        },
    ),
    ChoiceOption(
        value="other",
        labels={
            "de": "andere Staatsangehörigkeit",
            "en": "another nationality",
            "fr": "autre nationalité",
        },
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
        labels={
            "de": "Eigentümer ohne Kreditraten",
            "en": "owner without loan repayments",
            "fr": "propriétaire sans remboursement d'emprunt",
        },
        synonyms={
            "de": ["Eigentum abbezahlt", "Eigentümer"],
            "en": ["owner", "own my home", "paid off"],
            "fr": ["propriétaire", "prêt remboursé"],
        },
    ),
    ChoiceOption(
        value="owner_with_loan",
        labels={
            "de": "Eigentümer mit Kreditraten",
            "en": "owner repaying a loan",
            "fr": "propriétaire remboursant un emprunt",
        },
        synonyms={
            "de": ["Hypothek", "Kredit"],
            "en": ["mortgage", "repaying a loan"],
            "fr": ["emprunt en cours", "crédit immobilier"],
        },
    ),
    ChoiceOption(
        value="free_housing",
        labels={
            "de": "kostenlos untergebracht",
            "en": "housed free of charge",
            "fr": "hébergé gratuitement",
        },
        synonyms={
            "de": ["kostenlos", "bei den Eltern", "bei Freunden"],
            "en": ["free", "with my parents", "with friends", "for free"],
            "fr": ["gratuitement", "chez mes parents", "chez des amis", "hébergé"],
        },
    ),
    ChoiceOption(
        value="tenant_with_benefit",
        labels={
            "de": "Mieter mit Wohngeld",
            "en": "tenant receiving housing benefit",
            "fr": "locataire percevant une aide au logement",
        },
        synonyms={
            "de": ["Wohngeld", "Mieter mit Wohngeld"],
            "en": ["housing benefit", "APL", "tenant with benefit"],
            "fr": ["APL", "aide au logement", "ALS", "ALF"],
        },
    ),
    ChoiceOption(
        value="tenant_without_benefit",
        labels={
            "de": "Mieter ohne Wohngeld",
            "en": "tenant without housing benefit",
            "fr": "locataire sans aide au logement",
        },
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
    return [
        _field(
            child_field(index, "age"),
            FieldKind.INTEGER,
            {
                "de": f"Wie alt ist Kind {index}?",
                "en": f"How old is child {index}?",
                "fr": f"Quel âge a l'enfant {index} ?",
            },
            {
                "de": f"Alter von Kind {index}",
                "en": f"Age of child {index}",
                "fr": f"Âge de l'enfant {index}",
            },
            minimum=0,
            maximum=24,
        ),
        _field(
            child_field(index, "resources"),
            FieldKind.MONEY,
            {
                "de": f"Welche eigenen Einkünfte hatte Kind {index} in den letzten drei Monaten "
                "insgesamt (zum Beispiel aus einem Ferienjob)? 0, wenn keine.",
                "en": f"What income of its own did child {index} have in the last three months "
                "in total (for example from a holiday job)? 0 if none.",
                "fr": f"Quelles ressources propres l'enfant {index} a-t-il perçues au total "
                "au cours des trois derniers mois (par exemple un job d'été) ? 0 si aucune.",
            },
            {
                "de": f"Einkünfte von Kind {index} (3 Monate)",
                "en": f"Income of child {index} (3 months)",
                "fr": f"Ressources de l'enfant {index} (3 mois)",
            },
            minimum=0,
            maximum=_MAX_MONEY,
        ),
    ]


_FIELDS: list[FieldSpec] = [
    _field(
        "applicant_name",
        FieldKind.TEXT,
        {
            "de": "Wie heißen Sie (Vor- und Nachname)?",
            "en": "What is your full name?",
            "fr": "Quels sont vos nom et prénom ?",
        },
        {"de": "Name", "en": "Name", "fr": "Nom et prénom"},
        max_length=200,
    ),
    _field(
        "birth_date",
        FieldKind.DATE,
        {
            "de": "Wann sind Sie geboren?",
            "en": "What is your date of birth?",
            "fr": "Quelle est votre date de naissance ?",
        },
        {"de": "Geburtsdatum", "en": "Date of birth", "fr": "Date de naissance"},
        {"de": ["geboren", "Geburtsdatum"], "en": ["born", "birth"], "fr": ["né", "naissance"]},
    ),
    _field(
        "address",
        FieldKind.TEXT,
        {
            "de": "Wie lautet Ihre Anschrift in Frankreich?",
            "en": "What is your address in France?",
            "fr": "Quelle est votre adresse en France ?",
        },
        {"de": "Anschrift", "en": "Address", "fr": "Adresse"},
        max_length=300,
    ),
    _field(
        "nationality",
        FieldKind.CHOICE,
        {
            "de": "Welche Staatsangehörigkeit haben Sie: französisch, EU/EWR/Schweiz oder eine "
            "andere?",
            "en": "What is your nationality: French, EU/EEA/Swiss, or another?",
            "fr": "Quelle est votre nationalité : française, UE/EEE/Suisse ou autre ?",
        },
        {"de": "Staatsangehörigkeit", "en": "Nationality", "fr": "Nationalité"},
        choices=NATIONALITIES,
    ),
    _field(
        "residence_permit_years",
        FieldKind.INTEGER,
        {
            "de": "Seit wie vielen Jahren haben Sie ununterbrochen einen Aufenthaltstitel mit "
            "Arbeitserlaubnis in Frankreich?",
            "en": "For how many years have you held a residence permit allowing you to work in "
            "France without interruption?",
            "fr": "Depuis combien d'années êtes-vous titulaire, sans interruption, d'un titre "
            "de séjour autorisant à travailler en France ?",
        },
        {
            "de": "Jahre mit Aufenthaltstitel",
            "en": "Years with a residence permit",
            "fr": "Années de titre de séjour",
        },
        {"de": ["Jahre"], "en": ["years"], "fr": ["ans", "années"]},
        minimum=0,
        maximum=100,
    ),
    _field(
        "stable_residence",
        FieldKind.YES_NO,
        {
            "de": "Wohnen Sie dauerhaft in Frankreich (mehr als neun Monate im Jahr)?",
            "en": "Do you live in France on a stable basis (more than nine months a year)?",
            "fr": "Résidez-vous en France de manière stable (plus de neuf mois par an) ?",
        },
        {"de": "Dauerhafter Wohnsitz", "en": "Stable residence", "fr": "Résidence stable"},
    ),
    _field(
        "has_partner",
        FieldKind.YES_NO,
        {
            "de": "Leben Sie mit einem Partner oder einer Partnerin zusammen (Ehe, PACS oder "
            "Lebensgemeinschaft)?",
            "en": "Do you live with a partner (married, PACS or cohabiting)?",
            "fr": "Vivez-vous en couple (mariage, PACS ou concubinage) ?",
        },
        {"de": "Partner im Haushalt", "en": "Partner in the household", "fr": "En couple"},
    ),
    _field(
        "children_count",
        FieldKind.INTEGER,
        {
            "de": "Wie viele unterhaltsberechtigte Kinder unter 25 Jahren leben in Ihrem "
            "Haushalt? 0, wenn keine.",
            "en": "How many dependent children under 25 live in your household? 0 if none.",
            "fr": "Combien d'enfants à charge de moins de 25 ans vivent dans votre foyer ? "
            "0 si aucun.",
        },
        {"de": "Anzahl Kinder", "en": "Number of children", "fr": "Nombre d'enfants"},
        {"de": ["Kinder"], "en": ["children", "kids"], "fr": ["enfants"]},
        minimum=0,
        maximum=MAX_CHILDREN,
    ),
    *[spec for index in range(1, MAX_CHILDREN + 1) for spec in _child_fields(index)[:1]],
    _field(
        "pregnancy",
        FieldKind.YES_NO,
        {
            "de": "Erwartet jemand in Ihrem Haushalt ein Kind?",
            "en": "Is anyone in your household expecting a child?",
            "fr": "Une personne de votre foyer attend-elle un enfant ?",
        },
        {"de": "Schwangerschaft", "en": "Pregnancy", "fr": "Grossesse"},
    ),
    _field(
        "recent_separation",
        FieldKind.YES_NO,
        {
            "de": "Leben Sie seit weniger als 18 Monaten getrennt, verwitwet oder geschieden "
            "allein mit Ihren Kindern?",
            "en": "Have you been raising your children alone for less than 18 months after a "
            "separation, divorce or bereavement?",
            "fr": "Élevez-vous seul(e) vos enfants depuis moins de 18 mois à la suite d'une "
            "séparation, d'un divorce ou d'un veuvage ?",
        },
        {
            "de": "Kürzlich alleinerziehend",
            "en": "Recently a lone parent",
            "fr": "Isolement récent",
        },
    ),
    _field(
        "applicant_resources",
        FieldKind.MONEY,
        {
            "de": "Welche Einkünfte hatten Sie selbst in den letzten drei Monaten insgesamt "
            "(Lohn, Arbeitslosengeld, Renten …)? 0, wenn keine.",
            "en": "What income did you yourself have in the last three months in total "
            "(wages, unemployment benefit, pensions …)? 0 if none.",
            "fr": "Quelles ressources avez-vous perçues vous-même au total au cours des trois "
            "derniers mois (salaires, allocations chômage, pensions…) ? 0 si aucune.",
        },
        {
            "de": "Ihre Einkünfte (3 Monate)",
            "en": "Your income (3 months)",
            "fr": "Vos ressources (3 mois)",
        },
        minimum=0,
        maximum=_MAX_MONEY,
    ),
    _field(
        "partner_resources",
        FieldKind.MONEY,
        {
            "de": "Welche Einkünfte hatte Ihr Partner oder Ihre Partnerin in den letzten drei "
            "Monaten insgesamt? 0, wenn keine.",
            "en": "What income did your partner have in the last three months in total? 0 if none.",
            "fr": "Quelles ressources votre conjoint(e) a-t-il (elle) perçues au total au "
            "cours des trois derniers mois ? 0 si aucune.",
        },
        {
            "de": "Einkünfte des Partners (3 Monate)",
            "en": "Partner's income (3 months)",
            "fr": "Ressources du conjoint (3 mois)",
        },
        minimum=0,
        maximum=_MAX_MONEY,
    ),
    *[spec for index in range(1, MAX_CHILDREN + 1) for spec in _child_fields(index)[1:]],
    _field(
        "housing",
        FieldKind.CHOICE,
        {
            "de": "Wie wohnen Sie: Eigentümer ohne Kreditraten, Eigentümer mit Kreditraten, "
            "kostenlos untergebracht, Mieter mit Wohngeld oder Mieter ohne Wohngeld?",
            "en": "How are you housed: owner without loan repayments, owner repaying a loan, "
            "housed free of charge, tenant receiving housing benefit, or tenant without it?",
            "fr": "Quelle est votre situation de logement : propriétaire sans emprunt, "
            "propriétaire remboursant un emprunt, hébergé gratuitement, locataire percevant "
            "une aide au logement, ou locataire sans aide ?",
        },
        {"de": "Wohnsituation", "en": "Housing", "fr": "Logement"},
        choices=HOUSING,
    ),
    _field(
        "iban",
        FieldKind.IBAN,
        {
            "de": "Auf welches Konto soll das RSA gezahlt werden? Bitte nennen Sie die IBAN.",
            "en": "Which account should the RSA be paid into? Please give the IBAN.",
            "fr": "Sur quel compte le RSA doit-il être versé ? Indiquez l'IBAN.",
        },
        {"de": "IBAN", "en": "IBAN", "fr": "IBAN"},
        {"de": ["IBAN", "Konto"], "en": ["IBAN", "account"], "fr": ["IBAN", "compte"]},
    ),
]

FIELDS: dict[str, FieldSpec] = {spec.name: spec for spec in _FIELDS}
"""Every field by name, in the order a full household is asked."""
