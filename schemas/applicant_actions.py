"""Applicant actions on a case after intake: withdrawal and appeal."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from schemas.case import CaseStatus, Outcome


class WithdrawInput(BaseModel):
    """The applicant withdraws a case that is not yet decided."""

    reason: str | None = None


class AppealInput(BaseModel):
    """The applicant contests a decision within its objection window.

    Attributes:
        text: The applicant's grounds (shown to the caseworker on the task).
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    text: str


class RevisionInput(BaseModel):
    """Staff offer a decided case to a caseworker for revision.

    Attributes:
        reason: Why (e.g. "decided with rsa-2025-04-01; in force on its date:
            rsa-2026-04-01, 568.94 -> 573.49"); shown on the task.
        requested_by: Who asked (a supervisor, or ``audit revisions``).
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    reason: str
    requested_by: str


class RatingInput(BaseModel):
    """The applicant's answer to the satisfaction question (1 to 5), once."""

    score: int


class ContactInput(BaseModel):
    """An e-mail address for notifications, where the form asks for none."""

    model_config = ConfigDict(hide_input_in_errors=True)

    email: str


class AccessInput(BaseModel):
    """A staff member opened a document or a letter of the case (kept in its timeline).

    Attributes:
        user: Who opened it.
        document: The form field holding the document (never its content
            hash: files are shared by content, access is by the case's form).
        letter_id: Or the letter opened.
    """

    user: str
    document: str | None = None
    letter_id: str | None = None


class CaseActionResult(BaseModel):
    """What an applicant action left the case in.

    Attributes:
        status: The case status afterwards.
        outcome: The decision outcome, when there is one.
        task_id: The task the action opened (the appeal task).
    """

    status: CaseStatus
    outcome: Outcome | None = None
    task_id: str | None = None
