"""How homeowners and builders describe a building project in their own words."""

from __future__ import annotations

from procedures.hints import Hints

HINTS: Hints = {
    "applicant_name": {"shape": "person_or_organisation"},
    "applicant_address": {
        "shape": "address",
        "cues": {
            "de": ["wohne", "Anschrift", "wir"],
            "en": ["live", "living at", "address"],
            "fr": ["j'habite", "habite", "domicile", "demeurant"],
        },
    },
    "site_address": {
        "shape": "address",
        "cues": {
            "de": ["Grundstück", "Bauvorhaben", "in", "Lage"],
            "en": ["at", "site", "plot", "barn at", "in"],
            "fr": ["terrain", "à", "situé", "sis", "chantier"],
        },
    },
    "parcel_section": {"shape": "parcel_section"},
    "parcel_number": {"unit": "parcel"},
    "project_type": {
        "choices": {
            "new_house": {
                "de": ["neues Haus", "Neubau", "Einfamilienhaus", "Wohnhaus bauen"],
                "en": ["new house", "two-storey house", "new home", "build a house"],
                "fr": ["maison neuve", "maison individuelle", "construire une maison"],
            },
            "extension": {
                "de": [
                    "Anbau",
                    "Wintergarten",
                    "Aufstockung",
                    "anbauen",
                    "Erweiterung",
                    "Stockwerk aufsetzen",
                    "ein Geschoss mehr",
                    "vergrößern",
                    "erweitern",
                    "anbauen",
                ],
                "en": [
                    "extension",
                    "conservatory",
                    "loft conversion",
                    "extra storey",
                    "second floor",
                    "extra floor",
                    "another storey",
                    "add a floor",
                    "enlarge",
                    "enlarging",
                ],
                "fr": [
                    "extension",
                    "véranda",
                    "surélévation",
                    "agrandissement",
                    "un étage de plus",
                    "ajouter un étage",
                    "agrandir",
                    "agrandit",
                ],
            },
            "other_building": {
                "de": ["Gartenhaus", "Carport", "Garage", "Schuppen", "Poolhaus", "Scheune"],
                "en": [
                    "pool house",
                    "garden shed",
                    "shed",
                    "carport",
                    "garage",
                    "barn",
                    "gîte",
                    "outbuilding",
                ],
                "fr": [
                    "abri de jardin",
                    "garage",
                    "carport",
                    "pool house",
                    "grange",
                    "gîte",
                    "annexe",
                ],
            },
            "fence_facade": {
                "de": ["Zaun", "Fassade", "Mauer"],
                "en": ["fence", "facade", "façade", "re-rendering", "repainting", "wall"],
                "fr": ["clôture", "façade", "ravalement", "mur"],
            },
        },
    },
    "floor_area": {
        "unit": "m2",
        "cues": {
            "de": ["Fläche", "Quadratmeter"],
            "en": ["floor area", "floor space", "square metres"],
            "fr": ["surface", "m²"],
        },
    },
    "height": {
        "unit": "m",
        "cues": {
            "de": ["hoch", "Höhe"],
            "en": ["high", "tall", "height"],
            "fr": ["haut", "hauteur"],
        },
    },
    "urban_zone": {
        "true_cues": {
            "de": ["Zone U", "Zone UA", "Zone UB", "Zone UC", "städtisch", "Ortskern"],
            "en": ["zone U", "zone UA", "zone UB", "zone UC", "urban zone", "in town"],
            "fr": ["zone U", "zone UA", "zone UB", "zone UC", "zone urbaine"],
        },
        "false_cues": {
            "de": ["landwirtschaftliche Zone", "Zone A", "Zone N", "Außenbereich", "kein PLU"],
            "en": [
                "agricultural land",
                "agricultural zone",
                "zone A",
                "zone N",
                "countryside",
                "no PLU",
            ],
            "fr": ["zone agricole", "zone A", "zone N", "zone naturelle", "pas de PLU"],
        },
    },
    "near_monument": {
        "unit": "m",
        "maximum": 500,
        "cues": {
            "de": ["Denkmal", "Monument historique", "denkmalgeschützt"],
            "en": ["monument", "listed building", "listed"],
            "fr": ["monument", "classée", "classé", "inscrit"],
        },
    },
}
