"""The intake session: the conversation that fills the form, one Update per message.

The conversation is the intake graph (LangGraph, run in the workflow by the
LangGraph plugin). A segment runs the graph from the case state to its
first question and parks there; each ``send_message`` resumes it with the
applicant's answer. The session ends when the graph does (the form is
complete and reviewed), when the applicant's limit or the intake's expiry
comes, or, between turns, by handing the state to a new run
(continue-as-new).
"""

from __future__ import annotations

from typing import Any

from langgraph.types import Command
from temporalio import workflow
from temporalio.exceptions import ActivityError
from temporalio.langgraph import graph as registered_graph
from temporalio.langgraph._task_cache import set_task_cache

from agents.intake import LatestCheckpointSaver
from agents.intake.compiled import DURABILITY, compiled_with
from agents.intake.messages import say
from schemas.case import CaseStatus, Question, StartCaseInput
from schemas.conversation import ConversationEntry
from schemas.extraction import Extraction
from schemas.turn import TurnInput, TurnReply
from workflows import errors
from workflows.case.context import CaseContext
from workflows.case.deadlines import Deadlines
from workflows.case.lifecycle import LifecycleSteps
from workflows.case.options import MAX_REMEMBERED_UPDATES, MAX_TRANSCRIPT, MESSAGE_TURNS_PATCH


def names_turn(message: TurnInput) -> bool:
    """Whether a message carries any field of the message-turns release."""
    return (
        message.turn is not None
        or message.digest is not None
        or message.legacy_update_id is not None
    )


class IntakeSession:
    """The intake conversation of one case."""

    def __init__(self, ctx: CaseContext, lifecycle: LifecycleSteps, deadlines: Deadlines) -> None:
        """Compile the case's intake graph; ask ``lifecycle`` and ``deadlines`` for the limits."""
        self.ctx = ctx
        self.lifecycle = lifecycle
        self.deadlines = deadlines
        self._saver = LatestCheckpointSaver()
        self._app: Any = compiled_with(registered_graph(ctx.s.graph_name), self._saver)
        self._thread = ""
        self._segment = 0
        self.parked = False
        self.segment_done = False
        self.turn_in_progress = False
        self._turns_this_run = 0

    # ------------------------------------------------------------- the loop

    async def converse(self) -> None:
        """Hold the conversation until the form is submitted (or the case moves on)."""
        ctx = self.ctx
        await self._open_segment()
        # Only lifecycle procedures have a deadline here (the applicant's limit
        # to complete the file, or a tacit decision); without one no timer is
        # started, so the commands of the other cases are unchanged.
        deadline = self.lifecycle.conversation_deadline() if ctx.procedure.lifecycle else None
        reminder = self.lifecycle.applicant_reminder_at() if deadline is not None else None
        intake_expiry = False
        if deadline is None:
            # Only new cases have an intake expiry; the others start no timer.
            deadline, reminder = self.deadlines.intake_deadline()
            intake_expiry = deadline is not None
        while not self.segment_done:

            def ready() -> bool:
                return ctx.dirty or self.segment_done or self._continue_as_new_due()

            if ctx.withdraw is not None:
                return

            if deadline is None:
                await workflow.wait_condition(ready)
            elif reminder is not None and reminder < deadline:
                if not await ctx.wait(ready, reminder):
                    reminder = None
                    if intake_expiry:
                        await self.deadlines.remind_intake()
                    else:
                        await self.lifecycle.remind_applicant()
                    continue
                # Woken before the reminder (a turn, a change): handled below.
            elif not await ctx.wait(ready, deadline):
                # A turn already accepted finishes first; it may complete the form.
                await workflow.wait_condition(lambda: not self.turn_in_progress)
                if not self.segment_done:
                    if intake_expiry:
                        await self.deadlines.expire_intake()
                    else:
                        await self.lifecycle.conversation_expired()
                    return
            if ctx.dirty:
                await ctx.flush()
            if ctx.withdraw is not None:
                return
            if not self.segment_done and self._continue_as_new_due():
                await self._continue_as_new()
        ctx.s.status = CaseStatus.SUBMITTED
        ctx.s.submitted_at = workflow.now()
        ctx.s.pending_question = None
        ctx.log("submitted", "form complete and reviewed by the applicant", actor="applicant")
        await ctx.flush()

    # ------------------------------------------------------------ the graph

    def _graph_input(self) -> dict[str, Any]:
        s = self.ctx.s
        graph = self.ctx.graph_if_versioned()
        return {
            "case_id": s.case_id,
            "procedure": s.procedure,
            # Only later flow versions name their graph, so the inputs of
            # cases on a base flow stay what they were.
            **({"graph": graph} if graph else {}),
            "language": s.language,
            "form": dict(s.form),
            "provenance": {k: v.model_dump(mode="json") for k, v in s.provenance.items()},
            "pending_confirmation": [e.model_dump(mode="json") for e in s.pending_confirmation],
            "caseworker_question": s.caseworker_question,
            "extra_answers": list(s.extra_answers),
            "reviewed": s.reviewed,
            "turn": s.turn,
            "understanding": None,
            "reply": "",
            "done": False,
        }

    async def _open_segment(self) -> None:
        """Start the intake graph from the case state and run it to its first question."""
        self._segment += 1
        self.segment_done = False
        self._thread = f"intake-{self._segment}"
        values = await self._invoke(self._graph_input())
        self._absorb(values)
        self.parked = not self.segment_done

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
        s = self.ctx.s
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
            self.segment_done = True
        self._saver.keep_latest(self._thread)

    # ------------------------------------------------------ continue-as-new

    def _continue_as_new_due(self) -> bool:
        if self.lifecycle.children_running():
            # Children are terminated or orphaned by continue-as-new: never while they run.
            return False
        every = self.ctx.start.continue_as_new_after_turns
        if every and self._turns_this_run >= every:
            return True
        return workflow.info().is_continue_as_new_suggested()

    async def _continue_as_new(self) -> None:
        """Hand the case state to a fresh run, between turns only."""
        ctx = self.ctx
        # From here new turns are refused (retryable 409) until the handover;
        # a turn already accepted finishes first.
        ctx.draining = True
        await workflow.wait_condition(
            lambda: (
                workflow.all_handlers_finished()
                and not self.turn_in_progress
                and (self.parked or self.segment_done)
            )
        )
        if self.segment_done:
            # The last turn completed the intake: nothing to hand over.
            ctx.draining = False
            return
        await ctx.flush()
        start = ctx.start
        workflow.continue_as_new(
            StartCaseInput(
                case_id=ctx.s.case_id,
                procedure=ctx.s.procedure,
                language=ctx.s.language,
                continue_as_new_after_turns=start.continue_as_new_after_turns,
                claim_timeout_seconds=start.claim_timeout_seconds,
                applicant_reminder_seconds=start.applicant_reminder_seconds,
                task_reminder_seconds=start.task_reminder_seconds,
                state=ctx.s,
            )
        )

    # --------------------------------------------------------------- turns

    async def open(self) -> TurnReply:
        """Return the greeting and the current question (changes nothing)."""
        await workflow.wait_condition(lambda: self.parked or self.segment_done)
        title = self.ctx.procedure.title(self.ctx.s.language)
        return self._reply(say("greeting", self.ctx.s.language, title=title), understood=True)

    async def send_message(self, message: TurnInput) -> TurnReply:
        """One conversation turn: understand the answer, reply, ask the next question."""
        ctx = self.ctx
        update_id = workflow.current_update_info().id  # type: ignore[union-attr]
        turns = names_turn(message) and workflow.patched(MESSAGE_TURNS_PATCH)
        remembered = self._remembered(update_id, message if turns else None)
        if remembered is not None:
            return TurnReply.model_validate(remembered)
        if self.turn_in_progress:
            # Two messages accepted in the same workflow task: the validator
            # of the second ran before the first handler started.
            raise errors.rejected(errors.TURN_IN_PROGRESS, "a message is being processed")
        self.turn_in_progress = True
        try:
            await workflow.wait_condition(lambda: self.parked)
            if turns:
                # Checked again here: another turn may have been applied
                # between this message's validation and now.
                self._check_turn(message)
            self.parked = False
            today = workflow.now().astimezone(ctx.procedure.timezone).date().isoformat()
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
                    f"turn {ctx.s.turn} failed: {type(exc).__name__}",
                    exc_info=not isinstance(exc, ActivityError),
                )
                self.parked = True
                raise errors.rejected(
                    errors.UNDERSTANDING_FAILED, "the answer could not be processed, please resend"
                ) from exc
            asked = ctx.s.pending_question
            self._absorb(values)
            self.parked = not self.segment_done
            reply_text = str(values.get("reply") or "")
            understood = bool(values.get("understood"))
            if asked is not None:
                # The question answered, so a reopened chat reads as it was held.
                self._transcript("question", asked.text)
            self._transcript("applicant", message.text)
            self._transcript("assistant", reply_text)
            if not understood:
                ctx.log("not_understood", f"turn {ctx.s.turn}: answer re-asked", actor="applicant")
            reply = self._reply(reply_text, understood)
            if turns:
                reply.answered = message.digest
            self._remember(update_id, reply)
            self._turns_this_run += 1
            ctx.dirty = True
            return reply
        finally:
            self.turn_in_progress = False

    def check_message(self, message: TurnInput) -> None:
        """Refuse a message out of state, during another turn or a handover, or malformed."""
        ctx = self.ctx
        if names_turn(message):
            update_id = workflow.current_update_info().id  # type: ignore[union-attr]
            if self._remembered(update_id, message) is not None:
                return  # a resend of an applied message: the handler answers from memory
        if ctx.s.status not in (CaseStatus.INTAKE, CaseStatus.AWAITING_APPLICANT):
            raise errors.rejected(errors.WRONG_STATE, f"case is {ctx.s.status.value}")
        if self.turn_in_progress:
            raise errors.rejected(errors.TURN_IN_PROGRESS, "a message is being processed")
        if ctx.draining:
            raise errors.rejected(errors.CASE_BUSY, "the case is being compacted, retry shortly")
        if message.field is not None and message.field not in ctx.procedure.fields:
            raise errors.rejected(errors.UNKNOWN_FIELD, "field: not a field of this procedure")
        self._check_turn(message)

    def _check_turn(self, message: TurnInput) -> None:
        """Refuse a message that names a turn other than the one asked now."""
        turn = self.ctx.s.turn
        if message.turn is None or message.turn == turn:
            return
        if message.turn < turn:
            raise errors.rejected(
                errors.STALE_TURN, f"turn {message.turn} was answered; the case is at turn {turn}"
            )
        raise errors.rejected(errors.INVALID_INPUT, f"turn: the case is at turn {turn}")

    def _remembered(self, update_id: str, message: TurnInput | None) -> dict[str, Any] | None:
        """The reply already given to this message, under its id or the previous release's."""
        applied = self.ctx.s.applied_updates
        remembered = applied.get(update_id)
        if remembered is None and message is not None and message.legacy_update_id:
            remembered = applied.get(message.legacy_update_id)
        return remembered

    def _reply(self, text: str, understood: bool) -> TurnReply:
        s = self.ctx.s
        return TurnReply(
            status=s.status,
            reply=text,
            question=s.pending_question,
            form=dict(s.form),
            understood=understood,
            turn=s.turn,
        )

    def _remember(self, update_id: str, reply: TurnReply) -> None:
        applied = self.ctx.s.applied_updates
        applied[update_id] = reply.model_dump(mode="json")
        while len(applied) > MAX_REMEMBERED_UPDATES:
            applied.pop(next(iter(applied)))

    def _transcript(self, role: str, text: str) -> None:
        s = self.ctx.s
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
