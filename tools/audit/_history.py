"""Reading a workflow history: decoding payloads and pairing events.

Payloads are decoded with the project's data converter (its codec first,
when one is configured, then the pydantic payload converter), so the audit
reads exactly what the workflow saw.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from temporalio.api.common.v1 import Payload, Payloads
from temporalio.api.history.v1 import HistoryEvent

from guichet.converter import data_converter
from guichet.crypto import configured_keys

T = TypeVar("T")


async def decode(
    payloads: Payloads | Sequence[Payload], hint: type[T], *, encrypted: bool = True
) -> T | None:
    """Decode the first payload of ``payloads`` as ``hint`` (None if there is none).

    Args:
        payloads: The payloads.
        hint: The type to decode into.
        encrypted: Whether the payloads went through the codec; Temporal
            Core's own markers (patch ids) never do.
    """
    items = list(payloads.payloads if isinstance(payloads, Payloads) else payloads)
    if not items:
        return None
    converter = data_converter(configured_keys())
    if encrypted and converter.payload_codec is not None:
        items = await converter.payload_codec.decode(items)
    value: T = converter.payload_converter.from_payloads(items[:1], [hint])[0]
    return value


def event_time(event: HistoryEvent) -> dt.datetime:
    """Return an event's time as an aware UTC datetime."""
    return event.event_time.ToDatetime(tzinfo=dt.UTC)


@dataclass(frozen=True)
class ActivityCall:
    """A scheduled activity and how it ended.

    Attributes:
        activity_type: The activity type name.
        scheduled: The scheduled event (holds the input).
        closed: The completed, failed, timed-out or cancelled event, if any.
    """

    activity_type: str
    scheduled: HistoryEvent
    closed: HistoryEvent | None

    @property
    def completed(self) -> bool:
        """Whether the activity completed successfully."""
        return self.closed is not None and self.closed.HasField(
            "activity_task_completed_event_attributes"
        )

    async def input(self, hint: type[T]) -> T | None:
        """Decode the activity's input."""
        return await decode(self.scheduled.activity_task_scheduled_event_attributes.input, hint)

    async def result(self, hint: type[T]) -> T | None:
        """Decode the activity's result (None unless it completed)."""
        if self.closed is None or not self.completed:
            return None
        return await decode(self.closed.activity_task_completed_event_attributes.result, hint)


_CLOSED_ATTRIBUTES = (
    "activity_task_completed_event_attributes",
    "activity_task_failed_event_attributes",
    "activity_task_timed_out_event_attributes",
    "activity_task_canceled_event_attributes",
)


def activity_calls(events: Sequence[HistoryEvent]) -> Iterator[ActivityCall]:
    """Yield every activity of a history with its closing event, in schedule order."""
    closed: dict[int, HistoryEvent] = {}
    for event in events:
        for name in _CLOSED_ATTRIBUTES:
            if event.HasField(name):  # type: ignore[arg-type]
                closed[getattr(event, name).scheduled_event_id] = event
    for event in events:
        if event.HasField("activity_task_scheduled_event_attributes"):
            attributes = event.activity_task_scheduled_event_attributes
            yield ActivityCall(attributes.activity_type.name, event, closed.get(event.event_id))
