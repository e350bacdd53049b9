"""The API's error format, ``{"error": {"code", "message"}}``, for every failure.

Pages answer their errors with a page instead; this module does not know how
pages are drawn (it sits below them), so the app hands it the page renderer
(:class:`ErrorPage`) when it installs the handlers.
"""

from __future__ import annotations

from typing import Any, Protocol

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from runtime.service import RETRY_AFTER_SECONDS, CaseError

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "too_many_requests",
}


class ApiError(Exception):
    """A refused request with a stable code and an HTTP status."""

    def __init__(
        self, status: int, code: str, message: str, retry_after: int | None = None
    ) -> None:
        """Create the error; ``retry_after`` (seconds) is sent as ``Retry-After``."""
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.retry_after = retry_after

    @classmethod
    def from_case_error(cls, error: CaseError) -> ApiError:
        """Wrap an error of the case service."""
        return cls(error.http_status, error.code, error.message, error.retry_after)


class SignInRequired(Exception):
    """A staff page asked for without a session: answered with a redirect to sign in."""


SIGN_IN_PAGE = "/staff/login"
"""Where a staff page without a session sends the browser."""


class ErrorPage(Protocol):
    """Draws the page of a refused page request (see ``web.pages.render.render_error``)."""

    def __call__(
        self, request: Request, status_code: int, *, being_updated: bool = False
    ) -> Response:
        """Return the error page for ``status_code``; ``being_updated``: reload soon."""
        ...


def error_response(status: int, code: str, message: str, **headers: str) -> JSONResponse:
    """Return the JSON error body with ``status``."""
    return detailed_error_response(status, code, message, {}, headers)


def detailed_error_response(
    status: int, code: str, message: str, details: dict[str, Any], headers: dict[str, str]
) -> JSONResponse:
    """Return the JSON error body with ``details`` beside the error object."""
    return JSONResponse(
        {"error": {"code": code, "message": message}, **details},
        status_code=status,
        headers=headers or None,
    )


def _describe(errors: list[Any]) -> tuple[int, str, str]:
    """Turn pydantic's errors into one status, code and message naming the field."""
    first = errors[0] if errors else {}
    if first.get("type") == "json_invalid":
        return 400, "bad_json", "the body is not valid JSON"
    location = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
    return 422, "invalid", f"{location or 'body'}: {first.get('msg', 'invalid')}"


def _retry_after(status: int, seconds: int | None) -> dict[str, str]:
    """``Retry-After`` for every 503: the client is told when to resend, not to give up."""
    if status != 503:
        return {}
    return {"Retry-After": str(seconds or RETRY_AFTER_SECONDS)}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/codec/"))


def install_error_handlers(app: FastAPI, error_page: ErrorPage) -> None:
    """Make every error an API error body (JSON) or, on pages, a plain page.

    Args:
        app: The web app.
        error_page: Draws the pages' error page.
    """

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        if exc.status in (403, 404) and not _is_api(request):
            return error_page(request, exc.status)
        if exc.code == "being_updated" and not _is_api(request):
            # A staff page whose case is a moment ahead of its rows: reload soon.
            page = error_page(request, 503, being_updated=True)
            page.headers.update(_retry_after(503, exc.retry_after))
            return page
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else {}
        headers |= _retry_after(exc.status, exc.retry_after)
        return error_response(exc.status, exc.code, exc.message, **headers)

    @app.exception_handler(CaseError)
    async def _case_error(request: Request, exc: CaseError) -> Response:
        headers = _retry_after(exc.http_status, exc.retry_after)
        return detailed_error_response(exc.http_status, exc.code, exc.message, exc.details, headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        status, code, message = _describe(list(exc.errors()))
        return error_response(status, code, message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = _HTTP_CODES.get(exc.status_code, "error")
        if _is_api(request) or exc.status_code not in (404, 405):
            message = str(exc.detail) if exc.detail else code
            return error_response(exc.status_code, code, message)
        return error_page(request, exc.status_code)

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, exc: SignInRequired) -> Response:
        return RedirectResponse(SIGN_IN_PAGE, status_code=303)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        # Reached only if web.hardening is bypassed. No detail: a stack trace
        # could carry personal data.
        if _is_api(request):
            return error_response(500, "internal", "internal error")
        return HTMLResponse("Internal error", status_code=500)
