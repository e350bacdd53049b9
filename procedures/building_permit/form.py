"""The fields of a building application (permis de construire / déclaration préalable).

The applicant does not choose the form of application: the rules derive it
from the floor area and the zone. Documents are answered with a reference to
an uploaded file (``file:<sha256>``, see :mod:`guichet.files`) or with "no"
when the document is not available yet; the completeness check decides what
to ask for.
"""

from __future__ import annotations

from guichet.i18n.texts import texts_for
from schemas.form import ChoiceOption, FieldKind, FieldSpec

__all__ = ["DOCUMENTS", "FIELDS", "PROJECT_TYPES"]

PROJECT_TYPES: list[ChoiceOption] = [
    ChoiceOption(
        value="new_house",
        labels=texts_for("permit_field_project_type_choice_new_house"),
        synonyms={
            "de": ["Neubau", "Haus bauen", "Einfamilienhaus"],
            "en": ["house", "build a house", "new home", "single house"],
            "fr": ["maison", "construire une maison", "pavillon"],
        },
    ),
    ChoiceOption(
        value="extension",
        labels=texts_for("permit_field_project_type_choice_extension"),
        synonyms={
            "de": ["Erweiterung", "Wintergarten", "Aufstockung"],
            "en": ["extend", "conservatory", "veranda", "add a room"],
            "fr": ["agrandissement", "véranda", "surélévation"],
        },
    ),
    ChoiceOption(
        value="other_building",
        labels=texts_for("permit_field_project_type_choice_other_building"),
        synonyms={
            "de": ["Geschäft", "Halle", "Mehrfamilienhaus", "Werkstatt"],
            "en": ["shop", "warehouse", "block of flats", "workshop", "office"],
            "fr": ["commerce", "entrepôt", "immeuble", "atelier", "bureaux"],
        },
    ),
    ChoiceOption(
        value="fence_facade",
        labels=texts_for("permit_field_project_type_choice_fence_facade"),
        synonyms={
            "de": ["Zaun", "Fassade", "Mauer"],
            "en": ["fence", "facade", "wall", "façade"],
            "fr": ["clôture", "façade", "ravalement", "mur"],
        },
    ),
]

DOCUMENTS: tuple[str, ...] = ("site_plan", "cross_section", "facades", "photos")
"""The document fields, in the order of the official checklist (PCMI1, 3, 5, 7-8)."""

# Each document's question is written whole in each language: the article and
# the agreement belong to the sentence ("les plans des façades … s'ils vous
# manquent", "die Fotos … wenn sie noch fehlen"), never pasted around a name.
_DOCUMENT_TEXTS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "site_plan": (
        texts_for("permit_field_site_plan_question"),
        texts_for("permit_field_site_plan_label"),
    ),
    "cross_section": (
        texts_for("permit_field_cross_section_question"),
        texts_for("permit_field_cross_section_label"),
    ),
    "facades": (
        texts_for("permit_field_facades_question"),
        texts_for("permit_field_facades_label"),
    ),
    "photos": (
        texts_for("permit_field_photos_question"),
        texts_for("permit_field_photos_label"),
    ),
}


def _document(name: str) -> FieldSpec:
    questions, labels = _DOCUMENT_TEXTS[name]
    return FieldSpec(
        name=name,
        kind=FieldKind.FILE,
        questions=questions,
        labels=labels,
    )


FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec(
            name="applicant_name",
            kind=FieldKind.TEXT,
            questions=texts_for("permit_field_applicant_name_question"),
            labels=texts_for("permit_field_applicant_name_label"),
            max_length=200,
        ),
        FieldSpec(
            name="applicant_address",
            kind=FieldKind.TEXT,
            questions=texts_for("permit_field_applicant_address_question"),
            labels=texts_for("permit_field_applicant_address_label"),
            max_length=300,
        ),
        FieldSpec(
            name="parcel_section",
            kind=FieldKind.TEXT,
            questions=texts_for("permit_field_parcel_section_question"),
            labels=texts_for("permit_field_parcel_section_label"),
            max_length=3,
        ),
        FieldSpec(
            name="parcel_number",
            kind=FieldKind.INTEGER,
            questions=texts_for("permit_field_parcel_number_question"),
            labels=texts_for("permit_field_parcel_number_label"),
            keywords={"de": ["Flurstück"], "en": ["parcel"], "fr": ["parcelle"]},
            minimum=1,
            maximum=9999,
        ),
        FieldSpec(
            name="site_address",
            kind=FieldKind.TEXT,
            questions=texts_for("permit_field_site_address_question"),
            labels=texts_for("permit_field_site_address_label"),
            max_length=300,
        ),
        FieldSpec(
            name="project_type",
            kind=FieldKind.CHOICE,
            questions=texts_for("permit_field_project_type_question"),
            labels=texts_for("permit_field_project_type_label"),
            choices=PROJECT_TYPES,
        ),
        FieldSpec(
            name="floor_area",
            kind=FieldKind.INTEGER,
            questions=texts_for("permit_field_floor_area_question"),
            labels=texts_for("permit_field_floor_area_label"),
            keywords={
                "de": ["Quadratmeter", "m²", "Fläche"],
                "en": ["square metres", "m²", "floor area"],
                "fr": ["m²", "mètres carrés", "surface"],
            },
            minimum=0,
            maximum=100_000,
        ),
        FieldSpec(
            name="height",
            # Decimals: heights are measured to the centimetre ("3,5 m").
            kind=FieldKind.DECIMAL,
            questions=texts_for("permit_field_height_question"),
            labels=texts_for("permit_field_height_label"),
            # Not "Meter"/"metres": they occur in "Quadratmeter"/"square metres",
            # and an area would be read as a height (seen in the evaluation).
            keywords={"de": ["hoch", "Höhe"], "en": ["tall", "high", "height"], "fr": ["hauteur"]},
            minimum=0,
            maximum=300,
        ),
        FieldSpec(
            name="urban_zone",
            kind=FieldKind.YES_NO,
            questions=texts_for("permit_field_urban_zone_question"),
            labels=texts_for("permit_field_urban_zone_label"),
        ),
        FieldSpec(
            name="near_monument",
            kind=FieldKind.YES_NO,
            questions=texts_for("permit_field_near_monument_question"),
            labels=texts_for("permit_field_near_monument_label"),
        ),
        *(_document(name) for name in DOCUMENTS),
    )
}
"""Every field by name, in asking order."""
