"""Who decides a building application: always a caseworker.

Every explicit decision, grant or refusal, is signed by a person; only the
statutory silence (see the lifecycle's tacit outcome) decides without one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from schemas.extraction import Extraction
from schemas.rules import CriterionResult, RuleOutcome, SignOff

__all__ = ["CONFIDENCE_THRESHOLD", "sign_off"]

CONFIDENCE_THRESHOLD = 0.8


def sign_off(
    outcome: RuleOutcome, values: Mapping[str, Any], extractions: Sequence[Extraction]
) -> SignOff:
    """Return a sign-off that always needs a person, with what to look at first."""
    reasons = ["signature_required"]
    reasons += [
        f"needs_review:{c.code}"
        for c in outcome.criteria
        if c.result is CriterionResult.NEEDS_REVIEW
    ]
    reasons += [
        f"low_confidence:{e.field}" for e in extractions if e.confidence < CONFIDENCE_THRESHOLD
    ]
    return SignOff(automatic=False, reasons=reasons, four_eyes=False, priority=1)
