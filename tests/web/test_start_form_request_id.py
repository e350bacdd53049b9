"""The start page sends a request id: a double submit or a resend starts one case (issue 23 item 3).

The API took a ``request_id`` and the pages sent none, so a start form sent
twice (a double click, a resend after a timeout or a 503) started two cases,
one of them an orphan. The form now carries one, generated per rendering.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import httpx
from temporalio.client import Client

from guichet.accounts import AccountService
from guichet.store import CaseStore
from runtime.service import CaseService
from runtime.temporal import build_worker
from tests.helpers import eventually
from tests.web.test_pages import browser, csrf_of
from web.app import create_app
from web.context import WebContext

REQUEST_ID = re.compile(r'name="request_id" value="([A-Za-z0-9._:-]{16,100})"')


def _form(page: httpx.Response, request_id: str) -> dict[str, str]:
    return {
        "csrf_token": csrf_of(page),
        "procedure": "short_time_work",
        "language": "en",
        "request_id": request_id,
    }


def _request_id(page: httpx.Response) -> str:
    match = REQUEST_ID.search(page.text)
    assert match, "the start form carries a request id"
    return match.group(1)


async def _case_on_chat(client: httpx.AsyncClient) -> str:
    chat = await client.get("/chat")
    assert chat.status_code == 200, chat.text
    return re.search(r"<code>([^<]+)</code>", chat.text).group(1)  # type: ignore[union-attr]


async def _cases_on(client: Client, queue: str) -> list[str] | None:
    found = [e.id async for e in client.list_workflows(f"TaskQueue = '{queue}'")]
    return sorted(found) or None


async def test_the_start_form_sent_twice_starts_one_case(
    client: Client, store: CaseStore, accounts: AccountService, tmp_path: Path
) -> None:
    queue = f"tq-start-form-{uuid.uuid4().hex[:8]}"
    service = CaseService(client, queue)
    context = WebContext(cases=service, store=store, accounts=accounts, outbox_dir=tmp_path)
    async with build_worker(client, queue, store), browser(context) as page_client:
        page = await page_client.get("/?lang=en")
        request_id = _request_id(page)
        # Each rendering of the form has its own id.
        assert _request_id(await page_client.get("/?lang=en")) != request_id

        first = await page_client.post("/start", data=_form(page, request_id))
        second = await page_client.post("/start", data=_form(page, request_id))
        assert first.status_code == second.status_code == 303, second.text
        assert second.headers["location"].startswith("/chat")
        case_id = await _case_on_chat(page_client)
        assert await eventually(lambda: _cases_on(client, queue)) == [case_id], "one case"

        # Once the case has moved on, the old form starts nothing and says so.
        await service.send(case_id, "economic reasons")
        late = await page_client.post("/start", data=_form(page, request_id))
        assert late.status_code == 303 and late.headers["location"] == "/?lang=en&expired=1"
        assert await _cases_on(client, queue) == [case_id]


async def test_a_start_form_resent_after_a_timeout_joins_the_case_it_began(
    client: Client, store: CaseStore, accounts: AccountService, tmp_path: Path
) -> None:
    queue = f"tq-start-form-{uuid.uuid4().hex[:8]}"
    service = CaseService(client, queue, wait_seconds=2.0)
    context = WebContext(cases=service, store=store, accounts=accounts, outbox_dir=tmp_path)
    transport = httpx.ASGITransport(app=create_app(context))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as pages:
        page = await pages.get("/?lang=en")
        form = _form(page, _request_id(page))
        # No worker yet: the workflow starts, its greeting never comes.
        lost = await pages.post("/start", data=form)
        assert lost.status_code == 503, lost.text
        async with build_worker(client, queue, store):
            resent = await pages.post("/start", data=form)
            assert resent.status_code == 303, resent.text
            case_id = await _case_on_chat(pages)
    assert await eventually(lambda: _cases_on(client, queue)) == [case_id], "no orphan"
