"""Keyed hashes of idempotency keys and message texts (issue 23 item 7).

Update ids are stored in clear in Temporal's database (they are not
payloads, so the payload codec never encrypts them). A client-chosen
Idempotency-Key may be anything the client likes, so it is never used as an
update id itself: the id is an HMAC of it under a secret of its own (not a
data key: destroying a case's data key must not change how its resends are
recognised, and the secret protects no data). The same secret hashes the
text of a message into the digest the reply carries back, which tells a
resend (same text) from a key reused for another text, without the text ever
leaving the encrypted payload.

Every process that sends messages must use the same secret
(``GUICHET_IDEMPOTENCY_SECRET``); unset, it is kept in a file of the data
directory, created on first use (like the embedded server's own state).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from guichet.private import private_dir

SECRET_FILE = "idempotency.secret"
"""The file in the data directory holding the secret when none is configured."""

LOCAL_SECRET = b"guichet-local-idempotency-secret"
"""The secret of a :class:`~runtime.service.CaseService` built without one (tests)."""


def keyed(secret: bytes, *parts: str) -> str:
    """An HMAC-SHA256 of ``parts`` (hex, 32 characters), one part per separated field."""
    message = "\x1f".join(parts).encode("utf-8")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def message_update_id(secret: bytes, idempotency_key: str) -> str:
    """The update id of a message sent with ``idempotency_key``."""
    return f"msg2-{keyed(secret, 'message-key', idempotency_key)}"


def decision_update_id(secret: bytes, idempotency_key: str) -> str:
    """The update id of a decision sent with ``idempotency_key``."""
    return f"decide2-{keyed(secret, 'decision-key', idempotency_key)}"


def turn_update_id(secret: bytes, turn: int, digest: str) -> str:
    """The update id of a message naming ``turn`` without a key: one per turn and text."""
    return f"msg2-t{turn}-{digest}"


def text_digest(secret: bytes, text: str, field: str | None) -> str:
    """The digest of a message's text (and the field it edits) carried by its reply."""
    return keyed(secret, "message-text", field or "", text)


def load_secret(configured: str | None, data_dir: Path) -> bytes:
    """The configured secret, else the data directory's, created (0600) on first use.

    Args:
        configured: ``GUICHET_IDEMPOTENCY_SECRET``, if set.
        data_dir: Where the secret file is kept otherwise.
    """
    if configured:
        return configured.encode("utf-8")
    path = data_dir / SECRET_FILE
    if not path.exists():
        private_dir(data_dir)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process of this instance created it first
        else:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_hex(32))
    return path.read_text().strip().encode("utf-8")
