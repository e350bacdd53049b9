"""Fingerprints of claims' identity keys, for duplicate detection.

Revision ID: 0004_procedures
Revises: 0003_archive
Create Date: 2026-11-22 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_procedures"
down_revision: str | Sequence[str] | None = "0003_archive"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the case_fingerprints table (one row per case and key kind)."""
    op.create_table(
        "case_fingerprints",
        sa.Column("case_id", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(50), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("procedure", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "kind", name="pk_case_fingerprints"),
    )
    op.create_index("ix_case_fingerprints_fingerprint", "case_fingerprints", ["fingerprint"])


def downgrade() -> None:
    """Drop the case_fingerprints table."""
    op.drop_table("case_fingerprints")
