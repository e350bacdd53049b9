"""The question flow of the short-time-work notification.

The flow is a pure function of the answers so far: which fields apply, and
which one to ask next. Follow-up questions depend on the cause (as UDO asked
why hours are cut and then adapted) and on whether a works council exists.
Because applicability is recomputed from the answers every time, changing an
earlier answer simply makes other fields apply; :func:`prune` drops the
values of fields that no longer do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from guichet.i18n.catalog import translations
from guichet.i18n.formats import LANGUAGES

__all__ = ["applicable_fields", "check_field", "next_field", "prune"]

_HEAD: tuple[str, ...] = ("cause", "cause_description")
_FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    "economic": ("orders_expected_to_recover",),
    "unavoidable_event": ("event_type", "event_date"),
}
_FIGURES: tuple[str, ...] = (
    "loss_start_month",
    "expected_duration_months",
    "average_loss_percent",
    "headcount",
    "affected_employees",
    "affected_over_10_percent",
    "employees_social_insurance",
    "overtime_and_leave_used",
    "works_council",
)
_EMPLOYER: tuple[str, ...] = (
    "employer_name",
    "employer_address",
    "betriebsnummer",
    "industry",
    "contact_person",
    "contact_email",
)

# (smaller, larger): the first count is a subset of the second.
_SUBSETS: tuple[tuple[str, str], ...] = (
    ("affected_employees", "headcount"),
    ("affected_over_10_percent", "affected_employees"),
    ("affected_over_10_percent", "headcount"),
    ("employees_social_insurance", "headcount"),
)


def _has_value(values: Mapping[str, Any], name: str) -> bool:
    return values.get(name) is not None


def applicable_fields(values: Mapping[str, Any]) -> list[str]:
    """Return the fields that apply given the answers so far, in asking order.

    Follow-ups appear only once the answer they depend on is known: the cause's
    follow-ups after the cause, the works council's statement after a "yes".

    Args:
        values: The answers so far (field name to normalised value).

    Returns:
        Field names in asking order.

    """
    names = list(_HEAD)
    names.extend(_FOLLOW_UPS.get(str(values.get("cause")), ()))
    names.extend(_FIGURES)
    if values.get("works_council") is True:
        names.append("works_council_consent")
    names.extend(_EMPLOYER)
    return names


def next_field(values: Mapping[str, Any]) -> str | None:
    """Return the next field to ask, or ``None`` when the form is complete.

    A field is asked when it applies and has no value (missing or ``None``).

    Args:
        values: The answers so far.

    Returns:
        The name of the first applicable field without a value, or ``None``.

    """
    for name in applicable_fields(values):
        if not _has_value(values, name):
            return name
    return None


def prune(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return only the values of fields that still apply.

    Call it after an earlier answer changed: when the cause changes from
    ``economic`` to ``unavoidable_event``, ``orders_expected_to_recover`` is
    dropped (and the event questions will be asked); when the works council
    answer becomes "no", its statement is dropped. Keys that are not fields
    of this form are dropped too. One pass suffices because applicability
    depends only on ``cause`` and ``works_council``, which always apply.

    Args:
        values: The answers so far.

    Returns:
        A new dict; ``values`` is not modified.

    """
    keep = set(applicable_fields(values))
    return {name: value for name, value in values.items() if name in keep}


def _count(value: Any) -> int | None:
    # bool is an int subclass; a yes/no answer is never a head count.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def _message(pair: tuple[str, str], small: int, large: int) -> dict[str, str]:
    # The sentence takes the form the larger count asks for ("1 employee in
    # total", "only 1 is affected"): plural forms of the catalogues.
    key = f"stw_check_{pair[0]}_{pair[1]}"
    return {
        lang: translations(lang).ngettext(key, key, large) % {"small": small, "large": large}
        for lang in LANGUAGES
    }


def check_field(name: str, value: Any, values: Mapping[str, Any]) -> dict[str, str] | None:
    """Check a candidate value against the other answers.

    The head counts must nest: affected ≤ headcount, affected losing more
    than 10 % ≤ affected (and ≤ headcount), subject to social insurance ≤
    headcount. The check runs in both directions, so correcting the headcount
    to below an already given affected number is reported on the headcount.

    Args:
        name: The field the candidate value is for.
        value: The candidate value (already parsed).
        values: The other answers so far (the field's previous value, if any,
            is ignored).

    Returns:
        An error text per language (``de``, ``en``, ``fr``), or ``None`` when
        the value is consistent.

    """
    candidate = _count(value)
    if candidate is None:
        return None
    for small_name, large_name in _SUBSETS:
        if name == small_name:
            large = _count(values.get(large_name))
            if large is not None and candidate > large:
                return _message((small_name, large_name), candidate, large)
        elif name == large_name:
            small = _count(values.get(small_name))
            if small is not None and small > candidate:
                return _message((small_name, large_name), small, candidate)
    return None


# Question-flow version 2 (graph ``short_time_work_intake_v2``): the period
# comes before the question whether normal hours return within it ("Do you
# expect normal hours within the expected period?" made no sense before any
# period was given).
_FIGURES_V2: tuple[str, ...] = (
    "loss_start_month",
    "expected_duration_months",
    "average_loss_percent",
    "headcount",
    "affected_employees",
    "affected_over_10_percent",
    "employees_social_insurance",
    "overtime_and_leave_used",
    "works_council",
)


def applicable_fields_v2(values: Mapping[str, Any]) -> list[str]:
    """Fields in asking order for flow version 2: recovery asked after the period.

    Args:
        values: The answers so far.

    Returns:
        Field names in asking order.
    """
    names = list(_HEAD)
    cause = str(values.get("cause"))
    if cause == "unavoidable_event":
        names.extend(_FOLLOW_UPS[cause])
    names.extend(_FIGURES_V2[:2])
    if cause == "economic":
        names.extend(_FOLLOW_UPS[cause])
    names.extend(_FIGURES_V2[2:])
    if values.get("works_council") is True:
        names.append("works_council_consent")
    names.extend(_EMPLOYER)
    return names


def next_field_v2(values: Mapping[str, Any]) -> str | None:
    """The next field of flow version 2 (see :func:`applicable_fields_v2`)."""
    for name in applicable_fields_v2(values):
        if not _has_value(values, name):
            return name
    return None
