"""Prometheus metrics of the Temporal runtime (workers and clients).

The SDK's core exports its own metrics (workflow and activity task
latencies, slots in use, sticky cache hits, polls, request failures...);
Guichet only chooses where they are served. A runtime binds its port once
per process, so it is created once and shared by every client of the
process.
"""

from __future__ import annotations

from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig

_runtimes: dict[str, Runtime] = {}


def metrics_runtime(address: str | None) -> Runtime | None:
    """Return the process's Temporal runtime serving Prometheus metrics on ``address``.

    Args:
        address: ``host:port`` for the ``/metrics`` endpoint (port 0 is not
            supported by the SDK); None means no metrics endpoint.

    Returns:
        The runtime to connect clients with, or None for the default runtime.
    """
    if not address:
        return None
    runtime = _runtimes.get(address)
    if runtime is None:
        runtime = Runtime(
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
        _runtimes[address] = runtime
    return runtime
