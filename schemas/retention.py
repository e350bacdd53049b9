"""Contracts of the retention purge (workflow → activity)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel


class PurgeRequest(BaseModel):
    """Ask the purge activity to remove a case's personal data from the case database.

    Attributes:
        case_id: The case (workflow id).
        purged_at: The end of the retention period (``workflow.now()``), recorded
            as the purge date.
    """

    case_id: str
    purged_at: dt.datetime


class PurgeReceipt(BaseModel):
    """What the purge removed: counts only, no personal data enters the history.

    Attributes:
        key_destroyed: The case's data key was destroyed by this attempt
            (False on a retried activity whose first attempt already did).
        tasks: Task summaries erased.
        letters: Letters erased.
        deleted: Rows deleted (fingerprints, resume codes, notes).
        messages: Conversation entries deleted (cases whose conversation is
            kept in the case database).
    """

    key_destroyed: bool
    tasks: int
    letters: int
    deleted: int
    messages: int = 0
