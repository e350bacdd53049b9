"""Tests of the case store (read models) on SQLite and on a real PostgreSQL.

PostgreSQL isolation: every test gets its own schema (``guichet_test_<hex>``),
created by the store's migration through the connection ``search_path`` and
dropped with CASCADE afterwards, so concurrent or repeated runs never share
tables. Set ``GUICHET_TEST_POSTGRES_URL`` to point elsewhere; when PostgreSQL
is unreachable the PostgreSQL cases are skipped, or fail when ``CI`` is set.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import os
import sys
import threading
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import structlog
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from temporalio.testing import ActivityEnvironment

from activities.store import ProjectionAck, StoreActivities
from guichet.store import CaseStore, alembic_config, open_store
from guichet.store._engine import normalize_url
from guichet.store._models import Base
from guichet.store._repository import queue_statement
from schemas.projection import CaseProjection, LetterRecord, ProjectionBatch, TaskProjection
from schemas.task import TaskKind, TaskStatus
from tests.helpers import TEST_KEYS

REPO_ROOT = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get(
    "GUICHET_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
T0 = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)


# -- builders -----------------------------------------------------------------


def make_case(case_id: str = "case-1", version: int = 1, **changes: Any) -> CaseProjection:
    fields: dict[str, Any] = {
        "case_id": case_id,
        "version": version,
        "procedure": "short_time_work",
        "language": "de",
        "status": "intake",
        "created_at": T0,
        "updated_at": T0 + dt.timedelta(minutes=version),
        "form": {"employer_name": "Muster GmbH", "employees": 12},
        "summary": {"headline": "Kurzarbeit"},
    }
    fields.update(changes)
    return CaseProjection(**fields)


def make_task(task_id: str, version: int = 1, **changes: Any) -> TaskProjection:
    fields: dict[str, Any] = {
        "task_id": task_id,
        "version": version,
        "case_id": "case-1",
        "procedure": "short_time_work",
        "kind": TaskKind.REVIEW,
        "group": "short_time_work",
        "status": TaskStatus.OPEN,
        "created_at": T0,
        "updated_at": T0,
        "summary": "Prüfung",
    }
    fields.update(changes)
    return TaskProjection(**fields)


def make_letter(letter_id: str, case_id: str = "case-1", **changes: Any) -> LetterRecord:
    fields: dict[str, Any] = {
        "letter_id": letter_id,
        "case_id": case_id,
        "language": "de",
        "outcome": "approved",
        "html": "<p>Bescheid</p>",
        "created_at": T0,
    }
    fields.update(changes)
    return LetterRecord(**fields)


# -- backends -----------------------------------------------------------------


async def _postgres_admin() -> AsyncEngine:
    engine = create_async_engine(PG_URL)
    try:
        async with asyncio.timeout(10), engine.connect() as conn:
            await conn.execute(sa.text("SELECT 1"))
    except Exception as exc:
        await engine.dispose()
        message = f"PostgreSQL is not reachable at {PG_URL} ({exc!r})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message + "; set CI=1 to make this a failure")
    return engine


@pytest.fixture(params=["sqlite", "postgresql"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[CaseStore]:
    """A freshly migrated, empty store on each backend."""
    if request.param == "sqlite":
        # A nested path: the store must create the missing directories.
        opened = await open_store(f"sqlite+aiosqlite:///{tmp_path}/nested/dir/cases.db")
        try:
            yield opened
        finally:
            await opened.close()
        return

    admin = await _postgres_admin()
    schema = f"guichet_test_{uuid.uuid4().hex[:12]}"
    try:
        opened = await open_store(PG_URL, schema=schema)
        try:
            yield opened
        finally:
            await opened.close()
    finally:
        async with admin.begin() as conn:
            await conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path}/cases.db"


def _engine(store: CaseStore) -> AsyncEngine:
    # Tests look under the hood; application code goes through CaseStore.
    return store._engines.read


# -- schema -------------------------------------------------------------------


async def test_migration_creates_tables_and_indexes(store: CaseStore) -> None:
    def inspect(conn: Connection) -> tuple[set[str], dict[str | None, list[str | None]]]:
        inspector = sa.inspect(conn)
        indexes = inspector.get_indexes("tasks")
        return set(inspector.get_table_names()), {ix["name"]: ix["column_names"] for ix in indexes}

    async with _engine(store).connect() as conn:
        tables, task_indexes = await conn.run_sync(inspect)
        head = await conn.scalar(sa.text("SELECT version_num FROM alembic_version"))

    assert {"cases", "tasks", "letters", "alembic_version"} <= tables
    # Other migrations may follow 0001: the database must be at the scripts' head.
    assert head == ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert task_indexes["ix_tasks_queue"] == ["status", "group_name", "due_at", "priority"]
    assert task_indexes["ix_tasks_case_id"] == ["case_id"]

    await store.migrate()  # again: already at head, nothing to do
    assert await store.get_case("missing") is None


@pytest.mark.parametrize(
    ("status", "groups"),
    [(None, ["short_time_work"]), ("open", ["minimum_income"]), ("claimed", ["short_time_work"])],
)
async def test_queue_is_read_through_its_partial_index_without_sorting(
    store: CaseStore, status: str | None, groups: list[str]
) -> None:
    """A queue page walks ``ix_tasks_active_queue`` in order instead of sorting the group.

    At 100,000 tasks a full sort cost hundreds of milliseconds a page (see
    docs/benchmarks.md); this checks the plan, which does not depend on timing.
    """
    engine = _engine(store)
    executed: list[str] = []

    def capture(*args: Any) -> None:
        executed.append(str(args[2]))  # (conn, cursor, statement, ...)

    # The statement really sent must carry the active statuses as literals:
    # a partial index is used only where the query's text implies its condition.
    sa.event.listen(engine.sync_engine, "before_cursor_execute", capture)
    try:
        await store.list_tasks(status=status, groups=groups, limit=50)
    finally:
        sa.event.remove(engine.sync_engine, "before_cursor_execute", capture)
    queue_sql = next(text for text in executed if "FROM tasks" in text or "tasks." in text)
    assert "'open', 'claimed'" in queue_sql, queue_sql
    sql = str(
        queue_statement(status, None, groups)
        .limit(50)
        .compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True})
    )
    async with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            plan = " | ".join(
                str(row[-1]) for row in await conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")
            )
            assert "ix_tasks_active_queue" in plan, plan
            assert "TEMP B-TREE" not in plan, plan
        else:
            # A near-empty test table is cheapest to scan; the question is
            # whether the index can serve the order, as it must at volume.
            await conn.exec_driver_sql("SET enable_seqscan = off")
            plan = " | ".join(str(row[0]) for row in await conn.exec_driver_sql(f"EXPLAIN {sql}"))
            await conn.rollback()
            assert "ix_tasks_active_queue" in plan, plan
            assert "Sort" not in plan, plan


async def test_models_match_migration(store: CaseStore) -> None:
    def diff(conn: Connection) -> list[Any]:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    async with _engine(store).connect() as conn:
        assert await conn.run_sync(diff) == []


def test_normalize_url_selects_async_driver() -> None:
    assert normalize_url("sqlite:///x.db").drivername == "sqlite+aiosqlite"
    assert normalize_url("postgresql://u@h/db").drivername == "postgresql+asyncpg"
    assert normalize_url("postgresql+asyncpg://u@h/db").drivername == "postgresql+asyncpg"
    with pytest.raises(ValueError, match="unsupported"):
        normalize_url("mysql://u@h/db")


# -- versioned upserts --------------------------------------------------------


async def test_version_guard(store: CaseStore) -> None:
    await store.apply(ProjectionBatch(case=make_case(version=5, status="submitted")))

    older = await store.apply(ProjectionBatch(case=make_case(version=4, status="intake")))
    assert older.case_version == 5
    case = await store.get_case("case-1")
    assert case is not None
    assert (case.version, case.status) == (5, "submitted")
    assert await store.case_statuses(["case-1", "missing"]) == {"case-1": "submitted"}
    assert await store.case_statuses([]) == {}

    equal = await store.apply(ProjectionBatch(case=make_case(version=5, status="decided")))
    assert equal.case_version == 5
    case = await store.get_case("case-1")
    assert case is not None
    assert case.status == "submitted"  # equal version is a no-op

    newer = await store.apply(
        ProjectionBatch(
            case=make_case(
                version=6,
                status="decided",
                outcome="approved",
                amount="1234.50",
                decided_at=T0 + dt.timedelta(days=2),
                progress_done=7,
                progress_total=7,
                form={"employees": 13},
            )
        )
    )
    assert newer.case_version == 6
    case = await store.get_case("case-1")
    assert case is not None
    assert (case.version, case.status, case.outcome, case.amount) == (
        6,
        "decided",
        "approved",
        "1234.50",
    )
    assert (case.progress_done, case.progress_total, case.form) == (7, 7, {"employees": 13})


async def test_task_version_guard_and_duplicates_in_one_batch(store: CaseStore) -> None:
    claimed = make_task("case-1:3", version=3, status=TaskStatus.CLAIMED, claimed_by="anna")
    first = await store.apply(ProjectionBatch(tasks=[claimed]))
    assert (first.case_version, first.tasks) == (None, 1)

    stale = await store.apply(ProjectionBatch(tasks=[make_task("case-1:3", version=2)]))
    assert stale.tasks == 0
    task = await store.get_task("case-1:3")
    assert task is not None
    assert (task.status, task.claimed_by) == (TaskStatus.CLAIMED, "anna")

    # The same task twice in one batch: the newer entry wins whatever the order.
    done = make_task("case-1:3", version=5, status=TaskStatus.DONE, outcome="approve")
    mixed = await store.apply(ProjectionBatch(tasks=[done, make_task("case-1:3", version=4)]))
    assert mixed.tasks == 1
    task = await store.get_task("case-1:3")
    assert task is not None
    assert (task.version, task.status, task.outcome) == (5, TaskStatus.DONE, "approve")


async def test_retried_batch_changes_nothing_and_letters_are_not_duplicated(
    store: CaseStore,
) -> None:
    batch = ProjectionBatch(
        case=make_case(version=9, status="decided"),
        tasks=[make_task("case-1:8", version=9, status=TaskStatus.DONE)],
        letters=[make_letter("case-1:9")],
    )
    first = await store.apply(batch)
    assert (first.case_version, first.tasks, first.letters) == (9, 1, 1)

    retry = await store.apply(batch)
    assert (retry.case_version, retry.tasks, retry.letters) == (9, 0, 0)

    # A letter with a known id is never rewritten, even with other content.
    await store.apply(ProjectionBatch(letters=[make_letter("case-1:9", html="<p>changed</p>")]))
    letters = await store.letters_for_case("case-1")
    assert [letter.letter_id for letter in letters] == ["case-1:9"]
    assert letters[0].html == "<p>Bescheid</p>"
    assert await store.get_letter("case-1:9") == letters[0]
    assert await store.get_letter("nope") is None


async def test_aware_datetimes_round_trip(store: CaseStore) -> None:
    paris = dt.timezone(dt.timedelta(hours=2))
    created = dt.datetime(2025, 6, 30, 23, 59, 58, 123456, tzinfo=paris)
    due = dt.datetime(2025, 7, 14, 12, 0, tzinfo=dt.UTC)
    await store.apply(
        ProjectionBatch(
            case=make_case(created_at=created, updated_at=created, submitted_at=created),
            tasks=[make_task("case-1:1", due_at=due, created_at=created, updated_at=created)],
            letters=[make_letter("case-1:2", created_at=created)],
        )
    )
    case = await store.get_case("case-1")
    task = await store.get_task("case-1:1")
    letter = await store.get_letter("case-1:2")
    assert case is not None and task is not None and letter is not None
    for value in (
        case.created_at,
        case.submitted_at,
        task.created_at,
        task.due_at,
        letter.created_at,
    ):
        assert value is not None
        assert value.utcoffset() == dt.timedelta(0)
    assert case.created_at == created
    assert case.created_at.isoformat() == "2025-06-30T21:59:58.123456+00:00"
    assert task.due_at == due
    assert letter.created_at == created
    assert case.decided_at is None


async def test_naive_datetimes_are_refused(store: CaseStore) -> None:
    naive = dt.datetime(2025, 1, 1, 12, 0)
    with pytest.raises(sa.exc.StatementError) as raised:
        await store.apply(ProjectionBatch(case=make_case(created_at=naive)))
    assert isinstance(raised.value.orig, ValueError)
    assert await store.get_case("case-1") is None  # the transaction rolled back


# -- queries ------------------------------------------------------------------


async def test_queue_is_most_urgent_first(store: CaseStore) -> None:
    tasks = [
        make_task("no-due-low", priority=0, created_at=T0),
        make_task("no-due-high-new", priority=5, created_at=T0 + dt.timedelta(hours=2)),
        make_task("no-due-high-old", priority=5, created_at=T0 + dt.timedelta(hours=1)),
        make_task("due-late", priority=9, due_at=T0 + dt.timedelta(days=10)),
        make_task("due-soon-low", priority=0, due_at=T0 + dt.timedelta(days=1)),
        make_task("due-soon-high", priority=3, due_at=T0 + dt.timedelta(days=1)),
        make_task("claimed", status=TaskStatus.CLAIMED, claimed_by="anna"),
        make_task("done", status=TaskStatus.DONE, due_at=T0),
        make_task("cancelled", status=TaskStatus.CANCELLED, due_at=T0),
    ]
    await store.apply(ProjectionBatch(tasks=tasks))

    queue = [task.task_id for task in await store.list_tasks()]
    assert queue == [
        "due-soon-high",
        "due-soon-low",
        "due-late",
        "no-due-high-old",
        "no-due-high-new",
        "claimed",
        "no-due-low",
    ]
    assert [t.task_id for t in await store.list_tasks(limit=2)] == queue[:2]
    assert [t.task_id for t in await store.list_tasks(status="done")] == ["done"]
    claimed = await store.list_tasks(status=TaskStatus.CLAIMED)
    assert [(t.task_id, t.claimed_by) for t in claimed] == [("claimed", "anna")]
    with pytest.raises(ValueError, match="limit"):
        await store.list_tasks(limit=0)


async def test_list_tasks_filters_by_group_and_procedure(store: CaseStore) -> None:
    await store.apply(
        ProjectionBatch(
            tasks=[
                make_task("stw", group="short_time_work"),
                make_task(
                    "consult",
                    group="fire_brigade",
                    procedure="building_permit",
                    kind=TaskKind.CONSULTATION,
                    due_at=T0,
                ),
                make_task("permit", group="building_permit", procedure="building_permit"),
            ]
        )
    )
    fire = await store.list_tasks(groups=["fire_brigade"])
    assert [(t.task_id, t.group, t.kind) for t in fire] == [
        ("consult", "fire_brigade", TaskKind.CONSULTATION)
    ]
    both = await store.list_tasks(groups=("fire_brigade", "short_time_work"))
    assert [t.task_id for t in both] == ["consult", "stw"]
    assert await store.list_tasks(groups=[]) == []
    permits = await store.list_tasks(procedure="building_permit")
    assert [t.task_id for t in permits] == ["consult", "permit"]
    scoped = await store.list_tasks(procedure="building_permit", groups=["building_permit"])
    assert [t.task_id for t in scoped] == ["permit"]


async def test_count_tasks_by_status(store: CaseStore) -> None:
    await store.apply(
        ProjectionBatch(
            tasks=[
                make_task("a"),
                make_task("b"),
                make_task("c", status=TaskStatus.CLAIMED, claimed_by="anna"),
                make_task("d", status=TaskStatus.DONE, group="minimum_income"),
            ]
        )
    )
    assert await store.count_tasks_by_status() == {
        "open": 2,
        "claimed": 1,
        "done": 1,
        "cancelled": 0,
    }
    assert await store.count_tasks_by_status(groups=["minimum_income"]) == {
        "open": 0,
        "claimed": 0,
        "done": 1,
        "cancelled": 0,
    }


async def test_list_cases_and_delete_case_rows(store: CaseStore) -> None:
    for index, (procedure, status) in enumerate(
        [
            ("short_time_work", "intake"),
            ("minimum_income", "submitted"),
            ("short_time_work", "decided"),
        ]
    ):
        case_id = f"case-{index}"
        await store.apply(
            ProjectionBatch(
                case=make_case(
                    case_id,
                    procedure=procedure,
                    status=status,
                    created_at=T0 + dt.timedelta(hours=index),
                ),
                tasks=[make_task(f"{case_id}:1", case_id=case_id)],
                letters=[make_letter(f"{case_id}:2", case_id=case_id)],
            )
        )

    assert [c.case_id for c in await store.list_cases()] == ["case-2", "case-1", "case-0"]
    assert [c.case_id for c in await store.list_cases(procedure="short_time_work")] == [
        "case-2",
        "case-0",
    ]
    assert [c.case_id for c in await store.list_cases(status="submitted")] == ["case-1"]
    assert [c.case_id for c in await store.list_cases(limit=1)] == ["case-2"]

    assert await store.delete_case_rows("case-1") == 3
    assert await store.get_case("case-1") is None
    assert await store.letters_for_case("case-1") == []
    assert [t.case_id for t in await store.list_tasks()] == ["case-0", "case-2"]
    assert await store.delete_case_rows("case-1") == 0

    # Rows can be rebuilt afterwards, starting again from any version.
    await store.apply(ProjectionBatch(case=make_case("case-1", version=1)))
    assert await store.get_case("case-1") is not None


# -- activity -----------------------------------------------------------------


async def test_apply_projection_activity(store: CaseStore) -> None:
    activities = StoreActivities(store)
    batch = ProjectionBatch(
        case=make_case(version=3, status="decided"),
        tasks=[make_task("case-1:2", version=3, status=TaskStatus.DONE)],
        letters=[make_letter("case-1:3")],
    )
    env = ActivityEnvironment()
    with structlog.testing.capture_logs() as logs:
        ack = await env.run(activities.apply_projection, batch)
        again = await env.run(activities.apply_projection, batch)

    assert ack == ProjectionAck(case_version=3, tasks=1, letters=1)
    assert again == ProjectionAck(case_version=3, tasks=0, letters=0)
    assert [entry["event"] for entry in logs] == ["projection_applied"] * 2
    # Ids and counts only: no form content, no letter text.
    logged = repr(logs)
    assert "Muster" not in logged and "Bescheid" not in logged
    assert logs[0]["case_id"] == "case-1"


# -- SQLite specifics ---------------------------------------------------------


async def test_sqlite_connection_settings(sqlite_url: str) -> None:
    store = await open_store(sqlite_url)
    try:
        async with _engine(store).connect() as conn:
            pragmas = {
                name: await conn.scalar(sa.text(f"PRAGMA {name}"))
                for name in ("journal_mode", "busy_timeout", "synchronous", "foreign_keys")
            }
        assert pragmas == {
            "journal_mode": "wal",
            "busy_timeout": 10_000,
            "synchronous": 1,  # NORMAL
            "foreign_keys": 1,
        }
    finally:
        await store.close()


async def test_sqlite_writes_begin_immediate_in_the_writer_thread_and_reads_deferred(
    sqlite_url: str,
) -> None:
    store = await open_store(sqlite_url)
    statements: list[tuple[str, str]] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append((statement, threading.current_thread().name))

    writer = store.engines.sqlite_writer
    assert writer is not None
    engines = [_engine(store).sync_engine, writer[0]]
    for engine in engines:
        sa.event.listen(engine, "before_cursor_execute", record)
    try:
        await store.apply(ProjectionBatch(case=make_case()))
        # The whole projection write runs in the writer thread, one
        # transaction taken with BEGIN IMMEDIATE: no statement of it waits
        # for the event loop while SQLite's write lock is held.
        assert [s for s, _ in statements if s.startswith("BEGIN")] == ["BEGIN IMMEDIATE"]
        threads = {thread for _, thread in statements}
        assert len(threads) == 1 and threads.pop().startswith("guichet-sqlite-write")
        statements.clear()
        await store.get_case("case-1")
        assert statements[0][0] == "BEGIN DEFERRED"
        assert not any(t.startswith("guichet-sqlite-write") for _, t in statements)
    finally:
        for engine in engines:
            sa.event.remove(engine, "before_cursor_execute", record)
        await store.close()


def _writer_batch(writer: str, index: int, version: int) -> ProjectionBatch:
    return ProjectionBatch(
        case=make_case("shared", version=version, status=f"{writer}-{index}"),
        tasks=[make_task(f"{writer}:{index}", case_id="shared", version=version)],
        letters=[make_letter(f"{writer}:{index}", case_id="shared")],
    )


async def test_sqlite_two_engines_write_concurrently(sqlite_url: str) -> None:
    first = await open_store(sqlite_url)
    second = await open_store(sqlite_url)  # a second pool, as a second process has
    try:
        await asyncio.gather(
            *(first.apply(_writer_batch("a", i, version=2 * i + 1)) for i in range(50)),
            *(second.apply(_writer_batch("b", i, version=2 * i + 2)) for i in range(50)),
        )
        case = await first.get_case("shared")
        assert case is not None
        assert case.version == 100  # the newest write won, whatever the arrival order
        counts = await second.count_tasks_by_status()
        assert counts["open"] == 100
        assert len(await first.letters_for_case("shared")) == 100
    finally:
        await first.close()
        await second.close()


_CHILD_WRITER = """
import asyncio, sys
sys.path.insert(0, sys.argv[2])
from guichet.store import open_store
from tests.unit.test_store import _writer_batch

async def main() -> None:
    store = await open_store(sys.argv[1])
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    try:
        writes = (store.apply(_writer_batch("child", i, 2 * i + 2)) for i in range(50))
        await asyncio.gather(*writes)
    finally:
        await store.close()
    print("done", flush=True)

asyncio.run(main())
"""


async def test_sqlite_two_processes_write_concurrently(sqlite_url: str) -> None:
    store = await open_store(sqlite_url)
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _CHILD_WRITER,
        sqlite_url,
        str(REPO_ROOT),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=REPO_ROOT,
        # Both processes must wrap the case's data key with the same keys.
        env={**os.environ, "GUICHET_ENCRYPTION_KEYS": TEST_KEYS.serialize().strip()},
    )
    try:
        assert child.stdin is not None and child.stdout is not None
        assert await asyncio.wait_for(child.stdout.readline(), 60) == b"ready\n"
        child.stdin.write(b"go\n")
        await child.stdin.drain()
        await asyncio.gather(
            *(store.apply(_writer_batch("parent", i, 2 * i + 1)) for i in range(50))
        )
        stdout, stderr = await asyncio.wait_for(child.communicate(), 120)
        assert child.returncode == 0, stderr.decode()
        assert stdout == b"done\n"
        case = await store.get_case("shared")
        assert case is not None
        assert case.version == 100
        assert (await store.count_tasks_by_status())["open"] == 100
    finally:
        if child.returncode is None:
            child.kill()
            await child.wait()
        await store.close()


async def test_sqlite_write_cancelled_midway_does_not_hold_the_lock(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A worker shutting down cancels running activities. Cancelled inside its
    # transaction, a write used to leave a dropped-but-unclosed connection
    # holding SQLite's write lock until the garbage collector found it, so
    # the next writer waited out the whole busy timeout and failed.
    monkeypatch.setattr("guichet.store._engine.BUSY_TIMEOUT_SECONDS", 1.0)
    store = await open_store(sqlite_url)
    gc.disable()  # as when the collector happens not to run in time
    try:
        for turn in range(40):
            write = asyncio.ensure_future(store.apply(_writer_batch("cut", turn, turn + 1)))
            for _ in range(turn):  # cancel at a different point of the write each turn
                await asyncio.sleep(0)
            write.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await write
            # The next write must get the lock at once, not after the timeout.
            await store.apply(_writer_batch("next", turn, 1000 + turn))
    finally:
        gc.enable()
        await store.close()
