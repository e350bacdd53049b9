"""Uploads an earlier release stored in clear: resealed into their cases, purged with them.

Issue 23 item 8: before, a document was stored once per content under
``files/<ab>/<sha256>``, in clear, and the retention purge left it there.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

import starter
from activities.purge import PurgeActivities
from guichet.case_files import CaseFiles, reseal_at_start
from guichet.config import get_settings
from guichet.files import FileStore, store_upload
from guichet.store import CaseStore
from schemas.projection import CaseProjection, ProjectionBatch
from schemas.retention import PurgeRequest
from tests.helpers import eventually
from tests.web.test_documents import PERMIT_ANSWERS, _permit_case
from tests.web.test_pages import _signed_in, browser
from web.context import WebContext
from web.uploads import case_files

MARKER = b"legacy site plan"
NOW = dt.datetime.now(dt.UTC)


@pytest.fixture
def plan() -> bytes:
    """A site plan of this test's own: the session's other cases never refer to it."""
    return b"%PDF-1.4\n% legacy site plan " + uuid.uuid4().hex.encode() + b"\n%%EOF\n"


def _clear_copies(root: Path, marker: bytes = MARKER) -> list[Path]:
    """Every file under ``root`` holding ``marker`` in clear."""
    return [p for p in root.rglob("*") if p.is_file() and marker in p.read_bytes()]


async def _case_with_legacy_plan(
    api: httpx.AsyncClient, web_context: WebContext, plan: bytes, age_days: int = 3
) -> str:
    """A permit case whose site plan was uploaded by the earlier release (in clear) days ago."""
    case_id, auth = await _permit_case(api)
    question = (await api.get(f"/api/cases/{case_id}", headers=auth)).json()["question"]
    while question["field"] in PERMIT_ANSWERS:
        sent = await api.post(
            f"/api/cases/{case_id}/messages",
            headers=auth,
            json={"text": PERMIT_ANSWERS[question["field"]]},
        )
        assert sent.status_code == 200, sent.text
        question = sent.json()["question"]
    assert question["field"] == "site_plan"
    # What the earlier release's upload endpoint did: one clear file per content.
    stored = store_upload(web_context.files_root, plan)
    _aged(web_context.files_root / "files" / stored.sha256[:2] / stored.sha256, age_days)
    answered = await api.post(
        f"/api/cases/{case_id}/messages", headers=auth, json={"text": stored.reference}
    )
    assert answered.status_code == 200 and answered.json()["form"]["site_plan"] == stored.reference
    # The case row follows the reply (as it had long done when the release changed).
    await eventually(
        lambda: web_context.store.get_case(case_id),
        lambda row: row.form.get("site_plan") == stored.reference,
    )
    return case_id


def _aged(path: Path, days: int) -> None:
    then = (NOW - dt.timedelta(days=days)).timestamp()
    os.utime(path, (then, then))


async def test_legacy_clear_uploads_are_resealed_and_still_open_for_staff(
    api: httpx.AsyncClient, web_context: WebContext, plan: bytes
) -> None:
    root = web_context.files_root / "files"
    # Two cases sent the same bytes: the earlier release kept one clear file for both.
    first = await _case_with_legacy_plan(api, web_context, plan)
    second = await _case_with_legacy_plan(api, web_context, plan)
    [clear] = _clear_copies(root)
    # Left by a case purged by the earlier release (no form refers to it any
    # more), an upload interrupted half-way, and an upload sent a minute ago
    # whose message may still come.
    old_orphan = FileStore(root).put(b"%PDF-1.4 legacy site plan, purged case")
    _aged(root / old_orphan.sha256[:2] / old_orphan.sha256, days=3)
    partial = root / "ab" / ".upload-x1y2"
    partial.parent.mkdir(exist_ok=True)
    partial.write_bytes(b"%PDF-1.4 legacy site plan, half")
    _aged(partial, days=3)
    young = FileStore(root).put(b"%PDF-1.4 a young orphan")
    assert len(_clear_copies(root)) == 3

    files = case_files(web_context)
    seen: list[tuple[int, int]] = []
    report = await files.reseal_legacy(progress=lambda done, total: seen.append((done, total)))
    assert (report.found, report.sealed, report.removed, report.kept) == (4, 2, 3, 1)
    assert seen[-1] == (4, 4)
    # No clear byte of any of them is left on disk; only the young orphan waits.
    assert _clear_copies(root) == []
    assert not clear.exists() and not partial.exists()
    assert (root / young.sha256[:2] / young.sha256).is_file()
    for case_id in (first, second):
        [sealed] = list((root / "cases" / case_id).iterdir())
        assert sealed.name == f"{clear.name}.pdf" and sealed.stat().st_mode & 0o077 == 0

    # Staff still open the document, from each case, as it was uploaded.
    async with browser(web_context) as staff:
        await _signed_in(staff, "pia")
        for case_id in (first, second):
            opened = await staff.get(f"/staff/cases/{case_id}/documents/site_plan")
            assert opened.status_code == 200 and opened.content == plan

    # Idempotent: a second run finds only the young orphan and writes nothing.
    again = await files.reseal_legacy()
    assert (again.found, again.sealed, again.removed, again.kept) == (1, 0, 0, 1)

    # The purge deletes the case's copy; the other case keeps its own.
    purge = PurgeActivities(web_context.store, root)
    await purge.purge_case(PurgeRequest(case_id=first, purged_at=NOW))
    assert not (root / "cases" / first).exists()
    assert await files.read(second, f"file:{clear.name}") == plan


async def test_purge_deletes_a_legacy_clear_upload_not_yet_resealed(
    api: httpx.AsyncClient, web_context: WebContext, plan: bytes
) -> None:
    root = web_context.files_root / "files"
    case_id = await _case_with_legacy_plan(api, web_context, plan)
    [clear] = _clear_copies(root)
    purge = PurgeActivities(web_context.store, root)
    await purge.purge_case(PurgeRequest(case_id=case_id, purged_at=NOW))
    assert _clear_copies(root) == [] and not clear.exists()
    assert not (root / "cases" / case_id).exists()
    assert case_files(web_context).describe(case_id, f"file:{clear.name}") is None


async def test_a_crash_while_sealing_leaves_the_clear_file_and_a_rerun_finishes(
    api: httpx.AsyncClient,
    web_context: WebContext,
    plan: bytes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = web_context.files_root / "files"
    case_id = await _case_with_legacy_plan(api, web_context, plan)
    [clear] = _clear_copies(root)
    files = case_files(web_context)

    def power_cut(source: object, target: object) -> None:
        raise OSError("power cut before the rename")

    monkeypatch.setattr("guichet.case_files.os.replace", power_cut)
    with pytest.raises(OSError, match="power cut"):
        await files.reseal_legacy()
    monkeypatch.undo()
    # The clear file is still the document; no partial sealed copy is taken for it.
    assert clear.is_file()
    assert not list((root / "cases" / case_id).glob("*.pdf"))
    assert await files.read(case_id, f"file:{clear.name}") == plan

    report = await files.reseal_legacy()
    assert (report.sealed, report.removed) == (1, 1)
    assert _clear_copies(root) == []
    assert await files.read(case_id, f"file:{clear.name}") == plan


async def test_a_recent_upload_is_sealed_now_and_its_clear_file_deleted_after_the_grace(
    api: httpx.AsyncClient, web_context: WebContext, plan: bytes
) -> None:
    root = web_context.files_root / "files"
    case_id = await _case_with_legacy_plan(api, web_context, plan, age_days=0)
    [clear] = _clear_copies(root)
    files = case_files(web_context)
    # Another case may refer to it in a row not projected yet: it stays a day.
    first = await files.reseal_legacy()
    assert (first.sealed, first.removed, first.kept) == (1, 0, 1) and clear.is_file()
    later = await files.reseal_legacy(now=NOW + dt.timedelta(days=2))
    assert (later.sealed, later.removed, later.kept) == (0, 1, 0)
    assert _clear_copies(root) == []
    assert await files.read(case_id, f"file:{clear.name}") == plan


async def test_an_unreadable_case_stops_nothing_and_its_possible_files_are_kept(
    api: httpx.AsyncClient, web_context: WebContext, plan: bytes
) -> None:
    import sqlalchemy as sa

    from guichet.store._models import cases_table

    root = web_context.files_root / "files"
    case_id = await _case_with_legacy_plan(api, web_context, plan)
    [clear] = _clear_copies(root)
    orphan = FileStore(root).put(b"%PDF-1.4 legacy site plan of an unreadable case")
    _aged(root / orphan.sha256[:2] / orphan.sha256, days=3)
    # A damaged row: another case's sealed form copied over it.
    damaged = await _case_with_legacy_plan(api, web_context, plan + b" ")
    store = web_context.store
    async with store.engines.write.begin() as conn:
        sealed = await conn.scalar(
            sa.select(cases_table.c.form).where(cases_table.c.case_id == case_id)
        )
        kept_form = await conn.scalar(
            sa.select(cases_table.c.form).where(cases_table.c.case_id == damaged)
        )
        await conn.execute(
            sa.update(cases_table).where(cases_table.c.case_id == damaged).values(form=sealed)
        )
    try:
        report = await case_files(web_context).reseal_legacy()
        # The readable case's document is sealed; nothing that might be the
        # damaged case's is deleted on a guess.
        assert report.sealed >= 1
        assert not clear.exists()
        assert (root / orphan.sha256[:2] / orphan.sha256).is_file()
    finally:
        async with store.engines.write.begin() as conn:
            await conn.execute(
                sa.update(cases_table)
                .where(cases_table.c.case_id == damaged)
                .values(form=kept_form)
            )
        await case_files(web_context).reseal_legacy()


async def test_starter_reseal_uploads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plan: bytes
) -> None:
    monkeypatch.setenv("GUICHET_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("GUICHET_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    store = await CaseStore.create(f"sqlite+aiosqlite:///{tmp_path / 'guichet.db'}")
    try:
        await store.migrate()
        stored = store_upload(tmp_path, plan)
        reference = stored.reference
        _aged(tmp_path / "files" / stored.sha256[:2] / stored.sha256, days=2)
        case_id = "building_permit-legacy"
        row = CaseProjection(
            case_id=case_id,
            version=1,
            procedure="building_permit",
            language="fr",
            status="under_review",
            created_at=NOW,
            updated_at=NOW,
            form={"site_plan": reference},
        )
        await store.apply(ProjectionBatch(case=row))
        # asyncio.run in a thread of its own: the session's loop stays untouched.
        with ThreadPoolExecutor(max_workers=1) as pool:
            result = pool.submit(CliRunner().invoke, starter.app, ["reseal-uploads"]).result(60)
        assert result.exit_code == 0, result.output
        assert "1 clear upload(s) found: 1 sealed cop(ies) written, 1 clear file(s)" in (
            " ".join(result.output.split())
        )
        assert _clear_copies(tmp_path / "files") == []
        assert await CaseFiles(tmp_path / "files", store).read(case_id, reference) == plan
    finally:
        await store.close()
        get_settings.cache_clear()


async def test_the_worker_start_reseals_and_only_logs_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plan: bytes
) -> None:
    store = await CaseStore.create(f"sqlite+aiosqlite:///{tmp_path / 'guichet.db'}")
    try:
        await store.migrate()
        stored = store_upload(tmp_path, plan)
        clear = tmp_path / "files" / stored.sha256[:2] / stored.sha256
        _aged(clear, days=2)
        row = CaseProjection(
            case_id="building_permit-at-start",
            version=1,
            procedure="building_permit",
            language="fr",
            status="under_review",
            created_at=NOW,
            updated_at=NOW,
            form={"site_plan": stored.reference},
        )
        await store.apply(ProjectionBatch(case=row))
        files = CaseFiles(tmp_path / "files", store)

        async def database_down(*_: object, **__: object) -> int:
            raise RuntimeError("database down")

        # The database is down at the worker's start: logged, the worker goes on.
        monkeypatch.setattr(store, "count_cases", database_down)
        assert await reseal_at_start(files) is None
        assert clear.is_file()
        monkeypatch.undo()
        report = await reseal_at_start(files)
        assert report is not None and (report.sealed, report.removed) == (1, 1)
        assert not clear.exists()
        assert await files.read("building_permit-at-start", stored.reference) == plan
    finally:
        await store.close()
