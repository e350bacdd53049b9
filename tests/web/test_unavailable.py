"""A backend that is down answers 503 with Retry-After, within a bounded wait (issue 23 item 2).

With the worker stopped, reads and messages used to hang (a turn held 73 s)
and then answer 400 ``unavailable`` (a client would not resend a 4xx, yet
the message could have been applied); with the server down, a start
answered 500. Now every such answer is 503 with ``Retry-After`` within the
service's wait, and a message resent with the same key applies once.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from temporalio.client import Client

from guichet.accounts import AccountService
from guichet.ports import free_port
from guichet.store import CaseStore
from runtime.devserver import EmbeddedTemporal
from runtime.service import CaseService
from runtime.temporal import build_worker, connect
from tests.conftest import NAMESPACE
from tests.helpers import TEST_KEYS
from web.app import create_app
from web.context import WebContext

WAIT = 2.0
"""The service's bound in these tests; every answer must come within it (plus slack)."""


def api_for(service: CaseService, store: CaseStore, accounts: AccountService, tmp: Path) -> Any:
    context = WebContext(cases=service, store=store, accounts=accounts, outbox_dir=tmp)
    transport = httpx.ASGITransport(app=create_app(context))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def timed(request: Any) -> tuple[httpx.Response, float]:
    began = time.monotonic()
    response = await request
    return response, time.monotonic() - began


def assert_unavailable(response: httpx.Response, elapsed: float) -> None:
    assert response.status_code == 503, response.text
    assert int(response.headers["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "unavailable"
    assert elapsed < WAIT + 3, f"answered after {elapsed:.1f} s"


async def test_worker_down_answers_503_and_a_resent_message_applies_once(
    client: Client, store: CaseStore, accounts: AccountService, tmp_path: Path
) -> None:
    queue = f"tq-down-{uuid.uuid4().hex[:8]}"
    service = CaseService(client, queue, wait_seconds=WAIT)
    async with api_for(service, store, accounts, tmp_path) as api:
        async with build_worker(client, queue, store):
            started = await api.post(
                "/api/cases", json={"procedure": "short_time_work", "language": "en"}
            )
            assert started.status_code == 201, started.text
        case = started.json()
        headers = {"Authorization": f"Bearer {case['access_token']}"}
        url = f"/api/cases/{case['case_id']}"

        # The worker is gone: a read, a message and a start all answer 503, soon.
        assert_unavailable(*await timed(api.get(url, headers=headers)))
        keyed = {**headers, "Idempotency-Key": "first-answer"}
        message = {"text": "economic reasons"}
        assert_unavailable(*await timed(api.post(f"{url}/messages", json=message, headers=keyed)))
        assert_unavailable(
            *await timed(
                api.post("/api/cases", json={"procedure": "short_time_work", "language": "en"})
            )
        )

        # The worker is back: the message resent with its key is applied once.
        # (a patient service now: a worker starting on a loaded machine takes time)
        service.wait_seconds = 30.0
        async with build_worker(client, queue, store):
            resent = await api.post(f"{url}/messages", json=message, headers=keyed)
            assert resent.status_code == 200, resent.text
            again = await api.post(f"{url}/messages", json=message, headers=keyed)
            assert again.json() == resent.json()
            view = (await api.get(url, headers=headers)).json()
            assert view["form"]["cause"] == "economic"
            assert (await service.view(case["case_id"])).turn == 1


@pytest.fixture
async def doomed_server(tmp_path: Path) -> AsyncIterator[EmbeddedTemporal]:
    server = EmbeddedTemporal(tmp_path / "temporal", port=free_port(), namespace=NAMESPACE)
    await server.start()
    try:
        yield server
    finally:
        server.stop()


async def test_server_down_answers_503(
    doomed_server: EmbeddedTemporal, store: CaseStore, accounts: AccountService, tmp_path: Path
) -> None:
    client = await connect(doomed_server.address, NAMESPACE, TEST_KEYS)
    service = CaseService(client, f"tq-gone-{uuid.uuid4().hex[:8]}", wait_seconds=WAIT)
    case_id = f"short_time_work-{uuid.uuid4().hex[:16]}"
    token = await accounts.grant_case_access(case_id)
    doomed_server.stop()
    async with api_for(service, store, accounts, tmp_path) as api:
        headers = {"Authorization": f"Bearer {token}"}
        assert_unavailable(*await timed(api.get(f"/api/cases/{case_id}", headers=headers)))
        assert_unavailable(
            *await timed(
                api.post(
                    f"/api/cases/{case_id}/messages",
                    json={"text": "economic"},
                    headers={**headers, "Idempotency-Key": "k1"},
                )
            )
        )
        assert_unavailable(
            *await timed(
                api.post("/api/cases", json={"procedure": "short_time_work", "language": "en"})
            )
        )


async def test_chat_says_in_words_that_the_service_is_briefly_unavailable(
    client: Client, store: CaseStore, accounts: AccountService, tmp_path: Path
) -> None:
    from tests.web.test_pages import TURN_KEY, csrf_of

    queue = f"tq-page-{uuid.uuid4().hex[:8]}"
    service = CaseService(client, queue, wait_seconds=WAIT)
    async with api_for(service, store, accounts, tmp_path) as pages:
        async with build_worker(client, queue, store):
            home = await pages.get("/?lang=en")
            started = await pages.post(
                "/start",
                data={
                    "csrf_token": csrf_of(home),
                    "procedure": "short_time_work",
                    "language": "en",
                },
            )
            assert started.status_code == 303
            chat = await pages.get("/chat")
        key = TURN_KEY.search(chat.text)
        assert key is not None
        form = {"csrf_token": csrf_of(chat), "text": "economic reasons", "turn_key": key.group(1)}
        # The worker is gone: the page says so in words, never the raw code.
        fragment = await pages.post("/chat/messages", data=form, headers={"HX-Request": "true"})
        assert fragment.status_code == 200, "htmx swaps only what succeeded"
        assert 'id="chat"' in fragment.text and "briefly unavailable" in fragment.text
        assert "unavailable</" not in fragment.text and '"code"' not in fragment.text
        assert int(fragment.headers["Retry-After"]) > 0
        page = await pages.post("/chat/messages", data=form)
        assert page.status_code == 503 and "<html" in page.text.lower()
        assert "briefly unavailable" in page.text
