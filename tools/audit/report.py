"""The audit report of one case: what ``GET /api/cases/{id}/audit`` returns.

Closed cases are read from the archive, open ones from Temporal; the
timeline is built from the histories alone and the histories are replayed
against the running code.
"""

from __future__ import annotations

from typing import Any

from temporalio.client import Client

from guichet.audit.archive import load_runs
from guichet.store import ArchiveStore, CaseDataPurged
from tools.audit.replay import replay_case
from tools.audit.timeline import build_timeline


async def case_audit(
    case_id: str, archive: ArchiveStore, client: Client | None = None
) -> dict[str, Any]:
    """Return the case's audit timeline and the result of replaying it.

    Args:
        case_id: The case.
        archive: The archive store (closed cases are read from it).
        client: A client, to read cases not archived yet from Temporal.

    Returns:
        A JSON-ready dict: ``case_id``, ``procedure``, ``language``,
        ``graph_name``, ``runs``, ``timeline`` (the events) and
        ``replay`` = ``{"ok", "events", "runs", "divergence"}``. A purged
        case answers ``purged: true`` with ``purged_at``, an empty timeline
        and ``replay.ok`` None: its histories can no longer be read, only
        its archive links (``archive``: seq, kind, recorded_at, digest).

    Raises:
        LookupError: The case is neither archived nor known to Temporal (404).
    """
    try:
        runs = await load_runs(case_id, archive, client)
    except CaseDataPurged as purged:
        return await _purged_report(case_id, archive, purged)
    histories = [run.history(case_id) for run in runs]
    timeline = await build_timeline(case_id, histories)
    replay = await replay_case(case_id, histories)
    body = timeline.model_dump(mode="json")
    return {
        "case_id": case_id,
        "purged": False,
        "procedure": body["procedure"],
        "language": body["language"],
        "graph_name": body["graph_name"],
        "runs": body["runs"],
        "timeline": body["events"],
        "replay": {
            "ok": replay.ok,
            "events": replay.events,
            "runs": replay.runs,
            "divergence": replay.divergence.model_dump() if replay.divergence else None,
        },
    }


async def _purged_report(
    case_id: str, archive: ArchiveStore, purged: CaseDataPurged
) -> dict[str, Any]:
    links = await archive.entries_for_case(case_id)
    return {
        "case_id": case_id,
        "purged": True,
        "purged_at": purged.purged_at.isoformat() if purged.purged_at else None,
        "procedure": None,
        "language": None,
        "graph_name": None,
        "runs": 0,
        "timeline": [],
        "replay": {"ok": None, "events": 0, "runs": 0, "divergence": None},
        "archive": [
            {
                "seq": link.seq,
                "kind": link.kind,
                "recorded_at": link.recorded_at.isoformat(),
                "digest": link.digest,
            }
            for link in links
        ],
    }
