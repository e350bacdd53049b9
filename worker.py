"""Run a Guichet worker.

Against ``TEMPORAL_ADDRESS`` when set (production: a Temporal cluster or
Temporal Cloud), else against the embedded dev server, which it starts if
none is running. Stops cleanly on SIGINT/SIGTERM: in-flight activities get
their graceful period, then the client and server are released before the
interpreter exits.
"""

from __future__ import annotations

import asyncio
import signal

import structlog

from guichet.config import get_settings
from guichet.logging import configure_logging
from guichet.runtime import open_runtime

log = structlog.get_logger("worker")


async def main() -> None:
    """Run the worker until a stop signal arrives."""
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_json)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with open_runtime(settings, run_worker=True):
        log.info("worker started", address=settings.address, task_queue=settings.task_queue)
        await stop.wait()
        log.info("worker stopping")


if __name__ == "__main__":
    asyncio.run(main())
