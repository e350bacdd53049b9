"""Engines for the case store and the programmatic Alembic set-up.

SQLite is written by two processes (the worker and the web app), so every
connection runs in WAL mode with a busy timeout, and writes take the write
lock up front with ``BEGIN IMMEDIATE``. A deferred transaction that reads
first and writes later cannot wait for the lock: SQLite answers "database is
locked" at once, busy timeout or not, because waiting could deadlock.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

BUSY_TIMEOUT_SECONDS: Final = 10.0
MIGRATIONS_DIR: Final = Path(__file__).resolve().parent / "migrations"

# Execution option read by the ``begin`` hook to choose the SQLite BEGIN mode.
_BEGIN_MODE_OPTION: Final = "guichet_sqlite_begin"
# Any constant works; it only has to be the same in every process.
_MIGRATION_LOCK_KEY: Final = 0x6775696368657401

_ASYNC_DRIVERS: Final = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}


@dataclass(frozen=True, slots=True)
class Engines:
    """The engines of one store.

    Attributes:
        read: For queries (a deferred ``BEGIN`` on SQLite).
        write: For writes and migrations (``BEGIN IMMEDIATE`` on SQLite). It
            shares the connection pool of ``read``.

    """

    read: AsyncEngine
    write: AsyncEngine

    @property
    def dialect(self) -> str:
        """The dialect name: ``sqlite`` or ``postgresql``."""
        return self.read.dialect.name


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
        The engines; dispose of them with ``await engines.read.dispose()``.

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
    database = url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})
    sync_engine = engine.sync_engine

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

    # Shares the pool and the hooks above; only the BEGIN mode differs.
    write = engine.execution_options(**{_BEGIN_MODE_OPTION: "IMMEDIATE"})
    return Engines(read=engine, write=write)


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
