"""Replay throughput: committed histories replayed against the current code, and a bare baseline.

Run on its own: ``.venv/bin/python bench/replay.py [--rounds N]`` (Guichet
only: needs no server, database or network). Each round replays every
history in ``tests/histories`` once through ``guichet.audit.replay.replay_many``,
the path of ``starter.py audit replay --all`` (one replay worker for all
cases); the first round is a warm-up (imports, sandbox) and is reported
separately.

Inside ``make bench`` the section also records, on the bench's server, one
bare workflow per committed history with the same number of Updates and
activities (``bench/bare.py``) and replays those the same way, with the same
converter and plugin: the ratio says what the engine adds to Temporal's own
replay cost for histories of that length.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from temporalio.api.enums.v1 import EventType  # noqa: E402
from temporalio.client import WorkflowHistory  # noqa: E402
from temporalio.worker import Replayer  # noqa: E402

from bench.bare import BareCaseWorkflow  # noqa: E402
from bench.common import BenchEnv, Shape, bare_case, ratio  # noqa: E402
from bench.sizes import Sizes  # noqa: E402
from guichet.audit.replay import replay_many  # noqa: E402
from guichet.crypto import KeySet  # noqa: E402
from guichet.temporal import build_replayer, langgraph_plugin  # noqa: E402

# The committed histories are encrypted with the committed test key.
TEST_KEYS = KeySet.parse((ROOT / "tests" / "keys" / "test.key").read_text())


def load_histories() -> list[WorkflowHistory]:
    """Return the committed demo histories."""
    histories = []
    for path in sorted((ROOT / "tests" / "histories").glob("*.json")):
        payload: dict[str, Any] = json.loads(path.read_text())
        histories.append(WorkflowHistory.from_json(payload["workflow_id"], payload["history"]))
    return histories


def shape_of(history: WorkflowHistory) -> Shape:
    """Count a history's Updates (of any name) and scheduled activities."""
    updates = activities = 0
    for event in history.events:
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            activities += 1
        elif event.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
            updates += 1
    return Shape(turns=updates, activities=activities)


async def _cases(
    histories: Sequence[WorkflowHistory],
) -> AsyncIterator[tuple[str, Sequence[WorkflowHistory]]]:
    for history in histories:
        yield history.workflow_id, [history]


async def _rate(
    replayer: Replayer, histories: Sequence[WorkflowHistory], rounds: int
) -> dict[str, float]:
    """Replay ``histories`` ``rounds`` times after a warm-up round; return the rates."""

    async def one_round() -> float:
        start = time.perf_counter()
        for report in await replay_many(_cases(histories), replayer=replayer):
            if not report.ok:
                raise SystemExit(f"replay of {report.case_id} failed: {report.divergence}")
        return time.perf_counter() - start

    warm_up = await one_round()
    elapsed = sum([await one_round() for _ in range(rounds)])
    replayed = rounds * len(histories)
    events = sum(len(h.events) for h in histories)
    return {
        "histories": float(len(histories)),
        "events": float(events),
        "rounds": float(rounds),
        "warm_up_seconds": warm_up,
        "histories_per_s": replayed / elapsed,
        "events_per_s": rounds * events / elapsed,
        "ms_per_history": elapsed / replayed * 1000,
    }


async def bare_histories(
    env: BenchEnv, histories: Sequence[WorkflowHistory]
) -> list[WorkflowHistory]:
    """Run one bare case per history, with its shape, and return their histories."""
    recorded = []
    for history in histories:
        workflow_id = await bare_case(env.client, shape_of(history))
        recorded.append(await env.client.get_workflow_handle(workflow_id).fetch_history())
    return recorded


async def measure(rounds: int, env: BenchEnv | None = None) -> dict[str, Any]:
    """Guichet's replay rate; with ``env``, also the bare baseline's and their ratio."""
    histories = load_histories()
    result: dict[str, Any] = await _rate(build_replayer(TEST_KEYS), histories, rounds)
    if env is not None:
        bare = await bare_histories(env, histories)
        replayer = Replayer(
            workflows=[BareCaseWorkflow],
            data_converter=env.client.data_converter,
            plugins=[langgraph_plugin()],
        )
        baseline = await _rate(replayer, bare, rounds)
        result["bare"] = baseline
        result["ratio"] = ratio(result["histories_per_s"], baseline["histories_per_s"])
    return result


async def run(env: BenchEnv, sizes: Sizes) -> dict[str, Any]:
    """Section 6 of ``make bench``: replay rate in this process, against a bare baseline."""
    return await measure(sizes.replay_rounds, env)


async def main(rounds: int) -> None:
    """Print the replay rate over ``rounds`` rounds."""
    result = await measure(rounds)
    print(f"histories: {result['histories']:.0f} ({result['events']:.0f} events), rounds: {rounds}")
    print(f"warm-up round: {result['warm_up_seconds']:.2f} s")
    print(
        f"replay throughput: {result['histories_per_s']:.2f} histories/s "
        f"({result['events_per_s']:.0f} events/s, {result['ms_per_history']:.0f} ms per history)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    asyncio.run(main(parser.parse_args().rounds))
