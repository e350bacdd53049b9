"""Payload encryption: every payload that reaches Temporal is AES-256-GCM encrypted.

Applicants give Guichet income, family and company data; Temporal keeps
every workflow and activity input and result in its history. The
:class:`EncryptionCodec` encrypts them before they leave the process, so the
Temporal database (and its backups) hold ciphertext only.

Keys have ids. Several keys can be configured: the first (newest) encrypts,
all of them decrypt, so a key is rotated without downtime by putting a new
one first and removing the old one once no history needs it any more.
Decoding fails closed: a plain payload or one under an unknown key is
refused with :class:`PayloadDecryptionError` (a workflow task then retries,
so the case waits visibly instead of being failed).

Production reads its keys from configuration (``GUICHET_ENCRYPTION_KEYS``,
``id1:base64key,id2:base64key``); the embedded default generates one on
first run and keeps it in the data directory, readable by its owner only.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.converter import PayloadCodec

from guichet.config import Settings, get_settings
from guichet.private import private_dir

ENCODING = b"binary/encrypted"
"""The ``encoding`` metadata of an encrypted payload."""
KEY_ID = "encryption-key-id"
"""The metadata entry naming the key a payload is encrypted with."""
KEY_FILE = "encryption.keys"
"""The embedded default's key file, in the data directory."""
_KEY_BYTES = 32  # AES-256
_NONCE_BYTES = 12  # the GCM standard nonce


class KeyConfigurationError(ValueError):
    """The configured keys cannot be used (malformed, wrong length, duplicate ids)."""


class PayloadDecryptionError(ValueError):
    """A payload is not encrypted, names an unknown key, or fails authentication."""


@dataclass(frozen=True)
class EncryptionKey:
    """One AES-256 key and its id.

    Attributes:
        key_id: The id written into every payload it encrypts.
        secret: The 32 key bytes.
    """

    key_id: str
    secret: bytes = b""

    def __post_init__(self) -> None:
        if not self.key_id or any(c in self.key_id for c in ":,\n "):
            raise KeyConfigurationError("a key id must be non-empty without ':', ',' or spaces")
        if len(self.secret) != _KEY_BYTES:
            raise KeyConfigurationError(f"key {self.key_id!r} must be {_KEY_BYTES} bytes")

    def __repr__(self) -> str:
        # Never print the secret (settings dumps, tracebacks).
        return f"EncryptionKey(key_id={self.key_id!r})"

    @classmethod
    def generate(cls, key_id: str | None = None) -> EncryptionKey:
        """Return a fresh random key (id ``key-<random>`` unless given)."""
        return cls(key_id or f"key-{secrets.token_hex(4)}", AESGCM.generate_key(bit_length=256))


@dataclass(frozen=True)
class KeySet:
    """The keys of one deployment, newest first.

    Attributes:
        keys: The keys; the first encrypts, all decrypt.
    """

    keys: tuple[EncryptionKey, ...]

    def __post_init__(self) -> None:
        if not self.keys:
            raise KeyConfigurationError("at least one encryption key is needed")
        ids = [key.key_id for key in self.keys]
        if len(set(ids)) != len(ids):
            raise KeyConfigurationError("encryption key ids must be unique")

    @property
    def current(self) -> EncryptionKey:
        """The key new payloads are encrypted with."""
        return self.keys[0]

    def find(self, key_id: str) -> EncryptionKey | None:
        """Return the key with ``key_id``, or None."""
        return next((key for key in self.keys if key.key_id == key_id), None)

    @classmethod
    def parse(cls, text: str) -> KeySet:
        """Parse ``id1:base64key,id2:base64key`` (commas or newlines between keys).

        Raises:
            KeyConfigurationError: If an entry is malformed.
        """
        keys: list[EncryptionKey] = []
        for entry in text.replace("\n", ",").split(","):
            entry = entry.strip()
            if not entry:
                continue
            key_id, sep, encoded = entry.partition(":")
            if not sep:
                raise KeyConfigurationError("each key is written 'id:base64key'")
            try:
                secret = base64.b64decode(encoded.strip(), validate=True)
            except binascii.Error as error:
                raise KeyConfigurationError(f"key {key_id.strip()!r} is not base64") from error
            keys.append(EncryptionKey(key_id.strip(), secret))
        return cls(tuple(keys))

    def serialize(self) -> str:
        """Return the keys in the configuration format, one per line."""
        return "".join(
            f"{key.key_id}:{base64.b64encode(key.secret).decode()}\n" for key in self.keys
        )


def local_keys(data_dir: Path) -> KeySet:
    """Return the embedded default's keys, generating them on first run.

    The file is created exclusively with mode 0600: only the owner reads it.
    A key is generated only into a data directory that holds no data yet: a
    new key beside a case database wrapped under a lost one would open none
    of its cases (and a worker would fail every case it touched).

    Args:
        data_dir: The data directory.

    Raises:
        KeyConfigurationError: The key file is missing but the directory
            holds data (restore the key file or configure the keys).
    """
    path = data_dir / KEY_FILE
    if not path.exists():
        if holds_data(data_dir):
            raise KeyConfigurationError(
                f"{path} is missing but {data_dir} holds data: restore the key file "
                "(or set GUICHET_ENCRYPTION_KEYS); no new key is generated beside old data"
            )
        private_dir(data_dir)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process of this deployment created it first
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(KeySet((EncryptionKey.generate(),)).serialize())
    return KeySet.parse(path.read_text())


_NOT_DATA = frozenset({KEY_FILE, "idempotency.secret"})
"""Files of a data directory that hold no case data."""


def holds_data(data_dir: Path) -> bool:
    """Whether ``data_dir`` holds anything but logs and secrets (a database, mails, files)."""
    if not data_dir.is_dir():
        return False
    return any(
        path.is_file() and path.name not in _NOT_DATA and path.suffix != ".log"
        for path in data_dir.rglob("*")
    )


def load_keys(settings: Settings) -> KeySet:
    """Return the deployment's keys: configured ones, else the embedded default's.

    Args:
        settings: The settings (``encryption_keys``, ``data_dir``).

    Raises:
        KeyConfigurationError: If the configured keys are malformed.
    """
    if settings.encryption_keys is not None:
        return KeySet.parse(settings.encryption_keys.get_secret_value())
    return local_keys(settings.data_dir)


@lru_cache(maxsize=1)
def configured_keys() -> KeySet:
    """Return this process's keys (from :func:`guichet.config.get_settings`, read once)."""
    return load_keys(get_settings())


class EncryptionCodec(PayloadCodec):
    """AES-256-GCM payload codec with key ids.

    The key id is authenticated as associated data, so a payload cannot be
    relabelled to another key.
    """

    def __init__(self, keys: KeySet) -> None:
        """Build the codec.

        Args:
            keys: The key set; its current key encrypts.
        """
        self._keys = keys
        self._ciphers = {key.key_id: AESGCM(key.secret) for key in keys.keys}

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        """Encrypt each payload (whole, metadata included) with the current key."""
        key_id = self._keys.current.key_id
        cipher = self._ciphers[key_id]
        encoded: list[Payload] = []
        for payload in payloads:
            nonce = os.urandom(_NONCE_BYTES)
            sealed = cipher.encrypt(nonce, payload.SerializeToString(), key_id.encode())
            encoded.append(
                Payload(
                    metadata={"encoding": ENCODING, KEY_ID: key_id.encode()},
                    data=nonce + sealed,
                )
            )
        return encoded

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        """Decrypt each payload; refuse anything not encrypted under a known key.

        Raises:
            PayloadDecryptionError: For a plain payload, an unknown key id or
                a payload that fails authentication.
        """
        return [self._decode_one(payload) for payload in payloads]

    def _decode_one(self, payload: Payload) -> Payload:
        if payload.metadata.get("encoding") != ENCODING:
            raise PayloadDecryptionError(
                "refusing an unencrypted payload: every payload must be encrypted"
            )
        key_id = payload.metadata.get(KEY_ID, b"").decode(errors="replace")
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            raise PayloadDecryptionError(
                f"payload encrypted with unknown key id {key_id!r}: configure that key to read it"
            )
        data = payload.data
        try:
            plain = cipher.decrypt(data[:_NONCE_BYTES], data[_NONCE_BYTES:], key_id.encode())
        except InvalidTag as error:
            raise PayloadDecryptionError(
                f"payload under key {key_id!r} failed authentication"
            ) from error
        return Payload.FromString(plain)


# ------------------------------------------------------------ data keys
#
# Personal data at rest in the case database (forms, letters, task summaries,
# archived histories) is sealed with a per-case data key. The data key is
# stored wrapped by the deployment's key set, so the database alone reveals
# nothing; destroying a case's data key (the retention purge) makes every
# sealed copy in the database unreadable at once, while the ciphertext
# itself (and the archive digests computed over it) stays put.

DATA_KEY_BYTES = _KEY_BYTES
"""A per-case data key is an AES-256 key too."""
SEALED_PREFIX = "sealed:v1:"
"""Prefix of a sealed text value (base64 of nonce and ciphertext follows)."""
SEALED_MAGIC = b"GSEALED1"
"""Prefix of sealed bytes (never the start of a protobuf ``History``)."""


def _wrap_aad(case_id: str, key_id: str) -> bytes:
    return f"case-key|{case_id}|{key_id}".encode()


def generate_data_key() -> bytes:
    """Return a fresh random 256-bit data key."""
    return AESGCM.generate_key(bit_length=256)


def wrap_data_key(keys: KeySet, case_id: str, data_key: bytes) -> tuple[str, bytes]:
    """Encrypt a case's data key with the deployment's current key.

    The case id and key id are authenticated, so a wrapped key cannot be
    moved to another case.

    Args:
        keys: The deployment's key set.
        case_id: The case the data key belongs to.
        data_key: The 32 key bytes.

    Returns:
        ``(key id, nonce + ciphertext)``.
    """
    key = keys.current
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(key.secret).encrypt(nonce, data_key, _wrap_aad(case_id, key.key_id))
    return key.key_id, nonce + sealed


def unwrap_data_key(keys: KeySet, case_id: str, key_id: str, wrapped: bytes) -> bytes:
    """Decrypt a case's wrapped data key.

    Raises:
        PayloadDecryptionError: The key id is unknown or the wrapped key fails
            authentication (tampered, or moved from another case).
    """
    key = keys.find(key_id)
    if key is None:
        raise PayloadDecryptionError(f"case key wrapped with unknown key id {key_id!r}")
    try:
        return AESGCM(key.secret).decrypt(
            wrapped[:_NONCE_BYTES], wrapped[_NONCE_BYTES:], _wrap_aad(case_id, key_id)
        )
    except InvalidTag as error:
        raise PayloadDecryptionError(f"case key of {case_id!r} failed authentication") from error


@dataclass(frozen=True)
class DataCipher:
    """Seals and opens one case's personal data with its data key.

    Every value is bound to its case and purpose (``cases.form``,
    ``letters.html``...) as associated data, so a sealed value copied into
    another case or column does not open.

    Attributes:
        case_id: The case.
        data_key: The case's 32-byte data key.
    """

    case_id: str
    data_key: bytes = dataclass_field(repr=False)

    def _aad(self, purpose: str) -> bytes:
        return f"{self.case_id}|{purpose}".encode()

    def seal_bytes(self, purpose: str, plain: bytes) -> bytes:
        """Return :data:`SEALED_MAGIC`, a fresh nonce and the ciphertext of ``plain``."""
        nonce = os.urandom(_NONCE_BYTES)
        return (
            SEALED_MAGIC + nonce + AESGCM(self.data_key).encrypt(nonce, plain, self._aad(purpose))
        )

    def open_bytes(self, purpose: str, sealed: bytes) -> bytes:
        """Open bytes made by :meth:`seal_bytes`.

        Raises:
            PayloadDecryptionError: Not sealed, or fails authentication.
        """
        if not is_sealed_bytes(sealed):
            raise PayloadDecryptionError("value is not sealed")
        body = sealed[len(SEALED_MAGIC) :]
        try:
            return AESGCM(self.data_key).decrypt(
                body[:_NONCE_BYTES], body[_NONCE_BYTES:], self._aad(purpose)
            )
        except InvalidTag as error:
            raise PayloadDecryptionError(
                f"sealed {purpose} of {self.case_id!r} failed authentication"
            ) from error

    def seal_text(self, purpose: str, text: str) -> str:
        """Return ``text`` sealed, as :data:`SEALED_PREFIX` and base64."""
        sealed = self.seal_bytes(purpose, text.encode())[len(SEALED_MAGIC) :]
        return SEALED_PREFIX + base64.b64encode(sealed).decode()

    def open_text(self, purpose: str, value: str) -> str:
        """Open a text made by :meth:`seal_text`.

        Raises:
            PayloadDecryptionError: Not sealed, or fails authentication.
        """
        if not is_sealed_text(value):
            raise PayloadDecryptionError("value is not sealed")
        body = base64.b64decode(value[len(SEALED_PREFIX) :])
        return self.open_bytes(purpose, SEALED_MAGIC + body).decode()


def is_sealed_text(value: object) -> bool:
    """Whether ``value`` is a text sealed by :meth:`DataCipher.seal_text`."""
    return isinstance(value, str) and value.startswith(SEALED_PREFIX)


def is_sealed_bytes(value: bytes) -> bool:
    """Whether ``value`` are bytes sealed by :meth:`DataCipher.seal_bytes`."""
    return value.startswith(SEALED_MAGIC)
