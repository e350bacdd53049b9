"""Rule evaluation results: one explained line per criterion."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from schemas.extraction import Extraction


class CriterionResult(StrEnum):
    """Whether a criterion holds."""

    MET = "met"
    NOT_MET = "not_met"
    NEEDS_REVIEW = "needs_review"
    """The rules cannot decide; a person must (e.g. an out-of-scope situation)."""


class Criterion(BaseModel):
    """One legal criterion as evaluated for a case.

    Attributes:
        code: Stable identifier (e.g. ``significant_work_loss``).
        result: Met, not met, or needs review.
        explanation: One sentence per language saying why, with the figures.
        legal_basis: The provision it implements (e.g. ``§ 96 SGB III``).
    """

    code: str
    result: CriterionResult
    explanation: dict[str, str]
    legal_basis: str = ""


class ParameterSetRef(BaseModel):
    """Which dated parameter set a rule evaluation used."""

    id: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    source: str


class RuleOutcome(BaseModel):
    """The result of applying a procedure's rules to a complete form.

    Attributes:
        eligible: True when every criterion is met.
        criteria: Every criterion with its explanation, in a stable order.
        parameter_set: The parameter set in force on the reference date.
        reference_date: The date the rules were applied for.
        amount: A computed monthly amount, where the procedure has one.
        facts: Derived facts a letter or a policy needs (e.g. the effective
            month, the allowance rates), as JSON-serialisable values.
    """

    eligible: bool
    criteria: list[Criterion]
    parameter_set: ParameterSetRef
    reference_date: dt.date
    amount: Decimal | None = None
    facts: dict[str, str | int | float | bool | None] = Field(default_factory=dict)


class SignOff(BaseModel):
    """What the sign-off policy decided about a rule outcome.

    Attributes:
        automatic: True when the case may be decided without a person.
        reasons: Why a person must sign it off (codes with text), empty when
            automatic.
        four_eyes: Whether two different caseworkers must approve.
        priority: Higher is more urgent in the queue.
    """

    automatic: bool
    reasons: list[str] = Field(default_factory=list)
    four_eyes: bool = False
    priority: int = 0


class EligibilityInput(BaseModel):
    """Input of the eligibility activity.

    Attributes:
        procedure: The procedure id.
        graph: The case's intake graph when it is a later question-flow
            version (its variant of the procedure applies), else ``None``.
        form: The complete form.
        provenance: Where each value came from (the policy checks confidence).
        received_on: The date the claim was received (local date).
        reference_date: The date whose parameter set applies.
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    procedure: str
    graph: str | None = None
    form: dict[str, Any]
    provenance: list[Extraction] = Field(default_factory=list)
    received_on: dt.date
    reference_date: dt.date


class EligibilityResult(BaseModel):
    """The rules' outcome and what the sign-off policy makes of it."""

    outcome: RuleOutcome
    sign_off: SignOff
