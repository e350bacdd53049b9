"""Eligibility: the procedure's rules and sign-off policy, as an activity.

The rules are pure, but they run as an activity so that their result (with
the parameter set used) is recorded in history: a later change of rules or
parameters can never change what a replayed case decided.
"""

from __future__ import annotations

import datetime as dt

import structlog
from temporalio import activity
from temporalio.exceptions import ApplicationError

from procedures import get_procedure
from procedures.base import Procedure
from schemas.form import UNRESOLVED
from schemas.rules import (
    Criterion,
    CriterionResult,
    EligibilityInput,
    EligibilityResult,
    ParameterSetRef,
    RuleOutcome,
    SignOff,
)

log = structlog.get_logger(__name__)

RULES_FAILED = "rules_failed"
"""The error type of rules that raised: never retried, the case goes to a caseworker
(``workflows.errors.RULES_FAILED``, the same string)."""


@activity.defn(name="eligibility.evaluate")
async def evaluate_eligibility(request: EligibilityInput) -> EligibilityResult:
    """Apply the procedure's rules and sign-off policy to a complete form."""
    procedure = get_procedure(request.procedure, request.graph)
    unresolved = [name for name, value in request.form.items() if value == UNRESOLVED]
    if unresolved:
        return unresolved_result(procedure, unresolved, request.reference_date)
    try:
        outcome = procedure.evaluate(request.form, request.received_on, request.reference_date)
        sign_off = procedure.sign_off(outcome, request.form, request.provenance)
    except Exception as error:
        # The rules are pure functions of the form: the same form fails the
        # same way on every attempt, so retrying would only hide the case.
        # The workflow sends it to a caseworker. Only the error's type is
        # told: its message may quote the form.
        log.error("rules_failed", procedure=request.procedure, error=type(error).__name__)
        raise ApplicationError(
            f"the rules could not be applied ({type(error).__name__})",
            type=RULES_FAILED,
            non_retryable=True,
        ) from None
    log.info(
        "eligibility evaluated",
        procedure=request.procedure,
        eligible=outcome.eligible,
        parameter_set=outcome.parameter_set.id,
        automatic=sign_off.automatic,
    )
    return EligibilityResult(outcome=outcome, sign_off=sign_off)


def unresolved_result(
    procedure: Procedure, fields: list[str], reference_date: dt.date
) -> EligibilityResult:
    """The outcome of a form with answers left to the caseworker: a person decides.

    The rules cannot read a value nobody gave, so they do not run; each
    such field becomes a criterion that needs review, and the case goes to
    a caseworker, who enters the values (then the rules run again).

    Args:
        procedure: The case's procedure.
        fields: The fields the applicant left to the caseworker.
        reference_date: The date the rules would have applied for.
    """
    criteria = []
    for name in fields:
        spec = procedure.fields.get(name)
        label = {lang: spec.label(lang) if spec else name for lang in ("de", "en", "fr")}
        criteria.append(
            Criterion(
                code=f"unresolved:{name}",
                result=CriterionResult.NEEDS_REVIEW,
                explanation={
                    "de": f"„{label['de']}“ konnte im Gespräch nicht geklärt werden: "
                    "bitte mit der antragstellenden Person klären und eintragen.",
                    "en": f'"{label["en"]}" could not be settled in the conversation: '
                    "clarify it with the applicant and enter it.",
                    "fr": f"« {label['fr']} » n'a pas pu être précisé pendant l'échange : "
                    "à voir avec le demandeur, puis à saisir.",
                },
            )
        )
    outcome = RuleOutcome(
        eligible=False,
        criteria=criteria,
        parameter_set=ParameterSetRef(
            id="not-applied",
            effective_from=reference_date,
            source="rules not applied: answers left to the caseworker",
        ),
        reference_date=reference_date,
    )
    reasons = [f"unresolved:{name}" for name in fields]
    return EligibilityResult(outcome=outcome, sign_off=SignOff(automatic=False, reasons=reasons))
