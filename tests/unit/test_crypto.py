"""The payload codec: round trip, rotation, fail-closed decoding, key files."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from pydantic import SecretStr
from temporalio.api.common.v1 import Payload
from temporalio.api.failure.v1 import Failure
from temporalio.client import WorkflowHistory

from guichet.config import Settings
from guichet.converter import data_converter
from guichet.crypto import (
    ENCODING,
    KEY_FILE,
    KEY_ID,
    EncryptionCodec,
    EncryptionKey,
    KeyConfigurationError,
    KeySet,
    PayloadDecryptionError,
    load_keys,
)
from runtime.temporal import build_replayer
from tests.helpers import TEST_KEYS

OLD = EncryptionKey.generate("old")
NEW = EncryptionKey.generate("new")
SECRET = "Zephyrine Quortlebank"


def _payload(text: str = SECRET) -> Payload:
    return Payload(metadata={"encoding": b"json/plain"}, data=json.dumps(text).encode())


async def test_round_trip_hides_the_plain_text() -> None:
    codec = EncryptionCodec(KeySet((NEW,)))
    (sealed,) = await codec.encode([_payload()])
    assert sealed.metadata["encoding"] == ENCODING
    assert sealed.metadata[KEY_ID] == b"new"
    assert SECRET.encode() not in sealed.SerializeToString()
    assert await codec.decode([sealed]) == [_payload()]


async def test_rotation_new_key_encrypts_old_key_still_decrypts() -> None:
    (old_sealed,) = await EncryptionCodec(KeySet((OLD,))).encode([_payload()])
    rotated = EncryptionCodec(KeySet((NEW, OLD)))
    assert await rotated.decode([old_sealed]) == [_payload()]
    (new_sealed,) = await rotated.encode([_payload()])
    assert new_sealed.metadata[KEY_ID] == b"new"
    with pytest.raises(PayloadDecryptionError, match="unknown key id 'new'"):
        await EncryptionCodec(KeySet((OLD,))).decode([new_sealed])


async def test_plain_and_tampered_payloads_are_refused() -> None:
    codec = EncryptionCodec(KeySet((NEW,)))
    with pytest.raises(PayloadDecryptionError, match="unencrypted"):
        await codec.decode([_payload()])
    (sealed,) = await codec.encode([_payload()])
    relabelled = Payload(metadata={**sealed.metadata, KEY_ID: b"old"}, data=sealed.data)
    with pytest.raises(PayloadDecryptionError, match="failed authentication"):
        await EncryptionCodec(KeySet((NEW, EncryptionKey("old", NEW.secret)))).decode([relabelled])


async def test_failure_messages_are_encoded() -> None:
    converter = data_converter(KeySet((NEW,)))
    failure = Failure()
    await converter.encode_failure(ValueError(f"bad answer from {SECRET}"), failure)
    assert SECRET.encode() not in failure.SerializeToString()
    decoded = await converter.decode_failure(failure)
    assert SECRET in str(decoded)


def test_configured_keys_parse_newest_first() -> None:
    text = KeySet((NEW, OLD)).serialize().replace("\n", ",")
    keys = load_keys(Settings(encryption_keys=SecretStr(text)))
    assert [key.key_id for key in keys.keys] == ["new", "old"]
    assert keys.current.secret == NEW.secret
    assert "secret" not in repr(keys) and NEW.secret.hex() not in repr(keys)


@pytest.mark.parametrize(
    "text", ["", "nokey", "a:not base64!", "a:QUJD", "a:" + "A" * 44 + ",a:" + "A" * 44]
)
def test_malformed_keys_are_refused(text: str) -> None:
    with pytest.raises(KeyConfigurationError):
        KeySet.parse(text)


def test_embedded_default_generates_a_private_key_once(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", encryption_keys=None)
    first = load_keys(settings)
    mode = stat.S_IMODE((tmp_path / "data" / KEY_FILE).stat().st_mode)
    assert mode == 0o600
    assert load_keys(settings) == first


async def test_committed_histories_need_the_test_key() -> None:
    path = sorted((Path(__file__).parents[1] / "histories").glob("demo_*.json"))[0]
    recorded = json.loads(path.read_text())
    history = WorkflowHistory.from_json(recorded["workflow_id"], recorded["history"])
    started = history.events[0].workflow_execution_started_event_attributes
    assert started.input.payloads[0].metadata["encoding"] == ENCODING
    converter = data_converter(TEST_KEYS)
    assert converter.payload_codec is not None
    (plain,) = await converter.payload_codec.decode(started.input.payloads[:1])
    assert plain.metadata["encoding"] == b"json/plain"
    # Another key set cannot read them: replay fails instead of running on garbage.
    result = await build_replayer(KeySet((NEW,))).replay_workflow(
        history, raise_on_replay_failure=False
    )
    assert result.replay_failure is not None
