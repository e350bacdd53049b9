"""Section 2: completed cases per second versus the bare workflow of the same shape.

At a concurrency of 50 both sides keep the machine's cores busy, so the
section also records the CPU time each side costs per case: that of the
Temporal server and of this process (client, workers, activities). On a
saturated machine the throughput ratio is close to the inverse ratio of
those costs, which says where the time goes.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from typing import Any

from bench.common import BenchEnv, bare_case, guichet_case, ratio, run_concurrently
from bench.sizes import Sizes
from bench.workers import cpu_seconds


async def _measured(
    env: BenchEnv, run_one: Callable[[], Awaitable[object]], sizes: Sizes
) -> dict[str, float]:
    """Run one side; return its rate and its CPU seconds per case (server, this process)."""
    server_before = cpu_seconds(env.server_pid) if env.server_pid else float("nan")
    own_before = cpu_seconds(os.getpid())
    rate = await run_concurrently(run_one, sizes.cases, sizes.concurrency)
    server = cpu_seconds(env.server_pid) - server_before if env.server_pid else float("nan")
    own = cpu_seconds(os.getpid()) - own_before
    return {
        "cases_per_s": rate,
        "server_cpu_ms_per_case": server / sizes.cases * 1000,
        "process_cpu_ms_per_case": own / sizes.cases * 1000,
    }


async def run(env: BenchEnv, sizes: Sizes) -> dict[str, Any]:
    """Run ``sizes.cases`` cases per side, ``sizes.concurrency`` in flight.

    Returns:
        Cases per second per side, their ratio, and CPU per case per side.
    """
    bare = await _measured(env, lambda: bare_case(env.client, env.shape), sizes)
    guichet = await _measured(env, lambda: guichet_case(env.service, env.store), sizes)
    return {
        "cases": sizes.cases,
        "concurrency": sizes.concurrency,
        "guichet_cases_per_s": guichet["cases_per_s"],
        "bare_cases_per_s": bare["cases_per_s"],
        "ratio": ratio(guichet["cases_per_s"], bare["cases_per_s"]),
        "guichet_cpu_ms_per_case": {
            "server": guichet["server_cpu_ms_per_case"],
            "process": guichet["process_cpu_ms_per_case"],
        },
        "bare_cpu_ms_per_case": {
            "server": bare["server_cpu_ms_per_case"],
            "process": bare["process_cpu_ms_per_case"],
        },
    }
