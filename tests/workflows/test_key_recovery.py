"""After a key problem is fixed, a waiting case goes on at once, not after a backoff (item 6).

Before, a worker without its key started anyway and failed every activity it
touched; each failure pushed the next attempt further away (exponential
backoff), so cases recovered up to 47 s after the key came back. Now the
keyless worker refuses to start: nothing runs, so nothing fails, and the
turn sent meanwhile waits for a worker with no attempt spent. Checked on the
case's history (attempt numbers and retry policies), not on a clock; the
chaos run (``make chaos``, "key removed, then restored") times it.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr
from temporalio.api.enums.v1 import EventType

from guichet.config import Settings
from guichet.crypto import KeyConfigurationError, KeySet
from runtime.devserver import EmbeddedTemporal
from runtime.process import open_runtime
from tests.conftest import NAMESPACE
from tests.helpers import TEST_KEYS, eventually

LONGEST_BACKOFF = timedelta(seconds=10)
"""The longest wait between two attempts of any activity a turn runs."""


def settings_for(
    server: EmbeddedTemporal, data_dir: Path, queue: str, keys: KeySet | None
) -> Settings:
    return Settings(
        data_dir=data_dir,
        temporal_address=server.address,
        temporal_namespace=NAMESPACE,
        task_queue=queue,
        model_backend="none",
        encryption_keys=SecretStr(keys.serialize()) if keys is not None else None,
    )


async def test_a_turn_sent_while_the_key_was_missing_runs_on_its_first_attempt(
    temporal_server: EmbeddedTemporal, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    queue = f"tq-key-recovery-{uuid.uuid4().hex[:8]}"
    with_key = settings_for(temporal_server, data_dir, queue, TEST_KEYS)
    async with open_runtime(with_key, run_worker=True) as runtime:
        case_id, opened = await runtime.case_service().start("short_time_work", "en")
        await eventually(lambda: runtime.store.get_case(case_id))  # nothing left in flight
    assert opened.question is not None

    # The key is removed: a worker started without it refuses, before any case.
    with pytest.raises(KeyConfigurationError, match="holds data"):
        async with open_runtime(settings_for(temporal_server, data_dir, queue, None)):
            pytest.fail("a worker started without its key")

    # Meanwhile the applicant answers; the turn waits for a worker.
    async with open_runtime(with_key) as clients:
        service = clients.case_service()
        service.wait_seconds = 120
        sending = asyncio.create_task(service.send(case_id, "economic reasons"))
        await asyncio.sleep(1.0)  # the message is at the server before the worker comes
        assert not sending.done()
        # The key restored, a worker starts and the turn is answered.
        async with open_runtime(with_key, run_worker=True) as restored:
            reply = await sending
            await eventually(
                lambda: restored.store.get_case(case_id),
                lambda row: row.summary.get("turn") == reply.turn,
            )
        assert reply.turn > opened.turn

        history = await clients.client.get_workflow_handle(case_id).fetch_history()
    events = list(history.events)
    started = [
        e.activity_task_started_event_attributes
        for e in events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
    ]
    assert started, "the turns ran activities"
    # Nothing failed while the key was missing, so nothing backed off: every
    # activity ran on its first attempt once a worker with the key was there.
    assert [a.attempt for a in started] == [1] * len(started)
    failures = {
        EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
        EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
        EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
    }
    assert not [e.event_type for e in events if e.event_type in failures]
    # And had one failed, its next attempt would have come within 10 s.
    for event in events:
        if event.event_type != EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            continue
        policy = event.activity_task_scheduled_event_attributes.retry_policy
        assert policy.maximum_interval.ToTimedelta() <= LONGEST_BACKOFF, policy
