"""Alembic environment for the case store, for async engines.

The store runs migrations in code (``CaseStore.migrate``) and hands this
module its own connection, already inside a write transaction. Run
stand-alone (``alembic_config(url)`` with an Alembic command), it opens a
connection with the store's engine factory, so SQLite gets the same WAL,
busy-timeout and ``BEGIN IMMEDIATE`` settings as the application.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from guichet.store._engine import create_engines
from guichet.store._models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
        render_as_batch=connection.dialect.name == "sqlite",
    )


def _run(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    """Emit the migration SQL for a URL without connecting."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async_migrations(url: str) -> None:
    engines = create_engines(url)
    try:
        async with engines.write.begin() as conn:
            await conn.run_sync(_run)
    finally:
        await engines.dispose()


def run_migrations_online() -> None:
    """Run migrations on the connection given by the caller, or on a new one."""
    connection = config.attributes.get("connection")
    if isinstance(connection, Connection):
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no connection and no sqlalchemy.url: use alembic_config(url)")
    asyncio.run(_run_async_migrations(url))


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
