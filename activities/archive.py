"""The archive activity: append a case's histories (or a purge record) to the archive.

Only the entry's id and digests go back into the history; the archived
bytes live in the case database.
"""

from __future__ import annotations

import structlog
from temporalio import activity
from temporalio.client import Client

from guichet.audit.archive import archive_case
from guichet.store import ArchiveStore, CaseStore
from schemas.audit import ArchiveReceipt, ArchiveRequest

log = structlog.get_logger(__name__)


class ArchiveActivities:
    """Archive activities bound to a client (to read histories) and a store."""

    def __init__(self, client: Client, store: CaseStore) -> None:
        """Bind to the worker's client and case store."""
        self._client = client
        self._archive = ArchiveStore(store.engines, store.case_keys)

    @activity.defn(name="archive.append")
    async def archive(self, request: ArchiveRequest) -> ArchiveReceipt:
        """Export the case's histories so far (every run) and append them, chained."""
        links = await archive_case(
            self._client,
            self._archive,
            request.case_id,
            entry_id=request.entry_id,
            run_id=request.run_id,
            kind=request.kind,
            note=request.note,
        )
        log.info(
            "case archived",
            case_id=request.case_id,
            entry_id=request.entry_id,
            kind=request.kind.value,
            links=len(links),
            first_seq=links[0].seq,
        )
        return ArchiveReceipt(
            entry_id=request.entry_id,
            first_seq=links[0].seq,
            links=len(links),
            digest=links[-1].digest,
        )
