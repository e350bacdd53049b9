"""Statistics queries over the case and task read models.

Counts are grouped in SQL; durations (median, 90th percentile) are computed
in Python from the two timestamps of each decided case, so SQLite and
PostgreSQL give identical figures (they have no common percentile function).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence

import sqlalchemy as sa

from guichet.store._engine import Engines
from guichet.store._models import cases_table, tasks_table
from schemas.statistics import ProcedureStatistics, Statistics

ACTIVE_TASKS = ("open", "claimed")
NOT_A_DECISION = "withdrawn"
SECOND_REVIEW = "second_review"
APPEAL = "appeal"
DAY = 86400.0
HOUR = 3600.0


def median(values: Sequence[float]) -> float | None:
    """The median, or None for no values."""
    return statistics.median(values) if values else None


def percentile_90(values: Sequence[float]) -> float | None:
    """The 90th percentile with linear interpolation between ranks (None for no values).

    For sorted values ``v[0..n-1]`` it is ``v[k] + f * (v[k+1] - v[k])`` with
    ``k + f = 0.9 * (n - 1)``: the usual "inclusive" definition (numpy's default).
    """
    if not values:
        return None
    if len(values) == 1:
        return float(values[0])
    return statistics.quantiles(values, n=10, method="inclusive")[8]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


class StatisticsQueries:
    """Figures per procedure and period, read from the case store's tables."""

    def __init__(self, engines: Engines) -> None:
        """Use the engines of an open :class:`~guichet.store.CaseStore`."""
        self._engines = engines

    async def _rows(self, stmt: sa.Executable) -> list[sa.RowMapping]:
        async with self._engines.read.connect() as conn:
            return list((await conn.execute(stmt)).mappings().all())

    async def procedures(self) -> list[str]:
        """Every procedure the case table holds, sorted."""
        c = cases_table.c
        rows = await self._rows(sa.select(c.procedure).distinct().order_by(c.procedure))
        return [str(r["procedure"]) for r in rows]

    async def compute(
        self,
        procedures: Sequence[str],
        period_from: dt.datetime | None = None,
        period_to: dt.datetime | None = None,
        now: dt.datetime | None = None,
    ) -> Statistics:
        """Compute the figures of each procedure over ``[period_from, period_to)``.

        Args:
            procedures: The procedures.
            period_from: First instant (aware); None: since the beginning.
            period_to: End, exclusive (aware); None: no end.
            now: The instant backlog and overdue tasks are counted at.

        Returns:
            The figures, one entry per procedure in the given order.
        """
        as_of = now or dt.datetime.now(dt.UTC)
        result = Statistics(period_from=period_from, period_to=period_to, as_of=as_of)
        for procedure in procedures:
            result.procedures.append(
                await self._procedure(procedure, period_from, period_to, as_of)
            )
        return result

    async def _procedure(
        self,
        procedure: str,
        period_from: dt.datetime | None,
        period_to: dt.datetime | None,
        as_of: dt.datetime,
    ) -> ProcedureStatistics:
        c = cases_table.c
        cohort = [c.procedure == procedure]
        if period_from is not None:
            cohort.append(c.created_at >= period_from)
        if period_to is not None:
            cohort.append(c.created_at < period_to)
        figures = ProcedureStatistics(procedure=procedure)

        count = sa.func.count().label("n")
        for row in await self._rows(sa.select(c.status, count).where(*cohort).group_by(c.status)):
            figures.by_status[str(row["status"])] = int(row["n"])
        figures.cases = sum(figures.by_status.values())
        decided_rows = await self._rows(
            sa.select(c.outcome, count).where(*cohort, c.outcome.is_not(None)).group_by(c.outcome)
        )
        for row in decided_rows:
            figures.by_outcome[str(row["outcome"])] = int(row["n"])
        decided = [*cohort, c.outcome.is_not(None), c.outcome != NOT_A_DECISION]
        figures.decided = sum(n for o, n in figures.by_outcome.items() if o != NOT_A_DECISION)

        flags = await self._rows(
            sa.select(
                sa.func.count().filter(c.automatic.is_(True)).label("automatic"),
                sa.func.count().filter(c.appealed.is_(True)).label("appealed"),
                sa.func.count().filter(c.changed_on == SECOND_REVIEW).label("second"),
                sa.func.count().filter(c.changed_on == APPEAL).label("appeal"),
            ).where(*decided)
        )
        figures.automatic = int(flags[0]["automatic"])
        figures.appealed = int(flags[0]["appealed"])
        figures.changed_on_second_review = int(flags[0]["second"])
        figures.changed_on_appeal = int(flags[0]["appeal"])
        figures.automatic_share = _share(figures.automatic, figures.decided)
        figures.changed_share = _share(
            figures.changed_on_second_review + figures.changed_on_appeal, figures.decided
        )

        times = await self._rows(
            sa.select(c.submitted_at, c.decided_at).where(*decided, c.submitted_at.is_not(None))
        )
        days = sorted(
            (r["decided_at"] - r["submitted_at"]).total_seconds() / DAY
            for r in times
            if r["decided_at"] is not None
        )
        figures.processing_days_median = median(days)
        figures.processing_days_p90 = percentile_90(days)

        firsts = await self._rows(
            sa.select(c.submitted_at, c.first_action_at).where(
                *cohort, c.submitted_at.is_not(None), c.first_action_at.is_not(None)
            )
        )
        # Both instants come from the same workflow, a claim can land within
        # the instant of the submission: a duration is never below zero (no "-0.0 h").
        hours = sorted(
            max(0.0, (r["first_action_at"] - r["submitted_at"]).total_seconds() / HOUR)
            for r in firsts
        )
        figures.first_action_cases = len(hours)
        figures.first_action_hours_median = median(hours)

        scores = await self._rows(
            sa.select(c.satisfaction, count)
            .where(*cohort, c.satisfaction.is_not(None))
            .group_by(c.satisfaction)
        )
        figures.satisfaction = {str(score): 0 for score in range(1, 6)}
        for row in scores:
            figures.satisfaction[str(row["satisfaction"])] = int(row["n"])
        figures.satisfaction_answers = sum(figures.satisfaction.values())
        if figures.satisfaction_answers:
            total = sum(int(k) * n for k, n in figures.satisfaction.items())
            figures.satisfaction_mean = total / figures.satisfaction_answers

        t = tasks_table.c
        active = [t.procedure == procedure, t.status.in_(ACTIVE_TASKS)]
        backlog = await self._rows(
            sa.select(
                sa.func.count().label("backlog"),
                sa.func.count().filter(t.due_at < as_of).label("overdue"),
            ).where(*active)
        )
        figures.backlog = int(backlog[0]["backlog"])
        figures.overdue = int(backlog[0]["overdue"])
        return figures
