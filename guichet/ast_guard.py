"""Serialise :func:`ast.parse` across threads (CPython 3.11 bug workaround).

CPython 3.11 keeps the recursion counter of its AST constructor in
interpreter-wide state (python/cpython#106905). Two threads inside
``ast.parse`` at once corrupt it and one of them fails with ``SystemError:
AST constructor recursion depth mismatch``. Guichet runs workflow code in
Temporal's worker threads, and Python 3.11 calls ``ast.parse`` whenever it
formats a traceback (to place the ``^^^`` markers), so a workflow formatting
a failure while the web app, or another workflow, does the same crashed at
random. One process-wide lock around ``ast.parse`` removes the race; parses
are short, so the lock costs nothing measurable.
"""

from __future__ import annotations

import ast
import functools
import threading
from typing import Any

_MARK = "__guichet_serialised__"


def serialise_ast_parse() -> None:
    """Wrap :func:`ast.parse` in a re-entrant process-wide lock, once.

    Idempotent: the Temporal sandbox re-imports Guichet modules for each
    workflow run but passes the standard library through, so the patched
    ``ast`` module is seen, and left alone, on every later call.
    """
    if getattr(ast.parse, _MARK, False):
        return
    original = ast.parse
    lock = threading.RLock()  # re-entrant: a finalizer may parse mid-parse

    @functools.wraps(original)
    def parse(*args: Any, **kwargs: Any) -> Any:
        with lock:
            return original(*args, **kwargs)

    setattr(parse, _MARK, True)
    ast.parse = parse
