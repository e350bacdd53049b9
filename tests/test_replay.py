"""Committed histories replay against the current code: any non-deterministic
change to the case workflow or the intake graph fails here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from temporalio import workflow
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer, UnsandboxedWorkflowRunner

from guichet.temporal import build_replayer, langgraph_plugin, replay_data_converter
from schemas.case import CaseResult, StartCaseInput
from tests.helpers import TEST_KEYS
from workflows.case import CaseWorkflow

HISTORIES = sorted((Path(__file__).parent / "histories").glob("*.json"))


def _load(path: Path) -> WorkflowHistory:
    payload: dict[str, Any] = json.loads(path.read_text())
    return WorkflowHistory.from_json(payload["workflow_id"], payload["history"])


def test_histories_are_committed() -> None:
    assert len(HISTORIES) >= 3


@pytest.mark.parametrize("path", HISTORIES, ids=[p.stem for p in HISTORIES])
async def test_history_replays(path: Path) -> None:
    result = await build_replayer(TEST_KEYS).replay_workflow(
        _load(path), raise_on_replay_failure=False
    )
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
