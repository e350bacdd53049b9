"""What the web app tells its operators: Prometheus metrics and a health check.

Requests are counted and timed by route *template* (``/api/cases/{case_id}``),
never by raw path: a path carries case ids and one-time codes, and raw paths
would give Prometheus one series per case. Guichet's own counters (model
call outcomes, denied accesses...) are exported beside them. The metrics are
served on their own address (``GUICHET_WEB_METRICS_ADDRESS``), not by the
public app, so nothing about the service's traffic is published to the
internet by accident.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Iterator

import structlog
from fastapi import APIRouter
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from guichet import metrics

log = structlog.get_logger("guichet.web")

__all__ = ["GuichetCounters", "MetricsMiddleware", "WebMetrics", "health_router", "serve_metrics"]

# Seconds; the API's turns take tens of milliseconds, pages a few, model turns ~1 s.
_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class GuichetCounters(Collector):
    """Exports the process's Guichet counters (:mod:`guichet.metrics`) on scrape."""

    def collect(self) -> Iterable[CounterMetricFamily]:
        """Yield one counter family per name, its label sets as samples."""
        families: dict[str, list[tuple[dict[str, str], int]]] = {}
        for name, labels, count in metrics.series():
            families.setdefault(name, []).append((labels, count))
        for name, samples in families.items():
            # A family needs one label schema: the union, missing values empty.
            keys = sorted({key for labels, _ in samples for key in labels})
            family = CounterMetricFamily(f"guichet_{name}", f"Guichet: {name}", labels=keys)
            for labels, count in samples:
                family.add_metric([labels.get(key, "") for key in keys], count)
            yield family


class WebMetrics:
    """The web app's metrics, in a registry of its own (one per app)."""

    def __init__(self) -> None:
        """Create the registry and its series."""
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "guichet_http_requests",
            "HTTP requests answered, by method, route template and status code.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.duration = Histogram(
            "guichet_http_request_duration_seconds",
            "Time to answer an HTTP request, by method and route template.",
            ["method", "route"],
            buckets=_BUCKETS,
            registry=self.registry,
        )
        self.in_progress = Gauge(
            "guichet_http_requests_in_progress",
            "HTTP requests being answered.",
            registry=self.registry,
        )
        self.registry.register(GuichetCounters())


def _route_of(scope: Scope) -> str:
    """Return the matched route's template, or a fixed label (bounded cardinality)."""
    route = scope.get("route")
    template = getattr(route, "path", None)
    if isinstance(template, str):
        return template
    path = str(scope.get("path", ""))
    return "/static" if path.startswith("/static/") else "unmatched"


class MetricsMiddleware:
    """Pure ASGI middleware (no body buffering) that counts and times requests."""

    def __init__(self, app: ASGIApp, web_metrics: WebMetrics) -> None:
        """Wrap ``app``, recording into ``web_metrics``."""
        self.app = app
        self.metrics = web_metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the request through the wrapped app and record it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # an exception before the response started is a 500
        started = time.perf_counter()

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        self.metrics.in_progress.inc()
        try:
            await self.app(scope, receive, send_status)
        finally:
            self.metrics.in_progress.dec()
            method = str(scope.get("method", ""))
            route = _route_of(scope)
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.duration.labels(method, route).observe(time.perf_counter() - started)


health_router = APIRouter()


@health_router.get("/healthz", include_in_schema=False)
async def healthz() -> dict[str, str]:
    """Liveness: the process answers (no dependency checked, so no restart loops)."""
    return {"status": "ok"}


@contextlib.contextmanager
def serve_metrics(registry: CollectorRegistry, address: str | None) -> Iterator[str | None]:
    """Serve ``registry`` at ``http://address/metrics`` while the block runs.

    Args:
        registry: What to export.
        address: ``host:port``; None serves nothing.

    Yields:
        The address served, or None.
    """
    if not address:
        yield None
        return
    host, _, port = address.rpartition(":")
    try:
        server, thread = start_http_server(int(port), addr=host or "0.0.0.0", registry=registry)
    except OSError as error:
        # Taken (by another process of the instance): serve the app without
        # metrics rather than fail to start.
        log.warning("metrics_not_served", address=address, reason=str(error))
        yield None
        return
    try:
        yield address
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
