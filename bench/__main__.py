"""``make bench``: Guichet's cost over bare Temporal, measured on one server in one run.

Sections (each in its own module, all against the same embedded server,
client, data converter and LangGraph plugin):

1. ``latency``: turn latency p50/p95/p99 versus a bare Update with one no-op activity.
2. ``throughput``: completed cases per second versus a bare workflow of the same shape.
3. ``stability``: the last turns of one long conversation versus its first.
4. ``parked``: worker memory per parked case; resume-after-eviction latency.
5. ``queue``: ``list_tasks`` and claim latency at 100,000 open tasks, SQLite and PostgreSQL.
6. ``replay``: archived histories replayed per second in one process.
7. ``scaleout``: throughput with 1 and 2 worker processes, efficiency per core.
8. ``model``: what the model adds to a turn against the parser alone (gate share,
   prompt and completion tokens, model and turn latency).

The report (a table, printed and written as Markdown and JSON to
``bench-results/``) records the git revision, the sizes and the server flags.
Examples: ``make bench`` (default sizes), ``python -m bench --preset quick``,
``python -m bench --preset full``, ``python -m bench -s latency -s queue --tasks 10000``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from temporalio.worker import Worker

from activities.notify import MailConfig
from bench import (
    approval_queue,
    latency,
    model_turns,
    parked,
    replay,
    scaleout,
    stability,
    throughput,
)
from bench.bare import BareCaseWorkflow, noop
from bench.bare_graph import BareGraphCaseWorkflow, floor_plugin
from bench.common import (
    BARE_GRAPH_QUEUE,
    BARE_QUEUE,
    GUICHET_QUEUE,
    NAMESPACE,
    BenchEnv,
    git_revision,
    measure_shape,
)
from bench.report import print_report, write_report
from bench.sizes import PRESETS, Sizes
from guichet.crypto import EncryptionKey, KeySet
from guichet.logging import configure_logging
from guichet.ports import free_port
from guichet.store import CaseStore
from runtime.devserver import SERVER_FLAGS, EmbeddedTemporal
from runtime.service import CaseService
from runtime.temporal import build_worker, connect, langgraph_plugin

console = Console()
app = typer.Typer(add_completion=False)

Section = Callable[[BenchEnv, Sizes], Awaitable[dict[str, Any]]]
SECTIONS: dict[str, Section] = {
    "latency": latency.run,
    "throughput": throughput.run,
    "stability": stability.run,
    "parked": parked.run,
    "queue": approval_queue.run,
    "replay": replay.run,
    "scaleout": scaleout.run,
    "model": model_turns.run,
}


async def run_bench(sections: list[str], sizes: Sizes, preset: str) -> dict[str, Any]:
    """Start a server and the in-process workers, run ``sections``; return the report."""
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise ValueError(f"unknown sections {sorted(unknown)}; choose from {list(SECTIONS)}")
    started = time.perf_counter()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as scratch:
        server = EmbeddedTemporal(Path(scratch) / "temporal", port=free_port(), namespace=NAMESPACE)
        await server.start()
        try:
            # One fresh key for the run; worker subprocesses (scale-out) read
            # it from the environment like production workers do.
            keys = KeySet((EncryptionKey.generate(),))
            os.environ["GUICHET_ENCRYPTION_KEYS"] = keys.serialize()
            client = await connect(server.address, NAMESPACE, keys)
            # The same keys wrap the case data keys here and in the subprocesses.
            store = await CaseStore.create(f"sqlite+aiosqlite:///{scratch}/cases.db", keys=keys)
            await store.migrate()
            bare_worker = Worker(
                client,
                task_queue=BARE_QUEUE,
                workflows=[BareCaseWorkflow],
                activities=[noop],
                plugins=[langgraph_plugin()],
            )
            # Its own worker: a worker takes one LangGraph plugin, whose graphs
            # are the ones its workflows can run.
            bare_graph_worker = Worker(
                client,
                task_queue=BARE_GRAPH_QUEUE,
                workflows=[BareGraphCaseWorkflow],
                activities=[noop],
                plugins=[floor_plugin()],
            )
            try:
                # Decision mails go to the run's scratch folder, not ./data.
                mail = MailConfig(outbox_dir=Path(scratch) / "outbox")  # as scratch_mail
                async with (
                    build_worker(client, GUICHET_QUEUE, store, mail=mail),
                    bare_worker,
                    bare_graph_worker,
                ):
                    service = CaseService(client, GUICHET_QUEUE)
                    env = BenchEnv(server.address, client, store, service, Path(scratch), keys)
                    env.server_pid = server.process.pid if server.process else None
                    env.shape = await measure_shape(client, service, store)
                    for name in sections:
                        console.print(f"[bold]{name}[/bold] …")
                        section_started = time.perf_counter()
                        results[name] = await SECTIONS[name](env, sizes)
                        results[name]["seconds"] = time.perf_counter() - section_started
            finally:
                await store.close()
        finally:
            server.stop()
    shape = env.shape
    return {
        "revision": git_revision(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python -m bench", *sys.argv[1:]]),
        "preset": preset,
        "sizes": dataclasses.asdict(sizes),
        "server_flags": " ".join(SERVER_FLAGS),
        "machine": f"{platform.machine()} py{platform.python_version()} cores={os.cpu_count()}",
        "case_shape": {
            "opens": shape.opens,
            "turns": shape.turns,
            "activities": shape.activities,
            "tail": shape.tail,
            "understand_ms": round(shape.understand_ms, 1),
            "projection_ms": round(shape.projection_ms, 1),
        },
        "seconds": time.perf_counter() - started,
        "sections": results,
    }


def _opt(help_text: str) -> Any:
    return typer.Option(help=help_text)


@app.command()
def main(
    section: Annotated[
        list[str] | None,
        typer.Option("--section", "-s", help=f"Sections to run (repeatable): {list(SECTIONS)}"),
    ] = None,
    preset: Annotated[str, _opt(f"Sizes preset: {list(PRESETS)}")] = "default",
    turns: Annotated[int | None, _opt("Turns per side for turn latency")] = None,
    cases: Annotated[int | None, _opt("Cases per side and round for throughput")] = None,
    throughput_rounds: Annotated[int | None, _opt("Rounds of throughput")] = None,
    concurrency: Annotated[int | None, _opt("Cases in flight at once")] = None,
    long_turns: Annotated[int | None, _opt("Turns of the long conversation")] = None,
    parked_cases: Annotated[int | None, _opt("Cases parked for sign-off")] = None,
    tasks: Annotated[int | None, _opt("Open tasks in the queue section")] = None,
    replay_cases: Annotated[int | None, _opt("Cases archived, then replayed")] = None,
    replay_rounds: Annotated[int | None, _opt("Replay rounds")] = None,
    scale_cases: Annotated[int | None, _opt("Cases per scale-out run")] = None,
    model_messages: Annotated[
        int | None, _opt("Bank messages read with and without the model (0: all)")
    ] = None,
    out: Annotated[Path, _opt("Report folder")] = Path("bench-results"),
) -> None:
    """Run the chosen sections and print the report."""
    if preset not in PRESETS:
        raise typer.BadParameter(f"preset must be one of {list(PRESETS)}")
    overrides = {
        "turns": turns,
        "cases": cases,
        "throughput_rounds": throughput_rounds,
        "concurrency": concurrency,
        "long_turns": long_turns,
        "parked": parked_cases,
        "tasks": tasks,
        "replay_cases": replay_cases,
        "replay_rounds": replay_rounds,
        "scale_cases": scale_cases,
        "model_messages": model_messages,
    }
    sizes = dataclasses.replace(
        PRESETS[preset], **{k: v for k, v in overrides.items() if v is not None}
    )
    configure_logging("ERROR")
    report = asyncio.run(run_bench(section or list(SECTIONS), sizes, preset))
    json_path, md_path = write_report(report, out)
    print_report(report, console)
    console.print(f"written to {md_path} and {json_path}")


if __name__ == "__main__":
    app()
