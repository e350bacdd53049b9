"""Running Guichet from the terminal: a conversation (``chat``) and the scripted demo (``demo``).

``up``, which also serves the web app, is wired in ``starter.py``: the web
layer sits above the tools.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from guichet.case_files import CaseFiles
from guichet.files import FileRejectedError, store_upload
from procedures import get_procedure
from runtime.process import Runtime
from runtime.service import CaseError
from schemas.case import CaseStatus
from schemas.form import FieldKind
from tools.cli._common import case_service, console, print_decision, say, with_runtime


async def seal_file_answer(
    procedure: str, field: str, text: str, files: CaseFiles, case_id: str
) -> str:
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


def chat(
    procedure: Annotated[str, typer.Argument(help="Procedure id, e.g. short_time_work")],
    lang: Annotated[str, typer.Option("--lang", help="de, en or fr")] = "de",
) -> None:
    """Fill a procedure's form by conversation in the terminal."""

    async def body(runtime: Runtime) -> None:
        service = case_service(runtime)
        case_id, reply = await service.start(procedure, lang)
        console.print(f"[dim]case {case_id} — type /quit to stop; the case stays open[/dim]")
        say("assistant", reply.reply)
        while reply.question is not None:
            say("assistant", reply.question.text)
            text = await asyncio.to_thread(console.input, "[bold green]You:[/bold green] ")
            if text.strip() == "/quit":
                console.print(f"Case {case_id} is kept; continue later with the web app.")
                return
            files = CaseFiles(runtime.settings.data_dir / "files", runtime.store)
            text = await seal_file_answer(procedure, reply.question.field, text, files, case_id)
            try:
                reply = await service.send(case_id, text)
            except CaseError as exc:
                console.print(f"[red]{exc.message}[/red]")
                continue
            if reply.reply:
                say("assistant", reply.reply)
        view = await service.wait_for_status(case_id, CaseStatus.DECIDED, CaseStatus.UNDER_REVIEW)
        if view.status is CaseStatus.UNDER_REVIEW and view.task:
            console.print(
                f"Your case {case_id} waits for a caseworker's sign-off (task {view.task.task_id}: "
                f"{view.task.summary})."
            )
        await print_decision(runtime, view)

    with_runtime(body)


def demo() -> None:
    """Run the scripted claims of every procedure: conversation, decision and letter."""
    from tools.demo import demo_scripts, run_script
    from tools.demo_procedures import permit_scripts, rsa_scripts, run_procedure_script

    async def body(runtime: Runtime) -> None:
        service = case_service(runtime)
        for script in demo_scripts(dt.date.today()):
            console.rule(script.title)
            view = await run_script(service, script, say=say)
            await print_decision(runtime, view)
        document = store_upload(runtime.settings.data_dir, b"%PDF-1.4\n% demo plan\n")
        for procedure_script in [
            *rsa_scripts(dt.date.today()),
            *permit_scripts(document.reference),
        ]:
            console.rule(procedure_script.title)
            view = await run_procedure_script(service, procedure_script, say=say)
            await print_decision(runtime, view)

    with_runtime(body)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``, in the order its help lists them."""
    app.command()(chat)
    app.command()(demo)
