"""The conversation dataset and the evaluation runner (parser only: no model cost)."""

from __future__ import annotations

from collections import Counter

import pytest

from procedures import PROCEDURES, get_procedure
from tools.evaluation.dataset import Conversation, load
from tools.evaluation.runner import run_conversation, summarise

LANGUAGES = {"de", "en", "fr"}


def test_dataset_covers_every_procedure_and_language_with_valid_forms() -> None:
    conversations = load()
    assert len(conversations) >= 60
    assert len({c.id for c in conversations}) == len(conversations)
    per_procedure = Counter(c.procedure for c in conversations)
    assert (
        set(per_procedure)
        == set(PROCEDURES)
        == {
            "short_time_work",
            "minimum_income",
            "building_permit",
        }
    )
    assert min(per_procedure.values()) >= 20
    # Balanced over the languages within every procedure.
    for procedure_id in PROCEDURES:
        per_language = Counter(c.language for c in conversations if c.procedure == procedure_id)
        assert set(per_language) == LANGUAGES, procedure_id
        assert len(set(per_language.values())) == 1, (procedure_id, per_language)
    for conversation in conversations:
        procedure = get_procedure(conversation.procedure)
        expected = conversation.expected
        # The meant form is exactly the applicable fields, each consistent.
        assert set(expected) == set(procedure.applicable_fields(expected)), conversation.id
        for name, value in expected.items():
            assert procedure.check_field(name, value, expected) is None, (conversation.id, name)
            assert name in conversation.answers, (conversation.id, name)


def _messages(c: Conversation) -> list[str]:
    return [text for texts in c.answers.values() for text in texts]


def test_dataset_is_written_as_applicants_write() -> None:
    conversations = load()
    for procedure in PROCEDURES:
        mine = [c for c in conversations if c.procedure == procedure]
        # Several facts in one message open a good share of the conversations.
        long = [c for c in mine if any(len(m.split()) >= 7 for m in _messages(c))]
        assert len(long) >= len(mine) // 3, procedure
        # Corrections and retries: some field has a first answer and a second one.
        retried = [c for c in mine if any(len(texts) > 1 for texts in c.answers.values())]
        assert len(retried) >= 6, procedure
    words = ("zwölf", "twelve", "douze", "sept", "seven", "sieben", "quatre cents", "vierzehn")
    assert sum(any(w in m for m in _messages(c) for w in words) for c in conversations) >= 15
    cues = ("Korrektur", "Actually", "actually", "en fait", "Correction")
    assert sum(any(cue in m for m in _messages(c) for cue in cues) for c in conversations) >= 15
    relative = ("letztem Monat", "last month", "mois dernier", "this month", "ce mois-ci")
    assert sum(any(r in m for m in _messages(c) for r in relative) for c in conversations) >= 10


@pytest.mark.parametrize("procedure", ["short_time_work", "minimum_income", "building_permit"])
async def test_runner_fills_the_meant_form_with_the_parser(procedure: str) -> None:
    conversation = next(c for c in load() if c.procedure == procedure)
    result = await run_conversation(conversation, None)
    assert result.completed
    assert result.form == conversation.expected
    assert result.form_correct
    assert result.model_calls == 0
    assert len(result.latencies) == result.turns


async def test_correction_of_the_household_drops_the_fields_that_no_longer_apply() -> None:
    # Three children given, corrected to two while the pregnancy is asked.
    conversation = next(c for c in load() if c.id == "minimum_income-fr-05")
    assert "child_3_age" in conversation.answers and "child_3_age" not in conversation.expected
    result = await run_conversation(conversation, None)
    assert result.form_correct, result.form


async def test_figures_count_a_wrong_field_and_total_per_procedure_and_language() -> None:
    first, second = load()[1], next(c for c in load() if c.procedure == "building_permit")
    wrong = first.model_copy(update={"expected": {**first.expected, "headcount": 999}})
    results = [await run_conversation(wrong, None), await run_conversation(second, None)]
    groups = summarise(results)
    figures = groups[(wrong.procedure, wrong.language)]
    assert figures.correct_fields == len(wrong.expected) - 1
    assert figures.form_accuracy == 0.0
    assert groups[(wrong.procedure, "all")].conversations == 1
    assert groups[("all", second.language)].conversations == 1 + (second.language == wrong.language)
    assert groups[("all", "all")].conversations == 2
    assert groups[("all", "all")].correct_forms == 1
    assert list(groups)[-1] == ("all", "all")
