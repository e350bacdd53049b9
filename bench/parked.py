"""Section 4: cases parked waiting for sign-off, and resuming evicted ones.

Memory: one ``python worker.py`` process parks ``sizes.parked`` cases; its
resident set is read before and after, and the difference per cached case
is reported. Its sticky cache holds every parked case up to
``guichet.heap.SAFE_CACHED_CASES`` (1,000): a full garbage collection walks
every cached case (about 0.25 ms each), and the SDK fails an activation
that does not yield within 2 s. A larger run caches that many and evicts
the rest, and the resident set then shows whether eviction keeps it
bounded. The worker's longest full collection is reported with it.

Eviction: an in-process worker with ``max_cached_workflows=sizes.cache``
parks ``sizes.evicted`` cases (so all but the last few are evicted), then
each is resumed by a claim, whose latency includes the replay of its
history. The bare reference is an Update on a bare workflow.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bench.common import (
    BenchEnv,
    Samples,
    bare_case,
    parked_case,
    ratio,
    run_concurrently,
    scratch_mail,
)
from bench.sizes import Sizes
from bench.workers import gc_summary, rss_bytes, worker_process
from guichet.heap import SAFE_CACHED_CASES
from runtime.service import CaseService
from runtime.temporal import build_worker

MEMORY_QUEUE = "bench-parked"
EVICTION_QUEUE = "bench-evicted"


async def _memory(env: BenchEnv, sizes: Sizes) -> dict[str, Any]:
    database = f"sqlite+aiosqlite:///{env.scratch}/parked.db"
    cached = min(sizes.parked, SAFE_CACHED_CASES)
    cache = {"GUICHET_MAX_CACHED_WORKFLOWS": str(cached + 1)}  # + the warm-up case
    service = CaseService(env.client, MEMORY_QUEUE)
    noted: list[str] = []
    async with worker_process(env.address, MEMORY_QUEUE, database, cache, noted) as process:
        # Warm up first: imports, the sandbox and the graph are paid once.
        await parked_case(service)
        await asyncio.sleep(1)
        before = rss_bytes(process.pid)
        started = time.perf_counter()
        await run_concurrently(lambda: parked_case(service), sizes.parked, sizes.concurrency)
        elapsed = time.perf_counter() - started
        await asyncio.sleep(1)
        after = rss_bytes(process.pid)
    # Logged by the worker as it stops, so read after the block.
    collections = gc_summary(noted) or {}
    return {
        "cases": sizes.parked,
        "cached": cached,
        "park_seconds": elapsed,
        "rss_before_mib": before / 2**20,
        "rss_after_mib": after / 2**20,
        "kib_per_case": (after - before) / 1024 / max(cached, 1),
        # Collections over 0.5 s and failed activations the worker logged.
        "gc_pauses": sum("gc_pause" in line for line in noted),
        "deadlocks": sum("DeadlockError" in line for line in noted),
        # The longest full collection: it grows with the cached cases.
        "longest_full_gc_ms": collections.get("longest_full_ms"),
        "full_collections": collections.get("full_collections"),
    }


async def _eviction(env: BenchEnv, sizes: Sizes) -> dict[str, Any]:
    service = CaseService(env.client, EVICTION_QUEUE)
    worker = build_worker(
        env.client,
        EVICTION_QUEUE,
        env.store,
        max_cached_workflows=sizes.cache,
        mail=scratch_mail(env),
    )
    resumed, bare = Samples(), Samples()
    async with worker:
        tasks = [await parked_case(service) for _ in range(sizes.evicted)]
        for task_id in tasks:
            started = time.perf_counter()
            await service.claim(task_id, "bench.caseworker")
            resumed.values.append((time.perf_counter() - started) * 1000)
    # The bare workflow stays cached: an Update on a warm workflow with one activity.
    while len(bare.values) < sizes.evicted:
        await bare_case(env.client, env.shape, bare)
    return {
        "cache": sizes.cache,
        "resumed": len(resumed.values),
        "resume_ms": resumed.summary(),
        "bare_update_ms": bare.summary(),
        "p95_ratio": ratio(resumed.pct(0.95), bare.pct(0.95)),
    }


async def run(env: BenchEnv, sizes: Sizes) -> dict[str, Any]:
    """Measure parked-case memory, then resume-after-eviction latency."""
    return {"memory": await _memory(env, sizes), "eviction": await _eviction(env, sizes)}
