"""How RSA claimants state their situation in their own words."""

from __future__ import annotations

from typing import Any

from procedures.hints import Hints
from procedures.minimum_income.form import MAX_CHILDREN, child_field

_EARN = {
    "de": ["verdien", "bekomm", "krieg", "Einkünfte", "Einkommen", "Lohn", "Gehalt", "Rente",
           "Arbeitslosengeld", "netto", "hatte"],
    "en": ["earn", "get", "gets", "income", "wage", "salary", "pension", "unemployment", "receive", "make"],
    "fr": ["gagne", "touche", "revenus", "ressources", "salaire", "retraite", "chômage", "perçoit", "perçois", "net"],
}
_EU = {
    "de": ["Österreicher", "Deutsche", "Deutscher", "Italiener", "Spanier", "Portugiese", "Portugiesin",
           "Belgier", "Niederländer", "Holländer", "Pole", "Polin", "Rumäne", "Rumänin", "Schweizer",
           "Ire", "Irin", "Luxemburger", "Grieche", "Griechin", "Schwede", "Schwedin", "Däne", "Dänin",
           "Finne", "Finnin", "Tscheche", "Tschechin", "Ungar", "Bulgare", "Bulgarin", "Kroate", "Kroatin",
           "Slowake", "Slowakin", "Litauer", "Lette", "Lettin", "Este", "Estin", "Norweger", "EU-Bürgerin"],
    "en": ["Irish", "Austrian", "German", "Italian", "Spanish", "Portuguese", "Belgian", "Dutch", "Polish",
           "Romanian", "Swiss", "Luxembourgish", "Greek", "Swedish", "Danish", "Finnish", "Czech",
           "Hungarian", "Bulgarian", "Croatian", "Slovak", "Slovenian", "Lithuanian", "Latvian",
           "Estonian", "Maltese", "Cypriot", "Norwegian", "Icelandic"],
    "fr": ["irlandais", "autrichien", "allemand", "italien", "espagnol", "portugais", "belge",
           "néerlandais", "hollandais", "polonais", "roumain", "luxembourgeois", "grec", "grecque",
           "suédois", "danois", "finlandais", "tchèque", "hongrois", "bulgare", "croate", "slovaque",
           "slovène", "lituanien", "letton", "estonien", "maltais", "chypriote", "norvégien"],
}
_OTHER = {
    "de": ["Brite", "Britin", "Amerikaner", "Marokkaner", "Algerier", "Tunesier", "Türke", "Türkin",
           "Ukrainer", "Russe", "Russin", "Syrer", "Chinese", "Chinesin", "Senegalese", "Senegalesin"],
    "en": ["British", "American", "Moroccan", "Algerian", "Tunisian", "Turkish", "Ukrainian", "Russian",
           "Syrian", "Chinese", "Senegalese", "Malian", "Canadian", "Brazilian", "Indian"],
    "fr": ["britannique", "anglais", "américain", "marocain", "algérien", "tunisien", "turc", "turque",
           "ukrainien", "russe", "syrien", "chinois", "sénégalais", "malien", "ivoirien", "camerounais"],
}


def _child_hints() -> dict[str, dict[str, Any]]:
    hints: dict[str, dict[str, Any]] = {}
    for k in range(1, MAX_CHILDREN + 1):
        hints[child_field(k, "age")] = {"unit": "years"}
        hints[child_field(k, "resources")] = {
            "unit": "eur",
            "period": "quarter",
            "role": "child",
            "cues": {"de": ["Ferienjob", "Job", "Ausbildung"], "en": ["summer job", "job"], "fr": ["job", "apprentissage"]},
        }
    return hints


HINTS: Hints = {
    "applicant_name": {"shape": "person"},
    "birth_date": {
        "unit": "past",
        "cues": {
            "de": ["geboren", "geb.", "Geburtsdatum", "Jahrgang"],
            "en": ["born", "date of birth", "birthday", "DOB"],
            "fr": ["née", "né", "naissance", "date de naissance"],
        },
    },
    "address": {"shape": "address"},
    "nationality": {"choices": {"eu": _EU, "other": _OTHER, "french": {"de": ["Französin", "Franzose"], "en": ["French"], "fr": ["française", "français"]}}},
    "residence_permit_years": {
        "unit": "years",
        "cues": {
            "de": ["Aufenthaltstitel", "Aufenthaltserlaubnis", "Titre de séjour", "carte de séjour"],
            "en": ["residence permit", "permit", "carte de séjour", "titre de séjour"],
            "fr": ["titre de séjour", "carte de séjour", "carte de résident"],
        },
    },
    "stable_residence": {
        "true_cues": {
            "de": ["das ganze Jahr", "dauerhaft in Frankreich", "ständig in Frankreich"],
            "en": ["all year", "all year round", "permanently in France"],
            "fr": ["toute l'année", "en permanence en France"],
        },
    },
    "has_partner": {
        "true_cues": {
            "de": ["verheiratet", "mein Mann", "meine Frau", "Ehemann", "Ehefrau", "Partner", "Partnerin",
                   "Freund", "Freundin", "Lebensgefährte", "Lebensgefährtin", "zusammen mit", "Paar", "wir sind"],
            "en": ["married", "couple", "husband", "wife", "partner", "boyfriend", "girlfriend", "we're a couple"],
            "fr": ["marié", "mariée", "mariés", "pacsé", "pacsée", "pacsés", "en couple", "mon mari", "ma femme",
                   "conjoint", "conjointe", "compagnon", "compagne", "concubin"],
        },
        "false_cues": {
            "de": ["allein", "alleine", "alleinerziehend", "ledig", "getrennt", "geschieden", "verwitwet",
                   "Single", "Mann ist weg", "Frau ist weg"],
            "en": ["single", "alone", "on my own", "by myself", "separated", "divorced", "widowed", "wife left",
                   "husband left", "single dad", "single mum", "single mom", "single parent"],
            "fr": ["seule", "seul", "célibataire", "séparée", "séparé", "divorcée", "divorcé", "veuve", "veuf",
                   "mari est parti", "femme est partie", "parent isolé", "mère isolée", "père isolé"],
        },
    },
    "children_count": {
        "unit": "children",
        "cues": {
            "de": ["Kinder", "Kind", "Sohn", "Söhne", "Tochter", "Töchter"],
            "en": ["children", "kids", "child", "sons", "daughters"],
            "fr": ["enfants", "enfant", "fils", "filles"],
        },
    },
    "pregnancy": {
        "cues": {"de": ["schwanger"], "en": ["pregnant", "expecting a baby"], "fr": ["enceinte"]},
    },
    "recent_separation": {
        "true_cues": {
            "de": ["getrennt", "hat mich verlassen", "ist ausgezogen", "Trennung"],
            "en": ["wife left", "husband left", "left me", "separated", "split up", "broke up"],
            "fr": ["séparée", "séparé", "est parti", "est partie", "m'a quittée", "m'a quitté", "séparation"],
        },
    },
    "applicant_resources": {"unit": "eur", "period": "quarter", "role": "self", "cues": _EARN},
    "partner_resources": {"unit": "eur", "period": "quarter", "role": "partner", "cues": _EARN},
    "housing": {
        "choices": {
            "tenant_without_benefit": {
                "de": ["Miete ohne Wohngeld", "ohne Wohngeld", "kein Wohngeld", "zur Miete"],
                "en": ["without housing benefit", "no housing benefit", "rent a flat", "renting"],
                "fr": ["sans aide au logement", "sans APL", "pas d'APL", "pas d'aide au logement"],
            },
            "tenant_with_benefit": {
                "de": ["Miete mit Wohngeld", "bekommen Wohngeld", "APL"],
                "en": ["get housing benefit", "receive housing benefit"],
                "fr": ["je touche l'APL", "touche l'APL", "avec APL", "avec l'APL"],
            },
            "free_housing": {
                "de": ["bei meinen Eltern", "kostenlos", "umsonst", "mietfrei"],
                "en": ["for free", "rent-free", "friend's place", "with my parents", "free of charge"],
                "fr": ["gratuitement", "chez mes parents", "hébergée", "hébergé", "à titre gratuit"],
            },
            "owner_no_loan": {
                "de": ["Eigentumswohnung ohne Kredit", "ohne Kredit", "abbezahlt", "Eigentum"],
                "en": ["own our house", "own our home", "own my house", "no mortgage", "own the flat"],
                "fr": ["propriétaire sans crédit", "sans crédit", "sans emprunt", "propriétaires"],
            },
            "owner_with_loan": {
                "de": ["mit Kredit", "Kredit abbezahlen", "Darlehen"],
                "en": ["with a mortgage", "paying a mortgage", "still paying off"],
                "fr": ["on rembourse un crédit", "rembourse un crédit", "rembourse un emprunt", "propriétaires mais"],
            },
        },
    },
    **_child_hints(),
}
