"""Caseworker side of the API: the queue, claims, decisions and reassignment.

The queue is read from the read model; every action is an Update on the case
workflow through :class:`~runtime.service.CaseService`, so the workflow
decides who holds a task and the SQL rows only reflect it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from runtime.service import CaseError
from schemas.task import DecideInput, TaskActionResult, TaskStatus
from web import access
from web.access import StaffUser
from web.context import Ctx, WebContext
from web.errors import ApiError
from web.tacit import tacit_infos
from web.views import task_json

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


async def closed_task_error(context: WebContext, task_id: str, error: CaseError) -> ApiError:
    """A task the workflow no longer offers but the queue knows is done: 409."""
    if error.code == "unknown_task":
        row = await context.store.get_task(task_id)
        if row is not None and row.status in (TaskStatus.DONE, TaskStatus.CANCELLED):
            return ApiError(409, "task_closed", f"the task is {row.status.value}")
    return ApiError.from_case_error(error)


def action_json(result: TaskActionResult) -> dict[str, Any]:
    """The body returned by claim, release, decision and reassign."""
    return {
        "task_id": result.task_id,
        "status": result.status.value,
        "claimed_by": result.claimed_by,
    }


@router.get("")
async def list_tasks(
    context: Ctx,
    user: StaffUser,
    status: Literal["open", "claimed", "done"] | None = None,
    procedure: str | None = None,
    group: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> list[dict[str, Any]]:
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
        result.append(task_json(row, info.at, info.warn) if info else task_json(row))
    return result


@router.post("/{task_id}/claim")
async def claim(task_id: str, request: Request, context: Ctx, user: StaffUser) -> dict[str, Any]:
    """Claim a task; 409 when someone else holds it."""
    await access.visible_task(request, context, user, task_id)
    access.require_action(request, user)
    try:
        return action_json(await context.cases.claim(task_id, user.username))
    except CaseError as exc:
        raise await closed_task_error(context, task_id, exc) from None


@router.post("/{task_id}/release")
async def release(task_id: str, request: Request, context: Ctx, user: StaffUser) -> dict[str, Any]:
    """Give a task the caller holds back to its group."""
    await access.visible_task(request, context, user, task_id)
    access.require_action(request, user)
    try:
        return action_json(await context.cases.release(task_id, user.username))
    except CaseError as exc:
        raise await closed_task_error(context, task_id, exc) from None


@router.post("/{task_id}/decision")
async def decide(
    task_id: str, body: DecisionBody, request: Request, context: Ctx, user: StaffUser
) -> dict[str, Any]:
    """Decide a task the caller holds; outcomes depend on the task's kind."""
    await access.visible_task(request, context, user, task_id)
    access.require_action(request, user)
    decision = DecideInput(
        task_id=task_id,
        user=user.username,
        outcome=body.outcome,
        reason=(body.reason or "").strip() or None,
        question=(body.question or "").strip() or None,
    )
    try:
        return action_json(await context.cases.decide(decision))
    except CaseError as exc:
        raise await closed_task_error(context, task_id, exc) from None


@router.post("/{task_id}/corrections")
async def correct_value(
    task_id: str, body: CorrectionBody, request: Request, context: Ctx, user: StaffUser
) -> dict[str, Any]:
    """Correct one form value (or fill one left to the caseworker); the rules run again.

    The caller holds the task; the value is read like an applicant's answer
    (422 with the reason when it cannot be); the provenance names the caller.
    """
    await access.visible_task(request, context, user, task_id)
    access.require_action(request, user)
    try:
        result = await context.cases.correct_value(
            task_id, user.username, body.field, body.value, body.reason
        )
    except CaseError as exc:
        raise await closed_task_error(context, task_id, exc) from None
    return {**action_json(result), "message": result.message}


@router.post("/{task_id}/reassign")
async def reassign(
    task_id: str, body: ReassignBody, request: Request, context: Ctx, user: StaffUser
) -> dict[str, Any]:
    """Supervisors hand a task to a caseworker of its group."""
    task = await access.visible_task(request, context, user, task_id)
    access.require_reassign(request, user)
    target = await context.accounts.get_active_user(body.to)
    if target is None or not access.can_receive_task(target, task.group):
        raise ApiError(422, "unknown_user", f"to: no active caseworker of group {task.group}")
    try:
        return action_json(await context.cases.reassign(task_id, user.username, target.username))
    except CaseError as exc:
        raise await closed_task_error(context, task_id, exc) from None
