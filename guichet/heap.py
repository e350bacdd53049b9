"""Keep the garbage collector's pauses in worker processes short.

A full collection holds the GIL while it walks every tracked object, so it
stops every thread of the process. The Temporal Python SDK fails a workflow
task whose activation does not yield within 2 seconds (its deadlock
detection, which cannot be configured), and a collection that starts during
an activation counts against those 2 seconds: the activation fails, queries
and Updates in flight fail with it, and the task is retried.

What a full collection walks is the worker's startup objects (about
274,000) plus each cached case's: after startup objects are frozen and
cases share their compiled graph and payload converter
(:mod:`agents.intake.compiled`, :mod:`guichet.converter`), a parked case
keeps about 295 tracked objects, and a full collection costs about 0.25 ms
per cached case, growing slightly faster than the cache (the heap outgrows
the processor's caches). Measured on the bench's machine (2 cores):

- in-process probe (not committed: cases parked on an in-process worker,
  ``gc.collect()`` timed): 47 ms at 200 cached cases, 115 ms at 500,
  227 ms at 1,000 (before the sharing: 73 ms at 200, 191 ms at 500);
- ``python -m bench -s parked --preset quick --parked-cases 2000`` (the
  worker process reports its collections as it stops): longest full
  collection 508 ms with 2,000 cases cached, 5 collections over 0.5 s;
- ``python -m bench -s parked --parked-cases 10000`` with 1,000 cached:
  longest full collection 405 ms (the cases in flight and the evicted ones
  not yet collected count too), none over 0.5 s, no failed activation;
- a worker caching every case failed its workflow tasks at about 7,000
  cases (``_DeadlockError``), and one caching 2,000 while the test suite
  loaded the same 2 cores logged 308 collections over 0.5 s and 6 failed
  activations.

Hence:

- :func:`freeze_startup_objects` moves what lives for the whole process
  (modules, compiled graphs, settings) out of every later collection once
  the worker is built (234 → 60 ms at 300 cached cases);
- :data:`SAFE_CACHED_CASES` keeps a full collection between a quarter and
  half a second on a quiet machine, well inside the SDK's limit, because a
  loaded machine stretches it several times;
- :class:`PauseMonitor` logs collections long enough to worry about, well
  before they reach the SDK's limit, and the worker logs the longest one as
  it stops (``gc_summary``);
- :func:`cache_warning` tells the operator when the sticky cache size makes
  such pauses likely; cases beyond the cache are evicted and resumed by
  replay instead (resume p95 under 0.5 s in the bench).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

import structlog

log = structlog.get_logger("heap")

SAFE_CACHED_CASES = 1_000
"""Cached cases per worker process for full collections under 0.5 s (the SDK's default)."""

SLOW_PAUSE_SECONDS = 0.5
"""Collections longer than this are logged (a quarter of the SDK's deadlock limit)."""


def freeze_startup_objects() -> int:
    """Collect once, then exempt every object alive now from later collections.

    Call it when the process has imported and built everything it keeps for
    its lifetime and before it caches any case: a frozen object is never
    collected, so only objects that live as long as the process belong there.

    Returns:
        How many objects were frozen.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


class PauseMonitor:
    """A ``gc.callbacks`` hook that logs collections longer than a threshold.

    Attributes:
        longest: The longest pause seen so far, in seconds.
        longest_full: The longest full (generation 2) collection, in seconds.
        full_collections: How many full collections it timed.
    """

    def __init__(
        self,
        threshold: float = SLOW_PAUSE_SECONDS,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        """Log pauses over ``threshold`` seconds; ``clock`` is replaceable in tests."""
        self._threshold = threshold
        self._clock = clock
        self._started: float | None = None
        self.longest = 0.0
        self.longest_full = 0.0
        self.full_collections = 0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        """Time one collection (``phase`` is ``start`` or ``stop``)."""
        if phase == "start":
            self._started = self._clock()
            return
        if self._started is None:
            return
        pause = self._clock() - self._started
        self._started = None
        self.longest = max(self.longest, pause)
        if info.get("generation") == 2:
            # Only full collections grow with the cache; young ones stay short.
            self.full_collections += 1
            self.longest_full = max(self.longest_full, pause)
        if pause >= self._threshold:
            log.warning(
                "gc_pause",
                seconds=round(pause, 3),
                generation=info.get("generation"),
                collected=info.get("collected"),
            )

    def summary(self) -> dict[str, float | int]:
        """Return what it measured, for the worker's shutdown log line."""
        return {
            "longest_ms": round(self.longest * 1000, 1),
            "longest_full_ms": round(self.longest_full * 1000, 1),
            "full_collections": self.full_collections,
        }

    @property
    def installed(self) -> bool:
        """Whether it is timing collections."""
        return self in gc.callbacks

    def install(self) -> None:
        """Start timing collections (once per process)."""
        if not self.installed:
            gc.callbacks.append(self)

    def remove(self) -> None:
        """Stop timing collections."""
        if self.installed:
            gc.callbacks.remove(self)


def cache_warning(max_cached_workflows: int) -> str | None:
    """Explain why a sticky cache this large risks failed workflow tasks, or None."""
    if max_cached_workflows <= SAFE_CACHED_CASES:
        return None
    return (
        f"a sticky cache of {max_cached_workflows} cases per worker process lets full "
        "garbage collections approach the SDK's 2 s deadlock limit (about 0.25 ms per "
        f"cached case); keep it at {SAFE_CACHED_CASES} or less and run more worker "
        "processes: evicted cases resume by replay"
    )
