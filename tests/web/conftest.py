"""Fixtures of the web tests: the web app on the shared server, store and worker."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from guichet.accounts import AccountService
from guichet.store import AccountStore, CaseStore
from runtime.service import CaseService
from schemas.account import Role
from schemas.case import CaseStatus
from schemas.projection import TaskProjection
from tests.helpers import eventually
from tools.demo import Script, converse, demo_scripts
from web.app import create_app
from web.context import WebContext

PASSWORD = "correct horse battery"
STAFF: dict[str, tuple[tuple[str, ...], Role]] = {
    "alice": (("short_time_work",), Role.CASEWORKER),
    "bob": (("short_time_work",), Role.CASEWORKER),
    "mia": (("minimum_income",), Role.CASEWORKER),
    "pia": (("building_permit",), Role.CASEWORKER),
    "sup": ((), Role.SUPERVISOR),
    "aud": ((), Role.AUDITOR),
}


def script(index: int) -> Script:
    return demo_scripts(dt.date.today())[index]


@pytest.fixture(scope="session")
async def accounts(store: CaseStore) -> AccountService:
    service = AccountService(AccountStore(store.engines))
    for name, (groups, role) in STAFF.items():
        await service.ensure_user(name, PASSWORD, groups, role)
    return service


@pytest.fixture
def web_context(
    service: CaseService, store: CaseStore, accounts: AccountService, tmp_path: Path
) -> WebContext:
    return WebContext(cases=service, store=store, accounts=accounts, outbox_dir=tmp_path / "outbox")


@pytest.fixture
async def api(web_context: WebContext) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(web_context))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def login(api: httpx.AsyncClient, username: str) -> dict[str, str]:
    """Return the Authorization header of a caseworker's API token."""
    response = await api.post("/api/auth/token", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def queued_task(store: CaseStore, case_id: str) -> TaskProjection:
    """The open review task of a case, once its projection has landed."""

    async def open_task() -> TaskProjection | None:
        tasks = await store.list_tasks(status="open")
        return next((task for task in tasks if task.case_id == case_id), None)

    return await eventually(open_task, timeout=10.0)


async def case_under_review(service: CaseService, store: CaseStore) -> TaskProjection:
    """Run the French refusal script to a review task (a refusal is never automatic)."""
    case_id, _ = await converse(service, script(2))
    view = await service.wait_for_status(case_id, CaseStatus.UNDER_REVIEW)
    assert view.status is CaseStatus.UNDER_REVIEW
    return await queued_task(store, case_id)
