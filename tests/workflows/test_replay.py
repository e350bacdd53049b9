"""Committed histories replay against the current code: any non-deterministic
change to the case workflow or the intake graph fails here."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from temporalio import workflow
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer, UnsandboxedWorkflowRunner

from guichet.converter import replay_data_converter
from runtime.temporal import build_replayer, langgraph_plugin
from schemas.case import CaseResult, StartCaseInput
from tests.helpers import TEST_KEYS
from tools.audit.replay import replay_many, replay_run
from workflows.case import CaseWorkflow
from workflows.consultation import ConsultationWorkflow

HISTORIES = sorted((Path(__file__).parents[1] / "histories").glob("*.json"))


def _load(path: Path) -> WorkflowHistory:
    payload: dict[str, Any] = json.loads(path.read_text())
    return WorkflowHistory.from_json(payload["workflow_id"], payload["history"])


def test_histories_are_committed() -> None:
    assert len(HISTORIES) >= 3


@pytest.mark.parametrize("path", HISTORIES, ids=[p.stem for p in HISTORIES])
async def test_history_replays(path: Path) -> None:
    result = await replay_run(build_replayer(TEST_KEYS), _load(path))
    assert result.replay_failure is None, result.replay_failure


@workflow.defn(name="Case")
class _ChangedCaseWorkflow(CaseWorkflow):
    """The case workflow with an unversioned change: an extra timer before intake."""

    @workflow.run
    async def run(self, start: StartCaseInput) -> CaseResult:
        await workflow.sleep(1)
        return await super().run(start)


async def test_an_unversioned_change_is_caught() -> None:
    replayer = Replayer(
        workflows=[_ChangedCaseWorkflow],
        data_converter=replay_data_converter(TEST_KEYS),
        plugins=[langgraph_plugin()],
        # The changed copy lives in this test module, which the sandbox
        # cannot re-import (pytest); determinism is what is being tested.
        workflow_runner=UnsandboxedWorkflowRunner(),
    )
    case_history = next(p for p in HISTORIES if p.name.startswith("demo_"))
    result = await replayer.replay_workflow(_load(case_history), raise_on_replay_failure=False)
    assert isinstance(result.replay_failure, workflow.NondeterminismError), result.replay_failure


async def _cases(paths: list[Path]) -> AsyncIterator[tuple[str, Sequence[WorkflowHistory]]]:
    for path in paths:
        history = _load(path)
        yield path.stem, [history]


async def test_bulk_replay_shares_one_replayer_and_reports_each_case() -> None:
    done: list[str] = []
    reports = await replay_many(
        _cases(HISTORIES),
        on_done=lambda r: done.append(r.case_id),
        replayer=build_replayer(TEST_KEYS),
    )
    assert [r.case_id for r in reports] == done == [p.stem for p in HISTORIES]
    assert all(r.ok for r in reports), [r.divergence for r in reports if not r.ok]
    assert [r.events for r in reports] == [len(_load(p).events) for p in HISTORIES]


async def test_bulk_replay_attributes_each_divergence_to_its_case() -> None:
    replayer = Replayer(
        workflows=[_ChangedCaseWorkflow, ConsultationWorkflow],
        data_converter=replay_data_converter(TEST_KEYS),
        plugins=[langgraph_plugin()],
        workflow_runner=UnsandboxedWorkflowRunner(),
    )
    reports = await replay_many(_cases(HISTORIES), replayer=replayer)
    # The changed case workflow diverges on every case; consultations still replay.
    consultation = {
        p.stem: _load(p).events[0].workflow_execution_started_event_attributes.workflow_type.name
        == "Consultation"
        for p in HISTORIES
    }
    assert any(consultation.values()) and not all(consultation.values())
    for report in reports:
        assert report.ok == consultation[report.case_id], report
        if not report.ok:
            assert report.divergence is not None and report.divergence.run == 1
