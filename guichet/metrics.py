"""In-process counters (a stand-in until metrics are exported).

Counters are keyed by a name and a few low-cardinality labels (outcomes,
never personal data), so an exporter can later publish them as they are.
"""

from __future__ import annotations

import threading
from collections import Counter

_lock = threading.Lock()
_counts: Counter[tuple[str, tuple[tuple[str, str], ...]]] = Counter()


def _key(name: str, labels: dict[str, str]) -> tuple[str, tuple[tuple[str, str], ...]]:
    return name, tuple(sorted(labels.items()))


def increment(name: str, amount: int = 1, **labels: str) -> None:
    """Add ``amount`` to counter ``name`` with ``labels``."""
    with _lock:
        _counts[_key(name, labels)] += amount


def value(name: str, **labels: str) -> int:
    """Return the current value of counter ``name`` with exactly ``labels``."""
    with _lock:
        return _counts[_key(name, labels)]


def snapshot() -> dict[str, int]:
    """Return every counter as ``name{label=value,...}`` → count."""
    with _lock:
        items = list(_counts.items())
    return {
        name + ("{" + ",".join(f"{k}={v}" for k, v in labels) + "}" if labels else ""): count
        for (name, labels), count in items
    }
