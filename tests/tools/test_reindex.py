"""Read-model rows deleted by mistake are rebuilt from the workflows."""

from __future__ import annotations

import datetime as dt

from temporalio.client import Client

from guichet.store import CaseStore
from runtime.service import CaseService
from schemas.case import CaseStatus
from schemas.projection import CaseProjection
from tests.helpers import eventually
from tools.demo import converse, demo_scripts, run_script
from tools.ops import reindex

TODAY = dt.date.today()


def _comparable(row: CaseProjection) -> dict[str, object]:
    # updated_at is when the row was written; everything else must match.
    return row.model_dump(exclude={"updated_at"})


async def test_reindex_rebuilds_deleted_rows(
    client: Client, service: CaseService, store: CaseStore, task_queue: str
) -> None:
    decided = await run_script(service, demo_scripts(TODAY)[0])
    assert decided.decision is not None and decided.decision.letter_id
    review_id, _ = await converse(service, demo_scripts(TODAY)[2])
    review = await service.wait_for_status(review_id, CaseStatus.UNDER_REVIEW)
    assert review.task is not None
    await service.claim(review.task.task_id, "alice")
    intake_id, _ = await service.start("short_time_work", "en")
    await service.send(intake_id, "economic reasons")

    originals = {
        decided.case_id: await eventually(
            lambda: store.get_case(decided.case_id), lambda r: r.status == "decided"
        ),
        review_id: await eventually(
            lambda: store.get_case(review_id), lambda r: r.status == "under_review"
        ),
        intake_id: await eventually(
            lambda: store.get_case(intake_id), lambda r: r.summary["turn"] == 1
        ),
    }
    task = await eventually(
        lambda: store.get_task(review.task.task_id),  # type: ignore[union-attr]
        lambda t: t.claimed_by == "alice",
    )
    letter = await store.get_letter(decided.decision.letter_id)
    assert letter is not None

    for case_id in originals:
        assert await store.delete_case_rows(case_id) >= 1
        assert await store.get_case(case_id) is None

    only_these = f'WorkflowType = "Case" AND TaskQueue = "{task_queue}"'
    report = await reindex(client, store, query=only_these)
    assert report.cases == 3 and report.failed == []
    assert report.cases_written == 3 and report.tasks_written == 1
    assert report.letters_written == 1 and report.letters_mismatched == []

    for case_id, original in originals.items():
        rebuilt = await store.get_case(case_id)
        assert rebuilt is not None and _comparable(rebuilt) == _comparable(original)
    rebuilt_task = await store.get_task(task.task_id)
    assert rebuilt_task is not None
    assert rebuilt_task.model_dump(exclude={"updated_at"}) == task.model_dump(
        exclude={"updated_at"}
    )
    assert rebuilt_task.status.value == "claimed"
    assert await store.get_letter(letter.letter_id) == letter

    # Healthy read models: nothing to write, nothing rolled back.
    again = await reindex(client, store, query=only_these)
    assert (again.cases, again.cases_written, again.tasks_written, again.letters_written) == (
        3,
        0,
        0,
        0,
    )
    # The workflows keep writing after a reindex: the next change lands.
    await service.send(intake_id, "the biggest customer cancelled")
    await eventually(lambda: store.get_case(intake_id), lambda r: r.summary["turn"] == 2)
