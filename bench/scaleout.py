"""Section 7: throughput with one and with two ``python worker.py`` processes.

Both runs use the same server and a fresh SQLite database each. Efficiency
per core is the two-process rate over twice the one-process rate (1.0 means
perfectly linear); the bench driver and the server share the same cores, so
on a 2-core machine it is a lower bound.
"""

from __future__ import annotations

import contextlib
from typing import Any

from bench.common import BenchEnv, guichet_case, ratio, run_concurrently
from bench.sizes import Sizes
from bench.workers import cpu_seconds, worker_process
from guichet.store import CaseStore
from runtime.service import CaseService


async def _rate(env: BenchEnv, sizes: Sizes, processes: int) -> dict[str, float]:
    queue = f"bench-scale-{processes}"
    database = f"sqlite+aiosqlite:///{env.scratch}/scale-{processes}.db"
    service = CaseService(env.client, queue)
    async with contextlib.AsyncExitStack() as stack:
        # Started one after the other so only the first migrates a new database.
        pids = [
            (await stack.enter_async_context(worker_process(env.address, queue, database))).pid
            for _ in range(processes)
        ]
        # The decisions are read from the read models the workers write.
        store = await CaseStore.create(database, keys=env.keys)
        stack.push_async_callback(store.close)
        await guichet_case(service, store)  # warm-up
        cpu_before = sum(cpu_seconds(pid) for pid in pids)
        rate = await run_concurrently(
            lambda: guichet_case(service, store), sizes.scale_cases, sizes.concurrency
        )
        cpu = sum(cpu_seconds(pid) for pid in pids) - cpu_before
    return {"cases_per_s": rate, "worker_cpu_seconds": cpu}


async def run(env: BenchEnv, sizes: Sizes) -> dict[str, Any]:
    """Measure 1 then 2 worker processes and the efficiency per core."""
    one = await _rate(env, sizes, 1)
    two = await _rate(env, sizes, 2)
    return {
        "cases": sizes.scale_cases,
        "concurrency": sizes.concurrency,
        "one_process": one,
        "two_processes": two,
        "speedup": ratio(two["cases_per_s"], one["cases_per_s"]),
        "efficiency_per_core": ratio(two["cases_per_s"], 2 * one["cases_per_s"]),
    }
