"""How employers state the facts of a notification of work loss in their own words."""

from __future__ import annotations

from procedures.hints import Hints

_PEOPLE_TOTAL = {
    "de": [
        "insgesamt",
        "Belegschaft",
        "wir haben",
        "haben wir",
        "wir sind",
        "sind wir",
        "mit",
        "Betrieb hat",
        "Personal",
    ],
    "en": [
        "in total",
        "workforce",
        "we have",
        "we are",
        "we're",
        "we employ",
        "team of",
        "person",
        "headcount",
        # not "our" alone: "our customer postponed two offshore parks" is no head count
        "of us",
        "our staff",
        "our team",
    ],
    "fr": [
        "au total",
        "effectif",
        "on est",
        "nous sommes",
        "nous avons",
        "on a",
        "nous employons",
        "entreprise de",
    ],
}

HINTS: Hints = {
    "cause": {
        "choices": {
            "economic": {
                "de": [
                    "Aufträge gestrichen",
                    "kaum Aufträge",
                    "keine Aufträge",
                    "Auftragseinbruch",
                    "Lieferengpässe",
                    "Halbleiter",
                    "Kunde abgesprungen",
                    "Nachfrage",
                ],
                "en": [
                    "recession",
                    "orders are down",
                    "orders down",
                    "customer cancelled",
                    "cancelled",
                    "no orders",
                    "went bankrupt",
                    "bankruptcy",
                    "orders collapsed",
                    "insolvency",
                    "chip shortage",
                    "demand",
                ],
                "fr": [
                    "baisse de commandes",
                    "annulation",
                    "faute de commandes",
                    "pénurie",
                    "contrat annulé",
                    "plus de commandes",
                ],
            },
            "unavoidable_event": {
                "de": ["Sturm", "Feuer", "geschlossen", "gesperrt", "Schließung", "Stadt hat"],
                "en": [
                    "closed us",
                    "storm",
                    "fire",
                    "health dept",
                    "health department",
                    "closure order",
                ],
                "fr": ["fermeture ordonnée", "autorités", "tempête", "incendie", "arrêté"],
            },
            "other": {
                "de": ["Umbau", "Renovierung", "Sanierung"],
                "en": ["renovating", "renovation", "refurbishment"],
                "fr": ["rénovation", "travaux"],
            },
        },
    },
    "event_type": {
        "choices": {
            "natural_disaster": {
                "de": ["Hochwasser", "Überschwemmung", "Sturm", "Unwetter"],
                "en": ["flood", "flooding", "storm"],
                "fr": ["inondation", "tempête", "crue"],
            },
            "official_measure": {
                "de": ["Stadt hat", "Behörde", "gesperrt", "Gesundheitsamt", "Anordnung"],
                "en": ["closed us", "health dept", "authorities", "closure order", "inspection"],
                "fr": [
                    "autorités",
                    "fermeture ordonnée",
                    "préfecture",
                    "contrôle sanitaire",
                    "arrêté",
                ],
            },
        },
    },
    "event_date": {
        "unit": "event",
        "cues": {"de": ["am", "seit dem"], "en": ["on"], "fr": ["le", "depuis le"]},
    },
    "loss_start_month": {
        "cues": {
            "de": ["ab", "seit", "Beginn", "beginnend", "ab dem", "Start"],
            "en": ["from", "starting", "start", "as of", "beginning", "since", "begins"],
            "fr": ["à partir de", "début", "depuis", "dès", "à compter de", "depuis début"],
        },
    },
    "expected_duration_months": {
        "unit": "months",
        "cues": {
            "de": ["für", "Dauer", "lang", "voraussichtlich"],
            "en": ["for", "duration", "last", "probably for"],
            "fr": ["pour", "durée", "pendant", "durer"],
        },
    },
    "average_loss_percent": {
        "unit": "percent",
        "cues": {
            "de": ["Stunden", "Ausfall", "weniger", "kürzen", "Arbeitszeit"],
            "en": ["hours", "cut", "loss", "less", "work"],
            "fr": ["heures", "perte", "moins", "perdent"],
        },
    },
    "headcount": {"unit": "people", "role": "whole", "cues": _PEOPLE_TOTAL},
    "affected_employees": {
        "unit": "people",
        "role": "part",
        "cues": {
            "de": ["betroffen", "Kurzarbeit", "nicht arbeiten", "kürzer treten", "für die"],
            "en": ["affected", "short-time work", "can't work", "cant work", "cannot work"],
            "fr": [
                "concernés",
                "touchés",
                "chômage partiel",
                "activité partielle",
                "ne peuvent pas",
            ],
        },
    },
    "affected_over_10_percent": {
        "unit": "people",
        "cues": {
            "de": ["mehr als 10", "über 10"],
            "en": ["more than 10", "over 10", "lose over"],
            "fr": ["plus de 10"],
        },
    },
    "employees_social_insurance": {
        "unit": "people",
        "cues": {
            "de": ["sozialversicherungspflichtig", "Sozialversicherung"],
            "en": ["social insurance", "insured"],
            "fr": ["assujettis", "assurances sociales", "cotisations sociales"],
        },
    },
    "overtime_and_leave_used": {
        "false_cues": {
            "de": [
                "haben noch",
                "noch nicht",
                "noch Resturlaub",
                "noch übrig",
                "übrig hat",
                "noch offen",
            ],
            "en": [
                "still have",
                "have some left",
                "some left",
                "not yet",
                "remaining",
                "still some",
            ],
            "fr": ["il reste", "restent", "encore des", "pas encore", "pas tous"],
        },
        "true_cues": {
            "de": [
                "abgebaut",
                "aufgebraucht",
                "keine Überstunden mehr",
                "kein Resturlaub mehr",
                "alles genommen",
            ],
            "en": [
                "used up",
                "no overtime left",
                "any overtime left",
                "none left",
                "all taken",
                "all used",
            ],
            "fr": [
                "soldés",
                "soldées",
                "épuisés",
                "utilisés",
                "plus d'heures supplémentaires",
                "plus de congés",
            ],
        },
        "cues": {
            "de": ["Überstunden", "Resturlaub", "Urlaub", "Arbeitszeitkonto"],
            "en": ["overtime", "leave", "holiday"],
            "fr": ["heures supplémentaires", "congés"],
        },
    },
    "works_council": {
        "cues": {
            "de": ["Betriebsrat", "Betriebsvertretung"],
            "en": ["works council", "staff council"],
            "fr": ["comité d'entreprise", "CSE", "représentants du personnel"],
        },
    },
    "works_council_consent": {
        "cues": {"de": ["zugestimmt"], "en": ["agreed"], "fr": ["donné son accord"]},
        "true_cues": {
            "de": ["zugestimmt", "einverstanden", "Zustimmung"],
            "en": ["agreed", "consented", "approved"],
            "fr": ["donné son accord", "d'accord", "accepté"],
        },
        "false_cues": {"de": ["abgelehnt"], "en": ["refused", "rejected"], "fr": ["refusé"]},
    },
    "orders_expected_to_recover": {
        "cues": {
            "de": ["wieder normal", "Vollarbeit", "normale Arbeitszeit", "Normalbetrieb"],
            "en": ["normal hours", "back to normal", "full hours", "normal again"],
            "fr": ["horaire normal", "retour à la normale", "reprise normale", "reprendra"],
        },
    },
    "employer_name": {"shape": "organisation"},
    "employer_address": {"shape": "address"},
    "contact_person": {"shape": "person"},
}
