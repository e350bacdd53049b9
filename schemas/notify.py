"""Notifications to applicants: what the workflow asks the mail activity to send."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class NoticeKind(StrEnum):
    """What the applicant is told (one template per kind and language)."""

    DECISION = "decision"
    INFO_REQUESTED = "info_requested"
    APPEAL_SETTLED = "appeal_settled"
    DEADLINE_REMINDER = "deadline_reminder"
    """The applicant's limit to complete the file approaches."""
    INTAKE_REMINDER = "intake_reminder"
    """An unfinished draft is about to expire (and be deleted)."""


class Notice(BaseModel):
    """One e-mail to send.

    Attributes:
        message_id: Derived in the workflow (``case_id:seq``); the same id is
            never sent twice, however often the activity is retried.
        case_id: The case.
        procedure: The procedure id (its title goes into the message).
        language: The applicant's language (selects the template).
        kind: What happened.
        to: The applicant's e-mail address, from the form.
        params: Values the template shows (outcome, question, letter id...).
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    message_id: str
    case_id: str
    procedure: str
    language: str
    kind: NoticeKind
    to: str
    params: dict[str, str] = Field(default_factory=dict)


class NoticeSent(BaseModel):
    """The outcome of a send: how it went out, and whether it had already gone."""

    message_id: str
    transport: str
    duplicate: bool = False


class StaffNotice(BaseModel):
    """A reminder to caseworkers that a task nears its due date.

    The activity looks up the addresses: the holder's, or every active member
    of the task's group with an address when nobody holds it.

    Attributes:
        message_id: Derived in the workflow (``case_id:seq``); each recipient
            gets ``message_id/username``, sent once however often retried.
        case_id: The case.
        procedure: The procedure id.
        task_id: The task.
        kind: The task's kind.
        group: The group the task is offered to.
        holder: The caseworker holding it, if any.
        due_at: When the task is due.
    """

    message_id: str
    case_id: str
    procedure: str
    task_id: str
    kind: str
    group: str
    holder: str | None = None
    due_at: dt.datetime


class StaffNoticeSent(BaseModel):
    """Who a staff reminder went to (usernames; no addresses)."""

    message_id: str
    recipients: list[str] = Field(default_factory=list)
    transport: str = "outbox"
