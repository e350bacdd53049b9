"""The archive chain: appends are chained and idempotent; tampering and deletion are detected."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from guichet.audit.archive import verify_archive
from guichet.audit.chain import GENESIS
from guichet.store import ArchiveStore, CaseStore, open_store
from guichet.store._archive import archive_table
from tests.unit.test_store import PG_URL, _postgres_admin

T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
async def archive(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[ArchiveStore]:
    """An empty archive on each backend."""
    if request.param == "sqlite":
        store = await open_store(f"sqlite+aiosqlite:///{tmp_path}/archive.db")
        try:
            yield ArchiveStore(store.engines)
        finally:
            await store.close()
        return
    admin = await _postgres_admin()
    schema = f"guichet_test_{uuid.uuid4().hex[:12]}"
    store = await open_store(PG_URL, schema=schema)
    try:
        yield ArchiveStore(store.engines)
    finally:
        await store.close()
        async with admin.begin() as conn:
            await conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await admin.dispose()


async def _fill(archive: ArchiveStore) -> None:
    """Three cases: one with two runs, then a purge entry for the first."""
    await archive.append(
        "a:1", "a", "history", [("run-a1", b"history a1"), ("run-a2", b"a2")], now=T0
    )
    await archive.append("b:1", "b", "history", [("run-b1", b"history b1")], now=T0)
    await archive.append("c:1", "c", "history", [("run-c1", b"history c1")], now=T0)
    await archive.append("a:9", "a", "purge", [(None, b'{"event":"purged"}')], now=T0)


async def _execute(archive: ArchiveStore, stmt: sa.Executable) -> None:
    async with archive._engines.write.begin() as conn:
        await conn.execute(stmt)


async def test_chain_links_and_verifies_after_a_purge_entry(archive: ArchiveStore) -> None:
    await _fill(archive)
    report = await verify_archive(archive)
    assert report.ok, report.broken
    assert (report.links, report.entries, report.cases) == (5, 4, 3)
    links = await archive.entries_for_case("a")
    assert [(link.seq, link.kind, link.part) for link in links] == [
        (1, "history", 0),
        (2, "history", 1),
        (5, "purge", 0),
    ]
    assert links[0].prev_digest == GENESIS
    assert report.head == links[-1].digest
    # The newest history of a case is its runs in order, read back byte for byte.
    assert [data for _, data in await archive.latest_history("a")] == [b"history a1", b"a2"]
    assert await archive.archived_cases() == ["a", "b", "c"]


async def test_append_is_idempotent_by_entry_id(archive: ArchiveStore) -> None:
    first = await archive.append("a:1", "a", "history", [("r", b"x")], now=T0)
    again = await archive.append("a:1", "a", "history", [("r", b"x")], now=T0)
    assert again == first
    assert (await verify_archive(archive)).links == 1


async def test_tampered_history_is_detected(archive: ArchiveStore) -> None:
    await _fill(archive)
    await _execute(
        archive,
        sa.update(archive_table).where(archive_table.c.seq == 3).values(content=b"history B1"),
    )
    report = await verify_archive(archive)
    assert not report.ok and report.broken is not None
    assert (report.broken.seq, report.broken.case_id) == (3, "b")
    assert "SHA-256" in report.broken.problem
    assert report.links == 2


async def test_tampered_metadata_is_detected(archive: ArchiveStore) -> None:
    await _fill(archive)
    await _execute(
        archive, sa.update(archive_table).where(archive_table.c.seq == 4).values(case_id="z")
    )
    report = await verify_archive(archive)
    assert report.broken is not None and report.broken.seq == 4
    assert "digest" in report.broken.problem


async def test_recomputed_content_hash_still_breaks_the_next_link(archive: ArchiveStore) -> None:
    """Rewriting bytes and their hash and digest of one link breaks the link after it."""
    await _fill(archive)
    from guichet.audit.chain import ArchiveLink, content_digest, expected_digest

    link = (await archive.entries_for_case("b"))[0]
    forged = link.model_copy(update={"content_sha256": content_digest(b"forged")})
    digest = expected_digest(ArchiveLink.model_validate(forged.model_dump()))
    await _execute(
        archive,
        sa.update(archive_table)
        .where(archive_table.c.seq == link.seq)
        .values(content=b"forged", content_sha256=forged.content_sha256, digest=digest),
    )
    report = await verify_archive(archive)
    assert report.broken is not None and report.broken.seq == link.seq + 1
    assert "prev_digest" in report.broken.problem


async def test_deleted_case_is_detected(archive: ArchiveStore) -> None:
    await _fill(archive)
    await _execute(archive, sa.delete(archive_table).where(archive_table.c.case_id == "b"))
    report = await verify_archive(archive)
    assert report.broken is not None
    assert report.broken.seq == 3 and "missing" in report.broken.problem


async def test_deleted_run_of_an_entry_is_detected(archive: ArchiveStore) -> None:
    await archive.append("a:1", "a", "history", [("r1", b"1"), ("r2", b"2")], now=T0)
    await _execute(archive, sa.delete(archive_table).where(archive_table.c.seq == 2))
    report = await verify_archive(archive)
    assert report.broken is not None and "ends after part 1 of 2" in report.broken.problem


async def test_truncated_tail_is_detected_against_a_published_head(archive: ArchiveStore) -> None:
    await _fill(archive)
    head = (await verify_archive(archive)).head
    assert head is not None
    assert (await verify_archive(archive, expect_head=head)).ok
    await _execute(archive, sa.delete(archive_table).where(archive_table.c.seq == 5))
    assert (await verify_archive(archive)).ok  # a truncated tail needs the published head
    report = await verify_archive(archive, expect_head=head)
    assert report.broken is not None and "expected head" in report.broken.problem


async def test_archive_shares_the_case_store(store: CaseStore) -> None:
    """The archive lives in the case database, next to the read models."""
    archive = ArchiveStore(store.engines)
    case_id = f"shared-{uuid.uuid4().hex[:8]}"
    links = await archive.append(f"{case_id}:1", case_id, "history", [("r", b"h")])
    assert (await archive.entries_for_case(case_id)) == links
