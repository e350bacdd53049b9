"""What the assistant understood from an answer, with its provenance."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict


class ExtractionMethod(StrEnum):
    """Who produced a value: deterministic code, a model, or a person."""

    PARSER = "parser"
    MODEL = "model"
    CASEWORKER = "caseworker"


class Extraction(BaseModel):
    """One candidate field value read from the applicant's words.

    Attributes:
        field: The form field it fills.
        value: The normalised value (int, float, ``YYYY-MM``, ``YYYY-MM-DD``,
            bool, choice value or text), JSON-serialisable.
        source_text: The applicant's words it was read from.
        method: Parser, model or caseworker.
        confidence: 0..1; below the procedure's threshold a person checks it.
        model_id: The model that proposed it, when ``method`` is ``model``.
        prompt_hash: SHA-256 of the prompt used (template and its wording in the
            language), when a model was asked.
        turn: The conversation turn it came from.
        span: The words of the message it was read from (when the message
            said more than this one fact).
        note: How the value was derived, said back to the applicant
            (``converted``: per month to three months; ``range``; ``year``).
        detail: The figures of the note (e.g. ``500|month``).
        actor: The caseworker who entered or corrected the value (method
            ``caseworker``).
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    field: str
    value: Any
    source_text: str
    method: ExtractionMethod = ExtractionMethod.PARSER
    confidence: float = 1.0
    model_id: str | None = None
    prompt_hash: str | None = None
    turn: int = 0
    span: str | None = None
    note: str | None = None
    detail: str | None = None
    actor: str | None = None


class ParseError(StrEnum):
    """Why an answer could not be used; each has a message per language."""

    NOT_UNDERSTOOD = "not_understood"
    OUT_OF_RANGE = "out_of_range"
    INVALID_CHECKSUM = "invalid_checksum"
    INVALID_FORMAT = "invalid_format"
    UNKNOWN_CHOICE = "unknown_choice"
    TOO_LONG = "too_long"
    INCONSISTENT = "inconsistent"


class ParseResult(BaseModel):
    """The offline parser's reading of one answer for one field.

    Exactly one of ``value`` (with ``ok`` true) or ``error`` is meaningful.

    Attributes:
        ok: Whether a valid value was read.
        value: The normalised value when ``ok``.
        error: Why not, when not ``ok``.
        detail: Extra words for the error message (e.g. the allowed range).
        confidence: 1.0 for exact readings, lower for fuzzy choice matches.
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    ok: bool
    value: Any = None
    error: ParseError | None = None
    detail: str | None = None
    confidence: float = 1.0
