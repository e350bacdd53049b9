"""What the command-line tools share: the consoles, the runtime around a command, printing.

Every command that drives cases opens the runtime with :func:`with_runtime`
(the embedded server or the configured one, the store and, unless told
otherwise, a worker in-process), so each command works on its own.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.panel import Panel

from guichet.config import get_settings
from guichet.listing import Listing, emit
from guichet.logging import configure_logging
from guichet.text import html_to_text
from procedures import PROCEDURES
from procedures.calendar import local_date
from runtime.process import Runtime, open_runtime
from runtime.service import CaseError, CaseService
from schemas.case import CaseView

console = Console()
warnings_console = Console(stderr=True)
"""Warnings go to stderr, so that ``--json`` output stays machine-readable."""
T = TypeVar("T")


def with_runtime(body: Callable[[Runtime], Awaitable[T]], *, worker: bool = True) -> T:
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


def case_service(runtime: Runtime) -> CaseService:
    """The case client of ``runtime``."""
    return runtime.case_service()


def line(text: str) -> None:
    """Print one line whole: never wrapped or cut to the terminal's (or a pipe's) width."""
    console.print(text, soft_wrap=True)


def say(role: str, text: str) -> None:
    """Print one turn of a conversation, coloured by who speaks."""
    style = {"assistant": "cyan", "applicant": "green"}.get(role, "white")
    prefix = "Guichet" if role == "assistant" else "You" if role == "applicant" else role
    console.print(f"[bold {style}]{prefix}:[/bold {style}] {text}")


async def print_decision(runtime: Runtime, view: CaseView) -> None:
    """Print a decided case's criteria, parameter set and letter; nothing when undecided."""
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
        line(criteria.title)
    emit(criteria, as_json=False, console=console, err=sys.stdout)
    if view.outcome:
        line(f"parameter set: {view.outcome.parameter_set.id}; decided by {decision.decided_by}")
    if decision.letter_id:
        letter = await runtime.store.get_letter(decision.letter_id)
        if letter is None:
            return
        if console.is_terminal:
            console.print(Panel(html_to_text(letter.html), title=f"letter {letter.letter_id}"))
        else:
            line(f"letter {letter.letter_id}")
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


def warn_stale() -> None:
    """Warn on stderr about every procedure whose newest parameter set missed a revaluation."""
    for warning in stale_warnings(dt.datetime.now(dt.UTC)):
        warnings_console.print(f"[yellow]warning:[/yellow] {warning}")


JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON object (rows and total) instead of a table")
]
