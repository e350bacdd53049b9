"""Optional lifecycle hooks a procedure may declare on top of the basic contract.

The basic lifecycle (intake → rules → automatic decision or a person's
review → objection window → retention) needs none of this. A procedure that
has a completeness check, consultations of other services, a statutory clock
whose silence decides, duplicate-claim detection or third-party appeal
windows describes them here as data and pure functions; the case workflow
runs them generically and never asks which procedure it is running.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from schemas.lifecycle import ConsultationOutcome

FormValues = Mapping[str, Any]


@dataclass(frozen=True)
class ConsultationSpec:
    """A service to consult for one case.

    Attributes:
        service: Stable id; also the queue group whose members answer.
        due_at: When silence counts as agreement.
        binding: Whether its objection prevents a tacit approval.
        summary: What its queue row says.
    """

    service: str
    due_at: dt.datetime
    binding: bool = False
    summary: str = ""


@dataclass(frozen=True)
class WindowSpec:
    """A period after a decision during which the case stays open.

    Attributes:
        code: Deadline code shown in the API and the CLI.
        due_at: Its end.
        description: One line for people.
    """

    code: str
    due_at: dt.datetime
    description: str


def _no_consultations(values: FormValues, complete_at: dt.datetime) -> list[ConsultationSpec]:
    return []


def _no_windows(outcome: str, decided_at: dt.datetime) -> list[WindowSpec]:
    return []


@dataclass(frozen=True)
class Lifecycle:
    """How a procedure's case moves beyond intake, as data and pure functions.

    Every instant returned is an aware datetime (the procedure's calendar
    rules, end of a local day); the workflow turns them into timers.

    Attributes:
        completeness_check: A caseworker checks the file (a ``completeness``
            task) before the statutory clock starts; at most one request for
            missing documents.
        completeness_due: When the office can no longer ask for documents,
            counted from filing; the file is then deemed complete as filed.
        completion_limit: How long the applicant has to supply the requested
            documents, counted from the request; silence past it is a tacit
            rejection.
        reopen_on_request: The fields whose answers a request for documents
            clears, so the conversation asks them again (e.g. the documents
            answered "not yet").
        consultations: The services to consult once the file is complete
            (child workflows, in parallel).
        tacit_deadline: When silence decides, counted from completeness;
            ``None`` when silence never decides.
        tacit_outcome: What silence decides, given the consultations' answers
            (``tacitly_approved`` or ``tacitly_rejected``).
        tacit_warning: How long before ``tacit_deadline`` the queue warns
            (the open task's priority is raised and the case timeline says so).
        duplicate_keys: Identity keys (``applicant``, ``iban``) whose keyed
            hashes are compared with other open or paid cases.
        windows: Periods after a decision that keep the case open (e.g. the
            third-party appeal window after a grant), besides the objection
            deadline.
        warning_priority: Priority added to a task when the warning is raised.
    """

    completeness_check: bool = False
    completeness_due: Callable[[dt.datetime], dt.datetime] | None = None
    completion_limit: Callable[[dt.datetime], dt.datetime] | None = None
    reopen_on_request: Callable[[FormValues], list[str]] | None = None
    consultations: Callable[[FormValues, dt.datetime], list[ConsultationSpec]] = _no_consultations
    tacit_deadline: Callable[[FormValues, dt.datetime], dt.datetime] | None = None
    tacit_outcome: Callable[[FormValues, Sequence[ConsultationOutcome]], str] | None = None
    tacit_warning: dt.timedelta | None = None
    duplicate_keys: Callable[[FormValues], dict[str, str]] | None = None
    windows: Callable[[str, dt.datetime], list[WindowSpec]] = _no_windows
    warning_priority: int = 10
    extra: Mapping[str, Any] = field(default_factory=dict)
