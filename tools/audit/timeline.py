"""A human-readable timeline of a case, built from its workflow histories alone.

Nothing here reads the read-model tables: every line comes from an event of
the history (Updates for conversation turns and caseworker actions, activity
results for understanding, rules, letters and archive entries, timers for
deadlines, run boundaries for continue-as-new). Emptying the read models
therefore leaves the timeline unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field
from temporalio.api.enums.v1 import EventType
from temporalio.api.history.v1 import HistoryEvent
from temporalio.client import WorkflowHistory

from schemas.audit import ArchiveReceipt
from schemas.case import CaseResult, StartCaseInput
from schemas.letter import LetterIssued, LetterRequest
from schemas.notify import NoticeSent
from schemas.projection import ProjectionBatch
from schemas.rules import EligibilityInput, EligibilityResult
from schemas.task import ClaimInput, DecideInput
from schemas.turn import TurnInput, TurnReply
from tools.audit._history import ActivityCall, decode, event_time

UNDERSTAND_SUFFIX = ".understand"
"""Activity types of the intake graphs' understanding node: ``<graph_name>.understand``."""


class AuditEvent(BaseModel):
    """One line of the audit timeline.

    Attributes:
        at: When it happened (the history event's time).
        run: The workflow run it belongs to (1 for the first).
        event_id: The history event it was read from (within its run).
        kind: What happened (``question``, ``answer``, ``extraction``,
            ``rules``, ``claim``, ``decision``, ``letter``, ``timer``, ...).
        actor: ``applicant``, ``system`` or the caseworker's user name.
        text: The line as a person reads it.
        details: The underlying values, for machines.
    """

    at: dt.datetime
    run: int
    event_id: int
    kind: str
    actor: str = "system"
    text: str
    details: dict[str, Any] = Field(default_factory=dict)


class RunInfo(BaseModel):
    """One workflow run of the case."""

    run: int
    run_id: str
    started_at: dt.datetime | None
    events: int


class Timeline(BaseModel):
    """The whole case as recorded in its histories."""

    case_id: str
    procedure: str | None = None
    language: str | None = None
    graph_name: str | None = None
    runs: list[RunInfo] = Field(default_factory=list)
    events: list[AuditEvent] = Field(default_factory=list)

    def of_kind(self, *kinds: str) -> list[AuditEvent]:
        """Return the events of the given kinds, in order."""
        return [event for event in self.events if event.kind in kinds]


def _text(texts: dict[str, str], language: str | None) -> str:
    return texts.get(language or "en") or texts.get("en") or next(iter(texts.values()), "")


def _extraction_text(extraction: dict[str, Any]) -> str:
    method = extraction.get("method", "parser")
    source = f"{method}"
    if extraction.get("model_id"):
        source += f" {extraction['model_id']}"
    if extraction.get("prompt_hash"):
        source += f", prompt {str(extraction['prompt_hash'])[:12]}"
    return (
        f"{extraction.get('field')} = {extraction.get('value')!r} "
        f'from "{extraction.get("source_text", "")}" '
        f"({source}, confidence {float(extraction.get('confidence', 1.0)):.2f})"
    )


class _Builder:
    """Walks the events of each run and appends timeline lines."""

    def __init__(self, timeline: Timeline) -> None:
        self.t = timeline
        self.run = 0
        self.pending_updates: dict[str, tuple[str, Any]] = {}
        self.scheduled: dict[int, HistoryEvent] = {}
        self.timers: dict[str, dt.datetime] = {}
        self.by_id: dict[int, HistoryEvent] = {}
        self.status: str | None = None
        self.tasks: set[str] = set()

    def add(
        self, event: HistoryEvent, kind: str, text: str, /, actor: str = "system", **details: Any
    ) -> None:
        self.t.events.append(
            AuditEvent(
                at=event_time(event),
                run=self.run,
                event_id=event.event_id,
                kind=kind,
                actor=actor,
                text=text,
                details=details,
            )
        )

    async def run_history(self, history: WorkflowHistory) -> None:
        self.run += 1
        self.scheduled = {}
        self.timers = {}
        events = list(history.events)
        started_at = event_time(events[0]) if events else None
        self.t.runs.append(
            RunInfo(run=self.run, run_id=history.run_id, started_at=started_at, events=len(events))
        )
        self.by_id = {event.event_id: event for event in events}
        for event in events:
            await self.event(event)

    def workflow_time(self, task_completed_id: int, fallback: HistoryEvent) -> dt.datetime:
        """Return ``workflow.now()`` of the workflow task that issued a command.

        It is the start time of that task, so a timer set to fire at a
        deadline shows that exact deadline.
        """
        completed = self.by_id.get(task_completed_id)
        if completed is not None:
            started_id = completed.workflow_task_completed_event_attributes.started_event_id
            started = self.by_id.get(started_id)
            if started is not None:
                return event_time(started)
        return event_time(fallback)

    async def event(self, event: HistoryEvent) -> None:
        kind = event.event_type
        if kind == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
            await self.started(event)
        elif kind == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
            await self.update_accepted(event)
        elif kind == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
            await self.update_completed(event)
        elif kind == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            self.scheduled[event.event_id] = event
        elif kind == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
            attributes = event.activity_task_completed_event_attributes
            scheduled = self.scheduled[attributes.scheduled_event_id]
            call = ActivityCall(
                scheduled.activity_task_scheduled_event_attributes.activity_type.name,
                scheduled,
                event,
            )
            await self.activity(event, call)
        elif kind in (
            EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
            EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
        ):
            self.add(event, "activity_failed", "an activity failed and was not retried further")
        elif kind == EventType.EVENT_TYPE_TIMER_STARTED:
            timer = event.timer_started_event_attributes
            due = self.workflow_time(timer.workflow_task_completed_event_id, event) + (
                timer.start_to_fire_timeout.ToTimedelta()
            )
            self.timers[timer.timer_id] = due
            self.add(
                event,
                "timer",
                f"timer {timer.timer_id} set; fires at {due.isoformat(timespec='seconds')}",
                timer_id=timer.timer_id,
                due_at=due.isoformat(),
            )
        elif kind == EventType.EVENT_TYPE_TIMER_FIRED:
            timer_id = event.timer_fired_event_attributes.timer_id
            self.add(event, "timer_fired", f"timer {timer_id} fired", timer_id=timer_id)
        elif kind == EventType.EVENT_TYPE_TIMER_CANCELED:
            timer_id = event.timer_canceled_event_attributes.timer_id
            self.add(
                event,
                "timer_cancelled",
                f"timer {timer_id} cancelled (the case moved on before it fired)",
                timer_id=timer_id,
            )
        elif kind == EventType.EVENT_TYPE_MARKER_RECORDED:
            await self.marker(event)
        elif kind == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
            new_run = (
                event.workflow_execution_continued_as_new_event_attributes.new_execution_run_id
            )
            self.add(
                event,
                "continued_as_new",
                f"run {self.run} hands the case over to a new run (continue-as-new)",
                new_run_id=new_run,
            )
        elif kind == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
            result = await decode(
                event.workflow_execution_completed_event_attributes.result, CaseResult
            )
            status = result.status.value if result else "?"
            self.add(event, "completed", f"case workflow completed ({status})", status=status)
        elif kind in (
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
        ):
            name = EventType.Name(kind).removeprefix("EVENT_TYPE_WORKFLOW_EXECUTION_").lower()
            self.add(event, "ended", f"case workflow {name}")

    async def started(self, event: HistoryEvent) -> None:
        start = await decode(
            event.workflow_execution_started_event_attributes.input, StartCaseInput
        )
        if start is None:
            return
        if start.state is None:
            self.t.procedure = start.procedure
            self.t.language = start.language
            self.add(
                event,
                "case_started",
                f"case opened: procedure {start.procedure}, language {start.language}",
                procedure=start.procedure,
                language=start.language,
            )
        else:
            self.t.procedure = self.t.procedure or start.procedure
            self.t.language = self.t.language or start.language
            self.t.graph_name = start.state.graph_name
            self.add(
                event,
                "run_started",
                f"run {self.run} continues the case at turn {start.state.turn} "
                f"(status {start.state.status.value}, graph {start.state.graph_name})",
                turn=start.state.turn,
                status=start.state.status.value,
                graph_name=start.state.graph_name,
            )

    async def update_accepted(self, event: HistoryEvent) -> None:
        attributes = event.workflow_execution_update_accepted_event_attributes
        request = attributes.accepted_request
        name = request.input.name
        update_id = request.meta.update_id
        arg: Any = None
        if name == "send_message":
            turn = await decode(request.input.args, TurnInput)
            arg = turn
            if turn is not None:
                self.add(
                    event, "answer", f"applicant: {turn.text}", actor="applicant", message=turn.text
                )
        elif name in ("claim", "release"):
            claim = await decode(request.input.args, ClaimInput)
            arg = claim
            if claim is not None:
                verb = "claimed" if name == "claim" else "released"
                self.add(
                    event,
                    name,
                    f"{verb} task {claim.task_id}",
                    actor=claim.user,
                    task_id=claim.task_id,
                )
        elif name == "decide":
            decision = await decode(request.input.args, DecideInput)
            arg = decision
            if decision is not None:
                why = decision.reason or decision.question or ""
                self.add(
                    event,
                    "decision",
                    f"decided task {decision.task_id}: {decision.outcome}"
                    + (f" — {why}" if why else ""),
                    actor=decision.user,
                    task_id=decision.task_id,
                    outcome=decision.outcome,
                    reason=decision.reason,
                    question=decision.question,
                )
        self.pending_updates[update_id] = (name, arg)

    async def update_completed(self, event: HistoryEvent) -> None:
        attributes = event.workflow_execution_update_completed_event_attributes
        name, _ = self.pending_updates.pop(attributes.meta.update_id, ("?", None))
        outcome = attributes.outcome
        if outcome.HasField("failure"):
            self.add(
                event,
                "refused",
                f"{name} refused: {outcome.failure.message}",
                update=name,
                code=outcome.failure.application_failure_info.type,
            )
            return
        if name not in ("open", "send_message"):
            return
        reply = await decode(outcome.success, TurnReply)
        if reply is None:
            return
        if reply.reply:
            self.add(
                event,
                "reply",
                f"assistant: {reply.reply}",
                actor="assistant",
                understood=reply.understood,
            )
        if reply.question is not None:
            self.add(
                event,
                "question",
                f"assistant asks ({reply.question.field}): {reply.question.text}",
                actor="assistant",
                field=reply.question.field,
                question=reply.question.text,
                turn=reply.turn,
            )

    async def activity(self, event: HistoryEvent, call: ActivityCall) -> None:
        name = call.activity_type
        if name.endswith(UNDERSTAND_SUFFIX):
            await self.understanding(event, call)
        elif name == "eligibility.evaluate":
            await self.rules(event, call)
        elif name == "letters.issue":
            await self.letter(event, call)
        elif name == "store.apply_projection":
            await self.projection(event, call)
        elif name == "notify.send":
            sent = await call.result(NoticeSent)
            if sent is not None:
                self.add(
                    event,
                    "notified",
                    f"e-mail {sent.message_id} handed over by {sent.transport}"
                    + (" (already sent)" if sent.duplicate else ""),
                    **sent.model_dump(),
                )
        elif name == "archive.append":
            receipt = await call.result(ArchiveReceipt)
            if receipt is not None:
                self.add(
                    event,
                    "archived",
                    f"archived as entry {receipt.entry_id} ({receipt.links} link(s), "
                    f"chain digest {receipt.digest[:16]})",
                    **receipt.model_dump(),
                )

    async def understanding(self, event: HistoryEvent, call: ActivityCall) -> None:
        graph_name = call.activity_type.removesuffix(UNDERSTAND_SUFFIX)
        self.t.graph_name = self.t.graph_name or graph_name
        output = await call.result(dict[str, Any])
        result = (output or {}).get("result") or {}
        understanding = result.get("understanding") or {}
        asked = understanding.get("asked", "?")
        extractions = [
            (understanding["extraction"], "") if understanding.get("extraction") else None,
            *((c, "correction: ") for c in understanding.get("corrections") or []),
            # Further facts of the same message (slot filling), each with its span.
            *((p, "also stated: ") for p in understanding.get("proposals") or []),
        ]
        for item in extractions:
            if item is None:
                continue
            extraction, prefix = item
            self.add(
                event,
                "extraction",
                prefix + _extraction_text(extraction),
                asked=asked,
                graph=graph_name,
                correction=prefix == "correction: ",
                # "actor" is the entry's own (a caseworker's value names them).
                **{k: v for k, v in extraction.items() if k != "actor"},
            )
        if understanding.get("yes_no") is not None:
            answer = "yes" if understanding["yes_no"] else "no"
            self.add(
                event,
                "confirmation",
                f"{asked}: read as {answer}",
                asked=asked,
                yes_no=understanding["yes_no"],
            )
        if understanding.get("error"):
            self.add(
                event,
                "not_understood",
                f"answer to {asked} not used: {understanding['error']}",
                asked=asked,
                error=understanding["error"],
            )

    async def rules(self, event: HistoryEvent, call: ActivityCall) -> None:
        request = await call.input(EligibilityInput)
        result = await call.result(EligibilityResult)
        if result is None:
            return
        outcome = result.outcome
        language = self.t.language
        met = sum(1 for c in outcome.criteria if c.result.value == "met")
        self.add(
            event,
            "rules",
            f"rules applied with parameter set {outcome.parameter_set.id} "
            f"(reference date {outcome.reference_date.isoformat()}): "
            f"{met}/{len(outcome.criteria)} criteria met, "
            + ("eligible" if outcome.eligible else "not eligible")
            + ("; decided automatically" if result.sign_off.automatic else "; sign-off needed: ")
            + ("" if result.sign_off.automatic else "; ".join(result.sign_off.reasons)),
            parameter_set=outcome.parameter_set.model_dump(mode="json"),
            eligible=outcome.eligible,
            received_on=request.received_on.isoformat() if request else None,
            reference_date=outcome.reference_date.isoformat(),
            sign_off=result.sign_off.model_dump(mode="json"),
        )
        for criterion in outcome.criteria:
            self.add(
                event,
                "criterion",
                f"{criterion.code}: {criterion.result.value} — "
                f"{_text(criterion.explanation, language)}"
                + (f" ({criterion.legal_basis})" if criterion.legal_basis else ""),
                code=criterion.code,
                result=criterion.result.value,
                legal_basis=criterion.legal_basis,
                parameter_set=outcome.parameter_set.id,
            )

    async def letter(self, event: HistoryEvent, call: ActivityCall) -> None:
        request = await call.input(LetterRequest)
        issued = await call.result(LetterIssued)
        if issued is None:
            return
        self.add(
            event,
            "letter",
            f"letter {issued.letter_id} sent"
            + (
                f" ({request.outcome}, {request.language}, decided by {request.decided_by})"
                if request
                else ""
            )
            + f"; sha256 {issued.sha256[:16]}",
            actor=request.decided_by if request else "system",
            letter_id=issued.letter_id,
            sha256=issued.sha256,
            outcome=request.outcome if request else None,
        )
        if request is not None:
            due = request.objection_deadline
            self.add(
                event,
                "deadline",
                "objection deadline: the decision can be contested until "
                f"{due.isoformat(timespec='seconds')}",
                code="objection",
                due_at=due.isoformat(),
            )

    async def projection(self, event: HistoryEvent, call: ActivityCall) -> None:
        batch = await call.input(ProjectionBatch)
        if batch is None:
            return
        if batch.case is not None and batch.case.status != self.status:
            self.status = batch.case.status
            self.add(event, "status", f"status: {self.status}", status=self.status)
        for task in batch.tasks:
            if task.task_id not in self.tasks:
                self.tasks.add(task.task_id)
                self.add(
                    event,
                    "task",
                    f"{task.kind.value} task {task.task_id} for group {task.group}: {task.summary}",
                    task_id=task.task_id,
                    kind=task.kind.value,
                    group=task.group,
                )

    async def marker(self, event: HistoryEvent) -> None:
        attributes = event.marker_recorded_event_attributes
        if attributes.marker_name != "core_patch":
            return
        # Core records {"id": ..., "deprecated": ...} under "patch-data".
        payloads = attributes.details.get("patch-data")
        # Core writes patch markers itself, in clear (only the patch id).
        data = (
            await decode(payloads, dict[str, Any], encrypted=False)
            if payloads is not None
            else None
        )
        patch_id = (data or {}).get("id")
        self.add(event, "version", f"code version marker: {patch_id}", patch_id=patch_id)


async def build_timeline(case_id: str, runs: Sequence[WorkflowHistory]) -> Timeline:
    """Build the audit timeline of a case from its runs' histories, oldest first.

    Args:
        case_id: The case (workflow id).
        runs: Every run's history, oldest first.

    Returns:
        The timeline.
    """
    timeline = Timeline(case_id=case_id)
    builder = _Builder(timeline)
    for history in runs:
        await builder.run_history(history)
    return timeline
