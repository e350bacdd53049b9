"""``python starter.py eval``: the understanding's figures over the conversation dataset."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from guichet.config import get_settings
from guichet.llm.client import build_model
from guichet.logging import configure_logging
from tools.evaluation.dataset import DEFAULT_DATASET, load
from tools.evaluation.runner import ConversationResult, Figures, run_all, summarise

console = Console()


def eval_command(
    model: Annotated[
        str | None,
        typer.Option(help="none, local or remote (default: GUICHET_MODEL_BACKEND)"),
    ] = None,
    dataset: Annotated[Path, typer.Option(help="JSONL conversation dataset")] = DEFAULT_DATASET,
    language: Annotated[str | None, typer.Option("--lang", help="Only this language")] = None,
    procedure: Annotated[str | None, typer.Option(help="Only this procedure")] = None,
    timeout: Annotated[
        float | None, typer.Option(help="Model timeout in seconds (default: settings)")
    ] = None,
) -> None:
    """Run the conversation dataset through the understanding and print its figures."""
    settings = get_settings()
    backend = model or settings.model_backend
    if backend not in ("none", "local", "remote"):
        console.print("[red]--model must be none, local or remote[/red]")
        raise typer.Exit(2)
    updates: dict[str, object] = {"model_backend": backend}
    if timeout is not None:
        updates["model_timeout_seconds"] = timeout
    settings = settings.model_copy(update=updates)
    configure_logging("ERROR", json=True)
    conversations = [
        c
        for c in load(dataset)
        if (language is None or c.language == language)
        and (procedure is None or c.procedure == procedure)
    ]

    async def main() -> list[ConversationResult]:
        client = await build_model(settings)
        if backend != "none" and client is None:
            console.print("[red]the model could not be started[/red]")
            raise typer.Exit(1)
        try:
            with Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
            ) as bar:
                task = bar.add_task(
                    f"eval ({_label(backend, settings.model_name)})", total=len(conversations)
                )
                return await run_all(conversations, client, lambda _: bar.advance(task))
        finally:
            if client is not None:
                await client.client.close()

    results = asyncio.run(main())
    # Piped or captured output has no terminal width: keep every column whole.
    wide = console if console.is_terminal else Console(width=150)
    wide.print(_table(summarise(results), _label(backend, settings.model_name)))


def _label(backend: str, name: str) -> str:
    return "none" if backend == "none" else f"{backend}: {name}"


def _table(groups: dict[tuple[str, str], Figures], label: str) -> Table:
    table = Table(title=f"Understanding, model {label}")
    for column in (
        "procedure",
        "lang",
        "conversations",
        "field accuracy",
        "complete-form accuracy",
        "turns / completed form",
        "latency / turn (ms)",
        "model calls",
    ):
        table.add_column(column, justify="left" if column in ("procedure", "lang") else "right")
    for (proc, lang), f in groups.items():
        table.add_row(
            proc,
            lang,
            str(f.conversations),
            f"{f.field_accuracy:.1%}",
            f"{f.form_accuracy:.1%}",
            f"{f.turns_per_form:.1f}",
            f"{f.latency_ms:.0f}",
            str(f.model_calls),
        )
    return table
