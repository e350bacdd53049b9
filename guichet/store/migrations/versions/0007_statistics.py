"""Statistics columns of the case read model.

Adds what the statistics need and the case row did not hold: when a
caseworker first acted, whether the rules decided alone, whether the decision
was contested, whether a second review or an appeal changed it, the
applicant's satisfaction score, and when a task's holder claimed it
(supervision shows claims held too long). The projection activities fill them (versioned
upserts, so idempotently); rows written before keep the defaults until
``starter.py reindex`` rewrites them, except ``automatic``, which is derived
here from the columns already present.

Revision ID: 0007_statistics
Revises: 0006_case_keys
Create Date: 2026-11-22 03:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_statistics"
down_revision: str | Sequence[str] | None = "0006_case_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the statistics columns and derive ``automatic`` for existing rows."""
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("first_action_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("automatic", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("appealed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("changed_on", sa.String(50), nullable=True))
        batch.add_column(sa.Column("satisfaction", sa.Integer(), nullable=True))
    cases = sa.table(
        "cases",
        sa.column("automatic", sa.Boolean()),
        sa.column("decided_by", sa.String()),
        sa.column("outcome", sa.String()),
    )
    op.execute(
        cases.update()
        .where(cases.c.decided_by == "system", cases.c.outcome == "approved")
        .values(automatic=True)
    )
    op.create_index("ix_cases_procedure_submitted_at", "cases", ["procedure", "submitted_at"])
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop the statistics columns."""
    with op.batch_alter_table("tasks") as batch:
        batch.drop_column("claimed_at")
    op.drop_index("ix_cases_procedure_submitted_at", "cases")
    with op.batch_alter_table("cases") as batch:
        for name in ("satisfaction", "changed_on", "appealed", "automatic", "first_action_at"):
            batch.drop_column(name)
