"""Random secrets (access tokens, session ids, one-time codes) and their hashes."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32
"""256 bits: unguessable, so a plain SHA-256 of the token is safe to store."""


def new_secret() -> str:
    """Return a fresh URL-safe random secret."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_secret(secret: str) -> str:
    """Return the hex SHA-256 of a secret: what the database keeps."""
    return hashlib.sha256(secret.encode()).hexdigest()


def same_secret(given: str, expected: str) -> bool:
    """Compare two secrets in constant time."""
    return secrets.compare_digest(given.encode(), expected.encode())
