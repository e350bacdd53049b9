"""The real PostgreSQL the suite runs against (127.0.0.1:5432, database ``test``).

Each user gets its own schema, dropped afterwards, so concurrent or repeated
runs never share tables. Set ``GUICHET_TEST_POSTGRES_URL`` to point
elsewhere. When PostgreSQL is unreachable the test is skipped, which fails
the run under ``CI`` (see ``conftest.pytest_sessionfinish``); with ``CI`` set
it fails at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

PG_URL = os.environ.get(
    "GUICHET_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)


@contextlib.asynccontextmanager
async def postgres_schema(prefix: str = "guichet_e2e") -> AsyncIterator[str]:
    """Yield a fresh schema name on the test PostgreSQL; drop the schema afterwards."""
    admin = create_async_engine(PG_URL)
    try:
        async with asyncio.timeout(10), admin.connect() as conn:
            await conn.execute(sa.text("SELECT 1"))
    except Exception as exc:
        await admin.dispose()
        message = f"PostgreSQL is not reachable at {PG_URL} ({exc!r})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    try:
        yield schema
    finally:
        async with admin.begin() as conn:
            await conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await admin.dispose()
