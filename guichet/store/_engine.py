"""Engines for the case store and the programmatic Alembic set-up.

SQLite is written by two processes (the worker and the web app), so every
connection runs in WAL mode with a busy timeout, and writes take the write
lock up front with ``BEGIN IMMEDIATE``. A deferred transaction that reads
first and writes later cannot wait for the lock: SQLite answers "database is
locked" at once, busy timeout or not, because waiting could deadlock.

The hot write (a case's projection, once per turn) runs on SQLite as one
call in one thread (:meth:`Engines.run_write`), not statement by statement
through aiosqlite. Each aiosqlite statement is a round trip through the
event loop, and a worker's loop is busy: a three-statement transaction held
SQLite's one write lock for 20 ms (p50) to 130 ms (p95) at 50 cases in
flight, and the writers queued behind it slept in SQLite's busy handler for
seconds (apply p50 0.9 s, p95 6.4 s; some outlived their activity timeout).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

from guichet.private import private_dir, private_file

BUSY_TIMEOUT_SECONDS: Final = 10.0
MIGRATIONS_DIR: Final = Path(__file__).resolve().parent / "migrations"

# Execution option read by the ``begin`` hook to choose the SQLite BEGIN mode.
_BEGIN_MODE_OPTION: Final = "guichet_sqlite_begin"
# Any constant works; it only has to be the same in every process.
_MIGRATION_LOCK_KEY: Final = 0x6775696368657401

_ASYNC_DRIVERS: Final = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Engines:
    """The engines of one store.

    Attributes:
        read: For queries (a deferred ``BEGIN`` on SQLite).
        write: For writes and migrations (``BEGIN IMMEDIATE`` on SQLite). It
            shares the connection pool of ``read``.
        sqlite_writer: SQLite only: a synchronous engine on the same file
            (``BEGIN IMMEDIATE``) and the one thread that uses it, for
            :meth:`run_write`.

    """

    read: AsyncEngine
    write: AsyncEngine
    sqlite_writer: tuple[Engine, ThreadPoolExecutor] | None = None

    @property
    def dialect(self) -> str:
        """The dialect name: ``sqlite`` or ``postgresql``."""
        return self.read.dialect.name

    async def run_write(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in one write transaction; commit if it returns, roll back if it raises.

        On SQLite the whole transaction runs in the store's writer thread, so
        the write lock is held for the statements alone, never across event
        loop turns; writes of one process queue in that thread instead of
        sleeping in SQLite's busy handler. On PostgreSQL, which locks rows,
        ``work`` runs on the async connection through ``run_sync``.

        Args:
            work: Synchronous code using only the connection it is given.

        Returns:
            What ``work`` returned.
        """
        if self.sqlite_writer is None:
            async with self.write.begin() as conn:
                return await conn.run_sync(work)
        engine, thread = self.sqlite_writer

        def transaction() -> T:
            with engine.begin() as conn:
                return work(conn)

        return await asyncio.get_running_loop().run_in_executor(thread, transaction)

    async def dispose(self) -> None:
        """Close every pooled connection (and stop the SQLite writer thread)."""
        await self.read.dispose()
        if self.sqlite_writer is not None:
            engine, thread = self.sqlite_writer
            # Queued after any write still running, so none is cut short.
            await asyncio.get_running_loop().run_in_executor(thread, engine.dispose)
            thread.shutdown(wait=False)


def normalize_url(url: str | URL) -> URL:
    """Parse a database URL and select the async driver for its backend.

    ``sqlite:///x.db`` becomes ``sqlite+aiosqlite:///x.db`` and
    ``postgresql://...`` becomes ``postgresql+asyncpg://...``, so settings can
    name the backend alone.

    Args:
        url: A SQLAlchemy URL.

    Returns:
        The URL with an async driver.

    Raises:
        ValueError: The backend is neither SQLite nor PostgreSQL.

    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in _ASYNC_DRIVERS:
        raise ValueError(f"unsupported database backend {backend!r} (use sqlite or postgresql)")
    if "+" not in parsed.drivername:  # the backend alone: pick its async driver
        parsed = parsed.set(drivername=_ASYNC_DRIVERS[backend])
    return parsed


def create_engines(url: str | URL, *, schema: str | None = None) -> Engines:
    """Create the read and write engines for a database URL.

    Args:
        url: A SQLAlchemy URL; SQLite and PostgreSQL are supported.
        schema: PostgreSQL only: the schema to work in (it becomes the
            connection's ``search_path``, so tables and Alembic's version
            table live there).

    Returns:
        The engines; dispose of them with ``await engines.dispose()``.

    Raises:
        ValueError: Unsupported backend, or a schema given for SQLite.

    """
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        if schema is not None:
            raise ValueError("schema is only supported on PostgreSQL")
        return _sqlite_engines(parsed)
    connect_args: dict[str, Any] = {}
    if schema is not None:
        connect_args["server_settings"] = {"search_path": schema}
    engine = create_async_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
    return Engines(read=engine, write=engine)


def _sqlite_engines(url: URL) -> Engines:
    database = url.database or ""
    on_disk = database not in ("", ":memory:") and not database.startswith("file:")
    if on_disk:
        # Owner only: SQLite gives its journal and WAL files the database
        # file's own mode, so creating that file 0600 covers them all.
        path = Path(database).expanduser()
        private_dir(path.parent)
        private_file(path)
    engine = create_async_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})
    _prepare_sqlite(engine.sync_engine)
    # Shares the pool and the hooks above; only the BEGIN mode differs.
    write = engine.execution_options(**{_BEGIN_MODE_OPTION: "IMMEDIATE"})
    if not on_disk:
        # An in-memory database exists once per connection pool: a second
        # engine would write elsewhere.
        return Engines(read=engine, write=write)
    # The same file through the synchronous driver, for run_write. Its
    # connections are only ever used by the one writer thread.
    sync = create_engine(
        url.set(drivername="sqlite+pysqlite"),
        connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
    )
    _prepare_sqlite(sync)
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="guichet-sqlite-write")
    return Engines(
        read=engine,
        write=write,
        sqlite_writer=(sync.execution_options(**{_BEGIN_MODE_OPTION: "IMMEDIATE"}), writer),
    )


def _prepare_sqlite(sync_engine: Engine) -> None:
    """Install the per-connection pragmas and the BEGIN hook on a SQLite engine."""

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Stop the sqlite3 driver from issuing BEGIN itself (it would skip it
        # for SELECT and DDL and never use IMMEDIATE); the ``begin`` hook
        # below emits it instead. This is SQLAlchemy's documented recipe.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # busy_timeout first: switching to WAL needs a lock too.
            cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            cursor.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable across application crashes in WAL mode and
            # avoids an fsync per commit.
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(_BEGIN_MODE_OPTION, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def alembic_config(url: str | URL | None = None) -> Config:
    """Build the Alembic configuration in code, so no ``alembic.ini`` is needed.

    Args:
        url: The database URL, needed only when Alembic opens its own
            connection (for example ``command.revision`` or offline SQL); the
            store passes its connection instead.

    Returns:
        A configuration pointing at this package's migrations.

    """
    config = Config()
    # ConfigParser interpolates '%', so escape it in paths and URLs.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    if url is not None:
        rendered = normalize_url(url).render_as_string(hide_password=False)
        config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    return config


async def run_migrations(engines: Engines, *, schema: str | None = None) -> None:
    """Upgrade the database to the newest revision, in one write transaction.

    Safe to call from several processes at start-up: on SQLite ``BEGIN
    IMMEDIATE`` serialises them, on PostgreSQL a transaction-level advisory
    lock does, and the later caller finds the schema already at head.

    Args:
        engines: The store's engines.
        schema: PostgreSQL only: create this schema first if it is missing.

    """
    async with engines.write.begin() as conn:
        if engines.dialect == "postgresql":
            await conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK_KEY})")
            if schema is not None:
                quoted = conn.dialect.identifier_preparer.quote_identifier(schema)
                await conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {quoted}")
        await conn.run_sync(_upgrade_head)


def _upgrade_head(connection: Connection) -> None:
    config = alembic_config()
    # env.py uses this connection (and its open transaction) when present.
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
