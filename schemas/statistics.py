"""Service statistics computed from the read models (supervisors and auditors)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class ProcedureStatistics(BaseModel):
    """The figures of one procedure over one period.

    A case belongs to the period in which it was started (``created_at``);
    backlog and overdue tasks are counted as of ``as_of``, whatever the period.

    Attributes:
        procedure: The procedure id.
        cases: Cases started in the period.
        by_status: Those cases per status (every status the table holds).
        by_outcome: Decided cases per outcome (withdrawn included).
        decided: Cases with a decision other than a withdrawal.
        processing_days_median: Median of submission → decision, in days.
        processing_days_p90: 90th percentile of the same (linear interpolation).
        automatic: Decisions the rules took alone.
        automatic_share: ``automatic / decided``.
        changed_on_second_review: Decisions a second review sent back.
        changed_on_appeal: Decisions an appeal revised.
        changed_share: ``(changed_on_second_review + changed_on_appeal) / decided``.
        appealed: Decisions contested by the applicant.
        first_action_hours_median: Median of submission → first claim, in hours.
        first_action_cases: Cases that have had a first caseworker action.
        backlog: Open or claimed tasks now.
        overdue: Of those, the ones past their due date.
        satisfaction_answers: Applicants who answered the satisfaction question.
        satisfaction_mean: Their mean score (1-5).
        satisfaction: Answers per score, ``"1"`` to ``"5"``.
    """

    procedure: str
    cases: int = 0
    by_status: dict[str, int] = Field(default_factory=dict)
    by_outcome: dict[str, int] = Field(default_factory=dict)
    decided: int = 0
    processing_days_median: float | None = None
    processing_days_p90: float | None = None
    automatic: int = 0
    automatic_share: float | None = None
    changed_on_second_review: int = 0
    changed_on_appeal: int = 0
    changed_share: float | None = None
    appealed: int = 0
    first_action_hours_median: float | None = None
    first_action_cases: int = 0
    backlog: int = 0
    overdue: int = 0
    satisfaction_answers: int = 0
    satisfaction_mean: float | None = None
    satisfaction: dict[str, int] = Field(default_factory=dict)


class Statistics(BaseModel):
    """The answer of ``GET /api/statistics``.

    Attributes:
        period_from: First instant of the period (None: since the beginning).
        period_to: End of the period, exclusive (None: until now).
        as_of: When backlog and overdue tasks were counted.
        procedures: One entry per procedure asked for.
    """

    period_from: dt.datetime | None = None
    period_to: dt.datetime | None = None
    as_of: dt.datetime
    procedures: list[ProcedureStatistics] = Field(default_factory=list)
