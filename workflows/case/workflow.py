"""The case workflow (``Case``): one administrative case from intake to purge.

Lifecycle: intake → submitted → under review / awaiting applicant → decided
→ closed → purged. Each applicant message is one Update; claims, releases
and decisions are Updates too, so this workflow is the lock on its tasks and
the SQL queue is only its projection.

Only the workflow class lives here: ``__init__`` wires the collaborators
around one :class:`~workflows.case.context.CaseContext`, :meth:`drive` is
the main loop, and every handler is one line that hands over to the step
that owns it. The steps (``intake``, ``assessment``, ``lifecycle``,
``appeals``, ``deadlines``, ``tasks``, ``actions``, ``projections``,
``queue``, ``review``, ``options``) are imported through the sandbox: it re-imports a
workflow's own module for every run it caches, and kept this small, that
private copy costs each parked case a few kilobytes instead of the whole
workflow's code objects (worker memory per cached case fell from 640 to
501 KiB when the steps first moved out: ``python -m bench -s parked --preset
quick --parked-cases 300``). The price: the sandbox does not screen the
steps' code for non-deterministic calls, so they follow the rule of any
passed-through module (no I/O, no clocks, no randomness);
``tests/workflows/test_workflow_determinism.py`` and the replay tests guard it.
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from procedures import get_procedure
    from schemas.applicant_actions import (
        AccessInput,
        AppealInput,
        CaseActionResult,
        ContactInput,
        RatingInput,
        RevisionInput,
        WithdrawInput,
    )
    from schemas.case import CaseResult, CaseStatus, CaseView, StartCaseInput
    from schemas.projection import ProjectionBatch
    from schemas.task import (
        ClaimInput,
        CorrectValueInput,
        DecideInput,
        ReassignInput,
        TaskActionResult,
    )
    from schemas.turn import TurnInput, TurnReply
    from workflows.case.actions import RecordActions
    from workflows.case.appeals import Appeals
    from workflows.case.assessment import Assessment
    from workflows.case.context import CaseContext, starting_state
    from workflows.case.deadlines import Deadlines
    from workflows.case.intake import IntakeSession
    from workflows.case.lifecycle import LifecycleSteps
    from workflows.case.projections import case_view, current_projection
    from workflows.case.tasks import TaskUpdates


@workflow.defn(name="Case")
class CaseWorkflow:
    """One case of one procedure, durable from intake to purge.

    Procedures that declare a lifecycle (completeness check, consultations,
    tacit decisions, four-eyes, duplicate checks) run the generic steps of
    :class:`~workflows.case.lifecycle.LifecycleSteps`; the others never
    reach them.
    """

    @workflow.init
    def __init__(self, start: StartCaseInput) -> None:
        """Restore the carried-over state, so the first Update of a run sees it."""
        procedure = get_procedure(start.procedure)
        state = starting_state(start, procedure)
        if start.state is not None:
            state.runs += 1
        # The question flow the case started with, for its whole life.
        self.ctx = CaseContext(start, procedure.for_graph(state.graph_name), state)
        self.assessment = Assessment(self.ctx)
        self.lifecycle = LifecycleSteps(self.ctx, self.assessment)
        self.appeals = Appeals(self.ctx, self.assessment)
        self.deadlines = Deadlines(self.ctx, self.appeals)
        self.intake = IntakeSession(self.ctx, self.lifecycle, self.deadlines)
        self.tasks = TaskUpdates(self.ctx)
        self.records = RecordActions(self.ctx)

    @workflow.run
    async def run(self, start: StartCaseInput) -> CaseResult:
        """Drive the case through its lifecycle.

        Args:
            start: The case's start input (also read by ``__init__``).
        """
        return await self.drive()

    async def drive(self) -> CaseResult:
        """The main loop: one step per status until the case is purged."""
        ctx, s = self.ctx, self.ctx.s
        if s.created_at is None:
            s.created_at = workflow.now()
            ctx.log("created", f"procedure={s.procedure} graph={s.graph_name}")
            self.deadlines.set_intake_expiry()
        ctx.dirty = True
        lifecycle = ctx.procedure.lifecycle is not None
        while True:
            if ctx.withdraw is not None:
                await self.appeals.close_withdrawn()
            status = s.status
            if status in (CaseStatus.INTAKE, CaseStatus.AWAITING_APPLICANT):
                await self.intake.converse()
            elif status is CaseStatus.SUBMITTED:
                await (self.lifecycle.submitted() if lifecycle else self.assessment.assess())
            elif status is CaseStatus.CONSULTATION:
                await self.lifecycle.consult()
            elif status is CaseStatus.UNDER_REVIEW:
                await (self.lifecycle.await_task() if lifecycle else self.assessment.await_review())
            elif status is CaseStatus.DECIDED:
                await self.deadlines.await_objection_window()
            elif status is CaseStatus.CLOSED:
                await self.deadlines.await_retention()
            else:
                await ctx.flush()
                return CaseResult(
                    case_id=s.case_id,
                    status=s.status,
                    outcome=s.decision.outcome if s.decision else None,
                )

    # ---------------------------------------------------------- conversation

    @workflow.update(name="open")
    async def open(self) -> TurnReply:
        """Return the greeting and the current question (changes nothing)."""
        return await self.intake.open()

    @workflow.update(name="send_message")
    async def send_message(self, message: TurnInput) -> TurnReply:
        """One conversation turn: understand the answer, reply, ask the next question."""
        return await self.intake.send_message(message)

    @send_message.validator
    def _validate_message(self, message: TurnInput) -> None:
        self.intake.check_message(message)

    # ------------------------------------------------------------ the queue

    @workflow.update(name="claim")
    async def claim(self, request: ClaimInput) -> TaskActionResult:
        """Claim a task; the workflow is the lock, so exactly one claimer wins."""
        return await self.tasks.claim(request)

    @claim.validator
    def _validate_claim(self, request: ClaimInput) -> None:
        self.tasks.check_claim(request)

    @workflow.update(name="release")
    async def release(self, request: ClaimInput) -> TaskActionResult:
        """Give a claimed task back to its group (the holder, or on the holder's behalf)."""
        return await self.tasks.release(request)

    @release.validator
    def _validate_release(self, request: ClaimInput) -> None:
        self.tasks.check_release(request)

    @workflow.update(name="correct_value")
    async def correct_value(self, request: CorrectValueInput) -> TaskActionResult:
        """A caseworker corrects a form value (or fills one left to them); the rules run again."""
        return await self.tasks.correct_value(request)

    @correct_value.validator
    def _validate_correct(self, request: CorrectValueInput) -> None:
        self.tasks.check_correction(request)

    @workflow.update(name="reassign")
    async def reassign(self, request: ReassignInput) -> TaskActionResult:
        """Hand a task to another caseworker (the service checks the supervisor role)."""
        return await self.tasks.reassign(request)

    @reassign.validator
    def _validate_reassign(self, request: ReassignInput) -> None:
        self.tasks.check_reassign(request)

    @workflow.update(name="decide")
    async def decide(self, request: DecideInput) -> TaskActionResult:
        """Decide a task the caller holds; the case continues from the decision."""
        return await self.tasks.decide(request)

    @decide.validator
    def _validate_decide(self, request: DecideInput) -> None:
        self.tasks.check_decision(request)

    # ------------------------------------------------ withdrawal and appeal

    @workflow.update(name="withdraw")
    async def withdraw(self, request: WithdrawInput) -> CaseActionResult:
        """The applicant withdraws the case; the main loop closes it between steps."""
        return await self.appeals.withdraw(request)

    @withdraw.validator
    def _validate_withdraw(self, request: WithdrawInput) -> None:
        self.appeals.check_withdraw(request)

    @workflow.update(name="appeal")
    async def appeal(self, request: AppealInput) -> CaseActionResult:
        """The applicant contests the decision; an ``appeal`` task is opened."""
        return await self.appeals.appeal(request)

    @appeal.validator
    def _validate_appeal(self, request: AppealInput) -> None:
        self.appeals.check_appeal(request)

    @workflow.update(name="request_revision")
    async def request_revision(self, request: RevisionInput) -> CaseActionResult:
        """Staff offer the decided case to a caseworker: a ``revision`` task is opened."""
        return await self.appeals.request_revision(request)

    @request_revision.validator
    def _validate_revision(self, request: RevisionInput) -> None:
        self.appeals.check_revision(request)

    # ------------------------------------------------------------- records

    @workflow.update(name="rate")
    async def rate(self, request: RatingInput) -> CaseActionResult:
        """The applicant answers the satisfaction question once, after the decision."""
        return await self.records.rate(request)

    @rate.validator
    def _validate_rate(self, request: RatingInput) -> None:
        self.records.check_rating(request)

    @workflow.update(name="set_contact")
    async def set_contact(self, request: ContactInput) -> CaseActionResult:
        """Record the address notifications go to, where the form asks for none."""
        return await self.records.set_contact(request)

    @set_contact.validator
    def _validate_contact(self, request: ContactInput) -> None:
        self.records.check_contact(request)

    @workflow.update(name="record_access")
    async def record_access(self, request: AccessInput) -> CaseActionResult:
        """Note in the timeline that a staff member opened a document or a letter."""
        return await self.records.record_access(request)

    @record_access.validator
    def _validate_access(self, request: AccessInput) -> None:
        self.records.check_access(request)

    # -------------------------------------------------------------- queries

    @workflow.query(name="view")
    def view(self) -> CaseView:
        """The case as the API shows it."""
        return case_view(self.ctx.s, self.ctx.procedure)

    @workflow.query(name="projection")
    def projection(self) -> ProjectionBatch:
        """The read-model rows as of now, at the last written version (for reindexing)."""
        return current_projection(self.ctx.s, self.ctx.procedure, self.ctx.decision)
