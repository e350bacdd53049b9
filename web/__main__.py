"""Run the web app on its own: ``python -m web``.

The production layout (docker-compose.yml) runs web processes apart from
the workers: this connects to ``TEMPORAL_ADDRESS`` and the case database,
serves the app on ``GUICHET_WEB_HOST:GUICHET_WEB_PORT`` and its metrics on
``GUICHET_WEB_METRICS_ADDRESS``, and stops cleanly on SIGTERM (requests in
flight finish, then the client and database are closed). It runs no worker:
cases progress only where a worker serves the task queues. Without
``TEMPORAL_ADDRESS`` it starts or reuses the embedded server, like every
other entry point.
"""

from __future__ import annotations

import asyncio
import signal

import structlog

from guichet.config import get_settings
from guichet.logging import configure_logging
from guichet.private import restrict_new_files
from runtime.process import open_runtime
from web.server import build_context, metrics_of, uvicorn_server
from web.telemetry import serve_metrics

log = structlog.get_logger("web")


async def main() -> None:
    """Serve the web app until SIGINT or SIGTERM."""
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_json)
    async with open_runtime(settings) as runtime:
        context = build_context(
            runtime.case_service(), runtime.store, settings, public_url=settings.public_url
        )
        server = uvicorn_server(context, settings.web_host, settings.web_port)
        loop = asyncio.get_running_loop()
        for stop_signal in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(stop_signal, setattr, server, "should_exit", True)
        with serve_metrics(metrics_of(server).registry, settings.web_metrics_address) as metrics:
            log.info(
                "web app serving",
                url=f"http://{settings.web_host}:{settings.web_port}",
                metrics=metrics,
                temporal=settings.address,
            )
            await server.serve()
        log.info("web app stopped")


if __name__ == "__main__":
    restrict_new_files()  # uploads and outbox e-mails: the owner's alone
    asyncio.run(main())
