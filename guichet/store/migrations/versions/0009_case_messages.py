"""The whole conversation of a case, one sealed row per entry.

Revision ID: 0009_case_messages
Revises: 0008_staff_email
Create Date: 2026-11-23 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_case_messages"
down_revision: str | Sequence[str] | None = "0008_staff_email"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``case_messages`` (its key, case and number, also serves the pages)."""
    op.create_table(
        "case_messages",
        sa.Column("case_id", sa.String(200), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "seq", name="pk_case_messages"),
    )


def downgrade() -> None:
    """Drop ``case_messages``."""
    op.drop_table("case_messages")
