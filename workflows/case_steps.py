"""The steps of the case workflow: one administrative case from intake to purge.

Lifecycle: intake → submitted → under review / awaiting applicant → decided
→ closed → purged. The conversation is the intake graph (LangGraph, run in
the workflow by the LangGraph plugin); each applicant message is one Update.
Claims, releases and decisions are Updates too, so this workflow is the lock
on its tasks and the SQL queue is only its projection.

This module is imported *through* the workflow sandbox (see
:mod:`workflows.case`): it holds code and constants only, no module state,
so every cached case can share one copy of it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from langgraph.types import Command
    from temporalio.langgraph import graph as registered_graph
    from temporalio.langgraph._task_cache import set_task_cache

    from activities.archive import ArchiveActivities
    from activities.eligibility import evaluate_eligibility
    from activities.letters import LetterActivities
    from activities.notify import NotifyActivities, StaffNotifyActivities
    from activities.purge import PurgeActivities
    from activities.store import StoreActivities
    from agents.intake import LatestCheckpointSaver
    from agents.intake.compiled import DURABILITY, compiled_with
    from agents.intake.messages import say
    from guichet.files import is_reference
    from procedures import get_procedure
    from procedures.base import NEXT_WORKING_DAY, Procedure
    from schemas.applicant_actions import (
        AccessInput,
        AppealInput,
        CaseActionResult,
        ContactInput,
        RatingInput,
        RevisionInput,
        WithdrawInput,
    )
    from schemas.audit import ArchiveKind, ArchiveRequest
    from schemas.case import (
        CaseResult,
        CaseState,
        CaseStatus,
        CaseView,
        Deadline,
        Decision,
        Outcome,
        PendingTask,
        Question,
        StartCaseInput,
        TimelineEntry,
    )
    from schemas.conversation import ConversationEntry
    from schemas.extraction import Extraction, ExtractionMethod
    from schemas.form import UNRESOLVED
    from schemas.letter import LetterRequest
    from schemas.notify import Notice, NoticeKind, StaffNotice
    from schemas.projection import CaseProjection, ProjectionBatch, TaskProjection
    from schemas.retention import PurgeRequest
    from schemas.rules import EligibilityInput, EligibilityResult
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
    from schemas.turn import TurnInput, TurnReply
    from workflows import errors, review
    from workflows.case import queue
    from workflows.case.options import (
        ARCHIVE_ACTIVITY,
        CLAIM_EXPIRY_PATCH,
        DECISION_ONCE_PATCH,
        EMAIL_SHAPE_MAX,
        INTAKE_EXPIRY_PATCH,
        MAX_REMEMBERED_UPDATES,
        MAX_TRANSCRIPT,
        MESSAGE_TURNS_PATCH,
        NOTIFY_RETRY,
        PATCH_ARCHIVE_ON_CLOSE,
        PATCH_ARCHIVE_ON_PURGE,
        PATCH_NOTIFY,
        PATCH_PURGE_CASE_DATA,
        PATCH_WORKING_DAY_DEADLINES,
        RETRY_FOREVER,
        RULES_FAILED_PATCH,
        SHORT_ACTIVITY,
        SYSTEM,
        TRANSCRIPT_IN_STORE_PATCH,
    )
    from workflows.lifecycle import LifecycleSteps


def graph_for_new_case(procedure: Procedure) -> str:
    """Choose the intake graph of a new case: the newest registered version.

    Each version of a question flow has its own graph name and patch id; a
    case keeps the graph it started with (``CaseState.graph_name``, carried
    across continue-as-new), and on replay ``workflow.patched`` answers as
    it did when the case started, so old cases replay on their old graph.
    """
    for version in reversed(procedure.graph_versions):
        if workflow.patched(version.patch_id):
            return version.graph_name
    return procedure.graph_name


def deadline_rule_for_new_case() -> str | None:
    """Choose the deadline rule of a new case (kept in its state for its whole life)."""
    return NEXT_WORKING_DAY if workflow.patched(PATCH_WORKING_DAY_DEADLINES) else None


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

FREE_TEXT_ENTRIES = frozenset({"decision", "appeal", "appeal_revised", "appeal_upheld"})
"""Timeline entries whose text may quote what a person wrote (emptied by the purge)."""

INTAKE_REMINDER = "intake_expiry"
"""The ``reminded`` entry of the intake-expiry reminder (sent once)."""


class CaseSteps(LifecycleSteps):
    """One case of one procedure, durable from intake to purge.

    The workflow class, :class:`workflows.case.CaseWorkflow`, adds only the
    run method; every handler and step is here.

    Procedures that declare a lifecycle (completeness check, consultations,
    tacit decisions, four-eyes, duplicate checks) run the generic steps of
    :class:`workflows.lifecycle.LifecycleSteps`; the others never reach them.
    """

    @workflow.init
    def __init__(self, start: StartCaseInput) -> None:
        """Restore the carried-over state, so the first Update of a run sees it."""
        self._procedure: Procedure = get_procedure(start.procedure)
        self._start = start
        self.s: CaseState = start.state or CaseState(
            case_id=start.case_id,
            procedure=start.procedure,
            language=start.language,
            graph_name=graph_for_new_case(self._procedure),
            deadline_rule=deadline_rule_for_new_case(),
            messages_in_store=workflow.patched(TRANSCRIPT_IN_STORE_PATCH),
        )
        if start.state is not None:
            self.s.runs += 1
        # The question flow the case started with, for its whole life.
        self._procedure = self._procedure.for_graph(self.s.graph_name)
        self._saver = LatestCheckpointSaver()
        self._app: Any = compiled_with(registered_graph(self.s.graph_name), self._saver)
        self._thread = ""
        self._segment = 0
        self._parked = False
        self._segment_done = False
        self._turn_in_progress = False
        self._draining = False
        self._dirty = False
        self._turns_this_run = 0
        self._decision: DecideInput | None = None
        # A caseworker corrected a value: the rules run again before any decision.
        self._recheck = False
        self._claim_changes = 0
        """Bumped by every claim, release, reassignment and expiry, so the main
        loop re-arms the claim-expiry timer (handlers never wait on timers)."""
        self._children: dict[str, Any] = {}
        self._watchers: list[Any] = []
        self._withdraw: WithdrawInput | None = None
        """Set by the withdraw Update; the main loop acts on it between steps."""
        self._withdraw_done: bool | None = None
        self._appeal: AppealInput | None = None
        """Set by the appeal Update; the objection window wakes on it."""
        self._revision: RevisionInput | None = None
        """Set by the request_revision Update; the objection window and the
        retention period wake on it."""

    # ------------------------------------------------------------------ run

    async def drive(self) -> CaseResult:
        """Drive the case through its lifecycle (the workflow's run method)."""
        if self.s.created_at is None:
            self.s.created_at = workflow.now()
            self._log("created", f"procedure={self.s.procedure} graph={self.s.graph_name}")
            self._set_intake_expiry()
        self._dirty = True
        lifecycle = self._procedure.lifecycle is not None
        while True:
            if self._withdraw is not None:
                await self._close_withdrawn()
            status = self.s.status
            if status in (CaseStatus.INTAKE, CaseStatus.AWAITING_APPLICANT):
                await self._converse()
            elif status is CaseStatus.SUBMITTED:
                await (self.lifecycle_submitted() if lifecycle else self._assess())
            elif status is CaseStatus.CONSULTATION:
                await self.lifecycle_consult()
            elif status is CaseStatus.UNDER_REVIEW:
                await (self.lifecycle_await_task() if lifecycle else self._await_review())
            elif status is CaseStatus.DECIDED:
                await self._await_objection_window()
            elif status is CaseStatus.CLOSED:
                await self._await_retention()
            else:
                await self._flush()
                return CaseResult(
                    case_id=self.s.case_id,
                    status=self.s.status,
                    outcome=self.s.decision.outcome if self.s.decision else None,
                )

    def _set_intake_expiry(self) -> None:
        """Give a new case its intake expiry (and reminder), if configured."""
        start = self._start
        if start.intake_expiry_seconds <= 0 or not workflow.patched(INTAKE_EXPIRY_PATCH):
            return
        expires = workflow.now() + timedelta(seconds=start.intake_expiry_seconds)
        self.s.intake_expires_at = expires
        lead = start.intake_reminder_seconds
        if 0 < lead < start.intake_expiry_seconds:
            self.s.intake_reminder_at = expires - timedelta(seconds=lead)

    def _intake_deadline(self) -> tuple[datetime | None, datetime | None]:
        """The intake's expiry and pending reminder (None, None when it has none)."""
        s = self.s
        if s.status is not CaseStatus.INTAKE or s.intake_expires_at is None:
            return None, None
        reminder = None if INTAKE_REMINDER in s.reminded else s.intake_reminder_at
        return s.intake_expires_at, reminder

    async def _remind_intake(self) -> None:
        """Tell the applicant that the unfinished draft is about to be deleted."""
        s = self.s
        s.reminded.append(INTAKE_REMINDER)
        due = self._local(s.intake_expires_at) if s.intake_expires_at else "?"
        self._log("reminder", f"unfinished intake deleted on {due}")
        await self._flush()
        await self._notify(NoticeKind.INTAKE_REMINDER, due=due)

    async def _expire_intake(self) -> None:
        """An intake not completed in time (an abandoned draft, an orphan): purge it."""
        self.s.pending_question = None
        self._log("intake_expired", "the intake was not completed in time")
        await self._purge("intake expired; personal data removed")

    # --------------------------------------------------------- conversation

    async def _converse(self) -> None:
        await self._open_segment()
        # Only lifecycle procedures have a deadline here (the applicant's limit
        # to complete the file, or a tacit decision); without one no timer is
        # started, so the commands of the other cases are unchanged.
        deadline = self.lifecycle_conversation_deadline() if self._procedure.lifecycle else None
        reminder = self.lifecycle_applicant_reminder_at() if deadline is not None else None
        intake_expiry = False
        if deadline is None:
            # Only new cases have an intake expiry; the others start no timer.
            deadline, reminder = self._intake_deadline()
            intake_expiry = deadline is not None
        while not self._segment_done:

            def ready() -> bool:
                return self._dirty or self._segment_done or self._continue_as_new_due()

            if self._withdraw is not None:
                return

            if deadline is None:
                await workflow.wait_condition(ready)
            elif reminder is not None and reminder < deadline:
                if not await self._wait(ready, reminder):
                    reminder = None
                    if intake_expiry:
                        await self._remind_intake()
                    else:
                        await self.lifecycle_remind_applicant()
                    continue
                # Woken before the reminder (a turn, a change): handled below.
            elif not await self._wait(ready, deadline):
                # A turn already accepted finishes first; it may complete the form.
                await workflow.wait_condition(lambda: not self._turn_in_progress)
                if not self._segment_done:
                    if intake_expiry:
                        await self._expire_intake()
                    else:
                        await self.lifecycle_conversation_expired()
                    return
            if self._dirty:
                await self._flush()
            if self._withdraw is not None:
                return
            if not self._segment_done and self._continue_as_new_due():
                await self._continue_as_new()
        self.s.status = CaseStatus.SUBMITTED
        self.s.submitted_at = workflow.now()
        self.s.pending_question = None
        self._log("submitted", "form complete and reviewed by the applicant", actor="applicant")
        await self._flush()

    def _graph_input(self) -> dict[str, Any]:
        graph = self._graph_if_versioned()
        return {
            "case_id": self.s.case_id,
            "procedure": self.s.procedure,
            # Only later flow versions name their graph, so the inputs of
            # cases on a base flow stay what they were.
            **({"graph": graph} if graph else {}),
            "language": self.s.language,
            "form": dict(self.s.form),
            "provenance": {k: v.model_dump(mode="json") for k, v in self.s.provenance.items()},
            "pending_confirmation": [
                e.model_dump(mode="json") for e in self.s.pending_confirmation
            ],
            "caseworker_question": self.s.caseworker_question,
            "extra_answers": list(self.s.extra_answers),
            "reviewed": self.s.reviewed,
            "turn": self.s.turn,
            "understanding": None,
            "reply": "",
            "done": False,
        }

    def _graph_if_versioned(self) -> str | None:
        """The case's graph name when it is a later question-flow version, else None."""
        graph = self.s.graph_name
        return None if graph == get_procedure(self.s.procedure).graph_name else graph

    async def _open_segment(self) -> None:
        """Start the intake graph from the case state and run it to its first question."""
        self._segment += 1
        self._segment_done = False
        self._thread = f"intake-{self._segment}"
        values = await self._invoke(self._graph_input())
        self._absorb(values)
        self._parked = not self._segment_done

    async def _invoke(self, value: Any) -> dict[str, Any]:
        """Run the intake graph until its next question (or its end)."""
        # temporalio-langgraph 0.1.0 caches activity-node results in a context
        # variable (meant for continue-as-new). After an eviction the dict of
        # the evicted instance of this run can reach the new one, and the
        # replayed turn would skip the understanding activity its history
        # recorded (nondeterminism). Cases carry their own state across runs,
        # so every graph call starts with an empty cache. The cache is reset
        # directly: calling graph() again races with the plugin's clean-up of
        # an evicted instance, which unregisters the run's graphs.
        set_task_cache({})
        values: dict[str, Any] = await self._app.ainvoke(
            value, self._graph_config(), durability=DURABILITY
        )
        return values

    def _graph_config(self) -> dict[str, Any]:
        return {"configurable": {"thread_id": self._thread}, "recursion_limit": 50}

    def _absorb(self, values: dict[str, Any]) -> None:
        """Copy the graph's state into the case state (queries, continue-as-new)."""
        s = self.s
        s.form = dict(values.get("form") or {})
        s.provenance = {
            k: Extraction.model_validate(v) for k, v in (values.get("provenance") or {}).items()
        }
        s.pending_confirmation = [
            Extraction.model_validate(v) for v in values.get("pending_confirmation") or []
        ]
        s.caseworker_question = values.get("caseworker_question")
        s.extra_answers = list(values.get("extra_answers") or [])
        s.reviewed = bool(values.get("reviewed"))
        s.turn = int(values.get("turn") or 0)
        interrupts = values.get("__interrupt__") or ()
        if interrupts:
            s.pending_question = Question.model_validate(interrupts[0].value)
        else:
            s.pending_question = None
            self._segment_done = True
        self._saver.keep_latest(self._thread)

    def _continue_as_new_due(self) -> bool:
        if self.lifecycle_children_running():
            # Children are terminated or orphaned by continue-as-new: never while they run.
            return False
        every = self._start.continue_as_new_after_turns
        if every and self._turns_this_run >= every:
            return True
        return workflow.info().is_continue_as_new_suggested()

    async def _continue_as_new(self) -> None:
        """Hand the case state to a fresh run, between turns only."""
        # From here new turns are refused (retryable 409) until the handover;
        # a turn already accepted finishes first.
        self._draining = True
        await workflow.wait_condition(
            lambda: (
                workflow.all_handlers_finished()
                and not self._turn_in_progress
                and (self._parked or self._segment_done)
            )
        )
        if self._segment_done:
            # The last turn completed the intake: nothing to hand over.
            self._draining = False
            return
        await self._flush()
        workflow.continue_as_new(
            StartCaseInput(
                case_id=self.s.case_id,
                procedure=self.s.procedure,
                language=self.s.language,
                continue_as_new_after_turns=self._start.continue_as_new_after_turns,
                claim_timeout_seconds=self._start.claim_timeout_seconds,
                applicant_reminder_seconds=self._start.applicant_reminder_seconds,
                task_reminder_seconds=self._start.task_reminder_seconds,
                state=self.s,
            )
        )

    @workflow.update(name="open")
    async def open(self) -> TurnReply:
        """Return the greeting and the current question (changes nothing)."""
        await workflow.wait_condition(lambda: self._parked or self._segment_done)
        title = self._procedure.title(self.s.language)
        return self._reply(say("greeting", self.s.language, title=title), understood=True)

    @workflow.update(name="send_message")
    async def send_message(self, message: TurnInput) -> TurnReply:
        """One conversation turn: understand the answer, reply, ask the next question."""
        update_id = workflow.current_update_info().id  # type: ignore[union-attr]
        turns = _names_turn(message) and workflow.patched(MESSAGE_TURNS_PATCH)
        remembered = self._remembered(update_id, message if turns else None)
        if remembered is not None:
            return TurnReply.model_validate(remembered)
        if self._turn_in_progress:
            # Two messages accepted in the same workflow task: the validator
            # of the second ran before the first handler started.
            raise errors.rejected(errors.TURN_IN_PROGRESS, "a message is being processed")
        self._turn_in_progress = True
        try:
            await workflow.wait_condition(lambda: self._parked)
            if turns:
                # Checked again here: another turn may have been applied
                # between this message's validation and now.
                self._check_turn(message)
            self._parked = False
            today = workflow.now().astimezone(self._procedure.timezone).date().isoformat()
            try:
                resume = {"text": message.text, "today": today}
                if message.field is not None:
                    # An edit of one answer: only then is the key sent, so
                    # turns without one run exactly as before.
                    resume["field"] = message.field
                values = await self._invoke(Command(resume=resume))
            except Exception as exc:
                # The graph stays paused on its last question; the turn can be resent.
                # Only the error's type is logged: its message may echo the answer.
                workflow.logger.warning(
                    f"turn {self.s.turn} failed: {type(exc).__name__}",
                    exc_info=not isinstance(exc, ActivityError),
                )
                self._parked = True
                raise errors.rejected(
                    errors.UNDERSTANDING_FAILED, "the answer could not be processed, please resend"
                ) from exc
            asked = self.s.pending_question
            self._absorb(values)
            self._parked = not self._segment_done
            reply_text = str(values.get("reply") or "")
            understood = bool(values.get("understood"))
            if asked is not None:
                # The question answered, so a reopened chat reads as it was held.
                self._transcript("question", asked.text)
            self._transcript("applicant", message.text)
            self._transcript("assistant", reply_text)
            if not understood:
                self._log(
                    "not_understood", f"turn {self.s.turn}: answer re-asked", actor="applicant"
                )
            reply = self._reply(reply_text, understood)
            if turns:
                reply.answered = message.digest
            self._remember(update_id, reply)
            self._turns_this_run += 1
            self._dirty = True
            return reply
        finally:
            self._turn_in_progress = False

    @send_message.validator
    def _validate_message(self, message: TurnInput) -> None:
        if _names_turn(message):
            update_id = workflow.current_update_info().id  # type: ignore[union-attr]
            if self._remembered(update_id, message) is not None:
                return  # a resend of an applied message: the handler answers from memory
        if self.s.status not in (CaseStatus.INTAKE, CaseStatus.AWAITING_APPLICANT):
            raise errors.rejected(errors.WRONG_STATE, f"case is {self.s.status.value}")
        if self._turn_in_progress:
            raise errors.rejected(errors.TURN_IN_PROGRESS, "a message is being processed")
        if self._draining:
            raise errors.rejected(errors.CASE_BUSY, "the case is being compacted, retry shortly")
        if message.field is not None and message.field not in self._procedure.fields:
            raise errors.rejected(errors.UNKNOWN_FIELD, "field: not a field of this procedure")
        self._check_turn(message)

    def _check_turn(self, message: TurnInput) -> None:
        """Refuse a message that names a turn other than the one asked now."""
        if message.turn is None or message.turn == self.s.turn:
            return
        if message.turn < self.s.turn:
            raise errors.rejected(
                errors.STALE_TURN,
                f"turn {message.turn} was answered; the case is at turn {self.s.turn}",
            )
        raise errors.rejected(errors.INVALID_INPUT, f"turn: the case is at turn {self.s.turn}")

    def _remembered(self, update_id: str, message: TurnInput | None) -> dict[str, Any] | None:
        """The reply already given to this message, under its id or the previous release's."""
        remembered = self.s.applied_updates.get(update_id)
        if remembered is None and message is not None and message.legacy_update_id:
            remembered = self.s.applied_updates.get(message.legacy_update_id)
        return remembered

    def _reply(self, text: str, understood: bool) -> TurnReply:
        return TurnReply(
            status=self.s.status,
            reply=text,
            question=self.s.pending_question,
            form=dict(self.s.form),
            understood=understood,
            turn=self.s.turn,
        )

    def _remember(self, update_id: str, reply: TurnReply) -> None:
        self.s.applied_updates[update_id] = reply.model_dump(mode="json")
        while len(self.s.applied_updates) > MAX_REMEMBERED_UPDATES:
            self.s.applied_updates.pop(next(iter(self.s.applied_updates)))

    def _transcript(self, role: str, text: str) -> None:
        s = self.s
        if s.messages_in_store:
            # Numbered here, so a retried write stores each entry once; it
            # waits in state only until the next projection is acknowledged.
            s.message_seq += 1
            s.pending_messages.append(
                ConversationEntry(
                    case_id=s.case_id, seq=s.message_seq, role=role, text=text, at=workflow.now()
                )
            )
            return
        s.transcript.append({"role": role, "text": text})
        del s.transcript[:-MAX_TRANSCRIPT]

    # ----------------------------------------------------------- assessment

    async def _run_rules(self) -> EligibilityResult:
        """The rules and the sign-off policy on the case's form, as of the day it arrived."""
        submitted = self.s.submitted_at or workflow.now()
        received_on = submitted.astimezone(self._procedure.timezone).date()
        return await workflow.execute_activity(
            evaluate_eligibility,
            EligibilityInput(
                procedure=self.s.procedure,
                graph=self._graph_if_versioned(),
                form=self.s.form,
                provenance=list(self.s.provenance.values()),
                received_on=received_on,
                reference_date=received_on,
            ),
            start_to_close_timeout=SHORT_ACTIVITY,
            retry_policy=RETRY_FOREVER,
        )

    def _record_rules(self, result: EligibilityResult, said: str) -> None:
        """Keep the rules' outcome and say in the timeline how many criteria are met."""
        self.s.outcome = result.outcome
        self.s.sign_off = result.sign_off
        met = sum(1 for c in result.outcome.criteria if c.result.value == "met")
        self._log(
            "rules",
            f"{met}/{len(result.outcome.criteria)} {said}, "
            f"parameter set {result.outcome.parameter_set.id}",
        )

    async def _assess(self) -> None:
        """Apply the rules and the sign-off policy; decide or ask a person."""
        try:
            result = await self._run_rules()
        except ActivityError as error:
            failed = errors.rules_failure(error)
            if failed is None or not workflow.patched(RULES_FAILED_PATCH):
                raise
            await self._review_without_rules(failed)
            return
        self._record_rules(result, "criteria met")
        # The agent can never approve on its own: only an eligible outcome
        # that the policy clears is decided without a person.
        if result.outcome.eligible and result.sign_off.automatic:
            await self._decide(Outcome.APPROVED, decided_by="system", reason=None)
            return
        self.s.seq += 1
        self.s.task = PendingTask(
            task_id=f"{self.s.case_id}:{self.s.seq}",
            kind=TaskKind.REVIEW.value,
            group=self.s.procedure,
            created_at=workflow.now(),
            priority=result.sign_off.priority,
            summary="; ".join(result.sign_off.reasons) or "review",
        )
        self.s.status = CaseStatus.UNDER_REVIEW
        self._log("task", f"review task {self.s.task.task_id}: {self.s.task.summary}")
        await self._flush(task_status=TaskStatus.OPEN)

    async def _review_without_rules(self, failure: str) -> None:
        """The rules raised: a caseworker decides the case without their result."""
        self.s.seq += 1
        self.s.task = PendingTask(
            task_id=f"{self.s.case_id}:{self.s.seq}",
            kind=TaskKind.REVIEW.value,
            group=self.s.procedure,
            created_at=workflow.now(),
            priority=errors.RULES_FAILED_PRIORITY,
            summary=f"the rules could not be applied ({failure}): assess by hand",
        )
        self.s.status = CaseStatus.UNDER_REVIEW
        self._log("rules_failed", f"review task {self.s.task.task_id}: {self.s.task.summary}")
        await self._flush(task_status=TaskStatus.OPEN)

    async def _await_review(self) -> None:
        claims = self._claim_changes
        expiry = self._claim_expires_in()
        try:
            await workflow.wait_condition(
                lambda: (
                    self._decision is not None
                    or self._dirty
                    or self._claim_changes != claims
                    or self._recheck
                ),
                timeout=expiry,
            )
        except TimeoutError:
            await self._expire_claim()
            return
        if self._dirty:
            await self._flush()
        if self._recheck:
            # Only a correction sets it, and only through its own Update:
            # histories without one replay as before.
            self._recheck = False
            await self._reassess()
            return
        task = self.s.task
        decision = self.take_decision(task)
        if decision is None:
            return
        assert task is not None, "a decision arrived with no open task"
        four_eyes = bool(self.s.sign_off and self.s.sign_off.four_eyes)
        step = review.review_step(TaskKind(task.kind), decision.outcome, four_eyes)
        opinion = review.opinion_on_record(step, task, decision, workflow.now())
        if opinion is not None:
            self.s.opinions.append(opinion)
        outcome = review.decided(step)
        if step is review.ReviewStep.SECOND_REVIEW:
            await self._replace_task(
                TaskKind.SECOND_REVIEW,
                review.second_review_summary(task, decision),
                previous_decider=decision.user,
            )
        elif step is review.ReviewStep.BACK_TO_REVIEW:
            self.s.changed_on = TaskKind.SECOND_REVIEW.value
            await self._replace_task(TaskKind.REVIEW, review.back_to_review_summary(task, decision))
        elif outcome is not None:
            await self._decide(outcome, decision.user, decision.reason)
        else:
            self.s.caseworker_question = decision.question
            self.s.reviewed = False
            self.s.status = CaseStatus.AWAITING_APPLICANT
            await self._flush()
            await self._notify(NoticeKind.INFO_REQUESTED, question=decision.question or "")

    async def _reassess(self) -> None:
        """Run the rules again on the corrected form; the caseworker keeps the task."""
        old = self.s.task
        try:
            result = await self._run_rules()
        except ActivityError as error:
            failed = errors.rules_failure(error)
            if failed is None:
                raise
            summary = f"the rules could not be applied ({failed}): assess by hand"
        else:
            self._record_rules(result, "criteria met after a correction")
            summary = "; ".join(result.sign_off.reasons) or "review after a correction"
        kind = TaskKind(old.kind) if old is not None else TaskKind.REVIEW
        holder = old.claimed_by if old is not None else None
        await self._replace_task(kind, summary)
        if holder is not None and self.s.task is not None:
            # A person corrected the form: the same person decides on it.
            self.s.task.claimed_by = holder
            self.s.task.claimed_at = workflow.now()
            await self._flush(task_status=TaskStatus.CLAIMED)

    async def _replace_task(
        self, kind: TaskKind, summary: str, previous_decider: str | None = None
    ) -> None:
        """Replace the decided task with a new one of ``kind`` for the same group."""
        old = self.s.task
        self.s.seq += 1
        self.s.task = PendingTask(
            task_id=f"{self.s.case_id}:{self.s.seq}",
            kind=kind.value,
            group=old.group if old else self.s.procedure,
            created_at=workflow.now(),
            due_at=old.due_at if old else None,
            priority=old.priority if old else 0,
            summary=summary,
            previous_decider=previous_decider,
        )
        self._claim_changes += 1
        self._log("task", f"{kind.value} task {self.s.task.task_id}: {summary}")
        await self._flush(task_status=TaskStatus.OPEN)

    def _claim_expires_in(self) -> timedelta | None:
        """Time left on the current claim, or None when no expiry timer applies."""
        task = self.s.task
        seconds = self._start.claim_timeout_seconds
        if task is None or task.claimed_by is None or task.claimed_at is None or seconds <= 0:
            return None
        # Runs recorded before claims expired have no timer here: keep them replayable.
        if not workflow.patched(CLAIM_EXPIRY_PATCH):
            return None
        left = task.claimed_at + timedelta(seconds=seconds) - workflow.now()
        return max(left, timedelta(milliseconds=1))

    async def _expire_claim(self) -> None:
        """Return a claim held too long to the task's group."""
        task = self.s.task
        if task is None or task.claimed_by is None or self._decision is not None:
            return
        holder = task.claimed_by
        task.claimed_by = None
        task.claimed_at = None
        self._claim_changes += 1
        self._log("claim_expired", f"task {task.task_id} returned to its group (held by {holder})")
        await self._flush(task_status=TaskStatus.OPEN)

    async def _decide(self, outcome: Outcome, decided_by: str, reason: str | None) -> None:
        """Record the decision, issue its letter and open the objection window."""
        now = workflow.now()
        deadline = self._procedure.objection_deadline_for(now, self.s.deadline_rule)
        self.s.seq += 1
        letter_id = f"{self.s.case_id}:{self.s.seq}"
        issued = await workflow.execute_activity_method(
            LetterActivities.issue_letter,
            LetterRequest(
                letter_id=letter_id,
                case_id=self.s.case_id,
                procedure=self.s.procedure,
                language=self.s.language,
                outcome=outcome.value,
                form=self.s.form,
                rule_outcome=self.s.outcome,
                decided_by=decided_by,
                decided_at=now,
                reason=reason,
                objection_deadline=deadline,
            ),
            start_to_close_timeout=SHORT_ACTIVITY,
            retry_policy=RETRY_FOREVER,
        )
        language = self.s.language
        reasons = [
            c.explanation.get(language) or c.explanation.get("en", "")
            for c in (self.s.outcome.criteria if self.s.outcome else [])
        ]
        if reason:
            reasons.append(reason)
        self.s.decision = Decision(
            outcome=outcome,
            reasons=reasons,
            amount=self.s.outcome.amount if self.s.outcome else None,
            decided_by=decided_by,
            decided_at=now,
            letter_id=issued.letter_id,
            objection_deadline=deadline,
        )
        self.s.deadlines.append(
            Deadline(code="objection", due_at=deadline, description="decision can be contested")
        )
        self.lifecycle_after_decision(outcome, now)
        self.s.task = None
        self.s.status = CaseStatus.DECIDED
        self._log(
            "decided",
            f"{outcome.value}; letter {issued.letter_id} sha256={issued.sha256[:16]}",
            actor=decided_by,
        )
        await self._flush()
        await self._notify(NoticeKind.DECISION, outcome=outcome.value, letter_id=issued.letter_id)

    # ------------------------------------------------------------- deadlines

    async def _sleep_until(self, due: Any, wake: Any = None) -> None:
        """Wait until ``due`` (a durable timer) or ``wake()``, flushing projections meanwhile."""
        while workflow.now() < due:
            if wake is not None and wake():
                return
            try:
                await workflow.wait_condition(
                    lambda: self._dirty or (wake is not None and wake()),
                    timeout=due - workflow.now(),
                )
            except TimeoutError:
                break
            if self._dirty:
                await self._flush()

    async def _await_objection_window(self) -> None:
        decision = self.s.decision
        if decision is not None and decision.objection_deadline is not None:
            await self._sleep_until(
                self.lifecycle_closing_at(decision.objection_deadline),
                wake=lambda: self._appeal is not None or self._revision is not None,
            )
            if self._revision is not None:
                await self._settle_revision(self._revision)
                return
            if self._appeal is not None:
                # Back to the main loop afterwards: the (possibly new)
                # decision's window runs on.
                await self._settle_appeal(self._appeal)
                return
        self.s.status = CaseStatus.CLOSED
        self._log("closed", "objection window ended; decision final")
        await self._flush()
        if workflow.patched(PATCH_ARCHIVE_ON_CLOSE):
            await self._archive(ArchiveKind.HISTORY, "case closed")

    async def _await_retention(self) -> None:
        due = workflow.now() + self._procedure.retention
        self.s.deadlines.append(
            Deadline(code="retention", due_at=due, description="personal data purged")
        )
        await self._flush()
        await self._sleep_until(due, wake=lambda: self._revision is not None)
        if self._revision is not None:
            # Back to the main loop afterwards: a revised decision has its own
            # objection window, then its own retention period.
            self.s.deadlines = [d for d in self.s.deadlines if d.code != "retention"]
            await self._settle_revision(self._revision)
            return
        await self._purge("retention period ended; personal data removed")

    async def _purge(self, note: str) -> None:
        """Remove the case's personal data: read models, archive, state (then it ends)."""
        if workflow.patched(PATCH_PURGE_CASE_DATA):
            # The read models and the archived histories lose the personal
            # data (the case's data key is destroyed); decision, amount,
            # dates and digests stay.
            receipt = await workflow.execute_activity_method(
                PurgeActivities.purge_case,
                PurgeRequest(case_id=self.s.case_id, purged_at=workflow.now()),
                start_to_close_timeout=SHORT_ACTIVITY,
                retry_policy=RETRY_FOREVER,
            )
            self._forget_free_text()
            self._log(
                "data_purged",
                f"case data key destroyed; {receipt.letters} letter(s), "
                f"{receipt.tasks} task summary(ies) erased",
            )
        self.s.form = {}
        self.s.provenance = {}
        self.s.transcript = []
        self.s.pending_messages = []
        self.s.extra_answers = []
        self.s.applied_updates = {}
        self.s.contact_email = None
        self.s.status = CaseStatus.PURGED
        self._log("purged", note)
        if workflow.patched(PATCH_ARCHIVE_ON_PURGE):
            await self._archive(ArchiveKind.PURGE, note.split(";")[0])

    def _forget_free_text(self) -> None:
        """Drop what people wrote (reasons, questions, appeal grounds) from the state.

        The decision itself stays (outcome, amount, dates, decider); a purged
        case's view shows no free text that could name someone.
        """
        s = self.s
        s.pending_confirmation = []
        s.caseworker_question = None
        if s.decision is not None:
            s.decision.reasons = []
        for opinion in s.opinions:
            opinion.reason = None
        for consultation in s.consultations:
            consultation.reason = None
        for entry in s.timeline:
            if entry.actor != "system" or entry.kind in FREE_TEXT_ENTRIES:
                entry.text = "(purged)"

    async def _archive(self, kind: ArchiveKind, note: str) -> None:
        """Append this case's histories so far (or a purge record) to the archive."""
        self.s.seq += 1
        receipt = await workflow.execute_activity_method(
            ArchiveActivities.archive,
            ArchiveRequest(
                entry_id=f"{self.s.case_id}:{self.s.seq}",
                case_id=self.s.case_id,
                run_id=workflow.info().run_id,
                kind=kind,
                note=note,
            ),
            start_to_close_timeout=ARCHIVE_ACTIVITY,
            retry_policy=RETRY_FOREVER,
        )
        self._log(
            "archived",
            f"{kind.value} entry {receipt.entry_id}: {receipt.links} link(s), "
            f"digest {receipt.digest[:16]}",
        )

    # ------------------------------------------------ withdrawal and appeal

    @workflow.update(name="withdraw")
    async def withdraw(self, request: WithdrawInput) -> CaseActionResult:
        """The applicant withdraws the case; the main loop closes it between steps."""
        self._validate_withdraw(request)
        self._withdraw = request
        self._dirty = True
        await workflow.wait_condition(lambda: self._withdraw_done is not None)
        if not self._withdraw_done:
            # A decision was taken while the withdrawal waited for its turn.
            raise errors.rejected(errors.WRONG_STATE, "the case has been decided meanwhile")
        return CaseActionResult(status=self.s.status, outcome=Outcome.WITHDRAWN)

    @withdraw.validator
    def _validate_withdraw(self, request: WithdrawInput) -> None:
        if self.s.decision is not None or self.s.status not in OPEN_STATUSES:
            raise errors.rejected(errors.WRONG_STATE, f"case is {self.s.status.value}")
        if self._decision is not None:
            raise errors.rejected(errors.WRONG_STATE, "a decision is being taken")
        if self._withdraw is not None:
            raise errors.rejected(errors.WRONG_STATE, "the case is being withdrawn")
        if self._draining:
            # The handover waits for every handler, and this one waits for the loop.
            raise errors.rejected(errors.CASE_BUSY, "the case is being compacted, retry shortly")

    async def _close_withdrawn(self) -> None:
        """Close a withdrawn case: cancel its open task and consultations."""
        if self.s.decision is not None or self.s.status not in OPEN_STATUSES:
            self._withdraw_done = False
            self._withdraw = None
            return
        task = self.s.task
        if task is not None and self.s.status is CaseStatus.UNDER_REVIEW:
            # A late decision on the task gets 409, like one settled by a deadline.
            self.s.settled_tasks.append(task.task_id)
            await self._flush(task_status=TaskStatus.CANCELLED, task_outcome="withdrawn")
            self._log("cancelled", f"task {task.task_id}: case withdrawn")
        for child in self._children.values():
            child.cancel()
        now = workflow.now()
        self.s.task = None
        self.s.pending_question = None
        self.s.caseworker_question = None
        self.s.decision = Decision(
            outcome=Outcome.WITHDRAWN, decided_by="applicant", decided_at=now
        )
        self.s.deadlines = []
        self.s.status = CaseStatus.CLOSED
        self._log("withdrawn", "the applicant withdrew the case", actor="applicant")
        await self._flush()
        self._withdraw_done = True
        self._withdraw = None

    @workflow.update(name="appeal")
    async def appeal(self, request: AppealInput) -> CaseActionResult:
        """The applicant contests the decision; an ``appeal`` task is opened."""
        self._validate_appeal(request)
        self._appeal = request
        self.s.appealed = True
        await workflow.wait_condition(
            lambda: self.s.task is not None and self.s.task.kind == TaskKind.APPEAL.value
        )
        assert self.s.task is not None
        decision = self.s.decision
        return CaseActionResult(
            status=self.s.status,
            outcome=decision.outcome if decision else None,
            task_id=self.s.task.task_id,
        )

    @workflow.update(name="request_revision")
    async def request_revision(self, request: RevisionInput) -> CaseActionResult:
        """Staff offer the decided case to a caseworker: a ``revision`` task is opened.

        Nothing is recomputed here: the caseworker upholds the decision, or
        revises it, and only then are the rules applied again, with the
        parameter set in force on the case's date now.
        """
        self._validate_revision(request)
        self._revision = request
        await workflow.wait_condition(
            lambda: self.s.task is not None and self.s.task.kind == TaskKind.REVISION.value
        )
        assert self.s.task is not None
        decision = self.s.decision
        return CaseActionResult(
            status=self.s.status,
            outcome=decision.outcome if decision else None,
            task_id=self.s.task.task_id,
        )

    @request_revision.validator
    def _validate_revision(self, request: RevisionInput) -> None:
        decision = self.s.decision
        if (
            self.s.status not in (CaseStatus.DECIDED, CaseStatus.CLOSED)
            or decision is None
            or decision.outcome is Outcome.WITHDRAWN
            or self.s.outcome is None
            or self._revision is not None
            or self._appeal is not None
        ):
            raise errors.rejected(errors.WRONG_STATE, f"case is {self.s.status.value}")
        if not request.reason.strip():
            raise errors.rejected(errors.REASON_REQUIRED, "the reason for the revision is required")

    @appeal.validator
    def _validate_appeal(self, request: AppealInput) -> None:
        decision = self.s.decision
        if (
            self.s.status is not CaseStatus.DECIDED
            or decision is None
            or decision.outcome is Outcome.WITHDRAWN
            or decision.objection_deadline is None
        ):
            raise errors.rejected(errors.WRONG_STATE, f"case is {self.s.status.value}")
        if workflow.now() > decision.objection_deadline:
            raise errors.rejected(errors.WRONG_STATE, "the objection window has ended")
        if self.s.appealed or self._appeal is not None:
            raise errors.rejected(errors.WRONG_STATE, "the decision has already been contested")
        if not request.text.strip():
            raise errors.rejected(errors.REASON_REQUIRED, "the grounds of the appeal are required")

    @workflow.update(name="rate")
    async def rate(self, request: RatingInput) -> CaseActionResult:
        """The applicant answers the satisfaction question once, after the decision."""
        self._validate_rate(request)
        self.s.satisfaction = request.score
        self._log("satisfaction", f"score {request.score}", actor="applicant")
        await self._flush()
        decision = self.s.decision
        return CaseActionResult(
            status=self.s.status, outcome=decision.outcome if decision else None
        )

    @rate.validator
    def _validate_rate(self, request: RatingInput) -> None:
        decision = self.s.decision
        if decision is None or decision.outcome is Outcome.WITHDRAWN:
            raise errors.rejected(errors.WRONG_STATE, "nothing has been decided yet")
        if self.s.status is CaseStatus.PURGED:
            raise errors.rejected(errors.WRONG_STATE, f"case is {self.s.status.value}")
        if self.s.satisfaction is not None:
            raise errors.rejected(errors.WRONG_STATE, "the question has already been answered")
        if not 1 <= request.score <= 5:
            raise errors.rejected(errors.INVALID_INPUT, "score: must be 1 to 5")

    @workflow.update(name="set_contact")
    async def set_contact(self, request: ContactInput) -> CaseActionResult:
        """Record the address notifications go to, where the form asks for none."""
        self._validate_contact(request)
        self.s.contact_email = request.email.strip()
        self._log("contact", "notification address given", actor="applicant")
        await self._flush()
        decision = self.s.decision
        return CaseActionResult(
            status=self.s.status, outcome=decision.outcome if decision else None
        )

    @set_contact.validator
    def _validate_contact(self, request: ContactInput) -> None:
        if self.s.status is CaseStatus.PURGED:
            raise errors.rejected(errors.WRONG_STATE, f"case is {self.s.status.value}")
        address = request.email.strip()
        local, at, domain = address.partition("@")
        shaped = bool(at and local and "." in domain and "@" not in domain)
        if not shaped or " " in address or len(address) > EMAIL_SHAPE_MAX:
            raise errors.rejected(errors.INVALID_INPUT, "email: not an e-mail address")

    @workflow.update(name="record_access")
    async def record_access(self, request: AccessInput) -> CaseActionResult:
        """Note in the timeline that a staff member opened a document or a letter.

        The web app serves the file only after this returns, so every opening
        is in the case's own record, next to the decisions.
        """
        self._validate_access(request)
        if request.document is not None:
            self._log("document_opened", f"document {request.document}", actor=request.user)
        else:
            self._log("letter_opened", f"letter {request.letter_id}", actor=request.user)
        await self._flush()
        decision = self.s.decision
        return CaseActionResult(
            status=self.s.status, outcome=decision.outcome if decision else None
        )

    @record_access.validator
    def _validate_access(self, request: AccessInput) -> None:
        if self.s.status is CaseStatus.PURGED:
            raise errors.rejected(errors.WRONG_STATE, f"case is {self.s.status.value}")
        if (request.document is None) == (request.letter_id is None):
            raise errors.rejected(errors.INVALID_INPUT, "name one document or one letter")
        if request.document is not None and not is_reference(self.s.form.get(request.document)):
            raise errors.rejected(errors.INVALID_INPUT, "document: no such document")
        if request.letter_id is not None and not request.letter_id.startswith(f"{self.s.case_id}:"):
            raise errors.rejected(errors.INVALID_INPUT, "letter: not a letter of this case")

    async def _settle_revision(self, request: RevisionInput) -> None:
        """Open the revision task; on ``revise``, apply the rules again and decide anew."""
        decision = self.s.decision
        assert decision is not None
        before = self.s.status
        self._revision = None
        self.s.seq += 1
        self.s.task = PendingTask(
            task_id=f"{self.s.case_id}:{self.s.seq}",
            kind=TaskKind.REVISION.value,
            group=self.s.procedure,
            created_at=workflow.now(),
            priority=1,
            summary=f"revision of {decision.outcome.value}: {request.reason}",
        )
        self.s.status = CaseStatus.UNDER_REVIEW
        self._log("revision_requested", request.reason, actor=request.requested_by)
        await self._flush(task_status=TaskStatus.OPEN)
        verdict = await self._await_task_decision()
        if verdict.outcome != "revise":
            self._log("revision_upheld", verdict.reason or "", actor=verdict.user)
            self.s.task = None
            self.s.status = before
            await self._flush()
            return
        submitted = self.s.submitted_at or decision.decided_at
        received_on = submitted.astimezone(self._procedure.timezone).date()
        result = await workflow.execute_activity(
            evaluate_eligibility,
            EligibilityInput(
                procedure=self.s.procedure,
                graph=self._graph_if_versioned(),
                form=self.s.form,
                provenance=list(self.s.provenance.values()),
                received_on=received_on,
                reference_date=received_on,
            ),
            start_to_close_timeout=SHORT_ACTIVITY,
            retry_policy=RETRY_FOREVER,
        )
        self.s.outcome = result.outcome
        self.s.sign_off = result.sign_off
        self.s.changed_on = TaskKind.REVISION.value
        self._log(
            "revision_revised",
            f"parameter set {result.outcome.parameter_set.id}; {verdict.reason or ''}".strip(),
            actor=verdict.user,
        )
        self.s.deadlines = [d for d in self.s.deadlines if d.code != "objection"]
        outcome = Outcome.APPROVED if result.outcome.eligible else Outcome.REJECTED
        await self._decide(outcome, verdict.user, verdict.reason)

    async def _settle_appeal(self, request: AppealInput) -> None:
        """Open the appeal task, wait for its decision and apply it."""
        decision = self.s.decision
        assert decision is not None
        self.s.seq += 1
        # The caseworker who decided cannot take the appeal (checked on claim).
        decider = None if decision.decided_by == "system" else decision.decided_by
        self.s.task = PendingTask(
            task_id=f"{self.s.case_id}:{self.s.seq}",
            kind=TaskKind.APPEAL.value,
            group=self.s.procedure,
            created_at=workflow.now(),
            priority=1,
            summary=f"appeal against {decision.outcome.value}: {request.text}",
            previous_decider=decider,
        )
        self.s.status = CaseStatus.UNDER_REVIEW
        self._log("appeal", f"task {self.s.task.task_id}: {request.text}", actor="applicant")
        await self._flush(task_status=TaskStatus.OPEN)
        self._appeal = None
        verdict = await self._await_task_decision()
        if verdict.outcome == "revise":
            self.s.changed_on = TaskKind.APPEAL.value
            self._log("appeal_revised", verdict.reason or "", actor=verdict.user)
            await self._decide(REVISED[decision.outcome], verdict.user, verdict.reason)
        else:
            self._log("appeal_upheld", verdict.reason or "", actor=verdict.user)
            await self._reissue_letter(decision, verdict)
        await self._notify(
            NoticeKind.APPEAL_SETTLED,
            verdict=verdict.outcome,
            outcome=self.s.decision.outcome.value if self.s.decision else "",
            letter_id=(self.s.decision.letter_id or "") if self.s.decision else "",
        )

    async def _await_task_decision(self) -> DecideInput:
        """Wait for the open task's decision, flushing and expiring claims meanwhile."""
        while True:
            try:
                await workflow.wait_condition(
                    self._task_moved(self._claim_changes), timeout=self._claim_expires_in()
                )
            except TimeoutError:
                await self._expire_claim()
                continue
            if self._dirty:
                await self._flush()
            decision = self.take_decision(self.s.task)
            if decision is not None:
                return decision

    def take_decision(self, task: PendingTask | None) -> DecideInput | None:
        """Take the pending decision if it is for ``task``; drop one for another task.

        A decision names its task; one that outlived its task (accepted before
        the fix while the first decision was carried out, or just before a
        deadline settled the task) must never decide the task that follows.
        """
        decision = self._decision
        if decision is None:
            return None
        self._decision = None
        if task is not None and decision.task_id == task.task_id:
            return decision
        if not workflow.patched(DECISION_ONCE_PATCH):
            # Recorded before the rule: it acted on whatever task was open.
            return decision
        self._log(
            "decision_dropped",
            f"a decision for task {decision.task_id} came after that task was settled",
            actor=decision.user,
        )
        return None

    def _task_moved(self, claims: int) -> Any:
        """A predicate: the task was decided, claimed or released, or state changed."""
        return lambda: self._decision is not None or self._dirty or self._claim_changes != claims

    async def _reissue_letter(self, decision: Decision, verdict: DecideInput) -> None:
        """Uphold: the decision stands, notified again with the appeal's reasons."""
        now = workflow.now()
        self.s.seq += 1
        issued = await workflow.execute_activity_method(
            LetterActivities.issue_letter,
            LetterRequest(
                letter_id=f"{self.s.case_id}:{self.s.seq}",
                case_id=self.s.case_id,
                procedure=self.s.procedure,
                language=self.s.language,
                outcome=decision.outcome.value,
                form=self.s.form,
                rule_outcome=self.s.outcome,
                decided_by=verdict.user,
                decided_at=now,
                reason=verdict.reason,
                objection_deadline=decision.objection_deadline or now,
            ),
            start_to_close_timeout=SHORT_ACTIVITY,
            retry_policy=RETRY_FOREVER,
        )
        if verdict.reason:
            decision.reasons.append(verdict.reason)
        decision.letter_id = issued.letter_id
        self.s.task = None
        self.s.status = CaseStatus.DECIDED
        self._log(
            "letter",
            f"appeal upheld; letter {issued.letter_id} sha256={issued.sha256[:16]}",
            actor=verdict.user,
        )
        await self._flush()

    # -------------------------------------------------------- notifications

    async def _notify(self, kind: NoticeKind, **params: str) -> None:
        """E-mail the applicant, at the address the procedure's form holds."""
        field = self._procedure.email_field
        to = self.s.form.get(field) if field else None
        if not isinstance(to, str) or not to:
            # Procedures whose form asks for no address: the one the applicant
            # gave for notifications, if any (None in every older history).
            to = self.s.contact_email
        if not isinstance(to, str) or not to or not workflow.patched(PATCH_NOTIFY):
            return
        self.s.seq += 1
        notice = Notice(
            message_id=f"{self.s.case_id}:{self.s.seq}",
            case_id=self.s.case_id,
            procedure=self.s.procedure,
            language=self.s.language,
            kind=kind,
            to=to,
            params=params,
        )
        try:
            sent = await workflow.execute_activity_method(
                NotifyActivities.send,
                notice,
                start_to_close_timeout=SHORT_ACTIVITY,
                retry_policy=NOTIFY_RETRY,
            )
        except ActivityError:
            self._log("notify_failed", f"{kind.value} message {notice.message_id}")
        else:
            self._log("notified", f"{kind.value} message {sent.message_id} by {sent.transport}")
        await self._flush()

    async def _notify_staff(self, task: PendingTask) -> None:
        """Tell the task's holder (or its group) that the task nears its due date."""
        assert task.due_at is not None
        self.s.seq += 1
        notice = StaffNotice(
            message_id=f"{self.s.case_id}:{self.s.seq}",
            case_id=self.s.case_id,
            procedure=self.s.procedure,
            task_id=task.task_id,
            kind=task.kind,
            group=task.group,
            holder=task.claimed_by,
            due_at=task.due_at,
        )
        try:
            sent = await workflow.execute_activity_method(
                StaffNotifyActivities.send_staff,
                notice,
                start_to_close_timeout=SHORT_ACTIVITY,
                retry_policy=NOTIFY_RETRY,
            )
        except ActivityError:
            self._log("staff_notify_failed", f"task {task.task_id} message {notice.message_id}")
        else:
            who = ", ".join(sent.recipients) or "nobody with an address"
            self._log("staff_reminded", f"task {task.task_id} due soon; told {who}")
        await self._flush()

    # ----------------------------------------------------------- the queue

    def _task_or_raise(self, task_id: str) -> PendingTask:
        if self.lifecycle_settled(task_id):
            raise errors.rejected(errors.SETTLED, "a statutory deadline already settled the task")
        task = self.s.task
        if task is None or task.task_id != task_id or self.s.status is not CaseStatus.UNDER_REVIEW:
            raise errors.rejected(errors.UNKNOWN_TASK, "no such open task on this case")
        return task

    @workflow.update(name="claim")
    async def claim(self, request: ClaimInput) -> TaskActionResult:
        """Claim a task; the workflow is the lock, so exactly one claimer wins."""
        task = self._task_or_raise(request.task_id)
        queue.check_claim(task, request.user)
        review.check_reviewer(task, request.user)
        if task.claimed_by != request.user:
            task.claimed_by = request.user
            task.claimed_at = workflow.now()
            if self.s.first_action_at is None:
                self.s.first_action_at = task.claimed_at
            self._claim_changes += 1
            self._log("claimed", f"task {task.task_id}", actor=request.user)
            await self._flush(task_status=TaskStatus.CLAIMED)
        return TaskActionResult(
            task_id=task.task_id, status=TaskStatus.CLAIMED, claimed_by=request.user
        )

    @claim.validator
    def _validate_claim(self, request: ClaimInput) -> None:
        task = self._task_or_raise(request.task_id)
        queue.check_claim(task, request.user)
        review.check_reviewer(task, request.user)

    @workflow.update(name="release")
    async def release(self, request: ClaimInput) -> TaskActionResult:
        """Give a claimed task back to its group (the holder, or on the holder's behalf)."""
        self._validate_release(request)
        task = self._task_or_raise(request.task_id)
        holder = task.claimed_by
        task.claimed_by = None
        task.claimed_at = None
        self._claim_changes += 1
        behalf = f" held by {holder}" if holder != request.user else ""
        self._log("released", f"task {task.task_id}{behalf}", actor=request.user)
        await self._flush(task_status=TaskStatus.OPEN)
        return TaskActionResult(task_id=task.task_id, status=TaskStatus.OPEN)

    @release.validator
    def _validate_release(self, request: ClaimInput) -> None:
        task = self._task_or_raise(request.task_id)
        if task.decided_by is not None:
            raise errors.rejected(errors.ALREADY_DECIDED, "the task already has its decision")
        queue.check_release(task, request)

    @workflow.update(name="correct_value")
    async def correct_value(self, request: CorrectValueInput) -> TaskActionResult:
        """A caseworker corrects a form value (or fills one left to them); the rules run again."""
        self._validate_correct(request)
        task = self._task_or_raise(request.task_id)
        before = self.s.form.get(request.field)
        self.s.form[request.field] = request.value
        self.s.provenance[request.field] = Extraction(
            field=request.field,
            value=request.value,
            source_text=request.reason,
            method=ExtractionMethod.CASEWORKER,
            confidence=1.0,
            actor=request.user,
        )
        label = self._procedure.fields[request.field].label("en")
        # The timeline names the field and the reason, never the values.
        changed = "filled" if before is None or before == UNRESOLVED else "corrected"
        self._log("corrected", f"{label} {changed}: {request.reason}", actor=request.user)
        self._recheck = True
        return TaskActionResult(
            task_id=task.task_id,
            status=TaskStatus.CLAIMED,
            claimed_by=request.user,
            message="the rules run again on the corrected form",
        )

    @correct_value.validator
    def _validate_correct(self, request: CorrectValueInput) -> None:
        task = self._task_or_raise(request.task_id)
        if self._decision is not None or task.decided_by is not None:
            raise errors.rejected(errors.ALREADY_DECIDED, "the task already has its decision")
        if task.claimed_by != request.user:
            raise errors.rejected(errors.NOT_HOLDER, "claim the task to correct its form")
        if request.field not in self._procedure.fields:
            raise errors.rejected(errors.UNKNOWN_FIELD, f"no field {request.field}")
        if not request.reason.strip():
            raise errors.rejected(errors.REASON_REQUIRED, "say why the value is corrected")

    @workflow.update(name="reassign")
    async def reassign(self, request: ReassignInput) -> TaskActionResult:
        """Hand a task to another caseworker (the service checks the supervisor role)."""
        self._validate_reassign(request)
        task = self._task_or_raise(request.task_id)
        previous = task.claimed_by or "group"
        task.claimed_by = request.to
        task.claimed_at = workflow.now()
        self._claim_changes += 1
        self._log(
            "reassigned", f"task {task.task_id} from {previous} to {request.to}", actor=request.user
        )
        await self._flush(task_status=TaskStatus.CLAIMED)
        return TaskActionResult(
            task_id=task.task_id, status=TaskStatus.CLAIMED, claimed_by=request.to
        )

    @reassign.validator
    def _validate_reassign(self, request: ReassignInput) -> None:
        task = self._task_or_raise(request.task_id)
        if self._decision is not None or task.decided_by is not None:
            raise errors.rejected(errors.ALREADY_DECIDED, "the task already has its decision")
        # Nor can a reassignment hand a second review or an appeal to the decider.
        review.check_reviewer(task, request.to)

    @workflow.update(name="decide")
    async def decide(self, request: DecideInput) -> TaskActionResult:
        """Decide a task the caller holds; the case continues from the decision."""
        self._validate_decide(request)
        task = self._task_or_raise(request.task_id)
        if workflow.patched(DECISION_ONCE_PATCH):
            # Set before any await: a second decision whose validator already
            # ran (same workflow task) is refused by the check in its handler.
            task.decided_by = request.user
        self._decision = request
        detail = request.reason or request.question or ""
        self._log(
            "decision",
            f"task {task.task_id}: {request.outcome} {detail}".strip(),
            actor=request.user,
        )
        await self._flush(
            task_status=TaskStatus.DONE, task_outcome=request.outcome, decided_by=request.user
        )
        return TaskActionResult(
            task_id=task.task_id, status=TaskStatus.DONE, claimed_by=request.user
        )

    @decide.validator
    def _validate_decide(self, request: DecideInput) -> None:
        task = self._task_or_raise(request.task_id)
        if task.decided_by is not None:
            raise errors.rejected(errors.ALREADY_DECIDED, "the task already has its decision")
        if self._decision is not None:
            raise errors.rejected(errors.WRONG_STATE, "the task is already decided")
        if self._withdraw is not None:
            raise errors.rejected(errors.WRONG_STATE, "the case is being withdrawn")
        queue.check_decision(
            task, request, TASK_OUTCOMES[TaskKind(task.kind)], NEEDS_REASON, NEEDS_QUESTION
        )

    # -------------------------------------------------------------- queries

    @workflow.query(name="view")
    def view(self) -> CaseView:
        """The case as the API shows it."""
        s = self.s
        applicable = self._procedure.applicable_fields(s.form)
        return CaseView(
            case_id=s.case_id,
            procedure=s.procedure,
            graph_name=s.graph_name,
            deadline_rule=s.deadline_rule,
            language=s.language,
            status=s.status,
            form=s.form,
            missing=[name for name in applicable if name not in s.form],
            provenance=s.provenance,
            question=s.pending_question,
            pending_confirmation=list(s.pending_confirmation),
            outcome=s.outcome,
            sign_off=s.sign_off,
            task=s.task,
            decision=s.decision,
            deadlines=s.deadlines,
            timeline=s.timeline,
            transcript=s.transcript,
            messages_in_store=s.messages_in_store,
            pending_messages=list(s.pending_messages),
            turn=s.turn,
            runs=s.runs,
            complete_at=s.complete_at,
            consultations=s.consultations,
            opinions=s.opinions,
            duplicates=s.duplicates,
            appealed=s.appealed,
            satisfaction=s.satisfaction,
            contact_email=s.contact_email,
        )

    # ---------------------------------------------------------- projections

    def _log(self, kind: str, text: str, actor: str = "system") -> None:
        self.s.timeline.append(TimelineEntry(at=workflow.now(), kind=kind, text=text, actor=actor))
        self._dirty = True

    async def _flush(
        self,
        task_status: TaskStatus | None = None,
        task_outcome: str | None = None,
        decided_by: str | None = None,
    ) -> None:
        """Write the case (and task) read-model rows, versioned by ``seq``."""
        self._dirty = False
        self.s.seq += 1
        batch = self._projection_batch(task_status, task_outcome, decided_by)
        ack = await workflow.execute_activity_method(
            StoreActivities.apply_projection,
            batch,
            start_to_close_timeout=SHORT_ACTIVITY,
            retry_policy=RETRY_FOREVER,
        )
        if ack.messages_through is not None:
            # Written: the entries leave the state. Entries said meanwhile
            # (a handler's turn while this write ran) have higher numbers.
            through = ack.messages_through
            self.s.pending_messages = [m for m in self.s.pending_messages if m.seq > through]

    @workflow.query(name="projection")
    def projection(self) -> ProjectionBatch:
        """The read-model rows as of now, at the last written version (for reindexing)."""
        task = self.s.task
        status: TaskStatus | None = None
        if task is not None and self.s.status is CaseStatus.UNDER_REVIEW:
            status = TaskStatus.CLAIMED if task.claimed_by else TaskStatus.OPEN
        decision = self._decision
        if task is not None and decision is not None:
            return self._projection_batch(TaskStatus.DONE, decision.outcome, decision.user)
        return self._projection_batch(status)

    def _projection_batch(
        self,
        task_status: TaskStatus | None = None,
        task_outcome: str | None = None,
        decided_by: str | None = None,
    ) -> ProjectionBatch:
        s = self.s
        now = workflow.now()
        applicable = self._procedure.applicable_fields(s.form)
        batch = ProjectionBatch(
            case=CaseProjection(
                case_id=s.case_id,
                version=s.seq,
                procedure=s.procedure,
                language=s.language,
                status=s.status.value,
                created_at=s.created_at or now,
                updated_at=now,
                submitted_at=s.submitted_at,
                decided_at=s.decision.decided_at if s.decision else None,
                outcome=s.decision.outcome.value if s.decision else None,
                decided_by=s.decision.decided_by if s.decision else None,
                amount=str(s.decision.amount)
                if s.decision and s.decision.amount is not None
                else None,
                progress_done=sum(1 for name in applicable if name in s.form),
                progress_total=len(applicable),
                form=s.form,
                summary={
                    "turn": s.turn,
                    "graph": s.graph_name,
                    "deadlines": {d.code: d.due_at.isoformat() for d in s.deadlines},
                },
                first_action_at=s.first_action_at,
                # Only the rules can decide alone, and only to approve.
                automatic=bool(
                    s.decision
                    and s.decision.decided_by == SYSTEM
                    and s.decision.outcome is Outcome.APPROVED
                ),
                appealed=s.appealed,
                changed_on=s.changed_on,
                satisfaction=s.satisfaction,
            ),
            # Copied: the list in state is replaced when the write is acknowledged.
            messages=list(s.pending_messages),
        )
        task = s.task
        if task_status is not None and task is not None:
            batch.tasks.append(
                TaskProjection(
                    task_id=task.task_id,
                    version=s.seq,
                    case_id=s.case_id,
                    procedure=s.procedure,
                    kind=TaskKind(task.kind),
                    group=task.group,
                    status=task_status,
                    claimed_by=task.claimed_by,
                    priority=task.priority,
                    due_at=task.due_at,
                    created_at=task.created_at,
                    updated_at=now,
                    summary=task.summary,
                    outcome=task_outcome,
                    decided_by=decided_by,
                    claimed_at=task.claimed_at,
                )
            )
        return batch


def _names_turn(message: TurnInput) -> bool:
    """Whether a message carries any field of the message-turns release."""
    return (
        message.turn is not None
        or message.digest is not None
        or message.legacy_update_id is not None
    )
