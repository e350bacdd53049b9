"""Dated parameter sets for the short-time-work allowance.

The rules never hold a number themselves: they read the set in force on the
case's reference date, and the rule outcome names that set, so an audit can
see which law was applied and a what-if run can apply another set by id.
A new set is only ever added (never edited), so replaying an old case gives
the same result.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.rules import ParameterSetRef

__all__ = ["PARAMETER_SETS", "NoParameterSetError", "StwParameters", "parameters_for"]


class NoParameterSetError(LookupError):
    """No parameter set covers the requested date."""


LEGAL_SOURCES: dict[str, str] = {
    "cause_recognised": "§ 95 Satz 1 Nr. 1, § 96 Abs. 1 Satz 1 Nr. 1, Abs. 3 SGB III",
    "temporary": "§ 96 Abs. 1 Satz 1 Nr. 2 SGB III",
    "unavoidable": "§ 96 Abs. 1 Satz 1 Nr. 3, Abs. 4 SGB III",
    "minimum_share": "§ 96 Abs. 1 Satz 1 Nr. 4 SGB III",
    "social_insurance": "§ 95 Satz 1 Nr. 2 and 3, §§ 97, 98 Abs. 1 SGB III",
    "works_council": "§ 99 Abs. 1 Satz 2 SGB III",
    "timely_notification": "§ 99 Abs. 1 Satz 1, Abs. 2 SGB III",
    "max_duration": "§ 104 Abs. 1 SGB III",
    "rates": "§ 105 SGB III",
    "objection": "§ 84 Abs. 1 SGG; a period ending on a Saturday, Sunday or public holiday "
    "runs on to the next working day (§ 64 Abs. 3 SGG, § 26 Abs. 3 SGB X)",
}
"""The provision behind each criterion (and value) of the normal rules."""

_EASED_SOURCES: dict[str, str] = {
    **LEGAL_SOURCES,
    "minimum_share": "§ 96 Abs. 1 Satz 1 Nr. 4 SGB III as eased under § 109 Abs. 5 SGB III "
    "by § 1 Nr. 1 KugV (10 % of employees)",
    "unavoidable": "§ 96 Abs. 1 Satz 1 Nr. 3, Abs. 4 SGB III; negative balances waived by "
    "§ 1 Nr. 2 KugV",
}


class StwParameters(BaseModel):
    """One dated, versioned set of short-time-work parameters.

    The minimum share is kept as an integer numerator and denominator so that
    "one third" is compared exactly (``affected * 3 >= headcount``), without
    the rounding a float would bring at the boundary.

    Attributes:
        id: Stable identifier, recorded in every rule outcome.
        effective_from: First day the set applies (reference date).
        effective_to: Last day it applies, inclusive; ``None`` while in force.
        source: The legal source of the values.
        min_share_numerator: Numerator of the minimum share of employees who
            must each lose more than 10 % of their gross pay.
        min_share_denominator: Its denominator.
        negative_balances_required: Whether negative working-time balances
            must be built up before the loss counts as unavoidable.
        rate_standard: Allowance rate of the net pay difference.
        rate_with_child: Rate for employees with at least one child.
        max_duration_months: Maximum entitlement duration.
        max_auto_affected: Above this many affected employees a person signs
            off (a policy value, not law).
        notes: What the set deliberately simplifies.
        legal_sources: The provision behind each criterion, by criterion code
            (and ``max_duration``, ``rates``, ``objection``); the rules record
            it in every criterion.

    """

    model_config = ConfigDict(frozen=True)

    id: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    source: str
    min_share_numerator: int = Field(gt=0)
    min_share_denominator: int = Field(gt=0)
    negative_balances_required: bool
    rate_standard: Decimal = Decimal("0.60")
    rate_with_child: Decimal = Decimal("0.67")
    max_duration_months: int = Field(default=12, gt=0)
    max_auto_affected: int = Field(default=250, gt=0)
    notes: str = ""
    legal_sources: dict[str, str] = Field(default_factory=lambda: dict(LEGAL_SOURCES))

    @model_validator(mode="after")
    def _check(self) -> StwParameters:
        if self.min_share_numerator > self.min_share_denominator:
            raise ValueError("minimum share must not exceed 1")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        return self

    @property
    def min_share(self) -> Fraction:
        """The minimum share as an exact fraction (1/3, 1/10)."""
        return Fraction(self.min_share_numerator, self.min_share_denominator)

    def covers(self, day: dt.date) -> bool:
        """Return whether the set is in force on ``day``."""
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )

    def ref(self) -> ParameterSetRef:
        """Return the reference recorded in a rule outcome."""
        return ParameterSetRef(
            id=self.id,
            effective_from=self.effective_from,
            effective_to=self.effective_to,
            source=self.source,
        )


_NORMAL_SOURCE = (
    "§ 96 Abs. 1 Satz 1 Nr. 4 and Abs. 4 SGB III (one third of employees, "
    "more than 10 % pay loss); § 104 Abs. 1 SGB III (12 months); "
    "§ 105 SGB III (60 % / 67 %)"
)

_SETS: tuple[StwParameters, ...] = (
    StwParameters(
        id="stw-2019-01-01",
        effective_from=dt.date(2019, 1, 1),
        effective_to=dt.date(2020, 2, 29),
        source=_NORMAL_SOURCE + ", as in force in 2019",
        min_share_numerator=1,
        min_share_denominator=3,
        negative_balances_required=True,
        notes="Earliest set kept; cases with an earlier reference date are not supported.",
    ),
    StwParameters(
        id="stw-2020-03-01-eased",
        effective_from=dt.date(2020, 3, 1),
        effective_to=dt.date(2023, 6, 30),
        source=(
            "Gesetz zur befristeten krisenbedingten Verbesserung der Regelungen für das "
            "Kurzarbeitergeld of 13 March 2020 (BGBl. 2020 I S. 493); "
            "Kurzarbeitergeldverordnung (KugV) of 25 March 2020 (BGBl. 2020 I S. 595), "
            "retroactive to 1 March 2020: 10 % of employees suffice, no negative "
            "working-time balances; extended by amending ordinances and, from "
            "1 July 2022, the Kurzarbeitergeldzugangsverordnung (KugZuV) until "
            "30 June 2023. Rates and 12 months: §§ 104, 105 SGB III"
        ),
        min_share_numerator=1,
        min_share_denominator=10,
        negative_balances_required=False,
        legal_sources=_EASED_SOURCES,
        notes=(
            "Simplified: the maximum duration stays 12 months. During this period "
            "ordinances extended it for establishments that had started short-time "
            "work by given dates (up to 24, later 28 months), and increased rates "
            "(70/77 % from the 4th month, 80/87 % from the 7th) applied for "
            "employees with a large pay loss; both depend on facts the notification "
            "does not hold and belong to the monthly claims, which are out of scope."
        ),
    ),
    StwParameters(
        id="stw-2023-07-01",
        effective_from=dt.date(2023, 7, 1),
        effective_to=None,
        source=_NORMAL_SOURCE + "; eased access ended on 30 June 2023 (KugZuV)",
        min_share_numerator=1,
        min_share_denominator=3,
        negative_balances_required=True,
    ),
)

PARAMETER_SETS: dict[str, StwParameters] = {p.id: p for p in _SETS}
"""Every parameter set by id, for audits and what-if evaluations."""


def parameters_for(reference: dt.date) -> StwParameters:
    """Return the parameter set in force on ``reference``.

    Args:
        reference: The case's reference date (the date the notification was
            received).

    Returns:
        The set whose validity period contains ``reference``.

    Raises:
        NoParameterSetError: If no set covers ``reference`` (a ``LookupError``).

    """
    for params in _SETS:
        if params.covers(reference):
            return params
    raise NoParameterSetError(
        f"no short-time-work parameter set covers {reference.isoformat()}; "
        f"the earliest starts on {_SETS[0].effective_from.isoformat()}"
    )
