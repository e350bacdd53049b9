"""The retention purge: remove a case's personal data from the case database.

Run by the case workflow when the retention period of a closed case ends.
Destroying the case's data key makes every sealed copy of its personal data
in the database unreadable (read models, archived histories); the sealed
columns are emptied as well. Decision, amount, dates and digests stay.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import structlog
from temporalio import activity

from guichet.case_files import CaseFiles
from guichet.store import CaseStore
from schemas.retention import PurgeReceipt, PurgeRequest

log = structlog.get_logger(__name__)


class PurgeActivities:
    """Purge activities bound to a case store."""

    def __init__(self, store: CaseStore, files_root: Path | None = None) -> None:
        """Bind to the worker's case store and, when given, the uploads' directory."""
        self._store = store
        self._files = CaseFiles(files_root, store) if files_root is not None else None

    @activity.defn(name="case.purge")
    async def purge_case(self, request: PurgeRequest) -> PurgeReceipt:
        """Destroy the case's data key and erase its personal data; safe to retry."""
        if self._files is not None:  # clear uploads of an earlier release: sealed in, to go below
            await self._files.reseal_legacy(case_id=request.case_id)
        result = await self._store.purge_case(request.case_id, request.purged_at)
        # The documents were sealed with the key just destroyed; they go too.
        documents = (
            await asyncio.to_thread(self._files.purge, request.case_id) if self._files else False
        )
        log.info(
            "case purged",
            case_id=request.case_id,
            key_destroyed=result.key_destroyed,
            tasks=result.tasks,
            letters=result.letters,
            deleted=result.deleted,
            messages=result.messages,
            documents=documents,
        )
        return PurgeReceipt(
            key_destroyed=result.key_destroyed,
            tasks=result.tasks,
            letters=result.letters,
            deleted=result.deleted,
            messages=result.messages,
        )
