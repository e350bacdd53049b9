"""Everything a Guichet process needs, opened and closed in the right order.

Embedded default: start (or reuse) the dev server, create the namespace
with a long retention, open and migrate the case database. With
``TEMPORAL_ADDRESS`` set, only connect. Optionally run a worker in-process.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Collection
from dataclasses import dataclass
from datetime import timedelta

import structlog
from temporalio.client import Client

from agents.intake.model import warm_up
from guichet import heap
from guichet.config import Settings, get_settings
from guichet.crypto import load_keys
from guichet.idempotency import load_secret
from guichet.llm import open_model
from guichet.metrics import bind_meter, metrics_runtime
from guichet.private import private_dir
from guichet.store import CaseStore
from runtime.devserver import EmbeddedTemporal, ensure_namespace
from runtime.queues import ROLES, QueueLayout, Role, WorkerTuning
from runtime.service import CaseService
from runtime.temporal import build_workers, connect

log = structlog.get_logger(__name__)


@dataclass
class Runtime:
    """A connected client, the case store and (embedded) the server."""

    settings: Settings
    client: Client
    store: CaseStore
    server: EmbeddedTemporal | None

    def case_service(self) -> CaseService:
        """Return the case service on this runtime's client and settings."""
        return CaseService(
            self.client,
            self.settings.task_queue,
            claim_timeout_seconds=self.settings.claim_timeout_minutes * 60,
            applicant_reminder_seconds=self.settings.applicant_reminder_days * 86400,
            task_reminder_seconds=self.settings.task_reminder_days * 86400,
            intake_expiry_seconds=self.settings.intake_expiry_days * 86400,
            intake_reminder_seconds=self.settings.intake_reminder_days * 86400,
            wait_seconds=self.settings.request_wait_seconds,
            idempotency_secret=load_secret(
                secret.get_secret_value() if (secret := self.settings.idempotency_secret) else None,
                self.settings.data_dir,
            ),
        )


@contextlib.asynccontextmanager
async def open_runtime(
    settings: Settings | None = None,
    *,
    run_worker: bool = False,
    roles: Collection[Role] = ROLES,
) -> AsyncIterator[Runtime]:
    """Open the runtime; stop what was started, in reverse order, on exit.

    Args:
        settings: Settings to use (default: from the environment).
        run_worker: Also run workers in this process while the block runs.
        roles: The roles those workers serve (one worker per task queue).

    Yields:
        The runtime.
    """
    settings = settings or get_settings()
    # Owner only: the case database, keys, outbox and files live here.
    private_dir(settings.data_dir)
    # Before the embedded server writes anything: a key is generated only
    # into a data directory without data (see guichet.crypto.local_keys).
    keys = load_keys(settings)
    server: EmbeddedTemporal | None = None
    if settings.embedded:
        server = EmbeddedTemporal(
            settings.data_dir, settings.embedded_port, namespace=settings.temporal_namespace
        )
        await server.start()
    try:
        temporal_runtime = metrics_runtime(settings.metrics_address)
        if temporal_runtime is not None:
            bind_meter(temporal_runtime.metric_meter)
        client = await connect(
            settings.address,
            settings.temporal_namespace,
            keys,
            runtime=temporal_runtime,
        )
        if settings.embedded:
            await ensure_namespace(
                client, settings.temporal_namespace, timedelta(days=settings.retention_days)
            )
        store = await CaseStore.create(settings.resolved_database_url, keys=keys)
        try:
            await store.migrate()
            await store.case_keys.check_ring(keys)
            runtime = Runtime(settings=settings, client=client, store=store, server=server)
            if not run_worker:
                yield runtime
                return
            async with contextlib.AsyncExitStack() as stack:
                # One model client (and local model server) per process, shared
                # by every understanding activity it runs; none without that role.
                model = (
                    await stack.enter_async_context(open_model(settings))
                    if "models" in roles
                    else None
                )
                if model is not None:
                    await warm_up(model)
                workers = build_workers(
                    client,
                    store,
                    QueueLayout.from_settings(settings),
                    roles,
                    WorkerTuning.from_settings(settings),
                    model=model,
                )
                for worker in workers:
                    await stack.enter_async_context(worker)
                    log.info(
                        "worker running",
                        task_queue=worker.task_queue,
                        model_backend=settings.model_backend if model else "none",
                    )
                _keep_collections_short(WorkerTuning.from_settings(settings), roles)
                try:
                    yield runtime
                finally:
                    # How long the collections of this process's life were
                    # (compare with the SDK's 2 s limit; see guichet.heap).
                    log.info("gc_summary", **_PAUSES.summary())
        finally:
            await store.close()
    finally:
        if server is not None:
            # Give the SDK's core a moment to drop its connections first.
            await asyncio.sleep(0)
            server.stop()


_PAUSES = heap.PauseMonitor()


def _keep_collections_short(tuning: WorkerTuning, roles: Collection[Role]) -> None:
    """Freeze the built worker's lifelong objects, once; log long collections.

    See :mod:`guichet.heap`. Only the first runtime of a process freezes:
    that is the worker's own start, and a process that opens runtimes again
    (the tests) would otherwise freeze what the earlier ones left behind.
    """
    if not _PAUSES.installed:
        log.info("startup objects frozen", objects=heap.freeze_startup_objects())
        _PAUSES.install()
    warning = heap.cache_warning(tuning.max_cached_workflows) if "workflows" in roles else None
    if warning:
        log.warning("sticky_cache_large", detail=warning)
