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
        turn: The turn the message answers (``TurnReply.turn`` of the
            question shown), when the client sent it: an older turn is
            refused as stale instead of answering the next question.
        digest: A keyed hash of ``field`` and ``text`` (never the text),
            copied into the reply so that a key reused with another text is
            told apart from a resend (:mod:`guichet.idempotency`).
        legacy_update_id: The update id the previous release used for the
            same Idempotency-Key (``msg-<key>``), so a message sent before an
            upgrade and resent after it applies once. Inside the encrypted
            payload, never an update id; dropped in the next release.
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    text: str = Field(max_length=MAX_MESSAGE_LENGTH)
    field: str | None = Field(default=None, max_length=100)
    turn: int | None = Field(default=None, ge=0)
    digest: str | None = Field(default=None, max_length=64)
    legacy_update_id: str | None = Field(default=None, max_length=120)


class TurnReply(BaseModel):
    """The assistant's answer to one turn.

    Attributes:
        status: The case status after the turn.
        reply: What the assistant says (confirmation, clarification, reason).
        question: The next question, or ``None`` when nothing more is needed.
        form: The answers so far.
        understood: Whether the answer filled or changed anything.
        turn: The turn number of ``question``: the next message names it.
        answered: The ``digest`` of the message this reply answers (None for
            the greeting and for replies of earlier releases).
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    status: CaseStatus
    reply: str
    question: Question | None
    form: dict[str, Any]
    understood: bool = True
    turn: int = 0
    answered: str | None = None
