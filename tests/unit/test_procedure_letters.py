"""Every letter of the two French procedures renders in every language and says
how and by when it can be contested."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from procedures import get_procedure
from procedures.letters import render_letter
from schemas.letter import LetterRequest
from tests.unit.test_permit_rules import project
from tests.unit.test_rsa_rules import household

DECIDED = dt.datetime(2026, 3, 31, 10, tzinfo=dt.UTC)
DEADLINE = dt.datetime(2026, 5, 31, 21, 59, 59, 999999, tzinfo=dt.UTC)


def _request(
    procedure: str, outcome: str, language: str, form: dict[str, Any], ruled: bool
) -> LetterRequest:
    day = dt.date(2026, 3, 2)
    rule_outcome = get_procedure(procedure).evaluate(form, day, day) if ruled else None
    return LetterRequest(
        letter_id="c:1",
        case_id="c",
        procedure=procedure,
        language=language,
        outcome=outcome,
        form=form,
        rule_outcome=rule_outcome,
        decided_by="system" if outcome.startswith("tacitly") else "agent",
        decided_at=DECIDED,
        reason="Motif.",
        objection_deadline=DEADLINE,
    )


RSA_FORM = household(children=1, applicant=600, housing="owner_no_loan")
PERMIT_FORM = {
    **project(),
    "applicant_name": "Sophie Bernard",
    "applicant_address": "3 chemin des Vignes",
    "parcel_section": "AB",
    "parcel_number": 142,
    "site_address": "5 chemin des Vignes",
}


@pytest.mark.parametrize("language", ["de", "en", "fr"])
@pytest.mark.parametrize("outcome", ["approved", "rejected", "tacitly_rejected"])
def test_rsa_letters(language: str, outcome: str) -> None:
    html = render_letter(
        _request("minimum_income", outcome, language, RSA_FORM, True),
        get_procedure("minimum_income"),
    )
    assert "L262-47" in html and 'datetime="2026-05-31"' in html
    if outcome == "approved":
        assert {"de": "614,62", "en": "614.62", "fr": "614,62"}[language] in html


@pytest.mark.parametrize("language", ["de", "en", "fr"])
@pytest.mark.parametrize(
    ("outcome", "ruled"),
    [
        ("approved", True),
        ("rejected", True),
        ("tacitly_approved", True),
        ("tacitly_rejected", False),
    ],
)
def test_permit_letters(language: str, outcome: str, ruled: bool) -> None:
    html = render_letter(
        _request("building_permit", outcome, language, PERMIT_FORM, ruled),
        get_procedure("building_permit"),
    )
    assert 'datetime="2026-05-31"' in html
    third_parties = "R600-2" in html
    assert third_parties is (outcome in ("approved", "tacitly_approved"))


@pytest.mark.parametrize("language", ["de", "en", "fr"])
def test_rsa_letter_explains_family_benefits_and_the_housing_cap(language: str) -> None:
    from tests.unit.test_rsa_resources import claim

    # 2026-03-02, set 2025-04-01: 1,357.70 − (300 + 151.80 + min(192.02, 48.75)) = 857.15
    form = claim(
        partner=True,
        ages=(4, 9),
        pay=300,
        allowances=151.80,
        housing="tenant_with_benefit",
        housing_benefit=48.75,
    )
    html = render_letter(
        _request("minimum_income", "approved", language, form, True),
        get_procedure("minimum_income"),
    )
    comma = language != "en"
    for amount in ("857.15", "151.80", "48.75"):
        assert (amount.replace(".", ",") if comma else amount) in html
    family = {"de": "Familienleistungen", "en": "Family benefits counted", "fr": "Prestations"}
    assert family[language] in html
    # Each criterion names its source: the housing cap is CASF R262-10.
    assert "R262-9 and R262-10" in html and "R262-10-1" in html
