"""Building parse results, and the number bounds each field kind allows."""

from __future__ import annotations

from typing import Any

from schemas.extraction import ParseError, ParseResult
from schemas.form import FieldKind, FieldSpec

AMBIGUOUS_CONFIDENCE = 0.6
"""Confidence when an answer held several different candidate values.

It sits below the procedures' usual threshold (0.8), so a person confirms
which one was meant instead of the parser guessing silently.
"""


def ok(value: Any, confidence: float = 1.0) -> ParseResult:
    """Return a successful reading."""
    return ParseResult(ok=True, value=value, confidence=round(confidence, 2))


def fail(error: ParseError, detail: str | None = None) -> ParseResult:
    """Return a failed reading; ``detail`` feeds the error message."""
    return ParseResult(ok=False, error=error, detail=detail, confidence=0.0)


def bounds(spec: FieldSpec) -> tuple[float | None, float | None]:
    """Return the allowed range of a numeric field; a percentage is 0..100 unless narrowed."""
    if spec.kind is FieldKind.PERCENT:
        low = 0.0 if spec.minimum is None else spec.minimum
        high = 100.0 if spec.maximum is None else spec.maximum
        return low, high
    return spec.minimum, spec.maximum


def format_number(value: float, language: str) -> str:
    """Write a number as the applicant would: no ``.0``, decimal comma in de/fr."""
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if language == "en" else text.replace(".", ",")


def range_detail(low: float | None, high: float | None, language: str) -> str:
    """Describe a range compactly for ``ParseResult.detail``."""
    if low is not None and high is not None:
        return f"{format_number(low, language)}–{format_number(high, language)}"
    if low is not None:
        return f"≥ {format_number(low, language)}"
    return f"≤ {format_number(high if high is not None else 0, language)}"


def check_range(value: float, spec: FieldSpec, language: str) -> ParseResult | None:
    """Return an ``OUT_OF_RANGE`` failure when ``value`` lies outside the field's range."""
    low, high = bounds(spec)
    if (low is not None and value < low) or (high is not None and value > high):
        return fail(ParseError.OUT_OF_RANGE, range_detail(low, high, language))
    return None
