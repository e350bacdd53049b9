"""How a procedure describes the fields of its form.

A procedure's form is data: a list of :class:`FieldSpec` saying what each
field holds, how it is asked in each language and how an answer is checked.
The intake agent, the offline parser and the letters read only this
description, so adding a procedure never touches the engine.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

Language = str
"""An ISO 639-1 code; the shipped procedures speak ``de``, ``en`` and ``fr``."""

LANGUAGES: tuple[str, ...] = ("de", "en", "fr")

UNRESOLVED = "__unresolved__"
"""Value of a field the applicant could not answer and left to the caseworker:
the rules do not run on it (the case needs review) and a caseworker enters
the value (provenance: caseworker, with their name)."""

FILE_NOT_PROVIDED = "not_provided"
"""Value of a ``FILE`` field the applicant answered "not yet": the
completeness check then decides whether to ask for it."""


class FieldKind(StrEnum):
    """The kind of value a field holds, which selects its parser."""

    INTEGER = "integer"
    PERCENT = "percent"
    DECIMAL = "decimal"
    """A measure that may have decimals ("3,5 m"), stored as a float."""
    MONEY = "money"
    MONTH = "month"
    """A calendar month, stored as ``YYYY-MM``."""
    DATE = "date"
    """A calendar date, stored as ``YYYY-MM-DD``."""
    YES_NO = "yes_no"
    CHOICE = "choice"
    EMAIL = "email"
    TEXT = "text"
    BETRIEBSNUMMER = "betriebsnummer"
    """German company number: 8 digits with a check digit (see PROCEDURES.md)."""
    IBAN = "iban"
    FILE = "file"
    """A reference to a stored upload (``file:<sha256>``), or ``not_provided``."""


class ChoiceOption(BaseModel):
    """One allowed value of a ``CHOICE`` field.

    Attributes:
        value: The stored value (stable, language-neutral).
        labels: The label shown to the applicant, per language.
        synonyms: Extra words an applicant may use for it, per language; the
            parser matches answers against labels and synonyms fuzzily.
    """

    model_config = ConfigDict(frozen=True)

    value: str
    labels: dict[Language, str]
    synonyms: dict[Language, list[str]] = Field(default_factory=dict)


class FieldSpec(BaseModel):
    """One field of a procedure's form.

    Attributes:
        name: Stable field name (key in the form's values).
        kind: Which parser understands answers for it.
        questions: The question text, per language.
        labels: A short label for reviews and letters, per language.
        keywords: Words that name this field in free text, per language; the
            parser uses them to spot a correction of an earlier answer
            ("actually we have 14 employees").
        choices: Allowed values for ``CHOICE`` fields.
        minimum: Smallest allowed number (``INTEGER``, ``PERCENT``, ``MONEY``).
        maximum: Largest allowed number.
        max_length: Longest allowed text (``TEXT``).
        optional: Whether the applicant may skip it.
        unit: What a number for this field counts or measures (``people``,
            ``children``, ``percent``, ``m2``, ``m``, ``eur``, ``months``,
            ``years``): a number in free text goes to an open field of its
            unit ("12 Beschäftigte" is people, "15 m²" an area).
        period: For money, the period the value covers (``quarter``: a
            total over the last three months); an amount said per month,
            week or year is converted, and the applicant told how.
        cues: Phrases that state this field in free text, per language
            (slot filling of a message that tells several facts). For a
            yes/no field the phrase names the topic and a negation next to it
            makes the answer no ("no works council").
        true_cues: Yes/no fields: phrases that mean yes by themselves ("married").
        false_cues: Yes/no fields: phrases that mean no by themselves ("single").
        role: For counts of one kind: ``whole`` (the head count) or ``part``
            (those affected), read from "12 of our 20", "14, davon 10".
        shape: For text: ``person``, ``organisation``, ``person_or_organisation``,
            ``address`` or ``free``; only text of that shape is taken, so a
            sentence full of other facts is never stored as a name.
        prevails: For choices: the option that wins when several are named
            ("franco-algérienne" is French: a French national is French
            whatever other nationality they hold).
    """

    model_config = ConfigDict(frozen=True)

    name: str
    kind: FieldKind
    questions: dict[Language, str]
    labels: dict[Language, str]
    keywords: dict[Language, list[str]] = Field(default_factory=dict)
    choices: list[ChoiceOption] = Field(default_factory=list)
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    optional: bool = False
    unit: str | None = None
    period: str | None = None
    cues: dict[Language, list[str]] = Field(default_factory=dict)
    true_cues: dict[Language, list[str]] = Field(default_factory=dict)
    false_cues: dict[Language, list[str]] = Field(default_factory=dict)
    role: str | None = None
    shape: str | None = None
    prevails: str | None = None

    def question(self, language: Language) -> str:
        """Return the question in ``language``, falling back to English."""
        return self.questions.get(language) or self.questions["en"]

    def label(self, language: Language) -> str:
        """Return the short label in ``language``, falling back to English."""
        return self.labels.get(language) or self.labels["en"]
