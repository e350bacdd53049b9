"""Per-case data keys, and the date a case's personal data was purged.

Revision ID: 0006_case_keys
Revises: 0005_queue_index
Create Date: 2026-11-22 01:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_case_keys"
down_revision: str | Sequence[str] | None = "0005_queue_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``case_keys`` and add ``cases.purged_at``."""
    op.create_table(
        "case_keys",
        sa.Column("case_id", sa.String(200), nullable=False),
        sa.Column("key_id", sa.String(100), nullable=True),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("destroyed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("case_id", name="pk_case_keys"),
    )
    # A nullable column: SQLite adds it without rebuilding the table.
    op.add_column("cases", sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop ``cases.purged_at`` and ``case_keys``."""
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("purged_at")
    op.drop_table("case_keys")
