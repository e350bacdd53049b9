"""Each criterion names its provision from the parameter set, and each boundary holds
(issue 20 item 5: one third, 10 %, 20 m², the day a time limit ends)."""

from __future__ import annotations

import datetime as dt

import pytest

from procedures.building_permit.parameters import PARAMETER_SETS as PERMIT_SETS
from procedures.building_permit.rules import evaluate as permit_evaluate
from procedures.minimum_income.parameters import parameters_for as rsa_parameters
from procedures.minimum_income.rules import evaluate as rsa_evaluate
from procedures.short_time_work.parameters import parameters_for as stw_parameters
from schemas.rules import CriterionResult
from tests.unit.test_permit_rules import project
from tests.unit.test_rsa_resources import claim
from tests.unit.test_stw_rules import explanation, result, run

MET, NOT_MET = CriterionResult.MET, CriterionResult.NOT_MET
EASED = dt.date(2021, 5, 10)


@pytest.mark.parametrize("received", [dt.date(2026, 3, 31), EASED])
def test_stw_criteria_name_the_provisions_of_their_parameter_set(received: dt.date) -> None:
    outcome = run(received=received, loss_start_month=f"{received:%Y-%m}")
    sources = stw_parameters(received).legal_sources
    for criterion in outcome.criteria:
        assert criterion.legal_basis == sources[criterion.code]
    assert "SGB III" in sources["minimum_share"] and "§ 104" in sources["max_duration"]
    if received == EASED:
        assert "KugV" in sources["minimum_share"]


def test_permit_criteria_name_the_provisions_of_their_parameter_set() -> None:
    day = dt.date(2026, 3, 15)
    outcome = permit_evaluate(project(), day, day)
    sources = PERMIT_SETS["urbanisme-2012-01-01"].legal_sources
    for criterion in outcome.criteria:
        assert criterion.legal_basis == sources[criterion.code]
    assert (
        "R*423-23" in sources["instruction_period"] and "R*423-37" in sources["instruction_period"]
    )


def test_rsa_criteria_with_their_own_provision_name_it_from_the_set() -> None:
    day = dt.date(2026, 4, 15)
    sources = rsa_parameters(day).legal_sources
    outcome = rsa_evaluate(claim(ages=(5,), pay=100), day, day)
    named = {c.code: c.legal_basis for c in outcome.criteria}
    for code in ("earnings_stopped", "resources", "family_benefits", "housing_deduction"):
        assert named[code] == sources[code]


# One third, exactly (normal rules) and 10 %, exactly (eased rules, 2020-03 to 2023-06).
@pytest.mark.parametrize(
    ("received", "headcount", "over_10", "met"),
    [
        (dt.date(2026, 3, 31), 15, 5, MET),  # 5/15 = one third exactly
        (dt.date(2026, 3, 31), 15, 4, NOT_MET),
        (dt.date(2026, 3, 31), 3, 1, MET),
        (EASED, 20, 2, MET),  # 2/20 = 10 % exactly
        (EASED, 21, 2, NOT_MET),  # 9.5 %
        (EASED, 10, 1, MET),
    ],
)
def test_minimum_share_boundaries(
    received: dt.date, headcount: int, over_10: int, met: CriterionResult
) -> None:
    outcome = run(
        received=received,
        loss_start_month=f"{received:%Y-%m}",
        headcount=headcount,
        affected_employees=over_10,
        affected_over_10_percent=over_10,
        employees_social_insurance=headcount,
    )
    assert result(outcome, "minimum_share") is met


@pytest.mark.parametrize(
    ("area", "urban", "form"),
    [
        (20, False, "prior_declaration"),
        (21, False, "building_permit"),
        (40, True, "prior_declaration"),
        (41, True, "building_permit"),
    ],
)
def test_twenty_square_metres_exactly(area: int, urban: bool, form: str) -> None:
    day = dt.date(2026, 3, 15)
    outcome = permit_evaluate(project(floor_area=area, urban_zone=urban), day, day)
    assert outcome.facts["application_form"] == form


def test_the_day_the_notification_period_ends() -> None:
    # Loss from May 2026: the month ends on Sunday 31 May. A notification that
    # reaches the agency that day counts for May; on 1 June it takes effect
    # from June. (§ 99 Abs. 2 SGB III asks for the month of the loss; the
    # working-day rule is applied to the objection period only, see docs/procedures.md.)
    on_the_day = run(received=dt.date(2026, 5, 31), loss_start_month="2026-05")
    assert result(on_the_day, "timely_notification") is MET
    assert on_the_day.facts["effective_month"] == "2026-05"
    day_after = run(received=dt.date(2026, 6, 1), loss_start_month="2026-05")
    assert day_after.facts["effective_month"] == "2026-06"
    assert "June 2026" in explanation(day_after, "timely_notification")
