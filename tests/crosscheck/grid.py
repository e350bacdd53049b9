"""The households of the OpenFisca cross-check of the RSA (standard library only).

Both sides read this grid: ``openfisca_rsa.py`` (in its own virtual
environment, with OpenFisca-France) and ``tests/unit/test_rsa_crosscheck.py`` (in
Guichet's, without it). Every household is described by what its members
receive; family benefits and housing benefit are *inputs* on both sides, so
that the RSA formula is compared and not OpenFisca's family-benefit or
housing-benefit models.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

__all__ = ["GRID", "MONTHS", "Household"]

MONTHS: tuple[str, ...] = ("2025-06", "2026-03", "2026-04")
"""The months compared: before and after the revaluation of 1 April 2026."""

APPLICANT_AGE = 35
PARTNER_AGE = 33


@dataclass(frozen=True)
class Household:
    """One household, the same in each of the months compared.

    Attributes:
        id: Stable name, used as the key of the reference table.
        couple: Whether the applicant lives with a partner.
        children: Ages of the dependent children (in whole years, in the month).
        pay: The applicant's net monthly pay, the same in each of the last
            three months.
        partner_pay: The partner's net monthly pay.
        unemployment: The applicant's monthly unemployment benefit.
        housing: ``owner_no_loan``, ``owner_with_loan``, ``free_housing``,
            ``tenant_with_benefit`` or ``tenant_without_benefit``.
        housing_benefit: The monthly housing benefit (tenants receiving it).
        family_allowances: Allocations familiales received a month (base amount).
        paje_base: PAJE base allowance received a month.
        complement_familial: Whether the complément familial is received.
        asf_children: Children for whom the allocation de soutien familial is received.
        earnings_stopped: The applicant's pay stopped this month (paid in
            each of the three months before, nothing in the month itself).
    """

    id: str
    couple: bool
    children: tuple[int, ...]
    pay: float = 0.0
    partner_pay: float = 0.0
    unemployment: float = 0.0
    housing: str = "tenant_without_benefit"
    housing_benefit: float = 0.0
    family_allowances: float = 0.0
    paje_base: float = 0.0
    complement_familial: bool = False
    asf_children: int = 0
    earnings_stopped: bool = False

    @property
    def lone_parent_under_three(self) -> bool:
        """A person alone with a child under three: the increased amount may apply."""
        return not self.couple and any(age < 3 for age in self.children)


# (couple, ages of the children): 0 to 4 children of various ages.
_COMPOSITIONS: tuple[tuple[bool, tuple[int, ...]], ...] = (
    (False, ()),
    (False, (7,)),
    (False, (1,)),
    (False, (4, 9)),
    (False, (5, 11, 15)),
    (False, (2, 6, 12)),
    (False, (3, 8, 13, 17)),
    (True, ()),
    (True, (6,)),
    (True, (0,)),
    (True, (4, 10)),
    (True, (3, 7, 14)),
    (True, (1, 5, 9, 16)),
    (True, (8, 12, 18, 21)),
)

_HOUSING: tuple[tuple[str, float], ...] = (
    ("tenant_without_benefit", 0.0),
    ("tenant_with_benefit", 312.40),  # above every flat rate: the whole flat rate
    ("tenant_with_benefit", 48.75),  # below it: the deduction is capped
    ("free_housing", 0.0),
    ("owner_no_loan", 0.0),
    ("owner_with_loan", 0.0),
)

# (applicant's pay, partner's pay, applicant's unemployment benefit), a month.
_INCOMES: tuple[tuple[float, float, float], ...] = (
    (0.0, 0.0, 0.0),
    (412.50, 0.0, 0.0),
    (0.0, 0.0, 287.33),
    (950.0, 300.0, 0.0),
    (1210.18, 0.0, 0.0),
    (0.0, 645.0, 120.0),
    (1890.0, 0.0, 0.0),
)

# Family allowances a month by number of children (an input: any plausible value).
_ALLOWANCES = {0: 0.0, 1: 0.0, 2: 151.80, 3: 346.27, 4: 540.73}


def _household(
    index: int,
    couple: bool,
    ages: tuple[int, ...],
    housing: str,
    benefit: float,
    incomes: tuple[float, float, float],
) -> Household:
    pay, partner_pay, unemployment = incomes
    kids = len(ages)
    under_three = any(age < 3 for age in ages)
    return Household(
        id=f"h{index:03d}_{'couple' if couple else 'alone'}_{kids}c_{housing}",
        couple=couple,
        children=ages,
        pay=pay,
        partner_pay=partner_pay if couple else 0.0,
        unemployment=unemployment,
        housing=housing,
        housing_benefit=benefit,
        # Alternate between households that receive their benefits and those that
        # do not, so both sides of each rule are compared.
        family_allowances=_ALLOWANCES[kids] if index % 4 != 3 else 0.0,
        paje_base=199.47 if under_three and index % 2 == 0 else 0.0,
        complement_familial=kids >= 3 and index % 3 != 0,
        asf_children=min(kids, 1 + index % 2) if not couple and kids and index % 3 == 1 else 0,
        earnings_stopped=pay > 0 and index % 13 == 5,
    )


def _grid() -> tuple[Household, ...]:
    rows = []
    combos = itertools.product(_COMPOSITIONS, _HOUSING)
    for index, ((couple, ages), (housing, benefit)) in enumerate(combos):
        incomes = _INCOMES[index % len(_INCOMES)]
        rows.append(_household(index, couple, ages, housing, benefit, incomes))
    return tuple(rows)


GRID: tuple[Household, ...] = _grid()
"""Every household compared (each in every month of :data:`MONTHS`)."""
