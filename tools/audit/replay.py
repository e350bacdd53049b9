"""Replay archived histories against the code now deployed.

Replay runs the case workflow over each recorded history with the same
converter and LangGraph plugin as the workers (``build_replayer``). It needs
no model endpoint, no database and no network: every activity result, model
output included, is read from the history. A divergence is reported as the
first event where the code now deployed would act differently, explained in
words.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Sequence
from typing import TypeVar

from pydantic import BaseModel
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer, WorkflowReplayResult

from guichet.crypto import configured_keys
from runtime.temporal import build_replayer
from tools.audit._history import event_time

T = TypeVar("T")


class Divergence(BaseModel):
    """Where and why a replay diverged.

    Attributes:
        run: The run (1 for the first) whose history diverged.
        event_id: The first diverging event, when the SDK names one.
        event_type: Its type, e.g. ``ActivityTaskScheduled``.
        at: Its time (ISO), when found in the history.
        explanation: What it means, for a person.
        message: The SDK's own message.
    """

    run: int
    event_id: int | None = None
    event_type: str | None = None
    at: str | None = None
    explanation: str
    message: str


class ReplayReport(BaseModel):
    """The replay of one case (every run).

    Attributes:
        case_id: The case.
        ok: True when every run replayed without divergence or failure.
        runs: Runs replayed.
        events: History events replayed in total.
        divergence: The first divergence, when not ``ok``.
    """

    case_id: str
    ok: bool
    runs: int
    events: int
    divergence: Divergence | None = None


_CORE_MESSAGE = re.compile(r'message: "(?P<msg>(?:[^"\\]|\\.)*)"')
_EVENT = re.compile(r"HistoryEvent\(id: (?P<id>\d+), (?P<type>\w+)")
_ACTIVITY_TYPES = re.compile(
    r"[Aa]ctivity type of scheduled event '(?P<recorded>[^']+)' does not match "
    r"activity type of activity command '(?P<now>[^']+)'"
)


_DEADLOCK_GUARD = "[TMPRL1101]"
"""The SDK's "potential deadlock" code: a workflow task ran over its 2 s guard."""

_GUARD_RETRIES = 2
"""Replays of one run again when only the deadlock guard failed it."""


def _only_slow(error: BaseException | None) -> bool:
    """Whether a replay failed only because the machine was too busy.

    The SDK fails a workflow task that runs longer than 2 s as a potential
    deadlock. That guard is meant for live workers; on a loaded machine a
    replay can trip it although nothing diverged (seen once in CI, replaying
    a recorded minimum-income case while other tests ran), and an audit must
    not call such a case divergent.
    """
    return error is not None and _DEADLOCK_GUARD in str(error)


async def replay_run(replayer: Replayer, history: WorkflowHistory) -> WorkflowReplayResult:
    """Replay one run, again (up to twice) when only the deadlock guard failed it.

    A real divergence is found on the first replay and returned at once; only
    a failure that says the task was slow is retried.

    Args:
        replayer: The replayer to use.
        history: The run's history.

    Returns:
        The last replay's result.
    """
    result = await replayer.replay_workflow(history, raise_on_replay_failure=False)
    for _ in range(_GUARD_RETRIES):
        if not _only_slow(result.replay_failure):
            break
        result = await replayer.replay_workflow(history, raise_on_replay_failure=False)
    return result


def _event_name(value: int) -> str:
    name = EventType.Name(value).removeprefix("EVENT_TYPE_")  # type: ignore[arg-type]
    return "".join(word.capitalize() for word in name.split("_"))


def explain(error: BaseException, history: WorkflowHistory, run: int) -> Divergence:
    """Turn a replay failure into the first diverging event and a readable reason.

    Args:
        error: The replay failure (usually a ``NondeterminismError``).
        history: The history that was replayed.
        run: Its position among the case's runs.

    Returns:
        The divergence.
    """
    raw = str(error)
    found = _CORE_MESSAGE.search(raw)
    message = found.group("msg") if found else raw
    message = re.sub(r"^\[TMPRL\d+\]\s*", "", message)
    divergence = Divergence(run=run, explanation="", message=message)
    event = _EVENT.search(message)
    if event is not None:
        divergence.event_id = int(event.group("id"))
        divergence.event_type = event.group("type")
        recorded = next((e for e in history.events if e.event_id == divergence.event_id), None)
        if recorded is not None:
            divergence.at = event_time(recorded).isoformat()
            if recorded.HasField("activity_task_scheduled_event_attributes"):
                activity = recorded.activity_task_scheduled_event_attributes.activity_type.name
                divergence.event_type = f"{divergence.event_type} {activity}"
    types = _ACTIVITY_TYPES.search(message)
    if types is not None:
        divergence.explanation = (
            f"the case recorded activity {types.group('recorded')!r} here, but the code now "
            f"deployed schedules {types.group('now')!r} instead"
        )
    elif "does not handle this event" in message:
        machine = message.split(" machine does not handle", 1)[0].rsplit(":", 1)[-1].strip()
        divergence.explanation = (
            f"at event {divergence.event_id} the case recorded {divergence.event_type}, but "
            f"the code now deployed does something else here ({machine.lower()} command): an "
            "unversioned change to the workflow or its question flow"
        )
    elif "No command scheduled for event" in message or "not produce" in message:
        divergence.explanation = (
            f"the case recorded {divergence.event_type or 'an event'} at event "
            f"{divergence.event_id}, but the code now deployed does not take that step"
        )
    elif _only_slow(error):
        divergence.explanation = (
            "the replay ran out of time on a busy machine (the SDK's 2 s guard on one step), "
            "which says nothing about the case: replay it again when the machine is quieter"
        )
    elif "Nondeterminism" in message or "nondetermin" in message.lower():
        divergence.explanation = (
            "the code now deployed issues different commands than the case recorded"
        )
    else:
        divergence.explanation = f"the workflow failed during replay: {message}"
    return divergence


async def replay_case(
    case_id: str, runs: Sequence[WorkflowHistory], replayer: Replayer | None = None
) -> ReplayReport:
    """Replay every run of one case and report OK or the first divergence.

    Args:
        case_id: The case.
        runs: Its runs' histories, oldest first.
        replayer: A replayer to reuse (default: the project's, via ``build_replayer``).

    Returns:
        The report.
    """
    replayer = replayer or build_replayer(configured_keys())
    events = 0
    for index, history in enumerate(runs, start=1):
        result = await replay_run(replayer, history)
        events += len(history.events)
        if result.replay_failure is not None:
            return ReplayReport(
                case_id=case_id,
                ok=False,
                runs=index,
                events=events,
                divergence=explain(result.replay_failure, history, index),
            )
    return ReplayReport(case_id=case_id, ok=True, runs=len(runs), events=events)


async def replay_many(
    cases: AsyncIterator[tuple[str, Sequence[WorkflowHistory]]],
    on_done: Callable[[ReplayReport], None] | None = None,
    replayer: Replayer | None = None,
) -> list[ReplayReport]:
    """Replay many cases through one replay worker, calling ``on_done`` after each.

    Every run of every case streams through a single
    ``Replayer.workflow_replay_iterator``: setting up a replay worker
    (validating the workflow classes in the sandbox) cost more than replaying
    a typical case, so a worker per history made bulk audits several times
    slower. Sharing is safe because each run replays in its own workflow
    instance, evicted when its history ends, and the case workflow empties
    the LangGraph plugin's node-result cache before every graph call.

    Args:
        cases: ``(case_id, runs)`` pairs.
        on_done: Called with each report (the CLI advances its progress bar).
        replayer: The replayer to use (default: the project's, via ``build_replayer``).

    Returns:
        One report per case, in order.
    """
    replayer = replayer or build_replayer(configured_keys())
    # Filled by the generator as the replayer pulls histories; a result
    # always arrives after its history was pulled, so it can be matched here.
    pulled: list[tuple[str, int, int, WorkflowHistory]] = []  # case, run, of runs, history

    async def histories() -> AsyncIterator[WorkflowHistory]:
        async for case_id, runs in cases:
            for index, history in enumerate(runs, start=1):
                pulled.append((case_id, index, len(runs), history))
                yield history

    reports: list[ReplayReport] = []
    events = 0
    failed: ReplayReport | None = None
    async with replayer.workflow_replay_iterator(histories()) as results:
        async for position, result in _enumerate(results):
            case_id, run, runs, history = pulled[position]
            if run == 1:
                events, failed = 0, None
            events += len(history.events)
            if failed is None and _only_slow(result.replay_failure):
                result = await replay_run(replayer, history)
            if failed is None and result.replay_failure is not None:
                failed = ReplayReport(
                    case_id=case_id,
                    ok=False,
                    runs=run,
                    events=events,
                    divergence=explain(result.replay_failure, history, run),
                )
            if run == runs:
                report = failed or ReplayReport(case_id=case_id, ok=True, runs=runs, events=events)
                reports.append(report)
                if on_done is not None:
                    on_done(report)
    return reports


async def _enumerate(items: AsyncIterator[T]) -> AsyncIterator[tuple[int, T]]:
    """``enumerate`` for an async iterator."""
    position = 0
    async for item in items:
        yield position, item
        position += 1
