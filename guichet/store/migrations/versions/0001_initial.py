"""Initial read model: cases, tasks and letters.

Revision ID: 0001
Revises:
Create Date: 2025-01-01 00:00:00
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here rather than imported from the models, so later model changes
# cannot rewrite history.
_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column[dt.datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Create the cases, tasks and letters tables with their indexes."""
    op.create_table(
        "cases",
        sa.Column("case_id", sa.String(200), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("procedure", sa.String(100), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("status", sa.String(50), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        _timestamp("submitted_at", nullable=True),
        _timestamp("decided_at", nullable=True),
        sa.Column("outcome", sa.String(50), nullable=True),
        sa.Column("decided_by", sa.String(200), nullable=True),
        sa.Column("amount", sa.String(64), nullable=True),
        sa.Column("progress_done", sa.Integer(), nullable=False),
        sa.Column("progress_total", sa.Integer(), nullable=False),
        sa.Column("form", _JSON, nullable=False),
        sa.Column("summary", _JSON, nullable=False),
        sa.PrimaryKeyConstraint("case_id", name="pk_cases"),
    )
    op.create_index("ix_cases_created_at", "cases", ["created_at"])
    op.create_index("ix_cases_procedure_status", "cases", ["procedure", "status"])

    op.create_table(
        "tasks",
        sa.Column("task_id", sa.String(200), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("case_id", sa.String(200), nullable=False),
        sa.Column("procedure", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(50), nullable=False),
        sa.Column("group_name", sa.String(100), nullable=False),
        sa.Column("status", sa.String(50), nullable=False),
        sa.Column("claimed_by", sa.String(200), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        _timestamp("due_at", nullable=True),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(50), nullable=True),
        sa.Column("decided_by", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("task_id", name="pk_tasks"),
    )
    op.create_index("ix_tasks_case_id", "tasks", ["case_id"])
    op.create_index("ix_tasks_queue", "tasks", ["status", "group_name", "due_at", "priority"])

    op.create_table(
        "letters",
        sa.Column("letter_id", sa.String(200), nullable=False),
        sa.Column("case_id", sa.String(200), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(50), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("letter_id", name="pk_letters"),
    )
    op.create_index("ix_letters_case_id", "letters", ["case_id"])


def downgrade() -> None:
    """Drop the read-model tables."""
    op.drop_table("letters")
    op.drop_table("tasks")
    op.drop_table("cases")
