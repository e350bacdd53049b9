r"""Refuse JSON bodies holding text that is not Unicode (lone surrogates), before any handler.

JSON may spell a lone surrogate (``"\\ud800"``): Python's ``json`` reads it
into a ``str`` that cannot be encoded to UTF-8, so it failed far from the
request (encrypting a payload, writing a row) with a 500, sometimes after
part of the request had taken effect. No field of the API accepts such text,
so the guard answers 400 ``invalid_text`` with the error object before the
app sees the body. A surrogate *pair* (``"\\ud83d\\ude00"``, how
``json.dumps`` writes an emoji) is one valid character and passes.

Only JSON bodies are read: form posts are decoded by Starlette with
replacement characters, and uploads are bytes. Bodies are already bounded by
:class:`web.hardening.Hardening`, which wraps this guard.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.errors import error_response

_SURROGATE_ESCAPE = b"\\u"
"""Every lone surrogate in a UTF-8 JSON body is written as a ``\\u`` escape."""


def lone_surrogate_at(value: Any, where: str = "body") -> str | None:
    """Where in a parsed JSON value a string (or key) holds a lone surrogate, else None."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return where
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            found = lone_surrogate_at(key, where) or lone_surrogate_at(item, f"{where}.{key}")
            if found is not None:
                return found.encode("utf-8", "replace").decode()
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = lone_surrogate_at(item, f"{where}[{index}]")
            if found is not None:
                return found
    return None


class TextGuard:
    """ASGI middleware: 400 ``invalid_text`` for a JSON body with a lone surrogate."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read a JSON body whole, check it, and hand the same bytes on to the app."""
        content_type = (
            Headers(scope=scope).get("content-type", "") if scope["type"] == "http" else ""
        )
        if "json" not in content_type.lower():
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        body = b""
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        where = _check(body)
        if where is not None:
            response = error_response(
                400, "invalid_text", f"{where}: the text holds a lone surrogate (not Unicode)"
            )
            await response(scope, _replay(messages, receive), send)
            return
        await self.app(scope, _replay(messages, receive), send)


def _content_type(scope: Scope) -> str:
    return Headers(scope=scope).get("content-type", "").lower()


def _check(body: bytes) -> str | None:
    if _SURROGATE_ESCAPE not in body:
        return None  # the usual case: nothing to parse twice
    try:
        parsed = json.loads(body)
    except ValueError:
        return None  # not JSON: the app answers bad_json
    return lone_surrogate_at(parsed)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A ``receive`` that first returns the messages already read, then reads on."""
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed
