"""The caseworker's decision form: what was entered, what is missing, the preview.

A refused decision comes back with everything the caseworker entered and a
message next to the field concerned (never a bare error code, never a
cleared choice). A decision that sends the applicant a letter is first shown
as that letter, rendered from the case as it stands, and is signed only from
the preview.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from pydantic import BaseModel

from procedures import get_procedure
from procedures.letters import render_letter
from schemas.case import CaseView
from schemas.letter import LetterRequest
from schemas.task import NEEDS_QUESTION, NEEDS_REASON

# The letter each outcome sends at once (a decision on a review task). Other
# outcomes (questions, completeness, consultations, appeals) either send no
# letter or one whose content a later step decides, so they have no preview.
LETTER_OF: dict[str, str] = {"approve": "approved", "reject": "rejected"}
LETTER_TASK_KINDS: frozenset[str] = frozenset({"review", "second_review"})

# A workflow refusal that concerns one field of the form, and the message shown there.
FIELD_OF_ERROR: dict[str, tuple[str, str]] = {
    "reason_required": ("reason", "reason_required_text"),
    "question_required": ("question", "question_required_text"),
    "invalid_outcome": ("outcome", "choose_outcome_text"),
}

_ARTICLE = re.compile(r"<article class=\"letter\".*</article>", re.DOTALL)


class DecisionDraft(BaseModel):
    """What the caseworker entered in the decision form.

    Attributes:
        outcome: The chosen outcome ("" when none was chosen).
        reason: The reason given to the applicant (it appears in the letter).
        question: The question to the applicant, for a request.
        note: The internal note, kept with the case's private notes only.
    """

    outcome: str = ""
    reason: str = ""
    question: str = ""
    note: str = ""


class FieldErrors(BaseModel):
    """Messages (UI text keys) next to the fields of the decision form."""

    messages: dict[str, str] = {}

    def add(self, field: str, key: str) -> None:
        """Attach message ``key`` to ``field`` (the first one wins)."""
        self.messages.setdefault(field, key)

    def __bool__(self) -> bool:
        """Whether any field has a message."""
        return bool(self.messages)


def missing_fields(draft: DecisionDraft, allowed: frozenset[str]) -> FieldErrors:
    """Check the draft before it reaches the workflow (which checks it again).

    Args:
        draft: What was entered.
        allowed: The outcomes the task allows.

    Returns:
        A message per field that is missing or wrong.
    """
    errors = FieldErrors()
    if draft.outcome not in allowed:
        errors.add("outcome", "choose_outcome_text")
    if draft.outcome in NEEDS_REASON and not draft.reason.strip():
        errors.add("reason", "reason_required_text")
    if draft.outcome in NEEDS_QUESTION and not draft.question.strip():
        errors.add("question", "question_required_text")
    return errors


def digest(draft: DecisionDraft) -> str:
    """A short fingerprint of what the letter shows (outcome and reason).

    The preview carries it; signing with a different outcome or reason shows
    the letter again instead of sending one the caseworker has not read.
    """
    text = f"{draft.outcome}\0{draft.reason.strip()}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def needs_preview(draft: DecisionDraft, task_kind: str) -> bool:
    """Whether this decision sends a letter at once, to be read before signing."""
    return task_kind in LETTER_TASK_KINDS and draft.outcome in LETTER_OF


def preview_letter(view: CaseView, draft: DecisionDraft, user: str, now: dt.datetime) -> str:
    """The letter the decision would send, as markup for the case page.

    Rendered by the same templates as the real letter, from the case's form
    and rule outcome, with the reason as entered; only the letter's number
    differs (the workflow numbers it when it is issued).

    Args:
        view: The case.
        draft: The decision as entered (its outcome has a letter).
        user: The caseworker, who will sign.
        now: The time shown as the letter's date.

    Returns:
        The letter's ``<article>`` element (trusted markup: the templates
        escape every value).
    """
    procedure = get_procedure(view.procedure)
    html = render_letter(
        LetterRequest(
            letter_id=f"{view.case_id}:…",
            case_id=view.case_id,
            procedure=view.procedure,
            language=view.language,
            outcome=LETTER_OF[draft.outcome],
            form=view.form,
            rule_outcome=view.outcome,
            decided_by=user,
            decided_at=now,
            reason=draft.reason.strip() or None,
            objection_deadline=procedure.objection_deadline_for(now, view.deadline_rule),
        ),
        procedure,
    )
    found = _ARTICLE.search(html)
    return found.group(0) if found else ""
