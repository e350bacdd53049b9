from typing import Any

import pytest

from procedures import get_procedure
from procedures.short_time_work import PROCEDURE
from procedures.short_time_work.flow import applicable_fields, check_field, next_field, prune
from procedures.short_time_work.form import FIELDS
from schemas.form import FieldKind

EMPLOYER = [
    "employer_name",
    "employer_address",
    "betriebsnummer",
    "industry",
    "contact_person",
    "contact_email",
]
FIGURES = [
    "loss_start_month",
    "expected_duration_months",
    "average_loss_percent",
    "headcount",
    "affected_employees",
    "affected_over_10_percent",
    "employees_social_insurance",
    "overtime_and_leave_used",
    "works_council",
]

SAMPLE: dict[str, Any] = {
    "cause": "economic",
    "cause_description": "Order cancelled",
    "orders_expected_to_recover": True,
    "event_type": "natural_disaster",
    "event_date": "2026-03-05",
    "loss_start_month": "2026-03",
    "expected_duration_months": 6,
    "average_loss_percent": 40,
    "headcount": 15,
    "affected_employees": 10,
    "affected_over_10_percent": 5,
    "employees_social_insurance": 14,
    "overtime_and_leave_used": True,
    "works_council": True,
    "works_council_consent": True,
    "employer_name": "Müller GmbH",
    "employer_address": "Hauptstraße 1, 10115 Berlin",
    "betriebsnummer": "09912342",
    "industry": "Metal",
    "contact_person": "Eva Müller",
    "contact_email": "eva@example.org",
}


def asked_in_order(answers: dict[str, Any]) -> list[str]:
    """Simulate the intake: ask next_field until complete, answering from `answers`."""
    values: dict[str, Any] = {}
    asked: list[str] = []
    while (name := next_field(values)) is not None:
        assert name not in asked, f"{name} asked twice"
        asked.append(name)
        values[name] = answers[name]
    return asked


def test_economic_question_order() -> None:
    answers = {**SAMPLE, "works_council": False}
    assert asked_in_order(answers) == [
        "cause",
        "cause_description",
        "orders_expected_to_recover",
        *FIGURES,
        *EMPLOYER,
    ]


def test_unavoidable_event_question_order_differs() -> None:
    answers = {**SAMPLE, "cause": "unavoidable_event", "works_council": False}
    order = asked_in_order(answers)
    assert order == ["cause", "cause_description", "event_type", "event_date", *FIGURES, *EMPLOYER]
    assert "orders_expected_to_recover" not in order


def test_other_cause_has_no_follow_ups() -> None:
    answers = {**SAMPLE, "cause": "other", "works_council": False}
    assert asked_in_order(answers) == ["cause", "cause_description", *FIGURES, *EMPLOYER]


def test_works_council_follow_up() -> None:
    order = asked_in_order(SAMPLE)
    position = order.index("works_council")
    assert order[position + 1] == "works_council_consent"
    assert order[position + 2] == "employer_name"
    assert "works_council_consent" not in asked_in_order({**SAMPLE, "works_council": False})


def test_first_question_and_completion() -> None:
    assert next_field({}) == "cause"
    assert applicable_fields({})[:2] == ["cause", "cause_description"]
    complete = prune(SAMPLE)
    assert next_field(complete) is None


def test_none_counts_as_unanswered() -> None:
    assert next_field({"cause": None}) == "cause"
    assert next_field({"cause": "economic", "cause_description": "x"}) == (
        "orders_expected_to_recover"
    )


def test_prune_after_cause_change() -> None:
    values = prune({**SAMPLE, "event_type": None, "event_date": None})
    values = {k: v for k, v in values.items() if v is not None}
    assert "orders_expected_to_recover" in values
    values["cause"] = "unavoidable_event"
    pruned = prune(values)
    assert "orders_expected_to_recover" not in pruned
    assert pruned["headcount"] == 15  # answers that still apply are kept
    assert next_field(pruned) == "event_type"
    assert values["orders_expected_to_recover"] is True  # input not modified


def test_prune_after_works_council_change() -> None:
    pruned = prune({**SAMPLE, "works_council": False})
    assert "works_council_consent" not in pruned
    assert "works_council" in pruned


def test_prune_drops_unknown_keys() -> None:
    assert prune({"cause": "economic", "nonsense": 1}) == {"cause": "economic"}


def test_prune_is_exposed_to_the_engine() -> None:
    assert PROCEDURE.extra["prune"] is prune


# --- cross-field checks


@pytest.mark.parametrize(
    ("name", "value", "others"),
    [
        ("affected_employees", 16, {"headcount": 15}),
        ("affected_over_10_percent", 11, {"affected_employees": 10, "headcount": 15}),
        ("affected_over_10_percent", 16, {"headcount": 15}),
        ("employees_social_insurance", 16, {"headcount": 15}),
        # The other direction: the larger count corrected below a given smaller one.
        ("headcount", 9, {"affected_employees": 10}),
        ("headcount", 13, {"employees_social_insurance": 14}),
        ("affected_employees", 4, {"affected_over_10_percent": 5, "headcount": 15}),
    ],
)
def test_check_field_reports_inconsistency(name: str, value: int, others: dict[str, int]) -> None:
    error = check_field(name, value, others)
    assert error is not None
    assert set(error) == {"de", "en", "fr"}
    assert str(value) in error["en"]


def test_check_field_message_names_both_figures() -> None:
    error = check_field("headcount", 9, {"affected_employees": 10})
    assert error is not None
    assert error["en"] == (
        "10 employees cannot be affected when the establishment has 9 employees in total."
    )
    assert "10" in error["de"] and "9" in error["de"]
    assert "10" in error["fr"] and "9" in error["fr"]


@pytest.mark.parametrize(
    ("name", "value", "others"),
    [
        ("affected_employees", 15, {"headcount": 15}),
        ("affected_over_10_percent", 10, {"affected_employees": 10, "headcount": 15}),
        ("employees_social_insurance", 0, {"headcount": 15}),
        ("headcount", 10, {"affected_employees": 10, "employees_social_insurance": 10}),
        ("affected_employees", 99, {}),
        ("cause", "economic", {"headcount": 1}),
        ("works_council", True, {"headcount": 1}),
        ("headcount", 15, {"affected_employees": True}),
    ],
)
def test_check_field_accepts_consistent_values(
    name: str, value: Any, others: dict[str, Any]
) -> None:
    assert check_field(name, value, others) is None


# --- the form itself


EXPECTED_KINDS = {
    "cause": FieldKind.CHOICE,
    "cause_description": FieldKind.TEXT,
    "orders_expected_to_recover": FieldKind.YES_NO,
    "event_type": FieldKind.CHOICE,
    "event_date": FieldKind.DATE,
    "loss_start_month": FieldKind.MONTH,
    "expected_duration_months": FieldKind.INTEGER,
    "average_loss_percent": FieldKind.PERCENT,
    "headcount": FieldKind.INTEGER,
    "affected_employees": FieldKind.INTEGER,
    "affected_over_10_percent": FieldKind.INTEGER,
    "employees_social_insurance": FieldKind.INTEGER,
    "overtime_and_leave_used": FieldKind.YES_NO,
    "works_council": FieldKind.YES_NO,
    "works_council_consent": FieldKind.YES_NO,
    "employer_name": FieldKind.TEXT,
    "employer_address": FieldKind.TEXT,
    "betriebsnummer": FieldKind.BETRIEBSNUMMER,
    "industry": FieldKind.TEXT,
    "contact_person": FieldKind.TEXT,
    "contact_email": FieldKind.EMAIL,
}


def test_fields_have_the_agreed_names_and_kinds() -> None:
    assert {name: spec.kind for name, spec in FIELDS.items()} == EXPECTED_KINDS
    assert set(SAMPLE) == set(FIELDS)


def test_ranges() -> None:
    assert (
        FIELDS["expected_duration_months"].minimum,
        FIELDS["expected_duration_months"].maximum,
    ) == (1, 24)
    assert (FIELDS["average_loss_percent"].minimum, FIELDS["average_loss_percent"].maximum) == (
        1,
        100,
    )
    assert FIELDS["headcount"].minimum == 1
    assert FIELDS["affected_over_10_percent"].minimum == 0
    assert FIELDS["employees_social_insurance"].maximum == 1_000_000
    assert FIELDS["cause_description"].max_length == 1000


@pytest.mark.parametrize("name", list(FIELDS))
def test_every_field_speaks_three_languages(name: str) -> None:
    spec = FIELDS[name]
    for lang in ("de", "en", "fr"):
        assert spec.questions[lang].strip()
        assert spec.labels[lang].strip()
        assert spec.keywords[lang]
        for option in spec.choices:
            assert option.labels[lang]
            assert option.synonyms[lang]


def test_cause_choices_and_synonyms() -> None:
    options = {o.value: o for o in FIELDS["cause"].choices}
    assert set(options) == {"economic", "unavoidable_event", "other"}
    assert "Auftrag storniert" in options["economic"].synonyms["de"]
    assert "commande annulée" in options["economic"].synonyms["fr"]
    assert "flood" in options["unavoidable_event"].synonyms["en"]
    assert {o.value for o in FIELDS["event_type"].choices} == {
        "official_measure",
        "natural_disaster",
        "other_event",
    }


def test_every_applicable_field_is_a_form_field() -> None:
    for cause in ("economic", "unavoidable_event", "other"):
        for council in (True, False):
            names = applicable_fields({"cause": cause, "works_council": council})
            assert set(names) <= set(FIELDS)
            assert len(names) == len(set(names))


def test_procedure_is_registered() -> None:
    procedure = get_procedure("short_time_work")
    assert procedure is PROCEDURE
    assert procedure.graph_name == "short_time_work_intake_v1"
    assert str(procedure.timezone) == "Europe/Berlin"
    assert tuple(procedure.languages) == ("de", "en", "fr")
    assert procedure.title("fr") and procedure.title("de") and procedure.title("es")
    assert procedure.confidence_threshold == 0.8
    assert list(procedure.fields) == list(FIELDS)  # the form, with its slot-filling hints
    assert (procedure.template_dir / "letter_approved.html.j2").is_file()
