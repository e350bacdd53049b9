"""One case as a self-contained file for an external auditor.

The file holds every run's history twice: as the exact bytes archived (the
``History`` protobuf, base64) with their SHA-256, which ``audit replay
--file`` checks before replaying, and as Temporal's JSON form for reading.
It also holds the case's archive links (digests and chain positions) and
the timeline. The archive stores each history sealed with the case's data
key, so a run carries both digests: of the history, and of the sealed bytes
its archive link covers.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, Field
from temporalio.client import WorkflowHistory

from guichet.audit.archive import RunHistory
from guichet.audit.chain import ArchiveLink, content_digest
from tools.audit.timeline import Timeline

FORMAT: Final = "guichet-audit-export/1"


class ExportedRun(BaseModel):
    """One run in an export file."""

    run_id: str
    sha256: str
    archived_sha256: str | None = None
    """SHA-256 of the bytes the archive stores (the history sealed with the
    case's data key), which the archive link's ``content_sha256`` covers."""
    history_protobuf: str
    """Base64 of the archived ``History`` protobuf bytes."""
    history: dict[str, Any]
    """The same history in Temporal's JSON form (for reading)."""


class CaseExport(BaseModel):
    """The export file's content."""

    format: str = FORMAT
    case_id: str
    exported_at: dt.datetime
    runs: list[ExportedRun]
    archive_links: list[ArchiveLink] = Field(default_factory=list)
    timeline: Timeline


class ExportError(ValueError):
    """The file is not an export, or its histories do not match their digests."""


def build_export(
    case_id: str,
    runs: Sequence[RunHistory],
    timeline: Timeline,
    links: Sequence[ArchiveLink] = (),
    now: dt.datetime | None = None,
) -> CaseExport:
    """Assemble the export of one case."""
    return CaseExport(
        case_id=case_id,
        exported_at=now or dt.datetime.now(dt.UTC),
        runs=[
            ExportedRun(
                run_id=run.run_id,
                sha256=content_digest(run.data),
                archived_sha256=run.archived_sha256,
                history_protobuf=base64.b64encode(run.data).decode(),
                history=run.history(case_id).to_json_dict(),
            )
            for run in runs
        ],
        archive_links=list(links),
        timeline=timeline,
    )


def write_export(export: CaseExport, path: Path) -> None:
    """Write an export file (UTF-8 JSON)."""
    path.write_text(export.model_dump_json(indent=1), encoding="utf-8")


def read_export(path: Path) -> tuple[CaseExport, list[WorkflowHistory]]:
    """Read an export file and check every run against its SHA-256.

    Returns:
        The export and its runs' histories, oldest first, parsed from the
        archived bytes (not from the JSON copy).

    Raises:
        ExportError: Not an export file, or a history was altered.
    """
    try:
        export = CaseExport.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, OSError) as exc:
        raise ExportError(f"{path} is not a Guichet audit export: {exc}") from exc
    if export.format != FORMAT:
        raise ExportError(f"unsupported export format {export.format!r}")
    histories: list[WorkflowHistory] = []
    for run in export.runs:
        data = base64.b64decode(run.history_protobuf)
        if content_digest(data) != run.sha256:
            raise ExportError(f"run {run.run_id}: history does not match its SHA-256")
        links = [link for link in export.archive_links if link.run_id == run.run_id]
        archived = run.archived_sha256 or run.sha256
        if links and all(link.content_sha256 != archived for link in links):
            raise ExportError(f"run {run.run_id}: history does not match its archive digest")
        histories.append(RunHistory(run_id=run.run_id, data=data).history(export.case_id))
    return export, histories
