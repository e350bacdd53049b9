"""The intake graph's state and the understanding activity's result."""

from __future__ import annotations

from typing import Any, TypedDict

from pydantic import BaseModel, ConfigDict, Field

from schemas.extraction import Extraction

REVIEW = "_review"
"""Pseudo-field of the final review question."""
CONFIRM = "_confirm"
"""Pseudo-field of a read-back of an uncertain value."""
CASEWORKER = "_caseworker"
"""Pseudo-field of a caseworker's question to the applicant."""


class IntakeState(TypedDict, total=False):
    """What the intake graph carries between nodes.

    LangGraph's channels hold plain JSON values: nodes that run as activities
    receive this as a dict, so every node validates what it reads into the
    pydantic models below.
    """

    case_id: str
    """Makes every node input unique to its case: the LangGraph plugin caches
    activity-node results by their arguments in a process-wide context, so two
    cases in the same state must never share a cache key."""
    procedure: str
    language: str
    form: dict[str, Any]
    provenance: dict[str, dict[str, Any]]
    pending_confirmation: list[dict[str, Any]]
    caseworker_question: str | None
    extra_answers: list[str]
    reviewed: bool
    turn: int
    asked: str
    question_text: str
    answer: str
    today: str
    understanding: dict[str, Any] | None
    reply: str
    understood: bool
    done: bool


class Understanding(BaseModel):
    """What the understanding activity read from one answer.

    Attributes:
        asked: The field (or pseudo-field) that was asked.
        extraction: The value for the asked field, when one was read.
        error: Why the answer could not be used, in the applicant's language.
        yes_no: The reading of a yes/no answer to a read-back or the review.
        corrections: Values for earlier fields the applicant corrected.
        method: ``parser`` or ``model`` (the understanding as a whole).
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    asked: str
    extraction: Extraction | None = None
    error: str | None = None
    yes_no: bool | None = None
    corrections: list[Extraction] = Field(default_factory=list)
    method: str = "parser"


class ResumeValue(BaseModel):
    """What the workflow sends into ``interrupt()`` when the applicant answers."""

    model_config = ConfigDict(hide_input_in_errors=True)

    text: str
    today: str
