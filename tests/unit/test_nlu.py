"""Tests of the offline language understanding (``agents.nlu``)."""

from __future__ import annotations

import builtins
import json
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from agents.nlu import (
    error_message,
    find_corrections,
    is_valid_betriebsnummer,
    parse_value,
    parse_yes_no,
)
from schemas.extraction import ParseError, ParseResult
from schemas.form import FieldKind
from tests.nlu_cases import (
    CASES,
    CAUSE,
    CORRECTIONS,
    FEBRUARY,
    HEADCOUNT,
    LOSS,
    NAME,
    SPECS,
    TODAY,
)

ROOT = Path(__file__).resolve().parents[2]


def _case_id(case: tuple[Any, ...]) -> str:
    answer, field, language, _, today = case
    suffix = "-feb" if today == FEBRUARY else ""
    return f"{field}-{language}-{answer[:30]!r}{suffix}"


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_parse_value(case: tuple[str, str, str, Any, Any]) -> None:
    answer, field, language, expected, today = case
    spec = SPECS[field]
    result = parse_value(answer, spec, language, today)
    if isinstance(expected, ParseError):
        assert not result.ok, result
        assert result.error is expected, result
    else:
        assert result.ok, result
        assert result.value == expected
        assert type(result.value) is type(expected)
        assert 0.0 < result.confidence <= 1.0
        json.dumps(result.value)  # values cross activity boundaries as JSON


def test_case_table_is_large_and_covers_every_kind_and_language() -> None:
    assert len(CASES) >= 120
    assert {SPECS[field].kind for _, field, *_ in CASES} == set(FieldKind)
    assert {language for _, _, language, *_ in CASES} == {"de", "en", "fr"}
    errors = {e for *_, e, _ in CASES if isinstance(e, ParseError)}
    assert errors == set(ParseError) - {ParseError.INCONSISTENT}  # only rules say that


def test_out_of_range_detail_gives_the_range() -> None:
    result = parse_value("0", HEADCOUNT, "de", TODAY)
    assert result.detail == "1–100000"
    assert parse_value("120 %", LOSS, "en", TODAY).detail == "0–100"


def test_several_numbers_without_keyword_lower_the_confidence() -> None:
    result = parse_value("10-12", HEADCOUNT, "en", TODAY)
    assert result.ok
    assert result.value == 10
    assert result.confidence < 0.8


def test_choice_ambiguity_lowers_confidence_and_unknown_lists_labels() -> None:
    both = parse_value("economic reasons and a flood", CAUSE, "en", TODAY)
    assert both.ok
    assert both.confidence < 0.8
    unknown = parse_value("banana", CAUSE, "de", TODAY)
    assert unknown.detail == "Wirtschaftliche Gründe, Unabwendbares Ereignis, Sonstiges"


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Ja, klar", "de", True),
        ("Natürlich nicht", "de", False),
        ("Ich weiß nicht", "de", None),
        ("Sure, no problem", "en", True),
        ("absolutely not", "en", False),
        ("not correct", "en", False),
        ("incorrect", "en", False),
        ("banana", "en", None),
        ("", "en", None),
        ("bien sûr que non", "fr", False),
        ("tout à fait", "fr", True),
        ("Nous n'en avons aucun", "fr", False),
        ("yes", "es", True),  # unknown languages are read as English
    ],
)
def test_parse_yes_no(text: str, language: str, expected: bool | None) -> None:
    assert parse_yes_no(text, language) is expected


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("09912342", True),
        ("09912347", True),
        ("0991 2342", True),
        ("09912343", False),
        ("10012342", False),
        ("10912342", False),
        ("00912342", False),
        ("0991234", False),
        ("0991234x", False),
    ],
)
def test_is_valid_betriebsnummer(value: str, valid: bool) -> None:
    assert is_valid_betriebsnummer(value) is valid


@pytest.mark.parametrize(
    "case", CORRECTIONS, ids=[f"{c[1]}-{c[0][:40]!r}-{c[2]}" for c in CORRECTIONS]
)
def test_find_corrections(case: tuple[str, str, str | None, dict[str, Any], Any]) -> None:
    answer, language, asked, expected, today = case
    found = find_corrections(answer, list(SPECS.values()), language, today, exclude=asked)
    assert {name: result.value for name, result in found} == expected
    assert all(result.ok for _, result in found)


def test_corrections_cover_three_languages() -> None:
    assert len(CORRECTIONS) >= 10
    assert {language for _, language, *_ in CORRECTIONS} == {"de", "en", "fr"}


def test_correction_without_cue_needs_a_check() -> None:
    specs = list(SPECS.values())
    cued = find_corrections("actually we have 14 employees", specs, "en", TODAY, exclude="iban")
    uncued = find_corrections("40 %, and 3 employees were ill", specs, "en", TODAY, "loss_percent")
    assert cued[0][1].confidence == 1.0
    assert uncued == [("headcount", uncued[0][1])]
    assert uncued[0][1].confidence < 0.8


def _failure(error: ParseError, detail: str | None = None) -> ParseResult:
    return ParseResult(ok=False, error=error, detail=detail)


@pytest.mark.parametrize("language", ["de", "en", "fr"])
@pytest.mark.parametrize("error", list(ParseError))
def test_error_message_in_each_language(error: ParseError, language: str) -> None:
    for spec in SPECS.values():
        text = error_message(_failure(error), spec, language)
        assert text.strip()
        assert spec.label(language) in text
        assert "{" not in text


def test_error_messages_differ_by_language_and_fall_back_to_english() -> None:
    failure = _failure(ParseError.NOT_UNDERSTOOD)
    texts = {lang: error_message(failure, HEADCOUNT, lang) for lang in ("de", "en", "fr")}
    assert len(set(texts.values())) == 3
    assert error_message(failure, HEADCOUNT, "it") == texts["en"]


def test_error_message_says_what_to_type() -> None:
    out_of_range = parse_value("0", HEADCOUNT, "de", TODAY)
    assert error_message(out_of_range, HEADCOUNT, "de").endswith(
        "Bitte geben Sie eine Zahl zwischen 1 und 100000 an."
    )
    too_long = parse_value("x" * 50, NAME, "fr", TODAY)
    assert "40 caractères" in error_message(too_long, NAME, "fr")
    unknown = parse_value("banana", CAUSE, "en", TODAY)
    assert "Economic reasons, Unavoidable event, Other" in error_message(unknown, CAUSE, "en")
    month = parse_value("März 2026", SPECS["event_date"], "de", TODAY)
    assert "Tag" in error_message(month, SPECS["event_date"], "de")
    assert error_message(parse_value("12", HEADCOUNT, "en", TODAY), HEADCOUNT, "en") == ""


def test_parsing_is_pure_no_network_and_no_file_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("network access")

    real_open = builtins.open

    def read_only_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(flag in mode for flag in "wax+"):
            raise AssertionError(f"file write: {file}")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(builtins, "open", read_only_open)
    first = [parse_value(a, SPECS[f], lang, today) for a, f, lang, _, today in CASES]
    second = [parse_value(a, SPECS[f], lang, today) for a, f, lang, _, today in CASES]
    assert first == second


def test_import_stays_light() -> None:
    # dateparser and schwifty load only when a month, date or IBAN is parsed.
    code = "import sys, agents.nlu; print({'dateparser', 'schwifty'} & set(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "set()"
