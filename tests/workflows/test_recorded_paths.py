"""Each committed history of a path the demos do not take holds the events of that path.

``tests/workflows/test_replay.py`` replays every committed history; this module checks
that the files recorded by ``python -m tests.record_histories paths`` prove
what their names say (an appeal is appealed, a continued run continued …),
so that a re-recording that silently took another path fails here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from temporalio.api.common.v1 import Payload, Payloads
from temporalio.api.history.v1 import HistoryEvent
from temporalio.client import WorkflowHistory

from guichet.converter import replay_data_converter
from tests.helpers import TEST_KEYS
from tests.record_histories import PATHS

HISTORIES = Path(__file__).parents[1] / "histories"


@dataclass
class Update:
    """One accepted update: its name, decoded argument and decoded result (if completed)."""

    name: str
    arg: dict[str, Any]
    result: dict[str, Any] | None


@dataclass
class Recorded:
    """A committed history, decoded for the checks."""

    history: WorkflowHistory
    updates: list[Update]
    opened: list[str]
    """Kinds of the tasks the case opened, in order (from the queue projections)."""

    @property
    def events(self) -> list[HistoryEvent]:
        return list(self.history.events)

    def args(self, name: str) -> list[dict[str, Any]]:
        return [u.arg for u in self.updates if u.name == name]

    def has(self, attribute: str) -> bool:
        return any(e.WhichOneof("attributes") == attribute for e in self.events)

    def activities(self) -> list[str]:
        return [
            e.activity_task_scheduled_event_attributes.activity_type.name
            for e in self.events
            if e.HasField("activity_task_scheduled_event_attributes")
        ]


async def _decode(payloads: Payloads | list[Payload]) -> dict[str, Any]:
    items = list(payloads.payloads if isinstance(payloads, Payloads) else payloads)
    if not items:
        return {}
    codec = replay_data_converter(TEST_KEYS).payload_codec
    assert codec is not None, "the histories are encrypted"
    (plain,) = await codec.decode(items[:1])
    value: dict[str, Any] = json.loads(plain.data)
    return value


async def load(stem: str) -> Recorded:
    payload: dict[str, Any] = json.loads((HISTORIES / f"{stem}.json").read_text())
    history = WorkflowHistory.from_json(payload["workflow_id"], payload["history"])
    results: dict[str, dict[str, Any]] = {}
    for event in history.events:
        if event.HasField("workflow_execution_update_completed_event_attributes"):
            completed = event.workflow_execution_update_completed_event_attributes
            if completed.outcome.HasField("success"):
                results[completed.meta.update_id] = await _decode(completed.outcome.success)
    opened: dict[str, str] = {}
    updates = []
    for event in history.events:
        if event.HasField("activity_task_scheduled_event_attributes"):
            scheduled = event.activity_task_scheduled_event_attributes
            if scheduled.activity_type.name == "store.apply_projection":
                for task in (await _decode(scheduled.input)).get("tasks") or []:
                    opened.setdefault(task["task_id"], task["kind"])
        if event.HasField("workflow_execution_update_accepted_event_attributes"):
            request = event.workflow_execution_update_accepted_event_attributes.accepted_request
            updates.append(
                Update(
                    name=request.input.name,
                    arg=await _decode(request.input.args),
                    result=results.get(request.meta.update_id),
                )
            )
    return Recorded(history, updates, list(opened.values()))


def test_every_path_is_committed() -> None:
    stems = {p.stem for p in HISTORIES.glob("path_*.json")}
    for name in PATHS:
        assert any(s.startswith(f"path_{name}") for s in stems), name


async def test_appeal_is_upheld_by_another_caseworker() -> None:
    case = await load("path_appeal")
    [appeal] = case.args("appeal")
    assert appeal["text"]
    decisions = [(d["user"], d["outcome"]) for d in case.args("decide")]
    assert decisions == [("alice", "reject"), ("bob", "uphold")]
    assert case.activities().count("letters.issue") == 2
    assert case.opened == ["review", "appeal"]


async def test_four_eyes_disagreement_goes_back_to_a_review() -> None:
    case = await load("path_four_eyes")
    decisions = [(d["user"], d["outcome"]) for d in case.args("decide")]
    assert decisions == [
        ("ines", "approve"),
        ("jules", "reject"),
        ("karim", "approve"),
        ("jules", "approve"),
    ]
    [reassign] = case.args("reassign")
    assert (reassign["user"], reassign["to"]) == ("sup", "karim")
    assert case.opened == ["review", "second_review", "review", "second_review"]


async def test_information_request_reopens_the_conversation() -> None:
    case = await load("path_information_request")
    outcomes = [d["outcome"] for d in case.args("decide")]
    assert outcomes == ["request_info", "approve"]
    assert case.opened == ["review", "review"]
    assert [r["user"] for r in case.args("release")] == ["alice"]
    names = [u.name for u in case.updates]
    asked = names.index("decide")
    assert "send_message" in names[asked:], "the applicant answered after the request"
    answers = [u.result for u in case.updates[asked:] if u.name == "send_message"]
    assert answers and answers[-1] is not None and answers[-1]["question"] is None


async def test_withdrawal_cancels_the_task() -> None:
    case = await load("path_withdrawal")
    assert len(case.args("withdraw")) == 1
    assert case.args("claim") == [] and case.args("decide") == []
    [withdrawn] = [u.result for u in case.updates if u.name == "withdraw"]
    assert withdrawn is not None and withdrawn["outcome"] == "withdrawn"
    assert case.opened == ["review"]


async def test_withdrawal_during_consultations_cancels_them() -> None:
    case = await load("path_withdrawal_consultations")
    assert len(case.args("withdraw")) == 1
    assert case.has("start_child_workflow_execution_initiated_event_attributes")
    assert case.has("request_cancel_external_workflow_execution_initiated_event_attributes")
    for service in ("abf", "utilities"):
        child = await load(f"path_withdrawal_consultations_consult_{service}")
        assert child.has("workflow_execution_cancel_requested_event_attributes"), service


async def test_continue_as_new_hands_the_case_over() -> None:
    first = await load("path_continue_as_new_run_1")
    second = await load("path_continue_as_new_run_2")
    last = await load("path_continue_as_new_run_last")
    for run in (first, second):
        assert run.events[-1].HasField("workflow_execution_continued_as_new_event_attributes")
    first_handover = first.events[-1].workflow_execution_continued_as_new_event_attributes
    second_start = second.events[0].workflow_execution_started_event_attributes
    assert second_start.continued_execution_run_id
    assert first_handover.new_execution_run_id, "the first run names its successor"
    last_start = last.events[0].workflow_execution_started_event_attributes
    assert last_start.continued_execution_run_id, "the last run was continued too"
    assert "letters.issue" in last.activities(), "the case was decided in its last run"
    assert first.args("open") and not second.args("open") and not last.args("open")


async def test_an_answer_is_edited_at_the_review() -> None:
    case = await load("path_edited_answer")
    edits = [m for m in case.args("send_message") if m.get("field")]
    assert [(m["field"], m["text"]) for m in edits] == [("headcount", "24")]
    [reply] = [u.result for u in case.updates if u.name == "send_message" and u.arg.get("field")]
    assert reply is not None and reply["form"]["headcount"] == 24
    assert reply["question"]["field"] == "_review"


async def test_a_model_reading_is_read_back_and_confirmed() -> None:
    case = await load("path_read_back")
    messages = [u for u in case.updates if u.name == "send_message"]
    first, confirmation = messages[0], messages[1]
    assert first.result is not None and first.result["question"]["field"] == "_confirm"
    assert "cause" not in first.result["form"], "read back, not stored"
    assert confirmation.arg["text"] == "oui"
    assert confirmation.result is not None and confirmation.result["form"]["cause"] == "economic"
