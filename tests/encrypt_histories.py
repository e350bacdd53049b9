"""Encrypt the payloads of committed histories with the committed test key.

The histories were recorded before payload encryption. Re-recording them
would replace old-version histories (which prove that patched changes still
replay) by new ones; encrypting their payloads in place keeps every event and
command as recorded and only changes what Temporal would have stored. Run
``python -m tests.encrypt_histories`` once; already encrypted payloads are
left alone, so running it again changes nothing.
"""

from __future__ import annotations

import asyncio
import base64
import json
import sys
from pathlib import Path
from typing import Any

from temporalio.api.common.v1 import Payload

from guichet.crypto import ENCODING, EncryptionCodec, KeySet
from tests.helpers import TEST_KEYS

HISTORIES = Path(__file__).parent / "histories"


def _is_payload(value: dict[str, Any]) -> bool:
    metadata = value.get("metadata")
    return isinstance(metadata, dict) and "encoding" in metadata


async def _encrypt(value: Any, codec: EncryptionCodec) -> Any:
    """Return ``value`` (history JSON) with every payload encrypted."""
    if isinstance(value, list):
        return [await _encrypt(item, codec) for item in value]
    if not isinstance(value, dict):
        return value
    if _is_payload(value):
        if base64.b64decode(value["metadata"]["encoding"]) == ENCODING:
            return value
        plain = Payload(
            metadata={k: base64.b64decode(v) for k, v in value["metadata"].items()},
            data=base64.b64decode(value.get("data", "")),
        )
        (sealed,) = await codec.encode([plain])
        return {
            "metadata": {k: base64.b64encode(v).decode() for k, v in sealed.metadata.items()},
            "data": base64.b64encode(sealed.data).decode(),
        }
    return {key: await _encrypt(item, codec) for key, item in value.items()}


async def encrypt_file(path: Path, keys: KeySet = TEST_KEYS) -> None:
    """Encrypt the payloads of one committed history file in place."""
    recorded: dict[str, Any] = json.loads(await asyncio.to_thread(path.read_text))
    recorded["history"] = await _encrypt(recorded["history"], EncryptionCodec(keys))
    await asyncio.to_thread(path.write_text, json.dumps(recorded, indent=1))


async def main(paths: list[Path]) -> None:
    """Encrypt ``paths`` (every committed history when empty)."""
    for path in paths or sorted(HISTORIES.glob("*.json")):
        await encrypt_file(path)
        print(path)


if __name__ == "__main__":
    asyncio.run(main([Path(arg) for arg in sys.argv[1:]]))
