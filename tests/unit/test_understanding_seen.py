"""Every case of issue 19's "What was seen", read in-process as the intake reads it.

Each test gives one message to the understanding and the apply step (no
Temporal), on the newest question flow that asks the fields involved, and
checks what is stored, read back or left alone.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from agents.intake.nodes import next_question
from agents.intake.state import CONFIRM
from schemas.case import Question
from schemas.form import UNRESOLVED
from tools.evaluation.turns import answer, new_state

TODAY = "2026-02-16"


def ask(
    procedure: str,
    language: str,
    field: str,
    text: str,
    form: dict[str, Any] | None = None,
    pending: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Answer ``text`` to the question on ``field`` (or to a read-back); return the state."""
    form = dict(form or {})
    fields = {**form, **({field: None} if not field.startswith("_") else {})}
    state = new_state(procedure, language, form, answers=fields)
    if pending is not None:
        state["pending_confirmation"] = [
            {
                "field": pending["field"],
                "value": pending["value"],
                "source_text": "?",
                "confidence": 0.5,
            }
        ]
        question = next_question(state)
        assert question is not None and question.field == CONFIRM
    else:
        question = Question(field=field, text=field)
    turn = asyncio.run(answer(state, question, text, TODAY, None))
    return {**state, "_next": turn.next}


# 1. Endless loop ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [("de", "12 Beschäftigte"), ("en", "12 employees"), ("fr", "12 salariés")],
)
def test_a_noun_of_another_field_answers_the_asked_question(language: str, text: str) -> None:
    form = {"headcount": 20}
    state = ask("short_time_work", language, "affected_employees", text, form)
    assert state["form"]["affected_employees"] == 12
    assert state["form"]["headcount"] == 20
    assert not state["pending_confirmation"], "no read-back of the head count"
    assert state["_next"].field != "affected_employees"


def test_in_total_to_the_social_insurance_question_answers_it() -> None:
    form = {"headcount": 20, "affected_employees": 12, "affected_over_10_percent": 10}
    state = ask("short_time_work", "en", "employees_social_insurance", "20 in total", form)
    assert state["form"]["employees_social_insurance"] == 20
    assert state["form"]["headcount"] == 20


def test_a_question_is_never_asked_a_fourth_time() -> None:
    state = new_state("short_time_work", "en")
    question = next_question(state)
    assert question is not None
    texts = []
    for _ in range(3):
        texts.append(question.text)
        question = asyncio.run(answer(state, question, "purple elephants", TODAY, None)).next
        assert question is not None
    assert texts[0] == texts[1], "asked twice as it is"
    assert texts[2] != texts[0] and "caseworker" in texts[2], "the third time with help"
    assert state["form"]["cause"] == UNRESOLVED, "then left to the caseworker"
    assert question.field != "cause"


# 2. A period ignored -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("300 euros par mois", 900.0),
        ("je gagne à peu près 850 euros net par mois", 2550.0),
    ],
)
def test_money_per_month_is_stored_for_three_months_and_said(text: str, total: float) -> None:
    state = ask("minimum_income", "fr", "applicant_resources", text, {"has_partner": False})
    assert state["form"]["applicant_resources"] == total
    assert "3 ×" in state["reply"]


# 3. None ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "aucun enfant"), ("en", "no children"), ("de", "keine Kinder")],
)
def test_no_children_is_zero(language: str, text: str) -> None:
    state = ask("minimum_income", language, "children_count", text)
    assert state["form"]["children_count"] == 0


# 4. Free text goes into the wrong place -------------------------------------------


def test_a_situation_is_no_name_and_fills_its_fields() -> None:
    text = "Je vis seule, j'ai 31 ans, pas d'enfant, et je gagne environ 300 euros par mois"
    state = ask("minimum_income", "fr", "applicant_name", text, {})
    form = state["form"]
    assert "applicant_name" not in form
    assert form["has_partner"] is False
    assert form["children_count"] == 0
    assert "birth_date" not in form, "an age is no birth date"


def test_the_bakery_opening_gives_each_number_its_field() -> None:
    text = "We're a 20-person bakery; 12 staff are affected, hours cut by about 40 %"
    state = ask("short_time_work", "en", "cause", text)
    form = state["form"]
    assert form["headcount"] == 20
    assert form["affected_employees"] == 12
    assert form["average_loss_percent"] == 40.0


def test_numbers_of_an_address_are_no_parcel_or_area() -> None:
    text = "Jean Dupont, 3 chemin des Vignes, 21000 Dijon, une extension de 25 m²"
    state = ask("building_permit", "fr", "applicant_name", text)
    form = state["form"]
    assert form["applicant_name"] == "Jean Dupont"
    assert "3 chemin des Vignes" in form["applicant_address"]
    assert form["floor_area"] == 25
    assert "parcel_number" not in form


# 5. Read-backs catch the next answer -------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "yes we used up overtime"),
        ("de", "ja, Überstunden sind alle abgebaut"),
        ("fr", "oui, dès que les machines sont réparées"),
    ],
)
def test_a_reply_about_the_next_question_confirms_nothing(language: str, text: str) -> None:
    form = {"cause": "economic", "cause_description": "x", "orders_expected_to_recover": True}
    state = ask(
        "short_time_work", language, "_confirm", text, form, {"field": "headcount", "value": 50}
    )
    assert "headcount" not in state["form"]


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "yes, that's right"), ("fr", "oui c'est bien ça, 50"), ("de", "ja, genau so, danke")],
)
def test_a_plain_yes_still_confirms(language: str, text: str) -> None:
    form = {"cause": "economic", "cause_description": "x", "orders_expected_to_recover": True}
    state = ask(
        "short_time_work", language, "_confirm", text, form, {"field": "headcount", "value": 50}
    )
    assert state["form"]["headcount"] == 50


def test_fifty_centimetres_of_water_are_no_head_count() -> None:
    text = "inondation le 3 février, l'atelier a pris 50 cm d'eau"
    state = ask("short_time_work", "fr", "cause", text)
    assert state["form"]["cause"] == "unavoidable_event"
    assert "headcount" not in state["form"]
    assert not state["pending_confirmation"]


# 6. Corrections -----------------------------------------------------------------------


def test_a_year_correction_applies_to_the_month() -> None:
    form = {"cause": "economic", "cause_description": "x", "loss_start_month": "2026-03"}
    state = ask(
        "short_time_work",
        "de",
        "expected_duration_months",
        "mit März meinte ich natürlich März 2027",
        form,
    )
    assert state["form"]["loss_start_month"] == "2027-03"


def test_no_put_four_answers_the_read_back() -> None:
    form = {"cause": "economic", "cause_description": "x", "loss_start_month": "2026-03"}
    state = ask(
        "short_time_work",
        "en",
        "_confirm",
        "no, put 4 to be safe",
        form,
        {"field": "expected_duration_months", "value": 3},
    )
    assert state["form"]["expected_duration_months"] == 4


def test_child_one_has_nothing_keeps_the_children() -> None:
    form = {
        "has_partner": False,
        "children_count": 2,
        "child_1_age": 4,
        "child_2_age": 9,
        "applicant_resources": 900.0,
    }
    state = ask(
        "minimum_income", "fr", "child_1_resources", "l'enfant 1 n'a aucune ressource (0 €)", form
    )
    assert state["form"]["child_1_resources"] == 0.0
    assert state["form"]["children_count"] == 2
    assert state["form"]["child_2_age"] == 9


# Formats the law accepts -----------------------------------------------------------------


def test_a_height_with_a_decimal_comma() -> None:
    state = ask("building_permit", "fr", "height", "3,5 m")
    assert state["form"]["height"] == 3.5


def test_a_cadastral_section_with_its_label() -> None:
    state = ask("building_permit", "fr", "parcel_section", "section BK")
    assert state["form"]["parcel_section"] == "BK"


def test_a_yes_no_read_back_has_no_double_negative() -> None:
    state = new_state("building_permit", "fr")
    state["pending_confirmation"] = [
        {"field": "urban_zone", "value": False, "source_text": "?", "confidence": 0.5}
    ]
    question = next_question(state)
    assert question is not None and question.field == CONFIRM
    assert "Zone U du PLU : Non" not in question.text
    assert "zone urbaine" in question.text and "Non" in question.text
