"""A task whose workflow has not started yet is not "no such case" (issue 23 item 10).

A case lists a consultation a moment before the consultation's own workflow
has started; the demo (and any client) that claimed its task at once got
``unknown_case: no such case``. The service now waits briefly for a workflow
that is about to exist, and still answers ``unknown_case`` for one that never does.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import uuid

import pytest
from temporalio.client import Client

from runtime.service import CaseError, CaseService
from schemas.lifecycle import ConsultationInput
from workflows.consultation import ConsultationWorkflow


async def test_a_consultation_claimed_before_its_workflow_started(
    client: Client, service: CaseService, task_queue: str
) -> None:
    case_id = f"building_permit-{uuid.uuid4().hex[:16]}"
    child_id = f"{case_id}-consult-abf"

    async def start_soon() -> None:
        await asyncio.sleep(0.5)
        await client.start_workflow(
            ConsultationWorkflow.run,
            ConsultationInput(
                case_id=case_id,
                procedure="building_permit",
                service="abf",
                due_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=30),
            ),
            id=child_id,
            task_queue=task_queue,
        )

    starting = asyncio.create_task(start_soon())
    claimed = await service.claim(f"{child_id}:1", "abf.architect")
    await starting
    assert claimed.claimed_by == "abf.architect"
    await client.get_workflow_handle(child_id).cancel()

    began = time.monotonic()
    with pytest.raises(CaseError) as refused:
        await service.claim(f"{case_id}-never:1", "abf.architect")
    assert refused.value.code == "unknown_case" and refused.value.http_status == 404
    assert time.monotonic() - began < 10
