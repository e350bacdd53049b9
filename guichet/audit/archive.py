"""Export a case's workflow histories from Temporal and append them to the archive.

A case may span several runs (continue-as-new). Each run's history is kept
as the serialised ``temporal.api.history.v1.History`` protobuf with its
payloads exactly as Temporal stores them (still encoded, so encrypted
payloads stay encrypted in the archive), and the whole is sealed once more
with the case's data key: the retention purge destroys that key, so the
archived histories become unreadable while the chain over their sealed bytes
still verifies.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from temporalio.api.history.v1 import History
from temporalio.client import Client, WorkflowHistory

from guichet.audit.chain import ArchiveLink, ChainReport, ChainVerifier, content_digest
from guichet.store import ArchiveStore
from schemas.audit import ArchiveKind

MAX_RUNS = 10_000
"""Guard against a malformed continue-as-new chain that loops."""


@dataclass(frozen=True)
class RunHistory:
    """One run's history as archived.

    Attributes:
        run_id: The run.
        data: The serialised ``History`` protobuf (payloads still encoded).
        archived_sha256: SHA-256 of the bytes as stored in the archive (sealed
            with the case's data key; the chain link's ``content_sha256``), or
            None for a history read from Temporal.
    """

    run_id: str
    data: bytes
    archived_sha256: str | None = None

    def history(self, workflow_id: str) -> WorkflowHistory:
        """Parse the bytes back into a history the replayer accepts."""
        parsed = History()
        parsed.ParseFromString(self.data)
        return WorkflowHistory(workflow_id, list(parsed.events))


def serialize(history: WorkflowHistory) -> bytes:
    """Return a fetched history as the bytes Temporal holds (a ``History`` protobuf)."""
    return History(events=history.events).SerializeToString()


def _previous_run(history: WorkflowHistory) -> str | None:
    if not history.events:
        return None
    started = history.events[0].workflow_execution_started_event_attributes
    return started.continued_execution_run_id or None


async def export_case(client: Client, case_id: str, run_id: str | None = None) -> list[RunHistory]:
    """Fetch every run of a case, following continue-as-new back to the first.

    Args:
        client: A connected client.
        case_id: The workflow id.
        run_id: The newest run to start from (default: the latest run).

    Returns:
        The runs, oldest first.

    Raises:
        RuntimeError: The continue-as-new chain does not end.
    """
    if run_id is None:
        run_id = (await client.get_workflow_handle(case_id).describe()).run_id
    runs: list[RunHistory] = []
    current: str | None = run_id
    while current is not None:
        if len(runs) >= MAX_RUNS:
            raise RuntimeError(f"case {case_id}: more than {MAX_RUNS} runs")
        history = await client.get_workflow_handle(case_id, run_id=current).fetch_history()
        runs.append(RunHistory(run_id=current, data=serialize(history)))
        current = _previous_run(history)
    runs.reverse()
    return runs


def purge_record(case_id: str, note: str, at: dt.datetime) -> bytes:
    """Return the bytes of a purge entry: what was purged, when and why (no personal data)."""
    record = {"case_id": case_id, "event": "purged", "at": at.isoformat(), "note": note}
    return json.dumps(record, sort_keys=True, separators=(",", ":")).encode()


async def archive_case(
    client: Client,
    archive: ArchiveStore,
    case_id: str,
    *,
    entry_id: str | None = None,
    run_id: str | None = None,
    kind: ArchiveKind = ArchiveKind.HISTORY,
    note: str = "",
    now: dt.datetime | None = None,
) -> list[ArchiveLink]:
    """Append an archive entry for a case.

    Args:
        client: A connected client (for histories).
        archive: The archive store.
        case_id: The case.
        entry_id: The entry id; by default (on-demand archives) it is derived
            from the content, so archiving an unchanged history twice appends
            nothing.
        run_id: The newest run to export (default: the latest run).
        kind: A history entry or a purge record.
        note: The reason recorded in a purge entry.
        now: The time recorded (default: now).

    Returns:
        The entry's links.
    """
    recorded = now or dt.datetime.now(dt.UTC)
    parts: list[tuple[str | None, bytes]]
    if kind is ArchiveKind.PURGE:
        parts = [(run_id, purge_record(case_id, note, recorded))]
    else:
        parts = [(run.run_id, run.data) for run in await export_case(client, case_id, run_id)]
    if entry_id is None:
        # From the plain histories: sealing is randomised, an unchanged history is not.
        combined = content_digest(b"".join(content_digest(data).encode() for _, data in parts))
        entry_id = f"{case_id}:{kind.value}:{combined[:16]}"
    if kind is ArchiveKind.HISTORY:
        sealed = await archive.seal(case_id, [data for _, data in parts])
        parts = [(run, data) for (run, _), data in zip(parts, sealed, strict=True)]
    return await archive.append(entry_id, case_id, kind.value, parts, now=recorded)


async def archived_runs(archive: ArchiveStore, case_id: str) -> list[RunHistory]:
    """Return the newest archived history of a case, oldest run first (empty if none).

    Raises:
        CaseDataPurged: The case's personal data was purged: its histories
            can no longer be read.
    """
    stored = await archive.latest_history(case_id)
    opened = await archive.open(case_id, [data for _, data in stored])
    return [
        RunHistory(run_id=link.run_id or "", data=data, archived_sha256=link.content_sha256)
        for (link, _), data in zip(stored, opened, strict=True)
    ]


async def load_runs(
    case_id: str, archive: ArchiveStore, client: Client | None = None
) -> list[RunHistory]:
    """Return a case's runs: from the archive, else (still open) from Temporal.

    Closed cases are read from the archive because Temporal keeps completed
    histories only for its retention period.

    Raises:
        LookupError: Not archived, and no client given or Temporal does not
            know the case.
        CaseDataPurged: The case's personal data was purged (its archived
            histories are sealed with a destroyed key).
    """
    runs = await archived_runs(archive, case_id)
    if runs:
        return runs
    if client is None:
        raise LookupError(f"case {case_id} is not archived")
    from temporalio.service import RPCError, RPCStatusCode

    try:
        return await export_case(client, case_id)
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND:
            raise LookupError(f"case {case_id} is neither archived nor known to Temporal") from exc
        raise


async def verify_archive(archive: ArchiveStore, expect_head: str | None = None) -> ChainReport:
    """Verify the whole archive chain, streaming it in ``seq`` order.

    Args:
        archive: The archive store.
        expect_head: A head digest published earlier that must still be present.

    Returns:
        The report, naming the first broken link if any.
    """
    verifier = ChainVerifier(expect_head)
    async for link, content in archive.iter_chain():
        if not verifier.feed(link, content):
            break
    return verifier.report()
