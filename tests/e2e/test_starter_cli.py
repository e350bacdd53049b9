"""Command-line helpers and listings: deadlines, document answers, whole tables, totals."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import starter
from guichet.case_files import CaseFiles
from guichet.config import get_settings
from guichet.listing import Listing, plain_table, shown_of_total
from guichet.store import CaseStore
from runtime.devserver import EmbeddedTemporal
from schemas.projection import CaseProjection, ProjectionBatch
from tests.conftest import NAMESPACE
from tools.cli.cases import next_deadline
from tools.cli.run import seal_file_answer

NOW = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def test_next_deadline_is_the_earliest_still_ahead() -> None:
    deadlines = {
        "tacit_decision": "2026-02-28T22:59:59.999999+00:00",
        "objection": "2026-04-30T21:59:59.999999+00:00",
        "third_party_appeal": "2026-05-31T21:59:59.999999+00:00",
    }
    assert next_deadline(deadlines, NOW) == "objection 2026-04-30"
    assert next_deadline({"objection": "2026-01-01T00:00:00+00:00"}, NOW) == ""
    assert next_deadline({}, NOW) == ""


async def test_a_file_path_answers_a_document_question(tmp_path: Path) -> None:
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(b"%PDF-1.4 plan")
    store = await CaseStore.create(f"sqlite+aiosqlite:///{tmp_path / 'cases.db'}")
    await store.migrate()
    files = CaseFiles(tmp_path / "data" / "files", store)
    try:
        answer = await seal_file_answer("building_permit", "site_plan", str(plan), files, "bp-1")
        assert answer.startswith("file:") and len(answer) == 5 + 64
        assert await files.read("bp-1", answer) == b"%PDF-1.4 plan"
        # Not a document question, or not a file: the text goes through unchanged.
        for field, text in (("site_address", str(plan)), ("site_plan", "non")):
            assert await seal_file_answer("building_permit", field, text, files, "bp-1") == text
        bad = tmp_path / "notes.txt"
        bad.write_text("not a plan")
        assert await seal_file_answer(
            "building_permit", "site_plan", str(bad), files, "bp-1"
        ) == str(bad)
    finally:
        await store.close()


def test_a_plain_table_keeps_every_value_whole() -> None:
    long_id = "building_permit-" + "0123456789abcdef" * 3
    table = plain_table(("case", "summary"), [(long_id, "two\nlines"), ("x", "")])
    lines = table.splitlines()
    assert lines[0].split() == ["case", "summary"]
    assert lines[1] == f"{long_id}  two lines"
    assert lines[2] == "x", "no trailing spaces"
    # Columns line up: the second column starts at the same offset on every line.
    assert lines[0].index("summary") == lines[1].index("two")


def test_the_count_line_says_when_a_limit_hid_rows() -> None:
    listing = Listing("Cases", "cases", ("case",), [("a",), ("b",)], total=5)
    assert shown_of_total(listing) == "2 of 5 cases shown; --limit shows more"
    assert shown_of_total(Listing("Cases", "cases", ("case",), [("a",)], total=1)) == "1 cases"


def _row(case_id: str, at: dt.datetime) -> CaseProjection:
    return CaseProjection(
        case_id=case_id,
        version=1,
        procedure="minimum_income",
        language="fr",
        status="under_review",
        created_at=at,
        updated_at=at,
        form={"name": "Marie Curie"},
    )


@pytest.fixture
def cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, temporal_server: EmbeddedTemporal
) -> Iterator[Callable[..., Result]]:
    """Run ``starter.py`` in-process on a fresh data dir and the session's Temporal server."""
    monkeypatch.setenv("GUICHET_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("GUICHET_TEMPORAL_ADDRESS", temporal_server.address)
    monkeypatch.setenv("GUICHET_TEMPORAL_NAMESPACE", NAMESPACE)
    monkeypatch.delenv("GUICHET_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    runner = CliRunner()

    def run(*args: str) -> Result:
        # asyncio.run in a thread of its own: the session's loop stays untouched.
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(runner.invoke, starter.app, list(args)).result(timeout=120)

    yield run
    get_settings.cache_clear()


async def test_cases_are_listed_whole_with_their_total(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    store = await CaseStore.create(f"sqlite+aiosqlite:///{tmp_path / 'guichet.db'}")
    await store.migrate()
    ids = [f"minimum_income-{n:02d}{'f' * 30}" for n in range(3)]
    for n, case_id in enumerate(ids):
        await store.apply(ProjectionBatch(case=_row(case_id, NOW + dt.timedelta(minutes=n))))
    await store.close()

    piped = cli("cases", "--limit", "2")
    assert piped.exit_code == 0, piped.output
    lines = piped.stdout.splitlines()
    assert lines[0].split()[:3] == ["case", "procedure", "status"]
    # Newest first, every id whole although the output is not a terminal.
    assert [line.split()[0] for line in lines[1:]] == [ids[2], ids[1]]
    assert "2 of 3 cases shown; --limit shows more" in piped.stderr

    listed = cli("cases", "--json", "--status", "under_review")
    assert listed.exit_code == 0, listed.output
    document = json.loads(listed.stdout)
    assert (document["total"], document["shown"]) == (3, 3)
    assert [c["case_id"] for c in document["cases"]] == ids[::-1]
    assert "form" not in document["cases"][0], "a listing carries no personal data"
    assert "Marie" not in listed.stdout

    queue = cli("tasks", "--json", "--limit", "1")
    assert queue.exit_code == 0, queue.output
    assert json.loads(queue.stdout) == {"total": 0, "shown": 0, "tasks": []}
