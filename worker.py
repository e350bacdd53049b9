"""Run a Guichet worker.

Against ``TEMPORAL_ADDRESS`` when set (production: a Temporal cluster or
Temporal Cloud), else against the embedded dev server, which it starts if
none is running. Stops cleanly on SIGINT/SIGTERM: in-flight activities get
their graceful period, then the client and server are released before the
interpreter exits.

``--role`` chooses the work this process serves: ``workflows`` (case
workflow tasks), ``activities`` (database, rules, letters), ``models``
(language-model calls) or ``all`` (the default). The task queues of each
role come from the configuration (see :mod:`runtime.queues`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
from collections.abc import Sequence

import structlog

from guichet.case_files import CaseFiles, reseal_at_start
from guichet.config import get_settings
from guichet.logging import configure_logging
from guichet.private import restrict_new_files
from runtime.process import open_runtime
from runtime.queues import ROLES, Role

log = structlog.get_logger("worker")


def parse_roles(argv: Sequence[str] | None = None) -> tuple[Role, ...]:
    """Parse the command line into the roles to serve."""
    parser = argparse.ArgumentParser(description="Run a Guichet worker.")
    parser.add_argument(
        "--role",
        action="append",
        choices=[*ROLES, "all"],
        help="Work to serve (repeatable); default: all",
    )
    chosen = parser.parse_args(argv).role or ["all"]
    if "all" in chosen:
        return ROLES
    return tuple(role for role in ROLES if role in chosen)


async def main(roles: Sequence[Role] = ROLES) -> None:
    """Run the worker until a stop signal arrives."""
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_json)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with open_runtime(settings, run_worker=True, roles=roles) as runtime:
        log.info("worker started", address=settings.address, roles=list(roles))
        reseal: asyncio.Task[object] | None = None
        if "activities" in roles:
            # Uploads an earlier release stored in clear are sealed while cases run.
            files = CaseFiles(settings.outbox_dir.parent / "files", runtime.store)
            reseal = asyncio.create_task(reseal_at_start(files))
        await stop.wait()
        log.info("worker stopping")
        if reseal is not None:
            reseal.cancel()  # every step is atomic; the next start finishes the work
            with contextlib.suppress(asyncio.CancelledError):
                await reseal


if __name__ == "__main__":
    restrict_new_files()  # the case database, outbox and files: the owner's alone
    asyncio.run(main(parse_roles()))
