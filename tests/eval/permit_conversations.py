"""Building applications of the evaluation dataset, as applicants write them.

Eight projects per language (extensions, houses, a workshop, fences and
façades; in and out of urban zones, near a listed monument or not), with the
habits of real answers: the project described with its size in one message,
numbers in words, typos, a parcel section given with its label first, a
floor area corrected while another question is asked, and documents either
uploaded (the chat sends the stored file's reference) or "not yet".
``expected`` is the form the applicant means.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from tests.eval.rsa_conversations import NO, NUMBER_WORDS, YES

DOCUMENTS = ("site_plan", "cross_section", "facades", "photos")
NOT_YET = {"de": ["noch nicht", "nein"], "en": ["not yet", "no"], "fr": ["pas encore", "non"]}
PROJECT = {
    "extension": {
        "de": ["Wintergarten anbauen, ungefähr {a} Quadratmeter", "Anbau"],
        "en": ["a conservatory at the back, about {a} square metres", "extension"],
        "fr": ["une véranda de {a} m² à l'arrière", "extension"],
    },
    "new_house": {
        "de": ["wir wollen ein Einfamilienhaus bauen", "neues Einfamilienhaus"],
        "en": ["we want to build a house, {a} m2 on two floors", "new house"],
        "fr": ["construire une maison de {a} m²", "maison individuelle"],
    },
    "other_building": {
        "de": ["eine kleine Werkstatt", "anderes Gebäude"],
        "en": ["a small workshop for my carpentry", "other building"],
        "fr": ["un petit atelier", "autre construction"],
    },
    "fence_facade": {
        "de": ["neuen Zaun zur Straße", "Zaun"],
        "en": ["a new fence along the road", "fence"],
        "fr": ["ravalement de facade", "clôture ou ravalement de façade"],
    },
}
AREA = {
    "de": ["{} m²", "ca. {} Quadratmeter", "{}"],
    "en": ["{} m²", "about {} square metres", "{}"],
    "fr": ["{} m²", "environ {} m2", "{}"],
}
HEIGHT = {"de": "{} Meter", "en": "about {} m", "fr": "{} mètres"}
SECTION = {"de": "Sektion {}", "en": "section {}", "fr": "section {}"}
PARCEL = {"de": "Flurstück Nr. {}", "en": "parcel {}", "fr": "n° {}"}
AREA_CORRECTION = {
    "de": "ja. Korrektur: es sind eigentlich {} Quadratmeter, nicht {}",
    "en": "yes. Correction: the area is actually {} square metres, not {}",
    "fr": "oui. Correction : la surface fait en fait {} m², pas {}",
}
NAMES = ["Sophie Bernard", "Thomas Keller", "Emma Wilson", "Hugo Petit", "Lena Schmidt",
         "Julien Roux", "Olivia Brown", "Marc Girard"]  # fmt: skip
ADDRESSES = [
    "3 chemin des Vignes, 21000 Dijon",
    "14 rue Pasteur, 25000 Besançon",
    "9 allée des Chênes, 35000 Rennes",
    "2 rue de l'Église, 84000 Avignon",
    "18 route de Colmar, 68000 Mulhouse",
    "7 quai Saint-Vincent, 69001 Lyon",
    "11 rue des Tanneurs, 37000 Tours",
    "5 place de la Mairie, 74000 Annecy",
]
SITES = [
    "5 chemin des Vignes, 21000 Dijon",
    "lieu-dit Les Prés, 25170 Pouilley",
    "9 allée des Chênes, 35000 Rennes",
    "4 rue de l'Église, 84000 Avignon",
    "20 route de Colmar, 68000 Mulhouse",
    "7 quai Saint-Vincent, 69001 Lyon",
    "chemin du Moulin, 37510 Savonnières",
    "5 place de la Mairie, 74000 Annecy",
]


@dataclass
class Project:
    """What one applicant means (language-independent)."""

    kind: str
    area: int
    height: int
    urban: bool
    monument: bool
    section: str
    parcel: int
    uploaded: tuple[bool, bool, bool, bool]
    corrected_area: int | None = None
    """The area first given, corrected later to ``area``."""


PROJECTS = [
    Project("extension", 20, 3, True, False, "AB", 142, (True, True, True, True)),
    Project("new_house", 120, 7, False, True, "ZC", 12, (False, False, False, False)),
    Project("other_building", 45, 4, True, False, "B", 307, (True, False, True, False)),
    Project("fence_facade", 0, 2, True, True, "AC", 58, (True, True, True, True)),
    Project("extension", 32, 3, True, False, "D", 9, (True, True, False, True),
            corrected_area=30),
    Project("new_house", 95, 6, False, False, "ZA", 1204, (True, True, True, True)),
    Project("other_building", 15, 3, False, False, "E", 77, (False, True, False, False)),
    Project("extension", 12, 4, True, True, "AD", 415, (True, True, True, True)),
]  # fmt: skip


def _reference(index: int, language: str, document: str) -> str:
    # What the chat sends after an upload: the stored file's content address.
    digest = hashlib.sha256(f"{language}-{index}-{document}".encode()).hexdigest()
    return f"file:{digest}"


def _number(value: int, language: str, style: int) -> str:
    return NUMBER_WORDS[language].get(value, str(value)) if style % 2 else str(value)


def permit_conversation(language: str, index: int, today: str) -> dict[str, Any]:
    """Return conversation ``index`` (0-7) in ``language`` as a dataset line."""
    p = PROJECTS[index]
    style = index + len(language)
    expected: dict[str, Any] = {
        "applicant_name": NAMES[index],
        "applicant_address": ADDRESSES[index],
        "parcel_section": p.section,
        "parcel_number": p.parcel,
        "site_address": SITES[index],
        "project_type": p.kind,
        "floor_area": p.area,
        "height": p.height,
        "urban_zone": p.urban,
        "near_monument": p.monument,
    }
    first_area = p.corrected_area if p.corrected_area is not None else p.area
    answers: dict[str, list[str]] = {
        "applicant_name": [NAMES[index]],
        "applicant_address": [ADDRESSES[index]],
        # A label before the section first ("section AB"), then the letters alone.
        "parcel_section": [SECTION[language].format(p.section), p.section]
        if style % 2
        else [p.section],
        "parcel_number": [PARCEL[language].format(p.parcel)],
        "site_address": [SITES[index]],
        "project_type": [t.format(a=first_area) for t in PROJECT[p.kind][language]],
        "floor_area": [AREA[language][style % 3].format(first_area)],
        "height": [HEIGHT[language].format(_number(p.height, language, style))],
        "urban_zone": [(YES if p.urban else NO)[language][style % 2]],
        "near_monument": [(YES if p.monument else NO)[language][0]],
    }
    for document, uploaded in zip(DOCUMENTS, p.uploaded, strict=True):
        if uploaded:
            expected[document] = _reference(index, language, document)
        else:
            expected[document] = "not_provided"
        answers[document] = [
            expected[document] if uploaded else NOT_YET[language][(style + len(document)) % 2]
        ]
    if p.corrected_area is not None:
        # The area is corrected while the zone is asked.
        answers["urban_zone"] = [
            AREA_CORRECTION[language].format(p.area, p.corrected_area),
            YES[language][0],
        ]
    return {
        "id": f"building_permit-{language}-{index + 1:02d}",
        "procedure": "building_permit",
        "language": language,
        "today": today,
        "answers": answers,
        "expected": expected,
    }
