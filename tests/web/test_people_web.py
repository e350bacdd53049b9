"""Appeal, satisfaction and contact from the status page and the API; supervision
and statistics pages and endpoint; the OpenAPI document."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import httpx

from guichet.accounts import AccountService
from guichet.store import CaseStore
from procedures.calendar import format_date
from runtime.service import CaseService
from schemas.case import CaseStatus
from schemas.task import DecideInput, TaskStatus
from tests.helpers import eventually
from tests.web.conftest import PASSWORD, case_under_review, login, queued_task
from tests.web.test_api import bearer
from tests.web.test_pages import browser, csrf_of
from web.context import WebContext


async def decided(
    service: CaseService, store: CaseStore, outcome: str = "reject"
) -> tuple[str, str]:
    """A short-time-work case decided by alice; returns (case id, task id)."""
    task = await case_under_review(service, store)
    await service.claim(task.task_id, "alice")
    await service.decide(
        DecideInput(task_id=task.task_id, user="alice", outcome=outcome, reason="hours")
    )
    await service.wait_for_status(task.case_id, CaseStatus.DECIDED)
    return task.case_id, task.task_id


async def applicant_of(client: httpx.AsyncClient, accounts: AccountService, case_id: str) -> None:
    """Open this browser's applicant session on ``case_id`` (the continue-later link)."""
    code = await accounts.new_resume_code(case_id)
    opened = await client.get(f"/continue?code={code}")
    assert opened.status_code == 303


async def staff(client: httpx.AsyncClient, username: str) -> None:
    form = await client.get("/staff/login?lang=en")
    signed = await client.post(
        "/staff/login",
        data={"csrf_token": csrf_of(form), "username": username, "password": PASSWORD},
    )
    assert signed.status_code == 303


async def test_appeal_from_the_status_page(
    web_context: WebContext, service: CaseService, store: CaseStore, accounts: AccountService
) -> None:
    case_id, _ = await decided(service, store)
    async with browser(web_context) as client:
        await applicant_of(client, accounts, case_id)
        page = await client.get("/status?lang=en")
        view = await service.view(case_id)
        assert view.decision is not None and view.decision.objection_deadline is not None
        assert 'id="grounds"' in page.text and 'action="/status/appeal"' in page.text
        local = view.decision.objection_deadline.astimezone(ZoneInfo("Europe/Berlin"))
        # Written as the letter writes it ("7 January 2027").
        assert f"until {format_date(local.date(), 'en')}" in page.text
        # No grounds: refused with a message; nothing changes.
        empty = await client.post(
            "/status/appeal", data={"csrf_token": csrf_of(page), "grounds": "  "}
        )
        assert empty.headers["location"].startswith("/status?error=appeal_empty")
        shown = await client.get(empty.headers["location"].split("#")[0] + "&lang=en")
        assert "Please give your grounds." in shown.text
        assert not (await service.view(case_id)).appealed
        # Without the CSRF token: 403.
        forged = await client.post("/status/appeal", data={"grounds": "x"})
        assert forged.status_code == 403
        done = await client.post(
            "/status/appeal", data={"csrf_token": csrf_of(page), "grounds": "See the payroll."}
        )
        assert done.status_code == 303 and done.headers["location"] == "/status"
        pending = await client.get("/status?lang=en")
        assert 'id="appeal-state"' in pending.text and "Another caseworker" in pending.text
        assert 'id="grounds"' not in pending.text, "contested once"
        again = await client.post(
            "/status/appeal", data={"csrf_token": csrf_of(page), "grounds": "again"}
        )
        assert again.headers["location"] == "/status?error=appeal_refused"

        appeal = await queued_task(store, case_id)
        assert appeal.kind == "appeal"
        await service.claim(appeal.task_id, "bob")
        await service.decide(
            DecideInput(task_id=appeal.task_id, user="bob", outcome="uphold", reason="no facts")
        )
        await service.wait_for(case_id, lambda v: "appeal_upheld" in [e.kind for e in v.timeline])
        upheld = await client.get("/status?lang=en")
        assert "the decision is upheld" in upheld.text and 'id="read-letter"' in upheld.text
        # The satisfaction question, once.
        assert 'id="score-3"' in upheld.text
        rated = await client.post(
            "/status/satisfaction", data={"csrf_token": csrf_of(upheld), "score": "3"}
        )
        assert rated.status_code == 303
        thanks = await client.get("/status?lang=en")
        assert 'id="score-3"' not in thanks.text and "3 out of 5" in thanks.text
    assert (await service.view(case_id)).satisfaction == 3


async def test_satisfaction_and_contact_over_the_api(
    api: httpx.AsyncClient, service: CaseService, store: CaseStore, accounts: AccountService
) -> None:
    task = await case_under_review(service, store)
    token = await accounts.grant_case_access(task.case_id)
    url = f"/api/cases/{task.case_id}"
    early = await api.post(f"{url}/satisfaction", json={"score": 5}, headers=bearer(token))
    assert early.status_code == 409
    bad_mail = await api.post(f"{url}/contact", json={"email": "nope"}, headers=bearer(token))
    assert bad_mail.status_code == 422
    contact = await api.post(
        f"{url}/contact", json={"email": "anna@example.org"}, headers=bearer(token)
    )
    assert contact.status_code == 200, contact.text
    assert (await service.view(task.case_id)).contact_email == "anna@example.org"
    await service.claim(task.task_id, "alice")
    await service.decide(DecideInput(task_id=task.task_id, user="alice", outcome="approve"))
    await service.wait_for_status(task.case_id, CaseStatus.DECIDED)
    assert (await api.post(f"{url}/satisfaction", json={"score": 5})).status_code == 401
    other = await accounts.grant_case_access("short_time_work-someoneelse")
    assert (
        await api.post(f"{url}/satisfaction", json={"score": 5}, headers=bearer(other))
    ).status_code == 404
    for score in (0, 6, "x"):
        wrong = await api.post(f"{url}/satisfaction", json={"score": score}, headers=bearer(token))
        assert wrong.status_code == 422
    ok = await api.post(f"{url}/satisfaction", json={"score": 5}, headers=bearer(token))
    assert ok.status_code == 200 and ok.json()["score"] == 5
    twice = await api.post(f"{url}/satisfaction", json={"score": 1}, headers=bearer(token))
    assert twice.status_code == 409
    row = await eventually(lambda: store.get_case(task.case_id), lambda r: r.satisfaction == 5)
    assert row is not None and row.satisfaction == 5


async def test_statistics_endpoint_is_for_supervisors_and_auditors(
    api: httpx.AsyncClient, service: CaseService, store: CaseStore
) -> None:
    await decided(service, store, outcome="approve")
    assert (await api.get("/api/statistics")).status_code == 401
    forbidden = await api.get("/api/statistics", headers=await login(api, "alice"))
    assert forbidden.status_code == 403
    for who in ("sup", "aud"):
        answer = await api.get(
            "/api/statistics?procedure=short_time_work", headers=await login(api, who)
        )
        assert answer.status_code == 200, answer.text
        [figures] = answer.json()["procedures"]
        assert figures["procedure"] == "short_time_work"
        assert figures["decided"] >= 1 and figures["by_outcome"]["approved"] >= 1
        assert set(figures["satisfaction"]) == {"1", "2", "3", "4", "5"}
    headers = await login(api, "sup")
    every = await api.get("/api/statistics?from=2020-01-01&to=2100-01-01", headers=headers)
    assert [p["procedure"] for p in every.json()["procedures"]] == [
        "short_time_work",
        "minimum_income",
        "building_permit",
    ]
    backwards = await api.get("/api/statistics?from=2026-02-01&to=2026-01-01", headers=headers)
    assert backwards.status_code == 422
    unknown = await api.get("/api/statistics?procedure=nope", headers=headers)
    assert unknown.status_code == 422
    spec = (await api.get("/openapi.json")).json()
    operation = spec["paths"]["/api/statistics"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"procedure", "from", "to"}
    assert "/api/cases/{case_id}/satisfaction" in spec["paths"]


async def test_supervision_page_lists_every_queue_and_releases_long_claims(
    web_context: WebContext, service: CaseService, store: CaseStore
) -> None:
    task = await case_under_review(service, store)
    await service.claim(task.task_id, "alice")
    await eventually(lambda: store.get_task(task.task_id), lambda r: r.claimed_at is not None)
    # The page judges claims by the configured timeout: one second here (the
    # case itself was started without expiry, so the workflow keeps the claim),
    # on the page's clock, moved two seconds on rather than waited for.
    web_context.cases = CaseService(service.client, service.task_queue, claim_timeout_seconds=1)
    web_context.clock = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2)
    async with browser(web_context) as client:
        await staff(client, "alice")
        assert (await client.get("/staff/supervision")).status_code == 403
        assert (await client.get("/staff/statistics")).status_code == 403
    async with browser(web_context) as client:
        await staff(client, "sup")
        page = await client.get("/staff/supervision?lang=en")
        assert page.status_code == 200
        assert f'data-task="{task.task_id}"' in page.text and "Held too long" in page.text
        mine = await client.get("/staff/supervision?holder=alice&lang=en")
        assert f'data-task="{task.task_id}"' in mine.text
        nobody = await client.get("/staff/supervision?holder=-&lang=en")
        assert f'data-task="{task.task_id}"' not in nobody.text
        other = await client.get("/staff/supervision?group=minimum_income&lang=en")
        assert f'data-task="{task.task_id}"' not in other.text
        assert not re.search(r"<script>|\sstyle=|\son[a-z]+=", page.text)
        released = await client.post(
            "/staff/supervision/release",
            data={"csrf_token": csrf_of(page), "task_id": task.task_id, "holder": "alice"},
        )
        assert released.status_code == 303 and released.headers["location"] == "/staff/supervision"
        row = await eventually(lambda: store.get_task(task.task_id), lambda r: r.claimed_by is None)
        assert row is not None and row.status is TaskStatus.OPEN
        stale = await client.post(
            "/staff/supervision/release",
            data={"csrf_token": csrf_of(page), "task_id": task.task_id, "holder": "alice"},
        )
        assert stale.headers["location"] == "/staff/supervision?error=not_holder"
        handed = await client.post(
            "/staff/supervision/reassign",
            data={"csrf_token": csrf_of(page), "task_id": task.task_id, "to": "bob"},
        )
        assert handed.status_code == 303
        view = await service.view(task.case_id)
        assert view.task is not None and view.task.claimed_by == "bob"
    async with browser(web_context) as client:
        await staff(client, "aud")
        read_only = await client.get("/staff/supervision")
        assert read_only.status_code == 200 and "/staff/supervision/release" not in read_only.text
        refused = await client.post(
            "/staff/supervision/release",
            data={"csrf_token": csrf_of(read_only), "task_id": task.task_id, "holder": "bob"},
        )
        assert refused.status_code == 403


async def test_statistics_page_draws_accessible_charts(
    web_context: WebContext, service: CaseService, store: CaseStore
) -> None:
    await decided(service, store, outcome="approve")
    async with browser(web_context) as client:
        await staff(client, "sup")
        page = await client.get("/staff/statistics?procedure=short_time_work&lang=en")
        assert page.status_code == 200
        assert (
            page.text.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"') == 3
        )
        assert '<title id="short_time_work-status-title">Cases by status</title>' in page.text
        assert 'aria-labelledby="short_time_work-outcome-title short_time_work-outcome-desc"' in (
            page.text
        )
        assert "Processing time, median (days)" in page.text
        assert not re.search(r"<script>|\sstyle=|\son[a-z]+=|https?://(?!www\.w3\.org)", page.text)
        invalid = await client.get("/staff/statistics?start=2026-13-01&lang=en")
        assert invalid.status_code == 200 and "Invalid period" in invalid.text
