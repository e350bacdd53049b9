"""Tables of accounts, sessions, applicant access and private notes.

Unlike the projections these are not read models: they are the web app's own
records (who may sign in, which browser holds which case). Secrets are never
stored, only their SHA-256 (tokens are random and long, so a fast hash is
enough; passwords use argon2 instead).
"""

from __future__ import annotations

import datetime as dt
from typing import cast

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from guichet.store._models import Base, UTCDateTime, json_type


class UserRow(Base):
    """A caseworker account."""

    __tablename__ = "users"

    username: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(20))
    groups: Mapped[list[str]] = mapped_column(json_type())
    active: Mapped[bool] = mapped_column(sa.Boolean)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    # Where deadline reminders go (migration 0008_staff_email).
    email: Mapped[str | None] = mapped_column(sa.String(320))


class SessionRow(Base):
    """A browser session or API token, keyed by the hash of its secret."""

    __tablename__ = "sessions"
    __table_args__ = (sa.Index("ix_sessions_kind_subject", "kind", "subject"),)

    token_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    subject: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class CaseAccessRow(Base):
    """The hash of the access token an applicant got when starting a case."""

    __tablename__ = "case_access"

    case_id: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class ResumeCodeRow(Base):
    """A one-time code of a "continue later" link, deleted when used."""

    __tablename__ = "resume_codes"

    code_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    case_id: Mapped[str] = mapped_column(sa.String(200), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class NoteRow(Base):
    """A caseworker's private note on a case."""

    __tablename__ = "case_notes"

    note_id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(sa.String(200), index=True)
    author: Mapped[str] = mapped_column(sa.String(100))
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


users_table = cast(sa.Table, UserRow.__table__)
sessions_table = cast(sa.Table, SessionRow.__table__)
case_access_table = cast(sa.Table, CaseAccessRow.__table__)
resume_codes_table = cast(sa.Table, ResumeCodeRow.__table__)
notes_table = cast(sa.Table, NoteRow.__table__)
