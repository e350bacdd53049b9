"""Contracts of the archive activity (workflow → activity)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel


class ArchiveKind(StrEnum):
    """What an archive entry holds."""

    HISTORY = "history"
    """Every run's workflow history, as the encoded bytes Temporal holds."""
    PURGE = "purge"
    """A record that the case's personal data was purged."""


class ArchiveRequest(BaseModel):
    """Ask the archive activity to append an entry for a case.

    Attributes:
        entry_id: Derived in the workflow (``case_id:seq``), so a retried
            activity appends once.
        case_id: The case (workflow id).
        run_id: The run asking; its history so far and every earlier run's
            (followed back through continue-as-new) are archived.
        kind: History or purge record.
        note: A short reason, without personal data.
    """

    entry_id: str
    case_id: str
    run_id: str
    kind: ArchiveKind = ArchiveKind.HISTORY
    note: str = ""


class ArchiveReceipt(BaseModel):
    """What the archive stored: only ids and digests enter the history."""

    entry_id: str
    first_seq: int
    links: int
    digest: str
