"""Structured JSON logs with Temporal context on every line.

Every line logged inside an activity carries the workflow id, run id,
activity type and attempt; lines from workflow code (through
``workflow.logger``) carry workflow id and run id. Log calls pass ids and
counts only: never names, e-mails, IBANs or answers.

Exceptions are logged with their types and stack frames but without their
messages: an error message may quote what failed (a database driver quotes
the row, a validation error the input, an activity failure whatever it was
given), and the SDK logs every failed activity attempt with its traceback.
Only exception types known to carry no applicant data keep their message.
"""

from __future__ import annotations

import logging
import sys
import traceback
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


MESSAGE_WITHHELD = "(message withheld: it may quote personal data)"
_CAUSE = "The above exception was the direct cause of the following exception:"
_CONTEXT = "During handling of the above exception, another exception occurred:"

_SAFE_MESSAGES: tuple[type[BaseException], ...] = (OSError, TimeoutError)
"""Exception types whose messages name hosts, files and time-outs, not applicants."""


def _safe_types() -> tuple[type[BaseException], ...]:
    # Imported here: guichet.crypto reads settings, and logging is configured first.
    from guichet.crypto import KeyConfigurationError, PayloadDecryptionError

    return (*_SAFE_MESSAGES, PayloadDecryptionError, KeyConfigurationError)


def describe_exception(error: BaseException) -> str:
    """Render an exception like a traceback, with every message withheld but safe ones.

    Chained causes and contexts are rendered too, outermost last, as Python does.
    """
    safe = _safe_types()
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    chain: list[tuple[BaseException, str]] = []
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        link, following = "", None
        if current.__cause__ is not None:
            link, following = _CAUSE, current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            link, following = _CONTEXT, current.__context__
        chain.append((current, link))
        current = following
    for exc, link in reversed(chain):
        frames = traceback.extract_tb(exc.__traceback__)
        kind = type(exc)
        name = kind.__qualname__
        if kind.__module__ not in ("builtins", "__main__"):
            name = f"{kind.__module__}.{name}"
        message = str(exc) if isinstance(exc, safe) else MESSAGE_WITHHELD
        block = "Traceback (most recent call last):\n" if frames else ""
        block += "".join(traceback.format_list(frames)) + f"{name}: {message}"
        if link:  # the chained exception came first; this one follows it
            parts.append(link)
        parts.append(block)
    return "\n\n".join(parts)


def _redact_exception(
    _logger: Any, _method: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Replace ``exc_info`` with :func:`describe_exception` (types and frames, no messages)."""
    exc_info = event.pop("exc_info", None)
    if not exc_info:
        return event
    error: BaseException | None
    if isinstance(exc_info, BaseException):
        error = exc_info
    elif isinstance(exc_info, tuple):
        error = exc_info[1]
    else:  # True: the exception being handled
        error = sys.exc_info()[1]
    if error is not None:
        event["exception"] = describe_exception(error)
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
        _redact_exception,
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
