"""Runs conversations through the real understanding code, without Temporal.

The loop is the intake graph's: the next question (``next_question``), the
understanding (``understand_turn``, with or without a model) and the
deterministic ``apply``. Every procedure runs through the same graph (its
flow, fields and parser come from the procedure named in the state), so
short-time work, the minimum income and the building permit all run here.
The simulated applicant answers each field from the dataset, confirms a
read-back only when the value is what they meant, and accepts the final
review.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from agents.intake.messages import YES_NO_WORDS
from agents.intake.nodes import apply, next_question
from agents.intake.state import CASEWORKER, CONFIRM, REVIEW, IntakeState, Understanding
from agents.intake.understanding import understand_turn
from guichet.llm import ModelClient
from schemas.extraction import Extraction
from tools.evaluation.dataset import Conversation

MAX_TURNS = 80
"""A conversation still open after this many turns counts as not completed."""


@dataclass
class ConversationResult:
    """How one conversation went."""

    conversation: Conversation
    form: dict[str, Any]
    completed: bool
    turns: int
    latencies: list[float]
    model_calls: int = 0

    @property
    def correct_fields(self) -> int:
        """Expected fields whose final value is the one meant."""
        return sum(1 for k, v in self.conversation.expected.items() if _same(self.form.get(k), v))

    @property
    def form_correct(self) -> bool:
        """Whether the final form is exactly the one meant."""
        return (
            self.completed
            and self.correct_fields == len(self.conversation.expected)
            and set(self.form) == set(self.conversation.expected)
        )


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual is expected
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return abs(float(actual) - float(expected)) < 1e-9
    return bool(actual == expected)


class Applicant:
    """Answers as the dataset says; truthful about read-backs."""

    def __init__(self, conversation: Conversation) -> None:
        """Start with no answer used."""
        self.c = conversation
        self._used: dict[str, int] = defaultdict(int)

    def answer(self, asked: str, state: IntakeState) -> str:
        """Return the answer to the question about ``asked``."""
        yes, no = YES_NO_WORDS[self.c.language]
        if asked == CONFIRM:
            pending = Extraction.model_validate(state["pending_confirmation"][0])
            return yes if _same(pending.value, self.c.expected.get(pending.field)) else no
        if asked in (REVIEW, CASEWORKER):
            return yes
        options = self.c.answers.get(asked) or ["?"]
        index = self._used[asked]
        self._used[asked] += 1
        return options[min(index, len(options) - 1)]


async def run_conversation(
    conversation: Conversation, model: ModelClient | None
) -> ConversationResult:
    """Run one conversation to completion (or :data:`MAX_TURNS`)."""
    applicant = Applicant(conversation)
    state = IntakeState(
        procedure=conversation.procedure,
        language=conversation.language,
        form={},
        provenance={},
        pending_confirmation=[],
        extra_answers=[],
        caseworker_question=None,
        reviewed=False,
        turn=0,
    )
    latencies: list[float] = []
    calls = 0
    for _ in range(MAX_TURNS):
        question = next_question(state)
        if question is None:
            return ConversationResult(
                conversation, dict(state["form"]), True, state["turn"], latencies, calls
            )
        state["asked"] = question.field
        state["question_text"] = question.text
        state["answer"] = applicant.answer(question.field, state)
        state["today"] = conversation.today
        state["turn"] = state.get("turn", 0) + 1
        started = time.perf_counter()
        understanding: Understanding = await understand_turn(state, model)
        latencies.append(time.perf_counter() - started)
        calls += understanding.model_call is not None
        state["understanding"] = understanding.model_dump(mode="json")
        state.update(await apply(state))  # type: ignore[typeddict-item]
    return ConversationResult(
        conversation, dict(state["form"]), False, state["turn"], latencies, calls
    )


@dataclass
class Figures:
    """Aggregated figures for one group of conversations."""

    conversations: int = 0
    fields: int = 0
    correct_fields: int = 0
    correct_forms: int = 0
    completed: int = 0
    completed_turns: int = 0
    latencies: list[float] = field(default_factory=list)
    model_calls: int = 0

    def add(self, result: ConversationResult) -> None:
        """Count one conversation in."""
        self.conversations += 1
        self.fields += len(result.conversation.expected)
        self.correct_fields += result.correct_fields
        self.correct_forms += result.form_correct
        if result.completed:
            self.completed += 1
            self.completed_turns += result.turns
        self.latencies.extend(result.latencies)
        self.model_calls += result.model_calls

    @property
    def field_accuracy(self) -> float:
        """Share of expected field values that came out right."""
        return self.correct_fields / self.fields if self.fields else 0.0

    @property
    def form_accuracy(self) -> float:
        """Share of conversations whose whole form came out right."""
        return self.correct_forms / self.conversations if self.conversations else 0.0

    @property
    def turns_per_form(self) -> float:
        """Mean turns of the completed conversations."""
        return self.completed_turns / self.completed if self.completed else 0.0

    @property
    def latency_ms(self) -> float:
        """Mean understanding time per turn, in milliseconds."""
        return 1000 * sum(self.latencies) / len(self.latencies) if self.latencies else 0.0


def summarise(results: Sequence[ConversationResult]) -> dict[tuple[str, str], Figures]:
    """Group figures by (procedure, language), with totals per procedure and per language.

    Returns:
        Keys ``(procedure, language)``, ``(procedure, "all")`` (every language
        of one procedure), ``("all", language)`` (every procedure in one
        language) and ``("all", "all")``; procedures first, then the
        per-language totals, then the grand total.
    """
    groups: dict[tuple[str, str], Figures] = defaultdict(Figures)
    for result in results:
        c = result.conversation
        for key in ((c.procedure, c.language), (c.procedure, "all"), ("all", c.language)):
            groups[key].add(result)
        groups[("all", "all")].add(result)

    def order(key: tuple[str, str]) -> tuple[bool, str, bool, str]:
        procedure, language = key
        return (procedure == "all", procedure, language == "all", language)

    return dict(sorted(groups.items(), key=lambda item: order(item[0])))


async def run_all(
    conversations: Sequence[Conversation],
    model: ModelClient | None,
    progress: Callable[[ConversationResult], None] | None = None,
) -> list[ConversationResult]:
    """Run every conversation in order (one at a time: latency is measured)."""
    results = []
    for conversation in conversations:
        result = await run_conversation(conversation, model)
        results.append(result)
        if progress is not None:
            progress(result)
    return results
