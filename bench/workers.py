"""Worker processes for the sections that need their own: ``python worker.py``.

Each runs against the bench server through the same environment a
production worker reads (``TEMPORAL_ADDRESS``, ``GUICHET_TASK_QUEUE``,
``GUICHET_DATABASE_URL``, ``GUICHET_MODEL_BACKEND=none``), so its resident
memory and CPU are its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

from bench.common import NAMESPACE

ROOT = Path(__file__).resolve().parents[1]
READY_TIMEOUT_SECONDS = 120.0


def gc_summary(noted: list[str]) -> dict[str, Any] | None:
    """Return the ``gc_summary`` fields of a stopped worker's JSON log, or None."""
    for line in reversed(noted):
        if "gc_summary" in line:
            with contextlib.suppress(ValueError):
                fields: dict[str, Any] = json.loads(line)
                return fields
    return None


def rss_bytes(pid: int) -> int:
    """Return the resident set size of process ``pid`` (Linux ``/proc``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def cpu_seconds(pid: int) -> float:
    """Return the user + system CPU time process ``pid`` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


WATCHED = (b"gc_pause", b"DeadlockError", b"gc_summary")
"""Worker log lines a section reports: long garbage collections, failed
activations, and the collections summary a worker logs when it stops."""


async def _drain(stream: asyncio.StreamReader, noted: list[str] | None) -> None:
    # A full pipe would block the worker; only the watched lines are kept.
    while line := await stream.readline():
        if noted is not None and any(word in line for word in WATCHED):
            noted.append(line.decode(errors="replace").strip())


@contextlib.asynccontextmanager
async def worker_process(
    address: str,
    queue: str,
    database_url: str,
    extra_env: Mapping[str, str] | None = None,
    noted: list[str] | None = None,
) -> AsyncIterator[asyncio.subprocess.Process]:
    """Run ``python worker.py`` until the block ends; yield it once it polls.

    Args:
        address: The Temporal frontend.
        queue: The task queue it polls.
        database_url: Its case database.
        extra_env: More environment variables.
        noted: Receives the worker's log lines that name a ``WATCHED`` word.
    """
    env = {
        **os.environ,
        "TEMPORAL_ADDRESS": address,
        "TEMPORAL_NAMESPACE": NAMESPACE,
        "GUICHET_TASK_QUEUE": queue,
        "GUICHET_DATABASE_URL": database_url,
        "GUICHET_MODEL_BACKEND": "none",
        "GUICHET_LOG_LEVEL": "INFO",
        **(extra_env or {}),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "worker.py"),
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert process.stdout is not None
    drain: asyncio.Task[None] | None = None
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS):
            while True:
                line = await process.stdout.readline()
                if not line:
                    raise RuntimeError("worker process exited before it started")
                if b"worker started" in line:
                    break
        drain = asyncio.create_task(_drain(process.stdout, noted))
        yield process
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                async with asyncio.timeout(30):
                    await process.wait()
            except TimeoutError:
                process.kill()
                await process.wait()
        if drain is not None:
            await drain
