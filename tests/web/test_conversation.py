"""The whole conversation, kept in the case database (issue 21 item 10).

A conversation of more than 60 entries (the old cap of the workflow state)
keeps its beginning: the API pages it with a cursor and the chat page with
an "earlier messages" link, on SQLite and PostgreSQL, across continue-as-new.
The workflow holds only the entries not yet written; the database holds
them sealed; the purge deletes them.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from html import escape
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from temporalio.client import Client
from temporalio.worker import Worker

from guichet.accounts import AccountService
from guichet.store import CaseStore
from guichet.store._models import messages_table
from runtime.service import CaseService
from schemas.account import SessionKind
from tests.privacy import find, sqlite_file_bytes, table_bytes
from tests.web.conftest import login, script
from tests.web.test_pages import browser
from web.context import WebContext
from web.conversation import read_conversation
from web.pages.applicant import CHAT_PAGE
from web.security import APPLICANT_COOKIE

TURNS = 36
"""Turns of the long conversation: 108 entries, well past the old cap of 60."""

EVERY = 8
"""Continue-as-new after this many turns: the entries must outlive the runs."""

EARLIER = re.compile(r'href="/chat\?before=(\d+)#conversation-heading"')


@pytest.fixture
def compacting(client: Client, task_queue: str, worker: Worker) -> CaseService:
    return CaseService(client, task_queue, continue_as_new_after_turns=EVERY)


@pytest.fixture
def context(
    compacting: CaseService, store: CaseStore, accounts: AccountService, tmp_path: Path
) -> WebContext:
    return WebContext(
        cases=compacting, store=store, accounts=accounts, outbox_dir=tmp_path / "outbox"
    )


async def _all_pages(api: httpx.AsyncClient, case_id: str, auth: dict[str, str]) -> list[Any]:
    """Every entry, read newest page first and following ``next_before``."""
    pages: list[list[Any]] = []
    before: int | None = None
    for _ in range(100):
        query = "limit=25" + (f"&before={before}" if before is not None else "")
        page = await api.get(f"/api/cases/{case_id}/messages?{query}", headers=auth)
        assert page.status_code == 200, page.text
        body = page.json()
        assert 0 < len(body["messages"]) <= 25
        pages.insert(0, body["messages"])
        before = body["next_before"]
        if before is None:
            return [entry for entries in pages for entry in entries]
    raise AssertionError("the pages never reached the beginning")


async def test_a_long_conversation_keeps_its_beginning(
    context: WebContext, compacting: CaseService, store: CaseStore, data_dir: Path
) -> None:
    marker = f"Philomena Quarterfield {uuid.uuid4().hex[:8]}"
    async with browser(context) as api:
        started = await api.post(
            "/api/cases", json={"procedure": "short_time_work", "language": "en"}
        )
        case_id, token = started.json()["case_id"], started.json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        first_question = started.json()["question"]
        answers = script(1)
        question, said, most_pending = first_question, [], 0
        for turn in range(TURNS):
            if question["field"] != "_review":
                body = {"text": answers.answer(question["field"])}
            else:
                # At the review: edit an answer again and again (each edit is a turn).
                body = {
                    "text": f"The roof of {marker} leaks (edit {turn})",
                    "field": "cause_description",
                }
            sent = await api.post(f"/api/cases/{case_id}/messages", headers=auth, json=body)
            assert sent.status_code == 200, sent.text
            said.append(body["text"])
            question = sent.json()["question"]
            assert question is not None
            # The message just sent is shown at once, written to the database or not.
            newest = await api.get(f"/api/cases/{case_id}/messages?limit=3", headers=auth)
            assert [m["role"] for m in newest.json()["messages"]] == [
                "question",
                "applicant",
                "assistant",
            ]
            assert newest.json()["messages"][1]["text"] == body["text"]
            most_pending = max(most_pending, len((await compacting.view(case_id)).pending_messages))

        entries = await _all_pages(api, case_id, auth)
        assert [e["seq"] for e in entries] == list(range(1, 3 * TURNS + 1))
        assert entries[0]["role"] == "question" and entries[0]["text"] == first_question["text"]
        assert [e["text"] for e in entries if e["role"] == "applicant"] == said
        assert all(e["at"] for e in entries)

        # The chat page: the newest messages, then earlier ones a link away,
        # back to the greeting and the first question.
        secret, _ = await context.accounts.open_session(SessionKind.APPLICANT, case_id)
        api.cookies.set(APPLICANT_COOKIE, secret)
        chat = await api.get("/chat")
        assert chat.status_code == 200
        assert escape(said[-1]) in chat.text and escape(first_question["text"]) not in chat.text
        assert chat.text.count('class="msg ') == CHAT_PAGE + 1, "a page, and the question"
        shown = [chat]
        while (link := EARLIER.search(shown[-1].text)) is not None:
            shown.append(await api.get(f"/chat?before={link.group(1)}"))
            assert shown[-1].status_code == 200 and 'id="latest-messages"' in shown[-1].text
            assert 'id="answer"' not in shown[-1].text, "the answer is given on the newest page"
            assert len(shown) < 10
        beginning = shown[-1].text
        assert "Hello! I will help you" in beginning
        assert escape(first_question["text"]) in beginning and escape(said[0]) in beginning

        # Only the case's applicant and the staff who may see the case read it.
        other = await api.post(
            "/api/cases", json={"procedure": "short_time_work", "language": "en"}
        )
        other_auth = {"Authorization": f"Bearer {other.json()['access_token']}"}
        url = f"/api/cases/{case_id}/messages"
        api.cookies.clear()
        assert (await api.get(url)).status_code == 401
        assert (await api.get(url, headers=other_auth)).status_code == 404
        assert (await api.get(url, headers=await login(api, "mia"))).status_code == 404
        staff = await api.get(url, headers=await login(api, "alice"))
        assert staff.status_code == 200 and staff.json()["messages"][-2]["text"] == said[-1]
        assert (await api.get(f"{url}?limit=0", headers=auth)).status_code == 422

    # The workflow carries only what is not written yet, across its runs.
    view = await compacting.wait_for(case_id, lambda v: not v.pending_messages)
    assert view.runs > TURNS // EVERY and view.transcript == [] and view.messages_in_store
    assert most_pending <= 9, most_pending

    # Sealed at rest: the rows are there, their text is not in clear.
    async with store.engines.read.connect() as conn:
        rows = await conn.scalar(
            sa.select(sa.func.count())
            .select_from(messages_table)
            .where(messages_table.c.case_id == case_id)
        )
    assert rows == 3 * TURNS
    assert find([marker], b"".join((await table_bytes(store)).values())) == []
    if store.dialect == "sqlite":
        assert find([marker], sqlite_file_bytes(data_dir / "cases.db")) == []


async def test_the_purge_deletes_the_conversation(
    client: Client, task_queue: str, worker: Worker, store: CaseStore
) -> None:
    """An intake left unfinished is purged: its conversation goes with its key."""
    service = CaseService(client, task_queue, intake_expiry_seconds=6)
    case_id, _ = await service.start("short_time_work", "en")
    await service.send(case_id, "economic reasons")
    await service.send(case_id, "Quarterfield Bakery lost its biggest customer")
    view = await service.wait_for(case_id, lambda v: not v.pending_messages)
    assert len((await store.conversation(case_id)).entries) == 6
    await asyncio.wait_for(client.get_workflow_handle(case_id).result(), 60)
    assert (await store.conversation(case_id)).entries == []
    async with store.engines.read.connect() as conn:
        left = await conn.scalar(
            sa.select(sa.func.count())
            .select_from(messages_table)
            .where(messages_table.c.case_id == case_id)
        )
    assert left == 0
    view = await service.view(case_id)
    assert view.pending_messages == [] and (await read_conversation(store, view)).entries == []
