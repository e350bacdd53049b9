"""A demo case from intake to closing, audited from its archived histories.

Runs on the time-skipping server so the objection window passes in moments;
the case continues as new every few turns, so the archive holds several
runs. (After the retention purge the archived histories can no longer be
read: tests/workflows/test_retention_timeskipping.py covers that.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from temporalio.testing import WorkflowEnvironment

from guichet.audit.archive import archived_runs, verify_archive
from guichet.store import ArchiveStore, CaseStore
from runtime.service import CaseService
from runtime.temporal import build_worker
from schemas.case import CaseStatus
from tools.audit.export import ExportError, build_export, read_export, write_export
from tools.audit.replay import replay_case
from tools.audit.report import case_audit
from tools.audit.timeline import build_timeline
from tools.audit.whatif import CURRENT, what_if
from tools.demo import demo_scripts, run_script

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
async def closed_case(
    env: WorkflowEnvironment, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[str, CaseStore]]:
    """The French demo case (refused after sign-off), run until closed and archived."""
    path = tmp_path_factory.mktemp("audit") / "cases.db"
    store = await CaseStore.create(f"sqlite+aiosqlite:///{path}")
    await store.migrate()
    async with build_worker(env.client, "audit", store):
        service = CaseService(env.client, "audit", continue_as_new_after_turns=6)
        today = (await env.get_current_time()).astimezone(BERLIN).date()
        view = await run_script(service, demo_scripts(today)[2])
        assert view.status is CaseStatus.DECIDED and view.decision is not None
        assert view.decision.objection_deadline is not None
        await env.sleep(view.decision.objection_deadline - await env.get_current_time())
        # Closed, archived, and waiting out the retention period.
        closed = await service.wait_for(
            view.case_id,
            lambda v: (
                any(e.kind == "archived" for e in v.timeline)
                and any(d.code == "retention" for d in v.deadlines)
            ),
            timeout=10,
        )
        assert closed.status is CaseStatus.CLOSED
    try:
        yield view.case_id, store
    finally:
        await store.close()


async def test_closing_archives_every_run(closed_case: tuple[str, CaseStore]) -> None:
    case_id, store = closed_case
    archive = ArchiveStore(store.engines)
    links = await archive.entries_for_case(case_id)
    history_links = [link for link in links if link.kind == "history"]
    assert len(history_links) >= 3, "the case continued as new, every run is archived"
    assert history_links == links
    assert {link.entry_id for link in history_links} == {history_links[0].entry_id}
    report = await verify_archive(archive)
    assert report.ok, report.broken
    assert report.head == links[-1].digest


async def test_timeline_has_every_element(closed_case: tuple[str, CaseStore]) -> None:
    case_id, store = closed_case
    runs = await archived_runs(ArchiveStore(store.engines), case_id)
    timeline = await build_timeline(case_id, [run.history(case_id) for run in runs])
    kinds = {event.kind for event in timeline.events}
    assert {
        "case_started", "question", "answer", "extraction", "rules", "criterion", "task",
        "claim", "decision", "letter", "deadline", "timer", "continued_as_new", "run_started",
    } <= kinds  # fmt: skip
    assert timeline.procedure == "short_time_work" and timeline.language == "fr"
    assert len(timeline.runs) == len(runs) >= 3

    questions = timeline.of_kind("question")
    assert any(q.details["field"] == "headcount" for q in questions)
    answers = [a for a in timeline.of_kind("answer") if a.actor == "applicant"]
    assert any(a.details["message"] == "vingt" for a in answers)
    headcount = next(e for e in timeline.of_kind("extraction") if e.details["field"] == "headcount")
    assert headcount.details["value"] == 20
    assert headcount.details["source_text"] == "vingt"
    assert headcount.details["method"] == "parser"
    assert 'from "vingt"' in headcount.text

    rules = timeline.of_kind("rules")[0]
    assert rules.details["parameter_set"]["id"] == "stw-2023-07-01"
    criteria = {c.details["code"]: c.details["result"] for c in timeline.of_kind("criterion")}
    assert criteria["minimum_share"] == "not_met"
    assert all(
        c.details["parameter_set"] == "stw-2023-07-01" for c in timeline.of_kind("criterion")
    )

    decision = timeline.of_kind("decision")[0]
    assert decision.actor == "demo.caseworker"
    assert decision.details["outcome"] == "reject"
    assert decision.details["reason"].startswith("Moins d'un tiers")
    assert timeline.of_kind("claim")[0].actor == "demo.caseworker"

    letter = timeline.of_kind("letter")[0]
    assert letter.details["outcome"] == "rejected" and len(letter.details["sha256"]) == 64
    deadline = timeline.of_kind("deadline")[0]
    timers = timeline.of_kind("timer")
    due = dt.datetime.fromisoformat(deadline.details["due_at"])
    # The timer is set from workflow time to the deadline (to within the
    # server's clock resolution).
    assert any(
        abs(dt.datetime.fromisoformat(t.details["due_at"]) - due) < dt.timedelta(seconds=1)
        for t in timers
    )
    assert timeline.of_kind("timer_fired"), "the objection window ran out"
    # Archived when the case closed: the history so far ends with the closing.
    assert timeline.of_kind("status")[-1].details["status"] == "closed"
    # The archive activity was guarded by a patch, recorded as a version marker.
    assert "archive-on-close" in [e.details["patch_id"] for e in timeline.of_kind("version")]
    # No line of a later run comes before a line of an earlier one.
    assert [e.run for e in timeline.events] == sorted(e.run for e in timeline.events)


async def test_timeline_is_unchanged_with_read_models_emptied(
    closed_case: tuple[str, CaseStore],
) -> None:
    case_id, store = closed_case
    archive = ArchiveStore(store.engines)
    before = await case_audit(case_id, archive)
    assert await store.delete_case_rows(case_id) > 0
    assert await store.get_case(case_id) is None and not await store.letters_for_case(case_id)
    after = await case_audit(case_id, archive)
    assert after == before
    assert after["replay"]["ok"] is True
    assert after["replay"]["events"] == sum(run["events"] for run in after["runs"])


async def test_archived_runs_replay_and_what_if(closed_case: tuple[str, CaseStore]) -> None:
    case_id, store = closed_case
    runs = await archived_runs(ArchiveStore(store.engines), case_id)
    histories = [run.history(case_id) for run in runs]
    report = await replay_case(case_id, histories)
    assert report.ok and report.runs == len(runs), report.divergence

    eased = await what_if(case_id, histories, "stw-2020-03-01-eased")
    assert eased.recorded_parameter_set == "stw-2023-07-01"
    assert not eased.recorded_eligible and eased.what_if_eligible
    changed = [c.code for c in eased.criteria if c.changed]
    assert "minimum_share" in changed
    same = await what_if(case_id, histories, CURRENT)
    assert not same.changed and same.what_if_parameter_set == same.recorded_parameter_set


async def test_export_replays_elsewhere_and_detects_tampering(
    closed_case: tuple[str, CaseStore], tmp_path: Path
) -> None:
    case_id, store = closed_case
    archive = ArchiveStore(store.engines)
    runs = await archived_runs(archive, case_id)
    timeline = await build_timeline(case_id, [run.history(case_id) for run in runs])
    path = tmp_path / "case.json"
    write_export(
        build_export(case_id, runs, timeline, await archive.entries_for_case(case_id)), path
    )

    export, histories = read_export(path)
    assert export.case_id == case_id and export.timeline == timeline
    assert (await replay_case(case_id, histories)).ok

    text = path.read_text()
    run = export.runs[0]
    # Change one byte of the archived history (keeping it valid base64).
    forged = run.history_protobuf[:100] + ("A" if run.history_protobuf[100] != "A" else "B")
    path.write_text(text.replace(run.history_protobuf, forged + run.history_protobuf[101:]))
    with pytest.raises(ExportError, match="SHA-256"):
        read_export(path)
