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

FILE_NOT_PROVIDED = "not_provided"
"""Value of a ``FILE`` field the applicant answered "not yet": the
completeness check then decides whether to ask for it."""


class FieldKind(StrEnum):
    """The kind of value a field holds, which selects its parser."""

    INTEGER = "integer"
    PERCENT = "percent"
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

    def question(self, language: Language) -> str:
        """Return the question in ``language``, falling back to English."""
        return self.questions.get(language) or self.questions["en"]

    def label(self, language: Language) -> str:
        """Return the short label in ``language``, falling back to English."""
        return self.labels.get(language) or self.labels["en"]
