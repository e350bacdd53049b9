"""Safe changes (DESIGN.md "Versions"), and the replay test catching unsafe ones.

- A new parameter set changes what the rules would decide today, yet every
  recorded case still replays: rule results are in the history.
- A changed question flow registered under a new graph name, chosen with
  ``workflow.patched()`` at case start, runs for new cases (and stays with
  them across continue-as-new) while recorded cases replay on the old graph.
- The same flow change made in place, under the old graph name, is caught.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from temporalio.client import Client, WorkflowHistory
from temporalio.langgraph import LangGraphPlugin
from temporalio.worker import Replayer

import procedures.short_time_work.parameters as stw_parameters
from guichet.audit.archive import export_case
from guichet.converter import replay_data_converter
from guichet.store import CaseStore
from procedures import PROCEDURES
from procedures.base import CONVERSATION_V2_PATCH
from procedures.short_time_work.parameters import StwParameters
from runtime.service import CaseService
from runtime.temporal import build_worker
from schemas.case import CaseStatus
from tests.flow_change import (
    EMPLOYER_FIRST_GRAPH,
    NEW_GRAPH,
    PATCH_ID,
    build_graph_without_review,
    versioned,
    versioned_flow_data,
)
from tests.helpers import TEST_KEYS
from tools.audit.replay import replay_case
from tools.audit.timeline import _extraction_text, build_timeline
from tools.audit.whatif import CURRENT, recorded_evaluation, what_if
from tools.demo import converse, demo_scripts
from workflows.case import CaseWorkflow

HISTORIES = sorted((Path(__file__).parents[1] / "histories").glob("*.json"))
# The short-time-work cases: the parameter set and the question flow changed
# here are that procedure's (the other procedures' histories use other graphs).
STW_HISTORIES = [p for p in HISTORIES if p.name.startswith("demo_")]
OLD_GRAPH = "short_time_work_intake_v1"


def _load(path: Path) -> WorkflowHistory:
    payload: dict[str, Any] = json.loads(path.read_text())
    return WorkflowHistory.from_json(payload["workflow_id"], payload["history"])


@pytest.fixture
def new_parameter_set(monkeypatch: pytest.MonkeyPatch) -> StwParameters:
    """A new set in force from 2026-01-01 (eased access), closing the current one."""
    sets = list(stw_parameters._SETS)
    current = sets[-1]
    sets[-1] = current.model_copy(update={"effective_to": dt.date(2025, 12, 31)})
    eased = StwParameters(
        id="stw-2026-01-01-test",
        effective_from=dt.date(2026, 1, 1),
        source="a test ordinance",
        min_share_numerator=1,
        min_share_denominator=10,
        negative_balances_required=False,
    )
    monkeypatch.setattr(stw_parameters, "_SETS", (*sets, eased))
    monkeypatch.setitem(stw_parameters.PARAMETER_SETS, eased.id, eased)
    return eased


async def test_new_parameter_set_never_breaks_replay(new_parameter_set: StwParameters) -> None:
    refused = _load(next(p for p in STW_HISTORIES if p.stem.endswith("_fr")))
    request, recorded = await recorded_evaluation([refused])
    procedure = PROCEDURES[request.procedure]
    today = procedure.evaluate(request.form, request.received_on, request.reference_date)
    # The new set applies to the recorded case's date and changes the outcome...
    assert recorded.outcome.parameter_set.id == "stw-2023-07-01" and not recorded.outcome.eligible
    assert today.parameter_set.id == new_parameter_set.id and today.eligible
    report = await what_if(refused.workflow_id, [refused], CURRENT)
    assert report.changed and report.what_if_parameter_set == new_parameter_set.id
    # ...yet every recorded case replays: its rule results come from its history.
    for path in HISTORIES:
        history = _load(path)
        result = await replay_case(history.workflow_id, [history])
        assert result.ok, result.divergence


async def test_flow_change_under_a_new_graph_name_is_safe(
    client: Client, store: CaseStore, task_queue: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(PROCEDURES, "short_time_work", versioned(PROCEDURES["short_time_work"]))
    async with build_worker(client, task_queue, store):
        service = CaseService(client, task_queue, continue_as_new_after_turns=4)
        case_id, _ = await converse(service, demo_scripts(dt.date.today())[0])
        view = await service.wait_for_status(case_id, CaseStatus.DECIDED)
        assert view.runs > 1, "the case continued as new"
        runs = [run.history(case_id) for run in await export_case(client, case_id)]

    understood = {
        event.activity_task_scheduled_event_attributes.activity_type.name
        for history in runs
        for event in history.events
        if event.HasField("activity_task_scheduled_event_attributes")
        and event.activity_task_scheduled_event_attributes.activity_type.name.endswith(
            ".understand"
        )
    }
    # New cases take the new flow, and keep it in every later run.
    assert understood == {f"{NEW_GRAPH}.understand"}
    timeline = await build_timeline(case_id, runs)
    assert timeline.graph_name == NEW_GRAPH
    assert {e.details["graph_name"] for e in timeline.of_kind("run_started")} == {NEW_GRAPH}
    # The graph version at case start (the decision e-mail's marker may follow).
    patches = [e.details["patch_id"] for e in timeline.of_kind("version")]
    assert [p for p in patches if p in (PATCH_ID, CONVERSATION_V2_PATCH)] == [PATCH_ID]
    assert "_review" not in {q.details["field"] for q in timeline.of_kind("question")}

    # The new case and every recorded case replay with the versioned code.
    assert (await replay_case(case_id, runs)).ok
    for path in HISTORIES:
        history = _load(path)
        result = await replay_case(history.workflow_id, [history])
        assert result.ok, result.divergence


async def test_flow_change_in_place_is_caught_by_replay() -> None:
    def replayer() -> Replayer:
        return Replayer(
            workflows=[CaseWorkflow],
            data_converter=replay_data_converter(TEST_KEYS),
            # The same change, made without a new graph name or a patch.
            plugins=[LangGraphPlugin(graphs={OLD_GRAPH: build_graph_without_review()})],
        )

    for path in STW_HISTORIES:
        history = _load(path)
        report = await replay_case(history.workflow_id, [history], replayer())
        assert not report.ok
        divergence = report.divergence
        assert divergence is not None and divergence.event_id is not None
        # It diverges where the recorded case went on to its review answer.
        assert (
            divergence.event_type is not None and "ActivityTaskScheduled" in divergence.event_type
        )
        assert divergence.explanation


def test_model_extractions_show_model_and_prompt() -> None:
    text = _extraction_text(
        {
            "field": "headcount",
            "value": 12,
            "source_text": "douze salariés",
            "method": "model",
            "confidence": 0.7,
            "model_id": "SmolLM2-135M-Instruct",
            "prompt_hash": "ab" * 32,
        }
    )
    assert "model SmolLM2-135M-Instruct" in text
    assert "prompt abababababab" in text and "confidence 0.70" in text


async def test_a_case_in_flight_keeps_its_question_order_after_a_flow_change(
    client: Client, store: CaseStore, task_queue: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = PROCEDURES["short_time_work"]
    async with build_worker(client, task_queue, store):
        service = CaseService(client, task_queue)
        old_case, opened = await service.start("short_time_work", "en")
        assert opened.question is not None and opened.question.field == "cause"

    # The new version is deployed: a fresh worker (nothing cached) replays the old case.
    monkeypatch.setitem(PROCEDURES, "short_time_work", versioned_flow_data(base))
    async with build_worker(client, task_queue, store):
        service = CaseService(client, task_queue)
        reply = await service.send(old_case, "a cancelled order")
        assert reply.form.get("cause") == "economic"
        # The case in flight keeps the order it started with...
        assert reply.question is not None and reply.question.field != "employer_name"
        view = await service.view(old_case)
        # (the newest flow when it started)
        assert view.graph_name == base.graph_versions[-1].graph_name

        # ...while a new case is asked in the new order, and says which flow it has.
        new_case, opened = await service.start("short_time_work", "en")
        assert opened.question is not None and opened.question.field == "employer_name"
        reply = await service.send(new_case, "Bäckerei Schmidt GmbH")
        assert reply.form.get("employer_name") == "Bäckerei Schmidt GmbH"
        assert reply.question is not None and reply.question.field == "cause"
        new_view = await service.view(new_case)
        assert new_view.graph_name == EMPLOYER_FIRST_GRAPH
        assert new_view.missing[0] == "cause"
        runs = [run.history(new_case) for run in await export_case(client, new_case)]

    assert (await replay_case(new_case, runs)).ok
