"""Polite error messages: what was wrong with an answer and what to type instead."""

from __future__ import annotations

from agents.nlu._choices import choice_labels
from agents.nlu._result import bounds, format_number
from guichet.i18n.catalog import has_message, translations
from schemas.extraction import ParseError, ParseResult
from schemas.form import FieldKind, FieldSpec

# The sentences live in the gettext catalogues: nlu_hint_<kind> (what a good
# answer looks like), nlu_error_<error> (what was wrong), nlu_range_<both|low|high>,
# nlu_limit, nlu_shorter and nlu_specific_<detail>. Values are inserted as given
# (the parser's messages are said inside the workflow, and replay says them again).


def _text(key: str, language: str, **values: object) -> str:
    return translations(language).gettext(key) % values


def _range_text(spec: FieldSpec, language: str) -> str:
    low, high = bounds(spec)
    key = "both" if low is not None and high is not None else "low" if low is not None else "high"
    return _text(
        f"nlu_range_{key}",
        language,
        low=format_number(low if low is not None else 0, language),
        high=format_number(high if high is not None else 0, language),
    )


def _limit_text(result: ParseResult, spec: FieldSpec, language: str) -> str:
    limit = result.detail or (str(spec.max_length) if spec.max_length is not None else None)
    return _text("nlu_limit", language, n=limit) if limit else _text("nlu_shorter", language)


def _hint(result: ParseResult, spec: FieldSpec, language: str) -> str:
    if result.detail in ("integer", "day"):
        return _text(f"nlu_specific_{result.detail}", language)
    return _hint_for(spec, language)


def _hint_for(spec: FieldSpec, language: str) -> str:
    kind = spec.kind if has_message(f"nlu_hint_{spec.kind.value}") else FieldKind.TEXT
    return _text(f"nlu_hint_{kind.value}", language, options=choice_labels(spec, language))


def error_message(result: ParseResult, spec: FieldSpec, language: str) -> str:
    """Explain politely why an answer could not be used and what to type instead.

    Args:
        result: A failed parse result.
        spec: The field the answer was for (its label names it).
        language: ``de``, ``en`` or ``fr``; other languages get English.

    Returns:
        One or two sentences, or ``""`` when ``result`` has no error.

    """
    if result.ok or result.error is None:
        return ""
    lang = language if language in ("de", "en", "fr") else "en"
    label = spec.label(lang)
    error = result.error
    if error is ParseError.OUT_OF_RANGE and bounds(spec) == (None, None):
        error = ParseError.INVALID_FORMAT
    text = _text(
        f"nlu_error_{error.value}",
        lang,
        label=label,
        hint=_hint(result, spec, lang),
        range=_range_text(spec, lang) if any(b is not None for b in bounds(spec)) else "",
        detail=result.detail or "",
        limit=_limit_text(result, spec, lang),
    )
    return " ".join(text.split())


def answer_hint(spec: FieldSpec, language: str) -> str:
    """What a good answer to ``spec`` looks like, with an example (the third asking)."""
    lang = language if language in ("de", "en", "fr") else "en"
    text = _hint_for(spec, lang)
    low, high = bounds(spec)
    if spec.kind in (FieldKind.INTEGER, FieldKind.DECIMAL, FieldKind.MONEY) and (
        low is not None or high is not None
    ):
        text += " " + _range_text(spec, lang)
    return text
