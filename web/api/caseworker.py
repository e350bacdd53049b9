"""Caseworker side of the API: the queue, claims, decisions and reassignment.

The queue is read from the read model; every action is an Update on the case
workflow through :class:`~guichet.service.CaseService`, so the workflow
decides who holds a task and the SQL rows only reflect it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from guichet.service import CaseError
from schemas.account import Role, User
from schemas.projection import TaskProjection
from schemas.task import DecideInput, TaskActionResult, TaskStatus
from web.context import Ctx, WebContext
from web.errors import ApiError
from web.security import api_user
from web.views import task_json

router = APIRouter(prefix="/api/tasks", tags=["caseworker"])

Caseworker = Annotated[User, Depends(api_user)]


class DecisionBody(BaseModel):
    """Body of ``POST /api/tasks/{id}/decision``."""

    outcome: str
    reason: str | None = None
    question: str | None = None


class ReassignBody(BaseModel):
    """Body of ``POST /api/tasks/{id}/reassign``."""

    to: str


async def visible_task(context: WebContext, user: User, task_id: str) -> TaskProjection:
    """Return a task the user may see, or 404 (also for other groups' tasks)."""
    task = await context.store.get_task(task_id)
    if task is None or not user.can_see_group(task.group):
        raise ApiError(404, "unknown_task", "no such task")
    return task


def must_act(user: User) -> None:
    """Auditors read; they never claim or decide."""
    if user.role is Role.AUDITOR:
        raise ApiError(403, "forbidden", "auditors cannot act on tasks")


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
    user: Caseworker,
    status: Literal["open", "claimed", "done"] | None = None,
    procedure: str | None = None,
    group: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> list[dict[str, Any]]:
    """Tasks of the caller's groups (supervisors and auditors: all), most urgent first."""
    groups: list[str] | None = None if user.sees_all_groups else list(user.groups)
    if group is not None:
        groups = [group] if user.can_see_group(group) else []
    rows = await context.store.list_tasks(
        status=status, procedure=procedure, groups=groups, limit=limit
    )
    return [task_json(row) for row in rows]


@router.post("/{task_id}/claim")
async def claim(task_id: str, context: Ctx, user: Caseworker) -> dict[str, Any]:
    """Claim a task; 409 when someone else holds it."""
    must_act(user)
    await visible_task(context, user, task_id)
    try:
        return action_json(await context.cases.claim(task_id, user.username))
    except CaseError as exc:
        raise await closed_task_error(context, task_id, exc) from None


@router.post("/{task_id}/release")
async def release(task_id: str, context: Ctx, user: Caseworker) -> dict[str, Any]:
    """Give a task the caller holds back to its group."""
    must_act(user)
    await visible_task(context, user, task_id)
    try:
        return action_json(await context.cases.release(task_id, user.username))
    except CaseError as exc:
        raise await closed_task_error(context, task_id, exc) from None


@router.post("/{task_id}/decision")
async def decide(
    task_id: str, body: DecisionBody, context: Ctx, user: Caseworker
) -> dict[str, Any]:
    """Decide a task the caller holds; outcomes depend on the task's kind."""
    must_act(user)
    await visible_task(context, user, task_id)
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


@router.post("/{task_id}/reassign")
async def reassign(
    task_id: str, body: ReassignBody, context: Ctx, user: Caseworker
) -> dict[str, Any]:
    """Supervisors hand a task to a caseworker of its group."""
    if user.role is not Role.SUPERVISOR:
        raise ApiError(403, "forbidden", "only supervisors reassign tasks")
    task = await visible_task(context, user, task_id)
    target = await context.accounts.get_active_user(body.to)
    if target is None or target.role is Role.AUDITOR or not target.can_see_group(task.group):
        raise ApiError(422, "unknown_user", f"to: no active caseworker of group {task.group}")
    try:
        return action_json(await context.cases.reassign(task_id, user.username, target.username))
    except CaseError as exc:
        raise await closed_task_error(context, task_id, exc) from None
