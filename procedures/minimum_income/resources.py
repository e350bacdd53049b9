"""The household's resources as the RSA counts them (CASF R262-6 ff.).

Two question flows fill the form (see :mod:`procedures.minimum_income.form_v2`):

* the first flow asked each member's resources as a three-month total
  (``applicant_resources``, ``partner_resources``) and asked neither the
  family benefits nor the amount of housing benefit;
* the second asks what people know: net monthly pay and other income per
  month when they were the same in each of the last three months, else the
  income of each month; the family benefits received; the amount of housing
  benefit; whether earnings stopped.

The rules accept both: the functions here say which form a claim used and
work out the quarterly figure from whichever answers are there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from procedures.minimum_income.parameters import RsaParameters

__all__ = [
    "MONTHS",
    "FamilyBenefits",
    "asks_family_benefits",
    "family_benefits",
    "member_quarter",
    "money",
]

MONTHS = 3
"""The RSA looks at the resources of the last three months (CASF R262-7)."""


def money(value: Any) -> Decimal:
    """Return a form amount as an exact Decimal (``None`` is 0).

    Raises:
        ValueError: If ``value`` is not a number.
    """
    if value is None:
        return Decimal(0)
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"not an amount: {type(value).__name__}")
    # Through str: 1234.56 (a float from the form) is exactly 1234.56 here.
    return Decimal(str(value))


def member_quarter(values: Mapping[str, Any], member: str) -> Decimal:
    """Return a member's resources over the last three months.

    Args:
        values: The form.
        member: ``applicant`` or ``partner``.

    Returns:
        The three-month total: the answer itself on the first form; on the
        second, three times (net monthly pay + other monthly income) when
        both were the same each month, else the sum of the three months.
    """
    same = values.get(f"{member}_income_same")
    if same is None:
        return money(values.get(f"{member}_resources"))
    if same is True:
        monthly = money(values.get(f"{member}_net_pay")) + money(
            values.get(f"{member}_other_income")
        )
        return monthly * MONTHS
    return sum(
        (money(values.get(f"{member}_income_month_{n}")) for n in range(1, MONTHS + 1)),
        Decimal(0),
    )


def asks_family_benefits(values: Mapping[str, Any], children: int) -> bool:
    """Return whether the claim's form asked the family benefits received.

    The second question flow always asks about the allocation de soutien
    familial when there is a child, so its answer marks that form.
    """
    return children == 0 or "asf_received" in values


@dataclass(frozen=True)
class FamilyBenefits:
    """The family benefits counted as monthly resources (CASF R262-6, R262-10-1).

    Attributes:
        allowances: Allocations familiales received (monthly, as answered).
        paje_base: PAJE base allowance received (monthly, as answered).
        complement_familial: The complément familial without its increase
            (BMAF × base rate) when one is received, else 0.
        asf_children: Children for whom the ASF is received.
        asf: The flat ASF share counted (BMAF × flat rate per child).
        total: Their sum.
    """

    allowances: Decimal
    paje_base: Decimal
    complement_familial: Decimal
    asf_children: int
    asf: Decimal
    total: Decimal


def _asf_children(values: Mapping[str, Any], children: int) -> int:
    if values.get("asf_received") is not True:
        return 0
    count = values.get("asf_children")
    if isinstance(count, int) and not isinstance(count, bool):
        return max(1, min(count, children))
    return 1  # asked only for several children: with one, it is that child


def family_benefits(
    values: Mapping[str, Any], children: int, params: RsaParameters
) -> FamilyBenefits:
    """Return the family benefits counted as resources, from the answers.

    The amounts of allocations familiales and PAJE are counted as answered;
    the complément familial and the ASF count with fixed amounts whatever was
    paid (CASF R262-10-1 for the ASF share; the increase of the complément
    familial is not counted), so only whether they are received is asked.
    Not asked (first form): nothing is counted, and the explanation says so.
    """
    allowances = money(values.get("family_allowances"))
    paje = money(values.get("paje_base"))
    cf = params.bmaf * params.cf_rate if values.get("complement_familial") is True else Decimal(0)
    asf_children = _asf_children(values, children)
    asf = params.bmaf * params.asf_flat_rate * asf_children
    return FamilyBenefits(
        allowances=allowances,
        paje_base=paje,
        complement_familial=cf,
        asf_children=asf_children,
        asf=asf,
        total=allowances + paje + cf + asf,
    )
