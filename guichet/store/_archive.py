"""The archive: workflow histories kept in the case database, hash-chained.

Unlike the read-model tables this one is not a projection: it is the record
of closed cases once Temporal's retention has removed their histories. It is
append-only; every row is one link of the chain of :mod:`guichet.audit.chain`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from typing import Any, Final, cast

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import Mapped, mapped_column

from guichet.audit.chain import GENESIS, ArchiveLink, content_digest, link_digest
from guichet.crypto import is_sealed_bytes
from guichet.store._case_keys import CaseDataPurged, CaseKeys
from guichet.store._engine import Engines
from guichet.store._finish import finish_if_cancelled
from guichet.store._models import Base, UTCDateTime

# Serialises appends on PostgreSQL (SQLite's BEGIN IMMEDIATE already does).
_APPEND_LOCK_KEY: Final = 0x6775696368657402
ARCHIVE_CONTENT: Final = "archive.content"
"""What sealed archive bytes are bound to (associated data)."""


class ArchiveRow(Base):
    """One link of the archive chain: one run's history or a purge record."""

    __tablename__ = "archive_entries"
    __table_args__ = (
        sa.UniqueConstraint("entry_id", "part", name="uq_archive_entries_entry_id_part"),
        sa.Index("ix_archive_entries_case_id", "case_id", "seq"),
    )

    seq: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    entry_id: Mapped[str] = mapped_column(sa.String(200))
    part: Mapped[int] = mapped_column(sa.Integer)
    parts: Mapped[int] = mapped_column(sa.Integer)
    case_id: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(20))
    run_id: Mapped[str | None] = mapped_column(sa.String(100))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)
    content_sha256: Mapped[str] = mapped_column(sa.String(64))
    prev_digest: Mapped[str] = mapped_column(sa.String(64))
    digest: Mapped[str] = mapped_column(sa.String(64))


archive_table = cast(sa.Table, ArchiveRow.__table__)
_LINK_COLUMNS = [c for c in archive_table.c if c.name != "content"]


def _link(row: sa.RowMapping) -> ArchiveLink:
    return ArchiveLink.model_validate({c.name: row[c.name] for c in _LINK_COLUMNS})


class ArchiveStore:
    """Appends to and reads the archive chain, on the case store's engines."""

    def __init__(self, engines: Engines, case_keys: CaseKeys | None = None) -> None:
        """Use the engines of an open case store (``CaseStore.engines``).

        Args:
            engines: The store's engines.
            case_keys: The per-case data keys (default: on these engines,
                wrapped by the process's configured keys).
        """
        self._engines = engines
        self._keys = case_keys or CaseKeys(engines)

    @finish_if_cancelled
    async def seal(self, case_id: str, contents: Sequence[bytes]) -> list[bytes]:
        """Seal a case's archive contents with its data key (created on first use).

        The chain's digests are computed over what is stored, the sealed
        bytes, so destroying the key later leaves the chain intact.

        Raises:
            CaseDataPurged: The case was purged: nothing personal is archived any more.
        """
        async with self._engines.write.begin() as conn:
            cipher = await self._keys.for_write(conn, case_id)
        if cipher is None:
            raise CaseDataPurged(case_id)
        return [cipher.seal_bytes(ARCHIVE_CONTENT, content) for content in contents]

    async def open(self, case_id: str, contents: Sequence[bytes]) -> list[bytes]:
        """Open a case's sealed archive contents (plain ones, archived earlier, pass as they are).

        Raises:
            CaseDataPurged: The case's data key was destroyed by the retention purge.
        """
        if not any(is_sealed_bytes(content) for content in contents):
            return list(contents)
        async with self._engines.read.connect() as conn:
            cipher = (await self._keys.for_read(conn, [case_id])).get(case_id)
            purged_at = None if cipher else await self._keys.destroyed_at(conn, case_id)
        if cipher is None:
            raise CaseDataPurged(case_id, purged_at)
        return [
            cipher.open_bytes(ARCHIVE_CONTENT, content) if is_sealed_bytes(content) else content
            for content in contents
        ]

    @finish_if_cancelled
    async def append(
        self,
        entry_id: str,
        case_id: str,
        kind: str,
        parts: Sequence[tuple[str | None, bytes]],
        *,
        now: dt.datetime | None = None,
    ) -> list[ArchiveLink]:
        """Append one archive entry (one link per part) at the end of the chain.

        Idempotent by ``entry_id``: an entry already stored is returned as it
        is, so a retried activity never appends twice.

        Args:
            entry_id: The entry's id.
            case_id: The case.
            kind: ``history`` or ``purge``.
            parts: ``(run_id, bytes)`` per link, oldest run first.
            now: The time recorded (default: the current UTC time).

        Returns:
            The entry's links.

        Raises:
            ValueError: ``parts`` is empty.
        """
        if not parts:
            raise ValueError("an archive entry needs at least one part")
        recorded_at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        async with self._engines.write.begin() as conn:
            if self._engines.dialect == "postgresql":
                await conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_APPEND_LOCK_KEY})")
            existing = await self._entry_links(conn, entry_id)
            if existing:
                return existing
            last = (
                await conn.execute(
                    sa.select(archive_table.c.seq, archive_table.c.digest)
                    .order_by(archive_table.c.seq.desc())
                    .limit(1)
                )
            ).first()
            seq, previous = (int(last[0]), str(last[1])) if last else (0, GENESIS)
            links: list[ArchiveLink] = []
            for index, (run_id, content) in enumerate(parts):
                seq += 1
                fields: dict[str, Any] = {
                    "seq": seq,
                    "entry_id": entry_id,
                    "part": index,
                    "parts": len(parts),
                    "case_id": case_id,
                    "kind": kind,
                    "run_id": run_id,
                    "recorded_at": recorded_at,
                    "content_sha256": content_digest(content),
                    "prev_digest": previous,
                }
                digest = link_digest(**fields)
                await conn.execute(
                    sa.insert(archive_table).values(**fields, digest=digest, content=content)
                )
                links.append(ArchiveLink(**fields, digest=digest))
                previous = digest
        return links

    async def _entry_links(self, conn: AsyncConnection, entry_id: str) -> list[ArchiveLink]:
        stmt = (
            sa.select(*_LINK_COLUMNS)
            .where(archive_table.c.entry_id == entry_id)
            .order_by(archive_table.c.part)
        )
        return [_link(row) for row in (await conn.execute(stmt)).mappings()]

    async def iter_chain(self, batch: int = 200) -> AsyncIterator[tuple[ArchiveLink, bytes]]:
        """Yield every link with its bytes in chain order, a batch at a time."""
        after = 0
        while True:
            stmt = (
                sa.select(archive_table)
                .where(archive_table.c.seq > after)
                .order_by(archive_table.c.seq)
                .limit(batch)
            )
            async with self._engines.read.connect() as conn:
                rows = list((await conn.execute(stmt)).mappings())
            if not rows:
                return
            for row in rows:
                yield _link(row), bytes(row["content"])
            after = int(rows[-1]["seq"])

    async def entries_for_case(self, case_id: str) -> list[ArchiveLink]:
        """Return a case's links (without bytes), in chain order."""
        stmt = (
            sa.select(*_LINK_COLUMNS)
            .where(archive_table.c.case_id == case_id)
            .order_by(archive_table.c.seq)
        )
        async with self._engines.read.connect() as conn:
            return [_link(row) for row in (await conn.execute(stmt)).mappings()]

    async def latest_history(self, case_id: str) -> list[tuple[ArchiveLink, bytes]]:
        """Return the newest ``history`` entry of a case: its runs, oldest first.

        Returns:
            ``(link, bytes)`` per run, or an empty list if never archived.
        """
        c = archive_table.c
        newest = (
            sa.select(c.entry_id)
            .where(c.case_id == case_id, c.kind == "history")
            .order_by(c.seq.desc())
            .limit(1)
            .scalar_subquery()
        )
        stmt = sa.select(archive_table).where(c.entry_id == newest).order_by(c.part)
        async with self._engines.read.connect() as conn:
            rows = list((await conn.execute(stmt)).mappings())
        return [(_link(row), bytes(row["content"])) for row in rows]

    async def archived_cases(self) -> list[str]:
        """Return the ids of every case with an archived history, first archived first."""
        c = archive_table.c
        stmt = (
            sa.select(c.case_id, sa.func.min(c.seq).label("first"))
            .where(c.kind == "history")
            .group_by(c.case_id)
            .order_by(sa.text("first"))
        )
        async with self._engines.read.connect() as conn:
            return [str(row[0]) for row in await conn.execute(stmt)]
