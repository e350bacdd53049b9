"""Numbers in answers: digits with per-language separators, number words, fractions.

Number words become digits first (``text2num``: "vierzehn", "douze",
"twenty-five"), then every number is read with its span, so a caller can
pick the one nearest a keyword ("we have 14 employees, 3 of them part-time").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from text_to_num import alpha2digit

from agents.nlu._result import AMBIGUOUS_CONFIDENCE, check_range, fail, ok
from agents.nlu._text import Token, find_sequence, fold, nfc, phrase_words, tokenize
from schemas.extraction import ParseError, ParseResult
from schemas.form import FieldKind, FieldSpec

NUMERIC_KINDS = frozenset(
    {FieldKind.INTEGER, FieldKind.PERCENT, FieldKind.MONEY, FieldKind.DECIMAL}
)

# Hyphenated before text2num runs, which would turn "pour cent" into "pour 100";
# the hyphen keeps "pour" and "cent" two words for keyword matching.
_POUR_CENT = re.compile(r"\b(pour)\s+(cents?)\b", re.IGNORECASE)
# Percent words stay words, so "Prozent" can still be a field's keyword.
_PERCENT_SIGN = re.compile(
    r"\s*(?:%|(?:pour[\s-]?cents?|per[\s-]?cent|percent|prozent|pct)\b|v\.\s?h\.)", re.IGNORECASE
)
# A space joins digit groups only before exactly three digits ("1 200 €").
_NUMBER = re.compile(
    r"(?<![\w.,])(?P<sign>[-−](?=\d))?"
    r"(?P<digits>\d+(?:(?:[.,]|[ \u00a0\u202f](?=\d{3}(?!\d)))\d+)*)"
    # A unit may be glued to the number ("2.8m", "120m²", "35h"); other letters
    # make it a word or an identifier ("A4", "3rd" is read elsewhere).
    r"(?:(?!\w)|(?=(?:m²|m2|qm|sqm|cm|km|m|h|ft)(?!\w)))"
)
_MULTIPLIER = re.compile(
    r"\s*(?:(?P<b>1000000000|milliarden?|milliards?|billions?|mrd\.?)"
    r"|(?P<m>1000000|millionen|millions?|mio\.?)"
    r"|(?P<k>1000|tausend|thousands?|mille|tsd\.?))(?!\w)",
    re.IGNORECASE,
)
_CURRENCY_AFTER = re.compile(r"\s*(?:€|eur\b|euros?\b)", re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(r"(?:€|\beur)\s*$", re.IGNORECASE)
_DENOMINATORS = {
    "half": 2, "halves": 2, "halfte": 2, "halbe": 2, "halb": 2, "moitie": 2,
    "third": 3, "thirds": 3, "3rd": 3, "3rds": 3, "drittel": 3, "tiers": 3,
    "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4, "4th": 4, "4ths": 4,
    "viertel": 4, "quart": 4, "quarts": 4,
}  # fmt: skip
# "a third" arrives here as "a 3rd" (text2num); a bare "third"/"quarter" is
# an ordinal ("the third option"), so only "half" goes without a numerator.
_FRACTION = {
    "en": re.compile(
        r"\b(?:(?P<num>\d+|an?|one)[\s-]+(?P<den>half|halves|thirds?|3rds?|quarters?|fourths?|4ths?)"
        r"|(?P<half>half))\b"
    ),
    "de": re.compile(
        r"\b(?:(?P<num>\d+|ein|eine[nmr]?)\s+)?(?P<den>halfte|halbe|halb|drittel|viertel)\b"
        r"|\b(?P<three_quarters>dreiviertel)\b|\b(?P<two_thirds>zweidrittel)\b"
    ),
    "fr": re.compile(r"\b(?:(?P<num>\d+|une?)\s+)?(?P<den>moitie|tiers|quarts?)\b"),
}
_GERMAN_ONE = re.compile(r"\b(?:ein|eine|einen|einem|einer|eins)\b")


@dataclass(frozen=True)
class Number:
    """A number read from prepared text.

    Attributes:
        value: The number.
        start: Where it starts in the prepared text.
        end: Where it ends (unit and multiplier included).
        percent: Followed by ``%`` or a percent word.
        currency: Next to ``€``/``EUR``/``euro``.
        fraction: Written as a fraction ("die Hälfte"), already in percent.

    """

    value: float
    start: int
    end: int
    percent: bool = False
    currency: bool = False
    fraction: bool = False


_GLUED_HALF = re.compile(
    # "achteinhalb Meter": text2num knows "acht", not the compound; the half is
    # read after it ("8 einhalb", see agents.nlu._mentions).
    r"\b(ein|zwei|drei|vier|f(?:ü|ue)nf|sechs|sieben|acht|neun|zehn|elf|zw(?:ö|oe)lf)einhalb\b",
    re.IGNORECASE,
)


def prepare(text: str, language: str) -> str:
    """Turn number words into digits ("vierzehn" -> "14").

    All later spans refer to this prepared text.
    """
    text = _POUR_CENT.sub(r"\1-\2", nfc(text))
    text = _GLUED_HALF.sub(r"\1 einhalb", text)
    try:
        # threshold=0: "one", "un" and "une" are numbers too ("un salarié").
        return str(alpha2digit(text, language, threshold=0))
    except ValueError:  # a language text2num does not know: digits only
        return text


def _grouped(integer_part: str, separator: str) -> bool:
    parts = integer_part.split(separator)
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def interpret(raw: str, language: str) -> float | None:
    """Read one digit string with its separators, or ``None`` when it is no number.

    In de/fr the comma is the decimal mark and the period groups thousands;
    in en the other way round. Both marks present: the last one is decimal.
    A single "foreign" mark followed by exactly three digits groups
    thousands ("1.200" in de, "1,200" in en); otherwise it is read as a
    decimal mark, which forgives "2.5" typed in German.
    """
    s = re.sub(r"[ \u00a0\u202f]", "", raw)
    has_dot, has_comma = "." in s, "," in s
    if not has_dot and not has_comma:
        return float(int(s))
    if has_dot and has_comma:
        decimal = "." if s.rfind(".") > s.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        integer_part, _, frac = s.rpartition(decimal)
        if decimal in integer_part or not _grouped(integer_part, thousands):
            return None
        return float(integer_part.replace(thousands, "") + "." + frac)
    mark = "." if has_dot else ","
    parts = s.split(mark)
    if len(parts) > 2:
        return float("".join(parts)) if _grouped(s, mark) else None
    integer_part, frac = parts
    decimal_mark = "." if language == "en" else ","
    if mark != decimal_mark and len(frac) == 3 and integer_part != "0" and len(integer_part) <= 3:
        return float(integer_part + frac)
    return float(integer_part + "." + frac)


def _fractions(folded: str, language: str) -> list[Number]:
    pattern = _FRACTION.get(language)
    if pattern is None:
        return []
    found = []
    for m in pattern.finditer(folded):
        groups = m.groupdict()
        if groups.get("three_quarters"):
            share = 3 / 4
        elif groups.get("two_thirds"):
            share = 2 / 3
        else:
            den = _DENOMINATORS[groups.get("den") or groups.get("half") or "half"]
            num = groups.get("num")
            share = (int(num) if num and num.isdigit() else 1) / den
        found.append(Number(round(share * 100, 2), m.start(), m.end(), fraction=True))
    return found


def find_numbers(prepared: str, language: str) -> list[Number]:
    """Every number in prepared text, in order, with its unit flags."""
    folded = fold(prepared)
    fractions = _fractions(folded, language)
    numbers = list(fractions)
    consumed = 0  # end of the last number with its multiplier ("1,5 1000000")
    for m in _NUMBER.finditer(prepared):
        if m.start() < consumed or any(f.start <= m.start() < f.end for f in fractions):
            continue  # the "2" of "2 Drittel", the "1000000" of "1,5 1000000"
        value = interpret(m.group("digits"), language)
        if value is None:
            continue  # "1.3.2026" is a date, not a number
        end = m.end()
        mult = _MULTIPLIER.match(prepared, end)
        if mult:
            value *= 1e9 if mult.group("b") else 1e6 if mult.group("m") else 1e3
            end = mult.end()
        consumed = end
        if m.group("sign"):
            value = -value
        percent = _PERCENT_SIGN.match(prepared, end) is not None
        currency = (
            _CURRENCY_AFTER.match(prepared, end) is not None
            or _CURRENCY_BEFORE.search(prepared, 0, m.start()) is not None
        )
        numbers.append(Number(value, m.start(), end, percent, currency))
    if not numbers and language == "de":
        # "einen Mitarbeiter": text2num leaves inflected "ein" alone.
        numbers = [Number(1.0, m.start(), m.end()) for m in _GERMAN_ONE.finditer(folded)]
    return sorted(numbers, key=lambda n: n.start)


def candidates(kind: FieldKind, numbers: Sequence[Number]) -> list[Number]:
    """Return the numbers that can answer a field of ``kind``, the best-marked first."""
    if kind is FieldKind.PERCENT:
        usable = [n for n in numbers if not n.currency]
        marked = [n for n in usable if n.percent or n.fraction]
    elif kind is FieldKind.MONEY:
        usable = [n for n in numbers if not n.percent and not n.fraction]
        marked = [n for n in usable if n.currency]
    else:
        usable = [n for n in numbers if not n.percent and not n.fraction]
        marked = []
    return marked or usable


def distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, a[0] - b[1], b[0] - a[1])


def outside(numbers: Sequence[Number], spans: Sequence[tuple[int, int]]) -> list[Number]:
    """Drop the numbers that are part of a keyword: the "10" of "mehr als 10"."""
    return [n for n in numbers if not any(n.start < end and start < n.end for start, end in spans)]


def nearest(numbers: Sequence[Number], anchors: Sequence[tuple[int, int]]) -> Number | None:
    """Return the number closest to any anchor span; ties go to the earlier number."""
    if not numbers or not anchors:
        return None
    return min(
        numbers, key=lambda n: (min(distance((n.start, n.end), a) for a in anchors), n.start)
    )


def keyword_spans(
    prepared: str, spec: FieldSpec, language: str, tokens: Sequence[Token] | None = None
) -> list[tuple[int, int]]:
    """Where the field's keywords occur in prepared text.

    ``tokens`` are ``tokenize(fold(prepared))`` when the caller already has
    them (one answer is searched for the keywords of many fields).
    """
    tokens = tokenize(fold(prepared)) if tokens is None else tokens
    spans = []
    for keyword in spec.keywords.get(language, []):
        spans += [(s, e) for s, e, _ in find_sequence(phrase_words(keyword), tokens, language)]
    return spans


def to_result(number: Number, spec: FieldSpec, language: str, confidence: float) -> ParseResult:
    """Normalise one number for the field and check its range."""
    value = number.value
    if spec.kind is FieldKind.INTEGER:
        if not value.is_integer():
            return fail(ParseError.INVALID_FORMAT, "integer")
        return check_range(value, spec, language) or ok(int(value), confidence)
    value = round(value, 2)
    return check_range(value, spec, language) or ok(value, confidence)


def parse_number(text: str, spec: FieldSpec, language: str) -> ParseResult:
    """Read an ``INTEGER``, ``PERCENT`` or ``MONEY`` answer.

    With several different numbers, the one nearest a keyword of the field
    wins ("14 employees since 2019"); without a keyword the first one is
    taken with a low confidence.
    """
    prepared = prepare(text, language)
    anchors = keyword_spans(prepared, spec, language)
    found = candidates(spec.kind, outside(find_numbers(prepared, language), anchors))
    if not found:
        return fail(ParseError.NOT_UNDERSTOOD)
    if len({n.value for n in found}) == 1:
        return to_result(found[0], spec, language, 1.0)
    near = nearest(found, anchors)
    if near is not None:
        return to_result(near, spec, language, 0.9)
    return to_result(found[0], spec, language, AMBIGUOUS_CONFIDENCE)
