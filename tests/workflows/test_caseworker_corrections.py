"""A caseworker fills what the applicant left to them, and corrects values (issues 19 and 21).

An applicant who cannot say how many employees pay social insurance leaves it to the caseworker:
the field holds the explicit unresolved marker, the rules do not run on it
and the case goes to a review task that says so. The caseworker who claims
the task enters the value with a reason; the rules run again, the same
caseworker keeps the task and decides; the value's provenance names them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from runtime.service import CaseError, CaseService
from schemas.case import CaseStatus
from schemas.form import UNRESOLVED
from schemas.task import DecideInput
from tools.demo import converse, demo_scripts

FIELD = "employees_social_insurance"


def _script() -> object:
    script = demo_scripts(dt.date.today())[0]
    # German: "Sachbearbeitung" leaves the answer to the caseworker.
    script.answers[FIELD] = ["Sachbearbeitung"]
    return script


async def test_a_field_left_to_the_caseworker_is_filled_and_the_rules_run_again(
    service: CaseService,
) -> None:
    script = _script()
    case_id, _ = await converse(service, script)  # type: ignore[arg-type]
    view = await service.wait_for_status(case_id, CaseStatus.UNDER_REVIEW)
    assert view.form[FIELD] == UNRESOLVED
    assert view.task is not None and f"unresolved:{FIELD}" in view.task.summary
    assert view.outcome is not None
    assert [c.result.value for c in view.outcome.criteria] == ["needs_review"]
    task_id = view.task.task_id

    with pytest.raises(CaseError) as refused:
        await service.correct_value(task_id, "maria", FIELD, "20", "phoned the employer")
    assert refused.value.code == "not_holder", "only the holder corrects"
    await service.claim(task_id, "maria")
    with pytest.raises(CaseError) as unreadable:
        await service.correct_value(task_id, "maria", FIELD, "lots", "phoned")
    assert unreadable.value.code == "invalid_input"
    with pytest.raises(CaseError) as no_reason:
        await service.correct_value(task_id, "maria", FIELD, "20", " ")
    assert no_reason.value.code == "reason_required"

    result = await service.correct_value(task_id, "maria", FIELD, "zwanzig", "phoned the employer")
    assert result.claimed_by == "maria"

    def reassessed(v: object) -> bool:
        # The new task is written open, then claimed for the corrector: wait
        # for the second write, not the moment between the two.
        task = getattr(v, "task", None)
        return task is not None and task.task_id != task_id and task.claimed_by is not None

    view = await service.wait_for(case_id, reassessed, timeout=90.0)
    assert view.form[FIELD] == 20
    provenance = view.provenance[FIELD]
    assert provenance.method.value == "caseworker" and provenance.actor == "maria"
    assert provenance.source_text == "phoned the employer"
    assert view.outcome is not None and view.outcome.criteria
    assert all(not c.code.startswith("unresolved") for c in view.outcome.criteria)
    assert view.task is not None and view.task.claimed_by == "maria", "the corrector keeps it"
    assert any(e.kind == "corrected" and e.actor == "maria" for e in view.timeline)
    assert all("20" not in e.text for e in view.timeline if e.kind == "corrected")

    await service.decide(DecideInput(task_id=view.task.task_id, user="maria", outcome="approve"))
    view = await service.wait_for_status(case_id, CaseStatus.DECIDED)
    assert view.decision is not None and view.decision.decided_by == "maria"
