"""Replay throughput: committed demo histories replayed against the current code.

Run on its own: ``.venv/bin/python bench/replay.py [--rounds N]``. Needs no
server, database or network. Each round replays every history in
``tests/histories`` once through ``guichet.audit.replay.replay_case`` with a
fresh replayer per history, as ``audit replay --all`` does; the first round
is a warm-up (imports, sandbox) and is reported separately.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from temporalio.client import WorkflowHistory  # noqa: E402

from bench.sizes import Sizes  # noqa: E402
from guichet.audit.replay import replay_case  # noqa: E402
from guichet.crypto import KeySet  # noqa: E402
from guichet.temporal import build_replayer  # noqa: E402

# The committed histories are encrypted with the committed test key.
TEST_KEYS = KeySet.parse((ROOT / "tests" / "keys" / "test.key").read_text())


def load_histories() -> list[WorkflowHistory]:
    """Return the committed demo histories."""
    histories = []
    for path in sorted((ROOT / "tests" / "histories").glob("*.json")):
        payload: dict[str, Any] = json.loads(path.read_text())
        histories.append(WorkflowHistory.from_json(payload["workflow_id"], payload["history"]))
    return histories


async def measure(rounds: int) -> dict[str, float]:
    """Replay the histories ``rounds`` times after one warm-up round; return the rates."""
    histories = load_histories()
    events = sum(len(h.events) for h in histories)

    async def one_round() -> float:
        start = time.perf_counter()
        for history in histories:
            report = await replay_case(history.workflow_id, [history], build_replayer(TEST_KEYS))
            if not report.ok:
                raise SystemExit(f"replay failed: {report.divergence}")
        return time.perf_counter() - start

    warm_up = await one_round()
    elapsed = sum([await one_round() for _ in range(rounds)])
    replayed = rounds * len(histories)
    return {
        "histories": float(len(histories)),
        "events": float(events),
        "rounds": float(rounds),
        "warm_up_seconds": warm_up,
        "histories_per_s": replayed / elapsed,
        "events_per_s": rounds * events / elapsed,
        "ms_per_history": elapsed / replayed * 1000,
    }


async def run(env: object, sizes: Sizes) -> dict[str, float]:
    """Section 6 of ``make bench``: replay rate in this process (no server needed)."""
    return await measure(sizes.replay_rounds)


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
