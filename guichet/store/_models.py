"""Typed declarative models of the read-model tables.

These describe the current schema; the Alembic revisions under
``migrations/versions`` are the frozen history that creates it (a test checks
that the two agree). There are no relationships and no foreign keys between
the tables on purpose: projections are written independently and may arrive in
any order (retries, reindexing), so a task row must be storable before or
without its case row, and nothing is ever lazily loaded across the async
boundary.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Deterministic constraint names, so migrations on PostgreSQL and SQLite agree.
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(sa.TypeDecorator[dt.datetime]):
    """A timezone-aware timestamp stored in UTC on every backend.

    PostgreSQL keeps ``timestamptz`` natively; SQLite has no time zones, so the
    value is converted to UTC and stored naive, then marked UTC again on the
    way out. Naive datetimes are refused: guessing their zone would silently
    shift deadlines.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Convert an aware datetime to UTC (naive UTC for SQLite)."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime given to the case store; pass an aware one")
        value = value.astimezone(dt.UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        """Return an aware UTC datetime whatever the backend gave back."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def json_type() -> sa.types.TypeEngine[Any]:
    """Return the JSON column type: ``JSONB`` on PostgreSQL, ``JSON`` elsewhere."""
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


class Base(DeclarativeBase):
    """Declarative base of the read-model tables."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class CaseRow(Base):
    """One row per case: the searchable, displayable state of a case."""

    __tablename__ = "cases"
    __table_args__ = (
        sa.Index("ix_cases_created_at", "created_at"),
        sa.Index("ix_cases_procedure_status", "procedure", "status"),
        sa.Index("ix_cases_procedure_submitted_at", "procedure", "submitted_at"),
    )

    case_id: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger)
    procedure: Mapped[str] = mapped_column(sa.String(100))
    language: Mapped[str] = mapped_column(sa.String(16))
    status: Mapped[str] = mapped_column(sa.String(50))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str | None] = mapped_column(sa.String(50))
    decided_by: Mapped[str | None] = mapped_column(sa.String(200))
    # A decimal kept as text: exact, and identical on SQLite and PostgreSQL.
    amount: Mapped[str | None] = mapped_column(sa.String(64))
    progress_done: Mapped[int] = mapped_column(sa.Integer)
    progress_total: Mapped[int] = mapped_column(sa.Integer)
    # The form is sealed with the case's data key (``{"sealed": ...}``).
    form: Mapped[dict[str, Any]] = mapped_column(json_type())
    summary: Mapped[dict[str, Any]] = mapped_column(json_type())
    # Set by the retention purge; never written by projections.
    purged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # Statistics (migration 0007_statistics), written by the projections.
    first_action_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    automatic: Mapped[bool] = mapped_column(sa.Boolean, server_default=sa.false())
    appealed: Mapped[bool] = mapped_column(sa.Boolean, server_default=sa.false())
    changed_on: Mapped[str | None] = mapped_column(sa.String(50))
    satisfaction: Mapped[int | None] = mapped_column(sa.Integer)


class TaskRow(Base):
    """One row per caseworker task: the approval queue."""

    __tablename__ = "tasks"
    __table_args__ = (
        # Serves the queue query: filter on status and group, order by due date
        # and priority.
        sa.Index("ix_tasks_queue", "status", "group_name", "due_at", "priority"),
    )

    task_id: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger)
    case_id: Mapped[str] = mapped_column(sa.String(200), index=True)
    procedure: Mapped[str] = mapped_column(sa.String(100))
    kind: Mapped[str] = mapped_column(sa.String(50))
    # ``group`` is an SQL keyword; the column is named ``group_name``.
    group_name: Mapped[str] = mapped_column(sa.String(100))
    status: Mapped[str] = mapped_column(sa.String(50))
    claimed_by: Mapped[str | None] = mapped_column(sa.String(200))
    priority: Mapped[int] = mapped_column(sa.Integer)
    due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    summary: Mapped[str] = mapped_column(sa.Text)
    outcome: Mapped[str | None] = mapped_column(sa.String(50))
    decided_by: Mapped[str | None] = mapped_column(sa.String(200))
    # When the holder claimed it (migration 0007_statistics).
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class LetterRow(Base):
    """One row per rendered decision letter; letters are never rewritten."""

    __tablename__ = "letters"

    letter_id: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    case_id: Mapped[str] = mapped_column(sa.String(200), index=True)
    language: Mapped[str] = mapped_column(sa.String(16))
    outcome: Mapped[str] = mapped_column(sa.String(50))
    html: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class FingerprintRow(Base):
    """Keyed hashes of a claim's identity keys, for duplicate detection.

    Only the hash is stored (HMAC-SHA256 with a key the database does not
    hold), never the applicant's name or IBAN; equal hashes mean equal keys.
    """

    __tablename__ = "case_fingerprints"

    case_id: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(50), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(sa.String(64), index=True)
    procedure: Mapped[str] = mapped_column(sa.String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class MessageRow(Base):
    """One entry of a case's conversation (cases started once it moved here).

    The primary key (case, number) makes a retried write a no-op and serves
    the pages, newest first. The text is sealed with the case's data key;
    the purge deletes the rows.
    """

    __tablename__ = "case_messages"

    case_id: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    seq: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    role: Mapped[str] = mapped_column(sa.String(20))
    text: Mapped[str] = mapped_column(sa.Text)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


# Core handles on the tables: the repository writes with dialect-specific
# INSERT ... ON CONFLICT, which works on tables rather than mapped classes.
cases_table = cast(sa.Table, CaseRow.__table__)
tasks_table = cast(sa.Table, TaskRow.__table__)

ACTIVE_TASK_STATUSES: tuple[str, ...] = ("open", "claimed")
"""Statuses of the tasks in a queue (the rest are done or cancelled)."""

ACTIVE_TASK = TaskRow.status.in_(
    sa.bindparam("active_task_statuses", ACTIVE_TASK_STATUSES, expanding=True, literal_execute=True)
)
"""The filter of active tasks, its values inlined in the SQL text: both
databases use a partial index only where the query's text implies the
index's condition, which a bound parameter never does."""

QUEUE_ORDER: tuple[sa.ColumnElement[Any], ...] = (
    TaskRow.due_at.is_(None).asc(),
    TaskRow.due_at.asc(),
    TaskRow.priority.desc(),
    TaskRow.created_at.asc(),
    TaskRow.task_id.asc(),
)
"""The queue's order: due tasks first (earliest first), then priority, then age.

Written with ``due_at IS NULL`` first rather than ``NULLS LAST``: SQLite
cannot walk an index for ``NULLS LAST``, and this form sorts the same on
both databases, so one index (``ix_tasks_active_queue``) serves it on both:
a page of a group's queue reads its first rows in order and stops.
"""

sa.Index(
    "ix_tasks_active_queue",
    TaskRow.group_name,
    TaskRow.due_at.is_(None),
    TaskRow.due_at,
    TaskRow.priority.desc(),
    TaskRow.created_at,
    TaskRow.task_id,
    # Partial: queue pages read active tasks only, and done tasks, the great
    # majority over the years, stay out of the index.
    sqlite_where=sa.text("status IN ('open', 'claimed')"),
    postgresql_where=sa.text("status IN ('open', 'claimed')"),
)
letters_table = cast(sa.Table, LetterRow.__table__)
fingerprints_table = cast(sa.Table, FingerprintRow.__table__)
messages_table = cast(sa.Table, MessageRow.__table__)
