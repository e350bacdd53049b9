"""``GET /api/statistics``: the service's figures, for supervisors and auditors."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from guichet.store import StatisticsQueries
from guichet.stuck import StuckCase, stuck_cases
from procedures import PROCEDURES
from runtime.service import bounded
from schemas.account import User
from schemas.statistics import Statistics
from web import access
from web.access import api_user
from web.context import Ctx, WebContext
from web.errors import ApiError

router = APIRouter(prefix="/api", tags=["supervision"])


def period_bounds(
    start: dt.date | None, end: dt.date | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Turn ``from``/``to`` days into instants: ``[from 00:00 UTC, to 00:00 UTC)``.

    Raises:
        ApiError: 422 when the period ends before it starts.
    """
    lower = dt.datetime.combine(start, dt.time.min, dt.UTC) if start else None
    upper = dt.datetime.combine(end, dt.time.min, dt.UTC) if end else None
    if lower is not None and upper is not None and upper <= lower:
        raise ApiError(422, "invalid_period", "to: must be after from")
    return lower, upper


async def compute_statistics(
    context: WebContext,
    procedure: str | None,
    start: dt.date | None,
    end: dt.date | None,
) -> Statistics:
    """The figures of one procedure (or all shipped ones) as the API returns them."""
    if procedure is not None and procedure not in PROCEDURES:
        raise ApiError(422, "unknown_procedure", f"procedure: unknown {procedure!r}")
    lower, upper = period_bounds(start, end)
    procedures = [procedure] if procedure else list(PROCEDURES)
    return await StatisticsQueries(context.store.engines).compute(procedures, lower, upper)


@router.get("/statistics")
async def statistics(
    request: Request,
    context: Ctx,
    user: Annotated[User, Depends(api_user)],
    procedure: str | None = None,
    start: Annotated[dt.date | None, Query(alias="from")] = None,
    end: Annotated[dt.date | None, Query(alias="to")] = None,
) -> Statistics:
    """The service's figures per procedure and period (supervisors and auditors).

    Cases by status and outcome, processing times, shares decided
    automatically and changed, time to first action, backlog, overdue tasks
    and satisfaction. A case counts in the period in which it was started; ``to`` is exclusive;
    backlog and overdue tasks are counted now.
    """
    access.require_oversight(request, user)
    return await compute_statistics(context, procedure or None, start, end)


@router.get("/supervision/stuck")
async def stuck(
    request: Request,
    context: Ctx,
    user: Annotated[User, Depends(api_user)],
    limit: Annotated[int, Query(ge=1, le=2000)] = 500,
) -> list[StuckCase]:
    """Cases waiting on an activity that keeps failing (supervisors and auditors).

    Each with the activity, its attempts, since when it fails and the type of
    its last error (never its message, which may quote personal data).
    Read from Temporal, so a case database that is down shows here too.
    """
    access.require_oversight(request, user)
    return await bounded(stuck_cases(context.cases.client, limit), context.cases.wait_seconds)
