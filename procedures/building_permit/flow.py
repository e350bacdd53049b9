"""The question flow of a building application.

The same questions for every project: the form of application is the rules'
answer, not a question.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from guichet.i18n.texts import texts_for
from procedures.building_permit.form import FIELDS

__all__ = ["applicable_fields", "check_field", "next_field", "prune"]

_ORDER: tuple[str, ...] = tuple(FIELDS)


def applicable_fields(values: Mapping[str, Any]) -> list[str]:
    """Return every field, in asking order (none depends on another)."""
    return list(_ORDER)


def next_field(values: Mapping[str, Any]) -> str | None:
    """Return the first field without a value, or ``None`` when complete."""
    for name in _ORDER:
        if values.get(name) is None:
            return name
    return None


def prune(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return only the values of this form's fields."""
    return {name: value for name, value in values.items() if name in FIELDS}


_SECTION = texts_for("permit_check_parcel_section")


def check_field(name: str, value: Any, values: Mapping[str, Any]) -> dict[str, str] | None:
    """Check a candidate value: the cadastre section is one or two letters or digits."""
    if name == "parcel_section" and isinstance(value, str):
        compact = value.replace(" ", "")
        if not (1 <= len(compact) <= 2 and compact.isalnum()):
            return dict(_SECTION)
    return None
