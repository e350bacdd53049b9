"""Make :func:`ast.parse` safe to call anywhere (CPython 3.11 bug workaround).

CPython 3.11 keeps the recursion counter of its AST constructor in
interpreter-wide state (python/cpython#106905). Any ``ast.parse`` that starts
while another is still building its tree overwrites that counter, and the
outer one fails with ``SystemError: AST constructor recursion depth
mismatch``. The inner parse need not come from another thread: building the
tree allocates, allocation runs the garbage collector, and a collected
object's finaliser may log a traceback, which Python 3.11 formats with
``ast.parse`` (to place the ``^^^`` markers). Guichet's worker drops evicted
workflow runs and asyncio tasks all the time, so this failed CI at random.

The guard closes both ways in: the collector is paused for the parse (no
finaliser can run inside it, and with no Python code running the thread
keeps the GIL), and a process-wide lock keeps other threads out.
"""

from __future__ import annotations

import ast
import functools
import gc
import threading
from typing import Any

_MARK = "__guichet_serialised__"


def serialise_ast_parse() -> None:
    """Wrap :func:`ast.parse` so no parse can start inside another, once.

    Idempotent: the Temporal sandbox re-imports Guichet modules for each
    workflow run but passes the standard library through, so the patched
    ``ast`` module is seen, and left alone, on every later call.
    """
    if getattr(ast.parse, _MARK, False):
        return
    original = ast.parse
    # Re-entrant: the collector may still run, and a finaliser parse, in
    # the instants between taking the lock and pausing it (or resuming it
    # and letting go); a parse there is safe, as no tree is being built.
    lock = threading.RLock()

    @functools.wraps(original)
    def parse(*args: Any, **kwargs: Any) -> Any:
        with lock:
            collecting = gc.isenabled()
            gc.disable()
            try:
                return original(*args, **kwargs)
            finally:
                if collecting:
                    gc.enable()

    setattr(parse, _MARK, True)
    ast.parse = parse
