"""The caseworker queue warns when a procedure's newest parameter set missed its revaluation."""

from __future__ import annotations

import datetime as dt

from tests.web.conftest import PASSWORD
from tests.web.test_pages import browser, csrf_of
from web.context import WebContext


async def _queue(web_context: WebContext, user: str, now: dt.datetime) -> str:
    web_context.clock = lambda: now
    async with browser(web_context) as client:
        form = await client.get("/staff/login?lang=en")
        await client.post(
            "/staff/login",
            data={"csrf_token": csrf_of(form), "username": user, "password": PASSWORD},
        )
        page = await client.get("/staff/queue?lang=en")
        assert page.status_code == 200
        return page.text


async def test_queue_warns_about_a_missed_revaluation(web_context: WebContext) -> None:
    late = await _queue(web_context, "sup", dt.datetime(2027, 4, 2, 9, tzinfo=dt.UTC))
    assert "stale-parameters" in late and "rsa-2026-04-01" in late
    assert "a revaluation was due on 2027-04-01" in late
    today = await _queue(web_context, "sup", dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC))
    assert "stale-parameters" not in today
    # A caseworker of another group is not warned about the RSA.
    other = await _queue(web_context, "alice", dt.datetime(2027, 4, 2, 9, tzinfo=dt.UTC))
    assert "stale-parameters" not in other
