"""A consultation of another service: one child workflow per consulted service.

The child owns the ``consultation`` task offered to the service's own group
and is the lock on it: claim, release and decide are Updates on the child,
whose id prefixes the task id (``<child workflow id>:<seq>``), so the
client finds the right workflow from the task id alone. Silence until the
deadline counts as agreement. When the case settles first (a statutory
deadline), it cancels the child, which takes its task out of the queue.
"""

from __future__ import annotations

import asyncio

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.store import StoreActivities
    from schemas.case import PendingTask
    from schemas.lifecycle import ConsultationInput, ConsultationOutcome
    from schemas.projection import ProjectionBatch, TaskProjection
    from schemas.task import (
        NEEDS_REASON,
        TASK_OUTCOMES,
        ClaimInput,
        DecideInput,
        TaskActionResult,
        TaskKind,
        TaskStatus,
    )
    from workflows import errors
    from workflows.case import queue
    from workflows.case.options import RETRY_FOREVER, SHORT_ACTIVITY

DEEMED_AGREEMENT = "agree"
"""What silence until the deadline means (R423-59 Code de l'urbanisme)."""

# Conditions attached to an agreement are the service's reasons: required too.
_NEEDS_TEXT = NEEDS_REASON | {"agree_with_conditions"}


@workflow.defn(name="Consultation")
class ConsultationWorkflow:
    """One consulted service's opinion on one case, with its own deadline."""

    @workflow.init
    def __init__(self, start: ConsultationInput) -> None:
        """Prepare the task this consultation owns."""
        self._start = start
        self._task = PendingTask(
            task_id=f"{workflow.info().workflow_id}:1",
            kind=TaskKind.CONSULTATION.value,
            group=start.service,
            created_at=workflow.now(),
            due_at=start.due_at,
            summary=start.summary,
        )
        self._version = 0
        self._decision: DecideInput | None = None
        self._settled = False

    @workflow.run
    async def run(self, start: ConsultationInput) -> ConsultationOutcome:
        """Offer the task, then wait for the answer, the deadline or cancellation."""
        result = ConsultationOutcome(
            service=start.service, workflow_id=workflow.info().workflow_id, due_at=start.due_at
        )
        await self._project(TaskStatus.OPEN)
        try:
            await workflow.wait_condition(
                lambda: self._decision is not None, timeout=start.due_at - workflow.now()
            )
        except TimeoutError:
            pass
        except asyncio.CancelledError:
            # The case was settled first: take the task out of the queue, then stop.
            self._settled = True
            await self._project(TaskStatus.CANCELLED, outcome="cancelled")
            result.outcome = "cancelled"
            return result
        self._settled = True
        decision = self._decision
        if decision is None:
            await self._project(TaskStatus.CANCELLED, outcome=DEEMED_AGREEMENT)
            result.outcome = DEEMED_AGREEMENT
            result.deemed = True
            result.decided_by = "system"
        else:
            result.outcome = decision.outcome
            result.reason = decision.reason
            result.decided_by = decision.user
        result.decided_at = workflow.now()
        # The decide handler still writes the queue row: let it answer first.
        await workflow.wait_condition(workflow.all_handlers_finished)
        return result

    def _own(self, task_id: str) -> PendingTask:
        if self._settled and task_id == self._task.task_id:
            raise errors.rejected(errors.SETTLED, "the consultation deadline has passed")
        if task_id != self._task.task_id or self._decision is not None:
            raise errors.rejected(errors.UNKNOWN_TASK, "no such open task")
        return self._task

    @workflow.update(name="claim")
    async def claim(self, request: ClaimInput) -> TaskActionResult:
        """Claim the consultation task for a member of the consulted service."""
        task = self._own(request.task_id)
        queue.check_claim(task, request.user)
        if task.claimed_by != request.user:
            task.claimed_by = request.user
            task.claimed_at = workflow.now()
            await self._project(TaskStatus.CLAIMED)
        return TaskActionResult(
            task_id=task.task_id, status=TaskStatus.CLAIMED, claimed_by=request.user
        )

    @claim.validator
    def _validate_claim(self, request: ClaimInput) -> None:
        task = self._own(request.task_id)
        queue.check_claim(task, request.user)

    @workflow.update(name="release")
    async def release(self, request: ClaimInput) -> TaskActionResult:
        """Give the task back to the service's group."""
        self._validate_release(request)
        self._task.claimed_by = None
        self._task.claimed_at = None
        await self._project(TaskStatus.OPEN)
        return TaskActionResult(task_id=self._task.task_id, status=TaskStatus.OPEN)

    @release.validator
    def _validate_release(self, request: ClaimInput) -> None:
        queue.check_release(self._own(request.task_id), request)

    @workflow.update(name="decide")
    async def decide(self, request: DecideInput) -> TaskActionResult:
        """Record the service's answer: agree, agree with conditions, or object."""
        self._validate_decide(request)
        self._decision = request
        await self._project(TaskStatus.DONE, outcome=request.outcome, decided_by=request.user)
        return TaskActionResult(
            task_id=self._task.task_id, status=TaskStatus.DONE, claimed_by=request.user
        )

    @decide.validator
    def _validate_decide(self, request: DecideInput) -> None:
        task = self._own(request.task_id)
        queue.check_decision(task, request, TASK_OUTCOMES[TaskKind.CONSULTATION], _NEEDS_TEXT)

    async def _project(
        self, status: TaskStatus, outcome: str | None = None, decided_by: str | None = None
    ) -> None:
        self._version += 1
        task = self._task
        await workflow.execute_activity_method(
            StoreActivities.apply_projection,
            ProjectionBatch(
                tasks=[
                    TaskProjection(
                        task_id=task.task_id,
                        version=self._version,
                        case_id=self._start.case_id,
                        procedure=self._start.procedure,
                        kind=TaskKind.CONSULTATION,
                        group=task.group,
                        status=status,
                        claimed_by=task.claimed_by,
                        due_at=task.due_at,
                        created_at=task.created_at,
                        updated_at=workflow.now(),
                        summary=task.summary,
                        outcome=outcome,
                        decided_by=decided_by,
                        claimed_at=task.claimed_at,
                    )
                ]
            ),
            start_to_close_timeout=SHORT_ACTIVITY,
            retry_policy=RETRY_FOREVER,
        )


__all__ = ["DEEMED_AGREEMENT", "ConsultationWorkflow"]
