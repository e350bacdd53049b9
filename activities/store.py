"""Activity that writes read-model projections to the case store."""

from __future__ import annotations

import structlog
from pydantic import BaseModel
from temporalio import activity

from guichet.store import CaseStore
from schemas.projection import ProjectionBatch

_log = structlog.get_logger(__name__)


class ProjectionAck(BaseModel):
    """What a projection write changed.

    Attributes:
        case_version: The case row's version after the write, or None when
            the batch had no case.
        tasks: Task rows inserted or replaced by a newer version.
        letters: Letters newly inserted.
        messages: Conversation entries newly inserted (an entry already
            stored counts zero; the batch's entries are all stored either way).
        messages_through: The highest entry number the batch carried, now
            stored; the workflow drops the entries up to it from its state.
            None when the batch carried none.

    """

    case_version: int | None
    tasks: int
    letters: int
    messages: int = 0
    messages_through: int | None = None


class StoreActivities:
    """Case-store activities, bound to one open store per worker."""

    def __init__(self, store: CaseStore) -> None:
        """Bind the activities to a store the worker opened (and will close)."""
        self._store = store

    @activity.defn(name="store.apply_projection")
    async def apply_projection(self, batch: ProjectionBatch) -> ProjectionAck:
        """Apply a batch of projections; safe to retry (versioned upserts).

        Args:
            batch: The case, task and letter rows and conversation entries to write.

        Returns:
            What changed; zero counts on a retry of a write already applied.

        """
        result = await self._store.apply(batch)
        # Ids and counts only: forms and letters carry personal data.
        _log.info(
            "projection_applied",
            case_id=batch.case.case_id if batch.case is not None else None,
            case_version=result.case_version,
            tasks_received=len(batch.tasks),
            tasks_written=result.tasks,
            letters_received=len(batch.letters),
            letters_written=result.letters,
            messages_received=len(batch.messages),
            messages_written=result.messages,
        )
        return ProjectionAck(
            case_version=result.case_version,
            tasks=result.tasks,
            letters=result.letters,
            messages=result.messages,
            messages_through=max((m.seq for m in batch.messages), default=None),
        )
