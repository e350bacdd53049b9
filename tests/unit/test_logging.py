"""Log lines are JSON, carry Temporal context, and never carry personal data."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging

from guichet.logging import configure_logging
from runtime.service import CaseService
from tools.demo import demo_scripts, run_script

PERSONAL = ("Anna Beispiel", "anna.beispiel@example.org", "Sonnenschein", "Hauptstraße", "09912342")


async def test_activity_logs_are_json_with_context_and_no_personal_data(
    service: CaseService,
) -> None:
    buffer = io.StringIO()
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    configure_logging("INFO", json=True, stream=buffer)
    try:
        view = await run_script(service, demo_scripts(dt.date.today())[0])
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
    text = buffer.getvalue()
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    assert lines, "the run logged something"
    in_activities = [line for line in lines if "activity" in line]
    assert in_activities, "activity lines are logged"
    for line in in_activities:
        assert line["workflow_id"] == view.case_id or line["workflow_id"].startswith(
            "short_time_work-"
        )
        assert {"run_id", "attempt"} <= set(line)
    for secret in PERSONAL:
        assert secret not in text


def test_exception_messages_are_withheld_from_logs() -> None:
    import structlog

    buffer = io.StringIO()
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    configure_logging("INFO", json=True, stream=buffer)
    try:
        try:
            try:
                raise ConnectionRefusedError("connection to db:5432 refused")
            except OSError as exc:
                raise ValueError(f"bad row for {PERSONAL[0]}") from exc
        except ValueError:
            structlog.get_logger("t").exception("write failed")
            logging.getLogger("temporalio.activity").warning("activity failed", exc_info=True)
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert len(lines) == 2
    for line in lines:
        text = line["exception"]
        assert PERSONAL[0] not in text and "exc_info" not in line
        # Types, frames and the order of the chain stay; safe messages too.
        assert (
            text.index("ConnectionRefusedError: connection to db:5432 refused")
            < text.index("direct cause")
            < text.index("ValueError: (message withheld")
        )
        assert "test_exception_messages_are_withheld_from_logs" in text
