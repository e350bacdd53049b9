"""Who decides a short-time-work notification: the system or a caseworker.

The system may only approve, and only a clear case: every criterion met, every
value read with high confidence, a recognised cause and a number of affected
employees small enough that a mistake stays contained. Everything else goes
to a person with machine-readable reason codes (the queue shows them with
:func:`describe_reason`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from guichet.i18n.texts import texts_for
from procedures.short_time_work.flow import applicable_fields
from procedures.short_time_work.parameters import PARAMETER_SETS
from schemas.extraction import Extraction
from schemas.rules import CriterionResult, RuleOutcome, SignOff

__all__ = ["CONFIDENCE_THRESHOLD", "REASON_TEXTS", "describe_reason", "sign_off"]

CONFIDENCE_THRESHOLD = 0.8
"""Extractions below this confidence need a person's check (``Procedure.confidence_threshold``)."""

# Refusals and large establishments first: a wrong refusal hurts the employer,
# a wrong approval for many employees costs the most.
_PRIORITY_MANUAL = 1
_PRIORITY_REFUSAL = 2
_PRIORITY_MANY_AFFECTED = 2

# The catalogue's %(field)s and %(limit)s become {field} and {limit}, which
# describe_reason fills.
REASON_TEXTS: dict[str, dict[str, str]] = {
    "refusal": texts_for("stw_reason_refusal"),
    "low_confidence": texts_for("stw_reason_low_confidence", field="{field}"),
    "cause_other": texts_for("stw_reason_cause_other"),
    "many_affected": texts_for("stw_reason_many_affected", limit="{limit}"),
    "needs_review": texts_for("stw_reason_needs_review", field="{field}"),
    "not_eligible": texts_for("stw_reason_not_eligible"),
}
"""Text per reason code and language (catalogue keys ``stw_reason_<code>``);
``{field}`` and ``{limit}`` are filled in."""


def describe_reason(reason: str, language: str) -> str:
    """Return a reason code as a sentence for the approval queue.

    Args:
        reason: A code from :func:`sign_off` (``low_confidence:headcount``...).
        language: ``de``, ``en`` or ``fr``; others fall back to English.

    Returns:
        The sentence, or the code itself when it is unknown.

    """
    code, _, detail = reason.partition(":")
    texts = REASON_TEXTS.get(code)
    if texts is None:
        return reason
    text = texts.get(language) or texts["en"]
    limit = max(p.max_auto_affected for p in PARAMETER_SETS.values())
    return text.format(field=detail, limit=limit)


def _latest_by_field(extractions: Sequence[Extraction]) -> dict[str, Extraction]:
    # A corrected answer supersedes the earlier reading: only the latest turn
    # counts (list order breaks ties, later wins).
    latest: dict[str, Extraction] = {}
    for extraction in extractions:
        current = latest.get(extraction.field)
        if current is None or extraction.turn >= current.turn:
            latest[extraction.field] = extraction
    return latest


def sign_off(
    outcome: RuleOutcome, values: Mapping[str, Any], extractions: Sequence[Extraction]
) -> SignOff:
    """Decide whether a notification may be approved without a person.

    Automatic only when the outcome is eligible, the latest extraction of every
    applicable field has confidence ≥ :data:`CONFIDENCE_THRESHOLD`, the cause
    is not ``other`` and at most ``max_auto_affected`` (250, from the
    parameter set) employees are affected. Otherwise the reasons are codes:
    ``refusal``, ``low_confidence:<field>``, ``cause_other``, ``many_affected``
    (and ``needs_review:<criterion>`` for a criterion the rules could not
    decide other than the cause, which ``cause_other`` already covers).

    Args:
        outcome: The rules' outcome.
        values: The form values.
        extractions: Provenance of the values; extractions of fields that no
            longer apply are ignored.

    Returns:
        The sign-off decision; ``priority`` is 0 when automatic, higher for
        refusals and for many affected employees.

    """
    params = PARAMETER_SETS[outcome.parameter_set.id]
    reasons: list[str] = []
    priority = 0

    if any(c.result is CriterionResult.NOT_MET for c in outcome.criteria):
        reasons.append("refusal")
        priority += _PRIORITY_REFUSAL
    cause_other = values.get("cause") == "other"
    for criterion in outcome.criteria:
        if criterion.result is CriterionResult.NEEDS_REVIEW and not (
            cause_other and criterion.code == "cause_recognised"
        ):
            reasons.append(f"needs_review:{criterion.code}")

    applicable = set(applicable_fields(values))
    for name, extraction in _latest_by_field(extractions).items():
        if name in applicable and extraction.confidence < CONFIDENCE_THRESHOLD:
            reasons.append(f"low_confidence:{name}")

    if cause_other:
        reasons.append("cause_other")

    affected = values.get("affected_employees")
    # A missing count cannot prove the case is small: treat it as large.
    if not isinstance(affected, int) or affected > params.max_auto_affected:
        reasons.append("many_affected")
        priority += _PRIORITY_MANY_AFFECTED

    if not outcome.eligible and not reasons:
        # Defensive: a non-eligible outcome must never be approved automatically.
        reasons.append("not_eligible")

    if not reasons:
        return SignOff(automatic=True, reasons=[], four_eyes=False, priority=0)
    return SignOff(
        automatic=False,
        reasons=reasons,
        four_eyes=False,
        priority=_PRIORITY_MANUAL + priority,
    )
