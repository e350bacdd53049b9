"""One conversation turn: the applicant's message and the assistant's reply."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from schemas.case import CaseStatus, Question

MAX_MESSAGE_LENGTH = 2000
"""Longest message accepted in one turn (characters)."""


class TurnInput(BaseModel):
    """The applicant's message.

    Attributes:
        text: What they wrote.
        field: The answer this message replaces, when the applicant chose it
            (the review screen's edit control); the text is then read as a
            new value for that field only. ``None`` for a chat message.
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    text: str = Field(max_length=MAX_MESSAGE_LENGTH)
    field: str | None = Field(default=None, max_length=100)


class TurnReply(BaseModel):
    """The assistant's answer to one turn.

    Attributes:
        status: The case status after the turn.
        reply: What the assistant says (confirmation, clarification, reason).
        question: The next question, or ``None`` when nothing more is needed.
        form: The answers so far.
        understood: Whether the answer filled or changed anything.
        turn: The turn number.
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    status: CaseStatus
    reply: str
    question: Question | None
    form: dict[str, Any]
    understood: bool = True
    turn: int = 0
