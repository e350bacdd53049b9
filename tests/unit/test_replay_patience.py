"""A replay failed only by the SDK's deadlock guard is replayed again, not called divergent."""

from __future__ import annotations

from typing import cast

from temporalio import workflow
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer, WorkflowReplayResult

from tools.audit.replay import replay_case

_SLOW = RuntimeError(
    "[TMPRL1101] Potential deadlock detected: workflow didn't yield within 2 second(s)."
)


class _Replayer:
    """Answers each replay with the next of the given failures (None: replayed)."""

    def __init__(self, *failures: Exception | None) -> None:
        self.failures = list(failures)
        self.calls = 0

    async def replay_workflow(
        self, history: WorkflowHistory, raise_on_replay_failure: bool = True
    ) -> WorkflowReplayResult:
        self.calls += 1
        return WorkflowReplayResult(history=history, replay_failure=self.failures.pop(0))


def _history() -> WorkflowHistory:
    return WorkflowHistory(workflow_id="case-1", events=[])


async def test_a_replay_slowed_by_a_busy_machine_is_replayed_again() -> None:
    replayer = _Replayer(_SLOW, None)
    report = await replay_case("case-1", [_history()], cast(Replayer, replayer))
    assert report.ok and replayer.calls == 2


async def test_a_divergence_is_reported_at_once() -> None:
    replayer = _Replayer(workflow.NondeterminismError("Nondeterminism error: ..."), None)
    report = await replay_case("case-1", [_history()], cast(Replayer, replayer))
    assert not report.ok and replayer.calls == 1


async def test_a_replay_slow_every_time_says_so_instead_of_divergence() -> None:
    replayer = _Replayer(_SLOW, _SLOW, _SLOW)
    report = await replay_case("case-1", [_history()], cast(Replayer, replayer))
    assert not report.ok and replayer.calls == 3
    assert report.divergence is not None
    assert "busy machine" in report.divergence.explanation
