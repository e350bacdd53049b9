"""The web app: applicant pages, caseworker pages and the HTTP API in one FastAPI app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from web.api import applicant as applicant_api
from web.api import audit as audit_api
from web.api import auth as auth_api
from web.api import caseworker as caseworker_api
from web.api import codec as codec_api
from web.api import documents as documents_api
from web.api import feedback as feedback_api
from web.api import statistics as statistics_api
from web.api.codec import CodecCors
from web.context import WebContext
from web.errors import install_error_handlers
from web.hardening import Hardening
from web.pages import applicant as applicant_pages
from web.pages import staff as staff_pages
from web.pages import staff_files
from web.pages import supervision as supervision_pages
from web.pages.render import render_error
from web.telemetry import MetricsMiddleware, WebMetrics, health_router
from web.text_guard import TextGuard

STATIC_DIR = Path(__file__).parent / "static"


def create_app(context: WebContext) -> FastAPI:
    """Build the web app around ``context``.

    Args:
        context: The case service, stores and settings the handlers use.

    Returns:
        The ASGI app; serve it with uvicorn.
    """
    app = FastAPI(
        title="Guichet",
        version="1",
        description="Guichet HTTP API (see API.md) and web pages.",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.context = context
    install_error_handlers(app, render_error)

    # Outermost last: CORS (codec only) wraps the hardening middleware, which
    # bounds the bodies the text guard reads.
    app.add_middleware(TextGuard)
    app.add_middleware(
        Hardening,
        limits=context.limits,
        cookie_secure=context.cookie_secure,
        https_public_url=context.public_url.startswith("https://"),
    )
    app.add_middleware(CodecCors, origin=context.codec_origin)
    app.include_router(applicant_api.router)
    app.include_router(documents_api.router)
    app.include_router(auth_api.router)
    app.include_router(caseworker_api.router)
    app.include_router(audit_api.router)
    app.include_router(codec_api.router)
    app.include_router(feedback_api.router)
    app.include_router(statistics_api.router)
    app.include_router(applicant_pages.router)
    app.include_router(staff_pages.router)
    app.include_router(staff_files.router)
    app.include_router(supervision_pages.router)
    app.include_router(health_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # Added last, so outermost: it also counts what the guard refuses (413...).
    app.state.metrics = WebMetrics()
    app.add_middleware(MetricsMiddleware, web_metrics=app.state.metrics)
    return app
