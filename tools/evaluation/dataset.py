"""The conversation dataset: simulated applicants and the forms they mean."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

DEFAULT_DATASET = Path(__file__).resolve().parents[2] / "tests" / "eval" / "conversations.jsonl"


class Conversation(BaseModel):
    """One applicant, written as applicants write.

    Attributes:
        id: Stable id (``procedure-language-nn``).
        procedure: The procedure applied for.
        language: The applicant's language.
        today: The reference date the conversation is set on (``YYYY-MM-DD``).
        answers: What the applicant answers when a field is asked, in order
            (the last answer repeats).
        expected: The final form the applicant means.
    """

    id: str
    procedure: str
    language: str
    today: str
    answers: dict[str, list[str]]
    expected: dict[str, Any] = Field(default_factory=dict)


def load(path: Path = DEFAULT_DATASET) -> list[Conversation]:
    """Read a JSONL dataset (one conversation per line)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Conversation.model_validate_json(line) for line in lines if line.strip()]
