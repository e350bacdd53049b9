"""Minimum-income (RSA) claims of the evaluation dataset, as applicants write them.

Eight households per language, different in shape (alone or in a couple,
zero to three children, nationality with or without a residence permit,
every housing situation), with the habits of real answers: several facts
in one message, typos, amounts and ages in words, a mistyped IBAN first, a
household corrected while another question is asked, and a plainer retry
where the first answer is hard to read. ``expected`` is the form the
applicant means.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

YES = {"de": ["ja", "Ja, genau", "jo"], "en": ["yes", "yep", "Yes, that's right"],
       "fr": ["oui", "Oui bien sûr", "ouais"]}  # fmt: skip
NO = {"de": ["nein", "Nein, leider nicht"], "en": ["no", "nope"], "fr": ["non", "Non, pas du tout"]}

NUMBER_WORDS = {
    "de": {0: "null", 1: "ein", 2: "zwei", 3: "drei", 4: "vier", 6: "sechs", 7: "sieben",
           9: "neun", 12: "zwölf", 15: "fünfzehn"},
    "en": {0: "zero", 1: "one", 2: "two", 3: "three", 4: "four", 6: "six", 7: "seven",
           9: "nine", 12: "twelve", 15: "fifteen"},
    "fr": {0: "zéro", 1: "un", 2: "deux", 3: "trois", 4: "quatre", 6: "six", 7: "sept",
           9: "neuf", 12: "douze", 15: "quinze"},
}  # fmt: skip

NATIONALITY = {
    "french": {
        "de": ["Französin", "französisch"],
        "en": ["I'm French, born in Lyon", "French"],
        "fr": ["francaise", "française"],
    },
    "eu": {
        "de": ["Portugiesin, also EU-Bürger", "EU"],
        "en": ["Portuguese, so EU citizen", "EU citizen"],
        "fr": ["je suis portugaise, donc UE", "Union européenne"],
    },
    "other": {
        "de": ["marokkanisch, ich habe einen Aufenthaltstitel", "Drittstaat"],
        "en": ["Moroccan, I have a residence permit", "other"],
        "fr": ["marocaine, j'ai un titre de séjour", "hors UE"],
    },
}
PERMIT_YEARS = {"de": "seit {} Jahren", "en": "{} years now", "fr": "depuis {} ans"}
HOUSING = {
    "tenant_with_benefit": {
        "de": ["Ich miete und bekomme Wohngeld", "Mieter mit Wohngeld"],
        "en": ["renting, and I get housing benefit (APL)", "tenant with benefit"],
        "fr": ["locataire, je touche l'APL", "APL"],
    },
    "tenant_without_benefit": {
        "de": ["Mieter ohne Wohngeld"],
        "en": ["tenant without housing benefit"],
        "fr": ["locatair sans aide", "locataire sans aide au logement"],
    },
    "free_housing": {
        "de": ["ich wohne bei den Eltern, kostenlos"],
        "en": ["I live with my parents for free"],
        "fr": ["hébergée chez mes parents"],
    },
    "owner_no_loan": {
        "de": ["Eigentümer, abbezahlt"],
        "en": ["I own my home, paid off"],
        "fr": ["propriétaire, prêt remboursé"],
    },
    "owner_with_loan": {
        "de": ["Eigentum mit Hypothek", "Eigentümer mit Kreditraten"],
        "en": ["owner, still paying the mortgage", "mortgage"],
        "fr": ["propriétaire avec un crédit immobilier", "crédit immobilier"],
    },
}
MONEY = {
    "de": ["{} €", "ungefähr {} Euro im Monat", "{} Euro"],
    "en": ["{} €", "about {} euros a month", "{} euros"],
    "fr": ["{} €", "environ {} € par mois", "{} euros"],
}
NOTHING = {"de": "0 €, nichts", "en": "0, nothing at all", "fr": "0 €, rien"}
AGE = {"de": "{} Jahre alt", "en": "{} years old", "fr": "{} ans"}
CHILDREN = {"de": "{} Kinder", "en": "{} kids", "fr": "{} enfants"}
ONE_CHILD = {"de": "ein Kind", "en": "one child", "fr": "un enfant"}
PARTNER_MULTI = {
    "de": "ja, ich wohne mit meinem Partner und unseren {} Kindern zusammen",
    "en": "yes, we live together with our {} kids",
    "fr": "oui, je vis avec mon conjoint et nos {} enfants",
}
ALONE = {"de": "nein, ich lebe allein", "en": "no, I live alone", "fr": "non je vis seule"}
FEWER_CHILDREN = {
    "de": "nein. Korrektur: wir haben eigentlich {} Kinder, nicht {}",
    "en": "no. Actually we have {} children, not {}",
    "fr": "non. en fait j'ai {} enfants, pas {}",
}
IBAN_PREFIX = {"de": "meine IBAN: {}", "en": "my iban is {}", "fr": "mon IBAN : {}"}
BIRTH = {
    "de": ["geboren am {d}.{m}.{y}", "{d}.{m}.{y}"],
    "en": ["I was born on {d} {mon} {y}", "{d} {mon} {y}"],
    "fr": ["née le {d} {mois} {y}", "{d}/{m}/{y}"],
}
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
IBANS = [
    "FR7630006000010123456789049",
    "DE89370400440532013000",
    "FR7630006000010123457580957",
    "DE18370400440532013017",
    "FR7630006000010123458372865",
    "DE44370400440532013034",
    "FR7630006000011234567890189",
    "DE02120300000000202051",
]
NAMES = ["Camille Martin", "Alex Durand", "Jonas Weber", "Fatima Benali", "Sofia Costa",
         "Lucas Moreau", "Nadia Haddad", "Paul Lefèvre"]  # fmt: skip
ADDRESSES = [
    "12 rue des Lilas, 69003 Lyon",
    "4 place du Marché, 13001 Marseille",
    "8 rue de la Gare, 67000 Strasbourg",
    "27 avenue Jean Jaurès, 31000 Toulouse",
    "3 impasse des Roses, 44000 Nantes",
    "15 boulevard Victor Hugo, 59000 Lille",
    "6 rue du Port, 33000 Bordeaux",
    "21 chemin des Vignes, 21000 Dijon",
]


@dataclass
class Household:
    """What one applicant means (language-independent)."""

    born: tuple[int, int, int]
    nationality: str
    partner: bool
    children: list[int]
    housing: str
    resources: float
    permit_years: int | None = None
    pregnancy: bool = False
    separation: bool | None = None
    partner_resources: float = 0.0
    child_resources: list[float] = field(default_factory=list)
    wrong_children: int | None = None
    """The applicant first gives this many children, then corrects it."""
    mistyped_iban: bool = False


HOUSEHOLDS = [
    Household((1986, 1, 14), "french", False, [], "tenant_with_benefit", 0.0),
    Household((1988, 6, 2), "eu", True, [4, 9], "tenant_without_benefit", 450.0,
              partner_resources=300.0, child_resources=[0.0, 0.0]),
    Household((1990, 3, 3), "other", False, [7], "free_housing", 120.0, permit_years=6,
              separation=True, child_resources=[0.0]),
    Household((1979, 9, 7), "french", True, [], "owner_no_loan", 400.0, pregnancy=True),
    Household((1992, 11, 21), "eu", False, [3, 12], "tenant_with_benefit", 0.0,
              separation=False, child_resources=[0.0, 0.0], wrong_children=3),
    Household((1995, 5, 30), "eu", False, [], "free_housing", 320.0, mistyped_iban=True),
    Household((1983, 2, 11), "other", True, [15], "tenant_with_benefit", 1250.5,
              permit_years=7, partner_resources=0.0, child_resources=[150.0]),
    Household((1975, 8, 19), "french", False, [], "owner_with_loan", 400.0),
]  # fmt: skip


def _amount(value: float, language: str, style: int) -> str:
    if value == 0:
        return NOTHING[language] if style % 2 else "0"
    whole = int(value)
    if value != whole:
        text = f"{value:.2f}".replace(".", "," if language != "en" else ".")
        return MONEY[language][0].format(text)
    if style % 3 == 1 and whole == 400:
        words = {"de": "vierhundert Euro", "en": "four hundred euros", "fr": "quatre cents euros"}
        return words[language]
    return MONEY[language][style % 3].format(whole)


def _count(value: int, language: str, style: int) -> str:
    return NUMBER_WORDS[language].get(value, str(value)) if style % 2 else str(value)


def _children(count: int, language: str, style: int) -> str:
    if count == 0:
        return "0"
    if count == 1:
        return ONE_CHILD[language]
    return CHILDREN[language].format(_count(count, language, style))


def _birth(born: tuple[int, int, int], language: str, style: int) -> str:
    y, m, d = born
    template = BIRTH[language][style % 2]
    return template.format(d=d, m=m, y=y, mon=MONTHS_EN[m - 1], mois=MONTHS_FR[m - 1])


def rsa_conversation(language: str, index: int, today: str) -> dict[str, Any]:
    """Return conversation ``index`` (0-7) in ``language`` as a dataset line."""
    h = HOUSEHOLDS[index]
    style = index + len(language)
    y, m, d = h.born
    iban = IBANS[index]
    expected: dict[str, Any] = {
        "applicant_name": NAMES[index],
        "birth_date": f"{y:04d}-{m:02d}-{d:02d}",
        "address": ADDRESSES[index],
        "nationality": h.nationality,
        "stable_residence": True,
        "has_partner": h.partner,
        "children_count": len(h.children),
        "pregnancy": h.pregnancy,
        "applicant_resources": h.resources,
        "housing": h.housing,
        "iban": iban,
    }
    answers: dict[str, list[str]] = {
        "applicant_name": [NAMES[index]],
        "birth_date": [_birth(h.born, language, style)],
        "address": [ADDRESSES[index]],
        "nationality": list(NATIONALITY[h.nationality][language]),
        "stable_residence": [YES[language][style % 3]],
        "has_partner": [
            PARTNER_MULTI[language].format(_count(len(h.children), language, style))
            if h.partner and h.children
            else (YES if h.partner else NO)[language][style % 2]
            if h.partner or style % 2
            else ALONE[language]
        ],
        "children_count": [_children(len(h.children), language, style)],
        "pregnancy": [(YES if h.pregnancy else NO)[language][0]],
        "applicant_resources": [_amount(h.resources, language, style)],
        "housing": list(HOUSING[h.housing][language]),
        "iban": [IBAN_PREFIX[language].format(iban) if style % 2 else iban.lower()],
    }
    if h.permit_years is not None:
        expected["residence_permit_years"] = h.permit_years
        answers["residence_permit_years"] = [
            PERMIT_YEARS[language].format(_count(h.permit_years, language, style))
        ]
    for i, age in enumerate(h.children, start=1):
        expected[f"child_{i}_age"] = age
        expected[f"child_{i}_resources"] = h.child_resources[i - 1]
        # "7 years old" can be taken for the residence-permit years (keyword
        # "years"): read back, refused, then the applicant types the number.
        answers[f"child_{i}_age"] = [
            AGE[language].format(_count(age, language, style + i)),
            str(age),
        ]
        answers[f"child_{i}_resources"] = [_amount(h.child_resources[i - 1], language, style + i)]
    if h.partner:
        expected["partner_resources"] = h.partner_resources
        answers["partner_resources"] = [_amount(h.partner_resources, language, style + 1)]
    if h.separation is not None:
        expected["recent_separation"] = h.separation
        answers["recent_separation"] = [(YES if h.separation else NO)[language][0]]
    if h.wrong_children is not None:
        # Three children given first (a third age asked), corrected while the
        # pregnancy is asked: the third child's fields no longer apply.
        wrong = h.wrong_children
        answers["children_count"] = [CHILDREN[language].format(_count(wrong, language, 0))]
        answers["child_3_age"] = [AGE[language].format(1)]
        answers["pregnancy"] = [FEWER_CHILDREN[language].format(len(h.children), wrong)]
    if h.mistyped_iban:
        # A digit typed wrong first: the check digits refuse it, then the right one.
        wrong_iban = iban[:-1] + str((int(iban[-1]) + 1) % 10)
        answers["iban"] = [wrong_iban, iban]
    return {
        "id": f"minimum_income-{language}-{index + 1:02d}",
        "procedure": "minimum_income",
        "language": language,
        "today": today,
        "answers": answers,
        "expected": expected,
    }
