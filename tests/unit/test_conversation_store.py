"""The whole conversation of a case in the case database (issue 21 item 10).

On SQLite and PostgreSQL (the session's ``store`` fixture): every entry is
stored once whatever the retries, sealed with the case's key, read back in
pages newest first with a cursor, and deleted by the purge; no later write
brings it back.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa

from guichet.crypto import PayloadDecryptionError
from guichet.store import CaseStore
from guichet.store._models import messages_table
from schemas.conversation import ConversationEntry
from schemas.projection import CaseProjection, ProjectionBatch
from tests.privacy import find, table_bytes

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
FIRST = "Philomena Quarterfield asks about the short-time work of her bakery"


def _entries(case_id: str, count: int, start: int = 1) -> list[ConversationEntry]:
    roles = ("question", "applicant", "assistant")
    return [
        ConversationEntry(
            case_id=case_id,
            seq=seq,
            role=roles[(seq - 1) % 3],
            text=FIRST if seq == 1 else f"entry {seq} of {case_id}",
            at=T0 + dt.timedelta(seconds=seq),
        )
        for seq in range(start, start + count)
    ]


def _batch(case_id: str, version: int, entries: list[ConversationEntry]) -> ProjectionBatch:
    case = CaseProjection(
        case_id=case_id,
        version=version,
        procedure="short_time_work",
        language="en",
        status="intake",
        created_at=T0,
        updated_at=T0,
        form={"company_name": "Quarterfield Bakery"},
    )
    return ProjectionBatch(case=case, messages=entries)


async def test_every_entry_is_kept_once_sealed_and_paged(store: CaseStore) -> None:
    case_id = f"short_time_work-{uuid.uuid4().hex}"
    first = await store.apply(_batch(case_id, 1, _entries(case_id, 40)))
    assert first.messages == 40
    # A retried activity carries the same entries (and a later one): each is stored once.
    again = await store.apply(_batch(case_id, 2, _entries(case_id, 70)))
    assert again.messages == 30

    newest = await store.conversation(case_id, limit=25)
    assert [e.seq for e in newest.entries] == list(range(46, 71))
    assert newest.earlier == 46
    middle = await store.conversation(case_id, before=newest.earlier, limit=25)
    assert [e.seq for e in middle.entries] == list(range(21, 46)) and middle.earlier == 21
    oldest = await store.conversation(case_id, before=middle.earlier, limit=25)
    assert [e.seq for e in oldest.entries] == list(range(1, 21)) and oldest.earlier is None
    assert oldest.entries[0].text == FIRST and oldest.entries[0].role == "question"
    assert oldest.entries[0].at == T0 + dt.timedelta(seconds=1)
    whole = await store.conversation(case_id, limit=500)
    assert len(whole.entries) == 70 and whole.earlier is None
    assert (await store.conversation("unknown-case")).entries == []

    dumped = await table_bytes(store)
    assert case_id.encode() in dumped["case_messages"], "positive control: the rows are there"
    assert find([FIRST, f"entry 2 of {case_id}"], b"".join(dumped.values())) == []


async def test_a_sealed_entry_does_not_open_elsewhere(store: CaseStore) -> None:
    case_id = f"short_time_work-{uuid.uuid4().hex}"
    await store.apply(_batch(case_id, 1, _entries(case_id, 2)))
    c = messages_table.c
    async with store.engines.write.begin() as conn:
        sealed = await conn.scalar(sa.select(c.text).where(c.case_id == case_id, c.seq == 1))
        # The first entry's sealed text put in the place of the second.
        await conn.execute(
            sa.update(messages_table).where(c.case_id == case_id, c.seq == 2).values(text=sealed)
        )
    with pytest.raises(PayloadDecryptionError):
        await store.conversation(case_id)


async def test_the_purge_deletes_the_conversation(store: CaseStore) -> None:
    case_id = f"short_time_work-{uuid.uuid4().hex}"
    await store.apply(_batch(case_id, 1, _entries(case_id, 65)))
    other = f"short_time_work-{uuid.uuid4().hex}"
    await store.apply(_batch(other, 1, _entries(other, 3)))

    purged = await store.purge_case(case_id, T0 + dt.timedelta(days=3650))
    assert purged.key_destroyed and purged.messages == 65
    assert (await store.conversation(case_id)).entries == []
    # A late (retried) write of the same entries stores nothing again.
    late = await store.apply(_batch(case_id, 9, _entries(case_id, 66)))
    assert late.messages == 0
    async with store.engines.read.connect() as conn:
        left = await conn.scalar(
            sa.select(sa.func.count())
            .select_from(messages_table)
            .where(messages_table.c.case_id == case_id)
        )
    assert left == 0
    assert len((await store.conversation(other)).entries) == 3, "other cases keep theirs"
    again = await store.purge_case(case_id, T0 + dt.timedelta(days=3651))
    assert again.messages == 0
