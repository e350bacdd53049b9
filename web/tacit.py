"""The queue's tacit-decision warnings, read from the case read model.

Where a procedure lets silence decide (RSA: tacit rejection two months after
the claim is complete; building permit: tacit approval at the end of the
instruction period), the case workflow projects that deadline into its case
row. The queue page and ``GET /api/tasks`` look it up here for each listed
task, once per case, and warn some days before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from guichet.store import CaseStore
from schemas.projection import TaskProjection
from schemas.task import TaskStatus
from web.views import case_tacit_deadline, silence_can_decide, tacit_lead, tacit_warning_due

_SETTLED = (TaskStatus.DONE, TaskStatus.CANCELLED)


@dataclass(frozen=True)
class TacitInfo:
    """When silence decides a task's case, and whether to warn now.

    Attributes:
        at: The tacit-decision instant.
        lead: How long before it the warning shows.
        warn: Whether the warning shows now.
    """

    at: dt.datetime
    lead: dt.timedelta
    warn: bool


async def tacit_infos(
    store: CaseStore,
    tasks: Sequence[TaskProjection],
    now: dt.datetime,
    configured_days: int | None,
) -> dict[str, TacitInfo]:
    """Return the tacit-decision information of the listed tasks, by task id.

    Only tasks still to act on, of procedures where silence decides, are
    looked up; each case row is read once.
    """
    cases: dict[str, dt.datetime | None] = {}
    infos: dict[str, TacitInfo] = {}
    for task in tasks:
        if task.status in _SETTLED or not silence_can_decide(task.procedure):
            continue
        if task.case_id not in cases:
            cases[task.case_id] = case_tacit_deadline(await store.get_case(task.case_id))
        at = cases[task.case_id]
        if at is None:
            continue
        lead = tacit_lead(task.procedure, configured_days)
        infos[task.task_id] = TacitInfo(at, lead, tacit_warning_due(now, at, lead))
    return infos
