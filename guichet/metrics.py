"""Metrics: the Temporal runtime's Prometheus endpoint and Guichet's own counters.

The SDK's core exports its own metrics (workflow and activity task
latencies, slots in use, sticky cache hits, polls, request failures...);
Guichet only chooses where they are served. A runtime binds its port once
per process, so it is created once and shared by every client of the
process.

Guichet's own counters (e.g. model call outcomes) are keyed by a name and a
few low-cardinality labels (outcomes, never personal data). They are kept in
the process (tests and the web app's ``/metrics`` read them) and, once a
runtime's meter is bound with :func:`bind_meter`, also exported through the
Temporal runtime's Prometheus endpoint as ``guichet_<name>_total`` — a worker
has no other HTTP server, so its counters ride on the SDK's.
"""

from __future__ import annotations

import threading
from collections import Counter

import structlog
from temporalio.common import MetricCounter, MetricMeter
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig

log = structlog.get_logger(__name__)

_runtimes: dict[str, Runtime] = {}


def metrics_runtime(address: str | None) -> Runtime | None:
    """Return the process's Temporal runtime serving Prometheus metrics on ``address``.

    Args:
        address: ``host:port`` for the ``/metrics`` endpoint (port 0 is not
            supported by the SDK); None means no metrics endpoint.

    Returns:
        The runtime to connect clients with, or None for the default runtime
        (also when the address is taken: one ``GUICHET_METRICS_ADDRESS`` is
        often shared by a worker and the CLI or web processes beside it, and
        a process must not fail for want of a metrics port).
    """
    if not address:
        return None
    runtime = _runtimes.get(address)
    if runtime is None:
        try:
            runtime = _prometheus_runtime(address)
        except ValueError as error:  # the SDK's core reports a failed bind so
            log.warning("metrics_not_served", address=address, reason=str(error))
            return None
        _runtimes[address] = runtime
    return runtime


def _prometheus_runtime(address: str) -> Runtime:
    return Runtime(
        telemetry=TelemetryConfig(
            # Prometheus conventions: counters end in _total, durations
            # are seconds with the unit in the name.
            metrics=PrometheusConfig(
                bind_address=address,
                counters_total_suffix=True,
                unit_suffix=True,
                durations_as_seconds=True,
            ),
        )
    )


_lock = threading.Lock()
_counts: Counter[tuple[str, tuple[tuple[str, str], ...]]] = Counter()
_meter: MetricMeter | None = None
_meter_counters: dict[str, MetricCounter] = {}


def bind_meter(meter: MetricMeter | None) -> None:
    """Also record every counter on ``meter`` (a Temporal runtime's); None unbinds."""
    global _meter
    with _lock:
        _meter = meter
        _meter_counters.clear()


def _key(name: str, labels: dict[str, str]) -> tuple[str, tuple[tuple[str, str], ...]]:
    return name, tuple(sorted(labels.items()))


def increment(name: str, amount: int = 1, **labels: str) -> None:
    """Add ``amount`` to counter ``name`` with ``labels``."""
    with _lock:
        _counts[_key(name, labels)] += amount
        if _meter is not None:
            counter = _meter_counters.get(name)
            if counter is None:
                counter = _meter.create_counter(f"guichet_{name}", f"Guichet: {name}")
                _meter_counters[name] = counter
            counter.add(amount, labels)


def value(name: str, **labels: str) -> int:
    """Return the current value of counter ``name`` with exactly ``labels``."""
    with _lock:
        return _counts[_key(name, labels)]


def series() -> list[tuple[str, dict[str, str], int]]:
    """Return every counter as ``(name, labels, count)``, sorted by name."""
    with _lock:
        items = sorted(_counts.items())
    return [(name, dict(labels), count) for (name, labels), count in items]


def snapshot() -> dict[str, int]:
    """Return every counter as ``name{label=value,...}`` → count."""
    with _lock:
        items = list(_counts.items())
    return {
        name + ("{" + ",".join(f"{k}={v}" for k, v in labels) + "}" if labels else ""): count
        for (name, labels), count in items
    }
