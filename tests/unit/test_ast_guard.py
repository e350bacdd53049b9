"""The CPython 3.11 ``ast.parse`` bug (see guichet.ast_guard) cannot bite.

Each check runs in a fresh interpreter, once without Guichet (showing the
check can fail) and once with it: a finaliser that parses while a parse
builds its tree (what broke CI), and threads that parse at once.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

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


FINALISER = textwrap.dedent(
    """
    import ast, gc

    if GUARD:
        import guichet  # noqa: F401  (installs the guard)

    SOURCE = "\\n".join(
        f"def f{i}(a, b=[1, 2, {{3: 4}}]):\\n    return [a + b for a in range({i})]"
        for i in range(50)
    )

    class Litter:
        def __del__(self):
            ast.parse("x = 1")  # as a finaliser logging a traceback does

    gc.set_threshold(10)  # collect often, so inside the parse below
    failures = 0
    for _ in range(50):
        for _ in range(50):
            litter = Litter()
            litter.cycle = litter
        try:
            ast.parse(SOURCE)
        except SystemError:
            failures += 1
    print(failures)
    """
)


def _run(probe: str, guard: bool) -> int:
    result = subprocess.run(
        [sys.executable, "-c", f"GUARD = {guard}\n{probe}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return int(result.stdout.strip())


def test_without_the_guard_a_finaliser_breaks_a_parse() -> None:
    assert _run(FINALISER, guard=False) > 0


def test_with_guichet_imported_a_finaliser_cannot_break_a_parse() -> None:
    assert _run(FINALISER, guard=True) == 0


def _most_concurrent_parses(guard: bool) -> int:
    return _run(PROBE, guard)


def test_without_the_guard_threads_do_overlap() -> None:
    # Proves the probe can see an overlap, so the next test can fail.
    assert _most_concurrent_parses(guard=False) > 1


def test_with_guichet_imported_parses_never_overlap() -> None:
    assert _most_concurrent_parses(guard=True) == 1
