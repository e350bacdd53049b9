"""Worker processes keep full garbage collections short (guichet.heap)."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
from pathlib import Path

from structlog.testing import capture_logs

from guichet.config import Settings
from guichet.heap import SAFE_CACHED_CASES, PauseMonitor, cache_warning
from guichet.ports import free_port
from runtime import process as runtime_module
from runtime.process import open_runtime

ROOT = Path(__file__).resolve().parents[2]


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_long_collection_is_logged_and_a_short_one_is_not() -> None:
    clock = _Clock()
    monitor = PauseMonitor(threshold=0.5, clock=clock)
    with capture_logs() as logs:
        monitor("start", {"generation": 0})
        clock.now += 0.01
        monitor("stop", {"generation": 0, "collected": 3})
        monitor("start", {"generation": 2})
        clock.now += 0.8
        monitor("stop", {"generation": 2, "collected": 120})
        monitor("stop", {"generation": 2})  # a stop without its start is ignored
    assert [entry["event"] for entry in logs] == ["gc_pause"]
    assert logs[0]["seconds"] == 0.8 and logs[0]["generation"] == 2
    assert logs[0]["log_level"] == "warning"
    assert abs(monitor.longest - 0.8) < 1e-9
    # Only the generation-2 collection counts as full.
    assert monitor.full_collections == 1
    assert monitor.summary() == {
        "longest_ms": 800.0,
        "longest_full_ms": 800.0,
        "full_collections": 1,
    }


def test_the_monitor_times_real_collections() -> None:
    monitor = PauseMonitor(threshold=60)
    monitor.install()
    monitor.install()  # once only
    try:
        assert gc.callbacks.count(monitor) == 1
        gc.collect()
        assert monitor.longest > 0
    finally:
        monitor.remove()
    assert not monitor.installed


def test_a_large_sticky_cache_is_explained() -> None:
    assert cache_warning(1000) is None
    assert cache_warning(SAFE_CACHED_CASES) is None
    warning = cache_warning(10_000)
    assert warning is not None
    assert "10000" in warning and "deadlock" in warning and str(SAFE_CACHED_CASES) in warning


def test_startup_objects_are_frozen_once_and_later_ones_are_not() -> None:
    # In a fresh interpreter: freezing is process-wide.
    probe = textwrap.dedent(
        """
        import gc
        from guichet.heap import freeze_startup_objects
        frozen = freeze_startup_objects()
        assert frozen == gc.get_freeze_count() > 10_000, frozen
        later = [[i] for i in range(1000)]
        tracked = {id(o) for o in gc.get_objects()}
        assert all(id(item) in tracked for item in later)  # still collected normally
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


async def test_a_worker_runtime_watches_collections_and_its_cache_size(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path / "data", embedded_port=free_port(), max_cached_workflows=5000
    )
    with capture_logs() as logs:
        async with open_runtime(settings, run_worker=True):
            assert runtime_module._PAUSES.installed
    warnings = [entry for entry in logs if entry["event"] == "sticky_cache_large"]
    # On the way out, the worker says how long its collections were.
    [summary] = [entry for entry in logs if entry["event"] == "gc_summary"]
    assert summary["full_collections"] >= 0 and summary["longest_ms"] >= summary["longest_full_ms"]
    assert len(warnings) == 1 and "5000" in warnings[0]["detail"]
    # Frozen once per process: by this runtime, or by one an earlier test opened.
    assert gc.get_freeze_count() > 0
