"""Decided cases whose parameter set is no longer the one in force on their date.

When a revaluation is entered late (the RSA's 2026-04-01 set after claims of
April 2026 on were decided with the 2025 amounts), those decisions are not
recomputed silently: they are listed here, from each case's own history (the
``eligibility.evaluate`` input and result, never the read model), with the
amount the set now in force would give, for a caseworker to revise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

from pydantic import BaseModel
from temporalio.client import WorkflowHistory

from procedures import get_procedure
from schemas.rules import EligibilityInput, EligibilityResult
from tools.audit.whatif import WhatIfError, recorded_evaluation

__all__ = ["RevisionCandidate", "find_revisions", "revision_candidate", "set_in_force"]


class RevisionCandidate(BaseModel):
    """A decided case evaluated with a set that is no longer the one in force on its date.

    Attributes:
        case_id: The case.
        procedure: Its procedure.
        reference_date: The date whose set applies.
        recorded_set: The set it was decided with.
        in_force_set: The latest set in force on ``reference_date`` now.
        recorded_amount: The amount recorded (``None``: not eligible).
        in_force_amount: The amount with the set now in force.
        recorded_eligible: Whether it was eligible.
        in_force_eligible: Whether it is with the set now in force.
    """

    case_id: str
    procedure: str
    reference_date: dt.date
    recorded_set: str
    in_force_set: str
    recorded_amount: str | None
    in_force_amount: str | None
    recorded_eligible: bool
    in_force_eligible: bool


def set_in_force(parameter_sets: Iterable[Any], day: dt.date) -> Any | None:
    """Return the latest set in force on ``day`` (sets with ``covers`` and ``effective_from``)."""
    covering = [p for p in parameter_sets if p.covers(day)]
    return max(covering, key=lambda p: p.effective_from) if covering else None


def revision_candidate(
    case_id: str, request: EligibilityInput, recorded: EligibilityResult
) -> RevisionCandidate | None:
    """Return the case as a revision candidate, or ``None`` when its set is still the right one.

    Pure: the recorded evaluation in, the comparison out; nothing is changed.
    """
    procedure = get_procedure(request.procedure, request.graph)
    if not procedure.parameter_sets or procedure.evaluate_with is None:
        return None
    in_force = set_in_force(procedure.parameter_sets.values(), request.reference_date)
    used = recorded.outcome.parameter_set.id
    if in_force is None or in_force.id == used:
        return None
    outcome = procedure.evaluate_with(request.form, request.received_on, in_force)
    return RevisionCandidate(
        case_id=case_id,
        procedure=request.procedure,
        reference_date=request.reference_date,
        recorded_set=used,
        in_force_set=in_force.id,
        recorded_amount=None if recorded.outcome.amount is None else str(recorded.outcome.amount),
        in_force_amount=None if outcome.amount is None else str(outcome.amount),
        recorded_eligible=recorded.outcome.eligible,
        in_force_eligible=outcome.eligible,
    )


async def find_revisions(
    case_ids: Sequence[str],
    histories: Callable[[str], Awaitable[list[WorkflowHistory]]],
) -> list[RevisionCandidate]:
    """Return the cases among ``case_ids`` decided with a set no longer in force on their date.

    Args:
        case_ids: Decided cases to look at.
        histories: Loads a case's runs, oldest first.
    """
    found = []
    for case_id in case_ids:
        try:
            request, recorded = await recorded_evaluation(await histories(case_id))
        except WhatIfError:
            continue  # never evaluated (withdrawn during intake, tacitly decided...)
        candidate = revision_candidate(case_id, request, recorded)
        if candidate is not None:
            found.append(candidate)
    return found
