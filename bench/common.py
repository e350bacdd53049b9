"""What every benchmark section shares: the server, the baseline and the samples.

All sections run against the same embedded Temporal server, client, data
converter and LangGraph plugin, so every figure is a ratio taken in one run.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import subprocess
import time
import uuid
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, cast

from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHistory

from activities.notify import MailConfig
from bench.bare import BareCaseWorkflow, BareInput, BareTurn
from bench.bare_graph import BareGraphCaseWorkflow
from guichet.crypto import KeySet
from guichet.store import CaseStore
from runtime.service import CaseService, execute_update
from schemas.case import CaseStatus
from tools.demo import Script, demo_scripts

NAMESPACE = "bench"
GUICHET_QUEUE = "bench-guichet"
BARE_QUEUE = "bench-bare"
BARE_GRAPH_QUEUE = "bench-bare-graph"
"""The bare case with a LangGraph graph per turn (:mod:`bench.bare_graph`)."""


@dataclass
class Shape:
    """What one automatically approved Guichet case costs in Temporal terms."""

    turns: int
    """``send_message`` Updates (and any other Update that runs an activity)."""
    activities: int
    opens: int = 0
    """``open`` Updates: a reply with no activity before it, a projection after."""
    understand_ms: float = 0.0
    """Median time a turn's understanding activity ran (started to completed)."""
    projection_ms: float = 0.0
    """Median time a projection write ran (started to completed)."""

    @property
    def tail(self) -> int:
        """Activities after the Updates' own (submission, rules, letter, projections)."""
        return max(self.activities - 2 * self.turns - self.opens, 0)


@dataclass
class Samples:
    """Latencies in milliseconds."""

    values: list[float] = field(default_factory=list)

    def pct(self, q: float) -> float:
        """Return the ``q`` quantile (0..1) of the samples (nearest rank)."""
        ordered = sorted(self.values)
        if not ordered:
            return float("nan")
        index = min(round(q * (len(ordered) - 1)), len(ordered) - 1)
        return ordered[index]

    def median(self) -> float:
        """Return the median, NaN when empty."""
        return statistics.median(self.values) if self.values else float("nan")

    def summary(self) -> dict[str, float]:
        """Return p50, p95, p99 and mean."""
        mean = statistics.fmean(self.values) if self.values else float("nan")
        return {
            "p50": self.pct(0.5),
            "p95": self.pct(0.95),
            "p99": self.pct(0.99),
            "mean": mean,
            "n": float(len(self.values)),
        }


@dataclass
class BenchEnv:
    """The running server and the in-process workers every section uses."""

    address: str
    client: Client
    store: CaseStore
    service: CaseService
    scratch: Path
    keys: KeySet
    """The run's payload keys (the client's converter and the store use them)."""
    shape: Shape = field(default_factory=lambda: Shape(turns=0, activities=0))
    server_pid: int | None = None
    """The embedded server's process, for CPU accounting (None if not known)."""


def ratio(numerator: float, denominator: float) -> float:
    """Return ``numerator / denominator``, NaN when the denominator is 0."""
    return numerator / denominator if denominator else float("nan")


def git_revision() -> str:
    """Return the short git revision, marked ``+dirty`` when the tree has changes."""
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], capture_output=True, text=True
        ).stdout
        return rev + ("+dirty" if dirty.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def script(index: int = 0) -> Script:
    """Return a fresh demo script (0: automatic approval, 1: needs sign-off)."""
    return demo_scripts(dt.date.today())[index]


async def converse(service: CaseService, which: Script, latencies: Samples | None = None) -> str:
    """Run ``which`` until the form is submitted; record turn latencies; return the id."""
    case_id, reply = await service.start("short_time_work", which.language)
    while reply.question is not None:
        text = which.answer(reply.question.field)
        started = time.perf_counter()
        reply = await service.send(case_id, text)
        if latencies is not None:
            latencies.values.append((time.perf_counter() - started) * 1000)
    return case_id


POLL_SECONDS = 0.1
"""How often the bench reads a case's row or history while it waits on it."""

T = TypeVar("T")


async def _first(read: Callable[[], Awaitable[T]], done: Callable[[T], bool], timeout: float) -> T:
    """Call ``read`` every ``POLL_SECONDS`` until ``done`` holds or ``timeout`` passes.

    Returns:
        The last value read (``done`` may not hold for it after ``timeout``).
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = await read()
        if done(value) or loop.time() > deadline:
            return value
        await asyncio.sleep(POLL_SECONDS)


class _Decisions:
    """One poller per store for every case the bench is waiting on.

    Each case polling its own row every ``POLL_SECONDS`` cost about 30 ms
    of CPU per Guichet case in the throughput section (py-spy: a connection,
    a transaction and a query per poll, 16 polls per case), which the bare
    side, waiting on its workflow's result, does not pay. One query for all
    waiting cases costs the same however many are waiting.
    """

    def __init__(self, store: CaseStore) -> None:
        self._store = store
        self._waiting: dict[str, asyncio.Future[None]] = {}
        self._poller: asyncio.Task[None] | None = None

    async def wait(self, case_id: str, timeout: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting[case_id] = future
        if self._poller is None or self._poller.done():
            self._poller = asyncio.create_task(self._poll())
        try:
            await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise RuntimeError(f"case {case_id} did not reach a decision") from None
        finally:
            self._waiting.pop(case_id, None)

    async def _poll(self) -> None:
        try:
            while self._waiting:
                statuses = await self._store.case_statuses(list(self._waiting))
                for case_id, status in statuses.items():
                    future = self._waiting.get(case_id)
                    if status == CaseStatus.DECIDED and future is not None and not future.done():
                        future.set_result(None)
                await asyncio.sleep(POLL_SECONDS)
        except Exception as error:  # every waiter learns why, instead of timing out
            for future in self._waiting.values():
                if not future.done():
                    future.set_exception(error)


_decisions: weakref.WeakKeyDictionary[CaseStore, _Decisions] = weakref.WeakKeyDictionary()


async def decided(store: CaseStore, case_id: str, timeout: float = 300.0) -> None:
    """Wait until the case's read model records its decision.

    The bench reads the store, as the caseworkers' queue and the case lists
    do, instead of querying the workflow: every query is a workflow task on
    the server and an activation on a worker, so polling one every 50 ms
    charged Guichet's side with work that the bare side, which waits on its
    workflow's result, does not do. It reads statuses alone, for every
    waiting case at once (``_Decisions``). The row says ``decided`` only
    once the letter is issued and the decision's projection written.

    Raises:
        RuntimeError: No decision within ``timeout`` seconds.
    """
    watch = _decisions.get(store)
    if watch is None:
        watch = _decisions[store] = _Decisions(store)
    await watch.wait(case_id, timeout)


async def guichet_case(
    service: CaseService, store: CaseStore, latencies: Samples | None = None
) -> str:
    """Run one automatically approved case to its decision; record turn latencies.

    Args:
        service: Where the case is started and its turns sent.
        store: The read models the case's workers write (its decision is read there).
        latencies: Where turn latencies go, if recorded.

    Returns:
        The case id.
    """
    case_id = await converse(service, script(0), latencies)
    await decided(store, case_id)
    return case_id


async def parked_case(service: CaseService) -> str:
    """Run one case to the point where it waits for a caseworker's sign-off."""
    case_id = await converse(service, script(1))
    view = await service.wait_for_status(case_id, CaseStatus.UNDER_REVIEW, timeout=300)
    if view.status is not CaseStatus.UNDER_REVIEW or view.task is None:
        raise RuntimeError(f"case {case_id} is not waiting for sign-off")
    return view.task.task_id


async def bare_case(
    client: Client,
    shape: Shape,
    latencies: Samples | None = None,
    queue: str = BARE_QUEUE,
    hold_ms: float = 0.0,
    projection_hold_ms: float = 0.0,
    graph: bool = False,
) -> str:
    """Run one bare case with the same shape; record Update latencies; return its id.

    Args:
        client: A connected client.
        shape: The Updates and activities to mirror.
        latencies: Where the ``send_message`` latencies go, if recorded.
        queue: The bare worker's task queue.
        hold_ms: How long each turn's activity takes (0: a no-op).
        projection_hold_ms: How long the activity after each reply takes.
        graph: Run each turn through a LangGraph graph (:mod:`bench.bare_graph`,
            on ``BARE_GRAPH_QUEUE``) instead of calling the no-op activity.

    Returns:
        The bare workflow's id.
    """
    handle = await client.start_workflow(
        BareGraphCaseWorkflow.run if graph else BareCaseWorkflow.run,
        BareInput(
            turns=shape.turns,
            tail_activities=shape.tail,
            opens=shape.opens,
            projection_hold_ms=projection_hold_ms,
        ),
        id=f"bare-{uuid.uuid4().hex[:12]}",
        task_queue=BARE_GRAPH_QUEUE if graph else queue,
    )
    # By method reference, as Guichet's client calls its updates; both bare
    # workflows define the same two updates ("open", "send_message").
    bare = cast(type[BareCaseWorkflow], BareGraphCaseWorkflow if graph else BareCaseWorkflow)
    for _ in range(shape.opens):
        await execute_update(handle, bare.open, BareTurn(text="open"))
    for index in range(shape.turns):
        started = time.perf_counter()
        await execute_update(
            handle, bare.send_message, BareTurn(text=f"answer {index}", hold_ms=hold_ms)
        )
        if latencies is not None:
            latencies.values.append((time.perf_counter() - started) * 1000)
    await handle.result()
    return handle.id


async def measure_shape(client: Client, service: CaseService, store: CaseStore) -> Shape:
    """Count the Updates and activities of one automatically approved case."""
    case_id = await guichet_case(service, store)
    # Counted once the case is idle after its decision: the applicant's notice
    # is an activity that follows the decision's projection, and every case of
    # a run does it.
    handle = client.get_workflow_handle(case_id)
    return shape_of(await _first(handle.fetch_history, _idle, timeout=60))


_ACTIVITY_ENDS = (
    EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
    EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
    EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
    EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
)


def _idle(history: WorkflowHistory) -> bool:
    """Whether no activity and no workflow task of ``history`` is outstanding."""
    outstanding = 0
    for event in history.events:
        if event.event_type in (
            EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
        ):
            outstanding += 1
        elif event.event_type in _ACTIVITY_ENDS or event.event_type in (
            EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
        ):
            outstanding -= 1
    return outstanding == 0


def shape_of(history: WorkflowHistory) -> Shape:
    """Count a history's ``open`` Updates, its other Updates and its scheduled activities.

    Also times its understanding activities and projection writes (started
    to completed, as the server recorded them).
    """
    turns = opens = activities = 0
    kind: dict[int, str] = {}
    started: dict[int, dt.datetime] = {}
    durations: dict[str, list[float]] = {"understand": [], "apply_projection": []}
    for event in history.events:
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            activities += 1
            name = event.activity_task_scheduled_event_attributes.activity_type.name
            kind[event.event_id] = name.rsplit(".", 1)[-1]
        elif event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
            scheduled = event.activity_task_started_event_attributes.scheduled_event_id
            started[scheduled] = event.event_time.ToDatetime()
        elif event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
            scheduled = event.activity_task_completed_event_attributes.scheduled_event_id
            timed = durations.get(kind.get(scheduled, ""))
            if timed is not None and scheduled in started:
                ran = event.event_time.ToDatetime() - started[scheduled]
                timed.append(ran.total_seconds() * 1000)
        elif event.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
            accepted = event.workflow_execution_update_accepted_event_attributes
            if accepted.accepted_request.input.name == "open":
                opens += 1
            else:
                turns += 1
    medians = {k: statistics.median(v) if v else 0.0 for k, v in durations.items()}
    return Shape(
        turns=turns,
        activities=activities,
        opens=opens,
        understand_ms=medians["understand"],
        projection_ms=medians["apply_projection"],
    )


async def run_concurrently(
    run_one: Callable[[], Awaitable[object]], count: int, concurrency: int
) -> float:
    """Run ``count`` calls, ``concurrency`` at a time; return calls per second."""
    semaphore = asyncio.Semaphore(concurrency)

    async def one() -> None:
        async with semaphore:
            await run_one()

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(count)))
    return count / (time.perf_counter() - started)


def scratch_mail(env: BenchEnv) -> MailConfig:
    """Mail settings that write the run's messages into its scratch folder, not ./data."""
    return MailConfig(outbox_dir=env.scratch / "outbox")
