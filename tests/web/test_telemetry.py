"""The web app's Prometheus metrics and health check, in-process and as ``python -m web``."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import httpx
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from guichet import metrics
from guichet.ports import free_port
from runtime.devserver import EmbeddedTemporal
from tests.conftest import NAMESPACE
from tests.helpers import TEST_KEYS, eventually
from web.app import create_app
from web.context import WebContext

ROOT = Path(__file__).resolve().parents[2]


def _samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """(sample name, labels) → value, parsed by the Prometheus client's own parser."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _value(
    samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def test_requests_are_counted_by_route_template_not_by_path(web_context: WebContext) -> None:
    app = create_app(web_context)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        created = await client.post(
            "/api/cases", json={"procedure": "short_time_work", "language": "en"}
        )
        assert created.status_code == 201
        case_id = created.json()["case_id"]
        token = created.json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        assert (await client.get(f"/api/cases/{case_id}", headers=headers)).status_code == 200
        assert (await client.get("/api/cases/not-a-case", headers=headers)).status_code == 404
        assert (await client.get("/no/such/page")).status_code == 404
        too_big = await client.post(
            f"/api/cases/{case_id}/messages", headers=headers, content=b"x" * (1024 * 1024)
        )
        assert too_big.status_code == 413
        assert (await client.get("/healthz")).json() == {"status": "ok"}

    text = generate_latest(app.state.metrics.registry).decode()
    samples = _samples(text)
    count = "guichet_http_requests_total"
    assert _value(samples, count, method="POST", route="/api/cases", status="201") == 1
    assert _value(samples, count, method="GET", route="/api/cases/{case_id}", status="200") == 1
    assert _value(samples, count, method="GET", route="/api/cases/{case_id}", status="404") == 1
    assert _value(samples, count, method="GET", route="unmatched", status="404") == 1
    # Refused before routing (the guard), still counted, under a bounded label.
    assert (
        sum(
            value
            for (name, labels), value in samples.items()
            if name == count and ("status", "413") in labels
        )
        == 1
    )
    assert (
        _value(
            samples,
            "guichet_http_request_duration_seconds_count",
            method="POST",
            route="/api/cases",
        )
        == 1
    )
    assert _value(samples, "guichet_http_requests_in_progress") == 0
    # Neither case ids nor access tokens become label values.
    assert case_id not in text and token not in text


async def test_guichet_counters_are_exported(web_context: WebContext) -> None:
    app = create_app(web_context)
    before = metrics.value("model_calls", outcome="telemetry-test")
    metrics.increment("model_calls", outcome="telemetry-test")
    metrics.increment("model_calls", 2, outcome="telemetry-test")
    samples = _samples(generate_latest(app.state.metrics.registry).decode())
    assert _value(samples, "guichet_model_calls_total", outcome="telemetry-test") == before + 3


async def _wait_ready(url: str, process: asyncio.subprocess.Process) -> None:
    async with httpx.AsyncClient() as http:

        async def answered() -> bool | None:
            assert process.returncode is None, "python -m web exited early"
            try:
                return (await http.get(url, timeout=2)).status_code == 200 or None
            except httpx.TransportError:
                return None

        await eventually(answered, timeout=60.0, interval=0.2)


async def test_python_m_web_serves_the_app_and_its_metrics_and_stops_on_sigterm(
    temporal_server: EmbeddedTemporal, tmp_path: Path
) -> None:
    web_port, metrics_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUICHET_")}
    env |= {
        "TEMPORAL_ADDRESS": temporal_server.address,
        "TEMPORAL_NAMESPACE": NAMESPACE,
        "GUICHET_DATA_DIR": str(tmp_path / "data"),
        "GUICHET_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cases.db'}",
        "GUICHET_ENCRYPTION_KEYS": TEST_KEYS.serialize().strip(),
        "GUICHET_WEB_HOST": "127.0.0.1",
        "GUICHET_WEB_PORT": str(web_port),
        "GUICHET_WEB_METRICS_ADDRESS": f"127.0.0.1:{metrics_port}",
    }
    log = (tmp_path / "web.log").open("wb")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "web", cwd=ROOT, env=env, stdout=log, stderr=log
    )
    log.close()
    try:
        base = f"http://127.0.0.1:{web_port}"
        await _wait_ready(f"{base}/healthz", process)
        async with httpx.AsyncClient() as http:
            procedures = await http.get(f"{base}/api/procedures")
            assert procedures.status_code == 200
            assert {p["id"] for p in procedures.json()} >= {"short_time_work", "building_permit"}
            scraped = await http.get(f"http://127.0.0.1:{metrics_port}/metrics")
        assert scraped.status_code == 200
        samples = _samples(scraped.text)
        assert (
            _value(
                samples,
                "guichet_http_requests_total",
                method="GET",
                route="/api/procedures",
                status="200",
            )
            == 1
        )
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), timeout=20) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        print((tmp_path / "web.log").read_text(errors="replace")[-3000:])
