"""The fields of the notification of work loss (Anzeige über Arbeitsausfall, Kug 101).

Questions are phrased the way an employer would be asked on the phone, one
fact at a time. Labels are short because letters and review screens show
them next to the value. Keywords let the parser notice a correction of an
earlier answer ("we actually have 14 employees"), so each field's keywords
are chosen to be distinct from its neighbours' (the three head counts are
easy to confuse).
"""

from __future__ import annotations

from schemas.form import ChoiceOption, FieldKind, FieldSpec

__all__ = ["CAUSES", "EVENT_TYPES", "FIELDS"]

_MAX_COUNT = 1_000_000

CAUSES: list[ChoiceOption] = [
    ChoiceOption(
        value="economic",
        labels={
            "de": "wirtschaftliche Gründe",
            "en": "economic reasons",
            "fr": "raisons économiques",
        },
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
        labels={
            "de": "unabwendbares Ereignis",
            "en": "unavoidable event",
            "fr": "événement inévitable",
        },
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
            ],
            "en": [
                "pandemic",
                "official measure",
                "government order",
                "flood",
                "storm",
                "fire",
                "lockdown",
            ],
            "fr": [
                "pandémie",
                "mesure officielle",
                "décision administrative",
                "inondation",
                "intempéries",
                "incendie",
                "confinement",
            ],
        },
    ),
    ChoiceOption(
        value="other",
        labels={"de": "andere Gründe", "en": "other reasons", "fr": "autres raisons"},
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
        labels={
            "de": "behördliche Maßnahme",
            "en": "official measure",
            "fr": "mesure des autorités",
        },
        synonyms={
            "de": ["behördliche Anordnung", "Schließung angeordnet", "Pandemie", "Lockdown"],
            "en": ["government order", "ordered closure", "pandemic", "lockdown"],
            "fr": ["mesure officielle", "fermeture administrative", "pandémie", "confinement"],
        },
    ),
    ChoiceOption(
        value="natural_disaster",
        labels={
            "de": "Naturereignis",
            "en": "natural disaster",
            "fr": "catastrophe naturelle",
        },
        synonyms={
            "de": ["Hochwasser", "Überschwemmung", "Sturm", "Unwetter", "Erdbeben"],
            "en": ["flood", "storm", "earthquake", "severe weather"],
            "fr": ["inondation", "tempête", "séisme", "intempéries"],
        },
    ),
    ChoiceOption(
        value="other_event",
        labels={"de": "anderes Ereignis", "en": "other event", "fr": "autre événement"},
        synonyms={
            "de": ["Brand", "Feuer", "Unfall", "sonstiges Ereignis"],
            "en": ["fire", "accident", "something else"],
            "fr": ["incendie", "accident", "autre chose"],
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
        questions={
            "de": (
                "Warum müssen Sie die Arbeitszeit verkürzen: aus wirtschaftlichen Gründen "
                "(z. B. ein stornierter Auftrag, weniger Aufträge, ein Lieferengpass), wegen "
                "eines unabwendbaren Ereignisses (z. B. eine behördliche Maßnahme, Hochwasser) "
                "oder aus einem anderen Grund?"
            ),
            "en": (
                "Why do you have to cut working hours: for economic reasons (for example a "
                "cancelled order, fewer orders, a supply shortage), because of an unavoidable "
                "event (for example an official measure, a flood), or for another reason?"
            ),
            "fr": (
                "Pourquoi devez-vous réduire le temps de travail : pour des raisons économiques "
                "(par exemple une commande annulée, une baisse des commandes, une pénurie "
                "d'approvisionnement), à cause d'un événement inévitable (par exemple une mesure "
                "des autorités, une inondation) ou pour une autre raison ?"
            ),
        },
        labels={"de": "Ursache", "en": "Cause", "fr": "Cause"},
        keywords={
            "de": ["Ursache", "Grund"],
            "en": ["cause", "reason"],
            "fr": ["cause", "raison", "motif"],
        },
        choices=CAUSES,
    ),
    _field(
        "cause_description",
        {
            "de": "Beschreiben Sie bitte kurz, was den Arbeitsausfall verursacht.",
            "en": "Please describe briefly what is causing the loss of working hours.",
            "fr": "Décrivez brièvement ce qui provoque la perte d'heures de travail.",
        },
        {"de": "Beschreibung der Ursache", "en": "Description of the cause", "fr": "Description"},
        {
            "de": ["Beschreibung", "Schilderung"],
            "en": ["description", "what happened"],
            "fr": ["description", "ce qui s'est passé"],
        },
        max_length=1000,
    ),
    _field(
        "orders_expected_to_recover",
        {
            "de": (
                "Erwarten Sie, dass innerhalb des angegebenen Zeitraums wieder normal "
                "gearbeitet werden kann?"
            ),
            "en": "Do you expect normal working hours to return within the expected period?",
            "fr": (
                "Pensez-vous que l'horaire normal de travail reprendra au cours de la période "
                "prévue ?"
            ),
        },
        {
            "de": "Rückkehr zur Vollarbeit erwartet",
            "en": "Return to normal hours expected",
            "fr": "Reprise de l'horaire normal attendue",
        },
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
        questions={
            "de": (
                "Was für ein Ereignis war es: eine behördliche Maßnahme, ein Naturereignis "
                "(z. B. Hochwasser) oder ein anderes Ereignis?"
            ),
            "en": (
                "What kind of event was it: an official measure, a natural disaster (for "
                "example a flood) or another event?"
            ),
            "fr": (
                "De quel type d'événement s'agit-il : une mesure des autorités, une catastrophe "
                "naturelle (par exemple une inondation) ou un autre événement ?"
            ),
        },
        labels={"de": "Art des Ereignisses", "en": "Type of event", "fr": "Type d'événement"},
        keywords={
            "de": ["Ereignis", "Art des Ereignisses"],
            "en": ["event", "kind of event"],
            "fr": ["événement", "type d'événement"],
        },
        choices=EVENT_TYPES,
    ),
    _field(
        "event_date",
        {
            "de": "An welchem Tag ist das Ereignis eingetreten?",
            "en": "On what date did the event occur?",
            "fr": "À quelle date l'événement s'est-il produit ?",
        },
        {"de": "Datum des Ereignisses", "en": "Date of the event", "fr": "Date de l'événement"},
        {
            "de": ["Datum des Ereignisses", "eingetreten am"],
            "en": ["date of the event", "happened on"],
            "fr": ["date de l'événement", "survenu le"],
        },
        kind=FieldKind.DATE,
    ),
    _field(
        "loss_start_month",
        {
            "de": "In welchem Monat beginnt der Arbeitsausfall?",
            "en": "In which month does the loss of working hours start?",
            "fr": "À partir de quel mois la perte d'heures de travail commence-t-elle ?",
        },
        {
            "de": "Beginn des Arbeitsausfalls",
            "en": "Start of the work loss",
            "fr": "Début de la perte d'activité",
        },
        {
            "de": ["Beginn", "ab wann", "seit"],
            "en": ["start", "starting", "from when"],
            "fr": ["début", "à partir de"],
        },
        kind=FieldKind.MONTH,
    ),
    _field(
        "expected_duration_months",
        {
            "de": "Wie viele Monate wird der Arbeitsausfall voraussichtlich dauern?",
            "en": "For how many months do you expect the loss of working hours to last?",
            "fr": "Pendant combien de mois la perte d'heures de travail devrait-elle durer ?",
        },
        {"de": "Voraussichtliche Dauer", "en": "Expected duration", "fr": "Durée prévue"},
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
        {
            "de": "Um wie viel Prozent sinkt die Arbeitszeit im Durchschnitt voraussichtlich?",
            "en": "By how many percent do you expect working time to fall on average?",
            "fr": "De quel pourcentage le temps de travail devrait-il baisser en moyenne ?",
        },
        {
            "de": "Durchschnittlicher Arbeitsausfall",
            "en": "Average loss of working time",
            "fr": "Perte moyenne de temps de travail",
        },
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
        {
            "de": "Wie viele Arbeitnehmerinnen und Arbeitnehmer beschäftigt Ihr Betrieb insgesamt?",
            "en": "How many employees does your establishment have in total?",
            "fr": "Combien de salariés votre établissement compte-t-il au total ?",
        },
        {"de": "Beschäftigte im Betrieb", "en": "Employees in total", "fr": "Effectif total"},
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
        {
            "de": "Wie viele davon sind von der Kurzarbeit betroffen?",
            "en": "How many of them are affected by short-time work?",
            "fr": "Combien d'entre eux sont concernés par le chômage partiel ?",
        },
        {
            "de": "Von Kurzarbeit betroffen",
            "en": "Affected by short-time work",
            "fr": "Salariés concernés",
        },
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
        {
            "de": (
                "Wie viele der Betroffenen verlieren jeweils mehr als 10 Prozent ihres "
                "monatlichen Bruttoentgelts?"
            ),
            "en": (
                "How many of those affected will each lose more than 10 percent of their "
                "monthly gross pay?"
            ),
            "fr": (
                "Combien des salariés concernés perdront chacun plus de 10 pour cent de leur "
                "salaire brut mensuel ?"
            ),
        },
        {
            "de": "Mehr als 10 % Entgeltausfall",
            "en": "Losing more than 10 % of pay",
            "fr": "Perte de plus de 10 % du salaire",
        },
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
        {
            "de": "Wie viele Beschäftigte in Ihrem Betrieb sind sozialversicherungspflichtig?",
            "en": "How many employees in your establishment are subject to social insurance?",
            "fr": (
                "Combien de salariés de votre établissement sont assujettis aux assurances "
                "sociales ?"
            ),
        },
        {
            "de": "Sozialversicherungspflichtig Beschäftigte",
            "en": "Subject to social insurance",
            "fr": "Assujettis aux assurances sociales",
        },
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
        {
            "de": (
                "Wurden Überstunden, positive Arbeitszeitguthaben und Resturlaub vorher abgebaut?"
            ),
            "en": (
                "Have overtime, positive working-time balances and remaining leave been used "
                "up first?"
            ),
            "fr": (
                "Les heures supplémentaires, les soldes positifs de temps de travail et les "
                "congés restants ont-ils été utilisés au préalable ?"
            ),
        },
        {
            "de": "Überstunden und Urlaub abgebaut",
            "en": "Overtime and leave used up",
            "fr": "Heures supplémentaires et congés utilisés",
        },
        {
            "de": ["Überstunden", "Urlaub", "Arbeitszeitkonto"],
            "en": ["overtime", "leave", "holiday", "time balance"],
            "fr": ["heures supplémentaires", "congés", "compte épargne-temps"],
        },
        kind=FieldKind.YES_NO,
    ),
    _field(
        "works_council",
        {
            "de": "Gibt es in Ihrem Betrieb einen Betriebsrat?",
            "en": "Does your establishment have a works council?",
            "fr": "Votre établissement dispose-t-il d'un comité d'entreprise ?",
        },
        {"de": "Betriebsrat", "en": "Works council", "fr": "Comité d'entreprise"},
        {
            "de": ["Betriebsrat", "Betriebsvertretung"],
            "en": ["works council", "staff council"],
            "fr": ["comité d'entreprise", "CSE", "représentants du personnel"],
        },
        kind=FieldKind.YES_NO,
    ),
    _field(
        "works_council_consent",
        {
            "de": "Liegt die Stellungnahme oder Zustimmung des Betriebsrats bei?",
            "en": "Is the works council's statement or consent attached?",
            "fr": "L'avis ou l'accord du comité d'entreprise est-il joint ?",
        },
        {
            "de": "Stellungnahme des Betriebsrats",
            "en": "Works council's statement",
            "fr": "Avis du comité d'entreprise",
        },
        {
            "de": ["Stellungnahme", "Zustimmung"],
            "en": ["statement", "consent"],
            "fr": ["avis", "accord"],
        },
        kind=FieldKind.YES_NO,
    ),
    _field(
        "employer_name",
        {
            "de": "Wie lautet der Name Ihres Unternehmens?",
            "en": "What is the name of your company?",
            "fr": "Quel est le nom de votre entreprise ?",
        },
        {"de": "Arbeitgeber", "en": "Employer", "fr": "Employeur"},
        {
            "de": ["Firmenname", "Unternehmen", "Firma"],
            "en": ["company name", "employer"],
            "fr": ["nom de l'entreprise", "raison sociale"],
        },
        max_length=200,
    ),
    _field(
        "employer_address",
        {
            "de": "Wie lautet die Anschrift des Betriebs?",
            "en": "What is the establishment's address?",
            "fr": "Quelle est l'adresse de l'établissement ?",
        },
        {"de": "Anschrift", "en": "Address", "fr": "Adresse"},
        {
            "de": ["Anschrift", "Adresse"],
            "en": ["address"],
            "fr": ["adresse"],
        },
        max_length=300,
    ),
    _field(
        "betriebsnummer",
        {
            "de": "Wie lautet die achtstellige Betriebsnummer?",
            "en": "What is the establishment's eight-digit company number (Betriebsnummer)?",
            "fr": "Quel est le numéro d'établissement à huit chiffres (Betriebsnummer) ?",
        },
        {"de": "Betriebsnummer", "en": "Company number", "fr": "Numéro d'établissement"},
        {
            "de": ["Betriebsnummer", "BNR"],
            "en": ["company number", "Betriebsnummer"],
            "fr": ["numéro d'établissement", "Betriebsnummer"],
        },
        kind=FieldKind.BETRIEBSNUMMER,
    ),
    _field(
        "industry",
        {
            "de": "In welcher Branche ist Ihr Betrieb tätig?",
            "en": "Which industry is your establishment in?",
            "fr": "Dans quel secteur votre établissement exerce-t-il son activité ?",
        },
        {"de": "Branche", "en": "Industry", "fr": "Secteur d'activité"},
        {
            "de": ["Branche", "Wirtschaftszweig"],
            "en": ["industry", "sector"],
            "fr": ["secteur", "branche"],
        },
        max_length=200,
    ),
    _field(
        "contact_person",
        {
            "de": "Wer ist Ihre Ansprechperson für Rückfragen?",
            "en": "Who is the contact person for questions?",
            "fr": "Qui est la personne à contacter en cas de question ?",
        },
        {"de": "Ansprechperson", "en": "Contact person", "fr": "Personne à contacter"},
        {
            "de": ["Ansprechperson", "Ansprechpartner", "Kontaktperson"],
            "en": ["contact person", "contact"],
            "fr": ["personne à contacter", "interlocuteur"],
        },
        max_length=200,
    ),
    _field(
        "contact_email",
        {
            "de": "Unter welcher E-Mail-Adresse erreichen wir die Ansprechperson?",
            "en": "At which e-mail address can we reach the contact person?",
            "fr": "À quelle adresse électronique pouvons-nous joindre cette personne ?",
        },
        {"de": "E-Mail", "en": "E-mail", "fr": "Courriel"},
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
