"""Caseworkers' e-mail addresses, for deadline reminders.

Revision ID: 0008_staff_email
Revises: 0007_statistics
Create Date: 2026-11-22 03:31:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_staff_email"
down_revision: str | Sequence[str] | None = "0007_statistics"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``users.email`` (nullable: accounts without one get no e-mail)."""
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("email", sa.String(320), nullable=True))


def downgrade() -> None:
    """Drop ``users.email``."""
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email")
