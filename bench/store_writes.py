"""Projection writes per second on one SQLite file, and their latency, with many writers.

Every turn of every case writes its read-model projection (``CaseStore.apply``);
at 50 cases in flight that is many writers on SQLite's one write lock. This
measures the store alone, with no server: ``writers`` coroutines each apply
``writes`` versioned projections of their own case, all at once.

Run: ``.venv/bin/python -m bench.store_writes [--writers 50] [--writes 10]``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer

from bench.common import Samples
from guichet.crypto import EncryptionKey, KeySet
from guichet.store import CaseStore
from schemas.projection import CaseProjection, ProjectionBatch

app = typer.Typer(add_completion=False)


def _batch(case: int, version: int) -> ProjectionBatch:
    now = dt.datetime.now(dt.UTC)
    return ProjectionBatch(
        case=CaseProjection(
            case_id=f"bench-{case}",
            version=version,
            procedure="short_time_work",
            language="de",
            status="intake",
            created_at=now,
            updated_at=now,
            # A form of the size a case has halfway through its intake.
            form={f"field_{i}": "x" * 40 for i in range(8)},
        )
    )


async def measure(writers: int, writes: int) -> dict[str, float]:
    """Apply ``writers * writes`` projections, ``writers`` at once; return rate and latency."""
    with tempfile.TemporaryDirectory() as scratch:
        store = await CaseStore.create(
            f"sqlite+aiosqlite:///{Path(scratch) / 'cases.db'}",
            keys=KeySet((EncryptionKey.generate(),)),
        )
        await store.migrate()
        latencies = Samples()

        async def writer(case: int) -> None:
            for version in range(1, writes + 1):
                started = time.perf_counter()
                await store.apply(_batch(case, version))
                latencies.values.append((time.perf_counter() - started) * 1000)

        try:
            started = time.perf_counter()
            await asyncio.gather(*(writer(case) for case in range(writers)))
            elapsed = time.perf_counter() - started
        finally:
            await store.close()
    return {"writes_per_s": writers * writes / elapsed, **latencies.summary()}


@app.command()
def main(
    writers: Annotated[int, typer.Option(help="Cases writing at once")] = 50,
    writes: Annotated[int, typer.Option(help="Projections per case")] = 10,
) -> None:
    """Print projection writes per second and their latency (ms)."""
    result = asyncio.run(measure(writers, writes))
    print(
        f"{writers} writers x {writes} writes: {result['writes_per_s']:,.0f} writes/s; "
        f"latency p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, "
        f"p99 {result['p99']:.1f} ms"
    )


if __name__ == "__main__":
    app()
