"""Worker layout for scale: which task queue each kind of work runs on.

Three kinds of work can run on separate workers: case workflow tasks
(``workflows``), database, rules and letter activities (``activities``) and
language-model calls (``models``, the intake graph's understanding node).
By default all three share one queue, so the embedded default needs one
worker. Routing an activity to its queue is done by a worker interceptor,
not by the workflow code: the workflow stays the same whatever the
deployment, and an activity scheduled on the workflow's own queue (the
default) produces exactly the commands it always did.

The activity task queue is recorded in the ``ActivityTaskScheduled``
event, but replay does not compare it (nor timeouts) with the recorded
one, only the activity's type and id, so changing the layout of a running
system is safe for cases in flight (``tests/workflows/test_worker_layout.py`` replays
the committed histories with a non-default layout).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Final, Literal

from temporalio import workflow
from temporalio.worker import (
    Interceptor,
    StartActivityInput,
    WorkflowInboundInterceptor,
    WorkflowInterceptorClassInput,
    WorkflowOutboundInterceptor,
)

from guichet.config import Settings

Role = Literal["workflows", "activities", "models"]
ROLES: Final[tuple[Role, ...]] = ("workflows", "activities", "models")
"""Every role; ``worker.py --role all`` runs them all."""


@dataclass(frozen=True)
class QueueLayout:
    """The task queues of the three kinds of work.

    Attributes:
        workflows: The queue case workflows run on.
        activities: The queue of database, rules and letter activities;
            None means the workflow's own queue.
        models: The queue of language-model calls; None means the
            activity queue.
        start_to_close: Caps every activity's start-to-close timeout; None
            keeps what the workflow asks for.
    """

    workflows: str
    activities: str | None = None
    models: str | None = None
    start_to_close: timedelta | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> QueueLayout:
        """Read the layout from the settings."""
        seconds = settings.activity_start_to_close_seconds
        return cls(
            workflows=settings.task_queue,
            activities=settings.activity_task_queue,
            models=settings.model_task_queue,
            start_to_close=timedelta(seconds=seconds) if seconds else None,
        )

    @property
    def activity_queue(self) -> str:
        """The queue activities are polled on."""
        return self.activities or self.workflows

    @property
    def model_queue(self) -> str:
        """The queue language-model calls are polled on."""
        return self.models or self.activity_queue

    @property
    def is_default(self) -> bool:
        """Whether everything runs on the workflow's queue with its own timeouts."""
        return self.activity_queue == self.workflows == self.model_queue and (
            self.start_to_close is None
        )

    def queue_of(self, role: Role) -> str:
        """Return the task queue a role polls."""
        return {
            "workflows": self.workflows,
            "activities": self.activity_queue,
            "models": self.model_queue,
        }[role]

    def plan(self, roles: Collection[Role]) -> dict[str, frozenset[Role]]:
        """Group the requested roles by task queue: one worker per queue.

        Args:
            roles: The roles this process runs.

        Returns:
            For each queue to poll, the roles served on it.
        """
        grouped: dict[str, set[Role]] = {}
        for role in ROLES:
            if role in roles:
                grouped.setdefault(self.queue_of(role), set()).add(role)
        return {queue: frozenset(served) for queue, served in grouped.items()}

    def routing(self, model_activities: Collection[str]) -> ActivityRouting | None:
        """Return the interceptor that applies this layout, or None for the default.

        Args:
            model_activities: Activity type names of language-model calls.
        """
        if self.is_default:
            return None
        targets: dict[str, str] = {}
        for name in model_activities:
            if self.model_queue != self.workflows:
                targets[name] = self.model_queue
        default = self.activity_queue if self.activity_queue != self.workflows else None
        return ActivityRouting(targets, default, self.start_to_close)


class ActivityRouting(Interceptor):
    """Schedules activities on their kind's queue and caps their timeouts.

    An activity the workflow code gives a queue explicitly keeps it.
    """

    def __init__(
        self,
        targets: Mapping[str, str],
        default: str | None,
        start_to_close: timedelta | None,
    ) -> None:
        """Route ``targets`` (activity type → queue), others to ``default``.

        Args:
            targets: Queues of specific activity types.
            default: Queue of every other activity; None keeps the
                workflow's own queue.
            start_to_close: Cap on start-to-close timeouts; None for none.
        """
        self._targets = dict(targets)
        self._default = default
        self._start_to_close = start_to_close

    def workflow_interceptor_class(
        self, input: WorkflowInterceptorClassInput
    ) -> type[WorkflowInboundInterceptor]:
        """Return the inbound interceptor that installs the routing outbound one."""
        targets = self._targets
        default = self._default
        cap = self._start_to_close

        class _Outbound(WorkflowOutboundInterceptor):
            def start_activity(self, input: StartActivityInput) -> workflow.ActivityHandle[object]:
                if input.task_queue is None:
                    input.task_queue = targets.get(input.activity, default)
                current = input.start_to_close_timeout
                if cap is not None and (current is None or current > cap):
                    input.start_to_close_timeout = cap
                return super().start_activity(input)

        class _Inbound(WorkflowInboundInterceptor):
            def init(self, outbound: WorkflowOutboundInterceptor) -> None:
                super().init(_Outbound(outbound))

        return _Inbound


@dataclass(frozen=True)
class WorkerTuning:
    """Slots and cache size of each worker.

    Attributes:
        max_concurrent_activities: Activity slots.
        max_concurrent_workflow_tasks: Workflow task slots.
        max_cached_workflows: Sticky cache size.
    """

    max_concurrent_activities: int = 100
    max_concurrent_workflow_tasks: int = 100
    max_cached_workflows: int = 1000

    @classmethod
    def from_settings(cls, settings: Settings) -> WorkerTuning:
        """Read the tuning from the settings."""
        return cls(
            max_concurrent_activities=settings.max_concurrent_activities,
            max_concurrent_workflow_tasks=settings.max_concurrent_workflow_tasks,
            max_cached_workflows=settings.max_cached_workflows,
        )
