"""Missing keys stop a process at start, before it touches a case (issue 23 item 6).

A worker with no key file used to generate a new key beside a database full
of cases wrapped under the old one, then fail every case it touched. Now a
key is generated only into a data directory without data, and every process
refuses to start when the case database references a key id that no
configured key has. Once the key is back, the same data directory opens at
once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import SecretStr

from guichet.config import Settings
from guichet.crypto import KEY_FILE, EncryptionKey, KeyConfigurationError, KeySet, local_keys
from guichet.store import CaseStore
from runtime.devserver import EmbeddedTemporal
from runtime.process import open_runtime
from tests.conftest import NAMESPACE

OLD = KeySet((EncryptionKey.generate("k-old"),))
NEW = KeySet((EncryptionKey.generate("k-new"),))


def settings_for(server: EmbeddedTemporal, data_dir: Path, keys: KeySet | None) -> Settings:
    return Settings(
        data_dir=data_dir,
        temporal_address=server.address,
        temporal_namespace=NAMESPACE,
        encryption_keys=SecretStr(keys.serialize()) if keys is not None else None,
    )


async def a_case_key_under(keys: KeySet, data_dir: Path) -> None:
    """Write one case's data key, wrapped under ``keys``, into the data directory's database."""
    store = await CaseStore.create(f"sqlite+aiosqlite:///{data_dir / 'guichet.db'}", keys=keys)
    try:
        await store.migrate()
        async with store.engines.write.begin() as conn:
            assert await store.case_keys.for_write(
                conn, "short_time_work-k1", dt.datetime.now(dt.UTC)
            )
    finally:
        await store.close()


def test_no_key_is_generated_beside_data(tmp_path: Path) -> None:
    empty = tmp_path / "fresh"
    assert local_keys(empty).keys, "a first run generates its key"
    used = tmp_path / "used"
    used.mkdir()
    (used / "guichet.db").write_bytes(b"cases")
    with pytest.raises(KeyConfigurationError, match="holds data"):
        local_keys(used)
    assert not (used / KEY_FILE).exists()


async def test_a_process_refuses_to_start_without_the_key_its_cases_need(
    temporal_server: EmbeddedTemporal, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    await a_case_key_under(OLD, data_dir)

    # The old key lost, a new one configured: refused, naming the missing id.
    with pytest.raises(KeyConfigurationError, match="k-old"):
        async with open_runtime(settings_for(temporal_server, data_dir, NEW)):
            pytest.fail("started without the key of its cases")
    # No key configured and no key file beside the data: refused, nothing generated.
    with pytest.raises(KeyConfigurationError, match="holds data"):
        async with open_runtime(settings_for(temporal_server, data_dir, None)):
            pytest.fail("generated a key beside data")
    assert not (data_dir / KEY_FILE).exists()

    # The old key back (second, after the new current one): the same directory opens.
    both = KeySet((NEW.current, OLD.current))
    async with open_runtime(settings_for(temporal_server, data_dir, both)) as runtime:
        async with runtime.store.engines.read.connect() as conn:
            ciphers = await runtime.store.case_keys.for_read(conn, ["short_time_work-k1"])
        assert ciphers["short_time_work-k1"] is not None
