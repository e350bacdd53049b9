"""Assessment and decision: the rules, the review task, the one decision wait, the one letter.

Once the form is submitted the rules and the sign-off policy run
(:meth:`Assessment.run_rules`, the only place that asks the eligibility
activity); an eligible case the policy clears is approved without a
person, any other gets a review task. Every wait for a caseworker's
decision, on a plain review, on a lifecycle task or on an appeal, is
:meth:`Assessment.await_decision`; every decision letter, first or
reissued, is requested by :meth:`Assessment.issue_letter`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from temporalio import workflow
from temporalio.exceptions import ActivityError

from activities.eligibility import evaluate_eligibility
from activities.letters import LetterActivities
from schemas.case import CaseStatus, Deadline, Decision, Outcome, PendingTask
from schemas.letter import LetterIssued, LetterRequest
from schemas.notify import NoticeKind
from schemas.rules import EligibilityInput, EligibilityResult
from schemas.task import DecideInput, TaskKind, TaskStatus
from workflows import errors
from workflows.case import review
from workflows.case.context import CaseContext
from workflows.case.deadlines import record_windows
from workflows.case.options import (
    CLAIM_EXPIRY_PATCH,
    DECISION_ONCE_PATCH,
    RETRY_FOREVER,
    RULES_FAILED_PATCH,
    SHORT_ACTIVITY,
    SYSTEM,
)


class Woke(StrEnum):
    """Why :meth:`Assessment.await_decision` returned."""

    DECIDED = "decided"
    """The open task's decision is in :attr:`Wait.decision`."""
    TIMER = "timer"
    """The instant waited for came (the claim's expiry, or the caller's ``until``)."""
    CORRECTED = "corrected"
    """A caseworker corrected a value: the rules run again first."""
    MOVED = "moved"
    """Something else changed (flushed); the caller decides whether to wait again."""


@dataclass(frozen=True)
class Wait:
    """The end of a wait for a decision."""

    woke: Woke
    decision: DecideInput | None = None


class Assessment:
    """The rules, the review task and the decision of one case."""

    def __init__(self, ctx: CaseContext) -> None:
        """Work on ``ctx``'s case."""
        self.ctx = ctx

    # ---------------------------------------------------------------- rules

    async def run_rules(self, received_on: dt.date | None = None) -> EligibilityResult:
        """The rules and the sign-off policy on the case's form, as of the day it arrived.

        Args:
            received_on: The day the file counts as received; by default the
                day it was submitted (today if not yet).
        """
        s = self.ctx.s
        if received_on is None:
            submitted = s.submitted_at or workflow.now()
            received_on = submitted.astimezone(self.ctx.procedure.timezone).date()
        return await workflow.execute_activity(
            evaluate_eligibility,
            EligibilityInput(
                procedure=s.procedure,
                graph=self.ctx.graph_if_versioned(),
                form=s.form,
                provenance=list(s.provenance.values()),
                received_on=received_on,
                reference_date=received_on,
            ),
            start_to_close_timeout=SHORT_ACTIVITY,
            retry_policy=RETRY_FOREVER,
        )

    def record_rules(self, result: EligibilityResult, said: str) -> None:
        """Keep the rules' outcome and say in the timeline how many criteria are met."""
        s = self.ctx.s
        s.outcome = result.outcome
        s.sign_off = result.sign_off
        met = sum(1 for c in result.outcome.criteria if c.result.value == "met")
        self.ctx.log(
            "rules",
            f"{met}/{len(result.outcome.criteria)} {said}, "
            f"parameter set {result.outcome.parameter_set.id}",
        )

    @staticmethod
    def rules_failed(error: ActivityError) -> str | None:
        """The failure to hand to a caseworker when the rules raised; None to fail the step.

        Runs from before the rules could fail this way (no marker) fail as
        they did.
        """
        failed = errors.rules_failure(error)
        if failed is None or not workflow.patched(RULES_FAILED_PATCH):
            return None
        return failed

    # ---------------------------------------------------- the plain review

    async def assess(self) -> None:
        """Apply the rules and the sign-off policy; decide or ask a person."""
        try:
            result = await self.run_rules()
        except ActivityError as error:
            failed = self.rules_failed(error)
            if failed is None:
                raise
            await self._review_without_rules(failed)
            return
        self.record_rules(result, "criteria met")
        # The agent can never approve on its own: only an eligible outcome
        # that the policy clears is decided without a person.
        if result.outcome.eligible and result.sign_off.automatic:
            await self.decide(Outcome.APPROVED, decided_by=SYSTEM, reason=None)
            return
        await self._open_review(
            result.sign_off.priority, "; ".join(result.sign_off.reasons) or "review", "task"
        )

    async def _review_without_rules(self, failure: str) -> None:
        """The rules raised: a caseworker decides the case without their result."""
        summary = f"the rules could not be applied ({failure}): assess by hand"
        await self._open_review(errors.RULES_FAILED_PRIORITY, summary, "rules_failed")

    async def _open_review(self, priority: int, summary: str, entry: str) -> None:
        s = self.ctx.s
        s.task = PendingTask(
            task_id=self.ctx.next_id(),
            kind=TaskKind.REVIEW.value,
            group=s.procedure,
            created_at=workflow.now(),
            priority=priority,
            summary=summary,
        )
        s.status = CaseStatus.UNDER_REVIEW
        self.ctx.log(entry, f"review task {s.task.task_id}: {s.task.summary}")
        await self.ctx.flush(task_status=TaskStatus.OPEN)

    async def await_review(self) -> None:
        """Wait for the review's decision (or a correction, or the claim's expiry) and apply it."""
        ctx = self.ctx
        wait = await self.await_decision(corrections=True)
        if wait.woke is Woke.TIMER:
            await self.expire_claim()
            return
        if wait.woke is Woke.CORRECTED:
            # Only a correction sets it, and only through its own Update:
            # histories without one replay as before.
            ctx.recheck = False
            await self._reassess()
            return
        decision, task = wait.decision, ctx.s.task
        if decision is None:
            return
        assert task is not None, "a decision arrived with no open task"
        four_eyes = bool(ctx.s.sign_off and ctx.s.sign_off.four_eyes)
        step = review.review_step(TaskKind(task.kind), decision.outcome, four_eyes)
        opinion = review.opinion_on_record(step, task, decision, workflow.now())
        if opinion is not None:
            ctx.s.opinions.append(opinion)
        outcome = review.decided(step)
        if step is review.ReviewStep.SECOND_REVIEW:
            await self._replace_task(
                TaskKind.SECOND_REVIEW,
                review.second_review_summary(task, decision),
                previous_decider=decision.user,
            )
        elif step is review.ReviewStep.BACK_TO_REVIEW:
            ctx.s.changed_on = TaskKind.SECOND_REVIEW.value
            await self._replace_task(TaskKind.REVIEW, review.back_to_review_summary(task, decision))
        elif outcome is not None:
            await self.decide(outcome, decision.user, decision.reason)
        else:
            ctx.s.caseworker_question = decision.question
            ctx.s.reviewed = False
            ctx.s.status = CaseStatus.AWAITING_APPLICANT
            await ctx.flush()
            await ctx.notify(NoticeKind.INFO_REQUESTED, question=decision.question or "")

    async def _reassess(self) -> None:
        """Run the rules again on the corrected form; the caseworker keeps the task."""
        ctx = self.ctx
        old = ctx.s.task
        try:
            result = await self.run_rules()
        except ActivityError as error:
            failed = errors.rules_failure(error)
            if failed is None:
                raise
            summary = f"the rules could not be applied ({failed}): assess by hand"
        else:
            self.record_rules(result, "criteria met after a correction")
            summary = "; ".join(result.sign_off.reasons) or "review after a correction"
        kind = TaskKind(old.kind) if old is not None else TaskKind.REVIEW
        holder = old.claimed_by if old is not None else None
        await self._replace_task(kind, summary)
        if holder is not None and ctx.s.task is not None:
            # A person corrected the form: the same person decides on it.
            ctx.s.task.claimed_by = holder
            ctx.s.task.claimed_at = workflow.now()
            await ctx.flush(task_status=TaskStatus.CLAIMED)

    async def _replace_task(
        self, kind: TaskKind, summary: str, previous_decider: str | None = None
    ) -> None:
        """Replace the decided task with a new one of ``kind`` for the same group."""
        ctx = self.ctx
        old = ctx.s.task
        ctx.s.task = PendingTask(
            task_id=ctx.next_id(),
            kind=kind.value,
            group=old.group if old else ctx.s.procedure,
            created_at=workflow.now(),
            due_at=old.due_at if old else None,
            priority=old.priority if old else 0,
            summary=summary,
            previous_decider=previous_decider,
        )
        ctx.claim_changes += 1
        ctx.log("task", f"{kind.value} task {ctx.s.task.task_id}: {summary}")
        await ctx.flush(task_status=TaskStatus.OPEN)

    # ---------------------------------------------------- the decision wait

    async def await_decision(
        self,
        *,
        until: dt.datetime | None = None,
        timed: bool = False,
        claims: bool = True,
        corrections: bool = False,
    ) -> Wait:
        """Wait once for the open task to move: its decision, a change, a claim, a timer.

        The one wait for a caseworker's decision. It flushes what changed
        meanwhile and takes the decision when it is for the open task.

        Args:
            until: With ``timed``, the instant the caller's timers end the
                wait (a lifecycle's statutory deadline, warning, reminder or
                claim expiry); a move that came by then still counts.
            timed: The caller sets the timer (``until``, possibly None for
                none). Otherwise the open claim's expiry is the only timer,
                and when it fires the claim expires, moved or not.
            claims: Wake on a claim, release, reassignment or expiry.
            corrections: Wake on a corrected value (the plain review).

        Returns:
            Why it woke, with the decision when there is one.
        """
        ctx = self.ctx
        seen = ctx.claim_changes

        def moved() -> bool:
            return (
                ctx.decision is not None
                or ctx.dirty
                or (claims and ctx.claim_changes != seen)
                or (corrections and ctx.recheck)
            )

        if timed:
            if not await ctx.wait(moved, until):
                return Wait(Woke.TIMER)
        else:
            try:
                await workflow.wait_condition(moved, timeout=self._claim_expires_in())
            except TimeoutError:
                return Wait(Woke.TIMER)
        if ctx.dirty:
            await ctx.flush()
        if corrections and ctx.recheck:
            return Wait(Woke.CORRECTED)
        decision = self.take_decision(ctx.s.task)
        return Wait(Woke.MOVED) if decision is None else Wait(Woke.DECIDED, decision)

    async def await_task_decision(self) -> DecideInput:
        """Wait until the open task is decided, expiring claims held too long meanwhile."""
        while True:
            wait = await self.await_decision()
            if wait.woke is Woke.TIMER:
                await self.expire_claim()
            elif wait.decision is not None:
                return wait.decision

    def take_decision(self, task: PendingTask | None) -> DecideInput | None:
        """Take the pending decision if it is for ``task``; drop one for another task.

        A decision names its task; one that outlived its task (accepted before
        the fix while the first decision was carried out, or just before a
        deadline settled the task) must never decide the task that follows.
        """
        decision = self.ctx.decision
        if decision is None:
            return None
        self.ctx.decision = None
        if task is not None and decision.task_id == task.task_id:
            return decision
        if not workflow.patched(DECISION_ONCE_PATCH):
            # Recorded before the rule: it acted on whatever task was open.
            return decision
        self.ctx.log(
            "decision_dropped",
            f"a decision for task {decision.task_id} came after that task was settled",
            actor=decision.user,
        )
        return None

    def _claim_expires_in(self) -> dt.timedelta | None:
        """Time left on the current claim, or None when no expiry timer applies."""
        task = self.ctx.s.task
        seconds = self.ctx.start.claim_timeout_seconds
        if task is None or task.claimed_by is None or task.claimed_at is None or seconds <= 0:
            return None
        # Runs recorded before claims expired have no timer here: keep them replayable.
        if not workflow.patched(CLAIM_EXPIRY_PATCH):
            return None
        left = task.claimed_at + dt.timedelta(seconds=seconds) - workflow.now()
        return max(left, dt.timedelta(milliseconds=1))

    async def expire_claim(self) -> None:
        """Return a claim held too long to the task's group."""
        ctx = self.ctx
        task = ctx.s.task
        if task is None or task.claimed_by is None or ctx.decision is not None:
            return
        holder = task.claimed_by
        task.claimed_by = None
        task.claimed_at = None
        ctx.claim_changes += 1
        ctx.log("claim_expired", f"task {task.task_id} returned to its group (held by {holder})")
        await ctx.flush(task_status=TaskStatus.OPEN)

    # ---------------------------------------------------------- the decision

    async def issue_letter(
        self,
        outcome: Outcome,
        decided_by: str,
        reason: str | None,
        objection_deadline: dt.datetime,
    ) -> LetterIssued:
        """Request the decision letter (the first one, or one reissued after an appeal)."""
        s = self.ctx.s
        return await workflow.execute_activity_method(
            LetterActivities.issue_letter,
            LetterRequest(
                letter_id=self.ctx.next_id(),
                case_id=s.case_id,
                procedure=s.procedure,
                language=s.language,
                outcome=outcome.value,
                form=s.form,
                rule_outcome=s.outcome,
                decided_by=decided_by,
                decided_at=workflow.now(),
                reason=reason,
                objection_deadline=objection_deadline,
            ),
            start_to_close_timeout=SHORT_ACTIVITY,
            retry_policy=RETRY_FOREVER,
        )

    async def decide(self, outcome: Outcome, decided_by: str, reason: str | None) -> None:
        """Record the decision, issue its letter and open the objection window."""
        ctx, s = self.ctx, self.ctx.s
        now = workflow.now()
        deadline = ctx.procedure.objection_deadline_for(now, s.deadline_rule)
        issued = await self.issue_letter(outcome, decided_by, reason, deadline)
        language = s.language
        reasons = [
            c.explanation.get(language) or c.explanation.get("en", "")
            for c in (s.outcome.criteria if s.outcome else [])
        ]
        if reason:
            reasons.append(reason)
        s.decision = Decision(
            outcome=outcome,
            reasons=reasons,
            amount=s.outcome.amount if s.outcome else None,
            decided_by=decided_by,
            decided_at=now,
            letter_id=issued.letter_id,
            objection_deadline=deadline,
        )
        s.deadlines.append(
            Deadline(code="objection", due_at=deadline, description="decision can be contested")
        )
        record_windows(ctx, outcome, now)
        s.task = None
        s.status = CaseStatus.DECIDED
        ctx.log(
            "decided",
            f"{outcome.value}; letter {issued.letter_id} sha256={issued.sha256[:16]}",
            actor=decided_by,
        )
        await ctx.flush()
        await ctx.notify(NoticeKind.DECISION, outcome=outcome.value, letter_id=issued.letter_id)

    async def reissue_letter(self, decision: Decision, verdict: DecideInput) -> None:
        """Uphold: the decision stands, notified again with the appeal's reasons."""
        ctx, s = self.ctx, self.ctx.s
        issued = await self.issue_letter(
            decision.outcome,
            verdict.user,
            verdict.reason,
            decision.objection_deadline or workflow.now(),
        )
        if verdict.reason:
            decision.reasons.append(verdict.reason)
        decision.letter_id = issued.letter_id
        s.task = None
        s.status = CaseStatus.DECIDED
        ctx.log(
            "letter",
            f"appeal upheld; letter {issued.letter_id} sha256={issued.sha256[:16]}",
            actor=verdict.user,
        )
        await ctx.flush()
