"""Numbers, money, percentages, dates, months and measures, written by Babel.

One module writes every value a person reads (chat, criteria, letters, mails,
pages, statistics), from the CLDR data Babel ships: no separator, month name
or currency position is typed by hand anywhere else. Money is written one
way everywhere, the way each language writes it: ``1.234,56 €`` (de),
``€1,234.56`` (en), ``1 234,56 €`` (fr, narrow no-break space between the
groups, no-break space before the sign).

Workflow code formats values too (questions and read-backs are rendered
inside the workflow), and Babel reads its locale data lazily from files, which
the workflow sandbox must not do. This module is imported through the sandbox
(``imports_passed_through``) with the rest of the workflow's steps, and it
loads the data of every language it writes at import, so formatting in a
workflow never touches a file.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Final, Literal

from babel import Locale, negotiate_locale
from babel.core import get_global
from babel.dates import format_date as _babel_date
from babel.dates import format_skeleton
from babel.dates import format_time as _babel_time
from babel.numbers import NumberPattern, parse_pattern
from babel.units import format_unit as _babel_unit

__all__ = [
    "FALLBACK_LANGUAGE",
    "LANGUAGES",
    "Number",
    "format_date",
    "format_datetime",
    "format_measure",
    "format_money",
    "format_month",
    "format_number",
    "format_percent",
    "locale_for",
    "negotiate_language",
]

Number = int | float | Decimal

LANGUAGES: Final = ("de", "en", "fr")
"""The languages Guichet speaks, in the order catalogues list them."""

FALLBACK_LANGUAGE: Final = "en"
"""The one fallback for all text and formats: a language Guichet does not
speak is answered in English, and so is a message missing in a language."""

# English reads as written in Europe ("1 March 2026", "metres"), not in the US.
_LOCALE_NAMES: Final = {"de": "de_DE", "en": "en_GB", "fr": "fr_FR"}

_LOCALES: Final = {language: Locale.parse(name) for language, name in _LOCALE_NAMES.items()}


def _preload() -> None:
    """Load every piece of CLDR data the formatters read, now, at import.

    Babel loads a locale's data on first use and the currency and plural
    tables on first lookup; doing it here keeps file reads out of workflow
    code. Writing one value of each kind per language touches every table.
    """
    get_global("currency_fractions")
    day = dt.date(2026, 3, 1)
    for language in LANGUAGES:
        locale = _LOCALES[language]
        _ = locale.plural_form, locale.percent_formats, locale.currency_formats
        format_money(Decimal("1234.5"), language)
        format_percent(Decimal("0.5"), language, 1)
        format_date(day, language)
        format_date(day, language, style="short")
        format_datetime(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), language, dt.UTC)
        format_month(day, language)
        for unit in ("duration-month", "duration-year", "duration-week", "length-meter"):
            format_measure(2, unit, language)
        format_measure(15, "area-square-meter", language, length="short")
        format_measure(3.5, "length-meter", language, length="short")


def locale_for(language: str) -> Locale:
    """Return the Babel locale a language is written in (English for any other).

    Args:
        language: ``de``, ``en`` or ``fr``.

    Returns:
        The locale, with its data already loaded.

    """
    return _LOCALES.get(language) or _LOCALES[FALLBACK_LANGUAGE]


def _decimal(value: Number, places: int | None) -> Decimal:
    # Floats go through their shortest repr so that 0.67 stays 0.67; amounts
    # round half up, as administrations round (Babel would round half even).
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    quantum = Decimal(1).scaleb(-(places if places is not None else 3))
    # Adding zero drops the sign of a negative zero: -0.04 is "0.0", never "-0.0".
    return number.quantize(quantum, rounding=ROUND_HALF_UP) + 0


def _with_places(pattern: NumberPattern | str, places: int | None) -> NumberPattern:
    parsed = parse_pattern(pattern if isinstance(pattern, str) else pattern.pattern)
    # None: as many places as the value has, up to three ("2,5", "2", "0,125").
    parsed.frac_prec = (places, places) if places is not None else (0, 3)
    return parsed


def format_number(value: Number, language: str, places: int | None = 0) -> str:
    """Write a number with the language's separators ("1.234,50", "1,234.50", "1 234,50").

    Args:
        value: The number.
        language: ``de``, ``en`` or ``fr``; others fall back to English.
        places: Decimal places, rounded half up; ``None`` writes as many as
            the value has, up to three.

    Returns:
        The formatted number.

    """
    locale = locale_for(language)
    pattern = _with_places(locale.decimal_formats[None], places)
    return str(pattern.apply(_decimal(value, places), locale))


def format_money(value: Number, language: str, currency: str = "EUR") -> str:
    """Write an amount of money, the one way Guichet writes money.

    ``1.234,56 €`` in German, ``€1,234.56`` in English, ``1 234,56 €`` in
    French: always two decimals (cents), the language's separators and the
    currency sign where the language puts it.

    Args:
        value: The amount.
        language: ``de``, ``en`` or ``fr``; others fall back to English.
        currency: ISO 4217 code.

    Returns:
        The formatted amount.

    """
    locale = locale_for(language)
    pattern = _with_places(locale.currency_formats["standard"], 2)
    return str(pattern.apply(_decimal(value, 2), locale, currency=currency, currency_digits=False))


def format_percent(ratio: Number, language: str, places: int | None = 0) -> str:
    """Write a ratio as a percentage (0.67 → "67 %" in German and French, "67%" in English).

    Args:
        ratio: The ratio (1 is 100 %).
        language: ``de``, ``en`` or ``fr``; others fall back to English.
        places: Decimal places of the percentage; ``None`` as many as it
            has, up to three.

    Returns:
        The percentage.

    """
    locale = locale_for(language)
    pattern = _with_places(locale.percent_formats[None], places)
    # The pattern multiplies by 100 itself; round the percentage, not the ratio.
    percent = _decimal(Decimal(str(ratio)) * 100, places)
    return str(pattern.apply(percent / 100, locale))


def format_date(day: dt.date, language: str, *, style: str = "long") -> str:
    """Write a date.

    Args:
        day: The date.
        language: ``de``, ``en`` or ``fr``; others fall back to English.
        style: ``long`` ("1. März 2026", "1 March 2026", "1er mars 2026") or
            ``short`` ("01.03.2026", "01/03/2026").

    Returns:
        The formatted date.

    Raises:
        ValueError: If ``style`` is unknown.

    """
    locale = locale_for(language)
    if style == "short":
        return format_skeleton("yMMdd", day, locale=locale)
    if style != "long":
        raise ValueError(f"unknown date style: {style!r}")
    text = _babel_date(day, "long", locale=locale)
    if locale.language == "fr" and day.day == 1:
        # French writes the first day of a month as an ordinal ("1er mars"),
        # which CLDR's date patterns cannot say.
        text = "1er" + text[1:]
    return text


def format_datetime(instant: dt.datetime, language: str, tz: dt.tzinfo) -> str:
    """Write an instant as a local day and time ("1. März 2026 um 13:05", "1er mars 2026 à 13:05").

    Args:
        instant: An aware datetime.
        language: ``de``, ``en`` or ``fr``; others fall back to English.
        tz: The time zone the reader counts in.

    Returns:
        The long date and the short time, joined the way the language joins them.

    """
    locale = locale_for(language)
    local = instant.astimezone(tz)
    joined = str(locale.datetime_formats["long"])
    day = format_date(local.date(), language)
    time = _babel_time(local.time(), "short", locale=locale)
    return joined.replace("{1}", day).replace("{0}", time).replace("'", "")


def format_month(month: dt.date, language: str) -> str:
    """Write a month and its year in words ("März 2026", "March 2026", "mars 2026").

    Args:
        month: Any day of the month.
        language: ``de``, ``en`` or ``fr``; others fall back to English.

    Returns:
        The month name and year.

    """
    return format_skeleton("yMMMM", month, locale=locale_for(language))


def format_measure(
    value: Number, unit: str, language: str, *, length: Literal["long", "short"] = "long"
) -> str:
    """Write a value with its unit, so no unit is ever pasted apart from its value.

    ``format_measure(4, "duration-month", "de")`` is "4 Monate";
    ``format_measure(3.5, "length-meter", "fr", length="short")`` is "3,5 m".

    Args:
        value: The number.
        unit: A CLDR unit ("duration-month", "length-meter", "area-square-meter").
        language: ``de``, ``en`` or ``fr``; others fall back to English.
        length: ``long`` ("4 Monate", "15 mètres carrés") or ``short`` ("15 m²").

    Returns:
        The value and its unit, with the plural the number takes.

    """
    number = value if isinstance(value, Decimal | int) else Decimal(str(value))
    return _babel_unit(number, unit, length=length, locale=locale_for(language))


def negotiate_language(preferred: list[str], available: tuple[str, ...] = LANGUAGES) -> str:
    """Pick the language to answer in from a person's preferences.

    Args:
        preferred: Language tags, most preferred first ("de-AT", "fr", "en-US").
        available: The languages to choose from.

    Returns:
        The first available language a preference names (its region aside), or
        the fallback language.

    """
    tags = [tag.strip().replace("-", "_").lower() for tag in preferred if tag.strip()]
    chosen = negotiate_locale(tags, list(available), sep="_")
    if chosen is None:
        # "de_AT" names German: negotiate on the language part too.
        chosen = negotiate_locale([tag.split("_")[0] for tag in tags], list(available))
    return chosen or FALLBACK_LANGUAGE


_preload()
