"""The fields of the notification of work loss (Anzeige über Arbeitsausfall, Kug 101).

Questions are phrased the way an employer would be asked on the phone, one
fact at a time. Labels are short because letters and review screens show
them next to the value. Keywords let the parser notice a correction of an
earlier answer ("we actually have 14 employees"), so each field's keywords
are chosen to be distinct from its neighbours' (the three head counts are
easy to confuse).
"""

from __future__ import annotations

from guichet.i18n.texts import texts_for
from schemas.form import ChoiceOption, FieldKind, FieldSpec

__all__ = ["CAUSES", "EVENT_TYPES", "FIELDS"]

_MAX_COUNT = 1_000_000

CAUSES: list[ChoiceOption] = [
    ChoiceOption(
        value="economic",
        labels=texts_for("stw_field_cause_choice_economic"),
        synonyms={
            "de": [
                "wirtschaftlich",
                "Auftrag storniert",
                "Auftragsmangel",
                "Auftragsrückgang",
                "weniger Aufträge",
                "Lieferengpass",
                "Materialmangel",
                "Umsatzeinbruch",
            ],
            "en": [
                "economic",
                "order cancelled",
                "cancelled order",
                "fewer orders",
                "lack of orders",
                "supply shortage",
                "drop in demand",
            ],
            "fr": [
                "économique",
                "commande annulée",
                "baisse des commandes",
                "manque de commandes",
                "pénurie d'approvisionnement",
                "rupture d'approvisionnement",
                "baisse d'activité",
            ],
        },
    ),
    ChoiceOption(
        value="unavoidable_event",
        labels=texts_for("stw_field_cause_choice_unavoidable_event"),
        synonyms={
            "de": [
                "Pandemie",
                "behördliche Anordnung",
                "behördliche Maßnahme",
                "Hochwasser",
                "Überschwemmung",
                "Unwetter",
                "Brand",
                "Lockdown",
                # the unavoidable events of § 96 SGB III people name
                "Hagel",
                "Sturm",
                "Erdbeben",
                "Erdrutsch",
                "Mure",
                "Cyberangriff",
                "Hackerangriff",
            ],
            "en": [
                "pandemic",
                "official measure",
                "government order",
                "flood",
                "storm",
                "fire",
                "lockdown",
                "hail",
                "earthquake",
                "landslide",
                "mudslide",
                "cyberattack",
                "cyber attack",
                "ransomware",
            ],
            "fr": [
                "pandémie",
                "mesure officielle",
                "décision administrative",
                "inondation",
                "intempéries",
                "incendie",
                "confinement",
                "grêle",
                "tempête",
                "séisme",
                "glissement de terrain",
                "coulée de boue",
                "cyberattaque",
                "rançongiciel",
            ],
        },
    ),
    ChoiceOption(
        value="other",
        labels=texts_for("stw_field_cause_choice_other"),
        synonyms={
            "de": ["anderer Grund", "sonstiges", "etwas anderes"],
            "en": ["other", "something else", "none of these"],
            "fr": ["autre", "autre chose", "aucune de ces raisons"],
        },
    ),
]
"""Why working hours are cut (§ 96 Abs. 1 Satz 1 Nr. 1 SGB III)."""

EVENT_TYPES: list[ChoiceOption] = [
    ChoiceOption(
        value="official_measure",
        labels=texts_for("stw_field_event_type_choice_official_measure"),
        synonyms={
            "de": ["behördliche Anordnung", "Schließung angeordnet", "Pandemie", "Lockdown"],
            "en": ["government order", "ordered closure", "pandemic", "lockdown"],
            "fr": ["mesure officielle", "fermeture administrative", "pandémie", "confinement"],
        },
    ),
    ChoiceOption(
        value="natural_disaster",
        labels=texts_for("stw_field_event_type_choice_natural_disaster"),
        synonyms={
            "de": [
                "Hochwasser",
                "Überschwemmung",
                "Sturm",
                "Unwetter",
                "Erdbeben",
                "Hagel",
                "Erdrutsch",
                "Mure",
            ],
            "en": [
                "flood",
                "storm",
                "earthquake",
                "severe weather",
                "hail",
                "landslide",
                "mudslide",
            ],
            "fr": [
                "inondation",
                "tempête",
                "séisme",
                "intempéries",
                "grêle",
                "glissement de terrain",
                "coulée de boue",
            ],
        },
    ),
    ChoiceOption(
        value="other_event",
        labels=texts_for("stw_field_event_type_choice_other_event"),
        synonyms={
            "de": [
                "Brand",
                "Feuer",
                "Unfall",
                "sonstiges Ereignis",
                "Cyberangriff",
                "Hackerangriff",
            ],
            "en": [
                "fire",
                "accident",
                "something else",
                "cyberattack",
                "cyber attack",
                "ransomware",
            ],
            "fr": ["incendie", "accident", "autre chose", "cyberattaque", "rançongiciel"],
        },
    ),
]
"""What kind of unavoidable event caused the loss."""


def _field(
    name: str,
    questions: dict[str, str],
    labels: dict[str, str],
    keywords: dict[str, list[str]],
    *,
    kind: FieldKind = FieldKind.TEXT,
    minimum: float | None = None,
    maximum: float | None = None,
    max_length: int | None = None,
) -> FieldSpec:
    # Positional texts keep the long table below readable.
    return FieldSpec(
        name=name,
        kind=kind,
        questions=questions,
        labels=labels,
        keywords=keywords,
        minimum=minimum,
        maximum=maximum,
        max_length=max_length,
    )


_SPECS: tuple[FieldSpec, ...] = (
    FieldSpec(
        name="cause",
        kind=FieldKind.CHOICE,
        questions=texts_for("stw_field_cause_question"),
        labels=texts_for("stw_field_cause_label"),
        keywords={
            "de": ["Ursache", "Grund"],
            "en": ["cause", "reason"],
            "fr": ["cause", "raison", "motif"],
        },
        choices=CAUSES,
    ),
    _field(
        "cause_description",
        texts_for("stw_field_cause_description_question"),
        texts_for("stw_field_cause_description_label"),
        {
            "de": ["Beschreibung", "Schilderung"],
            "en": ["description", "what happened"],
            "fr": ["description", "ce qui s'est passé"],
        },
        max_length=1000,
    ),
    _field(
        "orders_expected_to_recover",
        texts_for("stw_field_orders_expected_to_recover_question"),
        texts_for("stw_field_orders_expected_to_recover_label"),
        {
            "de": ["Vollarbeit", "Erholung", "wieder normal"],
            "en": ["recover", "back to normal", "normal hours"],
            "fr": ["reprise", "retour à la normale"],
        },
        kind=FieldKind.YES_NO,
    ),
    FieldSpec(
        name="event_type",
        kind=FieldKind.CHOICE,
        questions=texts_for("stw_field_event_type_question"),
        labels=texts_for("stw_field_event_type_label"),
        keywords={
            "de": ["Ereignis", "Art des Ereignisses"],
            "en": ["event", "kind of event"],
            "fr": ["événement", "type d'événement"],
        },
        choices=EVENT_TYPES,
    ),
    _field(
        "event_date",
        texts_for("stw_field_event_date_question"),
        texts_for("stw_field_event_date_label"),
        {
            "de": ["Datum des Ereignisses", "eingetreten am"],
            "en": ["date of the event", "happened on"],
            "fr": ["date de l'événement", "survenu le"],
        },
        kind=FieldKind.DATE,
    ),
    _field(
        "loss_start_month",
        texts_for("stw_field_loss_start_month_question"),
        texts_for("stw_field_loss_start_month_label"),
        {
            "de": ["Beginn", "ab wann", "seit"],
            "en": ["start", "starting", "from when"],
            "fr": ["début", "à partir de"],
        },
        kind=FieldKind.MONTH,
    ),
    _field(
        "expected_duration_months",
        texts_for("stw_field_expected_duration_months_question"),
        texts_for("stw_field_expected_duration_months_label"),
        {
            "de": ["Dauer", "Monate lang"],
            "en": ["duration", "months long", "how long"],
            "fr": ["durée", "pendant combien"],
        },
        kind=FieldKind.INTEGER,
        minimum=1,
        maximum=24,
    ),
    _field(
        "average_loss_percent",
        texts_for("stw_field_average_loss_percent_question"),
        texts_for("stw_field_average_loss_percent_label"),
        {
            "de": ["Prozent", "Ausfall", "durchschnittlich"],
            "en": ["percent", "average loss"],
            "fr": ["pourcentage", "pour cent", "perte moyenne"],
        },
        kind=FieldKind.PERCENT,
        minimum=1,
        maximum=100,
    ),
    _field(
        "headcount",
        texts_for("stw_field_headcount_question"),
        texts_for("stw_field_headcount_label"),
        # The bare nouns name the headcount ("we actually have 22 employees"); the
        # other counts have more specific keywords, and the parser gives a number
        # to the field whose keyword is nearest.
        {
            "de": [
                "Mitarbeiter",
                "Mitarbeiterinnen",
                "Mitarbeitende",
                "Beschäftigte",
                "Arbeitnehmer",
                "Belegschaft",
                "insgesamt",
            ],
            "en": ["employees", "staff", "workers", "headcount", "workforce", "in total"],
            "fr": ["salariés", "employés", "effectif", "au total"],
        },
        kind=FieldKind.INTEGER,
        minimum=1,
        maximum=_MAX_COUNT,
    ),
    _field(
        "affected_employees",
        texts_for("stw_field_affected_employees_question"),
        texts_for("stw_field_affected_employees_label"),
        {
            "de": ["betroffen", "in Kurzarbeit"],
            "en": ["affected", "on short-time work"],
            "fr": ["concernés", "touchés"],
        },
        kind=FieldKind.INTEGER,
        minimum=1,
        maximum=_MAX_COUNT,
    ),
    _field(
        "affected_over_10_percent",
        texts_for("stw_field_affected_over_10_percent_question"),
        texts_for("stw_field_affected_over_10_percent_label"),
        {
            "de": ["mehr als 10", "Entgeltausfall"],
            "en": ["more than 10", "pay loss"],
            "fr": ["plus de 10", "perte de salaire"],
        },
        kind=FieldKind.INTEGER,
        minimum=0,
        maximum=_MAX_COUNT,
    ),
    _field(
        "employees_social_insurance",
        texts_for("stw_field_employees_social_insurance_question"),
        texts_for("stw_field_employees_social_insurance_label"),
        {
            "de": ["sozialversicherungspflichtig", "Sozialversicherung"],
            "en": ["social insurance", "insured"],
            "fr": ["assurances sociales", "cotisations sociales", "assujettis"],
        },
        kind=FieldKind.INTEGER,
        minimum=0,
        maximum=_MAX_COUNT,
    ),
    _field(
        "overtime_and_leave_used",
        texts_for("stw_field_overtime_and_leave_used_question"),
        texts_for("stw_field_overtime_and_leave_used_label"),
        {
            "de": ["Überstunden", "Urlaub", "Arbeitszeitkonto"],
            "en": ["overtime", "leave", "holiday", "time balance"],
            "fr": ["heures supplémentaires", "congés", "compte épargne-temps"],
        },
        kind=FieldKind.YES_NO,
    ),
    _field(
        "works_council",
        texts_for("stw_field_works_council_question"),
        texts_for("stw_field_works_council_label"),
        {
            "de": ["Betriebsrat", "Betriebsvertretung"],
            "en": ["works council", "staff council"],
            "fr": ["comité d'entreprise", "CSE", "représentants du personnel"],
        },
        kind=FieldKind.YES_NO,
    ),
    _field(
        "works_council_consent",
        texts_for("stw_field_works_council_consent_question"),
        texts_for("stw_field_works_council_consent_label"),
        {
            "de": ["Stellungnahme", "Zustimmung"],
            "en": ["statement", "consent"],
            "fr": ["avis", "accord"],
        },
        kind=FieldKind.YES_NO,
    ),
    _field(
        "employer_name",
        texts_for("stw_field_employer_name_question"),
        texts_for("stw_field_employer_name_label"),
        {
            "de": ["Firmenname", "Unternehmen", "Firma"],
            "en": ["company name", "employer"],
            "fr": ["nom de l'entreprise", "raison sociale"],
        },
        max_length=200,
    ),
    _field(
        "employer_address",
        texts_for("stw_field_employer_address_question"),
        texts_for("stw_field_employer_address_label"),
        {
            "de": ["Anschrift", "Adresse"],
            "en": ["address"],
            "fr": ["adresse"],
        },
        max_length=300,
    ),
    _field(
        "betriebsnummer",
        texts_for("stw_field_betriebsnummer_question"),
        texts_for("stw_field_betriebsnummer_label"),
        {
            "de": ["Betriebsnummer", "BNR"],
            "en": ["company number", "Betriebsnummer"],
            "fr": ["numéro d'établissement", "Betriebsnummer"],
        },
        kind=FieldKind.BETRIEBSNUMMER,
    ),
    _field(
        "industry",
        texts_for("stw_field_industry_question"),
        texts_for("stw_field_industry_label"),
        {
            "de": ["Branche", "Wirtschaftszweig"],
            "en": ["industry", "sector"],
            "fr": ["secteur", "branche"],
        },
        max_length=200,
    ),
    _field(
        "contact_person",
        texts_for("stw_field_contact_person_question"),
        texts_for("stw_field_contact_person_label"),
        {
            "de": ["Ansprechperson", "Ansprechpartner", "Kontaktperson"],
            "en": ["contact person", "contact"],
            "fr": ["personne à contacter", "interlocuteur"],
        },
        max_length=200,
    ),
    _field(
        "contact_email",
        texts_for("stw_field_contact_email_question"),
        texts_for("stw_field_contact_email_label"),
        {
            "de": ["E-Mail", "Mail"],
            "en": ["e-mail", "email"],
            "fr": ["courriel", "e-mail", "adresse électronique"],
        },
        kind=FieldKind.EMAIL,
    ),
)

FIELDS: dict[str, FieldSpec] = {spec.name: spec for spec in _SPECS}
"""Every field of the form by name, in asking order."""
