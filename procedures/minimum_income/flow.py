"""The question flow of the RSA claim.

Which fields apply follows from three answers: the nationality (a permit
question for non-EU nationals), the partner (the partner's resources) and
the number of children (one age and one resources field per child, see
:mod:`procedures.minimum_income.form`). The lone-parent question applies only
to a person alone with children, because only then can the increased amount
(out of scope, routed to a person) be due.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from guichet.i18n.texts import texts_for
from procedures.minimum_income.form import MAX_CHILDREN, child_field

__all__ = ["applicable_fields", "check_field", "children", "next_field", "prune"]


def children(values: Mapping[str, Any]) -> int:
    """Return the number of dependent children answered so far (0 if unknown)."""
    count = values.get("children_count")
    if isinstance(count, int) and not isinstance(count, bool):
        return max(0, min(count, MAX_CHILDREN))
    return 0


def applicable_fields(values: Mapping[str, Any]) -> list[str]:
    """Return the fields that apply given the answers so far, in asking order.

    Args:
        values: The answers so far.

    Returns:
        Field names in asking order.
    """
    names = ["applicant_name", "birth_date", "address", "nationality"]
    if values.get("nationality") == "other":
        names.append("residence_permit_years")
    names += ["stable_residence", "has_partner", "children_count"]
    count = children(values)
    names += [child_field(i, "age") for i in range(1, count + 1)]
    names.append("pregnancy")
    if values.get("has_partner") is False and count > 0:
        names.append("recent_separation")
    names.append("applicant_resources")
    if values.get("has_partner") is True:
        names.append("partner_resources")
    names += [child_field(i, "resources") for i in range(1, count + 1)]
    names += ["housing", "iban"]
    return names


def next_field(values: Mapping[str, Any]) -> str | None:
    """Return the first applicable field without a value, or ``None`` when complete."""
    for name in applicable_fields(values):
        if values.get(name) is None:
            return name
    return None


def prune(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return only the values of fields that still apply (e.g. after fewer children)."""
    keep = set(applicable_fields(values))
    return {name: value for name, value in values.items() if name in keep}


_AGE_MESSAGES = texts_for("rsa_check_child_age")


def check_field(name: str, value: Any, values: Mapping[str, Any]) -> dict[str, str] | None:
    """Check a candidate value against the other answers.

    Field ranges are checked by the parser; the only cross-field rule is that
    a child's age stays below 25 even when typed as a correction.

    Returns:
        An error text per language, or ``None`` when the value is consistent.
    """
    if name.startswith("child_") and name.endswith("_age") and isinstance(value, int):
        return dict(_AGE_MESSAGES) if value >= 25 else None
    return None
