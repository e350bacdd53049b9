"""The conversation dataset and the evaluation runner (parser only: no model cost)."""

from __future__ import annotations

from collections import Counter

from guichet.evaluation.dataset import load
from guichet.evaluation.runner import run_conversation, summarise
from procedures import get_procedure


def test_dataset_covers_the_languages_and_means_valid_forms() -> None:
    conversations = load()
    assert len(conversations) >= 60
    assert len({c.id for c in conversations}) == len(conversations)
    per_language = Counter(c.language for c in conversations)
    assert set(per_language) == {"de", "en", "fr"}
    assert min(per_language.values()) >= 20
    for conversation in conversations:
        procedure = get_procedure(conversation.procedure)
        expected = conversation.expected
        # The meant form is exactly the applicable fields, each consistent.
        assert set(expected) == set(procedure.applicable_fields(expected)), conversation.id
        for name, value in expected.items():
            assert procedure.check_field(name, value, expected) is None, (conversation.id, name)
            assert name in conversation.answers, (conversation.id, name)
    # Several facts in one message open many conversations.
    assert sum(len(c.answers["cause"][0].split()) >= 8 for c in conversations) >= 20


async def test_runner_fills_the_meant_form_with_the_parser() -> None:
    conversation = load()[0]
    result = await run_conversation(conversation, None)
    assert result.completed
    assert result.form == conversation.expected
    assert result.form_correct
    assert result.model_calls == 0
    assert len(result.latencies) == result.turns


async def test_figures_count_a_wrong_field() -> None:
    conversation = load()[1]
    wrong = conversation.model_copy(
        update={"expected": {**conversation.expected, "headcount": 999}}
    )
    result = await run_conversation(wrong, None)
    figures = summarise([result])[(wrong.procedure, wrong.language)]
    assert figures.correct_fields == len(wrong.expected) - 1
    assert figures.form_accuracy == 0.0
    assert summarise([result])[("all", "all")].conversations == 1
