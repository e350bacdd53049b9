"""Lifecycle steps of procedures that declare them (:class:`procedures.lifecycle.Lifecycle`).

Everything here is generic: the procedure's lifecycle says whether a
completeness check comes first, which services to consult, when silence
decides and what it decides, which identity keys to compare with other
claims and which windows keep a decided case open. A procedure without a
lifecycle never reaches this code, so the commands of its cases (and their
committed histories) are unchanged.

The step order once the form is submitted:

1. completeness task (if declared), at most one request for documents, with
   the applicant's completion limit; the file is then complete;
2. the tacit-decision clock starts; rules, sign-off policy and the duplicate
   check run;
3. consultations run in parallel as child workflows (status
   ``consultation``); silence until each one's deadline is agreement;
4. a review task (and a ``second_review`` where four-eyes applies) until the
   tacit deadline, which cancels the open task and decides by itself.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ActivityError, ChildWorkflowError

from activities.duplicates import DuplicateActivities
from procedures.calendar import local_date
from schemas.case import CaseStatus, Deadline, Outcome, PendingTask
from schemas.lifecycle import ConsultationInput, ConsultationOutcome, DuplicateCheckInput
from schemas.notify import NoticeKind
from schemas.rules import SignOff
from schemas.task import DecideInput, TaskKind, TaskStatus
from workflows import errors
from workflows.case import review
from workflows.case.assessment import Assessment, Woke
from workflows.case.context import CaseContext
from workflows.case.options import (
    PATCH_APPLICANT_REMINDER,
    PATCH_LIFECYCLE_CLAIM_EXPIRY,
    PATCH_TASK_REMINDER,
    RETRY_FOREVER,
    SHORT_ACTIVITY,
)
from workflows.consultation import ConsultationWorkflow

_DUPLICATE_PRIORITY = 3
"""A possible duplicate claim is looked at before ordinary reviews."""

_COMPLETION_REMINDER = "completion_limit"


class LifecycleSteps:
    """The lifecycle steps of one case."""

    def __init__(self, ctx: CaseContext, assessment: Assessment) -> None:
        """Work on ``ctx``'s case; run rules and decide through ``assessment``."""
        self.ctx = ctx
        self.assessment = assessment

    # ------------------------------------------------------------ helpers

    def _open_task(
        self,
        kind: TaskKind,
        summary: str,
        due_at: dt.datetime | None,
        priority: int,
        previous_decider: str | None = None,
    ) -> PendingTask:
        ctx, s = self.ctx, self.ctx.s
        task = PendingTask(
            task_id=ctx.next_id(),
            kind=kind.value,
            group=s.procedure,
            created_at=workflow.now(),
            due_at=due_at,
            priority=priority + (ctx.lc.warning_priority if s.warned else 0),
            summary=summary,
            previous_decider=previous_decider,
        )
        s.task = task
        s.status = CaseStatus.UNDER_REVIEW
        ctx.log("task", f"{kind.value} task {task.task_id}")
        return task

    def children_running(self) -> bool:
        """Whether consultations run (the case must not continue as new meanwhile)."""
        return any(c.outcome is None for c in self.ctx.s.consultations)

    # -------------------------------------------------- submitted → complete

    def conversation_deadline(self) -> dt.datetime | None:
        """The instant that ends a conversation (the applicant's limit, or silence)."""
        s = self.ctx.s
        candidates = [d for d in (s.applicant_due, s.tacit_due) if d is not None]
        return min(candidates) if candidates else None

    def applicant_reminder_at(self) -> dt.datetime | None:
        """When to remind the applicant of their limit to complete the file, if ever."""
        s, lead = self.ctx.s, self.ctx.start.applicant_reminder_seconds
        if s.applicant_due is None or lead <= 0 or _COMPLETION_REMINDER in s.reminded:
            return None
        # Older runs had no reminder: keep their commands.
        if not workflow.patched(PATCH_APPLICANT_REMINDER):
            return None
        return s.applicant_due - dt.timedelta(seconds=lead)

    async def remind_applicant(self) -> None:
        """Tell the applicant (e-mail and status page) that their limit approaches."""
        ctx, s = self.ctx, self.ctx.s
        s.reminded.append(_COMPLETION_REMINDER)
        due = ctx.local(s.applicant_due) if s.applicant_due else "?"
        ctx.log("reminder", f"documents due by {due}")
        await ctx.flush()
        await ctx.notify(NoticeKind.DEADLINE_REMINDER, due=due)

    async def conversation_expired(self) -> None:
        """The applicant did not complete the file in time: silence decides."""
        ctx, s = self.ctx, self.ctx.s
        s.pending_question = None
        s.caseworker_question = None
        if s.applicant_due is not None and workflow.now() >= s.applicant_due:
            ctx.log("completion_limit", "requested documents not supplied in time")
            await self.assessment.decide(
                Outcome.TACITLY_REJECTED,
                "system",
                "The requested documents were not supplied within the time limit.",
            )
            return
        await self._tacit()

    async def submitted(self) -> None:
        """After submission: the completeness check, or straight to a complete file."""
        ctx, lc, s = self.ctx, self.ctx.lc, self.ctx.s
        now = workflow.now()
        if s.filed_at is None:
            s.filed_at = s.submitted_at or now
        if s.complete_at is None:
            if lc.completeness_check and not s.documents_requested:
                due = lc.completeness_due(s.filed_at) if lc.completeness_due else None
                if due is None or now < due:
                    self._open_task(TaskKind.COMPLETENESS, "completeness check", due, 1)
                    await ctx.flush(task_status=TaskStatus.OPEN)
                    return
            # Complete when the requested documents arrive, else as filed.
            s.complete_at = now if s.documents_requested else s.filed_at
            s.applicant_due = None
            s.deadlines = [d for d in s.deadlines if d.code != "completion_limit"]
            ctx.log("complete", f"file complete on {ctx.local(s.complete_at)}")
        await self._complete()

    async def _complete(self) -> None:
        lc, s = self.ctx.lc, self.ctx.s
        assert s.complete_at is not None
        if s.tacit_due is None and lc.tacit_deadline is not None:
            s.tacit_due = lc.tacit_deadline(s.form, s.complete_at)
            s.deadlines.append(
                Deadline(code="tacit_decision", due_at=s.tacit_due, description="silence decides")
            )
        await self._assess_file()
        if not s.consultations:
            specs = lc.consultations(s.form, s.complete_at)
            if specs:
                await self._start_consultations(specs)
                return
        await self._review_or_decide()

    async def _assess_file(self) -> None:
        ctx, s = self.ctx, self.ctx.s
        assert s.complete_at is not None
        day = local_date(s.complete_at, ctx.procedure.timezone)
        try:
            result = await self.assessment.run_rules(day)
        except ActivityError as error:
            failed = self.assessment.rules_failed(error)
            if failed is None:
                raise
            # A caseworker assesses the file by hand; the consultations still run.
            s.outcome = None
            s.sign_off = SignOff(
                automatic=False,
                reasons=[f"rules_failed:{failed}"],
                priority=errors.RULES_FAILED_PRIORITY,
            )
            ctx.log("rules_failed", f"the rules could not be applied ({failed}): assess by hand")
            return
        self.assessment.record_rules(result, "criteria met")
        sign_off = result.sign_off
        keys = ctx.lc.duplicate_keys(s.form) if ctx.lc.duplicate_keys else {}
        if keys:
            check = await workflow.execute_activity_method(
                DuplicateActivities.check_duplicates,
                DuplicateCheckInput(
                    case_id=s.case_id, procedure=s.procedure, keys=keys, at=workflow.now()
                ),
                start_to_close_timeout=SHORT_ACTIVITY,
                retry_policy=RETRY_FOREVER,
            )
            s.duplicates = check.matches
            ctx.log("duplicates", f"{len(check.matches)} possible duplicate(s)")
            if check.matches:
                kinds = sorted({m.kind for m in check.matches})
                sign_off = sign_off.model_copy(
                    update={
                        "automatic": False,
                        "reasons": [*sign_off.reasons, *(f"possible_duplicate:{k}" for k in kinds)],
                        "priority": sign_off.priority + _DUPLICATE_PRIORITY,
                    }
                )
        s.sign_off = sign_off

    async def _review_or_decide(self) -> None:
        ctx, s = self.ctx, self.ctx.s
        assert s.sign_off is not None
        # No outcome only when the rules raised: then a person always decides.
        if s.outcome is not None and s.outcome.eligible and s.sign_off.automatic:
            await self.assessment.decide(Outcome.APPROVED, "system", None)
            return
        parts = list(s.sign_off.reasons)
        parts += [
            f"{c.service}: {c.outcome}{' (deemed)' if c.deemed else ''}"
            for c in s.consultations
            if c.outcome is not None
        ]
        parts += [f"{o.kind} {o.outcome} by {o.user}" for o in s.opinions]
        self._open_task(
            TaskKind.REVIEW, "; ".join(parts) or "review", s.tacit_due, s.sign_off.priority
        )
        await ctx.flush(task_status=TaskStatus.OPEN)

    # ------------------------------------------------------- consultations

    async def _start_consultations(self, specs: list[Any]) -> None:
        ctx, s = self.ctx, self.ctx.s
        for spec in specs:
            child_id = f"{s.case_id}-consult-{spec.service}"
            s.consultations.append(
                ConsultationOutcome(
                    service=spec.service,
                    workflow_id=child_id,
                    due_at=spec.due_at,
                    binding=spec.binding,
                )
            )
            # REQUEST_CANCEL, on purpose: if the case ends while a service is
            # still consulted (withdrawal, termination), the child takes its
            # task out of that service's queue instead of dangling (ABANDON)
            # or vanishing without a trace (TERMINATE).
            handle = await workflow.start_child_workflow(
                ConsultationWorkflow.run,
                ConsultationInput(
                    case_id=s.case_id,
                    procedure=s.procedure,
                    service=spec.service,
                    due_at=spec.due_at,
                    summary=spec.summary,
                ),
                id=child_id,
                parent_close_policy=workflow.ParentClosePolicy.REQUEST_CANCEL,
            )
            ctx.children[spec.service] = handle
            ctx.watchers.append(asyncio.create_task(self._watch(spec.service, handle)))
            ctx.log("consultation", f"{spec.service} consulted until {ctx.local(spec.due_at)}")
        # Only once every service is consulted, so readers never see half the list.
        s.status = CaseStatus.CONSULTATION
        await ctx.flush()

    async def _watch(self, service: str, handle: Any) -> None:
        try:
            result: ConsultationOutcome = await handle
        except (asyncio.CancelledError, ChildWorkflowError):
            result = ConsultationOutcome(
                service=service, workflow_id="", due_at=workflow.now(), outcome="cancelled"
            )
        for record in self.ctx.s.consultations:
            if record.service == service:
                record.outcome = result.outcome
                record.deemed = result.deemed
                record.reason = result.reason
                record.decided_by = result.decided_by
                record.decided_at = result.decided_at or workflow.now()
        deemed = " (silence: deemed agreement)" if result.deemed else ""
        self.ctx.log("consultation_answer", f"{service}: {result.outcome}{deemed}", actor=service)

    async def consult(self) -> None:
        """While consultations run: flush, and let the tacit deadline win if it comes first."""
        ctx, s = self.ctx, self.ctx.s
        while self.children_running():
            in_time = await ctx.wait(lambda: ctx.dirty or not self.children_running(), s.tacit_due)
            if not in_time:
                await self._tacit()
                return
            if ctx.dirty:
                await ctx.flush()
            if ctx.withdraw is not None:
                return
        ctx.log("consulted", f"{len(s.consultations)} consultation(s) answered")
        await self._review_or_decide()

    # ------------------------------------------------------ tasks and timers

    async def await_task(self) -> None:
        """Wait for a decision on the open task, its deadline, or the queue warning."""
        ctx, lc, s = self.ctx, self.ctx.lc, self.ctx.s
        task = s.task
        if task is None:
            s.status = CaseStatus.SUBMITTED
            return
        timers: list[tuple[dt.datetime, str]] = []
        if task.kind == TaskKind.COMPLETENESS.value and task.due_at is not None:
            timers.append((task.due_at, "completeness"))
        elif s.tacit_due is not None:
            if lc.tacit_warning is not None and not s.warned:
                timers.append((s.tacit_due - lc.tacit_warning, "warning"))
            timers.append((s.tacit_due, "tacit"))
        # Asked only where a timer could apply, and once asked the answer is
        # fixed for the run: histories recorded before these timers replay as
        # they ran (no marker, so False).
        timed = (
            task.claimed_by is not None
            or ctx.start.claim_timeout_seconds > 0
            or (task.due_at is not None and ctx.start.task_reminder_seconds > 0)
        )
        watch_claims = timed and workflow.patched(PATCH_LIFECYCLE_CLAIM_EXPIRY)
        if watch_claims:
            timers += self._claim_and_reminder_timers(task)
        until, what = min(timers) if timers else (None, "")
        wait = await self.assessment.await_decision(until=until, timed=True, claims=watch_claims)
        if wait.woke is Woke.TIMER:
            await self._timer(what, task)
            return
        if wait.decision is None:
            return
        await self._apply(task, wait.decision)

    def _claim_and_reminder_timers(self, task: PendingTask) -> list[tuple[dt.datetime, str]]:
        """The claim-expiry and due-date reminder instants of the open task."""
        timers: list[tuple[dt.datetime, str]] = []
        timeout = self.ctx.start.claim_timeout_seconds
        if task.claimed_by is not None and task.claimed_at is not None and timeout > 0:
            timers.append((task.claimed_at + dt.timedelta(seconds=timeout), "claim"))
        lead = self.ctx.start.task_reminder_seconds
        key = f"task:{task.task_id}"
        if (
            task.due_at is not None
            and lead > 0
            and key not in self.ctx.s.reminded
            and workflow.patched(PATCH_TASK_REMINDER)
        ):
            timers.append((task.due_at - dt.timedelta(seconds=lead), "reminder"))
        return timers

    async def _timer(self, what: str, task: PendingTask) -> None:
        ctx, s = self.ctx, self.ctx.s
        if what == "claim":
            await self.assessment.expire_claim()
        elif what == "reminder":
            s.reminded.append(f"task:{task.task_id}")
            await ctx.notify_staff(task)
        elif what == "warning":
            s.warned = True
            task.priority += ctx.lc.warning_priority
            due = ctx.local(s.tacit_due) if s.tacit_due else "?"
            task.summary = f"tacit decision on {due}; {task.summary}"
            ctx.log("deadline_warning", f"task {task.task_id}: tacit decision on {due}")
            status = TaskStatus.CLAIMED if task.claimed_by else TaskStatus.OPEN
            await ctx.flush(task_status=status)
        elif what == "completeness":
            s.settled_tasks.append(task.task_id)
            await ctx.flush(task_status=TaskStatus.CANCELLED, task_outcome="deemed_complete")
            s.task = None
            s.complete_at = s.filed_at
            ctx.log("deemed_complete", "no request for documents in time: complete as filed")
            s.status = CaseStatus.SUBMITTED
        else:
            await self._tacit()

    async def _tacit(self) -> None:
        """The statutory silence decides: cancel the open task and any consultation."""
        ctx, lc, s = self.ctx, self.ctx.lc, self.ctx.s
        outcome = lc.tacit_outcome(s.form, s.consultations) if lc.tacit_outcome else None
        task = s.task
        if task is not None:
            s.settled_tasks.append(task.task_id)
            await ctx.flush(task_status=TaskStatus.CANCELLED, task_outcome=outcome)
            ctx.log("cancelled", f"task {task.task_id}: settled by the statutory deadline")
        for child in ctx.children.values():
            child.cancel()
        ctx.log("tacit", f"{outcome} at the end of {ctx.local(workflow.now())}")
        await self.assessment.decide(
            Outcome(outcome or Outcome.TACITLY_REJECTED.value), "system", None
        )

    async def _apply(self, task: PendingTask, decision: DecideInput) -> None:
        ctx, lc, s = self.ctx, self.ctx.lc, self.ctx.s
        now = workflow.now()
        kind = TaskKind(task.kind)
        if kind is TaskKind.COMPLETENESS:
            s.task = None
            if decision.outcome == "complete":
                s.complete_at = now
                ctx.log("complete", f"file complete on {ctx.local(now)}", decision.user)
                s.status = CaseStatus.SUBMITTED
                return
            limit = lc.completion_limit(now) if lc.completion_limit else None
            s.documents_requested = True
            s.applicant_due = limit
            reopen = lc.reopen_on_request(s.form) if lc.reopen_on_request else []
            for name in reopen:
                s.form.pop(name, None)
                s.provenance.pop(name, None)
            s.caseworker_question = decision.question
            s.reviewed = False
            if limit is not None:
                s.deadlines.append(
                    Deadline(code="completion_limit", due_at=limit, description="documents due")
                )
            s.status = CaseStatus.AWAITING_APPLICANT
            await ctx.flush()
            await ctx.notify(NoticeKind.INFO_REQUESTED, question=decision.question or "")
            return
        four_eyes = bool(s.sign_off and s.sign_off.four_eyes)
        step = review.review_step(kind, decision.outcome, four_eyes)
        opinion = review.opinion_on_record(step, task, decision, now)
        if opinion is not None:
            s.opinions.append(opinion)
        outcome = review.decided(step)
        if step is review.ReviewStep.REQUEST_INFO:
            s.task = None
            s.caseworker_question = decision.question
            s.reviewed = False
            s.status = CaseStatus.AWAITING_APPLICANT
            await ctx.flush()
            await ctx.notify(NoticeKind.INFO_REQUESTED, question=decision.question or "")
        elif step is review.ReviewStep.SECOND_REVIEW:
            self._open_task(
                TaskKind.SECOND_REVIEW,
                review.second_review_summary(task, decision),
                s.tacit_due,
                task.priority,
                previous_decider=decision.user,
            )
            await ctx.flush(task_status=TaskStatus.OPEN)
        elif step is review.ReviewStep.BACK_TO_REVIEW:
            s.changed_on = TaskKind.SECOND_REVIEW.value
            summary = review.back_to_review_summary(task, decision)
            self._open_task(TaskKind.REVIEW, summary, s.tacit_due, task.priority)
            await ctx.flush(task_status=TaskStatus.OPEN)
        elif outcome is not None:
            await self.assessment.decide(outcome, decision.user, decision.reason)
