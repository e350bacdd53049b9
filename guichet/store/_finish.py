"""Let a started write finish even when its caller is cancelled.

A cancelled task stops at its next ``await``; inside a transaction that
means SQLAlchemy drops the connection without rolling back. On SQLite the
driver's unclosed cursor then keeps that connection, and with it the write
lock, alive until the garbage collector happens to find it, and every other
writer waits out the busy timeout and fails with "database is locked".
Temporal cancels running activities when a worker shuts down and the web
server cancels a request whose client went away, so this happened in
practice. Writes are short: running each one to its commit (or rollback)
costs nothing and keeps both databases clean.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

# Strong references: the event loop keeps only weak ones to running tasks.
_running: set[asyncio.Task[Any]] = set()


def finish_if_cancelled(
    write: Callable[P, Coroutine[Any, Any, T]],
) -> Callable[P, Awaitable[T]]:
    """Decorate a store write so a cancelled caller does not cut it short.

    The caller still sees :class:`asyncio.CancelledError` at once; the write
    goes on in its own task to its commit or rollback.

    Args:
        write: An ``async`` method that opens, uses and closes one transaction.

    Returns:
        The wrapped method.
    """

    @functools.wraps(write)
    async def finishing(*args: P.args, **kwargs: P.kwargs) -> T:
        task = asyncio.ensure_future(write(*args, **kwargs))
        _running.add(task)
        task.add_done_callback(_forget)
        return await asyncio.shield(task)

    return finishing


def _forget(task: asyncio.Task[Any]) -> None:
    _running.discard(task)
    if not task.cancelled():
        # Retrieved here so an error nobody awaits any more is not reported
        # as "never retrieved"; a caller still waiting gets it from shield.
        task.exception()


async def wait_for_writes() -> None:
    """Wait for writes whose callers were cancelled (before closing engines)."""
    while _running:
        await asyncio.gather(*list(_running), return_exceptions=True)
