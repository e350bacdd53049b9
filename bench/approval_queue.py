"""Section 5: the approval queue at ``sizes.tasks`` open tasks, on SQLite and PostgreSQL.

The tasks table is filled in bulk with open tasks spread over several
groups and procedures (a third with a due date), then a worker bound to
that database parks a few real cases. Measured: ``list_tasks`` for one
group (the caseworker's "my queue" page, 50 rows) and the claim Update,
the latter as a ratio to a bare Update running one no-op activity, and to
one whose activities take as long as Guichet's projection write (the claim
waits for one; see :mod:`bench.latency` for why the no-op's p95 is high).
PostgreSQL runs in a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from bench.common import BenchEnv, Samples, bare_case, parked_case, ratio, scratch_mail
from bench.sizes import Sizes
from guichet.store import CaseStore
from guichet.store._models import tasks_table
from runtime.service import CaseService
from runtime.temporal import build_worker

PG_URL = os.environ.get(
    "GUICHET_BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
GROUPS = ("short_time_work", "minimum_income", "building_permit", "second_review")
BATCH = 5000
PAGE = 50
CLAIMED_CASES = 3


def _rows(start: int, count: int, now: dt.datetime) -> list[dict[str, Any]]:
    rows = []
    for index in range(start, start + count):
        group = GROUPS[index % len(GROUPS)]
        rows.append(
            {
                "task_id": f"bench-task-{index:07d}",
                "version": 1,
                "case_id": f"bench-case-{index:07d}",
                "procedure": group,
                "kind": "review",
                "group_name": group,
                "status": "open",
                "claimed_by": None,
                "priority": index % 3,
                "due_at": now + dt.timedelta(hours=index % 500) if index % 3 == 0 else None,
                "created_at": now - dt.timedelta(seconds=index),
                "updated_at": now,
                "summary": "bench",
                "outcome": None,
                "decided_by": None,
            }
        )
    return rows


async def _fill(store: CaseStore, tasks: int) -> float:
    now = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    for start in range(0, tasks, BATCH):
        async with store.engines.write.begin() as conn:
            await conn.execute(sa.insert(tasks_table), _rows(start, min(BATCH, tasks - start), now))
    return time.perf_counter() - started


async def _measure(env: BenchEnv, store: CaseStore, label: str, sizes: Sizes) -> dict[str, Any]:
    await store.migrate()
    fill_seconds = await _fill(store, sizes.tasks)
    queue = f"bench-queue-{label}"
    service = CaseService(env.client, queue)
    listing, claims, bare = Samples(), Samples(), Samples()
    async with build_worker(env.client, queue, store, mail=scratch_mail(env)):
        task_ids = [await parked_case(service) for _ in range(CLAIMED_CASES)]
        for index in range(sizes.queue_samples):
            started = time.perf_counter()
            page = await store.list_tasks(groups=[GROUPS[index % len(GROUPS)]], limit=PAGE)
            listing.values.append((time.perf_counter() - started) * 1000)
            if len(page) != min(PAGE, sizes.tasks // len(GROUPS)):
                raise RuntimeError(f"queue page has {len(page)} rows")
        for index in range(sizes.queue_samples):
            task_id = task_ids[index % len(task_ids)]
            started = time.perf_counter()
            await service.claim(task_id, "bench.caseworker")
            claims.values.append((time.perf_counter() - started) * 1000)
            await service.release(task_id, "bench.caseworker")
    held = Samples()
    hold = env.shape.projection_ms
    while len(bare.values) < sizes.queue_samples:
        await bare_case(env.client, env.shape, bare)
        await bare_case(env.client, env.shape, held, hold_ms=hold, projection_hold_ms=hold)
    return {
        "tasks": sizes.tasks,
        "fill_seconds": fill_seconds,
        "list_ms": listing.summary(),
        "claim_ms": claims.summary(),
        "bare_update_ms": bare.summary(),
        "claim_p95_ratio": ratio(claims.pct(0.95), bare.pct(0.95)),
        "held_bare_update_ms": {"hold_ms": hold, **held.summary()},
        "claim_p95_ratio_held": ratio(claims.pct(0.95), held.pct(0.95)),
    }


async def run(env: BenchEnv, sizes: Sizes) -> dict[str, Any]:
    """Measure the queue on a fresh SQLite file, then in a fresh PostgreSQL schema."""
    sqlite = await CaseStore.create(f"sqlite+aiosqlite:///{env.scratch}/queue.db")
    try:
        result = {"sqlite": await _measure(env, sqlite, "sqlite", sizes)}
    finally:
        await sqlite.close()
    schema = f"guichet_bench_{uuid.uuid4().hex[:12]}"
    postgres = await CaseStore.create(PG_URL, schema=schema)
    try:
        result["postgresql"] = await _measure(env, postgres, "postgresql", sizes)
    finally:
        await postgres.close()
        admin = create_async_engine(PG_URL)
        async with admin.begin() as conn:
            await conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await admin.dispose()
    return result
