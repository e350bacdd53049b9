"""Accounts, sessions, applicant access, resume codes and private notes.

Revision ID: 0002_accounts
Revises: 0001
Create Date: 2025-01-02 00:00:00
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002_accounts"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _timestamp(name: str) -> sa.Column[dt.datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    """Create the users, sessions, case_access, resume_codes and case_notes tables."""
    op.create_table(
        "users",
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("groups", _JSON, nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("username", name="pk_users"),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        _timestamp("created_at"),
        _timestamp("expires_at"),
        sa.PrimaryKeyConstraint("token_hash", name="pk_sessions"),
    )
    op.create_index("ix_sessions_kind_subject", "sessions", ["kind", "subject"])
    op.create_table(
        "case_access",
        sa.Column("case_id", sa.String(200), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("case_id", name="pk_case_access"),
        sa.UniqueConstraint("token_hash", name="uq_case_access_token_hash"),
    )
    op.create_table(
        "resume_codes",
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("case_id", sa.String(200), nullable=False),
        _timestamp("created_at"),
        _timestamp("expires_at"),
        sa.PrimaryKeyConstraint("code_hash", name="pk_resume_codes"),
    )
    op.create_index("ix_resume_codes_case_id", "resume_codes", ["case_id"])
    op.create_table(
        "case_notes",
        sa.Column("note_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(200), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("note_id", name="pk_case_notes"),
    )
    op.create_index("ix_case_notes_case_id", "case_notes", ["case_id"])


def downgrade() -> None:
    """Drop the tables."""
    op.drop_table("case_notes")
    op.drop_table("resume_codes")
    op.drop_table("case_access")
    op.drop_table("sessions")
    op.drop_table("users")
