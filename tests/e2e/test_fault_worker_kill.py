"""SIGKILL the worker process in the middle of a conversation turn, an
eligibility check and a letter rendering; start it again: every case
completes once, no answer is lost, no task or letter is created twice.

The worker is a subprocess (``tests/fault_worker.py``) that holds the chosen
activity and signals it; activity start-to-close timeouts are capped at a
few seconds by configuration, so the killed attempt is retried quickly.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client

from guichet.store import CaseStore, open_store
from procedures import PROCEDURES
from runtime.devserver import EmbeddedTemporal
from runtime.service import CaseService
from schemas.case import CaseStatus, CaseView
from schemas.task import DecideInput
from tests.conftest import NAMESPACE
from tests.helpers import TEST_KEYS, eventually
from tools.demo import Script, demo_scripts

UNDERSTAND = f"{PROCEDURES['short_time_work'].graph_versions[-1].graph_name}.understand"
"""The understanding activity of the flow new short-time-work cases take."""

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_CAP_SECONDS = "3"


class WorkerProcess:
    """Starts fault workers on one task queue and one SQLite case database."""

    def __init__(self, server: EmbeddedTemporal, database_url: str, tmp: Path) -> None:
        self.server = server
        self.database_url = database_url
        self.task_queue = f"tq-fault-{uuid.uuid4().hex[:8]}"
        self.marker = tmp / "held"
        self.logs = tmp
        self.started = 0

    async def start(self, **fault: str) -> asyncio.subprocess.Process:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GUICHET_", "FAULT_"))}
        env |= {
            "TEMPORAL_ADDRESS": self.server.address,
            "TEMPORAL_NAMESPACE": NAMESPACE,
            "GUICHET_DATABASE_URL": self.database_url,
            "GUICHET_TASK_QUEUE": self.task_queue,
            # The worker must decrypt what the test's client encrypts.
            "GUICHET_ENCRYPTION_KEYS": TEST_KEYS.serialize().strip(),
            "GUICHET_ACTIVITY_START_TO_CLOSE_SECONDS": TIMEOUT_CAP_SECONDS,
            "FAULT_MARKER": str(self.marker),
            **{f"FAULT_{key.upper()}": value for key, value in fault.items()},
        }
        self.started += 1
        log = (self.logs / f"worker-{self.started}.log").open("wb")
        try:
            return await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "tests.fault_worker",
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=log,
            )
        finally:
            log.close()

    async def wait_until_held(self, process: asyncio.subprocess.Process) -> str:
        async def marker() -> str | None:
            assert process.returncode is None, "the fault worker died on its own"
            return self.marker.read_text() if self.marker.exists() else None

        return (await eventually(marker, timeout=120.0)).split()[1]


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[CaseStore]:
    store = await open_store(f"sqlite+aiosqlite:///{tmp_path / 'cases.db'}")
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
async def workers(
    temporal_server: EmbeddedTemporal, sqlite_store: CaseStore, tmp_path: Path
) -> AsyncIterator[WorkerProcess]:
    processes = WorkerProcess(
        temporal_server, f"sqlite+aiosqlite:///{tmp_path / 'cases.db'}", tmp_path
    )
    yield processes


async def _kill(process: asyncio.subprocess.Process) -> None:
    process.kill()  # SIGKILL: no graceful shutdown, no activity completion
    await process.wait()


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.terminate()
        await process.wait()


async def _scheduled(client: Client, case_id: str) -> Counter[str]:
    """How many times each activity type was scheduled (retries are not new schedules)."""
    counts: Counter[str] = Counter()
    async for event in client.get_workflow_handle(case_id).fetch_history_events():
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            counts[event.activity_task_scheduled_event_attributes.activity_type.name] += 1
    return counts


async def _answer_all(service: CaseService, case_id: str, script: Script, first_field: str) -> int:
    """Answer every question; return the number of turns."""
    field: str | None = first_field
    turns = 0
    while field is not None:
        reply = await service.send(case_id, script.answer(field))
        field = reply.question.field if reply.question else None
        turns += 1
    return turns


async def _assert_completed_once(
    client: Client, store: CaseStore, view: CaseView, turns: int
) -> None:
    case_id = view.case_id
    assert view.status is CaseStatus.DECIDED and view.decision is not None
    assert view.turn == turns, "every answer counted once"
    kinds = Counter(entry.kind for entry in view.timeline)
    assert kinds["submitted"] == 1 and kinds["decided"] == 1 and kinds["rules"] == 1
    letters = await store.letters_for_case(case_id)
    assert [letter.letter_id for letter in letters] == [view.decision.letter_id]
    row = await eventually(lambda: store.get_case(case_id), lambda r: r.status == "decided")
    assert row.outcome == view.decision.outcome.value
    scheduled = await _scheduled(client, case_id)
    assert scheduled["letters.issue"] == 1 and scheduled["eligibility.evaluate"] == 1
    assert scheduled[UNDERSTAND] == turns


async def test_sigkill_mid_conversation(
    client: Client, workers: WorkerProcess, sqlite_store: CaseStore
) -> None:
    script = demo_scripts(dt.date.today())[0]
    # The fourth answer's understanding is held, then the worker is killed.
    first = await workers.start(hold_activity=UNDERSTAND, hold_skip="3")
    service = CaseService(client, workers.task_queue)
    case_id, reply = await service.start("short_time_work", script.language)
    answered: dict[str, object] = {}
    for _ in range(3):
        assert reply.question is not None
        reply = await service.send(case_id, script.answer(reply.question.field))
        answered = dict(reply.form)
    assert reply.question is not None
    held_field = reply.question.field
    held_answer = script.answer(held_field)
    in_flight = asyncio.create_task(service.send(case_id, held_answer, idempotency_key="turn-4"))
    assert await workers.wait_until_held(first) == UNDERSTAND
    await _kill(first)
    second = await workers.start()
    try:
        reply = await asyncio.wait_for(in_flight, 120)
        assert reply.turn == 4
        assert set(answered) <= set(reply.form) and held_field in reply.form, "no answer lost"
        # The applicant's app retries the same message: applied once.
        again = await service.send(case_id, held_answer, idempotency_key="turn-4")
        assert again == reply
        assert reply.question is not None
        turns = 4 + await _answer_all(service, case_id, script, reply.question.field)
        view = await service.wait_for_status(case_id, CaseStatus.DECIDED, timeout=120)
        await _assert_completed_once(client, sqlite_store, view, turns)
    finally:
        await _stop(second)


async def test_sigkill_mid_eligibility(
    client: Client, workers: WorkerProcess, sqlite_store: CaseStore
) -> None:
    script = demo_scripts(dt.date.today())[2]  # refused: needs a caseworker's sign-off
    first = await workers.start(hold_activity="eligibility.evaluate")
    service = CaseService(client, workers.task_queue)
    case_id, reply = await service.start("short_time_work", script.language)
    assert reply.question is not None
    turns = await _answer_all(service, case_id, script, reply.question.field)
    assert await workers.wait_until_held(first) == "eligibility.evaluate"
    await _kill(first)
    second = await workers.start()
    try:
        view = await service.wait_for_status(case_id, CaseStatus.UNDER_REVIEW, timeout=120)
        assert view.task is not None
        task_id = view.task.task_id
        await eventually(lambda: sqlite_store.get_task(task_id))
        rows = [t for t in await sqlite_store.list_tasks() if t.case_id == case_id]
        assert [t.task_id for t in rows] == [task_id], "one task"
        await service.claim(task_id, "alice")
        await service.decide(
            DecideInput(task_id=task_id, user="alice", outcome="reject", reason="too few")
        )
        view = await service.wait_for_status(case_id, CaseStatus.DECIDED, timeout=120)
        await _assert_completed_once(client, sqlite_store, view, turns)
        assert [e.kind for e in view.timeline].count("task") == 1
        done = await eventually(
            lambda: sqlite_store.get_task(task_id), lambda t: t.outcome is not None
        )
        assert done.status.value == "done" and done.decided_by == "alice"
    finally:
        await _stop(second)


async def test_sigkill_mid_letter(
    client: Client, workers: WorkerProcess, sqlite_store: CaseStore
) -> None:
    script = demo_scripts(dt.date.today())[0]  # approved automatically
    # Held after the letter was stored, before the activity reports back.
    first = await workers.start(hold_activity="letters.issue", hold_when="after")
    service = CaseService(client, workers.task_queue)
    case_id, reply = await service.start("short_time_work", script.language)
    assert reply.question is not None
    turns = await _answer_all(service, case_id, script, reply.question.field)
    assert await workers.wait_until_held(first) == "letters.issue"
    assert len(await sqlite_store.letters_for_case(case_id)) == 1, "stored before the kill"
    await _kill(first)
    second = await workers.start()
    try:
        view = await service.wait_for_status(case_id, CaseStatus.DECIDED, timeout=120)
        await _assert_completed_once(client, sqlite_store, view, turns)
    finally:
        await _stop(second)
