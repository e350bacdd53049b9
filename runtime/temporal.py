"""One place that knows how to talk to Temporal: client, plugin, worker, replayer.

The worker, the starter, the web app and the replayer all go through here,
so they share the data converter and the LangGraph plugin (and later the
payload codec) by construction.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from temporalio.client import Client
from temporalio.langgraph import LangGraphPlugin
from temporalio.runtime import Runtime
from temporalio.worker import Interceptor, Replayer, Worker

from activities.archive import ArchiveActivities
from activities.duplicates import DuplicateActivities
from activities.eligibility import evaluate_eligibility
from activities.letters import LetterActivities
from activities.notify import MailConfig, NotifyActivities, StaffNotifyActivities
from activities.purge import PurgeActivities
from activities.store import StoreActivities
from agents.intake import build_intake_graph
from agents.intake.understanding import register_model
from guichet.config import get_settings
from guichet.converter import data_converter, replay_data_converter
from guichet.crypto import KeySet
from guichet.llm import ModelClient
from guichet.store import AccountStore, CaseStore
from procedures import PROCEDURES
from runtime.queues import ROLES, QueueLayout, Role, WorkerTuning
from workflows import CaseWorkflow, ConsultationWorkflow

WORKFLOWS: tuple[type, ...] = (CaseWorkflow, ConsultationWorkflow)
"""Every workflow type a worker runs (and a replayer knows)."""


def _graph_names() -> list[str]:
    """Every registered intake graph: each procedure's, and every older version."""
    names: list[str] = []
    for procedure in PROCEDURES.values():
        names.append(procedure.graph_name)
        names.extend(version.graph_name for version in procedure.graph_versions)
    return names


def langgraph_plugin(model_task_queue: str | None = None) -> LangGraphPlugin:
    """Return a LangGraph plugin with every procedure's intake graph registered.

    Each call builds fresh graphs: the plugin wraps node functions in place.

    Args:
        model_task_queue: Task queue of the understanding activity, when the
            graph should name it itself (the queue layout's routing
            interceptor is the usual way, see :mod:`runtime.queues`).
    """
    graphs: dict[str, Any] = {}
    for procedure in PROCEDURES.values():
        # The base graphs are the first conversation's, frozen for the cases
        # that started on them.
        graphs[procedure.graph_name] = build_intake_graph(
            model_task_queue=model_task_queue, conversation=1
        )
        # Every question-flow version stays registered: cases keep the graph
        # they started with.
        for version in procedure.graph_versions:
            graphs[version.graph_name] = (
                version.build()
                if version.build
                else build_intake_graph(model_task_queue=model_task_queue)
            )
    return LangGraphPlugin(graphs=graphs)


def model_activity_names() -> frozenset[str]:
    """Return the activity types of language-model calls (intake graph activity nodes)."""
    nodes = [
        name
        for name, node in build_intake_graph().nodes.items()
        if (node.metadata or {}).get("execute_in") == "activity"
    ]
    return frozenset(f"{graph}.{node}" for graph in _graph_names() for node in nodes)


async def connect(
    address: str, namespace: str, keys: KeySet, runtime: Runtime | None = None
) -> Client:
    """Connect a client with Guichet's data converter.

    The LangGraph plugin is given to workers and replayers, not to the
    client: a client only starts and drives workflows.

    Args:
        address: The Temporal frontend.
        namespace: The namespace.
        keys: The encryption keys of the payload codec.
        runtime: A Temporal runtime (for example one exporting metrics,
            see :mod:`guichet.metrics`); None uses the default one.
    """
    return await Client.connect(
        address, namespace=namespace, data_converter=data_converter(keys), runtime=runtime
    )


def build_worker(
    client: Client,
    task_queue: str,
    store: CaseStore,
    *,
    roles: Collection[Role] = ROLES,
    layout: QueueLayout | None = None,
    tuning: WorkerTuning | None = None,
    max_cached_workflows: int | None = None,
    activity_executor: ThreadPoolExecutor | None = None,
    interceptors: Sequence[Interceptor] = (),
    model: ModelClient | None = None,
    fingerprint_key: str | None = None,
    mail: MailConfig | None = None,
) -> Worker:
    """Build the worker that runs case workflows and/or their activities.

    Args:
        client: A connected client.
        task_queue: The task queue to poll.
        store: The case store the projection and letter activities write to.
        roles: What this worker serves: ``workflows``, ``activities`` (store,
            rules, letters, archive, duplicates, purge) and/or ``models``
            (understanding, with or without a language model).
        layout: Where the workflows it runs schedule their activities (see
            :mod:`runtime.queues`); None keeps them on ``task_queue``.
        tuning: Slots and sticky cache size.
        max_cached_workflows: Overrides the tuning's sticky cache size
            (evicted cases replay on resume).
        activity_executor: Executor for synchronous activities (none today).
        interceptors: Extra worker interceptors (tests use them to inject faults).
        model: The process's model client for the understanding activities
            this worker runs (``None``: the deterministic parser alone).
        fingerprint_key: Key of the duplicate-check hashes; defaults to the settings'.
        mail: Where notifications go; defaults to the settings' (SMTP or outbox).

    Returns:
        A worker, not yet running.
    """
    tuning = tuning or WorkerTuning()
    activities: list[Any] = []
    if "activities" in roles:
        key = fingerprint_key if fingerprint_key is not None else get_settings().fingerprint_key
        store_activities = StoreActivities(store)
        letter_activities = LetterActivities(store)
        archive_activities = ArchiveActivities(client, store)
        duplicate_activities = DuplicateActivities(store, key.encode())
        mail_config = mail or MailConfig.from_settings(get_settings())
        activities += [
            store_activities.apply_projection,
            letter_activities.issue_letter,
            evaluate_eligibility,
            archive_activities.archive,
            duplicate_activities.check_duplicates,
            # Uploads live beside the outbox, in the data directory.
            PurgeActivities(store, mail_config.outbox_dir.parent / "files").purge_case,
            NotifyActivities(mail_config).send,
            StaffNotifyActivities(mail_config, AccountStore(store.engines)).send_staff,
        ]
    if "models" in roles:
        # Understanding activities find the model by the queue they run on.
        register_model(task_queue, model)
    plugin = langgraph_plugin()
    hosts_workflows = "workflows" in roles
    if not hosts_workflows and "models" in roles:
        # Without workflows the plugin is not needed, only its node activities.
        activities += plugin.activities
    extra = list(interceptors)
    routing = layout.routing(model_activity_names()) if layout is not None else None
    if routing is not None and hosts_workflows:
        extra.append(routing)
    return Worker(
        client,
        task_queue=task_queue,
        workflows=list(WORKFLOWS) if hosts_workflows else [],
        activities=activities,
        plugins=[plugin] if hosts_workflows else [],
        # The plugin registers the model activities with the workflows; a
        # workflow-only worker must not poll them.
        no_remote_activities=hosts_workflows and not {"activities", "models"} & set(roles),
        max_cached_workflows=(
            tuning.max_cached_workflows if max_cached_workflows is None else max_cached_workflows
        ),
        max_concurrent_activities=tuning.max_concurrent_activities,
        max_concurrent_workflow_tasks=tuning.max_concurrent_workflow_tasks,
        activity_executor=activity_executor,
        interceptors=extra,
    )


def build_workers(
    client: Client,
    store: CaseStore,
    layout: QueueLayout,
    roles: Collection[Role] = ROLES,
    tuning: WorkerTuning | None = None,
    interceptors: Sequence[Interceptor] = (),
    model: ModelClient | None = None,
) -> list[Worker]:
    """Build one worker per task queue the requested roles poll.

    Args:
        client: A connected client.
        store: The case store.
        layout: The task queues of the three kinds of work.
        roles: The roles this process serves.
        tuning: Slots and cache size of each worker.
        interceptors: Extra worker interceptors.
        model: The process's model client (one per process).

    Returns:
        The workers, not yet running.
    """
    return [
        build_worker(
            client,
            queue,
            store,
            roles=served,
            layout=layout,
            tuning=tuning,
            interceptors=interceptors,
            model=model,
        )
        for queue, served in layout.plan(roles).items()
    ]


def build_replayer(keys: KeySet, workflows: Sequence[type] = WORKFLOWS) -> Replayer:
    """Return a replayer with the same converter and plugin as the workers.

    Args:
        keys: The encryption keys the histories were written with.
        workflows: The workflow types to know.
    """
    return Replayer(
        workflows=list(workflows),
        data_converter=replay_data_converter(keys),
        plugins=[langgraph_plugin()],
    )
