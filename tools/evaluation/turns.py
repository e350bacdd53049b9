"""One conversation turn in-process: understanding → apply → next question.

The same steps the intake graph runs inside the case workflow, without
Temporal or LangGraph: :func:`answer` does what the ``ask`` node records when
the applicant answers, then runs the understanding (parser, and the model
when one is given) and the deterministic ``apply``. Both evaluations (the
phrase bank and the simulated conversations) go through here, so a change
of the intake's state needs one change here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from agents.intake.nodes import apply, next_question
from agents.intake.state import IntakeState, Understanding
from agents.intake.understanding import understand_turn
from guichet.llm import ModelClient
from procedures import get_procedure
from schemas.case import Question


def flow_for(procedure: str, answers: dict[str, Any]) -> str | None:
    """The newest question flow that asks most fields of ``answers`` (``None``: the base flow).

    The phrase bank was written for the form as it was; a later flow may ask
    other fields (the RSA's monthly income instead of a three-month total),
    and an item is read on the newest flow that still asks its fields.
    """
    base = get_procedure(procedure)
    asked = set(answers)
    # The newest flow that asks the most of them: new cases run on it. An
    # opening that says "I earn 780 a month" names the second flow's monthly
    # pay, which that flow asks only once the pay is known to be the same
    # each month; it is still read on the flow it was written for.
    best: tuple[int, str | None] = (len(asked & set(base.applicable_fields(answers))), None)
    for version in base.graph_versions:
        flow = base.for_graph(version.graph_name)
        covered = len(asked & set(flow.applicable_fields(answers)))
        if covered >= best[0]:
            best = (covered, version.graph_name)
    return best[1]


def new_state(
    procedure: str,
    language: str,
    form: dict[str, Any] | None = None,
    answers: dict[str, Any] | None = None,
) -> IntakeState:
    """Return the intake state of a new case on the newest question flow.

    Args:
        procedure: The procedure id.
        language: The applicant's language.
        form: Answers already given (stored format), if any.
        answers: Every answer the item speaks of: the newest flow that asks
            most of them is taken (:func:`flow_for`); ``None`` takes the newest.
    """
    versions = get_procedure(procedure).graph_versions
    if answers is not None:
        graph = flow_for(procedure, answers)
        versions = [v for v in versions if v.graph_name == graph]
    state = IntakeState(
        procedure=procedure,
        language=language,
        form=dict(form or {}),
        provenance={},
        pending_confirmation=[],
        extra_answers=[],
        caseworker_question=None,
        reviewed=False,
        turn=0,
    )
    if versions:
        # New cases start on the newest flow version (workflows.case.context).
        state["graph"] = versions[-1].graph_name
    return state


@dataclass
class Turn:
    """What one answer did.

    Attributes:
        understanding: What the understanding read.
        seconds: Wall time of understanding and apply.
        next: The question asked next (``None``: the intake is complete).
    """

    understanding: Understanding
    seconds: float
    next: Question | None


async def answer(
    state: IntakeState, question: Question, text: str, today: str, model: ModelClient | None
) -> Turn:
    """Give ``text`` as the answer to ``question`` and fold it into ``state`` (in place).

    Args:
        state: The intake state; updated as the graph would update it.
        question: The question the applicant answers (from :func:`next_question`).
        text: The applicant's message.
        today: The reference date (``YYYY-MM-DD``).
        model: The model client, or ``None`` for the parser alone.

    Returns:
        The understanding, the time it took and the next question.
    """
    # What the ``ask`` node records when the graph resumes with the answer.
    state["asked"] = question.field
    state["question_text"] = question.text
    state["answer"] = text
    state["today"] = today
    state["turn"] = state.get("turn", 0) + 1
    state["understanding"] = None
    started = time.perf_counter()
    understanding = await understand_turn(state, model)
    state["understanding"] = understanding.model_dump(mode="json")
    state.update(await apply(state))  # type: ignore[typeddict-item]
    following = next_question(state)
    return Turn(understanding, time.perf_counter() - started, following)
