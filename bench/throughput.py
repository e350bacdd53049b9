"""Section 2: completed cases per second versus the bare workflow of the same shape.

At a concurrency of 50 both sides keep the machine's cores busy, so the
section also records the CPU time each side costs per case: that of the
Temporal server and of this process (client, workers, activities). On a
saturated machine the throughput ratio is close to the inverse ratio of
those costs, which says where the time goes.

A third side, the bare case with a LangGraph graph run on every turn
(:mod:`bench.bare_graph`), is the floor of the stack the project chose:
its ratio to the bare case is what running the conversation as a LangGraph
graph inside the workflow costs before Guichet does anything, and
Guichet's ratio to it is what Guichet itself adds.

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

from temporalio.api.enums.v1 import EventType

from bench.bare_graph import GRAPH_NAME
from bench.common import (
    BenchEnv,
    Shape,
    bare_case,
    guichet_case,
    ratio,
    run_concurrently,
    shape_of,
)
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


async def graph_shape(env: BenchEnv) -> dict[str, int]:
    """Run one case of the graph side alone; count its Updates and activities.

    The report carries it next to Guichet's case shape, so a reader (and the
    tests) can check that the floor runs the same Updates and activities,
    its turns' activity being the graph's own node.
    """
    workflow_id = await bare_case(env.client, env.shape, graph=True)
    history = await env.client.get_workflow_handle(workflow_id).fetch_history()
    shape = shape_of(history)
    graph_activity = f"{GRAPH_NAME}.understand"
    return {
        "opens": shape.opens,
        "turns": shape.turns,
        "activities": shape.activities,
        "graph_activities": sum(
            1
            for event in history.events
            if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
            and event.activity_task_scheduled_event_attributes.activity_type.name == graph_activity
        ),
    }


async def run(env: BenchEnv, sizes: Sizes) -> dict[str, Any]:
    """Run ``sizes.throughput_rounds`` rounds of ``sizes.cases`` cases per side.

    Returns:
        Per side (Guichet, bare, bare with a graph) the median rate and the
        mean CPU per case over the rounds; for Guichet over bare, the graph
        side over bare and Guichet over the graph side, the median of the
        rounds' ratios and every round's ratio.
    """
    sides: dict[str, Side] = {
        "bare": lambda: bare_case(env.client, env.shape),
        "graph": lambda: bare_case(env.client, env.shape, graph=True),
        "guichet": lambda: guichet_case(env.service, env.store),
    }
    names = list(sides)
    rounds: list[dict[str, dict[str, float]]] = []
    for index in range(max(sizes.throughput_rounds, 1)):
        # Each round starts with the next side, so every side goes first in turn.
        order = names[index % len(names) :] + names[: index % len(names)]
        rounds.append({side: await _measured(env, sides[side], sizes) for side in order})

    def ratios(over: str, under: str) -> list[float]:
        return [ratio(r[over]["cases_per_s"], r[under]["cases_per_s"]) for r in rounds]

    def median_rate(side: str) -> float:
        return statistics.median(r[side]["cases_per_s"] for r in rounds)

    guichet_ratios = ratios("guichet", "bare")
    graph_ratios = ratios("graph", "bare")
    over_graph = ratios("guichet", "graph")
    return {
        "cases": sizes.cases,
        "rounds": len(rounds),
        "concurrency": sizes.concurrency,
        "guichet_cases_per_s": median_rate("guichet"),
        "bare_cases_per_s": median_rate("bare"),
        "graph_cases_per_s": median_rate("graph"),
        "ratio": statistics.median(guichet_ratios),
        "round_ratios": guichet_ratios,
        "graph_ratio": statistics.median(graph_ratios),
        "graph_round_ratios": graph_ratios,
        "guichet_over_graph": statistics.median(over_graph),
        "guichet_over_graph_rounds": over_graph,
        "guichet_cpu_ms_per_case": _cpu([r["guichet"] for r in rounds]),
        "bare_cpu_ms_per_case": _cpu([r["bare"] for r in rounds]),
        "graph_cpu_ms_per_case": _cpu([r["graph"] for r in rounds]),
        "graph_shape": checked_floor(await graph_shape(env), env.shape),
    }


def checked_floor(floor: dict[str, int], shape: Shape) -> dict[str, int]:
    """Return ``floor`` if it has the Updates and activities of ``shape``, else raise.

    A floor that skipped its turns' activities would flatter the stack, so
    the section fails rather than report it.
    """
    expected = (shape.opens, shape.turns, shape.activities, shape.turns)
    found = (floor["opens"], floor["turns"], floor["activities"], floor["graph_activities"])
    if found != expected:
        raise RuntimeError(
            f"the floor case ran (opens, turns, activities, graph activities) = {found}, "
            f"Guichet's case {expected}"
        )
    return floor
