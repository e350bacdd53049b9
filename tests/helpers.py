"""Helpers every test folder shares: waiting for a condition, holding activities, the test keys."""

from __future__ import annotations

import asyncio
import datetime as dt
import fnmatch
from collections.abc import Awaitable, Callable, Collection
from pathlib import Path
from typing import Any, TypeVar

from temporalio import activity
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import ActivityInboundInterceptor, ExecuteActivityInput, Interceptor

from guichet.crypto import KeySet

T = TypeVar("T")


async def eventually(
    read: Callable[[], Awaitable[T | None]],
    predicate: Callable[[T], bool] = lambda _: True,
    timeout: float = 60.0,
    interval: float = 0.05,
) -> T:
    """Poll ``read`` until it returns a value satisfying ``predicate``.

    Read models follow the workflows asynchronously (an activity after the
    state change), so tests wait for them instead of sleeping. ``None`` from
    ``read`` means "not there yet"; ``interval`` is the pause between reads
    (longer for reads that cost, such as loading a page).

    Raises:
        AssertionError: The condition did not hold within ``timeout``.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    last: T | None = None
    while loop.time() < deadline:
        last = await read()
        if last is not None and predicate(last):
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not reached within {timeout} s; last value: {last!r}")


async def advance_to(env: WorkflowEnvironment, instant: dt.datetime) -> None:
    """Skip the time-skipping server's clock forward to ``instant``."""
    await env.sleep(instant - await env.get_current_time())


TEST_KEY_FILE = Path(__file__).parent / "keys" / "test.key"
"""The committed test key: the committed histories are encrypted with it."""
TEST_KEYS = KeySet.parse(TEST_KEY_FILE.read_text())
"""The key set every test process uses (conftest also exports it to subprocesses)."""


class SlowActivities(Interceptor):
    """A worker interceptor that holds the named activity types for a while.

    Tests use it to widen a race window deterministically (a second message
    or decision arriving while the first one is still being carried out):
    they await :attr:`started`, set once a held activity has begun, instead
    of sleeping and hoping the first one has got that far.

    Attributes:
        started: Set when the first held activity starts (the worker runs in
            the test's event loop).
    """

    def __init__(self, activity_types: Collection[str], delay: float) -> None:
        """Hold activities whose type matches one of ``activity_types`` for ``delay`` seconds.

        Args:
            activity_types: Activity types, or shell patterns of them
                (``"*.understand"``: the understanding node of every graph).
            delay: How long each is held before it runs.
        """
        self.activity_types = frozenset(activity_types)
        self.delay = delay
        self.started = asyncio.Event()

    def holds(self, activity_type: str) -> bool:
        """Whether activities of ``activity_type`` are held."""
        return any(fnmatch.fnmatchcase(activity_type, pattern) for pattern in self.activity_types)

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        """Wrap the activity inbound chain."""
        outer = self

        class _Slow(ActivityInboundInterceptor):
            async def execute_activity(self, input: ExecuteActivityInput) -> Any:
                if outer.holds(activity.info().activity_type):
                    outer.started.set()
                    await asyncio.sleep(outer.delay)
                return await super().execute_activity(input)

        return _Slow(next)
