"""Cases and the approval queue: ``cases``, ``show``, ``tasks`` and ``decide``."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Annotated

import typer

from guichet.listing import Listing, emit
from runtime.process import Runtime
from runtime.service import case_id_of_task
from schemas.task import DecideInput
from tools.cli._common import (
    JsonOption,
    case_service,
    console,
    line,
    print_decision,
    warn_stale,
    with_runtime,
)

_DECISIONS = {
    "approve": "approve",
    "reject": "reject",
    "info": "request_info",
    "complete": "complete",
    "documents": "request_documents",
    "agree": "agree",
    "conditions": "agree_with_conditions",
    "object": "object",
}
"""Short CLI words for the outcomes of every task kind (API.md); full names work too."""


def next_deadline(deadlines: dict[str, str], now: dt.datetime) -> str:
    """The next deadline still ahead of a case row, as ``code date`` (read-model summary)."""
    ahead = [(due, code) for code, due in deadlines.items() if dt.datetime.fromisoformat(due) > now]
    if not ahead:
        return ""
    due, code = min(ahead)
    return f"{code} {due[:10]}"


def cases(
    status: Annotated[str | None, typer.Option(help="Only cases with this status")] = None,
    procedure: Annotated[str | None, typer.Option(help="Only cases of this procedure")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many, newest first")] = 100,
    as_json: JsonOption = False,
) -> None:
    """List cases with their status (from the read model), saying how many there are."""

    async def body(runtime: Runtime) -> None:
        rows = await runtime.store.list_cases(procedure=procedure, status=status, limit=limit)
        total = await runtime.store.count_cases(procedure=procedure, status=status)
        now = dt.datetime.now(dt.UTC)
        columns = ("case", "procedure", "status", "progress", "outcome", "amount", "next deadline")
        listing = Listing(
            title="Cases",
            noun="cases",
            columns=(*columns, "updated"),
            rows=[
                (
                    row.case_id,
                    row.procedure,
                    row.status,
                    f"{row.progress_done}/{row.progress_total}",
                    row.outcome or "",
                    row.amount or "",
                    next_deadline(dict(row.summary.get("deadlines") or {}), now),
                    row.updated_at.isoformat(timespec="seconds"),
                )
                for row in rows
            ],
            # The form stays out: a listing is for finding cases, `show` opens one.
            items=[row.model_dump(mode="json", exclude={"form"}) for row in rows],
            total=total,
        )
        emit(listing, as_json=as_json, console=console)

    with_runtime(body, worker=False)


def show(case_id: str, as_json: JsonOption = False) -> None:
    """Show one case: status, form with provenance, timeline and decision."""

    async def body(runtime: Runtime) -> None:
        view = await case_service(runtime).view(case_id)
        if as_json:
            letters = await runtime.store.letters_for_case(case_id)
            document = view.model_dump(mode="json")
            document["letters"] = [
                {"letter_id": x.letter_id, "outcome": x.outcome, "created_at": x.created_at}
                for x in letters
            ]
            typer.echo(json.dumps(document, ensure_ascii=False, indent=2, default=str))
            return
        line(f"[bold]{view.case_id}[/bold] {view.procedure} — {view.status.value}")
        form = Listing(
            title="Form",
            noun="answers",
            columns=("field", "value", "source", "method", "confidence"),
            rows=[],
        )
        for name, value in view.form.items():
            source = view.provenance.get(name)
            form.rows.append(
                (
                    name,
                    str(value),
                    source.source_text if source else "",
                    source.method.value if source else "",
                    f"{source.confidence:.2f}" if source else "",
                )
            )
        emit(form, as_json=False, console=console, err=sys.stdout)
        if view.missing:
            line(f"missing: {', '.join(view.missing)}")
        for entry in view.timeline:
            when = entry.at.isoformat(timespec="seconds")
            line(f"{when} {entry.actor:>16} {entry.kind}: {entry.text}")
        for deadline in view.deadlines:
            line(f"deadline {deadline.code}: {deadline.due_at.isoformat(timespec='seconds')}")
        if view.task is not None:
            due = view.task.due_at.isoformat(timespec="seconds") if view.task.due_at else "-"
            line(
                f"open task {view.task.task_id} ({view.task.kind}, group {view.task.group}, "
                f"due {due}, claimed by {view.task.claimed_by or '-'}): {view.task.summary}"
            )
        for consultation in view.consultations:
            line(
                f"consultation {consultation.service}: {consultation.outcome or 'pending'}"
                f"{' (deemed)' if consultation.deemed else ''}, due "
                f"{consultation.due_at.isoformat(timespec='seconds')}, "
                f"task {consultation.workflow_id}:1"
            )
        for opinion in view.opinions:
            line(f"opinion {opinion.kind}: {opinion.outcome} by {opinion.user}")
        for duplicate in view.duplicates:
            line(f"possible duplicate of {duplicate.case_id} (same {duplicate.kind})")
        await print_decision(runtime, view)

    with_runtime(body)


def tasks(
    status: Annotated[str | None, typer.Option(help="open, claimed or done")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many, most urgent first")] = 200,
    as_json: JsonOption = False,
) -> None:
    """List the approval queue, most urgent first, saying how many tasks there are."""
    warn_stale()

    async def body(runtime: Runtime) -> None:
        rows = await runtime.store.list_tasks(status=status, limit=limit)
        counts = await runtime.store.count_tasks_by_status()
        wanted = (status,) if status else ("open", "claimed")
        columns = ("task", "procedure", "kind", "group", "status", "claimed by", "priority")
        listing = Listing(
            title="Tasks",
            noun="tasks",
            columns=(*columns, "due", "summary"),
            rows=[
                (
                    row.task_id,
                    row.procedure,
                    row.kind.value,
                    row.group,
                    row.status.value,
                    row.claimed_by or "",
                    str(row.priority),
                    row.due_at.isoformat(timespec="minutes") if row.due_at else "",
                    row.summary,
                )
                for row in rows
            ],
            items=[row.model_dump(mode="json") for row in rows],
            total=sum(counts.get(name, 0) for name in wanted),
        )
        emit(listing, as_json=as_json, console=console)

    with_runtime(body, worker=False)


def decide(
    task_id: str,
    outcome: Annotated[
        str,
        typer.Argument(
            help="approve, reject, info (review); complete, documents (completeness); "
            "agree, conditions, object (consultation)"
        ),
    ],
    reason: Annotated[str | None, typer.Option(help="Required to reject or object")] = None,
    question: Annotated[str | None, typer.Option(help="Required for info/documents")] = None,
    user: Annotated[str, typer.Option(help="The caseworker signing")] = "cli.caseworker",
) -> None:
    """Claim a task and decide it (outcomes by task kind, as in API.md)."""
    outcome = _DECISIONS.get(outcome, outcome)
    if outcome not in set(_DECISIONS.values()):
        console.print(f"[red]outcome must be one of {', '.join(_DECISIONS)}[/red]")
        raise typer.Exit(2)

    async def body(runtime: Runtime) -> None:
        service = case_service(runtime)
        await service.claim(task_id, user)
        await service.decide(
            DecideInput(
                task_id=task_id,
                user=user,
                outcome=outcome,
                reason=reason,
                question=question,
            )
        )
        row = await runtime.store.get_task(task_id)
        # A consultation task belongs to a child workflow; show its case instead.
        case_id = row.case_id if row is not None else case_id_of_task(task_id)
        view = await service.wait_for(
            case_id, lambda v: v.task is None or v.task.task_id != task_id, timeout=10
        )
        console.print(f"case {case_id}: {view.status.value}")
        if view.task is not None:
            console.print(f"next task {view.task.task_id} ({view.task.kind})")
        await print_decision(runtime, view)

    with_runtime(body)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``, in the order its help lists them."""
    app.command()(cases)
    app.command()(show)
    app.command()(tasks)
    app.command()(decide)
