"""Reading a case's conversation: the case database, plus what is not written yet.

Cases started once the conversation moved to the case database
(``transcript-in-store``) read it there, page by page; the entries of the
last turn may not be written yet (the projection follows the reply), so the
workflow's pending entries are merged in and a message just sent never
disappears. Cases started before show the last entries their state kept.
"""

from __future__ import annotations

from guichet.store import CaseStore
from schemas.case import CaseView
from schemas.conversation import ConversationEntry, ConversationPage

API_PAGE = 50
"""Entries per page of ``GET /api/cases/{id}/messages`` unless ``limit`` says."""

API_PAGE_MAX = 200
"""The largest ``limit`` the API accepts."""

WHOLE = 10_000
"""A page as long as any conversation: the caseworker's case page shows it all."""


async def read_conversation(
    store: CaseStore, view: CaseView, *, before: int | None = None, limit: int = API_PAGE
) -> ConversationPage:
    """Return a page of a case's conversation, oldest entry first.

    Args:
        store: The case database.
        view: The case as its workflow shows it now (for the pending entries).
        before: Only entries numbered below this (a page's ``earlier``
            cursor); None for the newest page.
        limit: At most this many entries (at least 1).

    Returns:
        The entries and the cursor of the page before them (None at the start).
    """
    if not view.messages_in_store:
        return state_page(view, before=before, limit=limit)
    page = await store.conversation(view.case_id, before=before, limit=limit)
    by_seq = {entry.seq: entry for entry in page.entries}
    for entry in view.pending_messages:
        # Pending entries are the newest; one already written is the same entry.
        if before is None or entry.seq < before:
            by_seq.setdefault(entry.seq, entry)
    entries = [by_seq[seq] for seq in sorted(by_seq)]
    if len(entries) > limit:
        entries = entries[-limit:]
        return ConversationPage(entries=entries, earlier=entries[0].seq)
    return ConversationPage(entries=entries, earlier=page.earlier)


def state_page(
    view: CaseView, *, before: int | None = None, limit: int | None = None
) -> ConversationPage:
    """Return the entries the workflow's view holds, as a page (no database read).

    For a case started before the conversation moved to the case database,
    the entries its state kept (numbered from 1 as kept); for the others,
    the entries not yet written.
    """
    if view.messages_in_store:
        kept = list(view.pending_messages)
    else:
        kept = [
            ConversationEntry(
                case_id=view.case_id,
                seq=number,
                role=entry.get("role", "assistant"),
                text=entry.get("text", ""),
            )
            for number, entry in enumerate(view.transcript, start=1)
        ]
    if limit is None:
        return ConversationPage(entries=kept)
    if before is not None:
        kept = [entry for entry in kept if entry.seq < before]
    entries = kept[-limit:]
    earlier = entries[0].seq if len(kept) > limit else None
    return ConversationPage(entries=entries, earlier=earlier)
