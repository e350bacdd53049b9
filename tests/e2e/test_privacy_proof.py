"""Proof: an applicant's name, e-mail and IBAN are stored nowhere in clear.

A short-time-work claim is run with known personal data, including a
deliberately invalid answer that carries the IBAN (recorded, then asked
again) and an activity that fails once with the personal data in its error
message (the failure is recorded in the history, then the retry succeeds).
The run's logs are captured. Then these are searched for the name, the
e-mail and the IBAN (as UTF-8, UTF-16, URL-quoted and base64 at each
alignment, see :mod:`tests.privacy`):

- the raw files of the embedded Temporal database;
- the case database: every row of every table, and on SQLite the raw
  database files too;
- the captured log lines of the worker and its activities;
- the workflow id, every update id, the search attributes and the memo.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from temporalio.client import Client
from temporalio.worker import (
    ActivityInboundInterceptor,
    ExecuteActivityInput,
    Interceptor,
)

from guichet.audit.archive import archive_case
from guichet.logging import configure_logging
from guichet.store import ArchiveStore, CaseStore
from runtime.devserver import EmbeddedTemporal
from runtime.service import CaseService
from runtime.temporal import build_worker
from schemas.case import CaseStatus
from schemas.projection import ProjectionBatch
from tests.privacy import find, sqlite_file_bytes, table_bytes
from tools.demo import demo_scripts, run_script

NAME = "Zephyrine Quortlebank"
EMAIL = "zephyrine.quortlebank@example.org"
IBAN = "DE89370400440532013000"
SECRETS = (NAME, EMAIL, IBAN, "Quortlebank", "0532013000")


class _FailOnceWithPersonalData(Interceptor):
    """Fails the first projection write that carries the contact person, quoting the data."""

    def __init__(self) -> None:
        self.failed: list[str] = []

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        outer = self

        class _Inbound(ActivityInboundInterceptor):
            async def execute_activity(self, input: ExecuteActivityInput) -> Any:
                batch = input.args[0] if input.args else None
                if (
                    not outer.failed
                    and isinstance(batch, ProjectionBatch)
                    and batch.case is not None
                    and batch.case.form.get("contact_person") == NAME
                ):
                    outer.failed.append(batch.case.case_id)
                    # The kind of message a database driver gives: it quotes the row.
                    raise RuntimeError(
                        f"could not write row (contact_person)=({NAME}), email {EMAIL}, iban {IBAN}"
                    )
                return await super().execute_activity(input)

        return _Inbound(next)


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    """The process's log lines (worker, SDK and activities) while the test runs."""
    buffer = io.StringIO()
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    configure_logging("DEBUG", json=True, stream=buffer)
    try:
        yield buffer
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)


async def test_personal_data_is_stored_nowhere_in_clear(
    client: Client,
    store: CaseStore,
    task_queue: str,
    temporal_server: EmbeddedTemporal,
    data_dir: Path,
    captured_logs: io.StringIO,
) -> None:
    base = demo_scripts(dt.date.today())[0]
    answers = {
        **base.answers,
        "contact_person": [NAME],
        "contact_email": [EMAIL],
        # Invalid (not a Betriebsnummer) and carrying the IBAN: recorded, then asked again.
        "betriebsnummer": [f"meine IBAN ist {IBAN}", "09912342"],
    }
    script = dataclasses.replace(base, answers=answers)
    fault = _FailOnceWithPersonalData()
    async with build_worker(client, task_queue, store, interceptors=[fault]):
        view = await run_script(CaseService(client, task_queue), script)
    assert view.status is CaseStatus.DECIDED
    assert script._used["betriebsnummer"] == 2  # the invalid answer was refused
    case_id = view.case_id
    assert fault.failed == [case_id], "the activity failed once"

    # The failure is in the history: the retried attempt records it, encoded.
    handle = client.get_workflow_handle(case_id)
    history = await handle.fetch_history()
    retried = [
        e.activity_task_started_event_attributes
        for e in history.events
        if e.HasField("activity_task_started_event_attributes")
        and e.activity_task_started_event_attributes.attempt > 1
    ]
    assert retried and retried[0].HasField("last_failure")
    assert retried[0].last_failure.message == "Encoded failure"
    assert retried[0].last_failure.HasField("encoded_attributes")

    # The Temporal database.
    files = sorted(temporal_server.db_file.parent.glob(temporal_server.db_file.name + "*"))
    raw = b"".join(path.read_bytes() for path in files)
    assert case_id.encode() in raw, "positive control: the history is in these files"
    assert find(SECRETS, raw) == [], "in the Temporal database"

    # The case database: every table (read models, letters, tasks, archive, keys...),
    # with this case's histories archived too.
    await archive_case(client, ArchiveStore(store.engines, store.case_keys), case_id)
    tables = await table_bytes(store)
    for table in ("cases", "letters", "archive_entries", "case_keys"):
        assert case_id.encode() in tables[table], f"positive control: {table}"
    assert find(SECRETS, b"".join(tables.values())) == [], "in the case database"
    if store.dialect == "sqlite":
        assert find(SECRETS, sqlite_file_bytes(data_dir / "cases.db")) == [], "in cases.db"
    row = await store.get_case(case_id)
    assert row is not None and row.form["contact_person"] == NAME, "readers still see it"

    # The logs of the run: the failure was logged, without the data.
    logs = captured_logs.getvalue()
    assert case_id in logs and "RuntimeError" in logs, "positive control: the failure is logged"
    assert find(SECRETS, logs.encode()) == [], "in the logs"

    # Workflow id, update ids, search attributes, memo.
    update_ids = [
        e.workflow_execution_update_accepted_event_attributes.accepted_request.meta.update_id
        for e in history.events
        if e.HasField("workflow_execution_update_accepted_event_attributes")
    ]
    assert update_ids, "positive control: the turns were updates"
    description = await handle.describe()
    visible = [case_id, *update_ids, repr(description.search_attributes)]
    visible.append(repr(dict(description.raw_description.workflow_execution_info.memo.fields)))
    async for execution in client.list_workflows(f"WorkflowId = '{case_id}'"):
        visible += [execution.id, repr(execution.search_attributes)]
    assert find(SECRETS, "\n".join(visible).encode()) == []
