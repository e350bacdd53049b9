"""Queries on accounts, sessions, applicant access, resume codes and notes.

Every query of these tables lives here; results leave as pydantic models.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from guichet.crypto import is_sealed_text
from guichet.store._account_models import (
    case_access_table,
    notes_table,
    resume_codes_table,
    sessions_table,
    users_table,
)
from guichet.store._case_keys import CaseDataPurged, CaseKeys
from guichet.store._engine import Engines
from guichet.store._finish import finish_if_cancelled
from schemas.account import Note, Role, Session, SessionKind, User

NOTE_TEXT = "case_notes.text"
"""What a sealed note is bound to (associated data)."""


class AccountStore:
    """Accounts and access records, on the case store's engines."""

    def __init__(self, engines: Engines, case_keys: CaseKeys | None = None) -> None:
        """Use the engines of an open :class:`~guichet.store.CaseStore`.

        Args:
            engines: The store's engines.
            case_keys: The per-case data keys that seal notes (default: on
                these engines, wrapped by the process's configured keys).
        """
        self._engines = engines
        self._keys = case_keys or CaseKeys(engines)

    async def _rows(self, stmt: sa.Select[Any]) -> list[sa.RowMapping]:
        async with self._engines.read.connect() as conn:
            return list((await conn.execute(stmt)).mappings().all())

    # -- users ----------------------------------------------------------------

    @finish_if_cancelled
    async def add_user(
        self,
        username: str,
        password_hash: str,
        groups: Sequence[str],
        role: Role,
        now: dt.datetime,
        email: str | None = None,
    ) -> User:
        """Create an account (``email``: where deadline reminders go).

        Raises:
            ValueError: The username is taken.
        """
        row = {
            "username": username,
            "password_hash": password_hash,
            "role": role.value,
            "groups": list(groups),
            "active": True,
            "created_at": now,
            "email": email,
        }
        try:
            async with self._engines.write.begin() as conn:
                await conn.execute(sa.insert(users_table).values(**row))
        except IntegrityError:
            raise ValueError(f"user {username!r} already exists") from None
        return _user(row)

    async def get_user(self, username: str) -> tuple[User, str] | None:
        """Return an account and its password hash, or None if unknown."""
        rows = await self._rows(sa.select(users_table).where(users_table.c.username == username))
        return (_user(rows[0]), str(rows[0]["password_hash"])) if rows else None

    async def list_users(self) -> list[User]:
        """Return every account, by username."""
        rows = await self._rows(sa.select(users_table).order_by(users_table.c.username))
        return [_user(row) for row in rows]

    @finish_if_cancelled
    async def set_active(self, username: str, active: bool) -> bool:
        """(De)activate an account; deactivating also ends its sessions.

        Returns:
            Whether the account exists.
        """
        async with self._engines.write.begin() as conn:
            result = await conn.execute(
                sa.update(users_table)
                .where(users_table.c.username == username)
                .values(active=active)
            )
            if not active:
                await conn.execute(
                    sa.delete(sessions_table).where(
                        sessions_table.c.subject == username,
                        sessions_table.c.kind.in_([SessionKind.STAFF.value, SessionKind.API.value]),
                    )
                )
        return result.rowcount > 0

    # -- sessions and tokens --------------------------------------------------

    @finish_if_cancelled
    async def add_session(
        self,
        token_hash: str,
        kind: SessionKind,
        subject: str,
        now: dt.datetime,
        expires_at: dt.datetime,
    ) -> None:
        """Store a session under the hash of its secret."""
        async with self._engines.write.begin() as conn:
            await conn.execute(
                sa.insert(sessions_table).values(
                    token_hash=token_hash,
                    kind=kind.value,
                    subject=subject,
                    created_at=now,
                    expires_at=expires_at,
                )
            )

    async def get_session(
        self, token_hash: str, kind: SessionKind, now: dt.datetime
    ) -> Session | None:
        """Return an unexpired session of ``kind``, or None."""
        c = sessions_table.c
        stmt = sa.select(sessions_table).where(
            c.token_hash == token_hash, c.kind == kind.value, c.expires_at > now
        )
        rows = await self._rows(stmt)
        return Session.model_validate(dict(rows[0])) if rows else None

    @finish_if_cancelled
    async def delete_session(self, token_hash: str) -> None:
        """End a session (sign out)."""
        async with self._engines.write.begin() as conn:
            await conn.execute(
                sa.delete(sessions_table).where(sessions_table.c.token_hash == token_hash)
            )

    # -- applicant access -----------------------------------------------------

    @finish_if_cancelled
    async def grant_case_access(
        self, case_id: str, token_hash: str, now: dt.datetime, replace: bool = False
    ) -> None:
        """Record the hash of a case's access token; ``replace`` revokes the case's others."""
        async with self._engines.write.begin() as conn:
            if replace:
                await conn.execute(
                    sa.delete(case_access_table).where(case_access_table.c.case_id == case_id)
                )
            await conn.execute(
                sa.insert(case_access_table).values(
                    case_id=case_id, token_hash=token_hash, created_at=now
                )
            )

    async def case_of_token(self, token_hash: str) -> str | None:
        """Return the case an access token opens, or None."""
        c = case_access_table.c
        rows = await self._rows(sa.select(c.case_id).where(c.token_hash == token_hash))
        return str(rows[0]["case_id"]) if rows else None

    @finish_if_cancelled
    async def add_resume_code(
        self, code_hash: str, case_id: str, now: dt.datetime, expires_at: dt.datetime
    ) -> None:
        """Store a one-time "continue later" code."""
        async with self._engines.write.begin() as conn:
            await conn.execute(
                sa.insert(resume_codes_table).values(
                    code_hash=code_hash, case_id=case_id, created_at=now, expires_at=expires_at
                )
            )

    @finish_if_cancelled
    async def use_resume_code(self, code_hash: str, now: dt.datetime) -> str | None:
        """Consume a code: delete it and return its case, if it was valid.

        The delete is the check, so two requests with one code cannot both win.
        """
        c = resume_codes_table.c
        async with self._engines.write.begin() as conn:
            result = await conn.execute(
                sa.delete(resume_codes_table)
                .where(c.code_hash == code_hash)
                .returning(c.case_id, c.expires_at)
            )
            row = result.mappings().first()
            # Expired codes are swept by the same delete.
            await conn.execute(sa.delete(resume_codes_table).where(c.expires_at <= now))
        if row is None or _aware(row["expires_at"]) <= now:
            return None
        return str(row["case_id"])

    # -- notes ----------------------------------------------------------------

    @finish_if_cancelled
    async def add_note(self, case_id: str, author: str, text: str, now: dt.datetime) -> None:
        """Add a private note to a case, sealed with the case's data key.

        Raises:
            CaseDataPurged: The case's personal data was purged.
        """
        async with self._engines.write.begin() as conn:
            cipher = await self._keys.for_write(conn, case_id, now)
            if cipher is None:
                raise CaseDataPurged(case_id)
            await conn.execute(
                sa.insert(notes_table).values(
                    case_id=case_id,
                    author=author,
                    text=cipher.seal_text(NOTE_TEXT, text),
                    created_at=now,
                )
            )

    async def notes_for_case(self, case_id: str) -> list[Note]:
        """Return a case's notes, oldest first."""
        c = notes_table.c
        stmt = sa.select(notes_table).where(c.case_id == case_id).order_by(c.note_id)
        async with self._engines.read.connect() as conn:
            rows = [dict(row) for row in (await conn.execute(stmt)).mappings()]
            cipher = (await self._keys.for_read(conn, [case_id])).get(case_id) if rows else None
        for row in rows:
            if is_sealed_text(row["text"]):
                # Notes of a purged case are deleted; a leftover opens as empty.
                row["text"] = cipher.open_text(NOTE_TEXT, row["text"]) if cipher else ""
        return [Note.model_validate(row) for row in rows]


def _user(row: Any) -> User:
    return User(
        username=row["username"],
        groups=list(row["groups"]),
        role=Role(row["role"]),
        active=bool(row["active"]),
        created_at=row["created_at"],
        email=row.get("email"),
    )


def _aware(value: dt.datetime) -> dt.datetime:
    # RETURNING bypasses nothing of the type decorator on most drivers, but be
    # safe: a naive value from SQLite is UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
