"""What-if: re-evaluate a case's recorded form against another parameter set.

The recorded form, dates and outcome are read from the history (the
``eligibility.evaluate`` activity's input and result), never from the read
model, and the rules are pure, so this changes nothing anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel
from temporalio.client import WorkflowHistory

from procedures import get_procedure
from schemas.case import StartCaseInput
from schemas.rules import (
    EligibilityInput,
    EligibilityResult,
    ParameterSetRef,
    RuleOutcome,
    SignOff,
)
from tools.audit._history import activity_calls, decode

CURRENT = "current"
"""Parameter-set argument meaning: the rules now deployed, with the set in
force on the case's reference date."""


class CriterionComparison(BaseModel):
    """One criterion, as recorded and as re-evaluated."""

    code: str
    recorded: str | None
    what_if: str | None
    changed: bool
    recorded_explanation: str = ""
    what_if_explanation: str = ""


class FactComparison(BaseModel):
    """One derived fact (e.g. the flat amount), as recorded and as re-evaluated."""

    name: str
    recorded: str | None
    what_if: str | None
    changed: bool


class WhatIfReport(BaseModel):
    """The recorded evaluation next to the re-evaluation.

    Attributes:
        case_id: The case.
        recorded_parameter_set: The set the case was decided with.
        what_if_parameter_set: The set applied now.
        recorded_eligible: Whether the recorded rules found the case eligible.
        what_if_eligible: Whether the re-evaluation does.
        recorded_decision: The recorded decision path (automatic or sign-off
            with reasons).
        what_if_decision: The decision path the re-evaluation leads to.
        criteria: Every criterion side by side.
        recorded_set: The recorded set's reference (dates and source).
        what_if_set: The applied set's reference.
        recorded_amount: The recorded amount, where the procedure has one.
        what_if_amount: The re-evaluated amount.
        facts: Every derived fact side by side (amount steps, rates).
    """

    case_id: str
    recorded_parameter_set: str
    what_if_parameter_set: str
    recorded_eligible: bool
    what_if_eligible: bool
    recorded_decision: str
    what_if_decision: str
    criteria: list[CriterionComparison]
    recorded_set: ParameterSetRef | None = None
    what_if_set: ParameterSetRef | None = None
    recorded_amount: str | None = None
    what_if_amount: str | None = None
    facts: list[FactComparison] = []

    @property
    def changed(self) -> bool:
        """Whether anything differs from the recorded evaluation."""
        return self.recorded_eligible != self.what_if_eligible or any(
            c.changed for c in self.criteria
        )


class WhatIfError(LookupError):
    """The case has no rule evaluation, or the parameter set is unknown."""


def _decision(outcome: RuleOutcome, sign_off: SignOff) -> str:
    if outcome.eligible and sign_off.automatic:
        return "approved automatically"
    return "caseworker sign-off: " + ("; ".join(sign_off.reasons) or "review")


def _text(value: object) -> str | None:
    return None if value is None else str(value)


async def _language(runs: Sequence[WorkflowHistory]) -> str | None:
    if not runs or not runs[0].events:
        return None
    start = await decode(
        runs[0].events[0].workflow_execution_started_event_attributes.input, StartCaseInput
    )
    return start.language if start else None


async def recorded_evaluation(
    runs: Sequence[WorkflowHistory],
) -> tuple[EligibilityInput, EligibilityResult]:
    """Return the last completed rule evaluation of a case, from its histories.

    Raises:
        WhatIfError: The case was never evaluated (still in intake).
    """
    found: tuple[EligibilityInput, EligibilityResult] | None = None
    for history in runs:
        for call in activity_calls(history.events):
            if call.activity_type != "eligibility.evaluate" or not call.completed:
                continue
            request = await call.input(EligibilityInput)
            result = await call.result(EligibilityResult)
            if request is not None and result is not None:
                found = (request, result)
    if found is None:
        raise WhatIfError("the case has no recorded rule evaluation yet")
    return found


async def what_if(
    case_id: str, runs: Sequence[WorkflowHistory], parameter_set: str = CURRENT
) -> WhatIfReport:
    """Re-evaluate the recorded form against ``parameter_set`` (or the current rules).

    Args:
        case_id: The case.
        runs: Its histories, oldest first.
        parameter_set: A parameter set id of the case's procedure, or
            :data:`CURRENT`.

    Returns:
        Both evaluations side by side.

    Raises:
        WhatIfError: No recorded evaluation, unknown set, or the procedure
            cannot evaluate with a given set.
    """
    request, recorded = await recorded_evaluation(runs)
    procedure = get_procedure(request.procedure, request.graph)
    if parameter_set == CURRENT:
        outcome = procedure.evaluate(request.form, request.received_on, request.reference_date)
    else:
        params = procedure.parameter_sets.get(parameter_set)
        if params is None or procedure.evaluate_with is None:
            known = ", ".join(sorted(procedure.parameter_sets)) or "none"
            raise WhatIfError(f"unknown parameter set {parameter_set!r} (known: {known})")
        outcome = procedure.evaluate_with(request.form, request.received_on, params)
    sign_off = procedure.sign_off(outcome, request.form, request.provenance)
    language = await _language(runs) or "en"
    before = {c.code: c for c in recorded.outcome.criteria}
    after = {c.code: c for c in outcome.criteria}
    codes = list(before) + [code for code in after if code not in before]
    criteria = []
    for code in codes:
        old, new = before.get(code), after.get(code)
        criteria.append(
            CriterionComparison(
                code=code,
                recorded=old.result.value if old else None,
                what_if=new.result.value if new else None,
                changed=(old.result if old else None) != (new.result if new else None),
                recorded_explanation=(old.explanation.get(language, "") if old else ""),
                what_if_explanation=(new.explanation.get(language, "") if new else ""),
            )
        )
    old_facts, new_facts = recorded.outcome.facts, outcome.facts
    facts = [
        FactComparison(
            name=name,
            recorded=_text(old_facts.get(name)),
            what_if=_text(new_facts.get(name)),
            changed=_text(old_facts.get(name)) != _text(new_facts.get(name)),
        )
        for name in [*old_facts, *(n for n in new_facts if n not in old_facts)]
    ]
    return WhatIfReport(
        case_id=case_id,
        recorded_set=recorded.outcome.parameter_set,
        what_if_set=outcome.parameter_set,
        recorded_amount=_text(recorded.outcome.amount),
        what_if_amount=_text(outcome.amount),
        facts=facts,
        recorded_parameter_set=recorded.outcome.parameter_set.id,
        what_if_parameter_set=outcome.parameter_set.id,
        recorded_eligible=recorded.outcome.eligible,
        what_if_eligible=outcome.eligible,
        recorded_decision=_decision(recorded.outcome, recorded.sign_off),
        what_if_decision=_decision(outcome, sign_off),
        criteria=criteria,
    )
