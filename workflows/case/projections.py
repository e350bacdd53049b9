"""Projections and views: what the case shows to the read models and to the API.

Pure functions over the case state (no commands): the batch of read-model
rows a flush writes (:meth:`workflows.case.context.CaseContext.flush`), the
rows as of now for the ``projection`` query (reindexing), and the
``view`` query's :class:`~schemas.case.CaseView`.
"""

from __future__ import annotations

from temporalio import workflow

from procedures.base import Procedure
from schemas.case import CaseState, CaseStatus, CaseView, Outcome
from schemas.projection import CaseProjection, ProjectionBatch, TaskProjection
from schemas.task import DecideInput, TaskKind, TaskStatus
from workflows.case.options import SYSTEM


def projection_batch(
    s: CaseState,
    procedure: Procedure,
    task_status: TaskStatus | None = None,
    task_outcome: str | None = None,
    decided_by: str | None = None,
) -> ProjectionBatch:
    """The read-model rows of the case (and of its task, given its status), at version ``s.seq``.

    Args:
        s: The case state.
        procedure: The case's procedure (which fields apply).
        task_status: The open task's status to write; None writes no task row.
        task_outcome: The task's outcome, when it is done or cancelled.
        decided_by: Who decided the task.

    Returns:
        The batch, with the conversation entries not yet written.
    """
    now = workflow.now()
    applicable = procedure.applicable_fields(s.form)
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
            amount=str(s.decision.amount) if s.decision and s.decision.amount is not None else None,
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


def current_projection(
    s: CaseState, procedure: Procedure, decision: DecideInput | None
) -> ProjectionBatch:
    """The read-model rows as of now, at the last written version (for reindexing).

    Args:
        s: The case state.
        procedure: The case's procedure.
        decision: The decision accepted and not yet carried out, if any.
    """
    task = s.task
    status: TaskStatus | None = None
    if task is not None and s.status is CaseStatus.UNDER_REVIEW:
        status = TaskStatus.CLAIMED if task.claimed_by else TaskStatus.OPEN
    if task is not None and decision is not None:
        return projection_batch(s, procedure, TaskStatus.DONE, decision.outcome, decision.user)
    return projection_batch(s, procedure, status)


def case_view(s: CaseState, procedure: Procedure) -> CaseView:
    """The case as the API shows it."""
    applicable = procedure.applicable_fields(s.form)
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
