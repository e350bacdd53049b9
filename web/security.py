"""Who is calling: bearer tokens for the API, cookies and CSRF for the pages.

Applicants hold a per-case access token (API) or a session cookie bound to
one case (pages). Caseworkers hold an API token or a staff session cookie.
Every page form carries a CSRF token that must match the browser's CSRF
cookie (double submit); API calls authenticate with a header, never a cookie,
so they need none. Who may see and do what is decided in :mod:`web.access`.
"""

from __future__ import annotations

from fastapi import Request

from guichet.accounts.tokens import same_secret
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


def csrf_token(request: Request) -> str:
    """Return the browser's CSRF token (adopted or minted by :mod:`web.hardening`)."""
    token: str = request.state.csrf
    return token


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
