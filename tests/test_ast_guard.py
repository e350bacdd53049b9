"""The CPython 3.11 ``ast.parse`` race (see guichet.ast_guard) is closed.

The race itself needs a thread switch inside C code and shows up rarely, so
the test checks the property that closes it: once Guichet is imported, no
two threads are ever inside ``ast.parse`` together. It runs in a fresh
interpreter so that a slow stand-in parser can be installed *before* the
guard wraps it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = textwrap.dedent(
    """
    import ast, threading, time

    inside = 0
    most = 0
    count = threading.Lock()
    real_parse = ast.parse

    def slow_parse(*args, **kwargs):
        global inside, most
        with count:
            inside += 1
            most = max(most, inside)
        time.sleep(0.01)  # long enough for every other thread to arrive
        with count:
            inside -= 1
        return real_parse(*args, **kwargs)

    ast.parse = slow_parse
    if GUARD:
        import guichet  # noqa: F401  (installs the guard)
        import guichet  # a second import must not wrap twice
        assert ast.parse.__wrapped__ is slow_parse
    threads = [
        threading.Thread(target=lambda: [ast.parse("x = (1 + 2) * 3") for _ in range(5)])
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(most)
    """
)


def _most_concurrent_parses(guard: bool) -> int:
    result = subprocess.run(
        [sys.executable, "-c", f"GUARD = {guard}\n{PROBE}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return int(result.stdout.strip())


def test_without_the_guard_threads_do_overlap() -> None:
    # Proves the probe can see an overlap, so the next test can fail.
    assert _most_concurrent_parses(guard=False) > 1


def test_with_guichet_imported_parses_never_overlap() -> None:
    assert _most_concurrent_parses(guard=True) == 1
