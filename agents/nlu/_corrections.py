"""Corrections of earlier answers, volunteered while another question is asked.

"Actually we have 14 employees" while the percentage is asked: a field
counts as mentioned only when one of its keywords occurs in the answer (so a
plain "40 %" never corrects anything), and its value is read from the clause
around that keyword, for numbers the one nearest the keyword.

Without a correction cue ("actually", "eigentlich", "en fait", ...) the
mention may be incidental ("40 %, because 3 employees were ill"), so the
confidence is capped below the usual review threshold and a person confirms.
Free text fields are never read this way: nothing delimits their value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from agents.nlu._numbers import (
    NUMERIC_KINDS,
    Number,
    candidates,
    distance,
    find_numbers,
    keyword_spans,
    nearest,
    outside,
    prepare,
    to_result,
)
from agents.nlu._parse import parse_value
from agents.nlu._text import (
    Token,
    clause_bounds,
    find_sequence,
    fold,
    nfc,
    phrase_words,
    tokenize,
)
from schemas.extraction import ParseResult
from schemas.form import FieldKind, FieldSpec

UNCUED_CONFIDENCE = 0.7
"""Highest confidence of a correction the applicant did not announce as one."""

_CUES = {
    "en": "actually|correction|sorry|i meant|i mean|in fact|rather|mistake|wrong|instead"
    "|change|update|oops|to be precise",
    "de": "eigentlich|korrektur|korrigiere|korrigieren|sorry|entschuldigung|ich meinte"
    "|vielmehr|falsch|genauer gesagt|tatsächlich|stattdessen|ändern|berichtigung|fehler"
    "|verschrieben|vertippt",
    "fr": "en fait|correction|pardon|désolé|désolée|je voulais dire|plutôt|erreur|finalement"
    "|en réalité|rectification|corriger|rectifier|au lieu|oups",
}


def _has_cue(tokens: Sequence[Token], language: str) -> bool:
    cues = _CUES.get(language, _CUES["en"]).split("|")
    return any(find_sequence(phrase_words(cue), tokens, language) for cue in cues)


def _numeric(
    prepared: str, numbers: Sequence[Number], spec: FieldSpec, anchors: Sequence[tuple[int, int]]
) -> tuple[Number, int] | None:
    """Return the number nearest one of ``anchors`` (``spec``'s keywords) within its clause."""
    best: tuple[Number, int] | None = None
    for anchor in anchors:
        low, high = clause_bounds(prepared, *anchor)
        in_clause = [n for n in numbers if n.start >= low and n.end <= high]
        number = nearest(candidates(spec.kind, in_clause), [anchor])
        if number is None:
            continue
        gap = distance((number.start, number.end), anchor)
        if best is None or gap < best[1]:
            best = (number, gap)
    return best


def _other(
    text: str, tokens: Sequence[Token], spec: FieldSpec, language: str, today: dt.date
) -> ParseResult | None:
    """Parse the clause around each keyword of ``spec`` in ``text`` (folded: ``tokens``)."""
    for keyword in spec.keywords.get(language, []):
        for start, end, _ in find_sequence(phrase_words(keyword), tokens, language):
            low, high = clause_bounds(text, start, end)
            result = parse_value(text[low:high], spec, language, today)
            if result.ok:
                return result
    return None


def find_corrections(
    text: str,
    specs: Sequence[FieldSpec],
    language: str,
    today: dt.date,
    exclude: str | None = None,
) -> list[tuple[str, ParseResult]]:
    """Find values for other fields that the answer mentions by keyword.

    Args:
        text: The applicant's answer.
        specs: The fields that may be corrected (usually those answered so far).
        language: ``de``, ``en`` or ``fr``.
        today: The reference date for months and dates.
        exclude: The field being asked, which ``parse_value`` reads instead.

    Returns:
        ``(field name, result)`` pairs, in the order of ``specs``, only for
        values read successfully. When two numeric fields point at the same
        number it goes to the field whose keyword is nearer, and to neither
        on a tie.

    """
    text = nfc(text)
    prepared = prepare(text, language)
    # Each text is folded once, then searched for every field's keywords.
    tokens = tokenize(fold(text))
    prepared_tokens = tokenize(fold(prepared))
    anchors = {
        spec.name: keyword_spans(prepared, spec, language, prepared_tokens) for spec in specs
    }
    # A number inside any field's keyword ("more than 10") is no field's value.
    every_keyword = [span for spans in anchors.values() for span in spans]
    numbers = outside(find_numbers(prepared, language), every_keyword)
    found: dict[str, ParseResult] = {}
    claims: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for spec in specs:
        if spec.name == exclude or spec.kind is FieldKind.TEXT or not spec.keywords.get(language):
            continue
        if spec.kind in NUMERIC_KINDS:
            hit = _numeric(prepared, numbers, spec, anchors[spec.name])
            if hit is None:
                continue
            number, gap = hit
            result = to_result(number, spec, language, 1.0)
            if result.ok:
                found[spec.name] = result
                claims.setdefault((number.start, number.end), []).append((gap, spec.name))
        else:
            other = _other(text, tokens, spec, language, today)
            if other is not None:
                found[spec.name] = other
    for claimants in claims.values():
        if len(claimants) > 1:
            claimants.sort()
            tie = claimants[0][0] == claimants[1][0]
            for _, name in claimants[0 if tie else 1 :]:
                del found[name]
    if not found:
        return []  # most answers correct nothing: no need to look for a cue
    cap = 1.0 if _has_cue(tokens, language) else UNCUED_CONFIDENCE
    return [(spec.name, _capped(found[spec.name], cap)) for spec in specs if spec.name in found]


def _capped(result: ParseResult, cap: float) -> ParseResult:
    return result.model_copy(update={"confidence": min(result.confidence, cap)})
