"""The case store: versioned upserts of projections and the read-model queries.

Every query of the read model lives here. Results leave as pydantic models,
never ORM objects, so nothing can be lazily loaded after the connection is
gone.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Connection

from guichet.crypto import DataCipher, KeySet, PayloadDecryptionError, is_sealed_text
from guichet.store._account_models import notes_table, resume_codes_table
from guichet.store._case_keys import CaseKeys, KeySource
from guichet.store._engine import Engines, create_engines, run_migrations
from guichet.store._finish import finish_if_cancelled, wait_for_writes
from guichet.store._models import (
    ACTIVE_TASK,
    ACTIVE_TASK_STATUSES,
    QUEUE_ORDER,
    cases_table,
    fingerprints_table,
    letters_table,
    messages_table,
    tasks_table,
)
from schemas.conversation import ConversationEntry, ConversationPage
from schemas.projection import CaseProjection, LetterRecord, ProjectionBatch, TaskProjection
from schemas.task import TaskStatus

# A case that is neither finished nor refused still "holds" its identity keys:
# it is open (no outcome yet) or paid (granted and not purged).
PAID_OUTCOMES: tuple[str, ...] = ("approved", "tacitly_approved")

# What ``list_tasks(status=None)`` shows: the work still to be done.

# What each sealed value is bound to (associated data): a sealed form does
# not open as a letter, nor in another case.
FORM: str = "cases.form"
TASK_SUMMARY: str = "tasks.summary"
LETTER_HTML: str = "letters.html"
MESSAGE_TEXT: str = "case_messages.text"
"""A conversation entry's text is also bound to its number and role (see
:func:`message_purpose`): a sealed entry does not open in another place."""


@dataclass(frozen=True, slots=True)
class ApplyResult:
    """What one ``CaseStore.apply`` changed.

    Attributes:
        case_version: The version of the case row after the write (the stored
            one when the batch was older), or None when the batch had no case.
        tasks: Task rows inserted or replaced by a newer version.
        letters: Letters inserted (a letter already stored is left alone).
        messages: Conversation entries inserted (one already stored is left
            alone).

    """

    case_version: int | None
    tasks: int
    letters: int
    messages: int = 0


def queue_statement(
    status: str | None = None,
    procedure: str | None = None,
    groups: Sequence[str] | None = None,
    claimed_by: str | None = None,
) -> sa.Select[Any]:
    """Return the queue query (see :meth:`CaseStore.list_tasks`), without its limit.

    Public so a test can ask each database how it plans the query: the queue
    must be read through ``ix_tasks_active_queue``, never sorted in full.
    """
    c = tasks_table.c
    stmt = sa.select(tasks_table)
    if status is None:
        stmt = stmt.where(ACTIVE_TASK)
    elif str(status) in ACTIVE_TASK_STATUSES:
        # Redundant on purpose: it lets the partial queue index serve.
        stmt = stmt.where(ACTIVE_TASK, c.status == str(status))
    else:
        stmt = stmt.where(c.status == str(status))
    if procedure is not None:
        stmt = stmt.where(c.procedure == procedure)
    if groups is not None:
        stmt = stmt.where(c.group_name.in_(list(groups)))
    if claimed_by is not None:
        stmt = stmt.where(c.claimed_by == claimed_by)
    return stmt.order_by(*QUEUE_ORDER)


@dataclass(frozen=True, slots=True)
class PurgeResult:
    """What one ``CaseStore.purge_case`` removed.

    Attributes:
        key_destroyed: The case's data key was destroyed by this call (False
            on a repeated purge).
        tasks: Task rows whose summary was erased.
        letters: Letters whose text was erased.
        deleted: Rows deleted (fingerprints, resume codes, notes).
        messages: Conversation entries deleted.
    """

    key_destroyed: bool
    tasks: int
    letters: int
    deleted: int
    messages: int = 0


class _Ciphers:
    """The case ciphers one transaction needs, looked up once per case."""

    def __init__(self, keys: CaseKeys, conn: Connection) -> None:
        self._keys, self._conn = keys, conn
        self._known: dict[str, DataCipher | None] = {}

    def get(self, case_id: str) -> DataCipher | None:
        if case_id not in self._known:
            self._known[case_id] = self._keys.write_cipher(self._conn, case_id)
        return self._known[case_id]


class CaseStore:
    """The read models of cases, tasks and letters, on SQLite or PostgreSQL.

    Create one per process with :meth:`create` (or :func:`open_store`) and
    close it on shutdown. It is safe to use from many coroutines at once.
    """

    def __init__(
        self,
        engines: Engines,
        *,
        schema: str | None = None,
        keys: KeySet | KeySource | None = None,
    ) -> None:
        """Wrap already created engines; prefer :meth:`create`."""
        self._engines = engines
        self._schema = schema
        self._case_keys = CaseKeys(engines, keys)
        self._upserts: dict[tuple[str, tuple[str, ...]], sa.Executable] = {}

    @classmethod
    async def create(
        cls, url: str | URL, *, schema: str | None = None, keys: KeySet | KeySource | None = None
    ) -> CaseStore:
        """Open a store on a database URL (no connection is made yet).

        Args:
            url: ``sqlite+aiosqlite:///path/file.db`` or
                ``postgresql+asyncpg://user@host/db`` (the async driver is
                chosen if the URL names the backend only). A SQLite file's
                directory is created if missing.
            schema: PostgreSQL only: the schema holding the tables.
            keys: The key set wrapping the per-case data keys (default: the
                process's configured keys, read when first needed).

        Returns:
            The store. Call :meth:`migrate` before first use of a new database.

        """
        return cls(create_engines(url, schema=schema), schema=schema, keys=keys)

    @property
    def case_keys(self) -> CaseKeys:
        """The per-case data keys (the archive seals histories with them)."""
        return self._case_keys

    @property
    def engines(self) -> Engines:
        """The store's engines (the archive shares them)."""
        return self._engines

    @property
    def dialect(self) -> str:
        """The backend's dialect name: ``sqlite`` or ``postgresql``."""
        return self._engines.dialect

    async def close(self) -> None:
        """Close every pooled connection, once writes cut short have finished."""
        await wait_for_writes()
        await self._engines.dispose()

    async def migrate(self) -> None:
        """Bring the schema up to the newest Alembic revision (idempotent)."""
        await run_migrations(self._engines, schema=self._schema)

    # -- writes -------------------------------------------------------------

    @finish_if_cancelled
    async def apply(self, batch: ProjectionBatch) -> ApplyResult:
        """Apply a batch of projections in one transaction.

        A case or task row is written only if the incoming ``version`` is
        greater than the stored one, so an older or repeated write is a
        no-op; a letter is inserted only if its id is new. A retried activity
        therefore never duplicates or rolls back anything.

        Every turn of every case writes here, so the transaction runs as one
        synchronous unit (``Engines.run_write``): on SQLite the write lock is
        then held for the statements only.

        Args:
            batch: The writes.

        Returns:
            What changed.

        """
        return await self._engines.run_write(functools.partial(self._apply, batch))

    def _apply(self, batch: ProjectionBatch, conn: Connection) -> ApplyResult:
        ciphers = _Ciphers(self._case_keys, conn)
        case_version: int | None = None
        if batch.case is not None:
            case_version = self._upsert_case(conn, batch.case, ciphers)
        tasks = 0
        for task in _newest_per_id(batch.tasks):
            tasks += self._upsert_task(conn, task, ciphers)
        letters = 0
        for letter in batch.letters:
            letters += self._insert_letter(conn, letter, ciphers)
        messages = 0
        for entry in batch.messages:
            messages += self._insert_message(conn, entry, ciphers)
        return ApplyResult(
            case_version=case_version, tasks=tasks, letters=letters, messages=messages
        )

    @finish_if_cancelled
    async def purge_case(self, case_id: str, at: dt.datetime) -> PurgeResult:
        """Remove a case's personal data for good (end of its retention period).

        In one transaction: the case's data key is destroyed (every sealed
        copy, the archive's included, becomes unreadable), the sealed columns
        are emptied, its fingerprints, resume codes and notes are deleted, and
        its conversation is deleted, and
        the case row is marked ``purged`` with the date. Status, outcome,
        amount, dates and the decider stay, for statistics and the record.
        Idempotent: a repeated purge changes nothing more.

        Args:
            case_id: The case.
            at: When the purge happens (recorded as ``purged_at``).

        Returns:
            What was removed.
        """
        async with self._engines.write.begin() as conn:
            destroyed = await self._case_keys.destroy(conn, case_id, at)
            c = cases_table.c
            await conn.execute(
                sa.update(cases_table).where(c.case_id == case_id).values(form={}, status="purged")
            )
            await conn.execute(
                sa.update(cases_table)
                .where(c.case_id == case_id, c.purged_at.is_(None))
                .values(purged_at=at)
            )
            tasks = await conn.execute(
                sa.update(tasks_table)
                .where(tasks_table.c.case_id == case_id, tasks_table.c.summary != "")
                .values(summary="")
            )
            letters = await conn.execute(
                sa.update(letters_table)
                .where(letters_table.c.case_id == case_id, letters_table.c.html != "")
                .values(html="")
            )
            deleted = 0
            for table in (fingerprints_table, resume_codes_table, notes_table):
                result = await conn.execute(sa.delete(table).where(table.c.case_id == case_id))
                deleted += max(result.rowcount, 0)
            messages = await conn.execute(
                sa.delete(messages_table).where(messages_table.c.case_id == case_id)
            )
        return PurgeResult(
            key_destroyed=destroyed,
            tasks=max(tasks.rowcount, 0),
            letters=max(letters.rowcount, 0),
            deleted=deleted,
            messages=max(messages.rowcount, 0),
        )

    @finish_if_cancelled
    async def record_fingerprints(
        self, case_id: str, procedure: str, fingerprints: Mapping[str, str], at: dt.datetime
    ) -> None:
        """Store a case's fingerprints (one per key kind); a retry overwrites with the same."""
        if not fingerprints:
            return
        async with self._engines.write.begin() as conn:
            for kind, fingerprint in fingerprints.items():
                insert = self._insert(fingerprints_table).values(
                    case_id=case_id,
                    kind=kind,
                    fingerprint=fingerprint,
                    procedure=procedure,
                    created_at=at,
                )
                await conn.execute(
                    insert.on_conflict_do_update(
                        index_elements=[fingerprints_table.c.case_id, fingerprints_table.c.kind],
                        set_={"fingerprint": insert.excluded.fingerprint},
                    )
                )

    async def find_duplicates(
        self, case_id: str, fingerprints: Mapping[str, str]
    ) -> list[tuple[str, str]]:
        """Return (case id, kind) of other open or paid cases sharing a fingerprint.

        Open means the case has no outcome yet; paid means it was granted and
        its data not yet purged. Refused and withdrawn cases do not count.
        """
        if not fingerprints:
            return []
        f, c = fingerprints_table.c, cases_table.c
        stmt = (
            sa.select(f.case_id, f.kind)
            .join(cases_table, c.case_id == f.case_id)
            .where(
                f.case_id != case_id,
                sa.or_(
                    *[
                        sa.and_(f.kind == kind, f.fingerprint == value)
                        for kind, value in fingerprints.items()
                    ]
                ),
                c.status != "purged",
                sa.or_(c.outcome.is_(None), c.outcome.in_(PAID_OUTCOMES)),
            )
            .order_by(f.case_id, f.kind)
        )
        return [(str(row["case_id"]), str(row["kind"])) for row in await self._rows(stmt)]

    @finish_if_cancelled
    async def delete_case_rows(self, case_id: str) -> int:
        """Delete a case's row, tasks and letters (to rebuild them from Temporal).

        The conversation stays: the workflow no longer holds the entries it
        has written, so they could not be rebuilt from its state.

        Args:
            case_id: The case.

        Returns:
            The number of rows deleted.

        """
        deleted = 0
        async with self._engines.write.begin() as conn:
            for table in (tasks_table, letters_table, fingerprints_table, cases_table):
                result = await conn.execute(sa.delete(table).where(table.c.case_id == case_id))
                deleted += max(result.rowcount, 0)
        return deleted

    def _insert(self, table: sa.Table) -> sqlite.Insert | postgresql.Insert:
        # ON CONFLICT is dialect-specific SQL; both dialects spell it alike.
        if self.dialect == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)

    def _versioned_upsert(
        self, conn: Connection, table: sa.Table, key: str, row: Mapping[str, Any]
    ) -> int | None:
        """Insert a row, or replace it if the stored version is older.

        Returns:
            The version written, or None if the stored row was as new or newer.

        """
        columns = tuple(row)
        stmt = self._upserts.get((table.name, columns))
        if stmt is None:
            # Built once per table and column set, then executed with the row
            # as parameters: building ``excluded`` copies every column of the
            # table, which cost more CPU than the write itself on every turn.
            insert = self._insert(table)
            stmt = insert.on_conflict_do_update(
                index_elements=[table.c[key]],
                set_={name: insert.excluded[name] for name in columns if name != key},
                where=insert.excluded.version > table.c.version,
            ).returning(table.c.version)
            self._upserts[(table.name, columns)] = stmt
        written: int | None = conn.execute(stmt, dict(row)).scalar_one_or_none()
        return written

    def _upsert_case(self, conn: Connection, case: CaseProjection, ciphers: _Ciphers) -> int:
        row = case.model_dump(exclude={"purged_at"})
        if row["form"]:
            cipher = ciphers.get(case.case_id)
            if cipher is not None:
                row["form"] = {"sealed": cipher.seal_text(FORM, json.dumps(row["form"]))}
            else:
                # A purged case stays purged, with an empty form, whatever a
                # late (retried) write carries.
                row["form"], row["status"] = {}, "purged"
        written = self._versioned_upsert(conn, cases_table, "case_id", row)
        if written is not None:
            return written
        stored = conn.scalar(
            sa.select(cases_table.c.version).where(cases_table.c.case_id == case.case_id)
        )
        return int(stored) if stored is not None else case.version

    def _upsert_task(self, conn: Connection, task: TaskProjection, ciphers: _Ciphers) -> int:
        row = _task_row(task)
        if row["summary"]:
            # Summaries quote reasons and appeal grounds: personal data.
            cipher = ciphers.get(task.case_id)
            row["summary"] = cipher.seal_text(TASK_SUMMARY, row["summary"]) if cipher else ""
        written = self._versioned_upsert(conn, tasks_table, "task_id", row)
        return 0 if written is None else 1

    def _insert_letter(self, conn: Connection, letter: LetterRecord, ciphers: _Ciphers) -> int:
        cipher = ciphers.get(letter.case_id)
        if cipher is None:
            return 0  # the case was purged: no letter is stored any more
        row = letter.model_dump()
        row["html"] = cipher.seal_text(LETTER_HTML, letter.html)
        stmt = (
            self._insert(letters_table)
            .values(**row)
            .on_conflict_do_nothing(index_elements=[letters_table.c.letter_id])
            .returning(letters_table.c.letter_id)
        )
        return 0 if conn.execute(stmt).scalar_one_or_none() is None else 1

    def _insert_message(self, conn: Connection, entry: ConversationEntry, ciphers: _Ciphers) -> int:
        cipher = ciphers.get(entry.case_id)
        if cipher is None:
            return 0  # the case was purged: its conversation is not stored again
        if entry.at is None:
            raise ValueError("a conversation entry is stored with its time")
        stmt = (
            self._insert(messages_table)
            .values(
                case_id=entry.case_id,
                seq=entry.seq,
                role=entry.role,
                text=cipher.seal_text(message_purpose(entry.seq, entry.role), entry.text),
                at=entry.at,
            )
            .on_conflict_do_nothing(index_elements=[messages_table.c.case_id, messages_table.c.seq])
            .returning(messages_table.c.seq)
        )
        return 0 if conn.execute(stmt).scalar_one_or_none() is None else 1

    # -- queries ------------------------------------------------------------

    async def _rows(self, stmt: sa.Select[Any]) -> list[sa.RowMapping]:
        async with self._engines.read.connect() as conn:
            return list((await conn.execute(stmt)).mappings().all())

    async def _opened(
        self, stmt: sa.Select[Any], column: str, unreadable: list[str] | None = None
    ) -> list[dict[str, Any]]:
        """Run a query and open the sealed ``column`` of every row (one key lookup per case).

        A purged case's value opens as empty: its key no longer exists. With
        ``unreadable`` given, a row whose value fails authentication is left
        out and its case id appended there, instead of failing the whole list.
        """
        async with self._engines.read.connect() as conn:
            rows = [dict(row) for row in (await conn.execute(stmt)).mappings().all()]
            sealed = {str(row["case_id"]) for row in rows if _sealed(row[column])}
            ciphers = await self._case_keys.for_read(conn, sealed)
        kept: list[dict[str, Any]] = []
        for row in rows:
            value = row[column]
            if not _sealed(value):
                kept.append(row)
                continue
            cipher = ciphers.get(str(row["case_id"]))
            try:
                if column == "form":
                    row[column] = (
                        json.loads(cipher.open_text(FORM, value["sealed"])) if cipher else {}
                    )
                else:
                    purpose = TASK_SUMMARY if column == "summary" else LETTER_HTML
                    row[column] = cipher.open_text(purpose, value) if cipher else ""
            except PayloadDecryptionError:
                if unreadable is None:
                    raise
                unreadable.append(str(row["case_id"]))
                continue
            kept.append(row)
        return kept

    async def get_case(self, case_id: str) -> CaseProjection | None:
        """Return a case's row (form opened), or None if unknown."""
        stmt = sa.select(cases_table).where(cases_table.c.case_id == case_id)
        rows = await self._opened(stmt, "form")
        return CaseProjection.model_validate(rows[0]) if rows else None

    async def case_statuses(self, case_ids: Collection[str]) -> dict[str, str]:
        """Return the status of each known case among ``case_ids`` (unknown ones are absent).

        Nothing is opened, so no case key is read: for callers that poll
        cases until they reach a status.
        """
        if not case_ids:
            return {}
        c = cases_table.c
        stmt = sa.select(c.case_id, c.status).where(c.case_id.in_(list(case_ids)))
        async with self._engines.read.connect() as conn:
            rows = (await conn.execute(stmt)).all()
        return {str(case_id): str(status) for case_id, status in rows}

    async def list_cases(
        self,
        procedure: str | None = None,
        status: str | None = None,
        limit: int = 100,
        unreadable: list[str] | None = None,
    ) -> list[CaseProjection]:
        """List cases, newest first.

        Args:
            procedure: Only cases of this procedure.
            status: Only cases in this status.
            limit: At most this many (at least 1).
            unreadable: If given, cases whose form fails authentication are
                left out and their ids appended here (else the call fails).

        Returns:
            The cases, by creation time descending.

        """
        stmt = sa.select(cases_table)
        if procedure is not None:
            stmt = stmt.where(cases_table.c.procedure == procedure)
        if status is not None:
            stmt = stmt.where(cases_table.c.status == status)
        stmt = stmt.order_by(cases_table.c.created_at.desc(), cases_table.c.case_id.desc())
        rows = await self._opened(stmt.limit(_check_limit(limit)), "form", unreadable)
        return [CaseProjection.model_validate(row) for row in rows]

    async def count_cases(self, procedure: str | None = None, status: str | None = None) -> int:
        """Count the cases :meth:`list_cases` would list without a limit (nothing is opened)."""
        c = cases_table.c
        stmt = sa.select(sa.func.count()).select_from(cases_table)
        if procedure is not None:
            stmt = stmt.where(c.procedure == procedure)
        if status is not None:
            stmt = stmt.where(c.status == status)
        async with self._engines.read.connect() as conn:
            return int((await conn.execute(stmt)).scalar_one())

    async def get_task(self, task_id: str) -> TaskProjection | None:
        """Return a task's row, or None if unknown."""
        stmt = sa.select(tasks_table).where(tasks_table.c.task_id == task_id)
        rows = await self._opened(stmt, "summary")
        return _task_projection(rows[0]) if rows else None

    async def list_tasks(
        self,
        status: str | None = None,
        procedure: str | None = None,
        groups: Sequence[str] | None = None,
        limit: int = 200,
        claimed_by: str | None = None,
    ) -> list[TaskProjection]:
        """List tasks, most urgent first.

        Tasks with a due date come first, earliest due first; then higher
        priority first; then older first.

        Args:
            status: Only tasks in this status; None means open or claimed.
            procedure: Only tasks of this procedure.
            groups: Only tasks offered to one of these groups (an empty
                sequence matches nothing); None means every group.
            limit: At most this many (at least 1).
            claimed_by: Only tasks this caseworker holds.

        Returns:
            The tasks in queue order.

        """
        stmt = queue_statement(status, procedure, groups, claimed_by)
        rows = await self._opened(stmt.limit(_check_limit(limit)), "summary")
        return [_task_projection(row) for row in rows]

    async def count_tasks_by_status(self, groups: Sequence[str] | None = None) -> dict[str, int]:
        """Count tasks per status.

        Args:
            groups: Only tasks offered to these groups; None means every group.

        Returns:
            A count for every task status (zero included), plus any other
            status found in the table.

        """
        c = tasks_table.c
        stmt = sa.select(c.status, sa.func.count().label("n")).group_by(c.status)
        if groups is not None:
            stmt = stmt.where(c.group_name.in_(list(groups)))
        counts = {status.value: 0 for status in TaskStatus}
        for row in await self._rows(stmt):
            counts[str(row["status"])] = int(row["n"])
        return counts

    async def conversation(
        self, case_id: str, *, before: int | None = None, limit: int = 50
    ) -> ConversationPage:
        """Return a page of a case's conversation: the newest entries before a cursor.

        Args:
            case_id: The case.
            before: Only entries numbered below this (the ``earlier`` cursor
                of the page after); None for the newest page.
            limit: At most this many entries (at least 1).

        Returns:
            The entries oldest first, and the cursor of the page before them
            (None when none is left). A purged case has none.
        """
        c = messages_table.c
        stmt = sa.select(messages_table).where(c.case_id == case_id)
        if before is not None:
            stmt = stmt.where(c.seq < before)
        # One more than asked: whether an earlier page exists, in the same read.
        stmt = stmt.order_by(c.seq.desc()).limit(_check_limit(limit) + 1)
        async with self._engines.read.connect() as conn:
            rows = [dict(row) for row in (await conn.execute(stmt)).mappings().all()]
            ciphers = await self._case_keys.for_read(conn, {case_id} if rows else set())
        cipher = ciphers.get(case_id)
        if cipher is None:
            return ConversationPage()  # purged between the two reads: nothing to open
        more = len(rows) > limit
        entries = [
            ConversationEntry(
                case_id=case_id,
                seq=int(row["seq"]),
                role=str(row["role"]),
                text=cipher.open_text(
                    message_purpose(int(row["seq"]), str(row["role"])), row["text"]
                ),
                at=row["at"],
            )
            for row in reversed(rows[:limit])
        ]
        return ConversationPage(entries=entries, earlier=entries[0].seq if more else None)

    async def get_letter(self, letter_id: str) -> LetterRecord | None:
        """Return a letter, or None if unknown."""
        stmt = sa.select(letters_table).where(letters_table.c.letter_id == letter_id)
        rows = await self._opened(stmt, "html")
        return LetterRecord.model_validate(rows[0]) if rows else None

    async def letters_for_case(self, case_id: str) -> list[LetterRecord]:
        """Return a case's letters, oldest first."""
        c = letters_table.c
        stmt = (
            sa.select(letters_table)
            .where(c.case_id == case_id)
            .order_by(c.created_at.asc(), c.letter_id.asc())
        )
        return [LetterRecord.model_validate(row) for row in await self._opened(stmt, "html")]


async def open_store(
    url: str | URL, *, schema: str | None = None, migrate: bool = True
) -> CaseStore:
    """Open a store and, by default, bring its schema up to date.

    Args:
        url: The database URL (see :meth:`CaseStore.create`).
        schema: PostgreSQL only: the schema holding the tables.
        migrate: Run the migrations before returning.

    Returns:
        The open store; close it with :meth:`CaseStore.close`.

    """
    store = await CaseStore.create(url, schema=schema)
    if migrate:
        try:
            await store.migrate()
        except BaseException:
            await store.close()
            raise
    return store


def message_purpose(seq: int, role: str) -> str:
    """What a conversation entry's sealed text is bound to: its table, number and role."""
    return f"{MESSAGE_TEXT}:{seq}:{role}"


def _check_limit(limit: int) -> int:
    if limit < 1:
        raise ValueError("limit must be at least 1")
    return limit


def _newest_per_id(tasks: Sequence[TaskProjection]) -> list[TaskProjection]:
    # One statement per row, so a batch naming a task twice must not let the
    # older entry be written last; keep the newest, in first-seen order.
    newest: dict[str, TaskProjection] = {}
    for task in tasks:
        held = newest.get(task.task_id)
        if held is None or task.version > held.version:
            newest[task.task_id] = task
    return list(newest.values())


def _task_row(task: TaskProjection) -> dict[str, Any]:
    row = task.model_dump(mode="python")
    row["group_name"] = row.pop("group")
    # Enums go in as their plain string values.
    row["kind"] = task.kind.value
    row["status"] = task.status.value
    return row


def _sealed(value: Any) -> bool:
    if isinstance(value, dict):
        return set(value) == {"sealed"} and is_sealed_text(value["sealed"])
    return is_sealed_text(value)


def _task_projection(row: Mapping[str, Any]) -> TaskProjection:
    data = dict(row)
    data["group"] = data.pop("group_name")
    return TaskProjection.model_validate(data)
