"""Template rendering shared by the page routers."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from jinja2_fragments.fastapi import Jinja2Blocks

from web.i18n import LANGUAGE_NAMES, LANGUAGES, pick_language, translator
from web.security import CSRF_FIELD, CSRF_HEADER, LANG_COOKIE, csrf_token

TEMPLATES = Jinja2Blocks(directory=str(Path(__file__).resolve().parent.parent / "templates"))


def ui_language(request: Request) -> str:
    """The language of the page: ``?lang=``, then the cookie, then the browser."""
    return pick_language(
        request.query_params.get("lang"),
        request.cookies.get(LANG_COOKIE),
        request.headers.get("accept-language"),
    )


def is_htmx(request: Request) -> bool:
    """Whether htmx sent the request (it then expects a fragment)."""
    return request.headers.get("hx-request") == "true"


def render(
    request: Request,
    template: str,
    values: dict[str, Any] | None = None,
    *,
    block: str | None = None,
    status_code: int = 200,
    language: str | None = None,
) -> Response:
    """Render a page (or one block of it, for htmx) with the common context."""
    lang = language or ui_language(request)
    context: dict[str, Any] = {
        "lang": lang,
        "t": translator(lang),
        "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        "csrf": csrf_token(request),
        "csrf_field": CSRF_FIELD,
        "csrf_header": CSRF_HEADER,
        "path": request.url.path,
        "quote": quote,
    }
    context.update(values or {})
    response: Response
    if block is not None:
        response = TEMPLATES.TemplateResponse(
            request, template, context, block_name=block, status_code=status_code
        )
    else:
        response = TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)
    if request.query_params.get("lang") == lang:
        response.set_cookie(LANG_COOKIE, lang, samesite="lax", max_age=365 * 24 * 3600)
    return response


def redirect(url: str) -> RedirectResponse:
    """A 303 See Other (after a form post, or to drop a code from the address bar)."""
    return RedirectResponse(url, status_code=303)


def render_error(request: Request, status_code: int, *, being_updated: bool = False) -> Response:
    """The page for an unknown address (404), a refused action (403) or a case being updated.

    Args:
        request: The refused request.
        status_code: Its status.
        being_updated: The case is a moment ahead of its rows (503): reload soon.
    """
    values = {"status_code": status_code, "being_updated": being_updated}
    return render(request, "error.html", values, status_code=status_code)
