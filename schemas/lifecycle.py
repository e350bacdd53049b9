"""Contracts of the lifecycle steps some procedures add.

Consultations, duplicate checks and the four-eyes opinions.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class ConsultationInput(BaseModel):
    """Start of a consultation child workflow.

    Attributes:
        case_id: The parent case (the queue row links to it).
        procedure: The parent's procedure id.
        service: The consulted service; also the queue group it answers from.
        due_at: When silence counts as agreement.
        summary: What the queue shows (no personal data beyond the case's own).
    """

    case_id: str
    procedure: str
    service: str
    due_at: dt.datetime
    summary: str = ""


class ConsultationOutcome(BaseModel):
    """A consultation as the case records it (``outcome`` is None while it runs).

    Attributes:
        service: The consulted service.
        workflow_id: The child workflow's id (its task ids start with it).
        due_at: When silence counts as agreement.
        binding: Whether an objection prevents a tacit approval.
        outcome: ``agree``, ``agree_with_conditions``, ``object`` or
            ``cancelled`` (the case was settled first).
        deemed: True when the outcome is the statutory reading of silence.
        reason: The service's reason or conditions.
        decided_by: Who answered for the service (``system`` when deemed).
        decided_at: When.
    """

    service: str
    workflow_id: str
    due_at: dt.datetime
    binding: bool = False
    outcome: str | None = None
    deemed: bool = False
    reason: str | None = None
    decided_by: str | None = None
    decided_at: dt.datetime | None = None


class Opinion(BaseModel):
    """One caseworker's opinion in a four-eyes review."""

    task_id: str
    kind: str
    user: str
    outcome: str
    reason: str | None = None
    at: dt.datetime


class DuplicateCheckInput(BaseModel):
    """Input of the duplicate check: the procedure's identity keys for a case.

    Attributes:
        case_id: The case being checked (its own fingerprints never match).
        procedure: Scopes the fingerprints: a claim duplicates claims of the
            same procedure only.
        keys: Key kind (``applicant``, ``iban``) to its normalised value; the
            activity stores keyed hashes of them, never the values.
        at: When (workflow time), recorded with the fingerprints.
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    case_id: str
    procedure: str
    keys: dict[str, str] = Field(default_factory=dict)
    at: dt.datetime


class DuplicateMatch(BaseModel):
    """Another open or paid case sharing a fingerprint."""

    case_id: str
    kind: str


class DuplicateCheckResult(BaseModel):
    """The matches found (empty when the claim looks unique)."""

    matches: list[DuplicateMatch] = Field(default_factory=list)
