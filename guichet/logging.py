"""Structured JSON logs with Temporal context on every line.

Every line logged inside an activity carries the workflow id, run id,
activity type and attempt; lines from workflow code (through
``workflow.logger``) carry workflow id and run id. Log calls pass ids and
counts only: never names, e-mails, IBANs or answers.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import IO, Any

import structlog
from temporalio import activity, workflow


def _temporal_context(
    _logger: Any, _method: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Add Temporal ids to a log event, when logged inside an activity or workflow."""
    if activity.in_activity():
        info = activity.info()
        event.setdefault("workflow_id", info.workflow_id)
        event.setdefault("run_id", info.workflow_run_id)
        event.setdefault("activity", info.activity_type)
        event.setdefault("attempt", info.attempt)
    elif workflow.in_workflow():
        winfo = workflow.info()
        event.setdefault("workflow_id", winfo.workflow_id)
        event.setdefault("run_id", winfo.run_id)
    return event


def configure_logging(
    level: str = "INFO", json: bool = True, stream: IO[str] | None = None
) -> None:
    """Route structlog and the standard library (Temporal SDK) through one renderer.

    Args:
        level: Minimum level name.
        json: Render JSON lines (for machines) rather than console text.
        stream: Where to write (default: standard error).
    """
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _temporal_context,
    ]
    renderer: Any = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        # Not cached: loggers created at import time must follow a later
        # configure_logging() (the CLI and tests configure after imports).
        cache_logger_on_first_use=False,
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
