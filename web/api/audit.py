"""``GET /api/cases/{case_id}/audit``: the case's timeline from its history, and a replay.

The timeline is built from the workflow history alone (the archive for
closed cases, Temporal for open ones) and the history is replayed against
the code now deployed, as API.md specifies.
"""

from __future__ import annotations

from fastapi import APIRouter

from guichet.store import ArchiveStore
from tools.audit.report import case_audit
from web.access import CaseReader
from web.api.models import AuditReport
from web.context import Ctx
from web.errors import ApiError

router = APIRouter(prefix="/api", tags=["audit"])


# Unset fields stay out: ``purged_at`` and ``archive`` belong to purged cases only.
@router.get("/cases/{case_id}/audit", response_model_exclude_unset=True)
async def get_audit(case_id: str, context: Ctx, _reader: CaseReader) -> AuditReport:
    """The full, human-readable timeline of the case and ``replay: {ok, events}``."""
    try:
        report = await case_audit(
            case_id, ArchiveStore(context.store.engines), context.cases.client
        )
        return AuditReport.model_validate(report)
    except LookupError:
        raise ApiError(404, "unknown_case", "no such case") from None
