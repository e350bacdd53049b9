"""Per-case data keys: each case's personal data is sealed with its own key.

A case's data key is created on the first write of its personal data, stored
wrapped by the deployment's key set (:mod:`guichet.crypto`), and read back
for every authorised read. The retention purge destroys it: the wrapped key
is erased and ``destroyed_at`` set, so whatever sealed copies remain in the
database (the archive's histories) can no longer be opened, and no later
write can create a new key for that case. (A backup taken before the purge
holds the wrapped key too: backups expire on their own schedule.)

Keys are never cached across calls: the worker destroys a key in one process
while the web app reads in another, and a cached key would outlive the purge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from typing import cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import Mapped, mapped_column

from guichet.crypto import (
    DataCipher,
    KeyConfigurationError,
    KeySet,
    configured_keys,
    generate_data_key,
    unwrap_data_key,
    wrap_data_key,
)
from guichet.store._engine import Engines
from guichet.store._models import Base, UTCDateTime


class CaseDataPurged(Exception):
    """The case's personal data was purged: its data key no longer exists."""

    def __init__(self, case_id: str, purged_at: dt.datetime | None = None) -> None:
        """Name the case and, when known, when it was purged."""
        super().__init__(f"case {case_id}: personal data purged")
        self.case_id = case_id
        self.purged_at = purged_at


class CaseKeyRow(Base):
    """One case's data key, wrapped by the deployment's key set."""

    __tablename__ = "case_keys"

    case_id: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    key_id: Mapped[str | None] = mapped_column(sa.String(100))
    wrapped_key: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    destroyed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


case_keys_table = cast(sa.Table, CaseKeyRow.__table__)

KeySource = Callable[[], KeySet]
"""Where the deployment's key set comes from (read when first needed)."""


class CaseKeys:
    """Creates, opens and destroys per-case data keys, inside the caller's transaction."""

    def __init__(self, engines: Engines, keys: KeySet | KeySource | None = None) -> None:
        """Bind to a store's engines.

        Args:
            engines: The store's engines.
            keys: The key set that wraps data keys, or a function returning it;
                by default the process's configured keys.
        """
        self._engines = engines
        self._source: KeySource = (
            (lambda: keys) if isinstance(keys, KeySet) else (keys or configured_keys)
        )

    @property
    def ring(self) -> KeySet:
        """The deployment's key set."""
        return self._source()

    async def for_write(
        self, conn: AsyncConnection, case_id: str, now: dt.datetime | None = None
    ) -> DataCipher | None:
        """Return the case's cipher, creating its key on first use.

        Args:
            conn: A connection inside a write transaction.
            case_id: The case.
            now: Creation time recorded for a new key.

        Returns:
            The cipher, or None when the case was purged (nothing personal
            may be written for it any more).
        """
        return await conn.run_sync(self.write_cipher, case_id, now)

    def write_cipher(
        self, conn: Connection, case_id: str, now: dt.datetime | None = None
    ) -> DataCipher | None:
        """:meth:`for_write` on a synchronous connection (see ``Engines.run_write``)."""
        found = self.load(conn, [case_id])
        if case_id not in found:
            key_id, wrapped = wrap_data_key(self.ring, case_id, generate_data_key())
            insert = (sqlite.insert if self._engines.dialect == "sqlite" else postgresql.insert)(
                case_keys_table
            ).values(
                case_id=case_id,
                key_id=key_id,
                wrapped_key=wrapped,
                created_at=now or dt.datetime.now(dt.UTC),
                destroyed_at=None,
            )
            # A concurrent writer may have created it first: theirs wins.
            conn.execute(insert.on_conflict_do_nothing(index_elements=["case_id"]))
            found = self.load(conn, [case_id])
        return found.get(case_id)

    async def for_read(
        self, conn: AsyncConnection, case_ids: Collection[str]
    ) -> dict[str, DataCipher | None]:
        """Return the ciphers of cases: None for a purged case, absent if it has no key."""
        return await conn.run_sync(self.load, case_ids)

    async def destroy(self, conn: AsyncConnection, case_id: str, at: dt.datetime) -> bool:
        """Erase a case's data key for good (the retention purge).

        A case without a key gets a destroyed entry, so no key can be created
        for it later.

        Returns:
            True when a live key was destroyed by this call.
        """
        t = case_keys_table
        result = await conn.execute(
            sa.update(t)
            .where(t.c.case_id == case_id, t.c.destroyed_at.is_(None))
            .values(key_id=None, wrapped_key=None, destroyed_at=at)
        )
        if result.rowcount:
            return True
        insert = (sqlite.insert if self._engines.dialect == "sqlite" else postgresql.insert)(
            t
        ).values(case_id=case_id, key_id=None, wrapped_key=None, created_at=at, destroyed_at=at)
        await conn.execute(insert.on_conflict_do_nothing(index_elements=["case_id"]))
        return False

    async def wrapping_key_ids(self) -> set[str]:
        """The ids of the deployment keys that wrap at least one live case key."""
        t = case_keys_table
        async with self._engines.read.connect() as conn:
            rows = await conn.execute(
                sa.select(t.c.key_id).where(t.c.key_id.is_not(None)).distinct()
            )
            return {str(key_id) for (key_id,) in rows}

    async def check_ring(self, keys: KeySet) -> None:
        """Refuse ``keys`` if a case key is wrapped under an id none of them has.

        A process started without the key its database needs would fail
        every case it touched (and, before, generated a new key beside the
        old data); it refuses to start instead, naming the missing ids.

        Raises:
            KeyConfigurationError: Some case keys' wrapping key is missing.
        """
        missing = await self.wrapping_key_ids() - {key.key_id for key in keys.keys}
        if missing:
            raise KeyConfigurationError(
                f"the case database holds case keys wrapped under key id(s) "
                f"{', '.join(sorted(missing))}, which no configured key has; "
                "configure them (GUICHET_ENCRYPTION_KEYS or the data directory's key file)"
            )

    async def rewrap(self, batch: int = 500) -> int:
        """Re-wrap every live case key under the current deployment key.

        Run after a new key is put first and before the old one is dropped:
        case keys wrapped under a dropped key could no longer be opened.

        Returns:
            How many case keys were re-wrapped.
        """
        t = case_keys_table
        ring = self.ring
        current = ring.current.key_id
        done = 0
        while True:
            async with self._engines.write.begin() as conn:
                rows = list(
                    await conn.execute(
                        sa.select(t.c.case_id, t.c.key_id, t.c.wrapped_key)
                        .where(t.c.key_id.is_not(None), t.c.key_id != current)
                        .order_by(t.c.case_id)
                        .limit(batch)
                    )
                )
                for case_id, key_id, wrapped in rows:
                    data_key = unwrap_data_key(ring, case_id, key_id, bytes(wrapped))
                    new_id, new_wrapped = wrap_data_key(ring, case_id, data_key)
                    await conn.execute(
                        sa.update(t)
                        .where(t.c.case_id == case_id, t.c.key_id == key_id)
                        .values(key_id=new_id, wrapped_key=new_wrapped)
                    )
            done += len(rows)
            if len(rows) < batch:
                return done

    async def destroyed_at(self, conn: AsyncConnection, case_id: str) -> dt.datetime | None:
        """When the case's key was destroyed, or None if it was not."""
        t = case_keys_table
        value: dt.datetime | None = await conn.scalar(
            sa.select(t.c.destroyed_at).where(t.c.case_id == case_id)
        )
        return value

    def load(self, conn: Connection, case_ids: Collection[str]) -> dict[str, DataCipher | None]:
        """:meth:`for_read` on a synchronous connection (see ``Engines.run_write``)."""
        if not case_ids:
            return {}
        t = case_keys_table
        rows = conn.execute(
            sa.select(t.c.case_id, t.c.key_id, t.c.wrapped_key).where(
                t.c.case_id.in_(sorted(set(case_ids)))
            )
        )
        ciphers: dict[str, DataCipher | None] = {}
        for case_id, key_id, wrapped in rows:
            if key_id is None or wrapped is None:
                ciphers[case_id] = None
                continue
            data_key = unwrap_data_key(self.ring, case_id, key_id, bytes(wrapped))
            ciphers[case_id] = DataCipher(case_id, data_key)
        return ciphers
