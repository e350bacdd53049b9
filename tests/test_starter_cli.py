"""Command-line helpers: next deadline of a case row, file paths as document answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import starter

NOW = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def test_next_deadline_is_the_earliest_still_ahead() -> None:
    deadlines = {
        "tacit_decision": "2026-02-28T22:59:59.999999+00:00",
        "objection": "2026-04-30T21:59:59.999999+00:00",
        "third_party_appeal": "2026-05-31T21:59:59.999999+00:00",
    }
    assert starter._next_deadline(deadlines, NOW) == "objection 2026-04-30"
    assert starter._next_deadline({"objection": "2026-01-01T00:00:00+00:00"}, NOW) == ""
    assert starter._next_deadline({}, NOW) == ""


def test_a_file_path_answers_a_document_question(tmp_path: Path) -> None:
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(b"%PDF-1.4 plan")
    answer = starter._answer("building_permit", "site_plan", str(plan), tmp_path / "data")
    assert answer.startswith("file:") and len(answer) == 5 + 64
    # Not a document question, or not a file: the text goes through unchanged.
    assert starter._answer("building_permit", "site_address", str(plan), tmp_path) == str(plan)
    assert starter._answer("building_permit", "site_plan", "non", tmp_path) == "non"
    bad = tmp_path / "notes.txt"
    bad.write_text("not a plan")
    assert starter._answer("building_permit", "site_plan", str(bad), tmp_path) == str(bad)
