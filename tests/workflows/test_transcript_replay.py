"""The recorded conversation kept in the case database replays (issue 21 item 10).

``tests/histories/transcript_in_store*.json`` (``python -m
tests.record_histories transcript``) hold a case started under the
``transcript-in-store`` patch that continued as new: its first run and its
last one. ``test_replay`` replays every committed history; this checks that
these two are the path they claim to be and replay on today's code.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from temporalio.client import WorkflowHistory

from runtime.temporal import build_replayer
from tests.helpers import TEST_KEYS
from tests.workflows.test_recorded_paths import _decode, load
from workflows.case.options import TRANSCRIPT_IN_STORE_PATCH

HISTORIES = Path(__file__).parents[1] / "histories"


def _events(path: Path) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = json.loads(path.read_text())["history"]["events"]
    return events


def _patches(events: list[dict[str, Any]]) -> set[str]:
    found: set[str] = set()
    for event in events:
        attributes = event.get("markerRecordedEventAttributes")
        if attributes is None:
            continue
        for value in attributes["details"].values():
            for payload in value["payloads"]:
                found.add(json.loads(base64.b64decode(payload["data"]))["id"])
    return found


def test_the_first_run_takes_the_new_path_and_hands_over() -> None:
    events = _events(HISTORIES / "transcript_in_store.json")
    assert TRANSCRIPT_IN_STORE_PATCH in _patches(events)
    assert events[-1]["eventType"] == "EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW"
    last = _events(HISTORIES / "transcript_in_store_last_run.json")
    # The choice is carried in the state: a later run does not ask again.
    assert TRANSCRIPT_IN_STORE_PATCH not in _patches(last)


async def test_the_entries_travel_in_the_projections_and_not_in_the_handover() -> None:
    first = await load("transcript_in_store")
    carried: list[int] = []
    for event in first.events:
        if event.HasField("activity_task_scheduled_event_attributes"):
            scheduled = event.activity_task_scheduled_event_attributes
            if scheduled.activity_type.name == "store.apply_projection":
                batch = await _decode(scheduled.input)
                carried += [m["seq"] for m in batch.get("messages") or []]
    assert carried and sorted(set(carried)) == list(range(1, max(carried) + 1))
    handover = first.events[-1].workflow_execution_continued_as_new_event_attributes
    state = (await _decode(handover.input))["state"]
    assert state["messages_in_store"] and state["transcript"] == []
    assert state["message_seq"] == max(carried) and state["pending_messages"] == []


@pytest.mark.parametrize("stem", ["transcript_in_store", "transcript_in_store_last_run"])
async def test_the_recorded_conversation_replays(stem: str) -> None:
    payload = json.loads((HISTORIES / f"{stem}.json").read_text())
    history = WorkflowHistory.from_json(payload["workflow_id"], payload["history"])
    result = await build_replayer(TEST_KEYS).replay_workflow(history, raise_on_replay_failure=False)
    assert result.replay_failure is None, result.replay_failure
