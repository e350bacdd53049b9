"""Web hardening: security headers, cookie flags, rate limits, body limits, opaque 500s.

One ASGI middleware (:class:`Hardening`) wraps the whole app, so it applies
to every page, API call and static file, and also to errors raised before a
route runs:

- **Headers**: a Content-Security-Policy without inline scripts or styles
  (htmx's indicator styles are in ``app.css``: ``includeIndicatorStyles`` is
  off in ``base.html``), frame denial (``X-Frame-Options`` and
  ``frame-ancestors``), ``nosniff``, ``Referrer-Policy: no-referrer`` (the
  continue link's code and case ids never leave in a Referer), no caching of
  anything but static files, and HSTS on HTTPS.
- **Cookies**: every ``Set-Cookie`` gets ``HttpOnly`` and ``SameSite`` (Lax
  unless stricter) and, on HTTPS, ``Secure``, whichever handler set it.
- **Rate limits** on what applicants (and anyone) can call without an
  account: starting cases, sending messages, continue-later links and their
  resending, and sign-in. 429 with the API error body and ``Retry-After``.
  Counted per client address (plus the path for messages, i.e. per case);
  ``limits`` keeps the windows, in memory by default, in Redis or Memcached
  when several processes serve the app (``GUICHET_RATE_LIMIT_STORAGE``).
- **Body size**: 413 before a larger body is read (by its Content-Length, or
  while it streams when there is none); some paths (uploads) may have a
  larger allowance.
- **Errors**: an unexpected exception answers a generic 500 with a request
  id; the details go to the logs only.
"""

from __future__ import annotations

import math
import re
import time
import uuid
from dataclasses import dataclass, field

import structlog
from limits import parse
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import cookie_parser
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from guichet import metrics
from guichet.accounts.tokens import new_secret
from guichet.config import Settings
from web.errors import error_response
from web.security import CSRF_COOKIE
from web.upload_limits import UPLOAD_BODY_BYTES, UPLOAD_PATHS

log = structlog.get_logger("guichet.web")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
REQUEST_ID_HEADER = "X-Request-ID"


@dataclass(frozen=True)
class RateRule:
    """One rate-limited group of requests.

    Attributes:
        name: The bucket (and the metric label).
        method: The HTTP method.
        path: A regular expression the whole path must match.
        per_path: Count per client address and path (a case's messages)
            rather than per address only.
    """

    name: str
    method: str
    path: str
    per_path: bool = False


RATE_RULES: tuple[RateRule, ...] = (
    RateRule("start_case", "POST", r"/api/cases"),
    RateRule("start_case", "POST", r"/start"),
    RateRule("message", "POST", r"/api/cases/[^/]+/messages", per_path=True),
    RateRule("message", "POST", r"/chat/(messages|edit)"),
    RateRule("continue_later", "POST", r"/chat/link"),
    RateRule("continue_later", "POST", r"/continue/resend"),
    # The one-time code arrives in the query string: guessing is rate limited too.
    RateRule("continue_later", "GET", r"/continue"),
    RateRule("sign_in", "POST", r"/api/auth/token"),
    RateRule("sign_in", "POST", r"/staff/login"),
)
"""The applicant endpoints and sign-in; everything else needs an account."""


def _default_rates() -> dict[str, str]:
    return {
        "start_case": "30/minute",
        "message": "60/minute",
        "continue_later": "20/minute",
        "sign_in": "20/minute",
    }


@dataclass(frozen=True)
class WebLimits:
    """Limits of the web app (see :mod:`guichet.config` for the settings).

    Attributes:
        max_body_bytes: Largest request body, unless an allowance says more.
        body_allowances: ``(path regex, bytes)`` pairs for larger bodies
            (uploads); the first matching one applies.
        rates: Bucket name → ``limits`` rate string (``"30/minute"``).
        rate_storage: A ``limits`` storage URI (``async+memory://``, ``async+redis://...``).
        hsts_max_age: ``max-age`` of Strict-Transport-Security, in seconds.
    """

    max_body_bytes: int = 64 * 1024
    # Upload routes read their body within their own bound (web/uploads.py).
    body_allowances: tuple[tuple[str, int], ...] = ((UPLOAD_PATHS, UPLOAD_BODY_BYTES),)
    rates: dict[str, str] = field(default_factory=_default_rates)
    rate_storage: str = "async+memory://"
    hsts_max_age: int = 365 * 24 * 3600

    @classmethod
    def from_settings(cls, settings: Settings) -> WebLimits:
        """Read the limits from the settings."""
        return cls(
            max_body_bytes=settings.max_body_bytes,
            rates={
                "start_case": settings.rate_limit_start_case,
                "message": settings.rate_limit_message,
                "continue_later": settings.rate_limit_continue_later,
                "sign_in": settings.rate_limit_sign_in,
            },
            rate_storage=settings.rate_limit_storage,
        )

    def body_limit(self, path: str) -> int:
        """The largest body accepted on ``path``."""
        for pattern, size in self.body_allowances:
            if re.fullmatch(pattern, path):
                return size
        return self.max_body_bytes


class _BodyTooLarge(Exception):
    """A streamed body passed its limit."""


def _is_api(path: str) -> bool:
    return path.startswith(("/api/", "/codec/"))


class Hardening:
    """The app's outermost own middleware (see the module docstring).

    Args:
        app: The app to wrap.
        limits: Body and rate limits.
        cookie_secure: Mark cookies Secure even on plain HTTP (behind a TLS proxy).
        https_public_url: The public URL is https: send HSTS on every response.
    """

    def __init__(
        self, app: ASGIApp, limits: WebLimits, cookie_secure: bool, https_public_url: bool
    ) -> None:
        """Wrap ``app``."""
        self.app = app
        self.limits = limits
        self.cookie_secure = cookie_secure
        self.https_public_url = https_public_url
        self.limiter = MovingWindowRateLimiter(storage_from_string(limits.rate_storage))
        self.rules = [
            (rule, re.compile(rule.path), parse(limits.rates[rule.name]))
            for rule in RATE_RULES
            if limits.rates.get(rule.name)
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Apply limits, add headers, and turn unexpected errors into opaque 500s."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        path: str = scope["path"]
        https = scope.get("scheme") == "https"
        new_csrf = self._adopt_csrf(scope, state)
        limit = self.limits.body_limit(path)
        started = overflowed = replaced = False

        async def emit(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                self._harden_headers(message, path, request_id, https, new_csrf)
            await send(message)

        async def send_hardened(message: Message) -> None:
            # FastAPI turns a failed body read into its own 400: once the body
            # overflowed, whatever the app answers is replaced by the 413.
            nonlocal replaced
            if not overflowed:
                await emit(message)
            elif not replaced and message["type"] == "http.response.start":
                replaced = True
                await _too_large(limit)(scope, receive, emit)

        refusal = await self._refusal(scope, path)
        if refusal is not None:
            await refusal(scope, receive, emit)
            return
        received = 0

        async def receive_limited() -> Message:
            nonlocal received, overflowed
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    overflowed = True
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, receive_limited, send_hardened)
        except _BodyTooLarge:
            if started:
                raise
            await _too_large(limit)(scope, receive, emit)
        except Exception:
            # Details (and the trace) go to the logs under the request id only.
            log.exception("unhandled_error", request_id=request_id, method=scope["method"])
            if started:
                raise
            await internal_error(path, request_id)(scope, receive, emit)

    async def _refusal(self, scope: Scope, path: str) -> Response | None:
        headers = Headers(scope=scope)
        length = headers.get("content-length")
        limit = self.limits.body_limit(path)
        if length is not None and (not length.isdigit() or int(length) > limit):
            return _too_large(limit)
        client = scope.get("client")
        address = client[0] if client else "unknown"
        for rule, pattern, item in self.rules:
            if scope["method"] != rule.method or not pattern.fullmatch(path):
                continue
            keys = (rule.name, address, path) if rule.per_path else (rule.name, address)
            if await self.limiter.hit(item, *keys):
                return None
            stats = await self.limiter.get_window_stats(item, *keys)
            retry = max(1, math.ceil(stats.reset_time - time.time()))
            log.warning("rate_limited", bucket=rule.name, method=rule.method)
            metrics.increment("rate_limited", bucket=rule.name)
            return error_response(
                429,
                "too_many_requests",
                f"too many requests; try again in {retry} s",
                **{"Retry-After": str(retry)},
            )
        return None

    @staticmethod
    def _adopt_csrf(scope: Scope, state: dict[str, object]) -> str | None:
        """Adopt the browser's CSRF cookie, or mint one to set on the response."""
        existing = cookie_parser(Headers(scope=scope).get("cookie", "")).get(CSRF_COOKIE)
        if existing is not None and 20 <= len(existing) <= 100:
            state["csrf"] = existing
            return None
        state["csrf"] = new_secret()
        return str(state["csrf"])

    def _harden_headers(
        self, message: Message, path: str, request_id: str, https: bool, new_csrf: str | None
    ) -> None:
        headers = MutableHeaders(scope=message)
        for name, value in SECURITY_HEADERS.items():
            if name not in headers:
                headers[name] = value
        if not path.startswith("/static/") and "cache-control" not in headers:
            headers["Cache-Control"] = "no-store"
        if https or self.https_public_url:
            headers["Strict-Transport-Security"] = (
                f"max-age={self.limits.hsts_max_age}; includeSubDomains"
            )
        headers[REQUEST_ID_HEADER] = request_id
        secure = https or self.cookie_secure
        cookies = [value for key, value in message["headers"] if key.lower() == b"set-cookie"]
        if new_csrf is not None:
            # Lax, not Strict: a link from an e-mail must not mint a new token.
            jar = Response()
            jar.set_cookie(CSRF_COOKIE, new_csrf, httponly=True, samesite="lax")
            cookies.extend(v for k, v in jar.raw_headers if k == b"set-cookie")
        del headers["set-cookie"]
        for cookie in cookies:
            headers.append("set-cookie", harden_cookie(cookie.decode("latin-1"), secure))


def harden_cookie(cookie: str, secure: bool) -> str:
    """Add ``HttpOnly``, ``SameSite=Lax`` (unless set) and, when ``secure``, ``Secure``.

    No page script reads a cookie, so every cookie can be HttpOnly.
    """
    attributes = {part.strip().split("=", 1)[0].lower() for part in cookie.split(";")[1:]}
    if "httponly" not in attributes:
        cookie += "; HttpOnly"
    if "samesite" not in attributes:
        cookie += "; SameSite=lax"
    if secure and "secure" not in attributes:
        cookie += "; Secure"
    return cookie


def _too_large(limit: int) -> Response:
    return error_response(413, "too_large", f"the body exceeds {limit} bytes")


def internal_error(path: str, request_id: str) -> Response:
    """The opaque answer to an unexpected error: a request id, never a trace."""
    if _is_api(path):
        return JSONResponse(
            {"error": {"code": "internal", "message": "internal error", "request_id": request_id}},
            status_code=500,
        )
    return HTMLResponse(
        f"<!doctype html><title>Error</title><h1>Internal error</h1><p>Reference: {request_id}</p>",
        status_code=500,
    )
