"""Field specs and the answer table for ``test_nlu.py``.

Each case is (answer, field name, language, expected, today); ``expected``
is the normalised value, or a :class:`ParseError` when the answer must be
refused. ``TODAY`` is pinned; ``FEBRUARY`` checks months named without a year.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from schemas.extraction import ParseError
from schemas.form import ChoiceOption, FieldKind, FieldSpec

TODAY = dt.date(2026, 11, 22)
FEBRUARY = dt.date(2026, 2, 10)

E = ParseError


def _spec(name: str, kind: FieldKind, label: dict[str, str], **extra: Any) -> FieldSpec:
    return FieldSpec(name=name, kind=kind, questions=label, labels=label, **extra)


HEADCOUNT = _spec(
    "headcount",
    FieldKind.INTEGER,
    {"de": "Beschäftigte", "en": "Employees", "fr": "Salariés"},
    keywords={
        "de": ["mitarbeiter", "beschäftigte", "angestellte"],
        "en": ["employees", "staff", "people", "workers"],
        "fr": ["salariés", "employés", "personnes"],
    },
    minimum=1,
    maximum=100000,
)
LOSS = _spec(
    "loss_percent",
    FieldKind.PERCENT,
    {"de": "Arbeitsausfall", "en": "Loss of working time", "fr": "Perte de temps de travail"},
    keywords={
        "de": ["ausfall", "arbeitsausfall", "prozent"],
        "en": ["loss", "working time", "percent"],
        "fr": ["perte", "temps de travail"],
    },
)
WAGES = _spec(
    "monthly_wages",
    FieldKind.MONEY,
    {"de": "Lohnsumme", "en": "Monthly wages", "fr": "Masse salariale"},
    keywords={"de": ["lohnsumme", "löhne"], "en": ["wages", "payroll"], "fr": ["masse salariale"]},
    minimum=0,
)
START = _spec(
    "start_month",
    FieldKind.MONTH,
    {"de": "Beginn", "en": "Start month", "fr": "Mois de début"},
    keywords={
        "de": ["begann", "beginn", "angefangen"],
        "en": ["started", "start", "began"],
        "fr": ["commencé", "début"],
    },
)
EVENT = _spec(
    "event_date",
    FieldKind.DATE,
    {"de": "Datum des Ereignisses", "en": "Date of the event", "fr": "Date de l'événement"},
    keywords={"de": ["ereignis"], "en": ["event"], "fr": ["événement"]},
)
COUNCIL = _spec(
    "works_council",
    FieldKind.YES_NO,
    {"de": "Betriebsrat", "en": "Works council", "fr": "Comité d'entreprise"},
    keywords={"de": ["betriebsrat"], "en": ["works council"], "fr": ["comité d'entreprise"]},
)
CAUSE = _spec(
    "cause",
    FieldKind.CHOICE,
    {"de": "Ursache", "en": "Cause", "fr": "Cause"},
    keywords={"de": ["ursache", "grund"], "en": ["cause", "reason"], "fr": ["cause", "raison"]},
    choices=[
        ChoiceOption(
            value="economic",
            labels={
                "de": "Wirtschaftliche Gründe",
                "en": "Economic reasons",
                "fr": "Raisons économiques",
            },
            synonyms={
                "de": ["Auftrag storniert", "Aufträge", "Umsatzeinbruch", "weniger Aufträge"],
                "en": ["order cancelled", "cancelled", "orders", "sales drop", "client"],
                "fr": ["commande annulée", "commandes", "baisse des ventes", "client"],
            },
        ),
        ChoiceOption(
            value="unavoidable_event",
            labels={
                "de": "Unabwendbares Ereignis",
                "en": "Unavoidable event",
                "fr": "Événement inévitable",
            },
            synonyms={
                "de": ["Hochwasser", "Pandemie", "Brand", "Unwetter"],
                "en": ["pandemic", "flood", "fire", "storm"],
                "fr": ["inondation", "pandémie", "incendie", "tempête"],
            },
        ),
        ChoiceOption(
            value="other",
            labels={"de": "Sonstiges", "en": "Other", "fr": "Autre"},
            synonyms={"de": ["etwas anderes"], "en": ["something else"], "fr": ["autre chose"]},
        ),
    ],
)
OVER_10 = _spec(
    "affected_over_10",
    FieldKind.INTEGER,
    {"de": "Mehr als 10 % Entgeltausfall", "en": "Losing more than 10 %", "fr": "Plus de 10 %"},
    keywords={"de": ["mehr als 10"], "en": ["more than 10"], "fr": ["plus de 10"]},
    minimum=0,
)
EMAIL = _spec(
    "email",
    FieldKind.EMAIL,
    {"de": "E-Mail", "en": "E-mail", "fr": "E-mail"},
    keywords={"de": ["e-mail", "mail"], "en": ["email", "e-mail"], "fr": ["e-mail", "courriel"]},
)
NAME = _spec(
    "company_name",
    FieldKind.TEXT,
    {"de": "Firma", "en": "Company", "fr": "Entreprise"},
    keywords={"de": ["firma"], "en": ["company"], "fr": ["entreprise"]},
    max_length=40,
)
BNR = _spec(
    "betriebsnummer",
    FieldKind.BETRIEBSNUMMER,
    {"de": "Betriebsnummer", "en": "Company number", "fr": "Numéro d'établissement"},
    keywords={"de": ["betriebsnummer"], "en": ["company number"], "fr": ["numéro"]},
)
IBAN = _spec(
    "iban",
    FieldKind.IBAN,
    {"de": "IBAN", "en": "IBAN", "fr": "IBAN"},
    keywords={"de": ["iban"], "en": ["iban"], "fr": ["iban"]},
)

HEIGHT = _spec(
    "height",
    FieldKind.DECIMAL,
    {"de": "Höhe (m)", "en": "Height (m)", "fr": "Hauteur (m)"},
    keywords={"de": ["hoch"], "en": ["high"], "fr": ["hauteur"]},
)

PLAN = _spec("site_plan", FieldKind.FILE, {"de": "Lageplan", "en": "Site plan", "fr": "Plan"})

SPECS = {
    s.name: s
    for s in (
        HEADCOUNT,
        LOSS,
        WAGES,
        START,
        EVENT,
        COUNCIL,
        CAUSE,
        OVER_10,
        EMAIL,
        NAME,
        BNR,
        IBAN,
        PLAN,
        HEIGHT,
    )
}

_SHA = "0123456789abcdef" * 4

# (answer, field, language, expected, today)
CASES: list[tuple[str, str, str, Any, dt.date]] = [
    # DECIMAL
    ("3,5", "height", "de", 3.5, TODAY),
    ("3.5 m", "height", "en", 3.5, TODAY),
    ("7", "height", "fr", 7.0, TODAY),
    # INTEGER
    ("12", "headcount", "en", 12, TODAY),
    ("12 employees", "headcount", "en", 12, TODAY),
    ("twelve", "headcount", "en", 12, TODAY),
    ("we have twenty-five staff", "headcount", "en", 25, TODAY),
    ("1,200", "headcount", "en", 1200, TODAY),
    ("one thousand two hundred", "headcount", "en", 1200, TODAY),
    ("zwölf", "headcount", "de", 12, TODAY),
    ("vierzehn Mitarbeiter", "headcount", "de", 14, TODAY),
    ("1.200", "headcount", "de", 1200, TODAY),
    ("einen Mitarbeiter", "headcount", "de", 1, TODAY),
    ("Wir haben dreiundzwanzig Beschäftigte", "headcount", "de", 23, TODAY),
    ("douze salariés", "headcount", "fr", 12, TODAY),
    ("cent vingt", "headcount", "fr", 120, TODAY),
    ("Nous avons vingt-cinq employés", "headcount", "fr", 25, TODAY),
    ("1 200 salariés", "headcount", "fr", 1200, TODAY),
    ("seit 2019 haben wir 14 Mitarbeiter", "headcount", "de", 14, TODAY),
    ("mehr als 10: drei", "affected_over_10", "de", 3, TODAY),
    ("0", "headcount", "en", E.OUT_OF_RANGE, TODAY),
    ("200000", "headcount", "de", E.OUT_OF_RANGE, TODAY),
    ("12,5", "headcount", "de", E.INVALID_FORMAT, TODAY),
    ("many", "headcount", "en", E.NOT_UNDERSTOOD, TODAY),
    ("beaucoup", "headcount", "fr", E.NOT_UNDERSTOOD, TODAY),
    # PERCENT
    ("40 %", "loss_percent", "de", 40.0, TODAY),
    ("40%", "loss_percent", "en", 40.0, TODAY),
    ("about 40 percent", "loss_percent", "en", 40.0, TODAY),
    ("vierzig Prozent", "loss_percent", "de", 40.0, TODAY),
    ("quarante pour cent", "loss_percent", "fr", 40.0, TODAY),
    ("37,5 %", "loss_percent", "fr", 37.5, TODAY),
    ("0,4", "loss_percent", "de", 0.4, TODAY),
    ("the half", "loss_percent", "en", 50.0, TODAY),
    ("die Hälfte", "loss_percent", "de", 50.0, TODAY),
    ("la moitié", "loss_percent", "fr", 50.0, TODAY),
    ("a third", "loss_percent", "en", 33.33, TODAY),
    ("ein Drittel", "loss_percent", "de", 33.33, TODAY),
    ("un tiers", "loss_percent", "fr", 33.33, TODAY),
    ("two thirds", "loss_percent", "en", 66.67, TODAY),
    ("drei Viertel", "loss_percent", "de", 75.0, TODAY),
    ("120 %", "loss_percent", "en", E.OUT_OF_RANGE, TODAY),
    ("a lot", "loss_percent", "en", E.NOT_UNDERSTOOD, TODAY),
    # MONEY
    ("1.234,56 €", "monthly_wages", "de", 1234.56, TODAY),
    ("1,234.56 EUR", "monthly_wages", "en", 1234.56, TODAY),
    ("850 euros", "monthly_wages", "fr", 850.0, TODAY),
    ("1 234,56 €", "monthly_wages", "fr", 1234.56, TODAY),
    ("achthundertfünfzig Euro", "monthly_wages", "de", 850.0, TODAY),
    ("huit cent cinquante euros", "monthly_wages", "fr", 850.0, TODAY),
    ("1,5 Millionen Euro", "monthly_wages", "de", 1500000.0, TODAY),
    ("EUR 99.90", "monthly_wages", "en", 99.9, TODAY),
    ("-5 €", "monthly_wages", "de", E.OUT_OF_RANGE, TODAY),
    ("keine Ahnung", "monthly_wages", "de", E.NOT_UNDERSTOOD, TODAY),
    # MONTH
    ("ab März", "start_month", "de", "2026-03", TODAY),
    ("since March", "start_month", "en", "2026-03", TODAY),
    ("depuis mars", "start_month", "fr", "2026-03", TODAY),
    ("März 2026", "start_month", "de", "2026-03", TODAY),
    ("03/2026", "start_month", "de", "2026-03", TODAY),
    ("3.2026", "start_month", "de", "2026-03", TODAY),
    ("2026-03", "start_month", "en", "2026-03", TODAY),
    ("1.3.2026", "start_month", "de", "2026-03", TODAY),
    ("from 1 March 2026", "start_month", "en", "2026-03", TODAY),
    ("à partir du 1er mars 2026", "start_month", "fr", "2026-03", TODAY),
    ("next month", "start_month", "en", "2026-12", TODAY),
    ("nächsten Monat", "start_month", "de", "2026-12", TODAY),
    ("le mois prochain", "start_month", "fr", "2026-12", TODAY),
    ("this month", "start_month", "en", "2026-11", TODAY),
    ("diesen Monat", "start_month", "de", "2026-11", TODAY),
    ("ce mois-ci", "start_month", "fr", "2026-11", TODAY),
    ("last month", "start_month", "en", "2026-10", TODAY),
    ("Januar", "start_month", "de", "2027-01", TODAY),
    ("Dezember", "start_month", "de", "2026-12", TODAY),
    ("ab März", "start_month", "de", "2026-03", FEBRUARY),
    ("April", "start_month", "en", "2026-04", FEBRUARY),
    ("mai", "start_month", "fr", "2025-05", FEBRUARY),
    ("Dezember", "start_month", "de", "2025-12", FEBRUARY),
    ("banana", "start_month", "en", E.NOT_UNDERSTOOD, TODAY),
    ("40 %", "start_month", "en", E.NOT_UNDERSTOOD, TODAY),
    # DATE
    ("1.3.2026", "event_date", "de", "2026-03-01", TODAY),
    ("01/03/2026", "event_date", "fr", "2026-03-01", TODAY),
    ("01/03/2026", "event_date", "en", "2026-01-03", TODAY),
    ("13/03/2026", "event_date", "en", "2026-03-13", TODAY),
    ("2026-03-01", "event_date", "en", "2026-03-01", TODAY),
    ("1 March 2026", "event_date", "en", "2026-03-01", TODAY),
    ("March 1, 2026", "event_date", "en", "2026-03-01", TODAY),
    ("le 1er mars 2026", "event_date", "fr", "2026-03-01", TODAY),
    ("am 1. März", "event_date", "de", "2026-03-01", TODAY),
    ("heute", "event_date", "de", "2026-11-22", TODAY),
    ("today", "event_date", "en", "2026-11-22", TODAY),
    ("aujourd'hui", "event_date", "fr", "2026-11-22", TODAY),
    ("gestern", "event_date", "de", "2026-11-21", TODAY),
    ("yesterday", "event_date", "en", "2026-11-21", TODAY),
    ("hier", "event_date", "fr", "2026-11-21", TODAY),
    ("vor 3 Tagen", "event_date", "de", "2026-11-19", TODAY),
    ("3 days ago", "event_date", "en", "2026-11-19", TODAY),
    ("il y a trois jours", "event_date", "fr", "2026-11-19", TODAY),
    ("31.02.2026", "event_date", "de", E.INVALID_FORMAT, TODAY),
    ("März 2026", "event_date", "de", E.INVALID_FORMAT, TODAY),
    ("soon", "event_date", "en", E.NOT_UNDERSTOOD, TODAY),
    # YES_NO
    ("ja", "works_council", "de", True, TODAY),
    ("Jawohl", "works_council", "de", True, TODAY),
    ("genau", "works_council", "de", True, TODAY),
    ("stimmt", "works_council", "de", True, TODAY),
    ("nö", "works_council", "de", False, TODAY),
    ("Nein, haben wir nicht", "works_council", "de", False, TODAY),
    ("stimmt nicht", "works_council", "de", False, TODAY),
    ("yes, we have one", "works_council", "en", True, TODAY),
    ("yeah", "works_council", "en", True, TODAY),
    ("nope", "works_council", "en", False, TODAY),
    ("of course", "works_council", "en", True, TODAY),
    ("of course not", "works_council", "en", False, TODAY),
    ("we don't", "works_council", "en", False, TODAY),
    ("correct", "works_council", "en", True, TODAY),
    ("Oui, il y en a un", "works_council", "fr", True, TODAY),
    ("ouais", "works_council", "fr", True, TODAY),
    ("bien sûr", "works_council", "fr", True, TODAY),
    ("pas du tout", "works_council", "fr", False, TODAY),
    ("d'accord", "works_council", "fr", True, TODAY),
    ("pas d'accord", "works_council", "fr", False, TODAY),
    ("je ne sais pas", "works_council", "fr", E.NOT_UNDERSTOOD, TODAY),
    ("perhaps", "works_council", "en", E.NOT_UNDERSTOOD, TODAY),
    # CHOICE
    ("our biggest client cancelled an order", "cause", "en", "economic", TODAY),
    ("economic", "cause", "en", "economic", TODAY),
    ("ecnomic reasons", "cause", "en", "economic", TODAY),
    ("the flood", "cause", "en", "unavoidable_event", TODAY),
    ("2", "cause", "en", "unavoidable_event", TODAY),
    ("the first one", "cause", "en", "economic", TODAY),
    ("Hochwasser", "cause", "de", "unavoidable_event", TODAY),
    ("Unser größter Kunde hat Aufträge storniert", "cause", "de", "economic", TODAY),
    ("Sonstiges", "cause", "de", "other", TODAY),
    ("die dritte", "cause", "de", "other", TODAY),
    ("une inondation", "cause", "fr", "unavoidable_event", TODAY),
    ("notre client a annulé sa commande", "cause", "fr", "economic", TODAY),
    ("autre", "cause", "fr", "other", TODAY),
    ("banana", "cause", "en", E.UNKNOWN_CHOICE, TODAY),
    ("7", "cause", "de", E.UNKNOWN_CHOICE, TODAY),
    # EMAIL
    ("my email is a.b@Example.ORG", "email", "en", "a.b@example.org", TODAY),
    ("max.mustermann+kug@firma-gmbh.de", "email", "de", "max.mustermann+kug@firma-gmbh.de", TODAY),
    ("C'est marie@exemple.fr.", "email", "fr", "marie@exemple.fr", TODAY),
    ("a..b@example.org", "email", "en", E.INVALID_FORMAT, TODAY),
    ("keine", "email", "de", E.INVALID_FORMAT, TODAY),
    # TEXT
    ("  Müller Metallbau GmbH  ", "company_name", "de", "Müller Metallbau GmbH", TODAY),
    ("x" * 41, "company_name", "en", E.TOO_LONG, TODAY),
    ("   ", "company_name", "fr", E.NOT_UNDERSTOOD, TODAY),
    # BETRIEBSNUMMER
    ("09912342", "betriebsnummer", "de", "09912342", TODAY),
    ("0991 2342", "betriebsnummer", "de", "09912342", TODAY),
    ("09912347", "betriebsnummer", "en", "09912347", TODAY),
    ("Unsere Betriebsnummer ist 0991 2342.", "betriebsnummer", "de", "09912342", TODAY),
    ("09912343", "betriebsnummer", "de", E.INVALID_CHECKSUM, TODAY),
    ("10012342", "betriebsnummer", "de", E.INVALID_FORMAT, TODAY),
    ("00912342", "betriebsnummer", "fr", E.INVALID_FORMAT, TODAY),
    ("0991234", "betriebsnummer", "de", E.INVALID_FORMAT, TODAY),
    # IBAN
    ("DE89 3704 0044 0532 0130 00", "iban", "de", "DE89370400440532013000", TODAY),
    ("FR14 2004 1010 0505 0001 3M02 606", "iban", "fr", "FR1420041010050500013M02606", TODAY),
    (
        "my IBAN is de89 3704 0044 0532 0130 00, thanks",
        "iban",
        "en",
        "DE89370400440532013000",
        TODAY,
    ),
    ("DE88 3704 0044 0532 0130 00", "iban", "de", E.INVALID_CHECKSUM, TODAY),
    ("DE89 3704 0044", "iban", "de", E.INVALID_FORMAT, TODAY),
    ("je ne l'ai pas", "iban", "fr", E.INVALID_FORMAT, TODAY),
    # FILE: a reference from the upload step, or "not yet"
    (f"file:{_SHA}", "site_plan", "en", f"file:{_SHA}", TODAY),
    (f"hier ist er: FILE:{_SHA.upper()}", "site_plan", "de", f"file:{_SHA}", TODAY),
    ("non, pas encore", "site_plan", "fr", "not_provided", TODAY),
    ("nein", "site_plan", "de", "not_provided", TODAY),
    (f"file:{_SHA[:-1]}", "site_plan", "en", E.INVALID_FORMAT, TODAY),
    ("le plan arrive par la poste", "site_plan", "fr", E.INVALID_FORMAT, TODAY),
]

# (answer, language, asked field, {field: expected value}, today)
CORRECTIONS: list[tuple[str, str, str | None, dict[str, Any], dt.date]] = [
    ("actually we have 14 employees", "en", "loss_percent", {"headcount": 14}, TODAY),
    ("eigentlich sind es 14 Mitarbeiter", "de", "loss_percent", {"headcount": 14}, TODAY),
    ("en fait nous avons 14 salariés", "fr", "loss_percent", {"headcount": 14}, TODAY),
    ("actually fourteen employees, not 12", "en", None, {"headcount": 14}, TODAY),
    (
        "correction: the loss started in April",
        "en",
        "headcount",
        {"start_month": "2026-04"},
        TODAY,
    ),
    (
        "Korrektur: der Ausfall begann im April",
        "de",
        "headcount",
        {"start_month": "2026-04"},
        TODAY,
    ),
    ("en fait la perte a commencé en avril", "fr", None, {"start_month": "2026-04"}, TODAY),
    (
        "sorry, 14 employees and 60 % loss",
        "en",
        "monthly_wages",
        {"headcount": 14, "loss_percent": 60.0},
        TODAY,
    ),
    ("eigentlich 40 Prozent Ausfall", "de", "headcount", {"loss_percent": 40.0}, TODAY),
    ("actually the reason was a flood", "en", "headcount", {"cause": "unavoidable_event"}, TODAY),
    ("en fait, pas de comité d'entreprise", "fr", None, {"works_council": False}, TODAY),
    ("Die Lohnsumme ist eigentlich 12.000 €", "de", None, {"monthly_wages": 12000.0}, TODAY),
    ("actually my email is new@example.org", "en", None, {"email": "new@example.org"}, TODAY),
    # One number, two fields' keywords: it goes to the nearer keyword only.
    ("correction: 14 employees lose working time", "en", None, {"headcount": 14}, TODAY),
    # A number inside a keyword ("more than 10") is not the value.
    ("actually 5 of them lose more than 10 percent", "en", None, {"affected_over_10": 5}, TODAY),
    ("en fait, 5 perdent plus de 10 pour cent", "fr", None, {"affected_over_10": 5}, TODAY),
    # Typos and plurals in the keyword still count.
    ("actually 15 employes", "en", None, {"headcount": 15}, TODAY),
    # No keyword, no correction: plain answers to the asked question.
    ("40 %", "en", "loss_percent", {}, TODAY),
    ("vierzig Prozent", "de", "loss_percent", {}, TODAY),
    ("ab März", "de", "start_month", {}, TODAY),
    ("oui", "fr", "works_council", {}, TODAY),
    ("14", "en", "headcount", {}, TODAY),
    # The asked field is never reported as a correction of itself.
    ("actually we have 14 employees", "en", "headcount", {}, TODAY),
    # Free text is never read from a mention ("company" names no value).
    ("actually our company has grown", "en", None, {}, TODAY),
]
