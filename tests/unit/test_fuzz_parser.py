"""Property tests of the offline parser (``agents.nlu``) with hypothesis.

Whatever an applicant types, in German, English or French, for any field of
any procedure: the parser answers (never raises), a value it accepts is one
the form can hold (kind, bounds, choices, check digits) and crosses an
activity boundary as JSON, and a refusal can be explained.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schwifty import IBAN

from agents.nlu import (
    error_message,
    find_corrections,
    is_valid_betriebsnummer,
    parse_value,
    parse_yes_no,
)
from procedures import PROCEDURES
from schemas.extraction import ParseError, ParseResult
from schemas.form import FieldKind, FieldSpec

LANGUAGES = ("de", "en", "fr")
SPECS: list[FieldSpec] = [spec for p in PROCEDURES.values() for spec in p.fields.values()]
TODAY = dt.date(2026, 3, 15)

# Fragments that steer random text towards what parsers look for.
FRAGMENTS = st.sampled_from(
    [
        "0", "7", "12", "40 %", "1.234,50", "1,234.50", "€", "EUR", "zwölf", "vingt-trois",
        "twenty one", "März", "mars", "march", "2026", "15.03.2026", "31/02/2026", "-3",
        "ja", "nein", "yes", "no", "oui", "non", "@", "x@example.org", "DE89370400440532013000",
        "FR1420041010050500013M02606", "09912342", "file:", "a" * 64, "nicht", "pas",
        "about", "etwa", "environ", "1e309", "NaN", "∞", "٣", "½", "\u200b", "\n", "  ",
    ]
)  # fmt: skip
ANSWERS = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(FRAGMENTS, st.text(max_size=8)), max_size=8).map(" ".join),
)
FUZZ = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)


def assert_valid(value: object, spec: FieldSpec) -> None:
    """A value the parser accepted is one the form can hold."""
    kind = spec.kind
    json.dumps(value)
    if kind in (FieldKind.INTEGER, FieldKind.PERCENT, FieldKind.MONEY):
        assert isinstance(value, int | float) and not isinstance(value, bool)
        assert value == value and abs(value) != float("inf")
        if kind is FieldKind.INTEGER:
            assert isinstance(value, int)
        if spec.minimum is not None:
            assert value >= spec.minimum
        if spec.maximum is not None:
            assert value <= spec.maximum
    elif kind is FieldKind.MONTH:
        assert isinstance(value, str) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value)
    elif kind is FieldKind.DATE:
        assert isinstance(value, str)
        dt.date.fromisoformat(value)
    elif kind is FieldKind.YES_NO:
        assert isinstance(value, bool)
    elif kind is FieldKind.CHOICE:
        assert value in {c.value for c in spec.choices}
    elif kind is FieldKind.EMAIL:
        assert isinstance(value, str) and re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value)
    elif kind is FieldKind.BETRIEBSNUMMER:
        assert isinstance(value, str) and is_valid_betriebsnummer(value)
    elif kind is FieldKind.IBAN:
        assert isinstance(value, str)
        IBAN(value)  # raises when the check digits or the format are wrong
    elif kind is FieldKind.FILE:
        assert value == "not_provided" or (
            isinstance(value, str) and re.fullmatch(r"file:[0-9a-f]{64}", value)
        )
    else:
        assert isinstance(value, str) and value.strip() == value and value
        if spec.max_length is not None:
            assert len(value) <= spec.max_length


def assert_explained(result: ParseResult, spec: FieldSpec, language: str) -> None:
    if result.ok:
        assert 0.0 < result.confidence <= 1.0
        assert_valid(result.value, spec)
    else:
        assert isinstance(result.error, ParseError)
        message = error_message(result, spec, language)
        assert isinstance(message, str) and message.strip()


@FUZZ
@given(
    text=ANSWERS,
    spec=st.sampled_from(SPECS),
    language=st.sampled_from(LANGUAGES),
    today=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
)
def test_parse_value_never_raises_and_accepts_only_valid_values(
    text: str, spec: FieldSpec, language: str, today: dt.date
) -> None:
    result = parse_value(text, spec, language, today)
    assert_explained(result, spec, language)
    # Pure: the same answer gives the same result (replay needs it).
    assert parse_value(text, spec, language, today) == result


@FUZZ
@given(text=ANSWERS, language=st.sampled_from(LANGUAGES))
def test_corrections_and_yes_no_never_raise(text: str, language: str) -> None:
    assert parse_yes_no(text, language) in (True, False, None)
    for procedure in PROCEDURES.values():
        specs = list(procedure.fields.values())
        for name, result in find_corrections(text, specs, language, TODAY):
            spec = procedure.fields[name]
            assert result.ok
            assert_valid(result.value, spec)


@settings(max_examples=50, deadline=None, derandomize=True)
@given(
    number=st.integers(min_value=0, max_value=1_000_000),
    language=st.sampled_from(LANGUAGES),
)
def test_plain_numbers_read_back(number: int, language: str) -> None:
    """A bare number in a count field's range is read as itself."""
    spec = PROCEDURES["short_time_work"].fields["employees_social_insurance"]
    result = parse_value(str(number), spec, language, TODAY)
    assert result.ok and result.value == number
