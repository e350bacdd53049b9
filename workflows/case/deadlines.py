"""Deadlines and retention: the intake's expiry, the objection window, retention and purge.

Every one of them is a durable timer that the loops here arm; the windows a
decision opens (the objection deadline, a lifecycle's third-party appeal)
are recorded with the decision (:func:`record_windows`). An appeal or a
revision request wakes the objection window and hands over to
:class:`workflows.case.appeals.Appeals`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from temporalio import workflow

from activities.archive import ArchiveActivities
from activities.purge import PurgeActivities
from schemas.audit import ArchiveKind, ArchiveRequest
from schemas.case import CaseStatus, Deadline, Outcome
from schemas.notify import NoticeKind
from schemas.retention import PurgeRequest
from workflows.case.context import CaseContext
from workflows.case.options import (
    ARCHIVE_ACTIVITY,
    INTAKE_EXPIRY_PATCH,
    PATCH_ARCHIVE_ON_CLOSE,
    PATCH_ARCHIVE_ON_PURGE,
    PATCH_PURGE_CASE_DATA,
    RETRY_FOREVER,
    SHORT_ACTIVITY,
)

if TYPE_CHECKING:
    from workflows.case.appeals import Appeals

FREE_TEXT_ENTRIES = frozenset({"decision", "appeal", "appeal_revised", "appeal_upheld"})
"""Timeline entries whose text may quote what a person wrote (emptied by the purge)."""

INTAKE_REMINDER = "intake_expiry"
"""The ``reminded`` entry of the intake-expiry reminder (sent once)."""

_STOPPED_BY_DECISION = frozenset({"tacit_decision", "completion_limit"})
"""Lifecycle clocks a decision stops."""


def record_windows(ctx: CaseContext, outcome: Outcome, decided_at: dt.datetime) -> None:
    """Record the windows a lifecycle keeps open after this decision (none without one)."""
    lifecycle = ctx.procedure.lifecycle
    if lifecycle is None:
        return
    s = ctx.s
    # The clocks the decision stopped no longer show as deadlines.
    s.deadlines = [d for d in s.deadlines if d.code not in _STOPPED_BY_DECISION]
    for window in lifecycle.windows(outcome.value, decided_at):
        s.deadlines.append(
            Deadline(code=window.code, due_at=window.due_at, description=window.description)
        )


def closing_at(ctx: CaseContext, objection: dt.datetime) -> dt.datetime:
    """The case stays open until the objection deadline and every window after it."""
    ends = [objection]
    codes = {"third_party_appeal"}
    ends += [d.due_at for d in ctx.s.deadlines if d.code in codes]
    return max(ends)


class Deadlines:
    """The timers of one case after its intake, and the purge they end with."""

    def __init__(self, ctx: CaseContext, appeals: Appeals) -> None:
        """Work on ``ctx``'s case; hand appeals and revisions to ``appeals``."""
        self.ctx = ctx
        self.appeals = appeals

    # ------------------------------------------------------- intake expiry

    def set_intake_expiry(self) -> None:
        """Give a new case its intake expiry (and reminder), if configured."""
        start, s = self.ctx.start, self.ctx.s
        if start.intake_expiry_seconds <= 0 or not workflow.patched(INTAKE_EXPIRY_PATCH):
            return
        expires = workflow.now() + dt.timedelta(seconds=start.intake_expiry_seconds)
        s.intake_expires_at = expires
        lead = start.intake_reminder_seconds
        if 0 < lead < start.intake_expiry_seconds:
            s.intake_reminder_at = expires - dt.timedelta(seconds=lead)

    def intake_deadline(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The intake's expiry and pending reminder (None, None when it has none)."""
        s = self.ctx.s
        if s.status is not CaseStatus.INTAKE or s.intake_expires_at is None:
            return None, None
        reminder = None if INTAKE_REMINDER in s.reminded else s.intake_reminder_at
        return s.intake_expires_at, reminder

    async def remind_intake(self) -> None:
        """Tell the applicant that the unfinished draft is about to be deleted."""
        ctx, s = self.ctx, self.ctx.s
        s.reminded.append(INTAKE_REMINDER)
        due = ctx.local(s.intake_expires_at) if s.intake_expires_at else "?"
        ctx.log("reminder", f"unfinished intake deleted on {due}")
        await ctx.flush()
        await ctx.notify(NoticeKind.INTAKE_REMINDER, due=due)

    async def expire_intake(self) -> None:
        """An intake not completed in time (an abandoned draft, an orphan): purge it."""
        self.ctx.s.pending_question = None
        self.ctx.log("intake_expired", "the intake was not completed in time")
        await self.purge("intake expired; personal data removed")

    # ------------------------------------------------- after the decision

    async def sleep_until(self, due: dt.datetime, wake: Callable[[], bool] | None = None) -> None:
        """Wait until ``due`` (a durable timer) or ``wake()``, flushing projections meanwhile."""
        ctx = self.ctx
        while workflow.now() < due:
            if wake is not None and wake():
                return
            try:
                await workflow.wait_condition(
                    lambda: ctx.dirty or (wake is not None and wake()),
                    timeout=due - workflow.now(),
                )
            except TimeoutError:
                break
            if ctx.dirty:
                await ctx.flush()

    async def await_objection_window(self) -> None:
        """Keep the decision open to appeal until its window ends; then the case closes."""
        ctx = self.ctx
        decision = ctx.s.decision
        if decision is not None and decision.objection_deadline is not None:
            await self.sleep_until(
                closing_at(ctx, decision.objection_deadline),
                wake=lambda: ctx.appeal is not None or ctx.revision is not None,
            )
            if ctx.revision is not None:
                await self.appeals.settle_revision(ctx.revision)
                return
            if ctx.appeal is not None:
                # Back to the main loop afterwards: the (possibly new)
                # decision's window runs on.
                await self.appeals.settle_appeal(ctx.appeal)
                return
        ctx.s.status = CaseStatus.CLOSED
        ctx.log("closed", "objection window ended; decision final")
        await ctx.flush()
        if workflow.patched(PATCH_ARCHIVE_ON_CLOSE):
            await self._archive(ArchiveKind.HISTORY, "case closed")

    async def await_retention(self) -> None:
        """Keep the closed case for the procedure's retention period, then purge it."""
        ctx = self.ctx
        due = workflow.now() + ctx.procedure.retention
        ctx.s.deadlines.append(
            Deadline(code="retention", due_at=due, description="personal data purged")
        )
        await ctx.flush()
        await self.sleep_until(due, wake=lambda: ctx.revision is not None)
        if ctx.revision is not None:
            # Back to the main loop afterwards: a revised decision has its own
            # objection window, then its own retention period.
            ctx.s.deadlines = [d for d in ctx.s.deadlines if d.code != "retention"]
            await self.appeals.settle_revision(ctx.revision)
            return
        await self.purge("retention period ended; personal data removed")

    # ---------------------------------------------------------------- purge

    async def purge(self, note: str) -> None:
        """Remove the case's personal data: read models, archive, state (then it ends)."""
        ctx, s = self.ctx, self.ctx.s
        if workflow.patched(PATCH_PURGE_CASE_DATA):
            # The read models and the archived histories lose the personal
            # data (the case's data key is destroyed); decision, amount,
            # dates and digests stay.
            receipt = await workflow.execute_activity_method(
                PurgeActivities.purge_case,
                PurgeRequest(case_id=s.case_id, purged_at=workflow.now()),
                start_to_close_timeout=SHORT_ACTIVITY,
                retry_policy=RETRY_FOREVER,
            )
            self._forget_free_text()
            ctx.log(
                "data_purged",
                f"case data key destroyed; {receipt.letters} letter(s), "
                f"{receipt.tasks} task summary(ies) erased",
            )
        s.form = {}
        s.provenance = {}
        s.transcript = []
        s.pending_messages = []
        s.extra_answers = []
        s.applied_updates = {}
        s.contact_email = None
        s.status = CaseStatus.PURGED
        ctx.log("purged", note)
        if workflow.patched(PATCH_ARCHIVE_ON_PURGE):
            await self._archive(ArchiveKind.PURGE, note.split(";")[0])

    def _forget_free_text(self) -> None:
        """Drop what people wrote (reasons, questions, appeal grounds) from the state.

        The decision itself stays (outcome, amount, dates, decider); a purged
        case's view shows no free text that could name someone.
        """
        s = self.ctx.s
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
        ctx, s = self.ctx, self.ctx.s
        receipt = await workflow.execute_activity_method(
            ArchiveActivities.archive,
            ArchiveRequest(
                entry_id=ctx.next_id(),
                case_id=s.case_id,
                run_id=workflow.info().run_id,
                kind=kind,
                note=note,
            ),
            start_to_close_timeout=ARCHIVE_ACTIVITY,
            retry_policy=RETRY_FOREVER,
        )
        ctx.log(
            "archived",
            f"{kind.value} entry {receipt.entry_id}: {receipt.links} link(s), "
            f"digest {receipt.digest[:16]}",
        )
