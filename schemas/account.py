"""Caseworker accounts, browser sessions and private case notes."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Role(StrEnum):
    """What an account may do beyond its groups' queues."""

    CASEWORKER = "caseworker"
    SUPERVISOR = "supervisor"
    """Sees the queues of their groups (all groups when given none) and reassigns tasks."""
    AUDITOR = "auditor"
    """Reads every queue and case; decides nothing."""
    OPERATOR = "operator"
    """Runs the installation: decodes payloads for Temporal's web UI; sees no case."""


class User(BaseModel):
    """A caseworker account (never carries its password hash out of the store).

    Attributes:
        username: The login name.
        groups: The groups whose tasks the account works on.
        role: Caseworker, supervisor, auditor or operator.
        active: Deactivated accounts cannot sign in.
        created_at: When the account was created.
        email: Where deadline reminders go (none: no e-mail).
    """

    username: str
    groups: list[str] = Field(default_factory=list)
    role: Role = Role.CASEWORKER
    active: bool = True
    created_at: dt.datetime
    email: str | None = None

    @property
    def sees_all_groups(self) -> bool:
        """Auditors, and supervisors given no groups, see every group's queue.

        A supervisor given groups supervises those procedures only.
        """
        if self.role is Role.SUPERVISOR:
            return not self.groups
        return self.role is Role.AUDITOR

    def can_see_group(self, group: str) -> bool:
        """Whether tasks offered to ``group`` are visible to this account."""
        return self.sees_all_groups or group in self.groups


class SessionKind(StrEnum):
    """Who a session or token authenticates."""

    STAFF = "staff"
    """A caseworker's browser session (cookie)."""
    API = "api"
    """A caseworker's bearer token for the API."""
    APPLICANT = "applicant"
    """An applicant's browser session for one case (cookie)."""


class Session(BaseModel):
    """A session or token, looked up by the hash of its secret."""

    kind: SessionKind
    subject: str
    """The username, or the case id for an applicant."""
    created_at: dt.datetime
    expires_at: dt.datetime


class Note(BaseModel):
    """A caseworker's private note on a case (never shown to the applicant)."""

    model_config = ConfigDict(hide_input_in_errors=True)

    note_id: int
    case_id: str
    author: str
    text: str
    created_at: dt.datetime
