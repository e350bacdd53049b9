"""The second RSA question flow (issue 20), registered as a new flow version.

Cases started before it keep the first flow
(:mod:`procedures.minimum_income.flow`) for their whole life; new cases take
this one (``workflow.patched(PATCH_ID)`` at case start, see
:class:`procedures.base.GraphVersion`). It differs from the first flow in
what it asks after the household's composition:

* for the applicant (and the partner): whether their income was the same in
  each of the last three months; if so the net monthly pay and the other
  monthly income, else the income of each of the three months;
* whether an income stopped with nothing replacing it;
* the family benefits received: allocations familiales (two children or
  more), the PAJE base allowance (a child under three), the complément
  familial (three children or more), the ASF (any child; for how many
  children when there are several);
* the amount of housing benefit, for a tenant receiving it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from guichet.i18n.texts import texts_for
from procedures.base import GraphVersion, Procedure
from procedures.minimum_income.flow import applicable_fields as first_flow
from procedures.minimum_income.flow import check_field as first_check
from procedures.minimum_income.flow import children
from procedures.minimum_income.form import child_field
from procedures.minimum_income.form_v2 import INCOME_MONTHS, income_month_field

__all__ = [
    "GRAPH_NAME",
    "PATCH_ID",
    "VERSION",
    "applicable_fields",
    "check_field",
    "next_field",
    "prune",
]

GRAPH_NAME = "minimum_income_intake_v2"
PATCH_ID = "rsa-flow-v2-monthly-income"

_FIRST_FLOW_INCOME = frozenset({"applicant_resources", "partner_resources"})


def _member(values: Mapping[str, Any], member: str) -> list[str]:
    names = [f"{member}_income_same"]
    same = values.get(f"{member}_income_same")
    if same is True:
        names += [f"{member}_net_pay", f"{member}_other_income"]
    elif same is False:
        names += [income_month_field(member, month) for month in INCOME_MONTHS]
    return names


def _ages(values: Mapping[str, Any]) -> list[int]:
    ages = (values.get(child_field(i, "age")) for i in range(1, children(values) + 1))
    return [a for a in ages if isinstance(a, int) and not isinstance(a, bool)]


def _family(values: Mapping[str, Any]) -> list[str]:
    count = children(values)
    if count == 0:
        return []
    names = []
    if count >= 2:
        names.append("family_allowances")
    if any(age < 3 for age in _ages(values)):
        names.append("paje_base")
    if count >= 3:
        names.append("complement_familial")
    names.append("asf_received")
    if values.get("asf_received") is True and count > 1:
        names.append("asf_children")
    return names


def applicable_fields(values: Mapping[str, Any]) -> list[str]:
    """Return the fields that apply given the answers so far, in asking order.

    Args:
        values: The answers so far.

    Returns:
        Field names in asking order.
    """
    names: list[str] = []
    for name in first_flow(values):
        if name in _FIRST_FLOW_INCOME:
            if name == "applicant_resources":
                names += _member(values, "applicant")
            else:
                names += _member(values, "partner")
        elif name == "housing":
            names += ["earnings_stopped", *_family(values), "housing"]
            if values.get("housing") == "tenant_with_benefit":
                names.append("housing_benefit")
        else:
            names.append(name)
    return names


def next_field(values: Mapping[str, Any]) -> str | None:
    """Return the first applicable field without a value, or ``None`` when complete."""
    for name in applicable_fields(values):
        if values.get(name) is None:
            return name
    return None


def prune(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return only the values of fields that still apply."""
    keep = set(applicable_fields(values))
    return {name: value for name, value in values.items() if name in keep}


_ASF_MESSAGES = texts_for("rsa_check_asf_children")


def check_field(name: str, value: Any, values: Mapping[str, Any]) -> dict[str, str] | None:
    """Check a candidate value against the other answers (the first flow's checks too).

    Returns:
        An error text per language, or ``None`` when the value is consistent.
    """
    if name == "asf_children" and isinstance(value, int) and value > children(values):
        return dict(_ASF_MESSAGES)
    return first_check(name, value, values)


def _variant(procedure: Procedure) -> Procedure:
    return dataclasses.replace(
        procedure,
        applicable_fields=applicable_fields,
        next_field=next_field,
        check_field=check_field,
        extra={**procedure.extra, "prune": prune},
    )


VERSION = GraphVersion(PATCH_ID, GRAPH_NAME, variant=_variant)
"""The second flow as a question-flow version of the RSA procedure."""
