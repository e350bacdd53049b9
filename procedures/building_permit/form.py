"""The fields of a building application (permis de construire / déclaration préalable).

The applicant does not choose the form of application: the rules derive it
from the floor area and the zone. Documents are answered with a reference to
an uploaded file (``file:<sha256>``, see :mod:`guichet.files`) or with "no"
when the document is not available yet; the completeness check decides what
to ask for.
"""

from __future__ import annotations

from schemas.form import ChoiceOption, FieldKind, FieldSpec

__all__ = ["DOCUMENTS", "FIELDS", "PROJECT_TYPES"]

PROJECT_TYPES: list[ChoiceOption] = [
    ChoiceOption(
        value="new_house",
        labels={"de": "neues Einfamilienhaus", "en": "new house", "fr": "maison individuelle"},
        synonyms={
            "de": ["Neubau", "Haus bauen", "Einfamilienhaus"],
            "en": ["house", "build a house", "new home", "single house"],
            "fr": ["maison", "construire une maison", "pavillon"],
        },
    ),
    ChoiceOption(
        value="extension",
        labels={"de": "Anbau", "en": "extension", "fr": "extension"},
        synonyms={
            "de": ["Erweiterung", "Wintergarten", "Aufstockung"],
            "en": ["extend", "conservatory", "veranda", "add a room"],
            "fr": ["agrandissement", "véranda", "surélévation"],
        },
    ),
    ChoiceOption(
        value="other_building",
        labels={"de": "anderes Gebäude", "en": "other building", "fr": "autre construction"},
        synonyms={
            "de": ["Geschäft", "Halle", "Mehrfamilienhaus", "Werkstatt"],
            "en": ["shop", "warehouse", "block of flats", "workshop", "office"],
            "fr": ["commerce", "entrepôt", "immeuble", "atelier", "bureaux"],
        },
    ),
    ChoiceOption(
        value="fence_facade",
        labels={
            "de": "Zaun oder Fassadenarbeiten",
            "en": "fence or façade works",
            "fr": "clôture ou ravalement de façade",
        },
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
        {
            "de": "Bitte laden Sie den Lageplan hoch (PDF, JPEG oder PNG, höchstens 10 MB), "
            "oder antworten Sie mit Nein, wenn er noch fehlt.",
            "en": "Please upload the site plan (PDF, JPEG or PNG, at most 10 MB), or answer no "
            "if you do not have it yet.",
            "fr": "Veuillez téléverser le plan de situation (PDF, JPEG ou PNG, 10 Mo au plus), "
            "ou répondez non s'il vous manque encore.",
        },
        {"de": "Lageplan", "en": "Site plan", "fr": "Plan de situation"},
    ),
    "cross_section": (
        {
            "de": "Bitte laden Sie die Schnittzeichnung hoch (PDF, JPEG oder PNG, höchstens "
            "10 MB), oder antworten Sie mit Nein, wenn sie noch fehlt.",
            "en": "Please upload the cross-section drawing (PDF, JPEG or PNG, at most 10 MB), "
            "or answer no if you do not have it yet.",
            "fr": "Veuillez téléverser le plan en coupe (PDF, JPEG ou PNG, 10 Mo au plus), ou "
            "répondez non s'il vous manque encore.",
        },
        {"de": "Schnitt", "en": "Cross-section", "fr": "Plan en coupe"},
    ),
    "facades": (
        {
            "de": "Bitte laden Sie die Fassadenpläne hoch (PDF, JPEG oder PNG, höchstens "
            "10 MB), oder antworten Sie mit Nein, wenn sie noch fehlen.",
            "en": "Please upload the façade drawings (PDF, JPEG or PNG, at most 10 MB), or "
            "answer no if you do not have them yet.",
            "fr": "Veuillez téléverser les plans des façades (PDF, JPEG ou PNG, 10 Mo au plus), "
            "ou répondez non s'ils vous manquent encore.",
        },
        {"de": "Fassaden", "en": "Façades", "fr": "Façades"},
    ),
    "photos": (
        {
            "de": "Bitte laden Sie die Fotos des Grundstücks (nah und fern) hoch (PDF, JPEG "
            "oder PNG, höchstens 10 MB), oder antworten Sie mit Nein, wenn sie noch fehlen.",
            "en": "Please upload the photos of the site (near and far) (PDF, JPEG or PNG, at "
            "most 10 MB), or answer no if you do not have them yet.",
            "fr": "Veuillez téléverser les photographies du terrain (proche et lointain) (PDF, "
            "JPEG ou PNG, 10 Mo au plus), ou répondez non si elles vous manquent encore.",
        },
        {"de": "Fotos", "en": "Photos", "fr": "Photographies"},
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
            questions={
                "de": "Wie heißen Sie (oder Ihre Firma)?",
                "en": "What is your name (or your company's)?",
                "fr": "Quel est votre nom (ou celui de votre société) ?",
            },
            labels={"de": "Antragsteller", "en": "Applicant", "fr": "Demandeur"},
            max_length=200,
        ),
        FieldSpec(
            name="applicant_address",
            kind=FieldKind.TEXT,
            questions={
                "de": "An welche Anschrift sollen wir Ihnen schreiben?",
                "en": "What address should we write to you at?",
                "fr": "À quelle adresse devons-nous vous écrire ?",
            },
            labels={"de": "Anschrift", "en": "Address", "fr": "Adresse"},
            max_length=300,
        ),
        FieldSpec(
            name="parcel_section",
            kind=FieldKind.TEXT,
            questions={
                "de": "In welcher Katastersektion liegt das Grundstück (ein oder zwei "
                "Buchstaben, zum Beispiel AB)?",
                "en": "Which cadastre section is the parcel in (one or two letters, for "
                "example AB)?",
                "fr": "Dans quelle section cadastrale se trouve la parcelle (une ou deux "
                "lettres, par exemple AB) ?",
            },
            labels={"de": "Katastersektion", "en": "Cadastre section", "fr": "Section"},
            max_length=3,
        ),
        FieldSpec(
            name="parcel_number",
            kind=FieldKind.INTEGER,
            questions={
                "de": "Welche Flurstücksnummer hat das Grundstück?",
                "en": "What is the parcel number?",
                "fr": "Quel est le numéro de la parcelle ?",
            },
            labels={"de": "Flurstück", "en": "Parcel number", "fr": "Numéro de parcelle"},
            keywords={"de": ["Flurstück"], "en": ["parcel"], "fr": ["parcelle"]},
            minimum=1,
            maximum=9999,
        ),
        FieldSpec(
            name="site_address",
            kind=FieldKind.TEXT,
            questions={
                "de": "Wo liegt das Grundstück (Anschrift)?",
                "en": "What is the address of the site?",
                "fr": "Quelle est l'adresse du terrain ?",
            },
            labels={"de": "Lage", "en": "Site address", "fr": "Adresse du terrain"},
            max_length=300,
        ),
        FieldSpec(
            name="project_type",
            kind=FieldKind.CHOICE,
            questions={
                "de": "Was möchten Sie bauen: ein neues Einfamilienhaus, einen Anbau, ein anderes "
                "Gebäude oder einen Zaun beziehungsweise Fassadenarbeiten?",
                "en": "What do you want to build: a new house, an extension, another building, "
                "or a fence or façade works?",
                "fr": "Quel est votre projet : une maison individuelle, une extension, une autre "
                "construction, ou une clôture ou un ravalement de façade ?",
            },
            labels={"de": "Vorhaben", "en": "Project", "fr": "Projet"},
            choices=PROJECT_TYPES,
        ),
        FieldSpec(
            name="floor_area",
            kind=FieldKind.INTEGER,
            questions={
                "de": "Wie viel Fläche (Quadratmeter) schaffen die Arbeiten? 0, wenn keine.",
                "en": "How much floor area (square metres) do the works create? 0 if none.",
                "fr": "Quelle surface de plancher (m²) les travaux créent-ils ? 0 si aucune.",
            },
            labels={"de": "Geschaffene Fläche (m²)", "en": "Floor area (m²)", "fr": "Surface (m²)"},
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
            questions={
                "de": "Wie hoch wird das Bauwerk (in Metern, zum Beispiel 3,5)?",
                "en": "How tall will the construction be (in metres, for example 3.5)?",
                "fr": "Quelle sera la hauteur de la construction (en mètres, par exemple 3,5) ?",
            },
            labels={"de": "Höhe (m)", "en": "Height (m)", "fr": "Hauteur (m)"},
            # Not "Meter"/"metres": they occur in "Quadratmeter"/"square metres",
            # and an area would be read as a height (seen in the evaluation).
            keywords={"de": ["hoch", "Höhe"], "en": ["tall", "high", "height"], "fr": ["hauteur"]},
            minimum=0,
            maximum=300,
        ),
        FieldSpec(
            name="urban_zone",
            kind=FieldKind.YES_NO,
            questions={
                "de": "Liegt das Grundstück in einem städtischen Gebiet einer Gemeinde mit "
                "Bebauungsplan (PLU)?",
                "en": "Is the site in an urban zone of a municipality with a local plan (PLU)?",
                "fr": "Le terrain est-il situé en zone urbaine d'une commune couverte par un "
                "plan local d'urbanisme (PLU) ?",
            },
            labels={
                "de": "Städtisches Gebiet mit PLU",
                "en": "Urban zone (PLU)",
                "fr": "Zone U du PLU",
            },
        ),
        FieldSpec(
            name="near_monument",
            kind=FieldKind.YES_NO,
            questions={
                "de": "Liegt das Grundstück weniger als 500 m von einem denkmalgeschützten "
                "Gebäude entfernt?",
                "en": "Is the site within 500 m of a listed historic monument?",
                "fr": "Le terrain est-il situé à moins de 500 m d'un monument historique ?",
            },
            labels={
                "de": "Nähe eines Denkmals",
                "en": "Near a listed monument",
                "fr": "Abords d'un monument historique",
            },
        ),
        *(_document(name) for name in DOCUMENTS),
    )
}
"""Every field by name, in asking order."""
