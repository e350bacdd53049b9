"""The web app: applicant pages, caseworker pages and the HTTP API in one FastAPI app."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from web.api import applicant as applicant_api
from web.api import audit as audit_api
from web.api import auth as auth_api
from web.api import caseworker as caseworker_api
from web.context import WebContext
from web.errors import error_response, install_error_handlers
from web.pages import applicant as applicant_pages
from web.pages import staff as staff_pages
from web.security import CSRF_COOKIE, issue_csrf

STATIC_DIR = Path(__file__).parent / "static"
MAX_BODY_BYTES = 64 * 1024
"""Larger request bodies are refused with 413 before they are read."""

_SECURITY_HEADERS = {
    # Nothing leaves the page in a Referer (the continue link's code, case ids).
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
}


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
    install_error_handlers(app)

    @app.middleware("http")
    async def _guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return error_response(413, "too_large", f"the body exceeds {MAX_BODY_BYTES} bytes")
        new_csrf = issue_csrf(request)
        response = await call_next(request)
        for name, value in _SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        if new_csrf is not None:
            response.set_cookie(
                CSRF_COOKIE,
                new_csrf,
                httponly=True,
                # Lax, not Strict: a link from an e-mail must not mint a new token.
                samesite="lax",
                secure=context.cookie_secure,
            )
        return response

    app.include_router(applicant_api.router)
    app.include_router(auth_api.router)
    app.include_router(caseworker_api.router)
    app.include_router(audit_api.router)
    app.include_router(applicant_pages.router)
    app.include_router(staff_pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
