"""Writes ``conversations.jsonl`` from the hand-written answers below (run once, commit both).

Each conversation is one applicant: answers by field (tried in order; the
last one repeats), and the form they mean, which is what the evaluation
compares against. The applicant's first answer often holds several facts;
answers have typos, numbers in words, corrections and months relative to
``TODAY``. Three procedures, each in German, English and French: 20
short-time-work claims per language, 8 minimum-income (RSA) claims per
language (from :mod:`tests.eval.rsa_conversations`) and 8 building
applications per language (from :mod:`tests.eval.permit_conversations`).

    .venv/bin/python -m tests.eval.make_conversations
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

TODAY = "2026-05-14"
OUT = Path(__file__).with_name("conversations.jsonl")

# Openings: the answer to the first question (the cause), with further facts.
# (text, facts it states)
OPENINGS: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "en": [
        (
            "we're a 12-person bakery, hours cut by about 40 % since March because our biggest client cancelled",
            {
                "cause": "economic",
                "headcount": 12,
                "average_loss_percent": 40,
                "loss_start_month": "2026-03",
            },
        ),
        (
            "Our main customer cancelled the order, so fewer orders. We have 25 employees and 18 are affected.",
            {"cause": "economic", "headcount": 25, "affected_employees": 18},
        ),
        (
            "flood in the workshop, the river came over on 3 May. 8 staff, all of them on short time",
            {"cause": "unavoidable_event", "headcount": 8, "affected_employees": 8},
        ),
        (
            "economic reasons – demand dropped by half since last month",
            {"cause": "economic", "loss_start_month": "2026-04"},
        ),
        (
            "a government order closed our venue (official measure), from this month",
            {"cause": "unavoidable_event", "loss_start_month": "2026-05"},
        ),
        ("econmic reasons, cancelled order", {"cause": "economic"}),
        (
            "The landlord is renovating, its something else really. We have fourteen employees.",
            {"cause": "other", "headcount": 14},
        ),
    ],
    "de": [
        (
            "Wir sind eine Bäckerei mit 12 Mitarbeitern, seit März arbeiten wir rund 40 % weniger, weil unser größter Kunde abgesprungen ist",
            {
                "cause": "economic",
                "headcount": 12,
                "average_loss_percent": 40,
                "loss_start_month": "2026-03",
            },
        ),
        (
            "Auftrag storniert, weniger Aufträge. Wir haben 25 Beschäftigte, davon sind 18 betroffen.",
            {"cause": "economic", "headcount": 25, "affected_employees": 18},
        ),
        (
            "Hochwasser in der Werkstatt am 3. Mai, wir sind 8 Mitarbeiter und alle betroffen",
            {"cause": "unavoidable_event", "headcount": 8, "affected_employees": 8},
        ),
        (
            "wirtschaftliche Gründe, seit letztem Monat ist die Nachfrage eingebrochen",
            {"cause": "economic", "loss_start_month": "2026-04"},
        ),
        (
            "behördliche Anordnung, unser Laden ist geschlossen, ab diesem Monat",
            {"cause": "unavoidable_event", "loss_start_month": "2026-05"},
        ),
        ("wirtschaftlich, Auftragsmangel", {"cause": "economic"}),
        (
            "Der Vermieter saniert das Gebäude, also eher andere Gründe. Wir haben vierzehn Mitarbeiter.",
            {"cause": "other", "headcount": 14},
        ),
    ],
    "fr": [
        (
            "nous sommes une boulangerie de 12 salariés, activité en baisse d'environ 40 % depuis mars car notre plus gros client a annulé sa commande",
            {
                "cause": "economic",
                "headcount": 12,
                "average_loss_percent": 40,
                "loss_start_month": "2026-03",
            },
        ),
        (
            "Commande annulée, baisse des commandes. Nous avons 25 salariés dont 18 concernés.",
            {"cause": "economic", "headcount": 25, "affected_employees": 18},
        ),
        (
            "inondation dans l'atelier le 3 mai, nous sommes 8 salariés et tous sont touchés",
            {"cause": "unavoidable_event", "headcount": 8, "affected_employees": 8},
        ),
        (
            "raisons économiques, baisse d'activité depuis le mois dernier",
            {"cause": "economic", "loss_start_month": "2026-04"},
        ),
        (
            "mesure des autorités : fermeture administrative à partir de ce mois-ci",
            {"cause": "unavoidable_event", "loss_start_month": "2026-05"},
        ),
        ("raisons économqiues, manque de commandes", {"cause": "economic"}),
        (
            "Le propriétaire fait des travaux, ce sont d'autres raisons. Nous avons quatorze salariés.",
            {"cause": "other", "headcount": 14},
        ),
    ],
}

PLAIN_CAUSE = {
    "en": {
        "economic": "economic reasons",
        "unavoidable_event": "unavoidable event",
        "other": "other reasons",
    },
    "de": {
        "economic": "wirtschaftliche Gründe",
        "unavoidable_event": "unabwendbares Ereignis",
        "other": "andere Gründe",
    },
    "fr": {
        "economic": "raisons économiques",
        "unavoidable_event": "événement inévitable",
        "other": "autres raisons",
    },
}
DESCRIPTION = {
    "en": [
        "Our biggest customer cancelled its orders for the next months.",
        "The river flooded the workshop and the machines are out of order.",
        "The building is being renovated and we can only use half of it.",
    ],
    "de": [
        "Unser größter Kunde hat seine Bestellungen für die nächsten Monate storniert.",
        "Der Fluss hat die Werkstatt überflutet, die Maschinen stehen still.",
        "Das Gebäude wird saniert und wir können nur die Hälfte nutzen.",
    ],
    "fr": [
        "Notre plus gros client a annulé ses commandes pour les prochains mois.",
        "La rivière a inondé l'atelier et les machines sont hors service.",
        "Le bâtiment est en travaux et nous ne pouvons en utiliser que la moitié.",
    ],
}
EVENT = {
    "en": [
        ("flood", "natural_disaster", "on 3 May", "2026-05-03"),
        (
            "an official measure, the authority closed us",
            "official_measure",
            "5 May 2026",
            "2026-05-05",
        ),
    ],
    "de": [
        ("Hochwasser", "natural_disaster", "am 3. Mai", "2026-05-03"),
        (
            "behördliche Maßnahme, das Amt hat geschlossen",
            "official_measure",
            "05.05.2026",
            "2026-05-05",
        ),
    ],
    "fr": [
        ("inondation", "natural_disaster", "le 3 mai", "2026-05-03"),
        (
            "une mesure des autorités, fermeture administrative",
            "official_measure",
            "5 mai 2026",
            "2026-05-05",
        ),
    ],
}
YES = {
    "en": ["yes", "yep", "Yes, it is"],
    "de": ["Ja", "ja klar", "jo"],
    "fr": ["oui", "Oui bien sûr", "ouais"],
}
NO = {"en": ["no", "nope"], "de": ["Nein", "nee"], "fr": ["non", "Non, pas du tout"]}
MONTH_TEXT = {
    "en": {
        "2026-03": "since March",
        "2026-04": "from last month",
        "2026-05": "this month",
        "2026-06": "from next month",
    },
    "de": {
        "2026-03": "seit März",
        "2026-04": "seit letztem Monat",
        "2026-05": "ab diesem Monat",
        "2026-06": "ab nächstem Monat",
    },
    "fr": {
        "2026-03": "depuis mars",
        "2026-04": "depuis le mois dernier",
        "2026-05": "ce mois-ci",
        "2026-06": "à partir du mois prochain",
    },
}
WORDS = {
    "en": {
        3: "three",
        4: "four",
        5: "five",
        6: "six",
        8: "eight",
        10: "ten",
        12: "twelve",
        14: "fourteen",
        18: "eighteen",
        20: "twenty",
        25: "twenty-five",
    },
    "de": {
        3: "drei",
        4: "vier",
        5: "fünf",
        6: "sechs",
        8: "acht",
        10: "zehn",
        12: "zwölf",
        14: "vierzehn",
        18: "achtzehn",
        20: "zwanzig",
        25: "fünfundzwanzig",
    },
    "fr": {
        3: "trois",
        4: "quatre",
        5: "cinq",
        6: "six",
        8: "huit",
        10: "dix",
        12: "douze",
        14: "quatorze",
        18: "dix-huit",
        20: "vingt",
        25: "vingt-cinq",
    },
}
COUNT_PHRASES = {
    "headcount": {
        "en": "we have {} employees",
        "de": "wir haben {} Mitarbeiter",
        "fr": "nous avons {} salariés",
    },
    "affected_employees": {
        "en": "{} are affected",
        "de": "{} sind betroffen",
        "fr": "{} sont concernés",
    },
    "affected_over_10_percent": {"en": "{} of them", "de": "{} davon", "fr": "{} d'entre eux"},
    "employees_social_insurance": {"en": "{} are insured", "de": "{} sind versichert", "fr": "{}"},
    "expected_duration_months": {
        "en": "about {} months",
        "de": "etwa {} Monate",
        "fr": "environ {} mois",
    },
}
PERCENT = {
    "en": ["{} %", "roughly {} percent", "{}%"],
    "de": ["{} %", "ungefähr {} Prozent", "ca. {}%"],
    "fr": ["{} %", "environ {} pour cent", "{}%"],
}
EMPLOYERS = [
    (
        "Bäckerei Sonnenschein GmbH",
        "Hauptstraße 1, 10115 Berlin",
        "09912342",
        "bakery",
        "Anna Beispiel",
        "anna.beispiel@example.org",
    ),
    (
        "Miller Joinery Ltd",
        "Gartenweg 5, 80331 München",
        "01234561",
        "joinery",
        "Tom Miller",
        "tom@miller-joinery.example",
    ),
    (
        "Atelier Dupont SARL",
        "Rheinstraße 12, 76185 Karlsruhe",
        "03456780",
        "textiles",
        "Claire Dupont",
        "c.dupont@atelier.example",
    ),
    (
        "Metallbau Krause KG",
        "Industriestr. 7, 44137 Dortmund",
        "04567894",
        "metalworking",
        "Jörg Krause",
        "krause@metallbau.example",
    ),
    (
        "Café Lindenhof",
        "Lindenallee 3, 01067 Dresden",
        "05678910",
        "catering",
        "Sabine Ott",
        "ott@lindenhof.example",
    ),
    (
        "Druckerei Weber",
        "Am Markt 9, 99084 Erfurt",
        "11023453",
        "printing",
        "Paul Weber",
        "p.weber@druckerei.example",
    ),
    (
        "Hotel Seeblick",
        "Seestraße 20, 88131 Lindau",
        "07812342",
        "hotel",
        "Maria Huber",
        "huber@seeblick.example",
    ),
]
INDUSTRY = {
    "bakery": {"en": "bakery", "de": "Bäckerei", "fr": "boulangerie"},
    "joinery": {"en": "joinery", "de": "Tischlerei", "fr": "menuiserie"},
    "textiles": {"en": "textiles", "de": "Textil", "fr": "textile"},
    "metalworking": {"en": "metalworking", "de": "Metallbau", "fr": "métallurgie"},
    "catering": {"en": "catering", "de": "Gastronomie", "fr": "restauration"},
    "printing": {"en": "printing", "de": "Druckerei", "fr": "imprimerie"},
    "hotel": {"en": "hotel", "de": "Hotellerie", "fr": "hôtellerie"},
}
CORRECTION = {
    "en": "sorry, actually we have {} employees",
    "de": "Korrektur: wir haben eigentlich {} Mitarbeiter",
    "fr": "pardon, en fait nous avons {} salariés",
}
TYPO_EMAIL = {"en": "its {}", "de": "die mail ist {}", "fr": "c'est {}"}


def count_text(field: str, value: int, language: str, style: int) -> str:
    number = WORDS[language].get(value, str(value)) if style % 3 == 1 else str(value)
    if style % 3 == 2:
        return COUNT_PHRASES[field][language].format(number)
    return number


def conversation(language: str, index: int) -> dict[str, Any]:
    opening, facts = OPENINGS[language][index % len(OPENINGS[language])]
    employer = EMPLOYERS[(index * 3 + len(language)) % len(EMPLOYERS)]
    style = index
    cause = facts["cause"]
    headcount = facts.get("headcount", [12, 20, 25, 14, 8, 10][index % 6])
    affected = facts.get("affected_employees", max(1, headcount - (index % 4)))
    over10 = max(1, affected - (index % 3))
    insured = headcount - (index % 2)
    month = facts.get("loss_start_month", ["2026-03", "2026-04", "2026-05", "2026-06"][index % 4])
    percent = facts.get("average_loss_percent", [40, 50, 30, 25, 60][index % 5])
    duration = [3, 6, 4, 5][index % 4]
    council = index % 3 == 0
    expected: dict[str, Any] = {
        "cause": cause,
        "cause_description": DESCRIPTION[language][
            {"economic": 0, "unavoidable_event": 1, "other": 2}[cause]
        ],
        "loss_start_month": month,
        "expected_duration_months": duration,
        "average_loss_percent": float(percent),
        "headcount": headcount,
        "affected_employees": affected,
        "affected_over_10_percent": over10,
        "employees_social_insurance": insured,
        "overtime_and_leave_used": True,
        "works_council": council,
        "employer_name": employer[0],
        "employer_address": employer[1],
        "betriebsnummer": employer[2],
        "industry": INDUSTRY[employer[3]][language],
        "contact_person": employer[4],
        "contact_email": employer[5],
    }
    answers: dict[str, list[str]] = {
        "cause": [opening, PLAIN_CAUSE[language][cause]],
        "cause_description": [expected["cause_description"]],
        "loss_start_month": [MONTH_TEXT[language][month]],
        "expected_duration_months": [
            count_text("expected_duration_months", duration, language, style)
        ],
        "average_loss_percent": [PERCENT[language][index % 3].format(percent)],
        "headcount": [count_text("headcount", headcount, language, style + 1)],
        "affected_employees": [count_text("affected_employees", affected, language, style + 2)],
        "affected_over_10_percent": [
            count_text("affected_over_10_percent", over10, language, style)
        ],
        "employees_social_insurance": [
            count_text("employees_social_insurance", insured, language, style + 1)
        ],
        "overtime_and_leave_used": [YES[language][index % 3]],
        "works_council": [(YES if council else NO)[language][index % 2]],
        "employer_name": [employer[0]],
        "employer_address": [employer[1]],
        "betriebsnummer": [employer[2][:4] + " " + employer[2][4:] if index % 2 else employer[2]],
        "industry": [INDUSTRY[employer[3]][language]],
        "contact_person": [employer[4]],
        "contact_email": [TYPO_EMAIL[language].format(employer[5]) if index % 2 else employer[5]],
    }
    if cause == "economic":
        expected["orders_expected_to_recover"] = index % 4 != 3
        answers["orders_expected_to_recover"] = [
            (YES if expected["orders_expected_to_recover"] else NO)[language][index % 2]
        ]
    if cause == "unavoidable_event":
        words, kind, when, day = EVENT[language][index % 2]
        expected["event_type"] = kind
        expected["event_date"] = day
        answers["event_type"] = [words]
        answers["event_date"] = [when]
    if council:
        expected["works_council_consent"] = True
        answers["works_council_consent"] = [YES[language][0]]
    if index % 5 == 4:
        # A correction of the headcount, volunteered while another count is asked.
        wrong = headcount + 3
        answers["headcount"] = [count_text("headcount", wrong, language, 0)]
        answers["affected_over_10_percent"] = [
            CORRECTION[language].format(headcount),
            answers["affected_over_10_percent"][0],
        ]
    if index % 7 == 5:
        # A mistyped company number first (wrong check digit).
        answers["betriebsnummer"] = [
            employer[2][:-1] + str((int(employer[2][-1]) + 1) % 10),
            employer[2],
        ]
    return {
        "id": f"short_time_work-{language}-{index + 1:02d}",
        "procedure": "short_time_work",
        "language": language,
        "today": TODAY,
        "answers": answers,
        "expected": expected,
    }


def main() -> None:
    """Write the dataset."""
    from tests.eval.permit_conversations import permit_conversation
    from tests.eval.rsa_conversations import rsa_conversation

    languages = ("de", "en", "fr")
    conversations = [conversation(language, index) for language in languages for index in range(20)]
    conversations += [
        rsa_conversation(language, i, TODAY) for language in languages for i in range(8)
    ]
    conversations += [
        permit_conversation(language, i, TODAY) for language in languages for i in range(8)
    ]
    lines = [json.dumps(c, ensure_ascii=False) for c in conversations]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} conversations written to {OUT}")


if __name__ == "__main__":
    main()
