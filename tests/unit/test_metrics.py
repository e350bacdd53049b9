"""The Temporal runtime's Prometheus metrics are served on the configured address."""

from __future__ import annotations

import httpx

from guichet import metrics
from guichet.metrics import bind_meter, metrics_runtime
from guichet.ports import free_port
from guichet.store import CaseStore
from runtime.devserver import EmbeddedTemporal
from runtime.service import CaseService
from runtime.temporal import build_worker, connect
from tests.conftest import NAMESPACE
from tests.helpers import TEST_KEYS


def _samples(text: str) -> dict[str, float]:
    """Metric name (without labels) → sum of its samples."""
    totals: dict[str, float] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        series, _, value = line.rpartition(" ")
        name = series.split("{", 1)[0]
        totals[name] = totals.get(name, 0.0) + float(value)
    return totals


def test_no_address_means_the_default_runtime() -> None:
    assert metrics_runtime(None) is None


async def test_worker_metrics_are_scraped(
    temporal_server: EmbeddedTemporal, store: CaseStore, task_queue: str
) -> None:
    address = f"127.0.0.1:{free_port()}"
    runtime = metrics_runtime(address)
    assert runtime is not None and metrics_runtime(address) is runtime, "one runtime per address"
    client = await connect(temporal_server.address, NAMESPACE, TEST_KEYS, runtime=runtime)
    # Guichet's own counters ride on the runtime's endpoint once its meter is bound.
    bind_meter(runtime.metric_meter)
    try:
        metrics.increment("model_calls", 2, outcome="scrape-test")
    finally:
        bind_meter(None)
    metrics.increment("model_calls", outcome="scrape-test")  # unbound: in-process only
    async with build_worker(client, task_queue, store):
        service = CaseService(client, task_queue)
        case_id, _ = await service.start("short_time_work", "en")
        await service.send(case_id, "economic reasons")
        async with httpx.AsyncClient() as http:
            response = await http.get(f"http://{address}/metrics")
    assert response.status_code == 200
    samples = _samples(response.text)
    # Counters end in _total and durations are in seconds (Prometheus conventions).
    assert samples["temporal_workflow_task_execution_latency_seconds_count"] >= 2
    assert samples["temporal_activity_execution_latency_seconds_count"] >= 1
    assert samples["temporal_request_total"] > 0
    assert "temporal_worker_task_slots_available" in samples
    assert 'guichet_model_calls_total{outcome="scrape-test"' in response.text
    line = next(
        line
        for line in response.text.splitlines()
        if line.startswith('guichet_model_calls_total{outcome="scrape-test"')
    )
    assert float(line.rpartition(" ")[2]) == 2
