"""Lifecycle steps of procedures that declare them (:class:`procedures.lifecycle.Lifecycle`).

Mixed into the case workflow. Everything here is generic: the procedure's
lifecycle says whether a completeness check comes first, which services to
consult, when silence decides and what it decides, which identity keys to
compare with other claims and which windows keep a decided case open. A
procedure without a lifecycle never reaches this code, so the commands of
its cases (and their committed histories) are unchanged.

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
from collections.abc import Callable
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ActivityError, ChildWorkflowError

with workflow.unsafe.imports_passed_through():
    from activities.duplicates import DuplicateActivities
    from activities.eligibility import evaluate_eligibility
    from procedures.base import Procedure
    from procedures.calendar import local_date
    from procedures.lifecycle import Lifecycle
    from schemas.case import (
        CaseState,
        CaseStatus,
        Deadline,
        Outcome,
        PendingTask,
        StartCaseInput,
    )
    from schemas.lifecycle import (
        ConsultationInput,
        ConsultationOutcome,
        DuplicateCheckInput,
    )
    from schemas.notify import NoticeKind
    from schemas.rules import EligibilityInput, SignOff
    from schemas.task import DecideInput, TaskKind, TaskStatus
    from workflows import errors, review
    from workflows.case.options import (
        PATCH_APPLICANT_REMINDER,
        PATCH_LIFECYCLE_CLAIM_EXPIRY,
        PATCH_TASK_REMINDER,
        RETRY_FOREVER,
        RULES_FAILED_PATCH,
        SHORT_ACTIVITY,
    )
    from workflows.consultation import ConsultationWorkflow

_STOPPED_BY_DECISION = frozenset({"tacit_decision", "completion_limit"})
_DUPLICATE_PRIORITY = 3
"""A possible duplicate claim is looked at before ordinary reviews."""

_COMPLETION_REMINDER = "completion_limit"


class LifecycleSteps:
    """The lifecycle steps; the case workflow provides state, logging and projections."""

    s: CaseState
    _procedure: Procedure
    _decision: DecideInput | None
    _dirty: bool
    _children: dict[str, Any]
    _watchers: list[asyncio.Task[None]]
    _withdraw: Any
    _start: StartCaseInput
    _claim_changes: int

    # Provided by the case workflow.
    def _log(self, kind: str, text: str, actor: str = "system") -> None:
        raise NotImplementedError

    async def _flush(
        self,
        task_status: TaskStatus | None = None,
        task_outcome: str | None = None,
        decided_by: str | None = None,
    ) -> None:
        raise NotImplementedError

    async def _decide(self, outcome: Outcome, decided_by: str, reason: str | None) -> None:
        raise NotImplementedError

    async def _notify(self, kind: NoticeKind, **params: str) -> None:
        raise NotImplementedError

    async def _notify_staff(self, task: PendingTask) -> None:
        raise NotImplementedError

    async def _expire_claim(self) -> None:
        raise NotImplementedError

    def _graph_if_versioned(self) -> str | None:
        """The case's graph name when it is a later question-flow version (the workflow's)."""
        raise NotImplementedError

    def take_decision(self, task: PendingTask | None) -> DecideInput | None:
        """Take the pending decision if it is for ``task`` (the case workflow's)."""
        raise NotImplementedError

    # ------------------------------------------------------------ helpers

    @property
    def _lc(self) -> Lifecycle:
        lifecycle = self._procedure.lifecycle
        assert lifecycle is not None, "lifecycle step on a procedure without one"
        return lifecycle

    def _local(self, instant: dt.datetime) -> str:
        return local_date(instant, self._procedure.timezone).isoformat()

    def _open_task(
        self,
        kind: TaskKind,
        summary: str,
        due_at: dt.datetime | None,
        priority: int,
        previous_decider: str | None = None,
    ) -> PendingTask:
        self.s.seq += 1
        task = PendingTask(
            task_id=f"{self.s.case_id}:{self.s.seq}",
            kind=kind.value,
            group=self.s.procedure,
            created_at=workflow.now(),
            due_at=due_at,
            priority=priority + (self._lc.warning_priority if self.s.warned else 0),
            summary=summary,
            previous_decider=previous_decider,
        )
        self.s.task = task
        self.s.status = CaseStatus.UNDER_REVIEW
        self._log("task", f"{kind.value} task {task.task_id}")
        return task

    async def _wait(self, predicate: Callable[[], bool], until: dt.datetime | None) -> bool:
        """Wait for ``predicate`` or the instant ``until``; return False when the time came."""
        if until is None:
            await workflow.wait_condition(predicate)
            return True
        remaining = until - workflow.now()
        if remaining <= dt.timedelta(0):
            return predicate()
        try:
            await workflow.wait_condition(predicate, timeout=remaining)
        except TimeoutError:
            return predicate()
        return True

    def lifecycle_settled(self, task_id: str) -> bool:
        """Whether a statutory deadline settled this task (a late decision gets 409)."""
        return task_id in self.s.settled_tasks

    def lifecycle_children_running(self) -> bool:
        """Whether consultations run (the case must not continue as new meanwhile)."""
        return any(c.outcome is None for c in self.s.consultations)

    def lifecycle_closing_at(self, objection: dt.datetime) -> dt.datetime:
        """The case stays open until the objection deadline and every window after it."""
        ends = [objection]
        codes = {"third_party_appeal"}
        ends += [d.due_at for d in self.s.deadlines if d.code in codes]
        return max(ends)

    def lifecycle_after_decision(self, outcome: Outcome, decided_at: dt.datetime) -> None:
        """Record the windows that keep the case open after this decision."""
        if self._procedure.lifecycle is None:
            return
        # The clocks the decision stopped no longer show as deadlines.
        self.s.deadlines = [d for d in self.s.deadlines if d.code not in _STOPPED_BY_DECISION]
        for window in self._lc.windows(outcome.value, decided_at):
            self.s.deadlines.append(
                Deadline(code=window.code, due_at=window.due_at, description=window.description)
            )

    # -------------------------------------------------- submitted → complete

    def lifecycle_conversation_deadline(self) -> dt.datetime | None:
        """The instant that ends a conversation (the applicant's limit, or silence)."""
        candidates = [d for d in (self.s.applicant_due, self.s.tacit_due) if d is not None]
        return min(candidates) if candidates else None

    def lifecycle_applicant_reminder_at(self) -> dt.datetime | None:
        """When to remind the applicant of their limit to complete the file, if ever."""
        s, lead = self.s, self._start.applicant_reminder_seconds
        if s.applicant_due is None or lead <= 0 or _COMPLETION_REMINDER in s.reminded:
            return None
        # Older runs had no reminder: keep their commands.
        if not workflow.patched(PATCH_APPLICANT_REMINDER):
            return None
        return s.applicant_due - dt.timedelta(seconds=lead)

    async def lifecycle_remind_applicant(self) -> None:
        """Tell the applicant (e-mail and status page) that their limit approaches."""
        s = self.s
        s.reminded.append(_COMPLETION_REMINDER)
        due = self._local(s.applicant_due) if s.applicant_due else "?"
        self._log("reminder", f"documents due by {due}")
        await self._flush()
        await self._notify(NoticeKind.DEADLINE_REMINDER, due=due)

    async def lifecycle_conversation_expired(self) -> None:
        """The applicant did not complete the file in time: silence decides."""
        s = self.s
        s.pending_question = None
        s.caseworker_question = None
        if s.applicant_due is not None and workflow.now() >= s.applicant_due:
            self._log("completion_limit", "requested documents not supplied in time")
            await self._decide(
                Outcome.TACITLY_REJECTED,
                "system",
                "The requested documents were not supplied within the time limit.",
            )
            return
        await self._tacit()

    async def lifecycle_submitted(self) -> None:
        """After submission: the completeness check, or straight to a complete file."""
        lc, s = self._lc, self.s
        now = workflow.now()
        if s.filed_at is None:
            s.filed_at = s.submitted_at or now
        if s.complete_at is None:
            if lc.completeness_check and not s.documents_requested:
                due = lc.completeness_due(s.filed_at) if lc.completeness_due else None
                if due is None or now < due:
                    self._open_task(TaskKind.COMPLETENESS, "completeness check", due, 1)
                    await self._flush(task_status=TaskStatus.OPEN)
                    return
            # Complete when the requested documents arrive, else as filed.
            s.complete_at = now if s.documents_requested else s.filed_at
            s.applicant_due = None
            s.deadlines = [d for d in s.deadlines if d.code != "completion_limit"]
            self._log("complete", f"file complete on {self._local(s.complete_at)}")
        await self._complete()

    async def _complete(self) -> None:
        lc, s = self._lc, self.s
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
        s = self.s
        assert s.complete_at is not None
        day = local_date(s.complete_at, self._procedure.timezone)
        try:
            result = await workflow.execute_activity(
                evaluate_eligibility,
                EligibilityInput(
                    procedure=s.procedure,
                    graph=self._graph_if_versioned(),
                    form=s.form,
                    provenance=list(s.provenance.values()),
                    received_on=day,
                    reference_date=day,
                ),
                start_to_close_timeout=SHORT_ACTIVITY,
                retry_policy=RETRY_FOREVER,
            )
        except ActivityError as error:
            failed = errors.rules_failure(error)
            if failed is None or not workflow.patched(RULES_FAILED_PATCH):
                raise
            # A caseworker assesses the file by hand; the consultations still run.
            s.outcome = None
            s.sign_off = SignOff(
                automatic=False,
                reasons=[f"rules_failed:{failed}"],
                priority=errors.RULES_FAILED_PRIORITY,
            )
            self._log("rules_failed", f"the rules could not be applied ({failed}): assess by hand")
            return
        s.outcome, sign_off = result.outcome, result.sign_off
        met = sum(1 for c in result.outcome.criteria if c.result.value == "met")
        self._log(
            "rules",
            f"{met}/{len(result.outcome.criteria)} criteria met, "
            f"parameter set {result.outcome.parameter_set.id}",
        )
        keys = self._lc.duplicate_keys(s.form) if self._lc.duplicate_keys else {}
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
            self._log("duplicates", f"{len(check.matches)} possible duplicate(s)")
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
        s = self.s
        assert s.sign_off is not None
        # No outcome only when the rules raised: then a person always decides.
        if s.outcome is not None and s.outcome.eligible and s.sign_off.automatic:
            await self._decide(Outcome.APPROVED, "system", None)
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
        await self._flush(task_status=TaskStatus.OPEN)

    # ------------------------------------------------------- consultations

    async def _start_consultations(self, specs: list[Any]) -> None:
        s = self.s
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
            self._children[spec.service] = handle
            self._watchers.append(asyncio.create_task(self._watch(spec.service, handle)))
            self._log("consultation", f"{spec.service} consulted until {self._local(spec.due_at)}")
        # Only once every service is consulted, so readers never see half the list.
        s.status = CaseStatus.CONSULTATION
        await self._flush()

    async def _watch(self, service: str, handle: Any) -> None:
        try:
            result: ConsultationOutcome = await handle
        except (asyncio.CancelledError, ChildWorkflowError):
            result = ConsultationOutcome(
                service=service, workflow_id="", due_at=workflow.now(), outcome="cancelled"
            )
        for record in self.s.consultations:
            if record.service == service:
                record.outcome = result.outcome
                record.deemed = result.deemed
                record.reason = result.reason
                record.decided_by = result.decided_by
                record.decided_at = result.decided_at or workflow.now()
        deemed = " (silence: deemed agreement)" if result.deemed else ""
        self._log("consultation_answer", f"{service}: {result.outcome}{deemed}", actor=service)

    async def lifecycle_consult(self) -> None:
        """While consultations run: flush, and let the tacit deadline win if it comes first."""
        s = self.s
        while self.lifecycle_children_running():
            in_time = await self._wait(
                lambda: self._dirty or not self.lifecycle_children_running(), s.tacit_due
            )
            if not in_time:
                await self._tacit()
                return
            if self._dirty:
                await self._flush()
            if self._withdraw is not None:
                return
        self._log("consulted", f"{len(s.consultations)} consultation(s) answered")
        await self._review_or_decide()

    # ------------------------------------------------------ tasks and timers

    async def lifecycle_await_task(self) -> None:
        """Wait for a decision on the open task, its deadline, or the queue warning."""
        lc, s = self._lc, self.s
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
        claims = self._claim_changes
        # Asked only where a timer could apply, and once asked the answer is
        # fixed for the run: histories recorded before these timers replay as
        # they ran (no marker, so False).
        timed = (
            task.claimed_by is not None
            or self._start.claim_timeout_seconds > 0
            or (task.due_at is not None and self._start.task_reminder_seconds > 0)
        )
        watch_claims = timed and workflow.patched(PATCH_LIFECYCLE_CLAIM_EXPIRY)
        if watch_claims:
            timers += self._claim_and_reminder_timers(task)
        until, what = min(timers) if timers else (None, "")
        in_time = await self._wait(
            lambda: (
                self._decision is not None
                or self._dirty
                or (watch_claims and self._claim_changes != claims)
            ),
            until,
        )
        if not in_time:
            await self._timer(what, task)
            return
        if self._dirty:
            await self._flush()
        decision = self.take_decision(task)
        if decision is None:
            return
        await self._apply(task, decision)

    def _claim_and_reminder_timers(self, task: PendingTask) -> list[tuple[dt.datetime, str]]:
        """The claim-expiry and due-date reminder instants of the open task."""
        timers: list[tuple[dt.datetime, str]] = []
        timeout = self._start.claim_timeout_seconds
        if task.claimed_by is not None and task.claimed_at is not None and timeout > 0:
            timers.append((task.claimed_at + dt.timedelta(seconds=timeout), "claim"))
        lead = self._start.task_reminder_seconds
        key = f"task:{task.task_id}"
        if (
            task.due_at is not None
            and lead > 0
            and key not in self.s.reminded
            and workflow.patched(PATCH_TASK_REMINDER)
        ):
            timers.append((task.due_at - dt.timedelta(seconds=lead), "reminder"))
        return timers

    async def _timer(self, what: str, task: PendingTask) -> None:
        s = self.s
        if what == "claim":
            await self._expire_claim()
        elif what == "reminder":
            s.reminded.append(f"task:{task.task_id}")
            await self._notify_staff(task)
        elif what == "warning":
            s.warned = True
            task.priority += self._lc.warning_priority
            due = self._local(s.tacit_due) if s.tacit_due else "?"
            task.summary = f"tacit decision on {due}; {task.summary}"
            self._log("deadline_warning", f"task {task.task_id}: tacit decision on {due}")
            status = TaskStatus.CLAIMED if task.claimed_by else TaskStatus.OPEN
            await self._flush(task_status=status)
        elif what == "completeness":
            s.settled_tasks.append(task.task_id)
            await self._flush(task_status=TaskStatus.CANCELLED, task_outcome="deemed_complete")
            s.task = None
            s.complete_at = s.filed_at
            self._log("deemed_complete", "no request for documents in time: complete as filed")
            s.status = CaseStatus.SUBMITTED
        else:
            await self._tacit()

    async def _tacit(self) -> None:
        """The statutory silence decides: cancel the open task and any consultation."""
        lc, s = self._lc, self.s
        outcome = lc.tacit_outcome(s.form, s.consultations) if lc.tacit_outcome else None
        task = s.task
        if task is not None:
            s.settled_tasks.append(task.task_id)
            await self._flush(task_status=TaskStatus.CANCELLED, task_outcome=outcome)
            self._log("cancelled", f"task {task.task_id}: settled by the statutory deadline")
        for child in self._children.values():
            child.cancel()
        self._log("tacit", f"{outcome} at the end of {self._local(workflow.now())}")
        await self._decide(Outcome(outcome or Outcome.TACITLY_REJECTED.value), "system", None)

    async def _apply(self, task: PendingTask, decision: DecideInput) -> None:
        s, now = self.s, workflow.now()
        kind = TaskKind(task.kind)
        if kind is TaskKind.COMPLETENESS:
            s.task = None
            if decision.outcome == "complete":
                s.complete_at = now
                self._log("complete", f"file complete on {self._local(now)}", decision.user)
                s.status = CaseStatus.SUBMITTED
                return
            limit = self._lc.completion_limit(now) if self._lc.completion_limit else None
            s.documents_requested = True
            s.applicant_due = limit
            reopen = self._lc.reopen_on_request(s.form) if self._lc.reopen_on_request else []
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
            await self._flush()
            await self._notify(NoticeKind.INFO_REQUESTED, question=decision.question or "")
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
            await self._flush()
            await self._notify(NoticeKind.INFO_REQUESTED, question=decision.question or "")
        elif step is review.ReviewStep.SECOND_REVIEW:
            self._open_task(
                TaskKind.SECOND_REVIEW,
                review.second_review_summary(task, decision),
                s.tacit_due,
                task.priority,
                previous_decider=decision.user,
            )
            await self._flush(task_status=TaskStatus.OPEN)
        elif step is review.ReviewStep.BACK_TO_REVIEW:
            s.changed_on = TaskKind.SECOND_REVIEW.value
            summary = review.back_to_review_summary(task, decision)
            self._open_task(TaskKind.REVIEW, summary, s.tacit_due, task.priority)
            await self._flush(task_status=TaskStatus.OPEN)
        elif outcome is not None:
            await self._decide(outcome, decision.user, decision.reason)
