"""Everything a Guichet process needs, opened and closed in the right order.

Embedded default: start (or reuse) the dev server, create the namespace
with a long retention, open and migrate the case database. With
``TEMPORAL_ADDRESS`` set, only connect. Optionally run a worker in-process.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import structlog
from temporalio.client import Client

from guichet.config import Settings, get_settings
from guichet.devserver import EmbeddedTemporal, ensure_namespace
from guichet.llm import open_model
from guichet.store import CaseStore
from guichet.temporal import build_model_worker, build_worker, connect

log = structlog.get_logger(__name__)


@dataclass
class Runtime:
    """A connected client, the case store and (embedded) the server."""

    settings: Settings
    client: Client
    store: CaseStore
    server: EmbeddedTemporal | None


@contextlib.asynccontextmanager
async def open_runtime(
    settings: Settings | None = None, *, run_worker: bool = False
) -> AsyncIterator[Runtime]:
    """Open the runtime; stop what was started, in reverse order, on exit.

    Args:
        settings: Settings to use (default: from the environment).
        run_worker: Also run a worker in this process while the block runs.

    Yields:
        The runtime.
    """
    settings = settings or get_settings()
    server: EmbeddedTemporal | None = None
    if settings.embedded:
        server = EmbeddedTemporal(
            settings.data_dir, settings.embedded_port, namespace=settings.temporal_namespace
        )
        await server.start()
    try:
        client = await connect(settings.address, settings.temporal_namespace)
        if settings.embedded:
            await ensure_namespace(
                client, settings.temporal_namespace, timedelta(days=settings.retention_days)
            )
        store = await CaseStore.create(settings.resolved_database_url)
        try:
            await store.migrate()
            runtime = Runtime(settings=settings, client=client, store=store, server=server)
            if not run_worker:
                yield runtime
                return
            async with contextlib.AsyncExitStack() as stack:
                # One model client (and local model server) per process,
                # shared by every understanding activity it runs.
                model = await stack.enter_async_context(open_model(settings))
                await stack.enter_async_context(
                    build_worker(
                        client,
                        settings.task_queue,
                        store,
                        model=model,
                        model_task_queue=settings.model_task_queue,
                    )
                )
                if settings.model_task_queue:
                    await stack.enter_async_context(
                        build_model_worker(client, settings.model_task_queue, model)
                    )
                log.info(
                    "worker running",
                    task_queue=settings.task_queue,
                    model_backend=settings.model_backend if model else "none",
                )
                yield runtime
        finally:
            await store.close()
    finally:
        if server is not None:
            # Give the SDK's core a moment to drop its connections first.
            await asyncio.sleep(0)
            server.stop()
