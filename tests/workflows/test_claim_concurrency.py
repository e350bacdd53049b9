"""Many caseworkers claim the same tasks at once: each task is claimed exactly
once, and the read model agrees with the workflows.

(The HTTP variant of this test comes with the web app; this one drives
``CaseService.claim``, which the claim endpoint calls.)
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from functools import partial

from guichet.store import CaseStore
from runtime.service import CaseError, CaseService
from schemas.case import CaseStatus
from schemas.task import TaskActionResult
from tests.helpers import eventually
from tools.demo import converse, demo_scripts

CASES = 3
CLAIMERS = 8


async def test_each_task_is_claimed_exactly_once(service: CaseService, store: CaseStore) -> None:
    today = dt.date.today()
    case_ids = [(await converse(service, demo_scripts(today)[2]))[0] for _ in range(CASES)]
    task_ids: list[str] = []
    for case_id in case_ids:
        view = await service.wait_for_status(case_id, CaseStatus.UNDER_REVIEW)
        assert view.task is not None
        task_ids.append(view.task.task_id)
        await eventually(partial(store.get_task, view.task.task_id))

    users = [f"caseworker-{n}" for n in range(CLAIMERS)]
    attempts = [(task_id, user) for user in users for task_id in task_ids]
    results = await asyncio.gather(
        *(service.claim(task_id, user) for task_id, user in attempts), return_exceptions=True
    )

    winners: dict[str, str] = {}
    refusals: Counter[str] = Counter()
    for (task_id, user), result in zip(attempts, results, strict=True):
        if isinstance(result, TaskActionResult):
            assert task_id not in winners, f"{task_id} claimed twice"
            assert result.claimed_by == user
            winners[task_id] = user
        else:
            assert isinstance(result, CaseError), result
            assert result.code == "already_claimed" and result.http_status == 409
            refusals[task_id] += 1
    assert set(winners) == set(task_ids)
    assert all(refusals[task_id] == CLAIMERS - 1 for task_id in task_ids)

    for case_id, task_id in zip(case_ids, task_ids, strict=True):
        view = await service.view(case_id)
        assert view.task is not None and view.task.claimed_by == winners[task_id]
        row = await store.get_task(task_id)
        assert row is not None
        assert row.status.value == "claimed" and row.claimed_by == winners[task_id]
        claims = [e for e in view.timeline if e.kind == "claimed"]
        assert [e.actor for e in claims] == [winners[task_id]], "one claim recorded"
