"""Appeals and withdrawal: the applicant contests a decision or withdraws; staff ask a revision.

The Updates only record the request and wait; the main loop (withdrawal)
or the objection window and retention period (appeal, revision) act on it
between steps, so a request never races a step half done.
"""

from __future__ import annotations

from temporalio import workflow

from schemas.applicant_actions import AppealInput, CaseActionResult, RevisionInput, WithdrawInput
from schemas.case import CaseStatus, Decision, Outcome, PendingTask
from schemas.notify import NoticeKind
from schemas.task import TaskKind, TaskStatus
from workflows import errors
from workflows.case.assessment import Assessment
from workflows.case.context import CaseContext

OPEN_STATUSES = frozenset(
    {
        CaseStatus.INTAKE,
        CaseStatus.AWAITING_APPLICANT,
        CaseStatus.SUBMITTED,
        CaseStatus.UNDER_REVIEW,
        CaseStatus.CONSULTATION,
    }
)
"""Statuses before a decision: the applicant may still withdraw."""

REVISED = {
    Outcome.APPROVED: Outcome.REJECTED,
    Outcome.REJECTED: Outcome.APPROVED,
    Outcome.TACITLY_APPROVED: Outcome.REJECTED,
    Outcome.TACITLY_REJECTED: Outcome.APPROVED,
}
"""The new outcome when an appeal revises a decision."""


class Appeals:
    """Withdrawal, appeal and revision of one case."""

    def __init__(self, ctx: CaseContext, assessment: Assessment) -> None:
        """Work on ``ctx``'s case; decide through ``assessment``."""
        self.ctx = ctx
        self.assessment = assessment

    # ------------------------------------------------------------ withdrawal

    async def withdraw(self, request: WithdrawInput) -> CaseActionResult:
        """The applicant withdraws the case; the main loop closes it between steps."""
        ctx = self.ctx
        self.check_withdraw(request)
        ctx.withdraw = request
        ctx.dirty = True
        await workflow.wait_condition(lambda: ctx.withdraw_done is not None)
        if not ctx.withdraw_done:
            # A decision was taken while the withdrawal waited for its turn.
            raise errors.rejected(errors.WRONG_STATE, "the case has been decided meanwhile")
        return CaseActionResult(status=ctx.s.status, outcome=Outcome.WITHDRAWN)

    def check_withdraw(self, request: WithdrawInput) -> None:
        """Refuse a withdrawal once decided, while deciding, twice, or while handing over."""
        ctx = self.ctx
        if ctx.s.decision is not None or ctx.s.status not in OPEN_STATUSES:
            raise errors.rejected(errors.WRONG_STATE, f"case is {ctx.s.status.value}")
        if ctx.decision is not None:
            raise errors.rejected(errors.WRONG_STATE, "a decision is being taken")
        if ctx.withdraw is not None:
            raise errors.rejected(errors.WRONG_STATE, "the case is being withdrawn")
        if ctx.draining:
            # The handover waits for every handler, and this one waits for the loop.
            raise errors.rejected(errors.CASE_BUSY, "the case is being compacted, retry shortly")

    async def close_withdrawn(self) -> None:
        """Close a withdrawn case: cancel its open task and consultations."""
        ctx, s = self.ctx, self.ctx.s
        if s.decision is not None or s.status not in OPEN_STATUSES:
            ctx.withdraw_done = False
            ctx.withdraw = None
            return
        task = s.task
        if task is not None and s.status is CaseStatus.UNDER_REVIEW:
            # A late decision on the task gets 409, like one settled by a deadline.
            s.settled_tasks.append(task.task_id)
            await ctx.flush(task_status=TaskStatus.CANCELLED, task_outcome="withdrawn")
            ctx.log("cancelled", f"task {task.task_id}: case withdrawn")
        for child in ctx.children.values():
            child.cancel()
        now = workflow.now()
        s.task = None
        s.pending_question = None
        s.caseworker_question = None
        s.decision = Decision(outcome=Outcome.WITHDRAWN, decided_by="applicant", decided_at=now)
        s.deadlines = []
        s.status = CaseStatus.CLOSED
        ctx.log("withdrawn", "the applicant withdrew the case", actor="applicant")
        await ctx.flush()
        ctx.withdraw_done = True
        ctx.withdraw = None

    # ---------------------------------------------------------------- appeal

    async def appeal(self, request: AppealInput) -> CaseActionResult:
        """The applicant contests the decision; an ``appeal`` task is opened."""
        self.check_appeal(request)
        self.ctx.appeal = request
        self.ctx.s.appealed = True
        return await self._task_opened(TaskKind.APPEAL)

    def check_appeal(self, request: AppealInput) -> None:
        """Refuse an appeal outside the objection window, a second one, or one without grounds."""
        s = self.ctx.s
        decision = s.decision
        if (
            s.status is not CaseStatus.DECIDED
            or decision is None
            or decision.outcome is Outcome.WITHDRAWN
            or decision.objection_deadline is None
        ):
            raise errors.rejected(errors.WRONG_STATE, f"case is {s.status.value}")
        if workflow.now() > decision.objection_deadline:
            raise errors.rejected(errors.WRONG_STATE, "the objection window has ended")
        if s.appealed or self.ctx.appeal is not None:
            raise errors.rejected(errors.WRONG_STATE, "the decision has already been contested")
        if not request.text.strip():
            raise errors.rejected(errors.REASON_REQUIRED, "the grounds of the appeal are required")

    async def settle_appeal(self, request: AppealInput) -> None:
        """Open the appeal task, wait for its decision and apply it."""
        ctx, s = self.ctx, self.ctx.s
        decision = s.decision
        assert decision is not None
        # The caseworker who decided cannot take the appeal (checked on claim).
        decider = None if decision.decided_by == "system" else decision.decided_by
        s.task = PendingTask(
            task_id=ctx.next_id(),
            kind=TaskKind.APPEAL.value,
            group=s.procedure,
            created_at=workflow.now(),
            priority=1,
            summary=f"appeal against {decision.outcome.value}: {request.text}",
            previous_decider=decider,
        )
        s.status = CaseStatus.UNDER_REVIEW
        ctx.log("appeal", f"task {s.task.task_id}: {request.text}", actor="applicant")
        await ctx.flush(task_status=TaskStatus.OPEN)
        ctx.appeal = None
        verdict = await self.assessment.await_task_decision()
        if verdict.outcome == "revise":
            s.changed_on = TaskKind.APPEAL.value
            ctx.log("appeal_revised", verdict.reason or "", actor=verdict.user)
            await self.assessment.decide(REVISED[decision.outcome], verdict.user, verdict.reason)
        else:
            ctx.log("appeal_upheld", verdict.reason or "", actor=verdict.user)
            await self.assessment.reissue_letter(decision, verdict)
        await ctx.notify(
            NoticeKind.APPEAL_SETTLED,
            verdict=verdict.outcome,
            outcome=s.decision.outcome.value if s.decision else "",
            letter_id=(s.decision.letter_id or "") if s.decision else "",
        )

    # -------------------------------------------------------------- revision

    async def request_revision(self, request: RevisionInput) -> CaseActionResult:
        """Staff offer the decided case to a caseworker: a ``revision`` task is opened.

        Nothing is recomputed here: the caseworker upholds the decision, or
        revises it, and only then are the rules applied again, with the
        parameter set in force on the case's date now.
        """
        self.check_revision(request)
        self.ctx.revision = request
        return await self._task_opened(TaskKind.REVISION)

    def check_revision(self, request: RevisionInput) -> None:
        """Refuse a revision of an undecided or withdrawn case, a second one, or one unexplained."""
        ctx, s = self.ctx, self.ctx.s
        decision = s.decision
        if (
            s.status not in (CaseStatus.DECIDED, CaseStatus.CLOSED)
            or decision is None
            or decision.outcome is Outcome.WITHDRAWN
            or s.outcome is None
            or ctx.revision is not None
            or ctx.appeal is not None
        ):
            raise errors.rejected(errors.WRONG_STATE, f"case is {s.status.value}")
        if not request.reason.strip():
            raise errors.rejected(errors.REASON_REQUIRED, "the reason for the revision is required")

    async def settle_revision(self, request: RevisionInput) -> None:
        """Open the revision task; on ``revise``, apply the rules again and decide anew."""
        ctx, s = self.ctx, self.ctx.s
        decision = s.decision
        assert decision is not None
        before = s.status
        ctx.revision = None
        s.task = PendingTask(
            task_id=ctx.next_id(),
            kind=TaskKind.REVISION.value,
            group=s.procedure,
            created_at=workflow.now(),
            priority=1,
            summary=f"revision of {decision.outcome.value}: {request.reason}",
        )
        s.status = CaseStatus.UNDER_REVIEW
        ctx.log("revision_requested", request.reason, actor=request.requested_by)
        await ctx.flush(task_status=TaskStatus.OPEN)
        verdict = await self.assessment.await_task_decision()
        if verdict.outcome != "revise":
            ctx.log("revision_upheld", verdict.reason or "", actor=verdict.user)
            s.task = None
            s.status = before
            await ctx.flush()
            return
        submitted = s.submitted_at or decision.decided_at
        received_on = submitted.astimezone(ctx.procedure.timezone).date()
        result = await self.assessment.run_rules(received_on)
        s.outcome = result.outcome
        s.sign_off = result.sign_off
        s.changed_on = TaskKind.REVISION.value
        ctx.log(
            "revision_revised",
            f"parameter set {result.outcome.parameter_set.id}; {verdict.reason or ''}".strip(),
            actor=verdict.user,
        )
        s.deadlines = [d for d in s.deadlines if d.code != "objection"]
        outcome = Outcome.APPROVED if result.outcome.eligible else Outcome.REJECTED
        await self.assessment.decide(outcome, verdict.user, verdict.reason)

    async def _task_opened(self, kind: TaskKind) -> CaseActionResult:
        """Wait until the loop has opened the task of ``kind``, and answer with it."""
        s = self.ctx.s
        await workflow.wait_condition(lambda: s.task is not None and s.task.kind == kind.value)
        assert s.task is not None
        decision = s.decision
        return CaseActionResult(
            status=s.status,
            outcome=decision.outcome if decision else None,
            task_id=s.task.task_id,
        )
