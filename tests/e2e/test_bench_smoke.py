"""The benchmark suite runs end to end in its smallest configuration.

Benchmarks are not tests: this checks only that the report has the figures
the sections promise, never their values.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from pathlib import Path
from typing import cast

import pytest

from bench.__main__ import run_bench
from bench.common import POLL_SECONDS, Shape, decided
from bench.report import markdown, rows, write_report
from bench.sizes import PRESETS
from bench.store_writes import measure as measure_store_writes
from bench.throughput import checked_floor
from guichet.store import CaseStore
from tests.helpers import TEST_KEYS


async def test_smallest_bench_report_has_every_section_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bench exports its own fresh key for its worker subprocesses; give the
    # test key back afterwards, or later tests' subprocesses would inherit it.
    monkeypatch.setenv("GUICHET_ENCRYPTION_KEYS", TEST_KEYS.serialize().strip())
    report = await run_bench(
        ["latency", "throughput", "stability", "parked", "replay"], PRESETS["smoke"], "smoke"
    )

    assert {"revision", "date", "server_flags", "case_shape", "sizes", "sections"} <= set(report)
    assert "--headless" in report["server_flags"]
    sections = report["sections"]
    assert set(sections) == {"latency", "throughput", "stability", "parked", "replay"}
    latency = sections["latency"]
    for side in ("guichet_ms", "bare_ms"):
        assert {"p50", "p95", "p99", "mean", "n"} <= set(latency[side])
    assert latency["turns"]["guichet"] >= PRESETS["smoke"].turns
    assert {"p50_ratio", "p95_ratio", "p99_ratio"} <= set(latency)
    # The held bare side waits as long as Guichet's understanding activity ran.
    held = latency["held_bare"]
    assert held["hold_ms"] > 0 and held["projection_hold_ms"] > 0
    assert held["hold_ms"] == pytest.approx(report["case_shape"]["understand_ms"], abs=0.05)
    assert held["ms"]["n"] >= PRESETS["smoke"].turns and "p95_ratio" in held
    throughput = sections["throughput"]
    assert throughput["cases"] == PRESETS["smoke"].cases
    # Every round ran both sides; the reported ratio is their median.
    assert len(throughput["round_ratios"]) == throughput["rounds"] == 2
    assert min(throughput["round_ratios"]) <= throughput["ratio"] <= max(throughput["round_ratios"])
    assert len(throughput["graph_round_ratios"]) == 2
    assert len(throughput["guichet_over_graph_rounds"]) == 2
    for side in ("guichet_cpu_ms_per_case", "bare_cpu_ms_per_case", "graph_cpu_ms_per_case"):
        # The server and this process did work for every case.
        assert throughput[side]["server"] > 0
        assert throughput[side]["process"] > 0
    # The stack's floor has Guichet's Updates and activities, each turn's
    # activity being its graph's node.
    shape, floor = report["case_shape"], throughput["graph_shape"]
    assert (floor["opens"], floor["turns"], floor["activities"]) == (
        shape["opens"],
        shape["turns"],
        shape["activities"],
    )
    assert floor["graph_activities"] == shape["turns"]
    stability = sections["stability"]
    assert stability["turns"] == PRESETS["smoke"].long_turns
    assert stability["corrections"] > 0
    assert {"first_median_ms", "last_median_ms", "ratio"} <= set(stability)
    memory, eviction = sections["parked"]["memory"], sections["parked"]["eviction"]
    # A worker.py process cached every parked case (below the safe cache size).
    assert memory["cases"] == memory["cached"] == PRESETS["smoke"].parked
    assert memory["rss_after_mib"] > 0 and "kib_per_case" in memory
    assert memory["deadlocks"] == 0 and memory["gc_pauses"] >= 0
    # The worker reported its collections as it stopped.
    assert memory["full_collections"] >= 0 and memory["longest_full_gc_ms"] >= 0
    assert eviction["resumed"] == PRESETS["smoke"].evicted
    assert eviction["resume_ms"]["n"] == PRESETS["smoke"].evicted
    replay = sections["replay"]
    assert {"histories_per_s", "events_per_s", "ms_per_history", "ratio"} <= set(replay)
    assert {"histories_per_s", "events_per_s"} <= set(replay["bare"])
    # The cases were archived, read back from the archive and replayed; the
    # bare baseline mirrors their Updates and activities.
    assert replay["source"] == f"{PRESETS['smoke'].replay_cases} archived short-time-work cases"
    assert replay["histories"] == PRESETS["smoke"].replay_cases
    assert replay["bare"]["histories"] == replay["histories"]
    assert replay["events"] > 100 * replay["histories"]

    labels = [row[0] for row in rows(report)]
    assert labels.count("1 turn latency") == 5
    assert labels.count("2 throughput") == 5
    assert "3 stability" in labels and "6 replay" in labels
    assert labels.count("4 parked") == 4
    json_path, md_path = write_report(report, tmp_path)
    assert json.loads(json_path.read_text())["sections"].keys() == sections.keys()
    assert md_path.read_text() == markdown(report)


class _FakeStore:
    """Statuses set by the test; counts the queries."""

    def __init__(self) -> None:
        self.statuses: dict[str, str] = {}
        self.queries = 0
        self.failure: Exception | None = None

    async def case_statuses(self, case_ids: list[str]) -> dict[str, str]:
        self.queries += 1
        if self.failure is not None:
            raise self.failure
        return {c: self.statuses[c] for c in case_ids if c in self.statuses}


async def test_waiting_cases_share_one_poller() -> None:
    fake = _FakeStore()
    store = cast(CaseStore, fake)
    waits = [asyncio.create_task(decided(store, f"case-{i}", timeout=10)) for i in range(20)]
    await asyncio.sleep(3 * POLL_SECONDS)
    assert not any(w.done() for w in waits)
    # One query per poll for all twenty cases, not one per case.
    assert 1 <= fake.queries <= 5
    fake.statuses = {"case-0": "decided", "case-1": "submitted"}
    await asyncio.wait_for(waits[0], 2)
    assert not waits[1].done()
    fake.statuses = {f"case-{i}": "decided" for i in range(20)}
    await asyncio.wait_for(asyncio.gather(*waits), 2)


async def test_a_failing_poll_reaches_every_waiter_and_a_timeout_is_an_error() -> None:
    fake = _FakeStore()
    store = cast(CaseStore, fake)
    with pytest.raises(RuntimeError, match="case-x did not reach a decision"):
        await decided(store, "case-x", timeout=2.5 * POLL_SECONDS)
    fake.failure = OSError("database gone")
    waits = [asyncio.create_task(decided(store, f"case-{i}", timeout=10)) for i in range(3)]
    for wait in waits:
        with pytest.raises(OSError, match="database gone"):
            await asyncio.wait_for(wait, 2)


def test_a_floor_that_skipped_activities_is_refused() -> None:
    shape = Shape(turns=21, activities=49, opens=1)
    floor = {"opens": 1, "turns": 21, "activities": 49, "graph_activities": 21}
    assert checked_floor(floor, shape) == floor
    # The plugin's result cache once made later floor cases skip their turns'
    # activities: such a floor must not be reported.
    with pytest.raises(RuntimeError, match="floor case ran"):
        checked_floor({**floor, "activities": 28, "graph_activities": 0}, shape)


async def test_store_writes_bench_applies_every_write() -> None:
    result = await measure_store_writes(writers=3, writes=4)
    assert result["n"] == 12
    assert result["writes_per_s"] > 0
    assert result["p50"] <= result["p95"] <= result["p99"]


async def test_queue_section_measures_both_databases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUICHET_ENCRYPTION_KEYS", TEST_KEYS.serialize().strip())
    sizes = PRESETS["smoke"]
    report = await run_bench(["queue"], sizes, "smoke")

    queue = report["sections"]["queue"]
    for db in ("sqlite", "postgresql"):
        measured = queue[db]
        assert measured["tasks"] == sizes.tasks
        assert measured["list_ms"]["n"] == measured["claim_ms"]["n"] == sizes.queue_samples
        assert measured["bare_update_ms"]["n"] >= sizes.queue_samples
        # The held bare Updates wait as long as Guichet's projection write ran.
        held = measured["held_bare_update_ms"]
        assert held["hold_ms"] == pytest.approx(report["case_shape"]["projection_ms"], abs=0.05)
        assert held["n"] >= sizes.queue_samples and "claim_p95_ratio_held" in measured
    labels = [row[0] for row in rows(report)]
    assert labels.count("5 queue sqlite") == labels.count("5 queue postgresql") == 3


async def test_model_section_measures_both_sides_and_reports_them() -> None:
    from bench import model_turns

    sizes = dataclasses.replace(PRESETS["smoke"], model_messages=6)
    result = await model_turns.run(None, sizes)  # type: ignore[arg-type]  # needs no server
    assert result["messages"] == 6
    assert result["parser_ms"]["n"] == 6
    assert result["model"] == "smollm2-135m-instruct", "the default: the embedded local model"
    assert result["with_model_ms"]["n"] == 6
    assert 0.0 <= result["model_asked_share"] <= 1.0
    assert result["prompt_tokens"]["n"] == result["model_calls"]
    table = rows({"sections": {"model": result}})
    assert [r[0] for r in table] == ["8 model"] * 5
