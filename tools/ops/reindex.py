"""Rebuild the read models from the workflows (``python starter.py reindex``).

Temporal is the source of truth; the case and task rows are projections.
For every case workflow the namespace still knows (running ones, and closed
ones within the namespace's retention, found through visibility) this asks
the workflow for its rows with the ``projection`` query
(``CaseWorkflow.projection``) and applies them with the store's versioned
upserts: a missing or stale row is rewritten, a
current one is left alone, so reindexing a healthy database changes
nothing and can run at any time.

Letters are documents, not projections: a missing letter is rendered again
from the exact request recorded in the workflow history, and stored only if
its SHA-256 equals the digest the workflow recorded when it was first
issued (a template changed since then is reported, never silently stored).

Tasks already done are part of the case's timeline (and audit), not of the
workflow's current state, so they are not rebuilt.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

import structlog
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHandle
from temporalio.converter import DataConverter
from temporalio.service import RPCError

from guichet.store import CaseStore
from procedures import get_procedure
from procedures.letters import render_letter
from schemas.case import CaseResult
from schemas.letter import LetterIssued, LetterRequest
from schemas.projection import LetterRecord, ProjectionBatch
from workflows import CaseWorkflow

log = structlog.get_logger(__name__)

CASE_WORKFLOWS = 'WorkflowType = "Case"'
LETTER_ACTIVITY = "letters.issue"


@dataclass
class ReindexReport:
    """What a reindex did.

    Attributes:
        cases: Case workflows visited.
        cases_written: Case rows inserted or replaced (missing or stale).
        tasks_written: Task rows inserted or replaced.
        letters_written: Letters stored again.
        letters_mismatched: Letters whose new rendering differs from the
            issued one (not stored).
        failed: Case ids that could not be read (logged, not fatal).
    """

    cases: int = 0
    cases_written: int = 0
    tasks_written: int = 0
    letters_written: int = 0
    letters_mismatched: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


async def reindex(
    client: Client,
    store: CaseStore,
    *,
    query: str = CASE_WORKFLOWS,
    concurrency: int = 8,
    rpc_timeout: timedelta = timedelta(seconds=30),
) -> ReindexReport:
    """Rebuild case, task and letter rows from the case workflows.

    Args:
        client: A client on the cases' namespace (a worker must be polling:
            queries, also of closed workflows, run on workers).
        store: The case store to write to.
        query: The visibility query selecting the workflows.
        concurrency: Cases reindexed at once.
        rpc_timeout: Time allowed for each query.

    Returns:
        What was written.
    """
    report = ReindexReport()
    case_ids: list[str] = []
    async for execution in client.list_workflows(query):
        # Continue-as-new leaves one execution per run: the latest one answers.
        if execution.id not in case_ids:
            case_ids.append(execution.id)
    gate = asyncio.Semaphore(concurrency)

    async def one(case_id: str) -> None:
        async with gate:
            try:
                handle = client.get_workflow_handle_for(CaseWorkflow.run, case_id)
                await _reindex_case(handle, client.data_converter, store, report, rpc_timeout)
            except RPCError as exc:
                log.warning("reindex failed", case_id=case_id, error=exc.status.name)
                report.failed.append(case_id)

    await asyncio.gather(*(one(case_id) for case_id in case_ids))
    report.cases = len(case_ids)
    log.info(
        "reindexed",
        cases=report.cases,
        cases_written=report.cases_written,
        tasks_written=report.tasks_written,
        letters_written=report.letters_written,
        letters_mismatched=len(report.letters_mismatched),
        failed=len(report.failed),
    )
    return report


async def _reindex_case(
    handle: WorkflowHandle[CaseWorkflow, CaseResult],
    converter: DataConverter,
    store: CaseStore,
    report: ReindexReport,
    rpc_timeout: timedelta,
) -> None:
    batch = await handle.query(CaseWorkflow.projection, rpc_timeout=rpc_timeout)
    before = await store.get_case(handle.id)
    result = await store.apply(batch)
    if before is None or (result.case_version is not None and result.case_version > before.version):
        report.cases_written += 1
    report.tasks_written += result.tasks
    for letter in await _issued_letters(handle, converter):
        if await store.get_letter(letter.letter_id) is not None:
            continue
        rebuilt = await _render_again(letter, report)
        if rebuilt is not None:
            report.letters_written += (
                await store.apply(ProjectionBatch(letters=[rebuilt]))
            ).letters


@dataclass
class _Issued:
    letter_id: str
    request: LetterRequest
    issued: LetterIssued


async def _issued_letters(
    handle: WorkflowHandle[CaseWorkflow, CaseResult], converter: DataConverter
) -> list[_Issued]:
    """The letters the latest run issued: request and digest, from its history."""
    history = await handle.fetch_history()
    requests: dict[int, LetterRequest] = {}
    found: list[_Issued] = []
    for event in history.events:
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            scheduled = event.activity_task_scheduled_event_attributes
            if scheduled.activity_type.name == LETTER_ACTIVITY:
                (request,) = await converter.decode(scheduled.input.payloads, [LetterRequest])
                requests[event.event_id] = request
        elif event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
            completed = event.activity_task_completed_event_attributes
            letter_request = requests.get(completed.scheduled_event_id)
            if letter_request is not None:
                (issued,) = await converter.decode(completed.result.payloads, [LetterIssued])
                found.append(_Issued(letter_request.letter_id, letter_request, issued))
    return found


async def _render_again(letter: _Issued, report: ReindexReport) -> LetterRecord | None:
    request = letter.request
    html = render_letter(request, get_procedure(request.procedure))
    if hashlib.sha256(html.encode()).hexdigest() != letter.issued.sha256:
        log.warning("letter differs from the issued one", letter_id=letter.letter_id)
        report.letters_mismatched.append(letter.letter_id)
        return None
    return LetterRecord(
        letter_id=request.letter_id,
        case_id=request.case_id,
        language=request.language,
        outcome=request.outcome,
        html=html,
        created_at=request.decided_at,
    )
