"""A building application end to end on the embedded Temporal server: the
documents checklist, one request for missing documents, consultations of
two services in parallel (each in its own group's queue) and an ABF objection.

What needs statutory time to pass (deemed agreement, tacit approval, the
appeal window) runs on the time-skipping server: test_lifecycle_timeskipping.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from guichet.files import store_upload
from guichet.store import CaseStore
from procedures.building_permit.form import DOCUMENTS
from runtime.service import CaseError, CaseService
from schemas.case import CaseStatus
from schemas.task import DecideInput
from tests.procedure_cases import queued, wait_view
from tools.demo import converse
from tools.demo_procedures import ProcedureScript, Step, answer_request, permit_answers


def house_near_monument() -> ProcedureScript:
    return ProcedureScript(
        title="house near a monument",
        language="fr",
        procedure="building_permit",
        answers=permit_answers(project="maison", area="120", urban="non", monument="oui"),
    )


async def test_completeness_request_then_parallel_consultations_and_abf_objection(
    service: CaseService, store: CaseStore, tmp_path: Path
) -> None:
    document = store_upload(tmp_path, b"%PDF-1.4 site plan").reference
    case_id, _ = await converse(service, house_near_monument(), procedure="building_permit")
    view = await wait_view(service, case_id, CaseStatus.UNDER_REVIEW, "completeness")
    assert view.form["site_plan"] == "not_provided"
    task = view.task
    assert task is not None and task.due_at is not None  # one month to ask, once
    await service.claim(task.task_id, "paul")
    with pytest.raises(CaseError) as no_question:
        await service.decide(
            DecideInput(task_id=task.task_id, user="paul", outcome="request_documents")
        )
    assert no_question.value.code == "question_required"
    await service.decide(
        DecideInput(
            task_id=task.task_id,
            user="paul",
            outcome="request_documents",
            question="Merci de fournir les plans et photos manquants.",
        )
    )
    # The conversation reopens right after the status changes: wait for its question.
    view = await service.wait_for(
        case_id, lambda v: v.status is CaseStatus.AWAITING_APPLICANT and v.question is not None
    )
    assert "completion_limit" in [d.code for d in view.deadlines]
    assert view.question is not None and "plans et photos" in view.question.text
    assert all(name not in view.form for name in DOCUMENTS), "missing documents asked again"

    await answer_request(
        service,
        case_id,
        Step(
            "completeness",
            "",
            "",
            replies=["Je les joins."],
            fields=dict.fromkeys(DOCUMENTS, document),
        ),
    )
    # Complete on receipt: no second completeness task; the services are consulted at once.
    view = await wait_view(service, case_id, CaseStatus.CONSULTATION)
    assert view.complete_at is not None and view.form["site_plan"] == document
    assert "completion_limit" not in [d.code for d in view.deadlines], "the limit was met"
    assert [(c.service, c.binding) for c in view.consultations] == [
        ("abf", True),
        ("utilities", False),
    ]
    abf, utilities = (f"{c.workflow_id}:1" for c in view.consultations)
    abf_row = await queued(store, abf, "open")
    utilities_row = await queued(store, utilities, "open")
    assert (abf_row.kind.value, abf_row.group, abf_row.case_id) == ("consultation", "abf", case_id)
    assert (
        utilities_row.group == "utilities" and utilities_row.due_at == view.consultations[1].due_at
    )
    assert [t.task_id for t in await store.list_tasks(groups=["abf"]) if t.case_id == case_id] == [
        abf
    ]

    await service.claim(abf, "architecte")
    with pytest.raises(CaseError) as no_reason:
        await service.decide(DecideInput(task_id=abf, user="architecte", outcome="object"))
    assert no_reason.value.code == "reason_required"
    await service.decide(
        DecideInput(
            task_id=abf, user="architecte", outcome="object", reason="Toiture incompatible."
        )
    )
    view = await service.wait_for(case_id, lambda v: v.consultations[0].outcome is not None)
    assert view.consultations[0].outcome == "object" and not view.consultations[0].deemed
    assert view.consultations[1].outcome is None, "the utilities are still consulted"
    assert view.status is CaseStatus.CONSULTATION
    assert (await queued(store, abf, "done")).outcome == "object"
    # The consultation is over for the ABF: a second answer is refused.
    with pytest.raises(CaseError) as late:
        await service.decide(DecideInput(task_id=abf, user="architecte", outcome="agree"))
    assert late.value.http_status in (404, 409)
