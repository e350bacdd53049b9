"""A decided RSA case offered for revision (issue 20 item 3): never recomputed silently.

Staff (or ``starter.py audit revisions --offer``) open a ``revision`` task on a
decided case; a caseworker upholds the decision (nothing changes) or revises
it, and only then are the rules applied again with the parameter set in force
on the case's date, giving a new decision, letter and objection window.
"""

from __future__ import annotations

import pytest

from procedures.calendar import local_date
from procedures.minimum_income.deadlines import TIMEZONE
from procedures.minimum_income.parameters import parameters_for
from runtime.service import CaseError, CaseService
from schemas.case import CaseStatus, Outcome
from schemas.task import DecideInput
from tests.procedure_cases import rsa_script
from tools.demo_procedures import run_procedure_script


async def _decide(service: CaseService, task_id: str, user: str, outcome: str) -> None:
    await service.claim(task_id, user)
    await service.decide(
        DecideInput(task_id=task_id, user=user, outcome=outcome, reason=f"{outcome}: checked")
    )


async def test_revision_is_offered_then_upheld_or_revised(service: CaseService) -> None:
    view = await run_procedure_script(service, rsa_script(0))
    assert view.decision is not None and view.decision.outcome is Outcome.APPROVED
    case_id, first_letter = view.case_id, view.decision.letter_id

    reason = "decided with rsa-2025-04-01; in force on its date: rsa-2026-04-01"
    offered = await service.request_revision(case_id, reason, "audit revisions")
    assert offered.task_id is not None and offered.status is CaseStatus.UNDER_REVIEW
    view = await service.view(case_id)
    assert view.task is not None and view.task.kind == "revision"
    assert reason in view.task.summary
    # One offer at a time.
    with pytest.raises(CaseError) as twice:
        await service.request_revision(case_id, reason, "audit revisions")
    assert twice.value.code == "wrong_state"

    # Upheld: the decision and its letter stand.
    await _decide(service, offered.task_id, "ines", "uphold")
    view = await service.wait_for(
        case_id, lambda v: v.status is CaseStatus.DECIDED and v.task is None
    )
    assert view.decision is not None and view.decision.letter_id == first_letter
    assert "revision_upheld" in [e.kind for e in view.timeline]

    # Revised: the rules run again, with the set in force on the case's date.
    again = await service.request_revision(case_id, reason, "audit revisions")
    assert again.task_id is not None
    await _decide(service, again.task_id, "jules", "revise")
    view = await service.wait_for(
        case_id,
        lambda v: (
            v.decision is not None and v.decision.letter_id != first_letter and v.task is None
        ),
    )
    assert view.status is CaseStatus.DECIDED and view.decision is not None
    assert view.decision.decided_by == "jules" and view.decision.outcome is Outcome.APPROVED
    params = parameters_for(local_date(view.decision.decided_at, TIMEZONE))
    assert view.decision.amount == params.flat_alone[0] - params.housing_one
    revised = next(e for e in view.timeline if e.kind == "revision_revised")
    assert params.id in revised.text
    assert [d.code for d in view.deadlines].count("objection") == 1


async def test_only_a_decided_case_can_be_offered(service: CaseService) -> None:
    case_id, _ = await service.start("minimum_income", "en")
    with pytest.raises(CaseError) as early:
        await service.request_revision(case_id, "why not", "sup")
    assert early.value.code == "wrong_state"
