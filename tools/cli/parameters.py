"""Dated parameter sets: ``parameters`` and ``offer-revisions``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.table import Table
from temporalio.client import WorkflowHistory

from procedures import PROCEDURES
from runtime.process import Runtime
from tools.cli._common import case_service, console, stale_warnings, with_runtime


def parameters(
    today: Annotated[
        str | None, typer.Option(help="Judge staleness on this date (YYYY-MM-DD)")
    ] = None,
) -> None:
    """List every procedure's parameter sets and warn when a revaluation is missing."""
    now = (
        dt.datetime.combine(dt.date.fromisoformat(today), dt.time(12), dt.UTC)
        if today
        else dt.datetime.now(dt.UTC)
    )
    table = Table(title="Parameter sets")
    for column in ("procedure", "set", "from", "to", "revalued"):
        table.add_column(column)
    for procedure in PROCEDURES.values():
        revalued = (
            f"every {procedure.revaluation.day:02d}/{procedure.revaluation.month:02d}"
            if procedure.revaluation
            else ""
        )
        for params in sorted(procedure.parameter_sets.values(), key=lambda p: p.effective_from):
            until = params.effective_to.isoformat() if params.effective_to else "open"
            table.add_row(
                procedure.id, params.id, params.effective_from.isoformat(), until, revalued
            )
    console.print(table)
    warnings = stale_warnings(now)
    for warning in warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}")
    if not warnings:
        console.print("every procedure's newest parameter set is up to date")


def offer_revisions(
    procedure: Annotated[str, typer.Option(help="The procedure")] = "minimum_income",
    user: Annotated[str, typer.Option(help="Who offers them (recorded)")] = "audit revisions",
    limit: Annotated[int, typer.Option(min=1, help="Look at this many decided cases")] = 1000,
) -> None:
    """Offer each case decided with a set no longer in force on its date as a revision task.

    The cases are those ``audit revisions`` lists; nothing is recomputed: a
    caseworker upholds each decision or revises it.
    """
    from guichet.audit.archive import load_runs
    from guichet.store import ArchiveStore
    from tools.audit.revisions import find_revisions

    async def body(runtime: Runtime) -> None:
        rows = [
            row
            for status in ("decided", "closed")
            for row in await runtime.store.list_cases(procedure, status, limit)
        ]
        archive = ArchiveStore(runtime.store.engines)

        async def histories(case_id: str) -> list[WorkflowHistory]:
            runs = await load_runs(case_id, archive, runtime.client)
            return [run.history(case_id) for run in runs]

        found = await find_revisions([row.case_id for row in rows], histories)
        service = case_service(runtime)
        for case in found:
            reason = (
                f"decided with {case.recorded_set} ({case.recorded_amount}); in force on "
                f"{case.reference_date.isoformat()}: {case.in_force_set} ({case.in_force_amount})"
            )
            result = await service.request_revision(case.case_id, reason, user)
            console.print(f"{case.case_id}: revision task {result.task_id} ({reason})")
        console.print(f"{len(found)} revision task(s) offered")

    with_runtime(body)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``, in the order its help lists them."""
    app.command()(parameters)
    app.command("offer-revisions")(offer_revisions)
