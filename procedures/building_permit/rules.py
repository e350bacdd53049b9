"""Rules of building applications (Code de l'urbanisme R421-9 ff., R423-23 ff.).

The rules decide the form of application (prior declaration or permit) and
the instruction period; whether the project complies with the local plan is
a planning officer's judgement, so that criterion always needs a person, and
every explicit decision is signed anyway.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from guichet.i18n.formats import LANGUAGES
from guichet.i18n.texts import texts_for
from procedures.building_permit.form import DOCUMENTS, FIELDS
from procedures.building_permit.parameters import PermitParameters, parameters_for
from schemas.form import FILE_NOT_PROVIDED as NOT_PROVIDED
from schemas.rules import Criterion, CriterionResult, RuleOutcome

__all__ = [
    "CRITERIA",
    "application_form",
    "evaluate",
    "instruction_months",
    "missing_documents",
]

CRITERIA: tuple[str, ...] = ("application_form", "documents", "planning_rules")

DECLARATION = "prior_declaration"
PERMIT = "building_permit"


def application_form(values: Mapping[str, Any], params: PermitParameters) -> str:
    """Return ``prior_declaration`` or ``building_permit`` from the area and the zone.

    Up to 20 m² created (40 m² in an urban zone with a local plan) a prior
    declaration suffices; above that a permit is needed.
    """
    area = int(values["floor_area"])
    limit = (
        params.declaration_max_area_urban
        if values.get("urban_zone") is True
        else params.declaration_max_area
    )
    return DECLARATION if area <= limit else PERMIT


def instruction_months(values: Mapping[str, Any], params: PermitParameters) -> int:
    """Return the instruction period in months (+1 when the ABF is consulted)."""
    if application_form(values, params) == DECLARATION:
        months = params.months_declaration
    elif values.get("project_type") == "new_house":
        months = params.months_single_house
    else:
        months = params.months_other_permit
    if values.get("near_monument") is True:
        months += params.months_abf_extra
    return months


def missing_documents(values: Mapping[str, Any]) -> list[str]:
    """Return the document fields answered "not yet"."""
    return [name for name in DOCUMENTS if values.get(name) in (None, NOT_PROVIDED)]


def evaluate(values: Mapping[str, Any], received_on: dt.date, reference: dt.date) -> RuleOutcome:
    """Apply the rules to a complete application.

    Args:
        values: The complete form.
        received_on: The date the file became complete (local).
        reference: The date whose parameter set applies.

    Returns:
        The outcome; ``facts`` hold the form of application and the
        instruction period, which the deadlines and letters use.
    """
    params = parameters_for(reference)
    form = application_form(values, params)
    months = instruction_months(values, params)
    area = int(values["floor_area"])
    # One whole sentence per form of application, in the plural its months take.
    if form == DECLARATION:
        said = texts_for("permit_rule_application_form_declaration", count=months, area=area)
    else:
        said = texts_for("permit_rule_application_form_permit", count=months, area=area)
    form_criterion = Criterion(
        code="application_form",
        result=CriterionResult.MET,
        explanation=said,
        legal_basis=params.legal_sources["application_form"],
    )
    missing = missing_documents(values)
    labels = {lang: ", ".join(FIELDS[name].label(lang) for name in missing) for lang in LANGUAGES}
    documents = Criterion(
        code="documents",
        result=CriterionResult.NEEDS_REVIEW if missing else CriterionResult.MET,
        explanation=(
            texts_for("permit_rule_documents_missing", documents=labels)
            if missing
            else texts_for("permit_rule_documents_complete")
        ),
        legal_basis=params.legal_sources["documents"],
    )
    planning = Criterion(
        code="planning_rules",
        result=CriterionResult.NEEDS_REVIEW,
        explanation=texts_for("permit_rule_planning_rules"),
        legal_basis=params.legal_sources["planning_rules"],
    )
    return RuleOutcome(
        eligible=False,
        criteria=[form_criterion, documents, planning],
        parameter_set=params.ref(),
        reference_date=reference,
        facts={
            "received_on": received_on.isoformat(),
            "application_form": form,
            "instruction_months": months,
            "missing_documents": ",".join(missing),
        },
    )
