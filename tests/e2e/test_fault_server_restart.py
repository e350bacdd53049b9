"""Stop and restart the embedded file-backed Temporal server with cases in
several states, the worker running throughout: every case continues."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

from guichet.ports import free_port
from guichet.store import CaseStore
from runtime.devserver import EmbeddedTemporal
from runtime.service import CaseService
from runtime.temporal import build_worker, connect
from schemas.case import CaseStatus
from schemas.task import DecideInput
from tests.helpers import TEST_KEYS, eventually
from tools.demo import converse, demo_scripts

NAMESPACE = "guichet-restart"


async def test_cases_continue_after_a_server_restart(tmp_path: Path, store: CaseStore) -> None:
    scripts = demo_scripts(dt.date.today())
    server = EmbeddedTemporal(tmp_path / "temporal", port=free_port(), namespace=NAMESPACE)
    await server.start()
    try:
        client = await connect(server.address, NAMESPACE, TEST_KEYS)
        queue = "restart"
        async with build_worker(client, queue, store):
            service = CaseService(client, queue)
            # In intake, three answers given.
            intake_script = scripts[0]
            intake_id, reply = await service.start("short_time_work", "de")
            for _ in range(3):
                assert reply.question is not None
                reply = await service.send(intake_id, intake_script.answer(reply.question.field))
            # Under review, open; and under review, claimed.
            open_id, _ = await converse(service, scripts[2])
            claimed_id, _ = await converse(service, scripts[1])
            open_view = await service.wait_for_status(open_id, CaseStatus.UNDER_REVIEW)
            claimed_view = await service.wait_for_status(claimed_id, CaseStatus.UNDER_REVIEW)
            assert open_view.task is not None and claimed_view.task is not None
            await service.claim(claimed_view.task.task_id, "bob")
            # Decided, in its objection window.
            decided_id, _ = await converse(service, demo_scripts(dt.date.today())[0])
            decided = await service.wait_for_status(decided_id, CaseStatus.DECIDED)
            before = {
                case_id: await service.view(case_id)
                for case_id in (intake_id, open_id, claimed_id, decided_id)
            }

            server.stop()
            assert server.process is None
            await server.start()

            # Same history, same state.
            for case_id, view in before.items():
                after = await service.view(case_id)
                assert after.status is view.status and after.form == view.form, case_id
                assert after.turn == view.turn and after.task == view.task, case_id
            # And every case moves on.
            assert reply.question is not None
            field: str | None = reply.question.field
            while field is not None:
                reply = await service.send(intake_id, intake_script.answer(field))
                field = reply.question.field if reply.question else None
            intake_view = await service.wait_for_status(intake_id, CaseStatus.DECIDED)
            assert intake_view.decision is not None
            assert intake_view.decision.outcome.value == "approved"

            await service.claim(open_view.task.task_id, "alice")
            await service.decide(
                DecideInput(
                    task_id=open_view.task.task_id, user="alice", outcome="reject", reason="few"
                )
            )
            await service.decide(
                DecideInput(task_id=claimed_view.task.task_id, user="bob", outcome="approve")
            )
            for case_id in (open_id, claimed_id):
                view = await service.wait_for_status(case_id, CaseStatus.DECIDED)
                assert view.decision is not None and view.decision.letter_id
            still = await service.view(decided_id)
            assert still.status is CaseStatus.DECIDED and still.decision == decided.decision
            for case_id in (intake_id, open_id, claimed_id):
                await eventually(partial(store.get_case, case_id), lambda r: r.status == "decided")
                assert len(await store.letters_for_case(case_id)) == 1
    finally:
        server.stop()
