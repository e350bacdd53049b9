"""Operating an installation: migrations, keys, uploads, backups and read models.

The commands ``migrate``, ``rewrap-keys``, ``reseal-uploads``, ``backup``,
``restore`` and ``reindex``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from guichet.case_files import CaseFiles, ResealReport
from guichet.config import get_settings
from guichet.store import open_store
from runtime.process import Runtime
from tools.cli._common import console, with_runtime


def migrate() -> None:
    """Bring the case database up to the newest schema revision (Alembic)."""
    from guichet.store import open_store

    async def main() -> None:
        store = await open_store(get_settings().resolved_database_url)
        await store.close()

    asyncio.run(main())
    console.print("case database is up to date")


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

    with_runtime(body)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``, in the order its help lists them."""
    app.command()(migrate)
    app.command("rewrap-keys")(rewrap_keys)
    app.command("reseal-uploads")(reseal_uploads)
    app.command()(backup)
    app.command()(restore)
    app.command()(reindex)
