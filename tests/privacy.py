"""Searching stored bytes for personal data, in the forms it could take.

Shared by the privacy proof and the retention tests: a value is looked for
as UTF-8, UTF-16, URL-quoted, and as base64 at each of the three byte
alignments it can have inside a longer base64 text.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import urllib.parse
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from guichet.store import CaseStore


def encodings(secret: str) -> set[bytes]:
    """Return the byte strings under which ``secret`` would be found if stored."""
    raw = secret.encode()
    found = {raw, secret.encode("utf-16-le"), urllib.parse.quote(secret).encode()}
    if secret.replace(" ", "") != secret:
        found.add(secret.replace(" ", "").encode())
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + raw)
        # Keep only the characters that depend on the secret's bytes alone.
        middle = encoded[4 if offset else 0 : -4]
        if len(middle) >= 8:
            found.add(middle)
            found.add(middle.replace(b"+", b"-").replace(b"/", b"_"))  # URL-safe alphabet
    return found


def find(secrets: Iterable[str], haystack: bytes) -> list[str]:
    """Return the secrets (with the encoding that matched) found in ``haystack``."""
    hits: list[str] = []
    for secret in secrets:
        for form in encodings(secret):
            if form in haystack:
                hits.append(f"{secret!r} as {form[:40]!r}")
    return hits


def _as_bytes(value: Any) -> bytes:
    if value is None:
        return b""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False).encode()
    if isinstance(value, dt.datetime):
        return value.isoformat().encode()
    return str(value).encode()


async def table_bytes(store: CaseStore) -> dict[str, bytes]:
    """Return every row of every table of the store's database, as bytes per table.

    Tables are found by reflection, so tables added later are searched too.
    """

    def names(connection: sa.Connection) -> list[str]:
        return sa.inspect(connection).get_table_names()

    dumped: dict[str, bytes] = {}
    async with store.engines.read.connect() as conn:
        for name in await conn.run_sync(names):
            table = sa.table(name)
            rows = await conn.execute(sa.select(sa.text("*")).select_from(table))
            dumped[name] = b"\n".join(b"|".join(_as_bytes(value) for value in row) for row in rows)
    return dumped


def sqlite_file_bytes(database: Path) -> bytes:
    """Return the raw bytes of a SQLite database file and its WAL and shared-memory files."""
    files = sorted(database.parent.glob(database.name + "*"))
    return b"".join(path.read_bytes() for path in files)
