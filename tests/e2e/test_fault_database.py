"""The case database unavailable for a while: conversations go on, read-model
writes are retried, nothing is lost, and the read model catches up."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from temporalio.client import Client

from guichet.store import CaseStore, open_store
from runtime.queues import QueueLayout
from runtime.service import CaseService
from runtime.temporal import build_workers
from schemas.case import CaseStatus
from tests.helpers import eventually
from tools.demo import converse, demo_scripts


@pytest.fixture
async def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cases.db"


@pytest.fixture
async def local_store(db_path: Path) -> AsyncIterator[CaseStore]:
    store = await open_store(f"sqlite+aiosqlite:///{db_path}")
    try:
        yield store
    finally:
        await store.close()


async def _pending_attempts(client: Client, case_id: str) -> int:
    description = await client.get_workflow_handle(case_id).describe()
    attempts = [a.attempt for a in description.raw_description.pending_activities]
    return max(attempts, default=0)


async def test_database_outage_is_retried_and_caught_up(
    client: Client, local_store: CaseStore, db_path: Path, task_queue: str
) -> None:
    script = demo_scripts(dt.date.today())[2]
    layout = QueueLayout(workflows=task_queue, start_to_close=dt.timedelta(seconds=2))
    (worker,) = build_workers(client, local_store, layout)
    async with worker:
        service = CaseService(client, task_queue)
        reviewed_id, _ = await converse(service, script)
        review = await service.wait_for_status(reviewed_id, CaseStatus.UNDER_REVIEW)
        assert review.task is not None
        await eventually(lambda: local_store.get_task(review.task.task_id))  # type: ignore[union-attr]
        case_id, reply = await service.start("short_time_work", "en")

        # Another connection takes the write lock and keeps it: writes fail. It
        # waits for the lock in a thread: the worker shares this event loop and
        # must be able to finish a write it has begun.
        blocker = sqlite3.connect(
            db_path, timeout=30, isolation_level=None, check_same_thread=False
        )
        await asyncio.to_thread(blocker.execute, "BEGIN EXCLUSIVE")
        try:
            answers = ["economic reasons", "the biggest customer cancelled", "from next month"]
            for text in answers:
                reply = await service.send(case_id, text)  # the applicant is not held up
            assert reply.turn == 3
            claim = asyncio.create_task(service.claim(review.task.task_id, "alice"))
            # The pending projection is being retried (not a timing assumption:
            # we wait for the retry to be visible).
            await eventually(lambda: _pending_attempts(client, case_id), lambda n: n >= 2)
            row = await local_store.get_case(case_id)
            assert row is None or row.summary["turn"] < 3, "nothing written during the outage"
            assert not claim.done(), "the claim waits for its queue row"
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()

        row = await eventually(
            lambda: local_store.get_case(case_id), lambda r: r.summary["turn"] == 3
        )
        assert set(row.form) >= {"cause", "cause_description", "loss_start_month"}
        claimed = await asyncio.wait_for(claim, 60)
        assert claimed.claimed_by == "alice"
        task = await eventually(
            lambda: local_store.get_task(review.task.task_id),  # type: ignore[union-attr]
            lambda t: t.claimed_by == "alice",
        )
        assert task.status.value == "claimed"
        view = await service.view(case_id)
        assert view.turn == 3 and row.form == view.form
