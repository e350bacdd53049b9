"""Section 2: completed cases per second versus the bare workflow of the same shape.

At a concurrency of 50 both sides keep the machine's cores busy, so the
section also records the CPU time each side costs per case: that of the
Temporal server and of this process (client, workers, activities). On a
saturated machine the throughput ratio is close to the inverse ratio of
those costs, which says where the time goes.

The sides run in rounds and take turns to go first: the cost of a case is
not constant through a run (the server's database grows; CPU per case was
higher in runs of 200 cases per side than of 50), so one side always going
second would be measured on a different server. The ratio reported is the
median of the rounds' ratios, with their range, so that a noisy round on a
shared machine shows as such.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Awaitable, Callable
from typing import Any

from bench.common import BenchEnv, bare_case, guichet_case, ratio, run_concurrently
from bench.sizes import Sizes
from bench.workers import cpu_seconds

Side = Callable[[], Awaitable[object]]


async def _measured(env: BenchEnv, run_one: Side, sizes: Sizes) -> dict[str, float]:
    """Run one side once; return its rate and its CPU seconds per case (server, this process)."""
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


def _cpu(rounds: list[dict[str, float]]) -> dict[str, float]:
    return {
        "server": statistics.fmean(r["server_cpu_ms_per_case"] for r in rounds),
        "process": statistics.fmean(r["process_cpu_ms_per_case"] for r in rounds),
    }


async def run(env: BenchEnv, sizes: Sizes) -> dict[str, Any]:
    """Run ``sizes.throughput_rounds`` rounds of ``sizes.cases`` cases per side.

    Returns:
        Per side the median rate and the mean CPU per case over the rounds;
        the median of the rounds' ratios and every round's ratio.
    """
    sides: dict[str, Side] = {
        "bare": lambda: bare_case(env.client, env.shape),
        "guichet": lambda: guichet_case(env.service, env.store),
    }
    rounds: list[dict[str, dict[str, float]]] = []
    for index in range(max(sizes.throughput_rounds, 1)):
        order = ("bare", "guichet") if index % 2 == 0 else ("guichet", "bare")
        rounds.append({side: await _measured(env, sides[side], sizes) for side in order})
    ratios = [ratio(r["guichet"]["cases_per_s"], r["bare"]["cases_per_s"]) for r in rounds]
    return {
        "cases": sizes.cases,
        "rounds": len(rounds),
        "concurrency": sizes.concurrency,
        "guichet_cases_per_s": statistics.median(r["guichet"]["cases_per_s"] for r in rounds),
        "bare_cases_per_s": statistics.median(r["bare"]["cases_per_s"] for r in rounds),
        "ratio": statistics.median(ratios),
        "round_ratios": ratios,
        "guichet_cpu_ms_per_case": _cpu([r["guichet"] for r in rounds]),
        "bare_cpu_ms_per_case": _cpu([r["bare"] for r in rounds]),
    }
