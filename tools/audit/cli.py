"""``python starter.py audit ...``: archive, verify, show, replay, what-if, export.

Archived cases need only the case database: nothing here starts Temporal
unless a case is not archived yet (then its live history is read), and
``replay --file`` needs nothing at all.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from temporalio.client import Client, WorkflowHistory

from guichet.audit.archive import archive_case, load_runs, verify_archive
from guichet.config import get_settings
from guichet.logging import configure_logging
from guichet.store import ArchiveStore, CaseDataPurged, open_store
from runtime.process import open_runtime
from schemas.rules import ParameterSetRef
from tools.audit.export import ExportError, build_export, read_export, write_export
from tools.audit.replay import ReplayReport, replay_many
from tools.audit.revisions import RevisionCandidate, find_revisions
from tools.audit.timeline import Timeline, build_timeline
from tools.audit.whatif import CURRENT, WhatIfError, WhatIfReport, what_if

audit_app = typer.Typer(help="Audit: archived histories, timelines, replay and what-if.")
console = Console()
T = TypeVar("T")


@dataclass
class _Context:
    archive: ArchiveStore
    client: Client | None


@contextlib.asynccontextmanager
async def _open(*, temporal: bool) -> AsyncIterator[_Context]:
    """Open the archive, and Temporal too when asked (embedded server or cluster)."""
    settings = get_settings()
    configure_logging("WARNING", json=True)
    if temporal:
        async with open_runtime(settings) as runtime:
            yield _Context(ArchiveStore(runtime.store.engines), runtime.client)
        return
    store = await open_store(settings.resolved_database_url)
    try:
        yield _Context(ArchiveStore(store.engines), None)
    finally:
        await store.close()


def _run(body: Callable[[_Context], Awaitable[T]], *, temporal: bool = False) -> T:
    async def main() -> T:
        async with _open(temporal=temporal) as context:
            return await body(context)

    try:
        return asyncio.run(main())
    except CaseDataPurged as exc:
        when = f" on {exc.purged_at:%Y-%m-%d}" if exc.purged_at else ""
        raise _fail(
            f"case {exc.case_id}: personal data purged{when}; its archived histories can "
            "no longer be read (the archive chain still verifies: audit verify)"
        ) from None


async def _histories(context: _Context, case_id: str) -> list[WorkflowHistory]:
    """A case's runs from the archive; if not archived, from Temporal."""
    try:
        runs = await load_runs(case_id, context.archive, context.client)
    except LookupError:
        if context.client is not None:
            raise
        async with _open(temporal=True) as live:
            runs = await load_runs(case_id, live.archive, live.client)
    return [run.history(case_id) for run in runs]


def _fail(message: str) -> typer.Exit:
    console.print(f"[red]{message}[/red]")
    return typer.Exit(1)


@audit_app.command()
def archive(case_id: str) -> None:
    """Archive a case's history now (every run), chained to the archive."""

    async def body(context: _Context) -> None:
        assert context.client is not None
        links = await archive_case(context.client, context.archive, case_id)
        console.print(
            f"archived {case_id}: entry {links[0].entry_id}, {len(links)} run(s), "
            f"links {links[0].seq}–{links[-1].seq}, digest {links[-1].digest}"
        )

    _run(body, temporal=True)


@audit_app.command()
def verify(
    expect_head: Annotated[
        str | None, typer.Option(help="A head digest published earlier that must still be there")
    ] = None,
) -> None:
    """Verify the whole archive chain and name the first broken link."""

    async def body(context: _Context) -> None:
        report = await verify_archive(context.archive, expect_head)
        if report.ok:
            console.print(
                f"[green]archive chain OK[/green]: {report.links} links, {report.entries} "
                f"entries, {report.cases} cases; head {report.head or '(empty)'}"
            )
            return
        broken = report.broken
        assert broken is not None
        raise _fail(
            f"archive chain BROKEN at link {broken.seq} (entry {broken.entry_id}, case "
            f"{broken.case_id}): {broken.problem}; {report.links} links verified before it"
        )

    _run(body)


def print_timeline(timeline: Timeline) -> None:
    """Print a timeline as a table."""
    console.print(
        f"[bold]{timeline.case_id}[/bold] {timeline.procedure or ''} ({timeline.language or ''}), "
        f"graph {timeline.graph_name or '?'}, {len(timeline.runs)} run(s)"
    )
    table = Table(show_lines=False)
    for column in ("time (UTC)", "run", "event", "actor", "what"):
        table.add_column(column, overflow="fold")
    for event in timeline.events:
        table.add_row(
            event.at.strftime("%Y-%m-%d %H:%M:%S"),
            str(event.run),
            event.kind,
            event.actor,
            event.text,
        )
    console.print(table)


@audit_app.command()
def show(
    case_id: str,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Show a case's audit timeline, built from its history alone."""

    async def body(context: _Context) -> Timeline:
        return await build_timeline(case_id, await _histories(context, case_id))

    try:
        timeline = _run(body)
    except LookupError as exc:
        raise _fail(str(exc)) from None
    if as_json:
        console.print_json(timeline.model_dump_json())
    else:
        print_timeline(timeline)


def _print_replays(reports: Sequence[ReplayReport]) -> None:
    table = Table(title="Replay against the code now deployed")
    for column in ("case", "runs", "events", "result"):
        table.add_column(column, overflow="fold")
    for report in reports:
        if report.ok:
            result = "[green]OK[/green]"
        else:
            d = report.divergence
            assert d is not None
            result = (
                f"[red]DIVERGES[/red] run {d.run} event {d.event_id} ({d.event_type}): "
                f"{d.explanation}"
            )
        table.add_row(report.case_id, str(report.runs), str(report.events), result)
    console.print(table)


async def _replay_with_progress(
    cases: Sequence[str], load: Callable[[str], Awaitable[list[WorkflowHistory]]]
) -> list[ReplayReport]:
    with Progress(
        TextColumn("replaying"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("replay", total=len(cases))

        async def source() -> AsyncIterator[tuple[str, Sequence[WorkflowHistory]]]:
            for case_id in cases:
                yield case_id, await load(case_id)

        return await replay_many(source(), on_done=lambda _: progress.advance(task))


@audit_app.command()
def replay(
    case_id: Annotated[str | None, typer.Argument(help="The case to replay")] = None,
    all_cases: Annotated[bool, typer.Option("--all", help="Every archived case")] = False,
    file: Annotated[
        Path | None, typer.Option("--file", help="An export file (from another machine)")
    ] = None,
) -> None:
    """Replay archived histories against the code now deployed: OK or the first divergence."""
    if sum(bool(x) for x in (case_id, all_cases, file)) != 1:
        raise _fail("give exactly one of CASE_ID, --all or --file")
    if file is not None:
        try:
            export, histories = read_export(file)
        except ExportError as exc:
            raise _fail(str(exc)) from None

        async def from_file(_: str) -> list[WorkflowHistory]:
            return histories

        reports = asyncio.run(_replay_with_progress([export.case_id], from_file))
    else:

        async def body(context: _Context) -> list[ReplayReport]:
            cases = [case_id] if case_id else await context.archive.archived_cases()

            async def load(case: str) -> list[WorkflowHistory]:
                return await _histories(context, case)

            return await _replay_with_progress(cases, load)

        try:
            reports = _run(body)
        except LookupError as exc:
            raise _fail(str(exc)) from None
    _print_replays(reports)
    if not all(report.ok for report in reports):
        raise typer.Exit(1)


def _set_text(ref: ParameterSetRef) -> str:
    until = ref.effective_to.isoformat() if ref.effective_to else "open"
    return f"{ref.id}: {ref.effective_from.isoformat()} to {until}; {ref.source}"


def _print_what_if(report: WhatIfReport) -> None:
    table = Table(title=f"What-if for {report.case_id}")
    table.add_column("")
    table.add_column(f"recorded ({report.recorded_parameter_set})", overflow="fold")
    table.add_column(f"what-if ({report.what_if_parameter_set})", overflow="fold")
    table.add_row(
        "eligible",
        str(report.recorded_eligible),
        ("[yellow]" if report.recorded_eligible != report.what_if_eligible else "")
        + str(report.what_if_eligible),
    )
    table.add_row("decision", report.recorded_decision, report.what_if_decision)
    if report.recorded_set is not None and report.what_if_set is not None:
        table.add_row(
            "parameter set", _set_text(report.recorded_set), _set_text(report.what_if_set)
        )
    if report.recorded_amount is not None or report.what_if_amount is not None:
        changed = report.recorded_amount != report.what_if_amount
        table.add_row(
            "amount",
            str(report.recorded_amount),
            ("[yellow]" if changed else "") + str(report.what_if_amount),
        )
    for fact in report.facts:
        table.add_row(
            fact.name, str(fact.recorded), ("[yellow]" if fact.changed else "") + str(fact.what_if)
        )
    for criterion in report.criteria:
        mark = "[yellow]" if criterion.changed else ""
        table.add_row(
            criterion.code,
            f"{criterion.recorded}: {criterion.recorded_explanation}",
            f"{mark}{criterion.what_if}: {criterion.what_if_explanation}",
        )
    console.print(table)
    console.print("changed" if report.changed else "unchanged")


@audit_app.command("what-if")
def what_if_command(
    case_id: str,
    parameters: Annotated[
        str, typer.Option("--parameters", help="A parameter set id, or 'current'")
    ] = CURRENT,
) -> None:
    """Re-evaluate the recorded form against another parameter set, side by side."""

    async def body(context: _Context) -> WhatIfReport:
        return await what_if(case_id, await _histories(context, case_id), parameters)

    try:
        report = _run(body)
    except (LookupError, WhatIfError) as exc:
        raise _fail(str(exc)) from None
    _print_what_if(report)


def _print_revisions(found: Sequence[RevisionCandidate]) -> None:
    table = Table(title="Decided with a parameter set no longer in force on their date")
    for column in ("case", "reference date", "decided with", "amount", "in force", "amount"):
        table.add_column(column, overflow="fold")
    for c in found:
        table.add_row(
            c.case_id,
            c.reference_date.isoformat(),
            c.recorded_set,
            str(c.recorded_amount),
            c.in_force_set,
            str(c.in_force_amount),
        )
    console.print(table)
    console.print(
        f"{len(found)} case(s) to revise by a caseworker (nothing was recomputed; "
        "'audit what-if CASE --parameters SET' shows each side by side; "
        "'starter.py offer-revisions' opens a revision task for each)"
    )


@audit_app.command()
def revisions(
    procedure: Annotated[str, typer.Option(help="The procedure")] = "minimum_income",
    limit: Annotated[int, typer.Option(min=1, help="Look at this many decided cases")] = 1000,
) -> None:
    """List decided cases whose parameter set is no longer the one in force on their date."""

    async def body(context: _Context) -> list[RevisionCandidate]:
        store = await open_store(get_settings().resolved_database_url)
        try:
            rows = [
                row
                for status in ("decided", "closed")
                for row in await store.list_cases(procedure, status, limit)
            ]
        finally:
            await store.close()

        async def histories(case_id: str) -> list[WorkflowHistory]:
            return await _histories(context, case_id)

        return await find_revisions([row.case_id for row in rows], histories)

    try:
        found = _run(body)
    except LookupError as exc:
        raise _fail(str(exc)) from None
    _print_revisions(found)


@audit_app.command()
def export(
    case_id: str,
    output: Annotated[Path, typer.Option("-o", "--output", help="The file to write")],
) -> None:
    """Export one case as a self-contained file: histories, timeline and digests."""

    async def body(context: _Context) -> int:
        try:
            runs = await load_runs(case_id, context.archive, None)
        except LookupError:
            async with _open(temporal=True) as live:
                runs = await load_runs(case_id, live.archive, live.client)
        histories = [run.history(case_id) for run in runs]
        timeline = await build_timeline(case_id, histories)
        links = await context.archive.entries_for_case(case_id)
        write_export(build_export(case_id, runs, timeline, links), output)
        return len(runs)

    try:
        runs = _run(body)
    except LookupError as exc:
        raise _fail(str(exc)) from None
    console.print(f"wrote {output} ({runs} run(s)); check it with: audit replay --file {output}")
