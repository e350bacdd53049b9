"""Parameters that cannot silently go stale (issue 20 item 3), judged on an injected today."""

from __future__ import annotations

import dataclasses
import datetime as dt

from typer.testing import CliRunner

import starter
from procedures import PROCEDURES
from procedures.minimum_income.parameters import PARAMETER_SETS
from tools.cli._common import stale_warnings


def test_rsa_is_revalued_every_first_of_april() -> None:
    rsa = PROCEDURES["minimum_income"]
    assert rsa.revaluation is not None
    assert (rsa.revaluation.month, rsa.revaluation.day) == (4, 1)
    # The 2026-04-01 set is the newest: fine until the next 1 April...
    assert rsa.stale_parameters(dt.date(2026, 12, 7)) is None
    assert rsa.stale_parameters(dt.date(2027, 3, 31)) is None
    # ...stale from that day on.
    stale = rsa.stale_parameters(dt.date(2027, 4, 1))
    assert stale is not None and stale.newest == "rsa-2026-04-01"
    assert stale.due == dt.date(2027, 4, 1)
    assert "rsa-2026-04-01" in stale.text("fr") and "2027-04-01" in stale.text("de")


def test_the_situation_before_the_2026_set_would_have_been_warned_about() -> None:
    # Only last year's set deployed, as before décret n° 2026-220 was entered.
    only_2025 = {"rsa-2025-04-01": PARAMETER_SETS["rsa-2025-04-01"]}
    rsa = dataclasses.replace(PROCEDURES["minimum_income"], parameter_sets=only_2025)
    assert rsa.stale_parameters(dt.date(2026, 3, 31)) is None
    stale = rsa.stale_parameters(dt.date(2026, 4, 1))
    assert stale is not None and stale.newest_from == dt.date(2025, 4, 1)


def test_procedures_without_a_revaluation_are_never_stale() -> None:
    for name in ("short_time_work", "building_permit"):
        assert PROCEDURES[name].stale_parameters(dt.date(2099, 1, 1)) is None


def test_starter_warns_with_an_injected_today() -> None:
    runner = CliRunner()
    late = runner.invoke(starter.app, ["parameters", "--today", "2027-04-02"])
    assert late.exit_code == 0, late.output
    assert "warning" in late.output and "rsa-2026-04-01" in late.output
    fine = runner.invoke(starter.app, ["parameters", "--today", "2026-12-07"])
    assert "warning" not in fine.output and "up to date" in fine.output
    assert stale_warnings(dt.datetime(2027, 4, 2, tzinfo=dt.UTC))
    assert not stale_warnings(dt.datetime(2026, 12, 7, tzinfo=dt.UTC))
