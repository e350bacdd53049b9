"""The same decision twice and the same message twice: applied once."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter

import pytest

from guichet.store import CaseStore
from runtime.service import CaseError, CaseService
from schemas.case import CaseStatus
from schemas.task import DecideInput
from tools.demo import converse, demo_scripts
from web.conversation import read_conversation


async def test_same_decision_twice_is_applied_once(service: CaseService, store: CaseStore) -> None:
    case_id, _ = await converse(service, demo_scripts(dt.date.today())[2])
    view = await service.wait_for_status(case_id, CaseStatus.UNDER_REVIEW)
    assert view.task is not None
    task_id = view.task.task_id
    await service.claim(task_id, "alice")
    decision = DecideInput(task_id=task_id, user="alice", outcome="reject", reason="too few")
    # A double click: two identical requests at once, with the same key.
    first, second = await asyncio.gather(
        service.decide(decision, idempotency_key="click-1"),
        service.decide(decision, idempotency_key="click-1"),
    )
    assert first == second
    # A retried request later, once the case has moved on: the stored result.
    view = await service.wait_for_status(case_id, CaseStatus.DECIDED)
    assert await service.decide(decision, idempotency_key="click-1") == first
    # Without the key, the second request is refused: the task is settled.
    with pytest.raises(CaseError) as refused:
        await service.decide(decision)
    assert refused.value.http_status in (404, 409)
    view = await service.view(case_id)
    kinds = Counter(entry.kind for entry in view.timeline)
    assert kinds["decision"] == 1 and kinds["decided"] == 1
    assert len(await store.letters_for_case(case_id)) == 1


async def test_same_message_twice_is_applied_once(service: CaseService, store: CaseStore) -> None:
    case_id, _ = await service.start("short_time_work", "en")
    first, second = await asyncio.gather(
        service.send(case_id, "economic reasons", idempotency_key="m-1"),
        service.send(case_id, "economic reasons", idempotency_key="m-1"),
    )
    assert first == second and first.turn == 1
    # The same key with another text is not a retry: 422, and nothing is applied
    # (issue 23 item 4; it used to return the first answer).
    with pytest.raises(CaseError) as reused:
        await service.send(case_id, "flood", idempotency_key="m-1")
    assert reused.value.code == "idempotency_key_reused" and reused.value.http_status == 422
    assert await service.send(case_id, "economic reasons", idempotency_key="m-1") == first
    view = await service.view(case_id)
    assert view.turn == 1 and view.form["cause"] == "economic"
    said = (await read_conversation(store, view)).entries
    assert [m.role for m in said].count("applicant") == 1
