"""Serving the web app next to the worker: context from a runtime, uvicorn in-process."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import uvicorn
from fastapi import FastAPI

from guichet.accounts import AccountService
from guichet.config import Settings
from guichet.store import AccountStore, CaseStore
from runtime.service import CaseService
from schemas.account import Role
from web.app import create_app
from web.context import WebContext
from web.hardening import WebLimits
from web.telemetry import WebMetrics

DEMO_ACCOUNTS: tuple[tuple[str, str, tuple[str, ...], Role], ...] = (
    ("anna", "anna-demo-pass", ("short_time_work",), Role.CASEWORKER),
    ("ben", "ben-demo-pass", ("short_time_work",), Role.CASEWORKER),
    ("chloe", "chloe-demo-pass", ("minimum_income",), Role.CASEWORKER),
    ("sam", "sam-demo-pass", (), Role.SUPERVISOR),
)
"""Seeded by ``starter.py up`` on a local installation (username, password, groups, role)."""


def _public_url(settings: Settings) -> str:
    """``GUICHET_PUBLIC_URL`` when set (links, HSTS), else the address served on."""
    if "public_url" in settings.model_fields_set:
        return settings.public_url.rstrip("/")
    return f"http://{settings.web_host}:{settings.web_port}"


def build_context(
    service: CaseService, store: CaseStore, settings: Settings, public_url: str | None = None
) -> WebContext:
    """Assemble the web app's collaborators from an open runtime."""
    return WebContext(
        cases=service,
        store=store,
        accounts=AccountService(AccountStore(store.engines)),
        outbox_dir=settings.outbox_dir,
        public_url=public_url or _public_url(settings),
        cookie_secure=settings.cookie_secure,
        limits=WebLimits.from_settings(settings),
        codec_origin=settings.codec_origin,
        tacit_warning_days=settings.tacit_warning_days,
        data_dir=settings.data_dir,
    )


async def seed_demo_accounts(accounts: AccountService) -> list[str]:
    """Create the demo accounts that do not exist yet; return the created names."""
    created = []
    for username, password, groups, role in DEMO_ACCOUNTS:
        if await accounts.ensure_user(username, password, groups, role):
            created.append(username)
    return created


class EmbeddedServer(uvicorn.Server):
    """A uvicorn server that leaves signal handling to its host process.

    Uvicorn's own handlers would re-raise SIGTERM after serving, killing the
    process before the worker and the embedded Temporal server are stopped.
    """

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """Install nothing: the caller stops the server with ``should_exit``."""
        yield


def uvicorn_server(context: WebContext, host: str, port: int) -> uvicorn.Server:
    """Return a uvicorn server for the app, to run in the caller's event loop.

    Access logs are off: the continue-later link's one-time code is in a URL.
    """
    config = uvicorn.Config(
        create_app(context),
        host=host,
        port=port,
        access_log=False,
        log_level="warning",
        lifespan="off",
    )
    return EmbeddedServer(config)


def metrics_of(server: uvicorn.Server) -> WebMetrics:
    """Return the metrics of the app ``server`` serves (to export them)."""
    app = server.config.app
    if not isinstance(app, FastAPI):
        raise TypeError("the server does not serve Guichet's app")
    metrics: WebMetrics = app.state.metrics
    return metrics
