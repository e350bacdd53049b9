"""The case's task Updates: claim, release, reassign, correct a value, decide.

The workflow is the lock on its tasks (the SQL queue is only its
projection), so exactly one claimer wins and a task takes one decision.
The rules of who may do what are :mod:`workflows.case.queue`'s (shared with
the consultations) and :func:`workflows.review.check_reviewer`'s; whether a
task is still open is this case's (a deadline or a withdrawal may have
settled it). Handlers record and flush; the loops act on a decision.
"""

from __future__ import annotations

from temporalio import workflow

from schemas.case import CaseStatus, PendingTask
from schemas.extraction import Extraction, ExtractionMethod
from schemas.form import UNRESOLVED
from schemas.task import (
    NEEDS_QUESTION,
    NEEDS_REASON,
    TASK_OUTCOMES,
    ClaimInput,
    CorrectValueInput,
    DecideInput,
    ReassignInput,
    TaskActionResult,
    TaskKind,
    TaskStatus,
)
from workflows import errors
from workflows.case import queue, review
from workflows.case.context import CaseContext
from workflows.case.options import DECISION_ONCE_PATCH


class TaskUpdates:
    """The Updates on the open task of one case."""

    def __init__(self, ctx: CaseContext) -> None:
        """Work on ``ctx``'s case."""
        self.ctx = ctx

    def open_task(self, task_id: str) -> PendingTask:
        """The open task ``task_id``, or the error a caller gets for it."""
        s = self.ctx.s
        if task_id in s.settled_tasks:
            raise errors.rejected(errors.SETTLED, "a statutory deadline already settled the task")
        task = s.task
        if task is None or task.task_id != task_id or s.status is not CaseStatus.UNDER_REVIEW:
            raise errors.rejected(errors.UNKNOWN_TASK, "no such open task on this case")
        return task

    # ---------------------------------------------------------------- claim

    async def claim(self, request: ClaimInput) -> TaskActionResult:
        """Claim a task; the workflow is the lock, so exactly one claimer wins."""
        ctx = self.ctx
        task = self.open_task(request.task_id)
        queue.check_claim(task, request.user)
        review.check_reviewer(task, request.user)
        if task.claimed_by != request.user:
            task.claimed_by = request.user
            task.claimed_at = workflow.now()
            if ctx.s.first_action_at is None:
                ctx.s.first_action_at = task.claimed_at
            ctx.claim_changes += 1
            ctx.log("claimed", f"task {task.task_id}", actor=request.user)
            await ctx.flush(task_status=TaskStatus.CLAIMED)
        return TaskActionResult(
            task_id=task.task_id, status=TaskStatus.CLAIMED, claimed_by=request.user
        )

    def check_claim(self, request: ClaimInput) -> None:
        """Refuse a claim on a closed task, one held by someone else, or by its previous decider."""
        task = self.open_task(request.task_id)
        queue.check_claim(task, request.user)
        review.check_reviewer(task, request.user)

    # -------------------------------------------------------------- release

    async def release(self, request: ClaimInput) -> TaskActionResult:
        """Give a claimed task back to its group (the holder, or on the holder's behalf)."""
        ctx = self.ctx
        self.check_release(request)
        task = self.open_task(request.task_id)
        holder = task.claimed_by
        task.claimed_by = None
        task.claimed_at = None
        ctx.claim_changes += 1
        behalf = f" held by {holder}" if holder != request.user else ""
        ctx.log("released", f"task {task.task_id}{behalf}", actor=request.user)
        await ctx.flush(task_status=TaskStatus.OPEN)
        return TaskActionResult(task_id=task.task_id, status=TaskStatus.OPEN)

    def check_release(self, request: ClaimInput) -> None:
        """Refuse a release of a decided task, or by anyone but its holder."""
        task = self.open_task(request.task_id)
        if task.decided_by is not None:
            raise errors.rejected(errors.ALREADY_DECIDED, "the task already has its decision")
        queue.check_release(task, request)

    # ---------------------------------------------------------- correction

    async def correct_value(self, request: CorrectValueInput) -> TaskActionResult:
        """A caseworker corrects a form value (or fills one left to them); the rules run again."""
        ctx, s = self.ctx, self.ctx.s
        self.check_correction(request)
        task = self.open_task(request.task_id)
        before = s.form.get(request.field)
        s.form[request.field] = request.value
        s.provenance[request.field] = Extraction(
            field=request.field,
            value=request.value,
            source_text=request.reason,
            method=ExtractionMethod.CASEWORKER,
            confidence=1.0,
            actor=request.user,
        )
        label = ctx.procedure.fields[request.field].label("en")
        # The timeline names the field and the reason, never the values.
        changed = "filled" if before is None or before == UNRESOLVED else "corrected"
        ctx.log("corrected", f"{label} {changed}: {request.reason}", actor=request.user)
        ctx.recheck = True
        return TaskActionResult(
            task_id=task.task_id,
            status=TaskStatus.CLAIMED,
            claimed_by=request.user,
            message="the rules run again on the corrected form",
        )

    def check_correction(self, request: CorrectValueInput) -> None:
        """Refuse a correction of a decided task, by a non-holder, of no field, or unexplained."""
        ctx = self.ctx
        task = self.open_task(request.task_id)
        if ctx.decision is not None or task.decided_by is not None:
            raise errors.rejected(errors.ALREADY_DECIDED, "the task already has its decision")
        if task.claimed_by != request.user:
            raise errors.rejected(errors.NOT_HOLDER, "claim the task to correct its form")
        if request.field not in ctx.procedure.fields:
            raise errors.rejected(errors.UNKNOWN_FIELD, f"no field {request.field}")
        if not request.reason.strip():
            raise errors.rejected(errors.REASON_REQUIRED, "say why the value is corrected")

    # --------------------------------------------------------- reassignment

    async def reassign(self, request: ReassignInput) -> TaskActionResult:
        """Hand a task to another caseworker (the service checks the supervisor role)."""
        ctx = self.ctx
        self.check_reassign(request)
        task = self.open_task(request.task_id)
        previous = task.claimed_by or "group"
        task.claimed_by = request.to
        task.claimed_at = workflow.now()
        ctx.claim_changes += 1
        ctx.log(
            "reassigned", f"task {task.task_id} from {previous} to {request.to}", actor=request.user
        )
        await ctx.flush(task_status=TaskStatus.CLAIMED)
        return TaskActionResult(
            task_id=task.task_id, status=TaskStatus.CLAIMED, claimed_by=request.to
        )

    def check_reassign(self, request: ReassignInput) -> None:
        """Refuse a reassignment of a decided task, or to its previous decider."""
        task = self.open_task(request.task_id)
        if self.ctx.decision is not None or task.decided_by is not None:
            raise errors.rejected(errors.ALREADY_DECIDED, "the task already has its decision")
        # Nor can a reassignment hand a second review or an appeal to the decider.
        review.check_reviewer(task, request.to)

    # ------------------------------------------------------------- decision

    async def decide(self, request: DecideInput) -> TaskActionResult:
        """Decide a task the caller holds; the case continues from the decision."""
        ctx = self.ctx
        self.check_decision(request)
        task = self.open_task(request.task_id)
        if workflow.patched(DECISION_ONCE_PATCH):
            # Set before any await: a second decision whose validator already
            # ran (same workflow task) is refused by the check in its handler.
            task.decided_by = request.user
        ctx.decision = request
        detail = request.reason or request.question or ""
        ctx.log(
            "decision",
            f"task {task.task_id}: {request.outcome} {detail}".strip(),
            actor=request.user,
        )
        await ctx.flush(
            task_status=TaskStatus.DONE, task_outcome=request.outcome, decided_by=request.user
        )
        return TaskActionResult(
            task_id=task.task_id, status=TaskStatus.DONE, claimed_by=request.user
        )

    def check_decision(self, request: DecideInput) -> None:
        """Refuse a second decision, one during a withdrawal, or one the queue's rules refuse."""
        ctx = self.ctx
        task = self.open_task(request.task_id)
        if task.decided_by is not None:
            raise errors.rejected(errors.ALREADY_DECIDED, "the task already has its decision")
        if ctx.decision is not None:
            raise errors.rejected(errors.WRONG_STATE, "the task is already decided")
        if ctx.withdraw is not None:
            raise errors.rejected(errors.WRONG_STATE, "the case is being withdrawn")
        queue.check_decision(
            task, request, TASK_OUTCOMES[TaskKind(task.kind)], NEEDS_REASON, NEEDS_QUESTION
        )
