"""Stuck cases: cases whose activities keep failing, as supervisors see them (issue 23 item 9).

An activity that fails is retried by Temporal (for ever, for the steps a
case cannot do without), so a case whose rules raise or whose database is
down used to wait silently. The source of truth is Temporal itself, not the
case database (which may be the very thing that is down): running cases are
described, and every pending activity past a few attempts is reported with
its attempt count, since when it fails and the *type* of its last error.
Never the error's message: it may quote an applicant's answer.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from pydantic import BaseModel
from temporalio.api.failure.v1 import Failure
from temporalio.client import Client, WorkflowExecutionDescription
from temporalio.service import RPCError

MIN_ATTEMPTS = 3
"""An activity is stuck from its third attempt on (the first retries are routine)."""


class StuckCase(BaseModel):
    """One case waiting on an activity that keeps failing.

    Attributes:
        case_id: The case (the workflow id).
        activity: The activity type that fails.
        attempts: Its attempts so far.
        last_error: The type of its last error (``ApplicationError`` type or
            exception class), never its message.
        failing_since: When the current run of the activity was first scheduled.
        last_attempt_at: When it last started.
    """

    case_id: str
    activity: str
    attempts: int
    last_error: str | None
    failing_since: dt.datetime | None
    last_attempt_at: dt.datetime | None


def error_type(failure: Failure) -> str | None:
    """The type of a failure (the innermost cause's), without its message."""
    while failure.HasField("cause"):
        failure = failure.cause
    if failure.HasField("application_failure_info"):
        return failure.application_failure_info.type or "ApplicationError"
    if failure.HasField("timeout_failure_info"):
        return "timeout"
    if failure.HasField("canceled_failure_info"):
        return "cancelled"
    return "error" if failure.message or failure.ByteSize() else None


def _stuck_in(description: WorkflowExecutionDescription, min_attempts: int) -> list[StuckCase]:
    found = []
    for pending in description.raw_description.pending_activities:
        if pending.attempt < min_attempts:
            continue
        found.append(
            StuckCase(
                case_id=description.id,
                activity=pending.activity_type.name,
                attempts=pending.attempt,
                last_error=error_type(pending.last_failure)
                if pending.HasField("last_failure")
                else None,
                failing_since=pending.scheduled_time.ToDatetime(dt.UTC)
                if pending.HasField("scheduled_time")
                else None,
                last_attempt_at=pending.last_started_time.ToDatetime(dt.UTC)
                if pending.HasField("last_started_time")
                else None,
            )
        )
    return found


async def stuck_cases(
    client: Client, limit: int = 500, min_attempts: int = MIN_ATTEMPTS
) -> list[StuckCase]:
    """The running cases (at most ``limit``, newest first) with an activity failing again and again.

    Args:
        client: A connected client.
        limit: How many running cases to look at.
        min_attempts: The attempt from which an activity counts as stuck.

    Returns:
        The stuck activities, most attempts first.
    """
    query = "WorkflowType = 'Case' AND ExecutionStatus = 'Running'"
    ids = [execution.id async for execution in client.list_workflows(query, limit=limit)]
    semaphore = asyncio.Semaphore(20)

    async def describe(case_id: str) -> WorkflowExecutionDescription | None:
        async with semaphore:
            try:
                return await client.get_workflow_handle(case_id).describe()
            except RPCError:
                return None  # finished meanwhile

    descriptions = await asyncio.gather(*(describe(case_id) for case_id in ids))
    found = [
        stuck
        for description in descriptions
        if description is not None
        for stuck in _stuck_in(description, min_attempts)
    ]
    return sorted(found, key=lambda s: (-s.attempts, s.case_id))
