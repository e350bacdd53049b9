"""What-if for an RSA case (issue 20 item 4): every set of the procedure by its id.

The committed RSA histories were decided on 2026-11-22 with the set
rsa-2025-04-01 (recorded before the 2026-04-01 set existed): exactly the
kind of case the revaluation concerns.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from temporalio.client import WorkflowHistory

from tools.audit import cli
from tools.audit.whatif import WhatIfError, what_if

HISTORY = Path(__file__).parents[1] / "histories" / "minimum_income_1_fr.json"


def _load() -> WorkflowHistory:
    payload: dict[str, Any] = json.loads(HISTORY.read_text())
    return WorkflowHistory.from_json(payload["workflow_id"], payload["history"])


async def test_what_if_accepts_the_set_the_case_was_decided_with() -> None:
    history = _load()
    report = await what_if(history.workflow_id, [history], "rsa-2025-04-01")
    assert report.recorded_parameter_set == report.what_if_parameter_set == "rsa-2025-04-01"
    # A person alone, no resources, housing benefit: 646.52 − 77.58, recorded and now.
    assert report.recorded_amount == report.what_if_amount == "568.94"


async def test_what_if_shows_the_2025_and_2026_sets_side_by_side(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    history = _load()
    report = await what_if(history.workflow_id, [history], "rsa-2026-04-01")
    assert report.recorded_set is not None and report.what_if_set is not None
    assert report.recorded_set.id == "rsa-2025-04-01"
    assert report.what_if_set.id == "rsa-2026-04-01"
    # 651.69 − 78.20 = 573.49 with the 2026 amounts.
    assert (report.recorded_amount, report.what_if_amount) == ("568.94", "573.49")
    flat = next(f for f in report.facts if f.name == "flat_amount")
    assert (flat.recorded, flat.what_if, flat.changed) == ("646.52", "651.69", True)
    monkeypatch.setattr(cli.console, "width", 250)
    cli._print_what_if(report)
    out = capsys.readouterr().out
    assert "rsa-2025-04-01: 2025-04-01 to" in out and "rsa-2026-04-01: 2026-04-01 to open" in out
    assert "568.94" in out and "573.49" in out


async def test_an_unknown_set_names_the_known_ones() -> None:
    history = _load()
    with pytest.raises(WhatIfError, match="known: rsa-2025-04-01, rsa-2026-04-01"):
        await what_if(history.workflow_id, [history], "rsa-2024-04-01")


async def test_cases_decided_with_last_years_set_are_listed_for_revision() -> None:
    from tools.audit.revisions import find_revisions

    history = _load()

    async def histories(case_id: str) -> list[WorkflowHistory]:
        assert case_id == history.workflow_id
        return [history]

    [candidate] = await find_revisions([history.workflow_id], histories)
    # Decided on 2026-11-22 with the 2025 set: the 2026 set is in force on that date.
    assert candidate.reference_date.isoformat() == "2026-11-22"
    assert (candidate.recorded_set, candidate.in_force_set) == ("rsa-2025-04-01", "rsa-2026-04-01")
    assert (candidate.recorded_amount, candidate.in_force_amount) == ("568.94", "573.49")


async def test_a_case_decided_with_the_set_in_force_is_not_listed() -> None:
    from tools.audit.revisions import revision_candidate
    from tools.audit.whatif import recorded_evaluation

    history = _load()
    request, recorded = await recorded_evaluation([history])
    # The same claim, dated before 1 April 2026: the 2025 set was the right one.
    earlier = request.model_copy(
        update={"reference_date": request.reference_date.replace(year=2025)}
    )
    assert revision_candidate(history.workflow_id, earlier, recorded) is None
    assert revision_candidate(history.workflow_id, request, recorded) is not None
