"""Worker layout for scale: separate task queues for workflows, activities and
model calls; timeouts capped from configuration; replay unaffected."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections import defaultdict

from temporalio.api.enums.v1 import EventType
from temporalio.client import Client
from temporalio.worker import Replayer

from guichet.config import Settings
from guichet.converter import replay_data_converter
from guichet.store import CaseStore
from procedures import PROCEDURES
from runtime.queues import QueueLayout
from runtime.service import CaseService
from runtime.temporal import WORKFLOWS, build_workers, langgraph_plugin, model_activity_names
from schemas.case import CaseStatus
from tests.helpers import TEST_KEYS, eventually
from tests.workflows.test_replay import HISTORIES, _load
from tools.audit.replay import replay_run
from tools.demo import demo_scripts, run_script

NEWEST = PROCEDURES["short_time_work"].graph_versions[-1].graph_name
"""The question flow new short-time-work cases take."""


def test_default_layout_is_one_queue_without_routing() -> None:
    layout = QueueLayout.from_settings(Settings(task_queue="q"))
    assert layout.is_default
    assert layout.plan(["workflows", "activities", "models"]) == {
        "q": frozenset({"workflows", "activities", "models"})
    }
    assert layout.routing(model_activity_names()) is None


def test_layout_from_settings_groups_roles_by_queue() -> None:
    settings = Settings(
        task_queue="wf", activity_task_queue="act", activity_start_to_close_seconds=2.5
    )
    layout = QueueLayout.from_settings(settings)
    assert layout.start_to_close == dt.timedelta(seconds=2.5)
    # Model calls follow the activity queue unless given their own.
    assert layout.model_queue == "act"
    assert layout.plan(["workflows", "activities", "models"]) == {
        "wf": frozenset({"workflows"}),
        "act": frozenset({"activities", "models"}),
    }
    assert layout.plan(["models"]) == {"act": frozenset({"models"})}


def test_model_activities_are_the_intake_graph_activity_nodes() -> None:
    graphs = {p.graph_name for p in PROCEDURES.values()} | {
        v.graph_name for p in PROCEDURES.values() for v in p.graph_versions
    }
    assert model_activity_names() == {f"{graph}.understand" for graph in graphs}
    # Every registered question flow (cases keep the one they started with).
    assert "short_time_work_intake_v1.understand" in model_activity_names()
    assert f"{NEWEST}.understand" in model_activity_names()


async def _scheduled_queues(client: Client, case_id: str) -> dict[str, set[tuple[str, float]]]:
    """Activity type → {(task queue, start-to-close seconds)} over every run of the case."""
    found: dict[str, set[tuple[str, float]]] = defaultdict(set)
    history = await client.get_workflow_handle(case_id).fetch_history()
    for event in history.events:
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            attributes = event.activity_task_scheduled_event_attributes
            found[attributes.activity_type.name].add(
                (
                    attributes.task_queue.name,
                    attributes.start_to_close_timeout.ToTimedelta().total_seconds(),
                )
            )
    return found


async def test_three_queues_each_served_by_its_own_worker(client: Client, store: CaseStore) -> None:
    suffix = uuid.uuid4().hex[:8]
    layout = QueueLayout(
        workflows=f"wf-{suffix}",
        activities=f"act-{suffix}",
        models=f"llm-{suffix}",
        start_to_close=dt.timedelta(seconds=7),
    )
    # Three separate processes in production; three workers, one role each, here.
    workers = [
        worker
        for role in ("workflows", "activities", "models")
        for worker in build_workers(client, store, layout, roles=[role])
    ]
    assert [w.task_queue for w in workers] == [layout.workflows, layout.activities, layout.models]
    async with contextlib.AsyncExitStack() as stack:
        for worker in workers:
            await stack.enter_async_context(worker)
        service = CaseService(client, layout.workflows)
        view = await run_script(service, demo_scripts(dt.date.today())[1])
        # The read model follows the workflow (an activity after the decision).
        row = await eventually(
            lambda: store.get_case(view.case_id), lambda r: r.status == "decided"
        )
    assert view.status is CaseStatus.DECIDED
    assert view.decision is not None and view.decision.decided_by == "demo.caseworker"
    queues = await _scheduled_queues(client, view.case_id)
    assert queues[f"{NEWEST}.understand"] == {(layout.models, 7.0)}
    assert queues["eligibility.evaluate"] == {(layout.activities, 7.0)}
    assert queues["letters.issue"] == {(layout.activities, 7.0)}
    assert queues["store.apply_projection"] == {(layout.activities, 7.0)}
    assert row.outcome == "approved"


async def test_default_layout_schedules_on_the_workflow_queue(
    client: Client, store: CaseStore, task_queue: str
) -> None:
    layout = QueueLayout(workflows=task_queue)
    async with contextlib.AsyncExitStack() as stack:
        for worker in build_workers(client, store, layout):
            await stack.enter_async_context(worker)
        service = CaseService(client, task_queue)
        case_id, _ = await service.start("short_time_work", "en")
        await service.send(case_id, "economic reasons")
        await service.wait_for(case_id, lambda v: v.turn == 1)
    queues = await _scheduled_queues(client, case_id)
    # The workflow's own timeouts (20 s understanding, 10 s others) are kept.
    assert queues[f"{NEWEST}.understand"] == {(task_queue, 20.0)}
    assert queues["store.apply_projection"] == {(task_queue, 10.0)}


async def test_committed_histories_replay_with_a_split_layout() -> None:
    layout = QueueLayout(
        workflows="guichet", activities="act", models="llm", start_to_close=dt.timedelta(seconds=2)
    )
    routing = layout.routing(model_activity_names())
    assert routing is not None
    replayer = Replayer(
        workflows=list(WORKFLOWS),
        data_converter=replay_data_converter(TEST_KEYS),
        plugins=[langgraph_plugin()],
        interceptors=[routing],
    )
    for path in HISTORIES:
        result = await replay_run(replayer, _load(path))
        assert result.replay_failure is None, (path.name, result.replay_failure)
    recorded = _load(HISTORIES[0])
    queues = {
        e.activity_task_scheduled_event_attributes.task_queue.name
        for e in recorded.events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
    }
    assert queues and not queues & {"act", "llm"}, "the histories were recorded on one queue"
