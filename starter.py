"""Guichet's command line: run it, start and drive cases, sign them off.

With no configuration every command starts (or reuses) the embedded
Temporal server and runs a worker in-process while it works, so each one
works on its own; ``up`` keeps both running until Ctrl-C.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from temporalio.client import WorkflowHistory

from guichet.accounts import AccountError, AccountService
from guichet.case_files import CaseFiles, ResealReport
from guichet.config import get_settings
from guichet.files import FileRejectedError, store_upload
from guichet.listing import Listing, emit
from guichet.logging import configure_logging
from guichet.private import restrict_new_files
from guichet.store import AccountStore, open_store
from guichet.text import html_to_text
from procedures import PROCEDURES, get_procedure
from procedures.calendar import local_date
from runtime.deactivation import deactivate_and_release
from runtime.process import Runtime, open_runtime
from runtime.service import CaseError, CaseService, case_id_of_task
from schemas.account import Role
from schemas.case import CaseStatus, CaseView
from schemas.form import FieldKind
from schemas.task import DecideInput
from tools.audit.cli import audit_app
from tools.evaluation.cli import eval_command as eval_scripted_command
from tools.evaluation.natural_cli import eval_command

app = typer.Typer(help="Guichet: durable, explainable case processing for public services.")
app.add_typer(audit_app, name="audit")
app.command("eval")(eval_command)
app.command("eval-scripted")(eval_scripted_command)
console = Console()
warnings_console = Console(stderr=True)
"""Warnings go to stderr, so that ``--json`` output stays machine-readable."""
T = TypeVar("T")

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


def _next_deadline(deadlines: dict[str, str], now: dt.datetime) -> str:
    """The next deadline still ahead of a case row, as ``code date`` (read-model summary)."""
    ahead = [(due, code) for code, due in deadlines.items() if dt.datetime.fromisoformat(due) > now]
    if not ahead:
        return ""
    due, code = min(ahead)
    return f"{code} {due[:10]}"


async def _answer(procedure: str, field: str, text: str, files: CaseFiles, case_id: str) -> str:
    """A document question answered with a file path: store it sealed, send its reference."""
    spec = get_procedure(procedure).fields.get(field)
    if spec is None or spec.kind is not FieldKind.FILE:
        return text
    content = await asyncio.to_thread(_file_bytes, text)
    if content is None:
        return text
    try:
        return (await files.put(case_id, content)).reference
    except FileRejectedError as exc:
        console.print(f"[red]{exc.message}[/red]")
        return text


def _file_bytes(text: str) -> bytes | None:
    """The bytes of the file ``text`` names, or None when it names none."""
    path = Path(text.strip()).expanduser()
    return path.read_bytes() if path.is_file() else None


def _run(body: Callable[[Runtime], Awaitable[T]], *, worker: bool = True) -> T:
    """Open the runtime (server, store, worker), run ``body``, close everything."""
    settings = get_settings()
    configure_logging("WARNING", json=True)

    async def main() -> T:
        async with open_runtime(settings, run_worker=worker) as runtime:
            return await body(runtime)

    try:
        return asyncio.run(main())
    except CaseError as exc:
        console.print(f"[red]{exc.code}[/red]: {exc.message}")
        raise typer.Exit(1) from None


def _service(runtime: Runtime) -> CaseService:
    return runtime.case_service()


def _line(text: str) -> None:
    """Print one line whole: never wrapped or cut to the terminal's (or a pipe's) width."""
    console.print(text, soft_wrap=True)


def _say(role: str, text: str) -> None:
    style = {"assistant": "cyan", "applicant": "green"}.get(role, "white")
    prefix = "Guichet" if role == "assistant" else "You" if role == "applicant" else role
    console.print(f"[bold {style}]{prefix}:[/bold {style}] {text}")


async def _print_decision(runtime: Runtime, view: CaseView) -> None:
    decision = view.decision
    if decision is None:
        return
    criteria = Listing(
        title=f"Decision on {view.case_id}: {decision.outcome.value}",
        noun="criteria",
        columns=("criterion", "result", "explanation"),
        rows=[
            (
                criterion.code,
                criterion.result.value,
                criterion.explanation.get(view.language) or criterion.explanation.get("en", ""),
            )
            for criterion in (view.outcome.criteria if view.outcome else [])
        ],
    )
    if not console.is_terminal:
        _line(criteria.title)
    emit(criteria, as_json=False, console=console, err=sys.stdout)
    if view.outcome:
        _line(f"parameter set: {view.outcome.parameter_set.id}; decided by {decision.decided_by}")
    if decision.letter_id:
        letter = await runtime.store.get_letter(decision.letter_id)
        if letter is None:
            return
        if console.is_terminal:
            console.print(Panel(html_to_text(letter.html), title=f"letter {letter.letter_id}"))
        else:
            _line(f"letter {letter.letter_id}")
            typer.echo(html_to_text(letter.html))


def stale_warnings(now: dt.datetime) -> list[str]:
    """Warnings for every procedure whose newest parameter set missed a revaluation.

    Args:
        now: The instant to judge on (each procedure takes its local date).
    """
    warnings = []
    for procedure in PROCEDURES.values():
        stale = procedure.stale_parameters(local_date(now, procedure.timezone))
        if stale is not None:
            warnings.append(stale.text("en"))
    return warnings


def _warn_stale() -> None:
    for warning in stale_warnings(dt.datetime.now(dt.UTC)):
        warnings_console.print(f"[yellow]warning:[/yellow] {warning}")


@app.command()
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


@app.command("offer-revisions")
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
        service = _service(runtime)
        for case in found:
            reason = (
                f"decided with {case.recorded_set} ({case.recorded_amount}); in force on "
                f"{case.reference_date.isoformat()}: {case.in_force_set} ({case.in_force_amount})"
            )
            result = await service.request_revision(case.case_id, reason, user)
            console.print(f"{case.case_id}: revision task {result.task_id} ({reason})")
        console.print(f"{len(found)} revision task(s) offered")

    _run(body)


@app.command()
def up() -> None:
    """Start the embedded Temporal server, a worker and the web app; keep them running."""
    from web.server import (
        DEMO_ACCOUNTS,
        build_context,
        metrics_of,
        seed_demo_accounts,
        uvicorn_server,
    )
    from web.telemetry import serve_metrics

    _warn_stale()

    async def body(runtime: Runtime) -> None:
        settings = runtime.settings
        context = build_context(_service(runtime), runtime.store, settings)
        await seed_demo_accounts(context.accounts)
        server = uvicorn_server(context, settings.web_host, settings.web_port)
        loop = asyncio.get_running_loop()
        for stop_signal in (signal.SIGINT, signal.SIGTERM):
            # Stop serving, then let the runtime stop the worker and the server.
            loop.add_signal_handler(stop_signal, setattr, server, "should_exit", True)
        web = asyncio.create_task(server.serve())
        accounts = "\n".join(
            f"  {name:<6} password {password:<16} {role.value:<11} "
            f"{', '.join(groups) or 'all groups'}"
            for name, password, groups, role in DEMO_ACCOUNTS
        )
        console.print(
            Panel(
                f"Web app: {context.public_url}  (caseworkers: {context.public_url}/staff)\n"
                f"API: {context.public_url}/api  (OpenAPI: {context.public_url}/openapi.json)\n"
                f"Demo accounts:\n{accounts}\n\n"
                f"Temporal: {settings.address} (namespace {settings.temporal_namespace})\n"
                f"Case database: {settings.resolved_database_url}\n"
                "Worker: running on task queue "
                f"{settings.task_queue}\n\n"
                "In another terminal:\n"
                "  .venv/bin/python starter.py chat short_time_work --lang de\n"
                "  .venv/bin/python starter.py demo\n"
                "  .venv/bin/python starter.py tasks\n\n"
                "Ctrl-C stops the worker and the server.",
                title="Guichet is running",
            )
        )
        try:
            with (
                serve_metrics(metrics_of(server).registry, settings.web_metrics_address),
                contextlib.suppress(asyncio.CancelledError),
            ):
                await web
        finally:
            server.should_exit = True
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(web, timeout=5)

    try:
        _run(body)
    except KeyboardInterrupt:
        console.print("stopped")


@app.command()
def chat(
    procedure: Annotated[str, typer.Argument(help="Procedure id, e.g. short_time_work")],
    lang: Annotated[str, typer.Option("--lang", help="de, en or fr")] = "de",
) -> None:
    """Fill a procedure's form by conversation in the terminal."""

    async def body(runtime: Runtime) -> None:
        service = _service(runtime)
        case_id, reply = await service.start(procedure, lang)
        console.print(f"[dim]case {case_id} — type /quit to stop; the case stays open[/dim]")
        _say("assistant", reply.reply)
        while reply.question is not None:
            _say("assistant", reply.question.text)
            text = await asyncio.to_thread(console.input, "[bold green]You:[/bold green] ")
            if text.strip() == "/quit":
                console.print(f"Case {case_id} is kept; continue later with the web app.")
                return
            files = CaseFiles(runtime.settings.data_dir / "files", runtime.store)
            text = await _answer(procedure, reply.question.field, text, files, case_id)
            try:
                reply = await service.send(case_id, text)
            except CaseError as exc:
                console.print(f"[red]{exc.message}[/red]")
                continue
            if reply.reply:
                _say("assistant", reply.reply)
        view = await service.wait_for_status(case_id, CaseStatus.DECIDED, CaseStatus.UNDER_REVIEW)
        if view.status is CaseStatus.UNDER_REVIEW and view.task:
            console.print(
                f"Your case {case_id} waits for a caseworker's sign-off (task {view.task.task_id}: "
                f"{view.task.summary})."
            )
        await _print_decision(runtime, view)

    _run(body)


@app.command()
def demo() -> None:
    """Run the scripted claims of every procedure: conversation, decision and letter."""
    from tools.demo import demo_scripts, run_script
    from tools.demo_procedures import permit_scripts, rsa_scripts, run_procedure_script

    async def body(runtime: Runtime) -> None:
        service = _service(runtime)
        for script in demo_scripts(dt.date.today()):
            console.rule(script.title)
            view = await run_script(service, script, say=_say)
            await _print_decision(runtime, view)
        document = store_upload(runtime.settings.data_dir, b"%PDF-1.4\n% demo plan\n")
        for procedure_script in [
            *rsa_scripts(dt.date.today()),
            *permit_scripts(document.reference),
        ]:
            console.rule(procedure_script.title)
            view = await run_procedure_script(service, procedure_script, say=_say)
            await _print_decision(runtime, view)

    _run(body)


JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON object (rows and total) instead of a table")
]


@app.command()
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
                    _next_deadline(dict(row.summary.get("deadlines") or {}), now),
                    row.updated_at.isoformat(timespec="seconds"),
                )
                for row in rows
            ],
            # The form stays out: a listing is for finding cases, `show` opens one.
            items=[row.model_dump(mode="json", exclude={"form"}) for row in rows],
            total=total,
        )
        emit(listing, as_json=as_json, console=console)

    _run(body, worker=False)


@app.command()
def show(case_id: str, as_json: JsonOption = False) -> None:
    """Show one case: status, form with provenance, timeline and decision."""

    async def body(runtime: Runtime) -> None:
        view = await _service(runtime).view(case_id)
        if as_json:
            letters = await runtime.store.letters_for_case(case_id)
            document = view.model_dump(mode="json")
            document["letters"] = [
                {"letter_id": x.letter_id, "outcome": x.outcome, "created_at": x.created_at}
                for x in letters
            ]
            typer.echo(json.dumps(document, ensure_ascii=False, indent=2, default=str))
            return
        _line(f"[bold]{view.case_id}[/bold] {view.procedure} — {view.status.value}")
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
            _line(f"missing: {', '.join(view.missing)}")
        for entry in view.timeline:
            when = entry.at.isoformat(timespec="seconds")
            _line(f"{when} {entry.actor:>16} {entry.kind}: {entry.text}")
        for deadline in view.deadlines:
            _line(f"deadline {deadline.code}: {deadline.due_at.isoformat(timespec='seconds')}")
        if view.task is not None:
            due = view.task.due_at.isoformat(timespec="seconds") if view.task.due_at else "-"
            _line(
                f"open task {view.task.task_id} ({view.task.kind}, group {view.task.group}, "
                f"due {due}, claimed by {view.task.claimed_by or '-'}): {view.task.summary}"
            )
        for consultation in view.consultations:
            _line(
                f"consultation {consultation.service}: {consultation.outcome or 'pending'}"
                f"{' (deemed)' if consultation.deemed else ''}, due "
                f"{consultation.due_at.isoformat(timespec='seconds')}, "
                f"task {consultation.workflow_id}:1"
            )
        for opinion in view.opinions:
            _line(f"opinion {opinion.kind}: {opinion.outcome} by {opinion.user}")
        for duplicate in view.duplicates:
            _line(f"possible duplicate of {duplicate.case_id} (same {duplicate.kind})")
        await _print_decision(runtime, view)

    _run(body)


@app.command()
def tasks(
    status: Annotated[str | None, typer.Option(help="open, claimed or done")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many, most urgent first")] = 200,
    as_json: JsonOption = False,
) -> None:
    """List the approval queue, most urgent first, saying how many tasks there are."""
    _warn_stale()

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

    _run(body, worker=False)


@app.command()
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
        service = _service(runtime)
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
        await _print_decision(runtime, view)

    _run(body)


@app.command()
def migrate() -> None:
    """Bring the case database up to the newest schema revision (Alembic)."""
    from guichet.store import open_store

    async def main() -> None:
        store = await open_store(get_settings().resolved_database_url)
        await store.close()

    asyncio.run(main())
    console.print("case database is up to date")


@app.command("rewrap-keys")
def rewrap_keys() -> None:
    """Re-wrap every case's data key under the newest encryption key (after a rotation)."""
    from guichet.store import open_store

    async def main() -> int:
        store = await open_store(get_settings().resolved_database_url)
        try:
            return await store.case_keys.rewrap()
        finally:
            await store.close()

    count = asyncio.run(main())
    console.print(f"{count} case key(s) re-wrapped under the newest encryption key")


@app.command("reseal-uploads")
def reseal_uploads(
    grace_hours: Annotated[
        float, typer.Option("--grace-hours", help="Delete clear files no case refers to after this")
    ] = 24.0,
) -> None:
    """Seal the clear uploads of earlier releases into their cases, then delete the clear files.

    Safe to run while Guichet runs and to run again (the worker also runs it at start).
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    settings = get_settings()

    async def main() -> ResealReport:
        store = await open_store(settings.resolved_database_url)
        try:
            files = CaseFiles(settings.data_dir / "files", store)
            with Progress(
                TextColumn("sealing uploads"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
            ) as bar:
                task = bar.add_task("reseal", total=None)
                return await files.reseal_legacy(
                    grace=dt.timedelta(hours=grace_hours),
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
        finally:
            await store.close()

    report = asyncio.run(main())
    console.print(
        f"{report.found} clear upload(s) found: {report.sealed} sealed cop(ies) written, "
        f"{report.removed} clear file(s) deleted, {report.kept} left"
    )


@app.command()
def backup(
    file: Annotated[Path | None, typer.Argument(help="Backup file (.tar.gz)")] = None,
) -> None:
    """Save the data directory (databases and keys) consistently; Guichet may run."""
    from tools.ops import backup as save

    settings = get_settings()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = file or Path(f"guichet-backup-{stamp}.tar.gz")
    report = save(settings.data_dir, target)
    console.print(
        f"backup written to {report.archive}: {len(report.databases)} databases, "
        f"{len(report.files)} other files"
    )
    if not settings.resolved_database_url.startswith("sqlite"):
        console.print("the case database is not in the data directory: back it up with pg_dump")


@app.command()
def restore(file: Annotated[Path, typer.Argument(help="A file written by backup")]) -> None:
    """Bring back a backup of the data directory; Guichet must be stopped first."""
    from runtime.devserver import port_open
    from tools.ops import BackupError
    from tools.ops import restore as bring_back

    settings = get_settings()
    if settings.embedded and port_open("127.0.0.1", settings.embedded_port):
        console.print("[red]stop Guichet first[/red]: the embedded Temporal server is running")
        raise typer.Exit(1)
    try:
        report = bring_back(file, settings.data_dir)
    except BackupError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(f"restored {len(report.databases)} databases and {len(report.files)} files")
    if report.previous:
        console.print(f"the replaced data directory was kept at {report.previous}")
    console.print("then run: python starter.py reindex")


@app.command()
def reindex() -> None:
    """Rebuild the case, task and letter read models from the case workflows."""
    from tools.ops import reindex as rebuild

    async def body(runtime: Runtime) -> None:
        report = await rebuild(runtime.client, runtime.store)
        console.print(
            f"{report.cases} cases: {report.cases_written} case rows, "
            f"{report.tasks_written} task rows and {report.letters_written} letters written"
        )
        if report.letters_mismatched or report.failed:
            console.print(
                f"[red]{len(report.letters_mismatched)} letters differ from the issued ones, "
                f"{len(report.failed)} cases could not be read[/red] (see the log)"
            )
            raise typer.Exit(1)

    _run(body)


users = typer.Typer(help="Manage caseworker accounts (local, argon2-hashed passwords).")
app.add_typer(users, name="users")


def _accounts(body: Callable[[AccountService], Awaitable[T]]) -> T:
    """Open only the case database (no Temporal needed) and run ``body``."""
    settings = get_settings()

    async def main() -> T:
        store = await open_store(settings.resolved_database_url)
        try:
            return await body(AccountService(AccountStore(store.engines)))
        finally:
            await store.close()

    try:
        return asyncio.run(main())
    except AccountError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None


@users.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The username")],
    password: Annotated[str, typer.Option("--password", help="At least 8 characters")],
    group: Annotated[
        list[str] | None, typer.Option("--group", help="A group (procedure id); repeatable")
    ] = None,
    role: Annotated[
        Role, typer.Option("--role", help="caseworker, supervisor, auditor or operator")
    ] = (Role.CASEWORKER),
    email: Annotated[
        str | None, typer.Option("--email", help="Where deadline reminders go")
    ] = None,
) -> None:
    """Add an account."""

    async def body(accounts: AccountService) -> None:
        user = await accounts.add_user(name, password, group or [], role, email)
        console.print(f"added {user.username} ({user.role.value}; {', '.join(user.groups)})")

    _accounts(body)


@users.command("list")
def users_list() -> None:
    """List accounts."""

    async def body(accounts: AccountService) -> None:
        table = Table(title="Accounts")
        for column in ("user", "role", "groups", "active", "created"):
            table.add_column(column)
        for user in await accounts.list_users():
            table.add_row(
                user.username,
                user.role.value,
                ", ".join(user.groups),
                "yes" if user.active else "no",
                user.created_at.isoformat(timespec="seconds"),
            )
        console.print(table)

    _accounts(body)


@users.command("deactivate")
def users_deactivate(name: Annotated[str, typer.Argument(help="The username")]) -> None:
    """Deactivate an account, end its sessions and return its claims to their groups."""

    async def body(runtime: Runtime) -> None:
        accounts = AccountService(AccountStore(runtime.store.engines))
        try:
            done = await deactivate_and_release(accounts, runtime.store, _service(runtime), name)
        except AccountError as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(1) from None
        released = ", ".join(done.released) or "none"
        console.print(f"deactivated {name}; claims returned to their groups: {released}")

    _run(body, worker=False)


if __name__ == "__main__":
    restrict_new_files()  # what the CLI writes in the data directory is the owner's alone
    app()
