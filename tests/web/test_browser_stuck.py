"""Supervisors see the stuck cases on their page, in a real browser (issue 23 item 9).

The API listed them (``GET /api/supervision/stuck``); the supervision page
did not. A case whose read-model write fails on every attempt (its database
is down) now shows there with its attempts, the type of its last error
(never the message, which quotes the form), since when and a link to the
case; "no stuck cases" when there are none, and a notice when Temporal does
not answer. Checked with axe and at 320 px.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import ViewportSize
from temporalio.client import Client

import web.pages.supervision
from guichet.store import CaseStore
from guichet.stuck import StuckCase, stuck_cases
from runtime.service import CaseService
from runtime.temporal import build_worker
from tests.helpers import eventually
from tests.web.test_browser import (  # noqa: F401  (``site`` is a fixture)
    Site,
    check,
    sign_in,
    site,
)
from tests.web.test_browser_reflow import WIDTH, assert_reflows
from tests.web.test_stuck_cases import SECRET_ANSWER, _DatabaseDown
from web.context import WebContext


@pytest.fixture
async def down(
    client: Client, store: CaseStore, web_context: WebContext
) -> AsyncIterator[_DatabaseDown]:
    """A worker of its own whose read-model writes fail for one chosen case."""
    queue = f"tq-stuck-page-{uuid.uuid4().hex[:8]}"
    failing = _DatabaseDown()
    async with build_worker(client, queue, store, interceptors=[failing]):
        web_context.cases = CaseService(client, queue)
        yield failing


async def _stuck_list(client: Client, case_id: str) -> list[StuckCase]:
    return [s for s in await stuck_cases(client) if s.case_id == case_id]


async def _stuck_now(client: Client, case_id: str) -> StuckCase:
    found = await eventually(lambda: _stuck_list(client, case_id), bool, 30.0, interval=0.2)
    return found[0]


async def test_the_supervision_page_lists_stuck_cases(
    down: _DatabaseDown,
    site: Site,  # noqa: F811  (the fixture imported above)
    client: Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, service = site.url, site.service
    case_id, _ = await service.start("short_time_work", "en")
    down.case_id = case_id
    await service.send(case_id, SECRET_ANSWER)  # its projection now fails, again and again
    await _stuck_now(client, case_id)  # it shows as stuck (else eventually fails)

    sup_context = await site.browser.new_context()
    page = await sign_in(sup_context, url, "sup", "en")
    await page.goto(f"{url}/staff/supervision")
    row = page.locator(f'#stuck-cases tr[data-case="{case_id}"]')
    await row.wait_for()
    cells = [text.strip() for text in await row.locator("td").all_inner_texts()]
    assert cells[0] == case_id and cells[1] == "store.apply_projection"
    assert int(cells[2]) >= 3 and cells[3] == "RuntimeError"
    assert cells[4].endswith("min)") and "UTC" in cells[4]
    assert await row.locator("a").get_attribute("href") == f"/staff/cases/{case_id}"
    assert SECRET_ANSWER not in await page.content()
    await check(page, "39-supervision-stuck-en")

    narrow = await site.browser.new_context(viewport=ViewportSize(width=WIDTH, height=640))
    small = await sign_in(narrow, url, "sup", "fr")
    await small.goto(f"{url}/staff/supervision")
    await small.locator(f'#stuck-cases tr[data-case="{case_id}"]').wait_for()
    await assert_reflows(small, "supervision-stuck")

    # The link opens the case.
    await row.locator("a").click()
    await page.wait_for_url(f"**/staff/**{case_id}**")

    # The database is back: the case leaves the list.
    down.case_id = ""
    await eventually(lambda: _stuck_list(client, case_id), lambda s: not s, 30.0, interval=0.2)
    await page.goto(f"{url}/staff/supervision")
    assert await page.locator(f'tr[data-case="{case_id}"]').count() == 0

    # Other tests of the session may have stuck cases of their own: with none, the page says so.
    async def none(*_: object) -> list[StuckCase]:
        return []

    monkeypatch.setattr(web.pages.supervision, "stuck_cases", none)
    await page.goto(f"{url}/staff/supervision")
    assert await page.locator("#no-stuck-cases").inner_text() == "No stuck cases."
    assert await page.locator("#stuck-cases").count() == 0
    await check(page, "39-supervision-no-stuck-en")

    # Temporal does not answer: the rest of the page still shows, with a notice.
    async def hangs(*_: object) -> list[StuckCase]:
        await asyncio.sleep(3600)
        return []

    monkeypatch.setattr(web.pages.supervision, "stuck_cases", hangs)
    monkeypatch.setattr(site.service, "wait_seconds", 0.2)
    await page.goto(f"{url}/staff/supervision")
    assert await page.locator("#stuck-unavailable").is_visible()
    assert await page.locator("#all-tasks, #long-claims, #no-long-claims").count() >= 1
    for context in (sup_context, narrow):
        await context.close()
