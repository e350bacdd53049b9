"""Who decides an RSA claim: the system, one caseworker, or two.

The system may only grant a clear claim: every criterion met, every value
read with confidence, and a monthly amount up to the four-eyes threshold.
Every refusal goes to a person; an amount above the threshold needs two
different caseworkers. A possible duplicate is flagged by the engine's
duplicate check (see ``Lifecycle.duplicate_keys``) and also goes to a person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from procedures.minimum_income import flow, flow_v2
from procedures.minimum_income.parameters import PARAMETER_SETS
from schemas.extraction import Extraction
from schemas.rules import CriterionResult, RuleOutcome, SignOff

__all__ = ["CONFIDENCE_THRESHOLD", "sign_off"]

CONFIDENCE_THRESHOLD = 0.8
"""Extractions below this confidence need a person's check."""

_PRIORITY_MANUAL = 1
_PRIORITY_REFUSAL = 2
_PRIORITY_FOUR_EYES = 1


def _latest(extractions: Sequence[Extraction]) -> dict[str, Extraction]:
    latest: dict[str, Extraction] = {}
    for extraction in extractions:
        current = latest.get(extraction.field)
        if current is None or extraction.turn >= current.turn:
            latest[extraction.field] = extraction
    return latest


def sign_off(
    outcome: RuleOutcome, values: Mapping[str, Any], extractions: Sequence[Extraction]
) -> SignOff:
    """Decide whether an RSA claim may be granted without a person.

    Reason codes: ``refusal``, ``needs_review:<criterion>``,
    ``low_confidence:<field>``, ``four_eyes`` (amount above the threshold of
    the parameter set, 1,500 EUR a month: ``four_eyes`` is then set).

    Args:
        outcome: The rules' outcome.
        values: The form values.
        extractions: Provenance of the values.

    Returns:
        The sign-off decision.
    """
    params = PARAMETER_SETS[outcome.parameter_set.id]
    reasons: list[str] = []
    priority = 0
    if any(c.result is CriterionResult.NOT_MET for c in outcome.criteria):
        reasons.append("refusal")
        priority += _PRIORITY_REFUSAL
    reasons += [
        f"needs_review:{c.code}"
        for c in outcome.criteria
        if c.result is CriterionResult.NEEDS_REVIEW
    ]
    # The form is either question flow's; a field of the other flow has no
    # value in it, so the union names exactly the fields that apply.
    applicable = set(flow.applicable_fields(values)) | set(flow_v2.applicable_fields(values))
    for name, extraction in _latest(extractions).items():
        if name in applicable and extraction.confidence < CONFIDENCE_THRESHOLD:
            reasons.append(f"low_confidence:{name}")
    four_eyes = outcome.amount is not None and outcome.amount > params.four_eyes_above
    if four_eyes:
        reasons.append("four_eyes")
        priority += _PRIORITY_FOUR_EYES
    if not outcome.eligible and not reasons:
        reasons.append("not_eligible")
    if not reasons:
        return SignOff(automatic=True)
    return SignOff(
        automatic=False, reasons=reasons, four_eyes=four_eyes, priority=_PRIORITY_MANUAL + priority
    )
