"""Record the histories of the demo cases for the replay test.

Run after a deliberate, versioned change to the workflow or the intake
graph: ``python -m tests.record_histories [short_time_work] [minimum_income]
[building_permit]`` (every procedure when none is named). The replay test
then proves that every later change keeps these cases replayable. Cases with
consultations also write each consultation child's history
(``…_consult_<service>.json``).

``python -m tests.record_histories paths [name …]`` records the paths the
demos never take (appeal, four-eyes, information request, withdrawal,
continue-as-new, an edited answer, a read-back) as ``path_*.json``;
``tests/workflows/test_recorded_paths.py`` checks that each file holds its path.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import sys
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from temporalio.client import Client

from guichet.files import store_upload
from guichet.ports import free_port
from guichet.store import CaseStore
from runtime.devserver import EmbeddedTemporal
from runtime.service import CaseService
from runtime.temporal import build_worker, connect
from schemas.case import CaseView
from tests.helpers import TEST_KEYS
from tools.demo import converse, demo_scripts, run_script
from tools.demo_procedures import permit_scripts, rsa_scripts, run_procedure_script

HISTORIES = Path(__file__).parent / "histories"
NAMESPACE = "guichet-record"
PROCEDURES = ("short_time_work", "minimum_income", "building_permit")
# A minimal PDF: enough for the file store's type check.
DOCUMENT = b"%PDF-1.4\n% Guichet demo site plan\n"


async def _write(client: Client, workflow_id: str, path: Path, run_id: str | None = None) -> Path:
    handle = client.get_workflow_handle(workflow_id, run_id=run_id)
    history = await handle.fetch_history()
    payload = {"workflow_id": workflow_id, "history": json.loads(history.to_json())}
    await asyncio.to_thread(path.write_text, json.dumps(payload, indent=1))
    return path


async def record(procedures: Sequence[str] = PROCEDURES) -> list[Path]:
    """Run the demo cases of ``procedures`` on a scratch server and write their histories."""
    HISTORIES.mkdir(exist_ok=True)
    written: list[Path] = []
    today = dt.date.today()
    with tempfile.TemporaryDirectory() as scratch:
        server = EmbeddedTemporal(Path(scratch) / "temporal", port=free_port(), namespace=NAMESPACE)
        await server.start()
        try:
            client = await connect(server.address, NAMESPACE, TEST_KEYS)
            store = await CaseStore.create(f"sqlite+aiosqlite:///{scratch}/cases.db")
            await store.migrate()
            async with build_worker(client, "record", store):
                service = CaseService(client, "record")
                if "short_time_work" in procedures:
                    for index, script in enumerate(demo_scripts(today)):
                        view = await run_script(service, script)
                        path = HISTORIES / f"demo_{index + 1}_{script.language}.json"
                        written.append(await _write(client, view.case_id, path))
                scripts = []
                if "minimum_income" in procedures:
                    scripts += rsa_scripts(today)
                if "building_permit" in procedures:
                    document = store_upload(Path(scratch), DOCUMENT).reference
                    scripts += permit_scripts(document)
                counters: dict[str, int] = {}
                for script in scripts:
                    counters[script.procedure] = counters.get(script.procedure, 0) + 1
                    stem = f"{script.procedure}_{counters[script.procedure]}_{script.language}"
                    view = await run_procedure_script(service, script)
                    written.append(await _write(client, view.case_id, HISTORIES / f"{stem}.json"))
                    for consultation in view.consultations:
                        path = HISTORIES / f"{stem}_consult_{consultation.service}.json"
                        written.append(await _write(client, consultation.workflow_id, path))
            await store.close()
        finally:
            server.stop()
    return written


async def record_double_decision(stem: str = "race_double_decision") -> Path:
    """Record a case whose task got a second decision while the first was carried out.

    A review is claimed and rejected; the same caseworker decides again while
    the letter of the first decision is being written (the letter activity is
    held for a second), then the applicant appeals and another caseworker
    revises the decision where the case lets them. Recorded with the code of
    the day: before the fix the second decision was accepted and settled the
    appeal by itself (``race_double_decision_old.json``); after it, it is
    refused (``race_double_decision.json``). Both must replay for ever.
    """
    from schemas.task import DecideInput
    from tests.helpers import SlowActivities

    path = HISTORIES / f"{stem}.json"
    with tempfile.TemporaryDirectory() as scratch:
        server = EmbeddedTemporal(Path(scratch) / "temporal", port=free_port(), namespace=NAMESPACE)
        await server.start()
        try:
            client = await connect(server.address, NAMESPACE, TEST_KEYS)
            store = await CaseStore.create(f"sqlite+aiosqlite:///{scratch}/cases.db")
            await store.migrate()
            slow = SlowActivities({"letters.issue"}, 1.0)
            async with build_worker(client, "record", store, interceptors=[slow]):
                service = CaseService(client, "record")
                case_id = await run_double_decision(service, DecideInput)
                await _write(client, case_id, path)
            await store.close()
        finally:
            server.stop()
    return path


async def run_double_decision(service: CaseService, decide_input: type[Any]) -> str:
    """Drive the double-decision scenario; return the case id (errors are expected)."""
    from runtime.service import CaseError
    from schemas.case import CaseStatus
    from tools.demo import converse

    case_id, _ = await converse(service, demo_scripts(dt.date.today())[2])
    view = await service.wait_for_status(case_id, CaseStatus.UNDER_REVIEW)
    assert view.task is not None
    task_id = view.task.task_id
    await service.claim(task_id, "alice")
    decision = decide_input(task_id=task_id, user="alice", outcome="reject", reason="no loss")
    await service.decide(decision)
    with contextlib.suppress(CaseError):
        await service.decide(decision.model_copy(update={"reason": "second click"}))
    await service.wait_for_status(case_id, CaseStatus.DECIDED)
    appeal = await service.appeal(case_id, "The loss was real.")
    with contextlib.suppress(CaseError):
        assert appeal.task_id is not None
        await service.claim(appeal.task_id, "bob")
        revise = decide_input(
            task_id=appeal.task_id, user="bob", outcome="revise", reason="proof given"
        )
        await service.decide(revise)
    await service.wait_for(
        case_id,
        lambda v: v.status is CaseStatus.DECIDED and v.task is None and v.appealed,
    )
    return case_id


async def record_message_turns(stem: str = "message_turns") -> Path:
    """Record a conversation whose messages name their turn (issue 23 items 4 and 7).

    The first answer names its turn and is resent (answered from memory); an
    answer for the answered turn is refused as stale; a message sent under
    the previous release's update id (``msg-<key>``) is resent with the same
    key after the upgrade; the rest of the demo script then runs with turn
    numbers to a decision.
    """
    from runtime.service import CaseError, execute_update
    from schemas.case import CaseStatus
    from schemas.task import DecideInput
    from schemas.turn import TurnInput
    from workflows import CaseWorkflow

    path = HISTORIES / f"{stem}.json"
    script = demo_scripts(dt.date.today())[0]
    with tempfile.TemporaryDirectory() as scratch:
        server = EmbeddedTemporal(Path(scratch) / "temporal", port=free_port(), namespace=NAMESPACE)
        await server.start()
        try:
            client = await connect(server.address, NAMESPACE, TEST_KEYS)
            store = await CaseStore.create(f"sqlite+aiosqlite:///{scratch}/cases.db")
            await store.migrate()
            async with build_worker(client, "record", store):
                service = CaseService(client, "record")
                case_id, asked = await service.start("short_time_work", script.language)
                assert asked.question is not None
                text = script.answer(asked.question.field)
                reply = await service.send(case_id, text, turn=asked.turn)
                await service.send(case_id, text, turn=asked.turn)
                with contextlib.suppress(CaseError):
                    await service.send(case_id, "something else", turn=asked.turn)
                assert reply.question is not None
                text = script.answer(reply.question.field)
                reply = await execute_update(
                    client.get_workflow_handle(case_id),
                    CaseWorkflow.send_message,
                    TurnInput(text=text),
                    "msg-recorded-old-key",
                )
                await service.send(case_id, text, idempotency_key="recorded-old-key")
                while reply.question is not None:
                    text = script.answer(reply.question.field)
                    reply = await service.send(case_id, text, turn=reply.turn)
                view = await service.wait_for_status(
                    case_id, CaseStatus.DECIDED, CaseStatus.UNDER_REVIEW
                )
                if view.task is not None and script.sign_off:
                    outcome, reason = script.sign_off
                    await service.claim(view.task.task_id, "alice")
                    decision = DecideInput(
                        task_id=view.task.task_id, user="alice", outcome=outcome, reason=reason
                    )
                    await service.decide(decision)
                    await service.wait_for_status(case_id, CaseStatus.DECIDED)
                await _write(client, case_id, path)
            await store.close()
        finally:
            server.stop()
    return path


async def record_intake_expiry(stem: str = "intake_expiry") -> Path:
    """Record a draft that is reminded and then purged by its intake expiry (issue 23 item 3).

    The expiry is seconds long here (days in production): one answer, an
    address for the reminder, then silence until the purge ends the case.
    """
    path = HISTORIES / f"{stem}.json"
    with tempfile.TemporaryDirectory() as scratch:
        server = EmbeddedTemporal(Path(scratch) / "temporal", port=free_port(), namespace=NAMESPACE)
        await server.start()
        try:
            client = await connect(server.address, NAMESPACE, TEST_KEYS)
            store = await CaseStore.create(f"sqlite+aiosqlite:///{scratch}/cases.db")
            await store.migrate()
            async with build_worker(client, "record", store):
                service = CaseService(
                    client, "record", intake_expiry_seconds=6, intake_reminder_seconds=3
                )
                case_id, _ = await service.start("short_time_work", "en")
                await service.send(case_id, "economic reasons")
                await service.set_contact(case_id, "draft@example.org")
                await client.get_workflow_handle(case_id).result()
                await _write(client, case_id, path)
            await store.close()
        finally:
            server.stop()
    return path


async def record_rules_failed(stem: str = "rules_failed") -> Path:
    """Record a case whose rules raise: it goes to a caseworker, who decides (issue 23 item 9)."""
    import dataclasses

    import activities.eligibility
    from procedures import get_procedure
    from schemas.case import CaseStatus
    from schemas.task import DecideInput

    def raising(procedure_id: str, graph: str | None = None) -> Any:
        def evaluate(*_: Any) -> Any:
            raise ValueError("rules broken")

        return dataclasses.replace(get_procedure(procedure_id, graph), evaluate=evaluate)

    path = HISTORIES / f"{stem}.json"
    original = getattr(activities.eligibility, "get_procedure")  # noqa: B009
    setattr(activities.eligibility, "get_procedure", raising)  # noqa: B010
    try:
        with tempfile.TemporaryDirectory() as scratch:
            server = EmbeddedTemporal(
                Path(scratch) / "temporal", port=free_port(), namespace=NAMESPACE
            )
            await server.start()
            try:
                client = await connect(server.address, NAMESPACE, TEST_KEYS)
                store = await CaseStore.create(f"sqlite+aiosqlite:///{scratch}/cases.db")
                await store.migrate()
                async with build_worker(client, "record", store):
                    service = CaseService(client, "record")
                    case_id, _ = await converse(service, demo_scripts(dt.date.today())[0])
                    view = await service.wait_for(case_id, lambda v: v.task is not None)
                    assert view.task is not None
                    await service.claim(view.task.task_id, "alice")
                    await service.decide(
                        DecideInput(task_id=view.task.task_id, user="alice", outcome="approve")
                    )
                    await service.wait_for_status(case_id, CaseStatus.DECIDED)
                    await _write(client, case_id, path)
                    # A lifecycle procedure: the file goes to a caseworker too.
                    rsa = rsa_scripts(dt.date.today())[0]
                    rsa_id, _ = await converse(service, rsa, procedure="minimum_income")
                    await service.wait_for(rsa_id, lambda v: v.task is not None)
                    await _write(client, rsa_id, HISTORIES / f"{stem}_minimum_income.json")
                await store.close()
            finally:
                server.stop()
    finally:
        setattr(activities.eligibility, "get_procedure", original)  # noqa: B010
    return path


async def record_working_day_deadline(stem: str = "working_day_deadline") -> Path:
    """Record a case started with the working-day rule for contesting periods (issue 20).

    The short-time-work demo claim approved automatically: its history
    carries the ``deadlines-next-working-day-v1`` marker at case start and
    the objection deadline computed with the rule (written while the case
    waits out its objection window).
    """
    path = HISTORIES / f"{stem}.json"
    with tempfile.TemporaryDirectory() as scratch:
        server = EmbeddedTemporal(Path(scratch) / "temporal", port=free_port(), namespace=NAMESPACE)
        await server.start()
        try:
            client = await connect(server.address, NAMESPACE, TEST_KEYS)
            store = await CaseStore.create(f"sqlite+aiosqlite:///{scratch}/cases.db")
            await store.migrate()
            async with build_worker(client, "record", store):
                service = CaseService(client, "record")
                view = await run_script(service, demo_scripts(dt.date.today())[0])
                await _write(client, view.case_id, path)
            await store.close()
        finally:
            server.stop()
    return path


# ---------------------------------------------------------------- the paths none covered
#
# Each recorder below drives one path of the case workflow that the demo
# histories never take, on its own task queue of one scratch server, and
# returns the runs to write: (file stem, workflow id, run id or None for the
# latest run). ``tests/workflows/test_replay.py`` replays every file and checks that
# each holds the events that prove its path.

Run = tuple[str, str, str | None]


@contextlib.asynccontextmanager
async def _scratch_server() -> AsyncIterator[tuple[Client, CaseStore, Path]]:
    """A scratch Temporal server, a connected client and a migrated case store."""
    with tempfile.TemporaryDirectory() as scratch:
        server = EmbeddedTemporal(Path(scratch) / "temporal", port=free_port(), namespace=NAMESPACE)
        await server.start()
        try:
            client = await connect(server.address, NAMESPACE, TEST_KEYS)
            store = await CaseStore.create(f"sqlite+aiosqlite:///{scratch}/cases.db")
            await store.migrate()
            try:
                yield client, store, Path(scratch)
            finally:
                await store.close()
        finally:
            server.stop()


async def _decided_by(service: CaseService, case_id: str, user: str, outcome: str) -> CaseView:
    """Claim the case's open task for ``user`` and decide it (a reason is always given)."""
    from schemas.task import DecideInput

    view = await service.wait_for(case_id, lambda v: v.task is not None)
    assert view.task is not None, view
    await service.claim(view.task.task_id, user)
    await service.decide(
        DecideInput(task_id=view.task.task_id, user=user, outcome=outcome, reason="recorded")
    )
    return view


async def path_appeal(service: CaseService, client: Client) -> list[Run]:
    """A refusal is appealed; another caseworker upholds it, and a new letter is issued."""
    from schemas.case import CaseStatus
    from schemas.task import DecideInput

    script = demo_scripts(dt.date.today())[2]
    assert script.sign_off is not None
    case_id, _ = await converse(service, script)
    await _decided_by(service, case_id, "alice", script.sign_off[0])
    view = await service.wait_for_status(case_id, CaseStatus.DECIDED)
    assert view.decision is not None
    first_letter = view.decision.letter_id
    appeal = await service.appeal(case_id, "The reduction concerns more employees.")
    assert appeal.task_id is not None
    await service.claim(appeal.task_id, "bob")
    await service.decide(
        DecideInput(task_id=appeal.task_id, user="bob", outcome="uphold", reason="no new facts")
    )
    await service.wait_for(
        case_id, lambda v: v.decision is not None and v.decision.letter_id != first_letter
    )
    return [("path_appeal", case_id, None)]


async def path_four_eyes(service: CaseService, client: Client) -> list[Run]:
    """An amount over the four-eyes threshold: the second reviewer disagrees, then agrees.

    The first review approves, the second review refuses (back to a review
    with both opinions), a supervisor hands the review to another caseworker,
    who approves, and a second reviewer approves.
    """
    from schemas.case import CaseStatus

    script = rsa_scripts(dt.date.today())[1]
    case_id, _ = await converse(service, script, procedure="minimum_income")
    first = await _decided_by(service, case_id, "ines", "approve")
    assert first.sign_off is not None and first.sign_off.four_eyes

    def second_review(after: str) -> Callable[[CaseView], bool]:
        return lambda v: v.task is not None and v.task.task_id != after

    view = await service.wait_for(case_id, second_review(first.task.task_id))  # type: ignore[union-attr]
    assert view.task is not None and view.task.kind == "second_review", view.task
    await _decided_by(service, case_id, "jules", "reject")
    view = await service.wait_for(case_id, second_review(view.task.task_id))
    assert view.task is not None and view.task.kind == "review", view.task
    await service.claim(view.task.task_id, "ines")
    await service.reassign(view.task.task_id, "sup", "karim")
    from schemas.task import DecideInput

    await service.decide(
        DecideInput(task_id=view.task.task_id, user="karim", outcome="approve", reason="checked")
    )
    view = await service.wait_for(case_id, second_review(view.task.task_id))
    assert view.task is not None and view.task.kind == "second_review", view.task
    await _decided_by(service, case_id, "jules", "approve")
    await service.wait_for_status(case_id, CaseStatus.DECIDED)
    return [("path_four_eyes", case_id, None)]


async def path_information_request(service: CaseService, client: Client) -> list[Run]:
    """The caseworker asks the applicant a question; the answer comes back to a new review.

    The first caseworker claims and releases the task, the second one asks
    for information; after the answer and the applicant's confirmation the
    new task is approved.
    """
    from schemas.case import CaseStatus
    from schemas.task import DecideInput

    script = demo_scripts(dt.date.today())[1]
    case_id, _ = await converse(service, script)
    view = await service.wait_for_status(case_id, CaseStatus.UNDER_REVIEW)
    assert view.task is not None
    task_id = view.task.task_id
    await service.claim(task_id, "alice")
    await service.release(task_id, "alice")
    await service.claim(task_id, "carol")
    await service.decide(
        DecideInput(
            task_id=task_id,
            user="carol",
            outcome="request_info",
            question="When will the renovation end?",
        )
    )
    view = await service.wait_for(
        case_id, lambda v: v.question is not None and v.question.field == "_caseworker"
    )
    reply = await service.send(case_id, "In about three months.")
    while reply.question is not None:
        reply = await service.send(case_id, script.answer(reply.question.field))
    view = await service.wait_for(
        case_id, lambda v: v.task is not None and v.task.task_id != task_id
    )
    await _decided_by(service, case_id, "carol", "approve")
    await service.wait_for_status(case_id, CaseStatus.DECIDED)
    return [("path_information_request", case_id, None)]


async def path_withdrawal(service: CaseService, client: Client) -> list[Run]:
    """The applicant withdraws a case waiting for review: its task is cancelled."""
    from schemas.case import CaseStatus

    case_id, _ = await converse(service, demo_scripts(dt.date.today())[2])
    await service.wait_for_status(case_id, CaseStatus.UNDER_REVIEW)
    await service.withdraw(case_id)
    await service.wait_for_status(case_id, CaseStatus.CLOSED)
    return [("path_withdrawal", case_id, None)]


async def path_withdrawal_consultations(service: CaseService, client: Client) -> list[Run]:
    """A building permit is withdrawn while two services are consulted: both are cancelled."""
    from schemas.case import CaseStatus
    from tools.demo_procedures import ProcedureScript, permit_answers

    script = ProcedureScript(
        title="house near a monument",
        language="fr",
        procedure="building_permit",
        answers=permit_answers(project="maison", area="120", urban="non", monument="oui"),
    )
    case_id, _ = await converse(service, script, procedure=script.procedure)
    await _decided_by(service, case_id, "paul", "complete")
    view = await service.wait_for(
        case_id, lambda v: v.status is CaseStatus.CONSULTATION and len(v.consultations) == 2
    )
    assert len(view.consultations) == 2, view
    await service.withdraw(case_id)
    await service.wait_for_status(case_id, CaseStatus.CLOSED)
    runs: list[Run] = [("path_withdrawal_consultations", case_id, None)]
    for consultation in view.consultations:
        with contextlib.suppress(Exception):
            # Cancelled: the child ends with its cancellation.
            await client.get_workflow_handle(consultation.workflow_id).result()
        stem = f"path_withdrawal_consultations_consult_{consultation.service}"
        runs.append((stem, consultation.workflow_id, None))
    return runs


async def path_continue_as_new(service: CaseService, client: Client) -> list[Run]:
    """A conversation that continues as new every three turns, decided in its last run.

    The first run (ending in the hand-over), the second (started from the
    carried state) and the last run are written.
    """
    from schemas.case import CaseStatus

    script = demo_scripts(dt.date.today())[0]
    case_id, reply = await service.start("short_time_work", script.language)
    first_run = (await client.get_workflow_handle(case_id).describe()).run_id
    assert first_run is not None
    while reply.question is not None:
        reply = await service.send(case_id, script.answer(reply.question.field))
    view = await service.wait_for_status(case_id, CaseStatus.DECIDED)
    assert view.runs >= 3, view.runs
    history = await client.get_workflow_handle(case_id, run_id=first_run).fetch_history()
    handover = history.events[-1].workflow_execution_continued_as_new_event_attributes
    assert handover.new_execution_run_id, history.events[-1]
    return [
        ("path_continue_as_new_run_1", case_id, first_run),
        ("path_continue_as_new_run_2", case_id, handover.new_execution_run_id),
        ("path_continue_as_new_run_last", case_id, None),
    ]


async def path_edited_answer(service: CaseService, client: Client) -> list[Run]:
    """At the final review the applicant edits one answer (the review screen's edit control)."""
    from schemas.case import CaseStatus

    script = demo_scripts(dt.date.today())[0]
    case_id, reply = await service.start("short_time_work", script.language)
    while reply.question is not None and reply.question.field != "_review":
        reply = await service.send(case_id, script.answer(reply.question.field))
    reply = await service.send(case_id, "24", field="headcount")
    assert reply.form["headcount"] == 24, reply.form
    assert reply.question is not None and reply.question.field == "_review", reply.question
    await service.send(case_id, script.answer("_review"))
    await service.wait_for_status(case_id, CaseStatus.DECIDED)
    return [("path_edited_answer", case_id, None)]


READ_BACK_TEXT = "notre client principal a fait faillite et nous n'avons plus rien à faire"
"""A cause the parser cannot read, which the (fake) model reads as economic."""


async def path_read_back(service: CaseService, client: Client) -> list[Run]:
    """A value only the model read is read back; the applicant confirms it.

    Runs on a worker whose model is a loopback endpoint answering
    ``{"cause": "economic"}``: the parser cannot read the first answer, the
    model's reading is read back (``_confirm``), "oui" stores it, and the
    conversation goes on to the caseworker's refusal.
    """
    from schemas.case import CaseStatus

    script = demo_scripts(dt.date.today())[2]
    script.answers["cause"] = [READ_BACK_TEXT]
    case_id, reply = await service.start("short_time_work", script.language)
    assert reply.question is not None and reply.question.field == "cause"
    reply = await service.send(case_id, READ_BACK_TEXT)
    assert reply.question is not None and reply.question.field == "_confirm", reply
    reply = await service.send(case_id, "oui")
    assert reply.form.get("cause") == "economic", reply.form
    while reply.question is not None:
        reply = await service.send(case_id, script.answer(reply.question.field))
    assert script.sign_off is not None
    await _decided_by(service, case_id, "alice", script.sign_off[0])
    await service.wait_for_status(case_id, CaseStatus.DECIDED)
    return [("path_read_back", case_id, None)]


PATHS: dict[str, Callable[[CaseService, Client], Awaitable[list[Run]]]] = {
    "appeal": path_appeal,
    "four_eyes": path_four_eyes,
    "information_request": path_information_request,
    "withdrawal": path_withdrawal,
    "withdrawal_consultations": path_withdrawal_consultations,
    "continue_as_new": path_continue_as_new,
    "edited_answer": path_edited_answer,
    "read_back": path_read_back,
}
"""The paths the demo histories do not take (``python -m tests.record_histories paths [name]``)."""


async def record_paths(names: Sequence[str] = tuple(PATHS)) -> list[Path]:
    """Record the histories of the paths ``names`` on one scratch server; return the files."""
    from guichet.config import Settings
    from guichet.llm.client import client_for
    from tests.fake_openai import fake_endpoint

    written: list[Path] = []
    async with _scratch_server() as (client, store, _), fake_endpoint() as endpoint:
        endpoint.answer = {"cause": "economic"}
        model = client_for(endpoint.base_url, "fake-model", "secret-key", Settings())
        try:
            for name in names:
                queue = f"record-{name}"
                uses_model = name == "read_back"
                async with build_worker(client, queue, store, model=model if uses_model else None):
                    service = CaseService(
                        client,
                        queue,
                        continue_as_new_after_turns=3 if name == "continue_as_new" else 0,
                    )
                    for stem, workflow_id, run_id in await PATHS[name](service, client):
                        path = HISTORIES / f"{stem}.json"
                        written.append(await _write(client, workflow_id, path, run_id))
        finally:
            await model.client.close()
    return written


async def record_transcript_in_store(stem: str = "transcript_in_store") -> list[Path]:
    """Record a conversation kept in the case database (issue 21 item 10).

    The case continues as new every four turns: its answers, two edits on
    the review screen and the submission travel in projection batches and
    leave the state when written. Writes the first run (the patch marker,
    the pending entries, their acknowledgements, the handover) and the last
    one (restored from the carried state, to the decision). Run it with
    ``GUICHET_DATA_DIR`` pointing at an empty directory: the case database
    seals with the keys kept there.
    """
    from schemas.case import CaseStatus
    from schemas.task import DecideInput

    script = demo_scripts(dt.date.today())[0]
    async with _scratch_server() as (client, store, _), build_worker(client, "record", store):
        service = CaseService(client, "record", continue_as_new_after_turns=4)
        case_id, reply = await service.start("short_time_work", script.language)
        first_run = (await client.get_workflow_handle(case_id).describe()).run_id
        edits = ["Ein Großkunde ist abgesprungen.", "Der wichtigste Kunde hat storniert."]
        while reply.question is not None:
            field = reply.question.field
            if field == "_review" and edits:
                reply = await service.send(case_id, edits.pop(0), field="cause_description")
            else:
                reply = await service.send(case_id, script.answer(field))
        view = await service.wait_for_status(case_id, CaseStatus.DECIDED, CaseStatus.UNDER_REVIEW)
        if view.task is not None and script.sign_off:
            outcome, reason = script.sign_off
            await service.claim(view.task.task_id, "alice")
            decision = DecideInput(
                task_id=view.task.task_id, user="alice", outcome=outcome, reason=reason
            )
            await service.decide(decision)
            view = await service.wait_for_status(case_id, CaseStatus.DECIDED)
        assert view.runs >= 3 and first_run is not None, view.runs
        return [
            await _write(client, case_id, HISTORIES / f"{stem}.json", first_run),
            await _write(client, case_id, HISTORIES / f"{stem}_last_run.json"),
        ]


if __name__ == "__main__":
    if sys.argv[1:2] == ["paths"]:
        for written_path in asyncio.run(record_paths(sys.argv[2:] or tuple(PATHS))):
            print(written_path)
    elif sys.argv[1:2] == ["race"]:
        print(asyncio.run(record_double_decision(*sys.argv[2:3])))
    elif sys.argv[1:2] == ["rules"]:
        print(asyncio.run(record_rules_failed(*sys.argv[2:3])))
    elif sys.argv[1:2] == ["working-day"]:
        print(asyncio.run(record_working_day_deadline(*sys.argv[2:3])))
    elif sys.argv[1:2] == ["expiry"]:
        print(asyncio.run(record_intake_expiry(*sys.argv[2:3])))
    elif sys.argv[1:2] == ["turns"]:
        print(asyncio.run(record_message_turns(*sys.argv[2:3])))
    elif sys.argv[1:2] == ["transcript"]:
        for written_path in asyncio.run(record_transcript_in_store(*sys.argv[2:3])):
            print(written_path)
    else:
        for written_path in asyncio.run(record(sys.argv[1:] or PROCEDURES)):
            print(written_path)
