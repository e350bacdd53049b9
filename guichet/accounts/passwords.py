"""Password hashing with argon2id (argon2-cffi's recommended parameters)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()

# Verified against when the username is unknown, so a wrong username costs
# as long as a wrong password and accounts cannot be probed by timing.
_DUMMY_HASH = _HASHER.hash("guichet-no-such-user")


def hash_password(password: str) -> str:
    """Return the argon2id hash of ``password`` (salted, self-describing)."""
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check ``password`` against a stored hash; None means "no such user".

    Args:
        password_hash: The stored hash, or None to burn the same time and fail.
        password: The password given.

    Returns:
        Whether it matches.
    """
    try:
        _HASHER.verify(password_hash or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    return password_hash is not None
