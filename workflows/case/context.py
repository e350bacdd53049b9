"""What every step of one case shares: its state, what woke it, and how it records and tells.

The workflow class builds one :class:`CaseContext` in ``__init__`` and hands
it to each collaborator (intake session, assessment, lifecycle, appeals,
deadlines, task updates); collaborators that need another one get it in
their constructor too. Nothing is inherited, so reading a step tells which
state it touches and which other step it calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ActivityError

from activities.notify import NotifyActivities, StaffNotifyActivities
from activities.store import StoreActivities
from procedures import get_procedure
from procedures.base import NEXT_WORKING_DAY, Procedure
from procedures.calendar import local_date
from procedures.lifecycle import Lifecycle
from schemas.applicant_actions import AppealInput, RevisionInput, WithdrawInput
from schemas.case import CaseState, PendingTask, StartCaseInput, TimelineEntry
from schemas.notify import Notice, NoticeKind, StaffNotice
from schemas.task import DecideInput, TaskStatus
from workflows.case.options import (
    NOTIFY_RETRY,
    PATCH_NOTIFY,
    PATCH_WORKING_DAY_DEADLINES,
    RETRY_FOREVER,
    SHORT_ACTIVITY,
    SYSTEM,
    TRANSCRIPT_IN_STORE_PATCH,
)
from workflows.case.projections import projection_batch


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


def starting_state(start: StartCaseInput, procedure: Procedure) -> CaseState:
    """The state a run starts from: the one carried over, or a new case's."""
    return start.state or CaseState(
        case_id=start.case_id,
        procedure=start.procedure,
        language=start.language,
        graph_name=graph_for_new_case(procedure),
        deadline_rule=deadline_rule_for_new_case(),
        messages_in_store=workflow.patched(TRANSCRIPT_IN_STORE_PATCH),
    )


class CaseContext:
    """One case's state and the means every step shares to record and tell about it.

    Attributes:
        start: The run's start input (its options: continue-as-new, claim
            timeout, reminder leads).
        procedure: The procedure, on the question flow the case started with.
        s: The case state, carried across continue-as-new.
        dirty: The state changed since the last flush (the loops flush it).
        decision: A caseworker's decision accepted by the ``decide`` Update,
            not yet carried out.
        recheck: A caseworker corrected a value: the rules run again before
            any decision.
        claim_changes: Bumped by every claim, release, reassignment and
            expiry, so a waiting loop re-arms the claim-expiry timer
            (handlers never wait on timers).
        children: The consultations' child workflow handles, by service.
        watchers: The tasks awaiting those children.
        withdraw: Set by the ``withdraw`` Update; the main loop acts on it
            between steps.
        withdraw_done: Whether the withdrawal closed the case (None until tried).
        appeal: Set by the ``appeal`` Update; the objection window wakes on it.
        revision: Set by the ``request_revision`` Update; the objection
            window and the retention period wake on it.
        draining: The run is handing over to a new one (continue-as-new).
    """

    def __init__(self, start: StartCaseInput, procedure: Procedure, state: CaseState) -> None:
        """Hold the run's start, its procedure and the case state."""
        self.start = start
        self.procedure = procedure
        self.s = state
        self.dirty = False
        self.decision: DecideInput | None = None
        self.recheck = False
        self.claim_changes = 0
        self.children: dict[str, Any] = {}
        self.watchers: list[Any] = []
        self.withdraw: WithdrawInput | None = None
        self.withdraw_done: bool | None = None
        self.appeal: AppealInput | None = None
        self.revision: RevisionInput | None = None
        self.draining = False

    # ------------------------------------------------------------ reading

    @property
    def lc(self) -> Lifecycle:
        """The procedure's lifecycle (only lifecycle steps ask for it)."""
        lifecycle = self.procedure.lifecycle
        assert lifecycle is not None, "lifecycle step on a procedure without one"
        return lifecycle

    def local(self, instant: dt.datetime) -> str:
        """The calendar day of ``instant`` in the procedure's time zone (ISO)."""
        return local_date(instant, self.procedure.timezone).isoformat()

    def graph_if_versioned(self) -> str | None:
        """The case's graph name when it is a later question-flow version, else None."""
        graph = self.s.graph_name
        return None if graph == get_procedure(self.s.procedure).graph_name else graph

    def next_id(self) -> str:
        """A new id within the case (``case_id:seq``), for a task, a letter or a message."""
        self.s.seq += 1
        return f"{self.s.case_id}:{self.s.seq}"

    # -------------------------------------------------------------- waiting

    async def wait(self, predicate: Callable[[], bool], until: dt.datetime | None) -> bool:
        """Wait for ``predicate`` or the instant ``until``; return False when the time came.

        Reaching ``until`` with ``predicate`` true counts as in time.
        """
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

    # ------------------------------------------------------------ recording

    def log(self, kind: str, text: str, actor: str = SYSTEM) -> None:
        """Add an entry to the case's timeline (written by the next flush)."""
        self.s.timeline.append(TimelineEntry(at=workflow.now(), kind=kind, text=text, actor=actor))
        self.dirty = True

    async def flush(
        self,
        task_status: TaskStatus | None = None,
        task_outcome: str | None = None,
        decided_by: str | None = None,
    ) -> None:
        """Write the case (and task) read-model rows, versioned by ``seq``."""
        self.dirty = False
        self.s.seq += 1
        batch = projection_batch(self.s, self.procedure, task_status, task_outcome, decided_by)
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

    # -------------------------------------------------------------- telling

    async def notify(self, kind: NoticeKind, **params: str) -> None:
        """E-mail the applicant, at the address the procedure's form holds."""
        field = self.procedure.email_field
        to = self.s.form.get(field) if field else None
        if not isinstance(to, str) or not to:
            # Procedures whose form asks for no address: the one the applicant
            # gave for notifications, if any (None in every older history).
            to = self.s.contact_email
        if not isinstance(to, str) or not to or not workflow.patched(PATCH_NOTIFY):
            return
        notice = Notice(
            message_id=self.next_id(),
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
            self.log("notify_failed", f"{kind.value} message {notice.message_id}")
        else:
            self.log("notified", f"{kind.value} message {sent.message_id} by {sent.transport}")
        await self.flush()

    async def notify_staff(self, task: PendingTask) -> None:
        """Tell the task's holder (or its group) that the task nears its due date."""
        assert task.due_at is not None
        notice = StaffNotice(
            message_id=self.next_id(),
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
            self.log("staff_notify_failed", f"task {task.task_id} message {notice.message_id}")
        else:
            who = ", ".join(sent.recipients) or "nobody with an address"
            self.log("staff_reminded", f"task {task.task_id} due soon; told {who}")
        await self.flush()
