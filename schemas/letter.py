"""Input to render a decision letter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from schemas.rules import RuleOutcome


class LetterRequest(BaseModel):
    """Everything a letter template may show.

    Attributes:
        letter_id: Derived in the workflow (``case_id:seq``).
        case_id: The case.
        procedure: The procedure id (selects the template folder).
        language: The applicant's language.
        outcome: ``approved``, ``rejected``, ...
        form: The form values.
        rule_outcome: The rules' outcome with its criteria.
        decided_by: ``system`` or the caseworker.
        decided_at: When.
        reason: The caseworker's reason, if any.
        objection_deadline: Last instant to contest.
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    letter_id: str
    case_id: str
    procedure: str
    language: str
    outcome: str
    form: dict[str, Any] = Field(default_factory=dict)
    rule_outcome: RuleOutcome | None = None
    decided_by: str
    decided_at: dt.datetime
    reason: str | None = None
    objection_deadline: dt.datetime


class RenderedLetter(BaseModel):
    """A rendered letter."""

    model_config = ConfigDict(hide_input_in_errors=True)

    letter_id: str
    html: str


class LetterIssued(BaseModel):
    """A letter rendered and stored: only its id and digest enter the history."""

    letter_id: str
    sha256: str
    length: int
