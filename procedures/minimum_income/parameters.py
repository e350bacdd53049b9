"""Dated parameter sets of the RSA (revenu de solidarité active).

The rules and the sign-off policy read every number from the set in force on
the case's reference date (the date the claim became complete); a rule
outcome names the set it used. Sets are only ever added.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.rules import ParameterSetRef

__all__ = ["PARAMETER_SETS", "NoParameterSetError", "RsaParameters", "parameters_for"]


class NoParameterSetError(LookupError):
    """No parameter set covers the requested date."""


_LEGAL_SOURCES: dict[str, str] = {
    "family_benefits": (
        "CASF R262-6 (every resource counts, family benefits included) and R262-11 (those "
        "excluded); CASF R262-10-1 (the allocation de soutien familial counts as a flat "
        "22.5 % of the BMAF per child); CSS D522-1 (complément familial, 41.65 % of the BMAF, "
        "counted without its increase)"
    ),
    "housing_deduction": (
        "CASF R262-9 and R262-10 (forfait logement: 12 %, 16 %, 16.5 % of the flat amount for "
        "one, two, three or more persons; for a household receiving housing benefit, at most "
        "the housing benefit received)"
    ),
    "standard_amount": (
        "CASF L262-9 and R262-1 (increased amount for a person alone who is pregnant or has "
        "a dependent child under three, or within 18 months of a separation)"
    ),
    "earnings_stopped": (
        "CASF R262-13 (earnings that stopped for good, with no replacement income, are no "
        "longer counted)"
    ),
    "resources": "CASF R262-6 and R262-7 (average monthly resources of the last three months)",
    "objection": (
        "CASF L262-47 (prior administrative appeal within two months); a period ending on a "
        "Saturday, Sunday or public holiday runs on to the next working day (Code de "
        "procédure civile, art. 642)"
    ),
}


class RsaParameters(BaseModel):
    """One dated set of RSA parameters.

    Attributes:
        id: Recorded in every rule outcome.
        effective_from: First day the set applies.
        effective_to: Last day, inclusive; ``None`` while in force.
        source: Where the values come from.
        flat_alone: Monthly flat amount for a person alone with 0, 1, 2 children.
        flat_couple: The same for a couple.
        flat_per_further_child: Added for each child from the third on.
        housing_one: Housing deduction for a household of one person.
        housing_two: For two persons.
        housing_three_plus: For three persons or more.
        minimum_payment: Below this monthly amount nothing is paid.
        minimum_age: Age from which a person alone qualifies without children.
        permit_years: Years of residence permits a non-EU national needs.
        four_eyes_above: Monthly amounts above this need two caseworkers.
        tacit_rejection_months: Silence for this long after the complete claim
            means rejection.
        appeal_months: Period of the prior administrative appeal (RAPO).
        bmaf: Base monthly amount of family allowances (BMAF) in force, from
            which the fixed family-benefit amounts counted as resources follow.
        cf_rate: The complément familial without its increase, as a share of
            the BMAF.
        asf_flat_rate: The flat share of the allocation de soutien familial
            counted per child, as a share of the BMAF.
        legal_sources: The provision behind each part of the computation, by
            criterion code or amount component; quoted in the explanations.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    source: str
    flat_alone: tuple[Decimal, Decimal, Decimal]
    flat_couple: tuple[Decimal, Decimal, Decimal]
    flat_per_further_child: Decimal
    housing_one: Decimal
    housing_two: Decimal
    housing_three_plus: Decimal
    minimum_payment: Decimal = Decimal("6")
    minimum_age: int = Field(default=25, gt=0)
    permit_years: int = Field(default=5, ge=0)
    four_eyes_above: Decimal = Decimal("1500")
    tacit_rejection_months: int = Field(default=2, gt=0)
    appeal_months: int = Field(default=2, gt=0)
    bmaf: Decimal
    cf_rate: Decimal = Decimal("0.4165")
    asf_flat_rate: Decimal = Decimal("0.225")
    legal_sources: dict[str, str] = Field(default_factory=lambda: dict(_LEGAL_SOURCES))

    @model_validator(mode="after")
    def _check(self) -> RsaParameters:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        return self

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


_SETS: tuple[RsaParameters, ...] = (
    RsaParameters(
        id="rsa-2025-04-01",
        effective_from=dt.date(2025, 4, 1),
        effective_to=dt.date(2026, 3, 31),
        source=(
            "Décret n° 2025-293 du 29 mars 2025, art. 1; Code de l'action sociale et des "
            "familles L262-1 ff.: montant forfaitaire revalued on 1 April 2025 (646.52 EUR "
            "for one person) with the published cent values per household, forfait "
            "logement (12 %, 16 %, 16.5 %), no payment below 6 EUR (CASF R262-39), "
            "silence for two months means rejection, prior administrative appeal "
            "within two months; values as listed in PROCEDURES.md section 2"
        ),
        flat_alone=(Decimal("646.52"), Decimal("969.78"), Decimal("1163.74")),
        flat_couple=(Decimal("969.78"), Decimal("1163.74"), Decimal("1357.70")),
        flat_per_further_child=Decimal("258.61"),
        housing_one=Decimal("77.58"),
        housing_two=Decimal("155.16"),
        housing_three_plus=Decimal("192.02"),
        # Instruction interministérielle DSS/2A/2C/2025/32 du 7 mars 2025 (BMAF from
        # 1 April 2025), as in OpenFisca-France 176.1.8 prestations_familiales.bmaf.
        bmaf=Decimal("474.37"),
    ),
    RsaParameters(
        id="rsa-2026-04-01",
        effective_from=dt.date(2026, 4, 1),
        source=(
            "Décret n° 2026-220 du 30 mars 2026, art. 1: montant de base of the RSA "
            "revalued by 0.8 % to 651.69 EUR for one person from 1 April 2026 (as in "
            "OpenFisca-France 176.1.8, prestations_sociales.solidarite_insertion."
            "minima_sociaux.rsa.rsa_m.montant_de_base_du_rsa). Household amounts derived "
            "with the rates of CASF R262-1 (x1.5 for a second person, x1.8 and x2.1 with the "
            "third and fourth, +40 % per further child of a person alone or from the fifth "
            "person) and the forfait logement rates of CASF R262-9 and R262-10 (12 % of the "
            "one-person, 16 % of the two-person and 16.5 % of the three-person amount), "
            "each rounded half-up to the cent; unchanged: no payment below 6 EUR (CASF "
            "R262-39), silence for two months means rejection, prior "
            "administrative appeal within two months"
        ),
        flat_alone=(Decimal("651.69"), Decimal("977.54"), Decimal("1173.04")),
        flat_couple=(Decimal("977.54"), Decimal("1173.04"), Decimal("1368.55")),
        flat_per_further_child=Decimal("260.68"),
        housing_one=Decimal("78.20"),
        housing_two=Decimal("156.41"),
        housing_three_plus=Decimal("193.55"),
        # Instruction interministérielle of 20 March 2026 on the revaluation of family
        # benefits on 1 April 2026 (BMAF 478.16), as in OpenFisca-France 176.1.8
        # prestations_familiales.bmaf.
        bmaf=Decimal("478.16"),
    ),
)

PARAMETER_SETS: dict[str, RsaParameters] = {p.id: p for p in _SETS}
"""Every parameter set by id."""


def parameters_for(reference: dt.date) -> RsaParameters:
    """Return the parameter set in force on ``reference``.

    Raises:
        NoParameterSetError: If no set covers ``reference``.
    """
    # The latest set in force wins: a set whose end date is not known yet
    # must never shadow the ones that follow it.
    for params in sorted(_SETS, key=lambda p: p.effective_from, reverse=True):
        if params.covers(reference):
            return params
    raise NoParameterSetError(
        f"no RSA parameter set covers {reference.isoformat()}; "
        f"the earliest starts on {_SETS[0].effective_from.isoformat()}"
    )
