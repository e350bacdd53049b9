"""``make bench``: Guichet's cost over bare Temporal, measured on one server in one run.

1. Turn latency: a Guichet conversational turn (offline parser) versus a bare
   Update running the same activities (one before the reply, one after).
2. Throughput: completed short-time-work cases per second (intake, rules,
   automatic decision, letter) versus a bare workflow with the same number of
   Updates and activities in the same order.

Both sides use the same server, client, data converter and plugin. The
report (a table, printed and written to ``bench-results/``) records the git
revision and the server flags.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client
from temporalio.worker import Worker

from bench.bare import BareCaseWorkflow, BareInput, BareTurn, noop
from guichet.crypto import EncryptionKey, KeySet
from guichet.demo import demo_scripts
from guichet.devserver import SERVER_FLAGS, EmbeddedTemporal, free_port
from guichet.logging import configure_logging
from guichet.service import CaseService
from guichet.store import CaseStore
from guichet.temporal import build_worker, connect, langgraph_plugin
from schemas.case import CaseStatus

console = Console()
app = typer.Typer(add_completion=False)
NAMESPACE = "bench"


@dataclass
class Shape:
    """What one automatically approved Guichet case costs in Temporal terms."""

    turns: int
    activities: int

    @property
    def tail(self) -> int:
        """Activities outside the per-turn pair (submission, rules, letter, projections)."""
        return max(self.activities - 2 * self.turns, 0)


@dataclass
class Samples:
    """Latencies in milliseconds."""

    values: list[float] = field(default_factory=list)

    def pct(self, q: float) -> float:
        """Return the ``q`` quantile (0..1) of the samples."""
        ordered = sorted(self.values)
        if not ordered:
            return float("nan")
        index = min(round(q * (len(ordered) - 1)), len(ordered) - 1)
        return ordered[index]


def git_revision() -> str:
    """Return the short git revision, marked ``+dirty`` when the tree has changes."""
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], capture_output=True, text=True
        ).stdout
        return rev + ("+dirty" if dirty.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


async def guichet_case(service: CaseService, latencies: Samples | None) -> str:
    """Run one automatically approved case to its decision; record turn latencies."""
    script = demo_scripts(dt.date.today())[0]
    case_id, reply = await service.start("short_time_work", script.language)
    while reply.question is not None:
        text = script.answer(reply.question.field)
        started = time.perf_counter()
        reply = await service.send(case_id, text)
        if latencies is not None:
            latencies.values.append((time.perf_counter() - started) * 1000)
    view = await service.wait_for_status(case_id, CaseStatus.DECIDED, timeout=120)
    if view.status is not CaseStatus.DECIDED:
        raise RuntimeError(f"case {case_id} did not reach a decision")
    return case_id


async def bare_case(client: Client, queue: str, shape: Shape, latencies: Samples | None) -> None:
    """Run one bare case with the same shape; record Update latencies."""
    handle = await client.start_workflow(
        BareCaseWorkflow.run,
        BareInput(turns=shape.turns, tail_activities=shape.tail),
        id=f"bare-{uuid.uuid4().hex[:12]}",
        task_queue=queue,
    )
    for index in range(shape.turns):
        started = time.perf_counter()
        await handle.execute_update(
            "send_message", BareTurn(text=f"answer {index}"), result_type=BareTurn
        )
        if latencies is not None:
            latencies.values.append((time.perf_counter() - started) * 1000)
    await handle.result()


async def measure_shape(client: Client, service: CaseService) -> Shape:
    """Count the Updates and activities of one automatically approved case."""
    case_id = await guichet_case(service, None)
    history = await client.get_workflow_handle(case_id).fetch_history()
    turns = activities = 0
    for event in history.events:
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            activities += 1
        elif event.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
            accepted = event.workflow_execution_update_accepted_event_attributes
            turns += accepted.accepted_request.input.name == "send_message"
    return Shape(turns=turns, activities=activities)


async def throughput(
    run_one: object, cases: int, concurrency: int, label: str, progress: Progress
) -> float:
    """Run ``cases`` cases, ``concurrency`` at a time; return cases per second."""
    task = progress.add_task(label, total=cases)
    semaphore = asyncio.Semaphore(concurrency)

    async def one() -> None:
        async with semaphore:
            await run_one()  # type: ignore[operator]
            progress.advance(task)

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(cases)))
    return cases / (time.perf_counter() - started)


async def run_bench(latency_cases: int, cases: int, concurrency: int) -> dict[str, object]:
    """Run both benchmarks and return the report."""
    with tempfile.TemporaryDirectory() as scratch:
        server = EmbeddedTemporal(Path(scratch) / "temporal", port=free_port(), namespace=NAMESPACE)
        await server.start()
        try:
            client = await connect(server.address, NAMESPACE, KeySet((EncryptionKey.generate(),)))
            store = await CaseStore.create(f"sqlite+aiosqlite:///{scratch}/cases.db")
            await store.migrate()
            guichet_queue, bare_queue = "bench-guichet", "bench-bare"
            bare_worker = Worker(
                client,
                task_queue=bare_queue,
                workflows=[BareCaseWorkflow],
                activities=[noop],
                plugins=[langgraph_plugin()],
            )
            async with build_worker(client, guichet_queue, store), bare_worker:
                service = CaseService(client, guichet_queue)
                shape = await measure_shape(client, service)
                guichet_lat, bare_lat = Samples(), Samples()
                with Progress(console=console) as progress:
                    task = progress.add_task("turn latency (alternating)", total=2 * latency_cases)
                    for _ in range(latency_cases):
                        await guichet_case(service, guichet_lat)
                        progress.advance(task)
                        await bare_case(client, bare_queue, shape, bare_lat)
                        progress.advance(task)
                    bare_tput = await throughput(
                        lambda: bare_case(client, bare_queue, shape, None),
                        cases,
                        concurrency,
                        "bare throughput",
                        progress,
                    )
                    guichet_tput = await throughput(
                        lambda: guichet_case(service, None),
                        cases,
                        concurrency,
                        "guichet throughput",
                        progress,
                    )
            await store.close()
        finally:
            server.stop()
    report: dict[str, object] = {
        "revision": git_revision(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "server_flags": " ".join(SERVER_FLAGS),
        "machine": f"{platform.machine()} py{platform.python_version()} cores={os.cpu_count()}",
        "case_shape": {"turns": shape.turns, "activities": shape.activities, "tail": shape.tail},
        "turns_measured": len(guichet_lat.values),
        "turn_p50_ms": {"guichet": guichet_lat.pct(0.5), "bare": bare_lat.pct(0.5)},
        "turn_p95_ms": {"guichet": guichet_lat.pct(0.95), "bare": bare_lat.pct(0.95)},
        "turn_p99_ms": {"guichet": guichet_lat.pct(0.99), "bare": bare_lat.pct(0.99)},
        "turn_mean_ms": {
            "guichet": statistics.fmean(guichet_lat.values),
            "bare": statistics.fmean(bare_lat.values),
        },
        "throughput_cases_per_s": {"guichet": guichet_tput, "bare": bare_tput},
        "concurrency": concurrency,
        "cases": cases,
    }
    return report


def write_report(report: dict[str, object], out_dir: Path) -> Path:
    """Write the report as JSON under ``out_dir``; return the file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"bench-{report['revision']}.json"
    path.write_text(json.dumps(report, indent=2))
    return path


def print_report(report: dict[str, object]) -> None:
    """Print the report as a table of ratios."""
    table = Table(title=f"Guichet vs bare Temporal — rev {report['revision']}, {report['date']}")
    for column in ("metric", "guichet", "bare", "ratio"):
        table.add_column(column)
    for key, label in (
        ("turn_p50_ms", "turn latency p50 (ms)"),
        ("turn_p95_ms", "turn latency p95 (ms)"),
        ("turn_p99_ms", "turn latency p99 (ms)"),
        ("throughput_cases_per_s", "completed cases / s"),
    ):
        values = report[key]
        assert isinstance(values, dict)
        ratio = values["guichet"] / values["bare"] if values["bare"] else float("nan")
        table.add_row(label, f"{values['guichet']:.1f}", f"{values['bare']:.1f}", f"{ratio:.2f}×")
    console.print(table)
    console.print(
        f"turns measured: {report['turns_measured']}; case shape: {report['case_shape']}; "
        f"concurrency {report['concurrency']} over {report['cases']} cases\n"
        f"server flags: {report['server_flags']}; {report['machine']}"
    )


@app.command()
def main(
    latency_cases: Annotated[int, typer.Option(help="Cases run one by one for turn latency")] = 12,
    cases: Annotated[int, typer.Option(help="Cases per side for throughput")] = 100,
    concurrency: Annotated[int, typer.Option(help="Cases in flight at once")] = 20,
    out: Annotated[Path, typer.Option(help="Report folder")] = Path("bench-results"),
) -> None:
    """Run the benchmark and print the ratios."""
    configure_logging("ERROR")
    report = asyncio.run(run_bench(latency_cases, cases, concurrency))
    print_report(report)
    console.print(f"written to {write_report(report, out)}")


if __name__ == "__main__":
    app()
