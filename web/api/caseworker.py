"""Caseworker side of the API: the queue, claims, decisions and reassignment.

The queue is read from the read model; every action is an Update on the case
workflow through :class:`~runtime.service.CaseService`, so the workflow
decides who holds a task and the SQL rows only reflect it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from runtime.service import CaseError
from schemas.task import DecideInput, TaskActionResult
from web import access
from web.access import ApiTaskAction, StaffUser
from web.api.models import CorrectionOut, TaskActionOut, TaskOut
from web.context import Ctx
from web.errors import ApiError
from web.tacit import tacit_infos
from web.views import task_out

router = APIRouter(prefix="/api/tasks", tags=["caseworker"])


class DecisionBody(BaseModel):
    """Body of ``POST /api/tasks/{id}/decision``."""

    outcome: str
    reason: str | None = None
    question: str | None = None


class CorrectionBody(BaseModel):
    """Body of ``POST /api/tasks/{id}/corrections``: one value, as typed, and why."""

    field: str = Field(min_length=1, max_length=100)
    value: str = Field(min_length=1, max_length=2000)
    reason: str = Field(min_length=1, max_length=2000)


class ReassignBody(BaseModel):
    """Body of ``POST /api/tasks/{id}/reassign``."""

    to: str


def action_out(result: TaskActionResult) -> TaskActionOut:
    """The answer of a claim, release, decision or reassignment."""
    return TaskActionOut(task_id=result.task_id, status=result.status, claimed_by=result.claimed_by)


@router.get("")
async def list_tasks(
    context: Ctx,
    user: StaffUser,
    status: Literal["open", "claimed", "done"] | None = None,
    procedure: str | None = None,
    group: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> list[TaskOut]:
    """Tasks of the caller's groups (supervisors and auditors: all), most urgent first."""
    groups = access.visible_groups(user)
    if group is not None:
        groups = [group] if access.can_see_group(user, group) else []
    rows = await context.store.list_tasks(
        status=status, procedure=procedure, groups=groups, limit=limit
    )
    tacit = await tacit_infos(context.store, rows, context.clock(), context.tacit_warning_days)
    result = []
    for row in rows:
        info = tacit.get(row.task_id)
        result.append(task_out(row, info.at, info.warn) if info else task_out(row))
    return result


@router.post("/{task_id}/claim")
async def claim(context: Ctx, action: ApiTaskAction) -> TaskActionOut:
    """Claim a task; 409 when someone else holds it."""
    task_id = action.task.task_id
    try:
        return action_out(await context.cases.claim(task_id, action.user.username))
    except CaseError as exc:
        raise await action.refusal(context, exc) from None


@router.post("/{task_id}/release")
async def release(context: Ctx, action: ApiTaskAction) -> TaskActionOut:
    """Give a task the caller holds back to its group."""
    task_id = action.task.task_id
    try:
        return action_out(await context.cases.release(task_id, action.user.username))
    except CaseError as exc:
        raise await action.refusal(context, exc) from None


@router.post("/{task_id}/decision")
async def decide(body: DecisionBody, context: Ctx, action: ApiTaskAction) -> TaskActionOut:
    """Decide a task the caller holds; outcomes depend on the task's kind."""
    decision = DecideInput(
        task_id=action.task.task_id,
        user=action.user.username,
        outcome=body.outcome,
        reason=(body.reason or "").strip() or None,
        question=(body.question or "").strip() or None,
    )
    try:
        return action_out(await context.cases.decide(decision))
    except CaseError as exc:
        raise await action.refusal(context, exc) from None


@router.post("/{task_id}/corrections")
async def correct_value(body: CorrectionBody, context: Ctx, action: ApiTaskAction) -> CorrectionOut:
    """Correct one form value (or fill one left to the caseworker); the rules run again.

    The caller holds the task; the value is read like an applicant's answer
    (422 with the reason when it cannot be); the provenance names the caller.
    """
    try:
        result = await context.cases.correct_value(
            action.task.task_id, action.user.username, body.field, body.value, body.reason
        )
    except CaseError as exc:
        raise await action.refusal(context, exc) from None
    return CorrectionOut(**action_out(result).model_dump(), message=result.message)


@router.post("/{task_id}/reassign")
async def reassign(
    body: ReassignBody, request: Request, context: Ctx, action: ApiTaskAction
) -> TaskActionOut:
    """Supervisors hand a task to a caseworker of its group."""
    task, user = action.task, action.user
    access.require_reassign(request, user)
    target = await context.accounts.get_active_user(body.to)
    if target is None or not access.can_receive_task(target, task.group):
        raise ApiError(422, "unknown_user", f"to: no active caseworker of group {task.group}")
    try:
        return action_out(
            await context.cases.reassign(task.task_id, user.username, target.username)
        )
    except CaseError as exc:
        raise await action.refusal(context, exc) from None
