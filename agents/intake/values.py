"""Form values as the applicant reads them, written by :mod:`guichet.i18n.formats` (pure).

The current conversation's read-backs, review summary and the pages use these;
:mod:`agents.intake.display` keeps the first conversation's hand-made wording
for the frozen nodes of :mod:`agents.intake.nodes_v1`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from agents.intake.messages import YES_NO_WORDS, say
from guichet.i18n.formats import (
    FALLBACK_LANGUAGE,
    format_date,
    format_measure,
    format_money,
    format_month,
    format_number,
    format_percent,
)
from schemas.form import UNRESOLVED, FieldKind, FieldSpec

__all__ = ["summary", "value_text"]

# A field's unit (FieldSpec.unit) as CLDR names it, and how long it is written:
# the value carries its unit ("4 Monate", "3,5 m", "15 m²"), never the label.
_MEASURES: dict[str, tuple[str, Literal["long", "short"]]] = {
    "months": ("duration-month", "long"),
    "years": ("duration-year", "long"),
    "m": ("length-meter", "short"),
    "m2": ("area-square-meter", "short"),
}


def value_text(spec: FieldSpec, value: Any, language: str) -> str:
    """Return ``value`` of field ``spec`` as the applicant should read it.

    Args:
        spec: The field.
        value: Its value as the form stores it.
        language: ``de``, ``en`` or ``fr``.

    Returns:
        The value in words and figures of the language; money is written the
        one way :func:`guichet.i18n.formats.format_money` writes it.

    """
    if value is None:
        return "–"
    if value == UNRESOLVED:
        return say("left_to_caseworker_value", language)
    kind = spec.kind
    if kind is FieldKind.YES_NO:
        yes, no = YES_NO_WORDS.get(language) or YES_NO_WORDS[FALLBACK_LANGUAGE]
        return yes if value else no
    if kind is FieldKind.CHOICE:
        for option in spec.choices:
            if option.value == value:
                return (
                    option.labels.get(language)
                    or option.labels.get(FALLBACK_LANGUAGE)
                    or option.value
                )
        return str(value)
    if kind is FieldKind.MONTH and isinstance(value, str) and len(value) == 7:
        return format_month(dt.date.fromisoformat(f"{value}-01"), language)
    if kind is FieldKind.DATE and isinstance(value, str) and len(value) == 10:
        return format_date(dt.date.fromisoformat(value), language)
    if kind in (FieldKind.INTEGER, FieldKind.DECIMAL) and isinstance(value, int | float):
        measure = _MEASURES.get(spec.unit or "")
        if measure is not None:
            unit, length = measure
            return format_measure(value, unit, language, length=length)
        return format_number(value, language, None)
    if kind is FieldKind.PERCENT:
        # The form stores the percentage itself (40 for 40 %).
        return format_percent(Decimal(str(value)) / 100, language, None)
    if kind is FieldKind.MONEY:
        return format_money(value, language)
    return str(value)


def summary(fields: list[FieldSpec], form: dict[str, Any], language: str) -> str:
    """Return one line per answered field: ``- label: value``.

    Args:
        fields: The fields, in the order to list them.
        form: The answers.
        language: ``de``, ``en`` or ``fr``.

    Returns:
        The lines, joined by newlines.

    """
    return "\n".join(
        f"- {spec.label(language)}: {value_text(spec, form.get(spec.name), language)}"
        for spec in fields
        if spec.name in form
    )
