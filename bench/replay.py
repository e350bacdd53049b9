"""Replay throughput: archived histories replayed against the current code, and a bare baseline.

Inside ``make bench`` the section runs ``sizes.replay_cases`` automatically
approved cases on the bench's server, archives each one as ``starter.py
audit archive`` does (sealed with the case's data key, appended to the
archive chain), and then replays them the way ``starter.py audit replay
--all`` does: each round reads every case back from the archive (unsealing
included) and streams all of them through one replay worker
(``tools.audit.replay.replay_many``). The bare baseline records one bare
workflow per archived case with the same number of Updates and activities
(``bench/bare.py``) and replays those from memory, with the same converter
and plugin: the ratio says what the engine, its archive included, adds to
Temporal's own replay cost for histories of that length. The first round
of each side is a warm-up (imports, sandbox) and is reported separately.

Run on its own: ``.venv/bin/python bench/replay.py [--rounds N]`` replays
the committed histories in ``tests/histories`` (three procedures and a
consultation) and needs no server, database or network.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from temporalio.client import WorkflowHistory  # noqa: E402
from temporalio.worker import Replayer  # noqa: E402

from bench.bare import BareCaseWorkflow  # noqa: E402
from bench.common import BenchEnv, bare_case, guichet_case, ratio, shape_of  # noqa: E402
from bench.sizes import Sizes  # noqa: E402
from guichet.audit.archive import archive_case, archived_runs  # noqa: E402
from guichet.crypto import KeySet  # noqa: E402
from guichet.store import ArchiveStore  # noqa: E402
from runtime.temporal import build_replayer, langgraph_plugin  # noqa: E402
from tools.audit.replay import replay_many  # noqa: E402

# The committed histories are encrypted with the committed test key.
TEST_KEYS = KeySet.parse((ROOT / "tests" / "keys" / "test.key").read_text())


def load_histories() -> list[WorkflowHistory]:
    """Return the committed demo histories."""
    histories = []
    for path in sorted((ROOT / "tests" / "histories").glob("*.json")):
        payload: dict[str, Any] = json.loads(path.read_text())
        histories.append(WorkflowHistory.from_json(payload["workflow_id"], payload["history"]))
    return histories


Cases = AsyncIterator[tuple[str, Sequence[WorkflowHistory]]]


async def _cases(histories: Sequence[WorkflowHistory]) -> Cases:
    for history in histories:
        yield history.workflow_id, [history]


async def _from_archive(archive: ArchiveStore, case_ids: Sequence[str]) -> Cases:
    """Each case's runs read back from the archive, as ``audit replay --all`` reads them."""
    for case_id in case_ids:
        yield case_id, [run.history(case_id) for run in await archived_runs(archive, case_id)]


async def _rate(
    replayer: Replayer,
    cases: Callable[[], Cases],
    histories: Sequence[WorkflowHistory],
    rounds: int,
) -> dict[str, float]:
    """Replay what ``cases()`` yields ``rounds`` times after a warm-up round; return the rates.

    Args:
        replayer: The replayer (one replay worker for every round).
        cases: A fresh source of the cases for each round.
        histories: The same histories (counted for the report, not replayed).
        rounds: Measured rounds.
    """

    async def one_round() -> float:
        start = time.perf_counter()
        for report in await replay_many(cases(), replayer=replayer):
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


async def archived_cases(env: BenchEnv, count: int) -> tuple[ArchiveStore, list[str]]:
    """Run ``count`` automatically approved cases and archive each (``audit archive``)."""
    # The run's own keys: the process's configured keys may be another run's.
    archive = ArchiveStore(env.store.engines, env.store.case_keys)
    case_ids = []
    for _ in range(count):
        case_id = await guichet_case(env.service, env.store)
        await archive_case(env.client, archive, case_id)
        case_ids.append(case_id)
    return archive, case_ids


async def bare_histories(
    env: BenchEnv, histories: Sequence[WorkflowHistory]
) -> list[WorkflowHistory]:
    """Run one bare case per history, with its shape, and return their histories."""
    recorded = []
    for history in histories:
        workflow_id = await bare_case(env.client, shape_of(history))
        recorded.append(await env.client.get_workflow_handle(workflow_id).fetch_history())
    return recorded


async def _bare(env: BenchEnv, histories: Sequence[WorkflowHistory], rounds: int) -> dict[str, Any]:
    """The bare baseline: one bare workflow per history, with its shape, replayed from memory."""
    bare = await bare_histories(env, histories)
    replayer = Replayer(
        workflows=[BareCaseWorkflow],
        data_converter=env.client.data_converter,
        plugins=[langgraph_plugin()],
    )
    return await _rate(replayer, lambda: _cases(bare), bare, rounds)


async def measure(rounds: int) -> dict[str, Any]:
    """Guichet's replay rate over the committed histories (no server needed)."""
    histories = load_histories()
    return await _rate(build_replayer(TEST_KEYS), lambda: _cases(histories), histories, rounds)


async def run(env: BenchEnv, sizes: Sizes) -> dict[str, Any]:
    """Section 6 of ``make bench``: archived cases replayed in this process, against bare."""
    archive, case_ids = await archived_cases(env, sizes.replay_cases)
    stored = [r async for r in _from_archive(archive, case_ids)]
    histories = [history for _, runs in stored for history in runs]
    result: dict[str, Any] = await _rate(
        build_replayer(env.keys),
        lambda: _from_archive(archive, case_ids),
        histories,
        sizes.replay_rounds,
    )
    result["source"] = f"{len(case_ids)} archived short-time-work cases"
    result["bare"] = await _bare(env, histories, sizes.replay_rounds)
    result["ratio"] = ratio(result["histories_per_s"], result["bare"]["histories_per_s"])
    return result


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
