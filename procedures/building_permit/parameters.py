"""Dated parameter sets of building applications (Code de l'urbanisme)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from schemas.rules import ParameterSetRef

__all__ = ["PARAMETER_SETS", "NoParameterSetError", "PermitParameters", "parameters_for"]


class NoParameterSetError(LookupError):
    """No parameter set covers the requested date."""


LEGAL_SOURCES: dict[str, str] = {
    "application_form": "Code de l'urbanisme R*421-9 and R*421-14 (up to 20 m², 40 m² in an "
    "urban zone with a PLU: prior declaration); R*423-23 and R*423-24 (instruction period)",
    "documents": "Code de l'urbanisme R*431-7 ff. (documents of the application)",
    "planning_rules": "Code de l'urbanisme L421-6 (compliance with the planning rules)",
    "instruction_period": "Code de l'urbanisme R*423-23 (one month for a prior declaration, "
    "two for a single house, three for other permits) and R*423-24 (one month more in the "
    "surroundings of a historic monument); the other increases and extensions of R*423-25 "
    "to R*423-37 are not modelled",
    "completeness": "Code de l'urbanisme R*423-38 and R*423-39 (one request within a month, "
    "three months to complete)",
    "consultations": "Code de l'urbanisme R*423-50 and R*423-59 (one month; silence is agreement)",
    "tacit_decision": "Code de l'urbanisme R*424-1 (silence at the end of the period is "
    "approval); not moved when it ends on a non-working day",
    "third_party_appeal": "Code de l'urbanisme R600-2 (two months from the posting on site)",
    "objection": "Recours gracieux within two months of notification (CRPA L411-2, CJA "
    "R421-1); a period ending on a Saturday, Sunday or public holiday runs on to the next "
    "working day (Code de procédure civile, art. 642)",
}
"""The provision behind each criterion and each time limit."""


class PermitParameters(BaseModel):
    """One dated set of building-application parameters.

    Attributes:
        id: Recorded in every rule outcome.
        effective_from: First day the set applies.
        effective_to: Last day, inclusive; ``None`` while in force.
        source: Where the values come from.
        declaration_max_area: Works creating up to this many m² need only a
            prior declaration.
        declaration_max_area_urban: The same in an urban zone with a local plan.
        months_declaration: Instruction period of a prior declaration.
        months_single_house: Of a permit for a single house.
        months_other_permit: Of other permits.
        months_abf_extra: Added when the ABF must be consulted.
        completeness_request_months: The office may ask for missing documents
            within this period after filing, once.
        completion_months: The applicant's period to supply them.
        consultation_months: A consulted service's period to answer.
        appeal_months: Recourse periods (applicant's recours gracieux and
            third parties' appeal after the posting).
        legal_sources: The provision behind each criterion (by code) and each
            time limit; the rules record it in every criterion.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    source: str
    declaration_max_area: int = Field(default=20, ge=0)
    declaration_max_area_urban: int = Field(default=40, ge=0)
    months_declaration: int = 1
    months_single_house: int = 2
    months_other_permit: int = 3
    months_abf_extra: int = 1
    completeness_request_months: int = 1
    completion_months: int = 3
    consultation_months: int = 1
    appeal_months: int = 2
    legal_sources: dict[str, str] = Field(default_factory=lambda: dict(LEGAL_SOURCES))

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


_SETS: tuple[PermitParameters, ...] = (
    PermitParameters(
        id="urbanisme-2012-01-01",
        effective_from=dt.date(2012, 1, 1),
        source=(
            "Code de l'urbanisme: R421-9 and R421-14 (20 m², 40 m² in an urban zone of a "
            "municipality with a PLU, from 1 January 2012); R423-23 and R423-24 (1, 2, 3 months, "
            "+1 month with the ABF); R423-38 and R423-39 (one request within a month, three "
            "months to complete, else tacit rejection); R423-59 (consulted services: one month, "
            "silence is agreement; applied to the ABF as well, a simplification); R424-1 (tacit "
            "approval); R600-2 (third parties: two months from the posting on site)"
        ),
    ),
)

PARAMETER_SETS: dict[str, PermitParameters] = {p.id: p for p in _SETS}
"""Every parameter set by id."""


def parameters_for(reference: dt.date) -> PermitParameters:
    """Return the parameter set in force on ``reference``.

    Raises:
        NoParameterSetError: If no set covers ``reference``.
    """
    for params in _SETS:
        if params.covers(reference):
            return params
    raise NoParameterSetError(f"no building-permit parameter set covers {reference.isoformat()}")
