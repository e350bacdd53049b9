"""Accounts and access: caseworker sign-in, sessions, applicant access tokens.

The web app and the command line call this; it hashes secrets before they
reach the database and returns the clear secret only once, to its owner.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

from guichet.accounts.passwords import hash_password, verify_password
from guichet.accounts.tokens import hash_secret, new_secret
from guichet.store import AccountStore
from schemas.account import Note, Role, SessionKind, User

STAFF_SESSION_TTL = dt.timedelta(hours=8)
API_TOKEN_TTL = dt.timedelta(hours=8)
APPLICANT_SESSION_TTL = dt.timedelta(days=30)
RESUME_CODE_TTL = dt.timedelta(days=14)
MAX_NOTE_LENGTH = 4000

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_GROUP = re.compile(r"^[a-z0-9_]{2,100}$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class AccountError(ValueError):
    """An account operation was refused (bad name, taken, unknown...)."""


class AccountService:
    """Operations on accounts and access records."""

    def __init__(self, store: AccountStore, clock: Callable[[], dt.datetime] = _utcnow) -> None:
        """Bind to an account store; ``clock`` is replaceable in tests."""
        self.store = store
        self._clock = clock

    # -- accounts ---------------------------------------------------------------

    async def add_user(
        self,
        username: str,
        password: str,
        groups: Sequence[str],
        role: Role = Role.CASEWORKER,
        email: str | None = None,
    ) -> User:
        """Create an account with an argon2 password hash.

        Args:
            username: The login name.
            password: At least 8 characters.
            groups: The groups (procedure ids) whose tasks it works on.
            role: Caseworker, supervisor or auditor.
            email: Where deadline reminders go, if anywhere.

        Raises:
            AccountError: Invalid name, group, password or address, or the name is taken.
        """
        if email is not None and not _EMAIL.match(email):
            raise AccountError(f"invalid e-mail address {email!r}")
        if not _USERNAME.match(username):
            raise AccountError("a username is 2-64 lowercase letters, digits, '.', '_' or '-'")
        if len(password) < 8:
            raise AccountError("a password has at least 8 characters")
        bad = [g for g in groups if not _GROUP.match(g)]
        if bad:
            raise AccountError(f"invalid group name {bad[0]!r}")
        if not groups and role is Role.CASEWORKER:
            raise AccountError("a caseworker belongs to at least one group (--group)")
        if groups and role is Role.OPERATOR:
            # Operators run the installation; they never see a group's cases.
            raise AccountError("an operator belongs to no group")
        try:
            return await self.store.add_user(
                username,
                hash_password(password),
                list(dict.fromkeys(groups)),
                role,
                self._clock(),
                email,
            )
        except ValueError as exc:
            raise AccountError(str(exc)) from None

    async def ensure_user(
        self,
        username: str,
        password: str,
        groups: Sequence[str],
        role: Role = Role.CASEWORKER,
        email: str | None = None,
    ) -> bool:
        """Create an account unless it exists (seeding demo accounts).

        Returns:
            Whether it was created.
        """
        if await self.store.get_user(username) is not None:
            return False
        await self.add_user(username, password, groups, role, email)
        return True

    async def list_users(self) -> list[User]:
        """Return every account."""
        return await self.store.list_users()

    async def deactivate(self, username: str) -> None:
        """Deactivate an account and end its sessions.

        Raises:
            AccountError: Unknown username.
        """
        if not await self.store.set_active(username, False):
            raise AccountError(f"no user {username!r}")

    async def get_active_user(self, username: str) -> User | None:
        """Return an active account, or None."""
        found = await self.store.get_user(username)
        if found is None or not found[0].active:
            return None
        return found[0]

    async def authenticate(self, username: str, password: str) -> User | None:
        """Return the active account these credentials open, or None."""
        found = await self.store.get_user(username)
        stored_hash = found[1] if found else None
        if not verify_password(stored_hash, password) or found is None or not found[0].active:
            return None
        return found[0]

    # -- sessions ---------------------------------------------------------------

    async def open_session(self, kind: SessionKind, subject: str) -> tuple[str, dt.datetime]:
        """Open a session for ``subject``; return its secret (only once) and expiry."""
        ttl = {
            SessionKind.STAFF: STAFF_SESSION_TTL,
            SessionKind.API: API_TOKEN_TTL,
            SessionKind.APPLICANT: APPLICANT_SESSION_TTL,
        }[kind]
        now = self._clock()
        secret = new_secret()
        await self.store.add_session(hash_secret(secret), kind, subject, now, now + ttl)
        return secret, now + ttl

    async def session_subject(self, secret: str, kind: SessionKind) -> str | None:
        """Return who an unexpired session of ``kind`` belongs to, or None."""
        session = await self.store.get_session(hash_secret(secret), kind, self._clock())
        return session.subject if session else None

    async def staff_user(self, secret: str, kind: SessionKind) -> User | None:
        """Return the active caseworker a staff session or API token belongs to."""
        username = await self.session_subject(secret, kind)
        return await self.get_active_user(username) if username else None

    async def close_session(self, secret: str) -> None:
        """End a session."""
        await self.store.delete_session(hash_secret(secret))

    # -- applicant access -------------------------------------------------------

    async def grant_case_access(self, case_id: str, replace: bool = False) -> str:
        """Create a case's access token; only its hash is stored.

        Args:
            case_id: The case.
            replace: Revoke the case's earlier tokens (a retried start: the
                first answer may have been lost, and its token must not
                open the case beside the new one).

        Returns:
            The token, to be given to the applicant once.
        """
        token = new_secret()
        await self.store.grant_case_access(case_id, hash_secret(token), self._clock(), replace)
        return token

    async def case_of_token(self, token: str) -> str | None:
        """Return the case an access token opens, or None."""
        return await self.store.case_of_token(hash_secret(token))

    async def new_resume_code(self, case_id: str) -> str:
        """Create a one-time "continue later" code for a case."""
        code = new_secret()
        now = self._clock()
        await self.store.add_resume_code(hash_secret(code), case_id, now, now + RESUME_CODE_TTL)
        return code

    async def use_resume_code(self, code: str) -> str | None:
        """Consume a one-time code; return its case when it was valid."""
        return await self.store.use_resume_code(hash_secret(code), self._clock())

    # -- notes ------------------------------------------------------------------

    async def add_note(self, case_id: str, author: str, text: str) -> None:
        """Add a private note.

        Raises:
            AccountError: Empty or too long.
        """
        text = text.strip()
        if not text or len(text) > MAX_NOTE_LENGTH:
            raise AccountError(f"a note has 1 to {MAX_NOTE_LENGTH} characters")
        await self.store.add_note(case_id, author, text, self._clock())

    async def notes(self, case_id: str) -> list[Note]:
        """Return a case's private notes."""
        return await self.store.notes_for_case(case_id)
