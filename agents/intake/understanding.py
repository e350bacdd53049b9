"""Understanding one answer: the graph node that runs as a Temporal activity.

It is the only node with a cost (a model call, where one is configured), so
it is the one activity on a turn's critical path. It reads the answer for the
asked field and any correction of an earlier field, and records the source
text and method of every value for the audit. The reference date comes from
the workflow (``workflow.now()``), so "ab März" reads the same on replay.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from agents.intake.messages import say
from agents.intake.state import CASEWORKER, CONFIRM, REVIEW, IntakeState, Understanding
from schemas.extraction import Extraction, ExtractionMethod


def understand_answer(state: IntakeState) -> Understanding:
    """Read the applicant's latest answer against the question asked (pure).

    Args:
        state: The graph state with ``asked``, ``answer`` and ``today`` set.

    Returns:
        The understanding, with provenance on every extraction.
    """
    # Imported here: the parser pulls in dateparser, which the workflow
    # sandbox must never have to load.
    from agents import nlu
    from procedures import get_procedure

    procedure = get_procedure(state["procedure"])
    language = state["language"]
    text = state.get("answer", "").strip()
    asked = state["asked"]
    turn = state.get("turn", 0)
    today = dt.date.fromisoformat(state["today"])
    form = state.get("form", {})
    if not text:
        return Understanding(asked=asked, error=say("empty", language))

    answered = [procedure.fields[name] for name in form if name in procedure.fields]

    def corrections(exclude: str | None) -> list[Extraction]:
        found = nlu.find_corrections(text, answered, language, today, exclude=exclude)
        return [
            Extraction(
                field=name,
                value=result.value,
                source_text=text,
                method=ExtractionMethod.PARSER,
                confidence=result.confidence,
                turn=turn,
            )
            for name, result in found
        ]

    if asked in (CONFIRM, REVIEW):
        return Understanding(
            asked=asked,
            yes_no=nlu.parse_yes_no(text, language),
            corrections=corrections(None),
        )
    if asked == CASEWORKER:
        return Understanding(
            asked=asked,
            extraction=Extraction(field=CASEWORKER, value=text, source_text=text, turn=turn),
        )
    spec = procedure.fields[asked]
    result = nlu.parse_value(text, spec, language, today)
    found = corrections(asked)
    if result.ok and any(c.value == result.value for c in found):
        # "actually we have 22 employees" asked for another number: the
        # number belongs to the field the applicant named, not the asked one.
        return Understanding(asked=asked, corrections=found)
    if result.ok:
        extraction = Extraction(
            field=asked,
            value=result.value,
            source_text=text,
            method=ExtractionMethod.PARSER,
            confidence=result.confidence,
            turn=turn,
        )
        return Understanding(asked=asked, extraction=extraction, corrections=found)
    error = None if found else nlu.error_message(result, spec, language)
    return Understanding(asked=asked, error=error, corrections=found)


async def understand(state: dict[str, Any]) -> dict[str, Any]:
    """Graph node (runs as an activity): understand the latest answer.

    The LangGraph plugin hands activity nodes the state as a plain dict, so
    it is validated on the way in and dumped on the way out.
    """
    understanding = understand_answer(IntakeState(**state))  # type: ignore[typeddict-item]
    return {"understanding": understanding.model_dump(mode="json")}
