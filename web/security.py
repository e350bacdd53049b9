"""Who is calling: bearer tokens for the API, cookies and CSRF for the pages.

Applicants hold a per-case access token (API) or a session cookie bound to
one case (pages). Caseworkers hold an API token or a staff session cookie.
Every page form carries a CSRF token that must match the browser's CSRF
cookie (double submit); API calls authenticate with a header, never a cookie,
so they need none.
"""

from __future__ import annotations

from fastapi import Request

from guichet.accounts.tokens import new_secret, same_secret
from schemas.account import SessionKind, User
from web.context import Ctx
from web.errors import ApiError

CSRF_COOKIE = "guichet_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
APPLICANT_COOKIE = "guichet_case"
STAFF_COOKIE = "guichet_staff"
LANG_COOKIE = "guichet_lang"


def bearer_token(request: Request) -> str | None:
    """Return the bearer token of the ``Authorization`` header, if any."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


async def api_user(request: Request, context: Ctx) -> User:
    """FastAPI dependency: the caseworker an API token belongs to (else 401)."""
    token = bearer_token(request)
    if token is None:
        raise ApiError(401, "unauthorized", "a bearer token is required")
    user = await context.accounts.staff_user(token, SessionKind.API)
    if user is None:
        raise ApiError(401, "unauthorized", "the token is invalid or expired")
    return user


async def case_reader(case_id: str, request: Request, context: Ctx) -> str:
    """FastAPI dependency: allow the case's applicant or a caseworker of its group.

    Returns:
        ``applicant`` or the caseworker's username.

    Raises:
        ApiError: 401 without valid credentials; 404 for a case the caller may
            not see (the same answer as for an unknown case, so ids cannot be
            probed).
    """
    token = bearer_token(request)
    if token is None:
        raise ApiError(401, "unauthorized", "a bearer token is required")
    owned = await context.accounts.case_of_token(token)
    if owned is not None:
        if owned != case_id:
            raise ApiError(404, "unknown_case", "no such case")
        return "applicant"
    user = await context.accounts.staff_user(token, SessionKind.API)
    if user is None:
        raise ApiError(401, "unauthorized", "the token is invalid or expired")
    row = await context.store.get_case(case_id)
    if row is None or not user.can_see_group(row.procedure):
        raise ApiError(404, "unknown_case", "no such case")
    return user.username


async def applicant_case(case_id: str, request: Request, context: Ctx) -> str:
    """FastAPI dependency: only the case's own applicant (for messages)."""
    token = bearer_token(request)
    if token is None:
        raise ApiError(401, "unauthorized", "a bearer token is required")
    owned = await context.accounts.case_of_token(token)
    if owned is None:
        raise ApiError(401, "unauthorized", "the token is invalid")
    if owned != case_id:
        raise ApiError(404, "unknown_case", "no such case")
    return case_id


def csrf_token(request: Request) -> str:
    """Return the browser's CSRF token (set by the middleware on first visit)."""
    token: str = request.state.csrf
    return token


def issue_csrf(request: Request) -> str | None:
    """Adopt the CSRF cookie, or mint one; return a new value to set, if any."""
    existing = request.cookies.get(CSRF_COOKIE)
    if existing and 20 <= len(existing) <= 100:
        request.state.csrf = existing
        return None
    request.state.csrf = new_secret()
    return str(request.state.csrf)


async def check_csrf(request: Request) -> None:
    """FastAPI dependency for page forms: the form's token must match the cookie."""
    cookie = request.cookies.get(CSRF_COOKIE)
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not cookie or not given or not same_secret(given, cookie):
        raise ApiError(403, "csrf", "the form has expired; reload the page and try again")
