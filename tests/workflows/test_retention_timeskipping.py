"""The retention purge, on the time-skipping server, on SQLite and PostgreSQL.

A claim with a known name, e-mail and IBAN is signed off (so it has a task,
a letter and a decision), closed, archived, and then its retention period
runs out. Afterwards its personal data is gone from every table and can no
longer be opened anywhere (its data key is destroyed), while the decision,
amount and dates remain, the archive chain still verifies (also through
``starter.py audit verify``), the whole history still replays, and staff
reads of the case through the API show it as purged.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import os
import re
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
import sqlalchemy as sa
from temporalio.testing import WorkflowEnvironment

from guichet.accounts import AccountService
from guichet.audit.archive import archived_runs, export_case, verify_archive
from guichet.store import AccountStore, ArchiveStore, CaseDataPurged, CaseStore
from guichet.store._case_keys import case_keys_table
from procedures import get_procedure
from runtime.service import CaseService
from runtime.temporal import build_worker
from schemas.account import Role
from schemas.case import CaseStatus
from tests.helpers import TEST_KEYS, eventually
from tests.postgres import PG_URL, postgres_schema
from tests.privacy import find, sqlite_file_bytes, table_bytes
from tools.audit.replay import replay_case
from tools.audit.report import case_audit
from tools.demo import demo_scripts, run_script
from web.app import create_app
from web.context import WebContext
from workflows.case import CaseWorkflow

BERLIN = ZoneInfo("Europe/Berlin")
ROOT = Path(__file__).resolve().parents[2]

NAME = "Philippa Vandersnoot"
EMAIL = "philippa.vandersnoot@example.net"
IBAN = "DE02120300000000202051"
SECRETS = (NAME, EMAIL, IBAN, "Vandersnoot", "0000202051")


@pytest.fixture(params=["sqlite", "postgresql"])
async def case_store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[CaseStore]:
    async with contextlib.AsyncExitStack() as stack:
        if request.param == "sqlite":
            store = await CaseStore.create(f"sqlite+aiosqlite:///{tmp_path / 'cases.db'}")
        else:
            schema = await stack.enter_async_context(postgres_schema("guichet_retention"))
            store = await CaseStore.create(PG_URL, schema=schema)
        stack.push_async_callback(store.close)
        await store.migrate()
        yield store


async def _audit_verify(database: Path, data_dir: Path) -> tuple[int, str]:
    """Run ``starter.py audit verify`` in a process of its own on a SQLite database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUICHET_", "TEMPORAL_"))}
    env |= {
        "GUICHET_DATA_DIR": str(data_dir),
        "GUICHET_DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "GUICHET_ENCRYPTION_KEYS": TEST_KEYS.serialize().strip(),
        "COLUMNS": "200",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "starter.py",
        "audit",
        "verify",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    return process.returncode or 0, output.decode()


async def test_retention_purge_removes_personal_data_and_keeps_the_record(
    env: WorkflowEnvironment, case_store: CaseStore, tmp_path: Path
) -> None:
    store = case_store
    task_queue = f"retention-{uuid.uuid4().hex[:8]}"
    base = demo_scripts((await env.get_current_time()).astimezone(BERLIN).date())[1]
    script = dataclasses.replace(
        base,
        answers={
            **base.answers,
            "contact_person": [NAME],
            "contact_email": [EMAIL],
            "cause_description": [f"Renovation; refunds to our account {IBAN}."],
        },
        sign_off=("approve", f"confirmed by phone with {NAME}"),
    )
    async with build_worker(env.client, task_queue, store):
        service = CaseService(env.client, task_queue)
        view = await run_script(service, script)
        assert view.status is CaseStatus.DECIDED and view.decision is not None
        case_id = view.case_id

        # Decided: the personal data is in the read models, sealed.
        # (The read model follows the workflow: wait for the decision to land.)
        row = await eventually(lambda: store.get_case(case_id), lambda r: r.outcome is not None)
        assert row.form["contact_person"] == NAME
        letters = await store.letters_for_case(case_id)
        assert letters and NAME in letters[0].html, "an authorised read opens the letter"
        done = [t for t in await store.list_tasks(status="done") if t.case_id == case_id]
        assert len(done) == 1 and done[0].summary, "the sign-off task's summary is readable"
        tables = await table_bytes(store)
        assert case_id.encode() in tables["cases"], "positive control: the case is stored"
        assert find(SECRETS, b"".join(tables.values())) == [], "stored in clear"
        decided = row

        # Closed after the objection window, archived, retention timer running.
        assert view.decision.objection_deadline is not None
        await env.sleep(view.decision.objection_deadline - await env.get_current_time())
        closed = await service.wait_for(
            case_id,
            lambda v: (
                any(e.kind == "archived" for e in v.timeline)
                and any(d.code == "retention" for d in v.deadlines)
            ),
            timeout=10,
        )
        archive = ArchiveStore(store.engines)
        history_links = await archive.entries_for_case(case_id)
        assert history_links and {link.kind for link in history_links} == {"history"}
        assert await archived_runs(archive, case_id), "readable before the purge"
        retention = next(d for d in closed.deadlines if d.code == "retention")
        procedure = get_procedure("short_time_work")
        assert retention.due_at - closed.timeline[-1].at <= procedure.retention

        await env.sleep(retention.due_at - await env.get_current_time() + dt.timedelta(seconds=1))
        handle = env.client.get_workflow_handle_for(CaseWorkflow.run, case_id)
        assert (await handle.result()).status is CaseStatus.PURGED

        # The workflow's view shows it purged.
        purged_view = await service.view(case_id)
        assert purged_view.status is CaseStatus.PURGED and purged_view.form == {}
        assert purged_view.decision is not None
        assert purged_view.decision.outcome == view.decision.outcome
        # Staff reads through the API: the case and its audit answer, as purged.
        accounts = AccountService(AccountStore(store.engines))
        await accounts.ensure_user("auditor", "auditor password 1", (), Role.AUDITOR)
        context = WebContext(
            cases=service, store=store, accounts=accounts, outbox_dir=tmp_path / "outbox"
        )
        transport = httpx.ASGITransport(app=create_app(context))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as api:
            signed_in = await api.post(
                "/api/auth/token", json={"username": "auditor", "password": "auditor password 1"}
            )
            assert signed_in.status_code == 200, signed_in.text
            token = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
            read = await api.get(f"/api/cases/{case_id}", headers=token)
            assert read.status_code == 200, read.text
            assert read.json()["status"] == "purged" and read.json()["form"] == {}
            assert read.json()["decision"]["outcome"] == "approved"
            assert find(SECRETS, read.content) == [], "the purged case's view quotes no one"
            audit_read = await api.get(f"/api/cases/{case_id}/audit", headers=token)
            assert audit_read.status_code == 200, audit_read.text
            assert audit_read.json()["purged"] is True
            # And the staff audit page, signed in with a browser session.
            form = await api.get("/staff/login?lang=en")
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
            assert csrf is not None
            signed = await api.post(
                "/staff/login",
                data={
                    "csrf_token": csrf.group(1),
                    "username": "auditor",
                    "password": "auditor password 1",
                },
            )
            assert signed.status_code == 303, signed.text
            page = await api.get(f"/staff/cases/{case_id}/audit")
            assert page.status_code == 200, page.text
            assert "the archive chain still verifies" in page.text
        # A caseworker's note on the purged case is refused with a message, not a 500.
        await accounts.ensure_user(
            "clerk", "clerk password 1", ("short_time_work",), Role.CASEWORKER
        )
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as web:
            form = await web.get("/staff/login?lang=en")
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
            assert csrf is not None
            credentials = {"username": "clerk", "password": "clerk password 1"}
            signed = await web.post(
                "/staff/login", data={"csrf_token": csrf.group(1), **credentials}
            )
            assert signed.status_code == 303, signed.text
            task_id = done[0].task_id
            noted = await web.post(
                f"/staff/tasks/{task_id}/notes",
                data={"csrf_token": csrf.group(1), "text": "call Ms Example back"},
            )
            assert noted.status_code == 303, noted.text
            assert noted.headers["location"].endswith("error=case_purged")
            shown = await web.get(noted.headers["location"])
            assert "notes can no longer be added" in shown.text
        # The purge path is deterministic: the whole history replays.
        replayed = await replay_case(
            case_id, [run.history(case_id) for run in await export_case(env.client, case_id)]
        )
        assert replayed.ok, replayed.divergence

    # The record stays: status, outcome, amount, dates, decider.
    purged = await store.get_case(case_id)
    assert purged is not None and purged.status == "purged" and purged.form == {}
    assert purged.purged_at is not None
    assert abs(purged.purged_at - retention.due_at) < dt.timedelta(minutes=1)
    for kept in ("procedure", "outcome", "amount", "decided_by", "created_at", "submitted_at"):
        assert getattr(purged, kept) == getattr(decided, kept), kept
    assert purged.decided_at == decided.decided_at and purged.outcome == "approved"
    # The personal data is gone from every table, letters and task summaries included.
    assert [letter.html for letter in await store.letters_for_case(case_id)] == [""]
    done = [t for t in await store.list_tasks(status="done") if t.case_id == case_id]
    assert [t.summary for t in done] == [""]
    tables = await table_bytes(store)
    assert find(SECRETS, b"".join(tables.values())) == []
    if store.dialect == "sqlite":
        raw = sqlite_file_bytes(tmp_path / "cases.db")
        assert case_id.encode() in raw
        assert find(SECRETS, raw) == []
    async with store.engines.read.connect() as conn:
        key = (
            await conn.execute(
                sa.select(case_keys_table).where(case_keys_table.c.case_id == case_id)
            )
        ).one()
    assert key.wrapped_key is None and key.key_id is None and key.destroyed_at is not None

    # The archive keeps its links (same digests), appends a purge record, and verifies.
    links = await archive.entries_for_case(case_id)
    assert links[: len(history_links)] == history_links
    assert links[-1].kind == "purge"
    report = await verify_archive(archive)
    assert report.ok and report.head == links[-1].digest, report.broken
    with pytest.raises(CaseDataPurged):
        await archived_runs(archive, case_id)
    audit = await case_audit(case_id, archive)
    assert audit["purged"] is True and audit["timeline"] == []
    assert [link["digest"] for link in audit["archive"]] == [link.digest for link in links]
    if store.dialect == "sqlite":
        code, output = await _audit_verify(tmp_path / "cases.db", tmp_path / "data")
        assert code == 0, output
        assert links[-1].digest in output
