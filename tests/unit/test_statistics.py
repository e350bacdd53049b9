"""Statistics from the read models, checked figure by figure against cases made for it.

The cases are written as projections (what the workflows write) under a
procedure id of their own, so the session's other cases never count; the store
fixture runs every test on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from guichet.store import CaseStore, StatisticsQueries
from guichet.store._statistics import median, percentile_90
from schemas.projection import CaseProjection, ProjectionBatch, TaskProjection
from schemas.task import TaskKind, TaskStatus

T0 = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)
NOW = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)


def case(procedure: str, name: str, status: str, **values: Any) -> CaseProjection:
    created = values.pop("created_at", T0 + HOUR)
    return CaseProjection.model_validate(
        {
            "case_id": f"{procedure}-{name}",
            "version": 1,
            "procedure": procedure,
            "language": "fr",
            "status": status,
            "created_at": created,
            "updated_at": created,
            **values,
        }
    )


def task(
    procedure: str, name: str, status: TaskStatus, due_at: dt.datetime | None
) -> TaskProjection:
    return TaskProjection(
        task_id=f"{procedure}-{name}:1",
        version=1,
        case_id=f"{procedure}-{name}",
        procedure=procedure,
        kind=TaskKind.REVIEW,
        group=procedure,
        status=status,
        claimed_by="alice" if status is TaskStatus.CLAIMED else None,
        due_at=due_at,
        created_at=T0,
        updated_at=T0,
    )


def day(n: int) -> dt.datetime:
    return T0 + n * DAY


@pytest.fixture
async def cohort(store: CaseStore) -> AsyncIterator[str]:
    """Eight cases (seven started in January 2025) and four tasks of a fresh procedure."""
    p = f"stats_{uuid.uuid4().hex[:8]}"
    cases = [
        # Approved by the rules alone in one day; satisfied (4).
        case(p, "c1", "closed", submitted_at=day(1), decided_at=day(2), outcome="approved",
             decided_by="system", automatic=True, satisfaction=4),
        # Refused, then revised on appeal: approved after three days.
        case(p, "c2", "decided", submitted_at=day(1), decided_at=day(4), outcome="approved",
             decided_by="bob", first_action_at=day(1) + 2 * HOUR, appealed=True,
             changed_on="appeal"),
        # The second review sent the approval back; refused after five days (2).
        case(p, "c3", "decided", submitted_at=day(2), decided_at=day(7), outcome="rejected",
             decided_by="alice", first_action_at=day(2) + 6 * HOUR,
             changed_on="second_review", satisfaction=2),
        # Silence decided after ten days (not automatic: a statutory deadline) (5).
        case(p, "c4", "closed", submitted_at=day(3), decided_at=day(13),
             outcome="tacitly_rejected", decided_by="system", satisfaction=5),
        # Withdrawn: an outcome, not a decision.
        case(p, "c5", "closed", submitted_at=day(3), decided_at=day(4), outcome="withdrawn",
             decided_by="applicant"),
        case(p, "c6", "under_review", submitted_at=day(5), first_action_at=day(5) + 10 * HOUR),
        case(p, "c7", "intake"),
        # Started in February: outside the January period.
        case(p, "c8", "closed", created_at=T0 + 40 * DAY, submitted_at=T0 + 40 * DAY,
             decided_at=T0 + 41 * DAY, outcome="approved", decided_by="system", automatic=True),
    ]  # fmt: skip
    tasks = [
        task(p, "c6", TaskStatus.OPEN, NOW - 28 * DAY),  # overdue
        task(p, "x1", TaskStatus.CLAIMED, NOW + 31 * DAY),
        task(p, "x2", TaskStatus.OPEN, None),
        task(p, "x3", TaskStatus.DONE, NOW - 50 * DAY),  # done: neither backlog nor overdue
    ]
    await store.apply(ProjectionBatch(tasks=tasks))
    for row in cases:
        await store.apply(ProjectionBatch(case=row))
    yield p
    # The store is shared by the session: pages listing every queue must not
    # meet a procedure that does not exist.
    for name in ("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "x1", "x2", "x3"):
        await store.delete_case_rows(f"{p}-{name}")


async def test_every_figure_of_a_period(store: CaseStore, cohort: str) -> None:
    january = (T0, T0 + 31 * DAY)
    result = await StatisticsQueries(store.engines).compute([cohort], *january, now=NOW)
    [f] = result.procedures
    assert (result.period_from, result.period_to, result.as_of) == (*january, NOW)
    assert f.cases == 7
    assert f.by_status == {"closed": 3, "decided": 2, "under_review": 1, "intake": 1}
    assert f.by_outcome == {"approved": 2, "rejected": 1, "tacitly_rejected": 1, "withdrawn": 1}
    assert f.decided == 4
    # Submission → decision: 1, 3, 5 and 10 days (the withdrawal does not count).
    assert f.processing_days_median == pytest.approx(4.0)
    assert f.processing_days_p90 == pytest.approx(8.5)  # 5 + 0.7 × (10 − 5)
    assert f.automatic == 1 and f.automatic_share == pytest.approx(0.25)
    assert (f.changed_on_second_review, f.changed_on_appeal) == (1, 1)
    assert f.changed_share == pytest.approx(0.5)
    assert f.appealed == 1
    # Submission → first claim: 2, 6 and 10 hours.
    assert f.first_action_cases == 3 and f.first_action_hours_median == pytest.approx(6.0)
    assert (f.backlog, f.overdue) == (3, 1)
    assert f.satisfaction == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 1}
    assert f.satisfaction_answers == 3
    assert f.satisfaction_mean == pytest.approx(11 / 3)


async def test_without_a_period_every_case_counts(store: CaseStore, cohort: str) -> None:
    result = await StatisticsQueries(store.engines).compute([cohort], now=NOW)
    [f] = result.procedures
    assert f.cases == 8 and f.decided == 5 and f.automatic == 2
    assert f.processing_days_median == pytest.approx(3.0)  # 1, 1, 3, 5, 10
    assert (f.backlog, f.overdue) == (3, 1), "tasks are counted now, whatever the period"
    # A period with nothing in it: zeros and no averages.
    empty = await StatisticsQueries(store.engines).compute([cohort], T0 - 10 * DAY, T0, now=NOW)
    [e] = empty.procedures
    assert (e.cases, e.decided, e.by_status, e.by_outcome) == (0, 0, {}, {})
    assert e.processing_days_median is None and e.automatic_share is None
    assert e.satisfaction_mean is None and e.satisfaction_answers == 0


def test_median_and_ninetieth_percentile() -> None:
    assert median([]) is None and percentile_90([]) is None
    assert percentile_90([7.0]) == 7.0
    assert percentile_90([float(n) for n in range(1, 11)]) == pytest.approx(9.1)
    assert median([1.0, 2.0, 10.0]) == 2.0
