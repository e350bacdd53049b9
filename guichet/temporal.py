"""One place that knows how to talk to Temporal: client, plugin, worker, replayer.

The worker, the starter, the web app and the replayer all go through here,
so they share the data converter and the LangGraph plugin (and later the
payload codec) by construction.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter
from temporalio.langgraph import LangGraphPlugin
from temporalio.worker import Interceptor, Replayer, Worker

from activities.archive import ArchiveActivities
from activities.duplicates import DuplicateActivities
from activities.eligibility import evaluate_eligibility
from activities.letters import LetterActivities
from activities.store import StoreActivities
from agents.intake import build_intake_graph
from agents.intake.understanding import register_model
from guichet.config import get_settings
from guichet.llm import ModelClient
from guichet.store import CaseStore
from procedures import PROCEDURES
from workflows import CaseWorkflow, ConsultationWorkflow

WORKFLOWS: tuple[type, ...] = (CaseWorkflow, ConsultationWorkflow)
"""Every workflow type a worker runs (and a replayer knows)."""


def data_converter() -> DataConverter:
    """Return the data converter every Guichet process uses."""
    return pydantic_data_converter


def langgraph_plugin(model_task_queue: str | None = None) -> LangGraphPlugin:
    """Return a LangGraph plugin with every procedure's intake graph registered.

    Each call builds fresh graphs: the plugin wraps node functions in place.

    Args:
        model_task_queue: Task queue of the understanding activity (model
            calls), when it has workers of its own.
    """
    graphs: dict[str, Any] = {}
    for procedure in PROCEDURES.values():
        graphs[procedure.graph_name] = build_intake_graph(model_task_queue=model_task_queue)
        # Every question-flow version stays registered: cases keep the graph
        # they started with.
        for version in procedure.graph_versions:
            graphs[version.graph_name] = (
                version.build()
                if version.build
                else build_intake_graph(model_task_queue=model_task_queue)
            )
    return LangGraphPlugin(graphs=graphs)


async def connect(address: str, namespace: str) -> Client:
    """Connect a client with Guichet's data converter.

    The LangGraph plugin is given to workers and replayers, not to the
    client: a client only starts and drives workflows.
    """
    return await Client.connect(address, namespace=namespace, data_converter=data_converter())


def build_worker(
    client: Client,
    task_queue: str,
    store: CaseStore,
    *,
    max_cached_workflows: int = 1000,
    activity_executor: ThreadPoolExecutor | None = None,
    interceptors: Sequence[Interceptor] = (),
    model: ModelClient | None = None,
    model_task_queue: str | None = None,
    fingerprint_key: str | None = None,
) -> Worker:
    """Build the worker that runs case workflows and their activities.

    Args:
        client: A connected client.
        task_queue: The task queue to poll.
        store: The case store the projection and letter activities write to.
        max_cached_workflows: Sticky cache size (evicted cases replay on resume).
        activity_executor: Executor for synchronous activities (none today).
        interceptors: Extra worker interceptors (tests use them to inject faults).
        model: The process's model client for the understanding activity
            (``None``: the deterministic parser alone).
        model_task_queue: Where understanding activities are scheduled, when
            not on ``task_queue``; run :func:`build_model_worker` for it.
        fingerprint_key: Key of the duplicate-check hashes; defaults to the settings'.

    Returns:
        A worker, not yet running.
    """
    register_model(task_queue, model)
    store_activities = StoreActivities(store)
    letter_activities = LetterActivities(store)
    archive_activities = ArchiveActivities(client, store)
    key = fingerprint_key if fingerprint_key is not None else get_settings().fingerprint_key
    duplicate_activities = DuplicateActivities(store, key.encode())
    return Worker(
        client,
        task_queue=task_queue,
        workflows=list(WORKFLOWS),
        activities=[
            store_activities.apply_projection,
            letter_activities.issue_letter,
            evaluate_eligibility,
            archive_activities.archive,
            duplicate_activities.check_duplicates,
        ],
        plugins=[langgraph_plugin(model_task_queue)],
        max_cached_workflows=max_cached_workflows,
        activity_executor=activity_executor,
        interceptors=list(interceptors),
    )


def build_model_worker(client: Client, task_queue: str, model: ModelClient | None) -> Worker:
    """Build a worker that runs only the intake graphs' activities (model calls).

    Args:
        client: A connected client.
        task_queue: The model task queue (``GUICHET_MODEL_TASK_QUEUE``).
        model: The process's model client.

    Returns:
        A worker, not yet running.
    """
    register_model(task_queue, model)
    return Worker(client, task_queue=task_queue, plugins=[langgraph_plugin(task_queue)])


def build_replayer(workflows: Sequence[type] = WORKFLOWS) -> Replayer:
    """Return a replayer with the same converter and plugin as the workers."""
    return Replayer(
        workflows=list(workflows),
        data_converter=data_converter(),
        plugins=[langgraph_plugin()],
    )
