"""Eligibility: the procedure's rules and sign-off policy, as an activity.

The rules are pure, but they run as an activity so that their result (with
the parameter set used) is recorded in history: a later change of rules or
parameters can never change what a replayed case decided.
"""

from __future__ import annotations

import structlog
from temporalio import activity
from temporalio.exceptions import ApplicationError

from procedures import get_procedure
from schemas.rules import EligibilityInput, EligibilityResult

log = structlog.get_logger(__name__)

RULES_FAILED = "rules_failed"
"""The error type of rules that raised: never retried, the case goes to a caseworker."""


@activity.defn(name="eligibility.evaluate")
async def evaluate_eligibility(request: EligibilityInput) -> EligibilityResult:
    """Apply the procedure's rules and sign-off policy to a complete form."""
    procedure = get_procedure(request.procedure, request.graph)
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
