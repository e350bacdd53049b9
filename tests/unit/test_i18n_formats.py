"""Values are written by Babel, one way everywhere (issue 24): money, numbers,
percentages, dates, months and measures, in the chat, criteria and letters."""

from __future__ import annotations

import builtins
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from agents.intake.values import value_text
from guichet.i18n import formats
from guichet.i18n.formats import (
    format_date,
    format_datetime,
    format_measure,
    format_money,
    format_month,
    format_number,
    format_percent,
    negotiate_language,
)
from procedures import get_procedure
from procedures.minimum_income.rules import _money as criteria_money
from procedures.short_time_work.rules import _months, _percent

MONEY = {"de": "1.234,56\u00a0€", "en": "€1,234.56", "fr": "1\u202f234,56\u00a0€"}


@pytest.mark.parametrize("language", ["de", "en", "fr"])
def test_money_is_written_one_way_in_the_chat_the_criteria_and_the_letters(language: str) -> None:
    spec = get_procedure("minimum_income").fields["applicant_net_pay"]
    assert format_money(Decimal("1234.56"), language) == MONEY[language]
    assert value_text(spec, 1234.56, language) == MONEY[language]
    assert criteria_money(Decimal("1234.56"), language) == MONEY[language]
    assert "EUR" not in value_text(spec, 1234.56, language)


def test_amounts_round_half_up_to_the_cent() -> None:
    assert format_money(0.005, "de") == "0,01\u00a0€"
    assert format_money(Decimal("2.675"), "en") == "€2.68"
    assert format_money(-353.48, "fr") == "-353,48\u00a0€"


def test_numbers_and_percentages() -> None:
    assert format_number(1234567, "de") == "1.234.567"
    assert format_number(1234567, "fr") == "1\u202f234\u202f567"
    assert format_number(2.5, "de", None) == "2,5"
    assert format_number(3.456, "en", 2) == "3.46"
    assert format_percent(0.67, "fr") == "67\u00a0%"
    assert format_percent(0.333, "de", 1) == "33,3\u00a0%"
    assert format_percent(0.1, "en", None) == "10%"
    assert _percent(1, 3, "de") == "33,3\u00a0%"
    assert _percent(1, 10, "fr") == "10\u00a0%"


def test_dates_and_months() -> None:
    first = dt.date(2026, 3, 1)
    assert [format_date(first, lang) for lang in ("de", "en", "fr")] == [
        "1. März 2026",
        "1 March 2026",
        "1er mars 2026",
    ]
    assert format_date(dt.date(2026, 2, 28), "fr") == "28 février 2026"
    assert format_date(first, "de", style="short") == "01.03.2026"
    assert format_date(first, "fr", style="short") == "01/03/2026"
    assert format_month(dt.date(2026, 8, 5), "fr") == "août 2026"
    with pytest.raises(ValueError):
        format_date(first, "de", style="medium")


def test_units_belong_to_values_with_their_plural() -> None:
    assert format_measure(4, "duration-month", "de") == "4 Monate"
    assert format_measure(1, "duration-month", "de") == "1 Monat"
    assert format_measure(1, "duration-month", "en") == "1 month"
    assert format_measure(3.5, "length-meter", "de", length="short") == "3,5 m"
    assert format_measure(15, "area-square-meter", "en", length="short") == "15 m²"
    assert _months(4, "de") == "4 Monate"
    duration = get_procedure("short_time_work").fields["expected_duration_months"]
    assert value_text(duration, 4, "de") == "4 Monate"
    height = get_procedure("building_permit").fields["height"]
    assert value_text(height, 3.5, "fr") == "3,5\u202fm"


def test_a_language_guichet_does_not_speak_falls_back_to_english() -> None:
    assert format_money(1, "it") == format_money(1, "en")
    assert format_date(dt.date(2026, 3, 1), "it") == "1 March 2026"


@pytest.mark.parametrize(
    ("preferred", "chosen"),
    [(["de-AT", "en"], "de"), (["it", "fr-CH"], "fr"), (["it"], "en"), ([], "en"), (["EN"], "en")],
)
def test_language_negotiation(preferred: list[str], chosen: str) -> None:
    assert negotiate_language(preferred) == chosen


def test_formatting_reads_no_file_after_import(monkeypatch: pytest.MonkeyPatch) -> None:
    # Workflow code formats values inside the sandbox, which must not read
    # files: the locale data is loaded when the module is imported.
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"file read while formatting: {args[:1]}")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr("pathlib.Path.open", refuse)
    for language in (*formats.LANGUAGES, "it"):
        format_money(Decimal("1.5"), language)
        format_number(7, language, None)
        format_percent(0.5, language, 1)
        format_date(dt.date(2027, 12, 31), language)
        format_date(dt.date(2027, 12, 31), language, style="short")
        format_month(dt.date(2027, 1, 1), language)
        format_measure(1, "duration-year", language)
        format_measure(2.25, "length-meter", language, length="short")
        format_measure(15, "area-square-meter", language, length="short")


def test_pages_write_figures_and_sizes_in_their_language() -> None:
    from schemas.statistics import ProcedureStatistics
    from web.pages.staff_files import size_text
    from web.pages.supervision import figure_rows

    figures = ProcedureStatistics(
        procedure="short_time_work", cases=1234, automatic=617, automatic_share=0.5
    )
    rows = dict(figure_rows(figures, "de"))
    assert "1.234" in rows.values()
    assert "617 (50,0\u00a0%)" in rows.values()
    assert "617 (50.0%)" in dict(figure_rows(figures, "en")).values()
    assert format_number(-0.04, "en", 1) == "0.0"
    assert size_text(1500, "de") == "1 kB"
    assert size_text(3 * 1024 * 1024 // 2, "fr") == "1,5\u202fMo"
    assert size_text(3 * 1024 * 1024 // 2, "en") == "1.5 MB"


def test_an_instant_is_written_as_a_local_day_and_time() -> None:
    from zoneinfo import ZoneInfo

    noon = dt.datetime(2026, 3, 1, 12, 5, tzinfo=dt.UTC)
    paris = ZoneInfo("Europe/Paris")
    assert format_datetime(noon, "fr", paris) == "1er mars 2026, 13:05"
    assert format_datetime(noon, "de", paris) == "1. März 2026, 13:05"
    assert format_datetime(noon, "en", dt.UTC) == "1 March 2026, 12:05"


@pytest.mark.parametrize("language", ["de", "en", "fr"])
def test_the_parser_s_money_example_is_written_the_one_way(language: str) -> None:
    from agents.nlu import answer_hint

    spec = get_procedure("minimum_income").fields["applicant_net_pay"]

    def spaced(text: str) -> str:
        return text.replace("\u00a0", " ").replace("\u202f", " ")

    assert spaced(format_money(Decimal("1234.56"), language)) in spaced(answer_hint(spec, language))
