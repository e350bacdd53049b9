"""A worker process for fault-injection tests: ``python -m tests.fault_worker``.

It is ``worker.py`` (every role, settings from ``GUICHET_*``) plus one fault:
when ``FAULT_HOLD_ACTIVITY`` names an activity type, the first attempt of
its ``FAULT_HOLD_SKIP``-th + 1 execution in this process is held forever,
before running it or, with ``FAULT_HOLD_WHEN=after``, after it ran and
before it reports back. The worker writes ``FAULT_MARKER`` when it holds, so
the test knows when to SIGKILL it.
"""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path
from typing import Any

from temporalio import activity
from temporalio.worker import ActivityInboundInterceptor, ExecuteActivityInput, Interceptor

from guichet.config import get_settings
from guichet.crypto import load_keys
from guichet.store import open_store
from runtime.queues import ROLES, QueueLayout, WorkerTuning
from runtime.temporal import build_workers, connect


class HoldActivity(Interceptor):
    """Holds one execution of one activity type until the process is killed."""

    def __init__(self, activity_type: str, when: str, skip: int, marker: Path) -> None:
        self.activity_type = activity_type
        self.when = when
        self.remaining = skip
        self.marker = marker

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        fault = self

        class Hold(ActivityInboundInterceptor):
            async def execute_activity(self, input: ExecuteActivityInput) -> Any:
                info = activity.info()
                if info.activity_type != fault.activity_type or info.attempt != 1:
                    return await super().execute_activity(input)
                if fault.remaining > 0:
                    fault.remaining -= 1
                    return await super().execute_activity(input)
                fault.remaining = -1
                if fault.when == "after":
                    await super().execute_activity(input)
                fault.marker.write_text(f"{info.workflow_id} {info.activity_type}\n")
                await asyncio.Event().wait()  # until SIGKILL

        return Hold(next)


async def main() -> None:
    settings = get_settings()
    interceptors: list[Interceptor] = []
    held = os.environ.get("FAULT_HOLD_ACTIVITY")
    if held:
        interceptors.append(
            HoldActivity(
                held,
                os.environ.get("FAULT_HOLD_WHEN", "before"),
                int(os.environ.get("FAULT_HOLD_SKIP", "0")),
                Path(os.environ["FAULT_MARKER"]),
            )
        )
    client = await connect(settings.address, settings.temporal_namespace, load_keys(settings))
    store = await open_store(settings.resolved_database_url)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    workers = build_workers(
        client,
        store,
        QueueLayout.from_settings(settings),
        ROLES,
        WorkerTuning.from_settings(settings),
        interceptors,
    )
    try:
        async with workers[0]:
            print("fault worker running", flush=True)
            await stop.wait()
    finally:
        await store.close()


if __name__ == "__main__":
    asyncio.run(main())
