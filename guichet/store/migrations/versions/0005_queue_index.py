"""The approval queue's partial index, in queue order.

Revision ID: 0005_queue_index
Revises: 0004_procedures
Create Date: 2026-11-22 00:00:00

At 100,000 open tasks the queue page sorted every active task of the group
on each request (hundreds of milliseconds on SQLite). This index holds only
active tasks, per group, in the queue's own order (see
``guichet.store._models.QUEUE_ORDER``), so a page reads its first rows and
stops.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_queue_index"
down_revision: str | Sequence[str] | None = "0004_procedures"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ACTIVE = sa.text("status IN ('open', 'claimed')")


def upgrade() -> None:
    """Create ``ix_tasks_active_queue``."""
    op.create_index(
        "ix_tasks_active_queue",
        "tasks",
        [
            sa.column("group_name"),
            sa.text("(due_at IS NULL)"),
            sa.column("due_at"),
            sa.text("priority DESC"),
            sa.column("created_at"),
            sa.column("task_id"),
        ],
        sqlite_where=_ACTIVE,
        postgresql_where=_ACTIVE,
    )


def downgrade() -> None:
    """Drop ``ix_tasks_active_queue``."""
    op.drop_index("ix_tasks_active_queue", table_name="tasks")
