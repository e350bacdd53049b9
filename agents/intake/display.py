"""The first conversation's rendering of form values, frozen (pure).

Only :mod:`agents.intake.nodes_v1` reads it: cases of the first conversation
replay with the read-backs they were asked with. Everything else writes values
with :mod:`agents.intake.values` (Babel, money written one way).
"""

from __future__ import annotations

from typing import Any

from agents.intake.messages import YES_NO_WORDS, say
from schemas.form import UNRESOLVED, FieldKind, FieldSpec

_MONTHS: dict[str, tuple[str, ...]] = {
    "de": (
        "Januar", "Februar", "März", "April", "Mai", "Juni",
        "Juli", "August", "September", "Oktober", "November", "Dezember",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
}  # fmt: skip


def _month_name(month: int, language: str) -> str:
    return (_MONTHS.get(language) or _MONTHS["en"])[month - 1]


def display_value(spec: FieldSpec, value: Any, language: str) -> str:
    """Return ``value`` of field ``spec`` as the applicant should read it."""
    if value is None:
        return "–"
    if value == UNRESOLVED:
        return say("left_to_caseworker_value", language)
    kind = spec.kind
    if kind is FieldKind.YES_NO:
        yes, no = YES_NO_WORDS.get(language) or YES_NO_WORDS["en"]
        return yes if value else no
    if kind is FieldKind.CHOICE:
        for option in spec.choices:
            if option.value == value:
                return option.labels.get(language) or option.labels.get("en") or option.value
        return str(value)
    if kind is FieldKind.MONTH and isinstance(value, str) and len(value) == 7:
        year_text, month_text = value.split("-")
        return f"{_month_name(int(month_text), language)} {year_text}"
    if kind is FieldKind.DATE and isinstance(value, str) and len(value) == 10:
        year, month, day = (int(part) for part in value.split("-"))
        if language == "de":
            return f"{day}. {_month_name(month, language)} {year}"
        return f"{day} {_month_name(month, language)} {year}"
    if kind is FieldKind.DECIMAL:
        number = f"{float(value):g}"
        return number.replace(".", ",") if language != "en" else number
    if kind is FieldKind.PERCENT:
        number = f"{float(value):g}"
        return f"{number.replace('.', ',') if language != 'en' else number} %"
    if kind is FieldKind.MONEY:
        amount = f"{float(value):,.2f}"
        if language != "en":
            amount = amount.replace(",", " ").replace(".", ",")
        return f"{amount} EUR"
    return str(value)


def summary(fields: list[FieldSpec], form: dict[str, Any], language: str) -> str:
    """Return one line per answered field: ``- label: value``."""
    return "\n".join(
        f"- {spec.label(language)}: {display_value(spec, form.get(spec.name), language)}"
        for spec in fields
        if spec.name in form
    )
