"""Supervisors' pages: every queue of their procedures, long claims, statistics.

Supervisors see every group's open and claimed tasks, filtered by group or
holder, and the claims held longer than the configured claim timeout (or
close to it) with a one-click release or reassignment, and the cases stuck
on a step that keeps failing (read from Temporal, :mod:`guichet.stuck`).
Auditors read these pages but act on nothing. Statistics come from the read models
(:class:`guichet.store.StatisticsQueries`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from guichet.i18n.formats import format_number, format_percent
from guichet.store import StatisticsQueries
from guichet.stuck import StuckCase, stuck_cases
from procedures import PROCEDURES
from runtime.service import CaseError, bounded
from schemas.account import Role, User
from schemas.projection import TaskProjection
from schemas.statistics import ProcedureStatistics
from web import access
from web.api.statistics import period_bounds
from web.context import Ctx, WebContext
from web.errors import ApiError
from web.i18n import has_text, translate
from web.pages.charts import bar_chart
from web.pages.render import redirect, render, ui_language
from web.pages.staff import current_user
from web.security import check_csrf

router = APIRouter(prefix="/staff", include_in_schema=False)
Csrf = Depends(check_csrf)

CLOSE_TO_LIMIT = 0.75
"""A claim held for this share of the timeout is shown as close to the limit."""
UNCLAIMED = "-"
"""The holder filter value meaning "nobody holds it"."""
STUCK_LIMIT = 500
"""How many running cases the page looks at for stuck ones (the API's default)."""


@dataclass(frozen=True)
class HeldTask:
    """A task row with how long its holder has held it."""

    row: TaskProjection
    held: dt.timedelta | None
    level: str | None
    """``too_long``, ``long`` (close to the limit) or None."""


def claim_level(held: dt.timedelta | None, timeout: dt.timedelta | None) -> str | None:
    """Whether a claim held for ``held`` is too long, close to it, or fine."""
    if held is None or timeout is None:
        return None
    if held >= timeout:
        return "too_long"
    if held >= timeout * CLOSE_TO_LIMIT:
        return "long"
    return None


def held_text(held: dt.timedelta) -> str:
    """``3 h 05 min`` (or ``2 d 4 h``): how long a claim has been held."""
    # A claim stamped by the workflow's clock may look a moment in the future.
    minutes = max(int(held.total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    return f"{days} d {hours} h" if days else f"{hours} h {minutes:02d} min"


async def _overseer(request: Request, context: WebContext) -> User | None:
    user = await current_user(request, context)
    if user is not None:
        access.require_oversight(request, user)
    return user


async def _stuck(context: WebContext) -> list[StuckCase] | None:
    """The stuck cases, or None when Temporal does not answer in time (the page still shows)."""
    try:
        return await bounded(
            stuck_cases(context.cases.client, STUCK_LIMIT), context.cases.wait_seconds
        )
    except CaseError:
        return None


def _timeout(context: WebContext) -> dt.timedelta | None:
    seconds = context.cases.claim_timeout_seconds
    return dt.timedelta(seconds=seconds) if seconds > 0 else None


@router.get("/supervision", response_class=HTMLResponse)
async def supervision(
    request: Request, context: Ctx, group: str = "", holder: str = "", error: str = ""
) -> Response:
    """Every open or claimed task, filterable by group and holder; long claims first."""
    user = await _overseer(request, context)
    if user is None:
        return redirect("/staff/login")
    rows = await context.store.list_tasks(groups=[group] if group else None, limit=500)
    every_holder = sorted({r.claimed_by for r in rows if r.claimed_by})
    if holder == UNCLAIMED:
        rows = [r for r in rows if r.claimed_by is None]
    elif holder:
        rows = [r for r in rows if r.claimed_by == holder]
    now = context.clock()
    timeout = _timeout(context)
    tasks = []
    for row in rows:
        held = now - row.claimed_at if row.claimed_by and row.claimed_at else None
        tasks.append(HeldTask(row, held, claim_level(held, timeout)))
    long_claims = sorted(
        (t for t in tasks if t.level is not None), key=lambda t: t.held or dt.timedelta(0)
    )[::-1]
    users = await context.accounts.list_users()
    workers = [u for u in users if u.active and u.role is not Role.AUDITOR]
    groups = sorted({g for u in users for g in u.groups} | set(PROCEDURES))
    lang = ui_language(request)
    limit = held_text(timeout) if timeout else "–"
    return render(
        request,
        "staff/supervision.html",
        {
            "user": user,
            "tasks": tasks,
            "long_claims": long_claims,
            # Attempts, since when and the error's type only: its message may quote a form.
            "stuck": await _stuck(context),
            "now": now,
            "groups": groups,
            "holders": every_holder,
            "group": group,
            "holder": holder,
            "unclaimed": UNCLAIMED,
            "limit": limit,
            "held_text": held_text,
            "candidates": {
                t.row.task_id: [
                    u.username
                    for u in workers
                    if u.can_see_group(t.row.group) and u.username != t.row.claimed_by
                ]
                for t in long_claims
            },
            "can_act": user.role is Role.SUPERVISOR,
            "error": translate("action_refused", lang, code=error) if error else None,
        },
    )


async def _supervisor_action(request: Request, context: WebContext) -> User | None:
    user = await _overseer(request, context)
    if user is not None:
        access.require_reassign(request, user)
    return user


@router.post("/supervision/release", dependencies=[Csrf])
async def release(
    request: Request,
    context: Ctx,
    task_id: Annotated[str, Form(max_length=300)],
    holder: Annotated[str, Form(max_length=100)],
) -> Response:
    """Give a claim back to the task's group, on its holder's behalf."""
    user = await _supervisor_action(request, context)
    if user is None:
        return redirect("/staff/login")
    try:
        await context.cases.release_for(task_id, holder, user.username)
    except CaseError as exc:
        return redirect(f"/staff/supervision?error={exc.code}")
    return redirect("/staff/supervision")


@router.post("/supervision/reassign", dependencies=[Csrf])
async def reassign(
    request: Request,
    context: Ctx,
    task_id: Annotated[str, Form(max_length=300)],
    to: Annotated[str, Form(max_length=100)],
) -> Response:
    """Hand a task to another caseworker of its group."""
    user = await _supervisor_action(request, context)
    if user is None:
        return redirect("/staff/login")
    row = await context.store.get_task(task_id)
    target = await context.accounts.get_active_user(to)
    if (
        row is None
        or target is None
        or target.role is Role.AUDITOR
        or not target.can_see_group(row.group)
    ):
        return redirect("/staff/supervision?error=unknown_user")
    try:
        await context.cases.reassign(task_id, user.username, target.username)
    except CaseError as exc:
        return redirect(f"/staff/supervision?error={exc.code}")
    return redirect("/staff/supervision")


def _label(prefix: str, key: str, lang: str) -> str:
    """The page's word for a status or outcome; a procedure's own one as it is named."""
    name = f"{prefix}_{key}"
    return translate(name, lang) if has_text(name) else key


def _charts(figures: ProcedureStatistics, lang: str) -> list[Any]:
    desc = translate("chart_desc", lang)
    status = [(_label("status", k, lang), n) for k, n in sorted(figures.by_status.items())]
    outcome = [(_label("outcome", k, lang), n) for k, n in sorted(figures.by_outcome.items())]
    scores = [(key, figures.satisfaction.get(key, 0)) for key in ("1", "2", "3", "4", "5")]
    charts = []
    for name, items in (("status", status), ("outcome", outcome), ("satisfaction", scores)):
        title = translate(f"chart_{name}", lang)
        svg = bar_chart(f"{figures.procedure}-{name}", title, desc, items)
        charts.append({"svg": svg, "title": title, "rows": items})
    return charts


def _share(value: float | None, lang: str) -> str:
    return "–" if value is None else format_percent(value, lang, 1)


def _number(value: float | None, lang: str) -> str:
    # One decimal, in the page's language; a negative zero is written "0.0".
    return "–" if value is None else format_number(value, lang, 1)


def figure_rows(figures: ProcedureStatistics, lang: str) -> list[tuple[str, str]]:
    """The table of one procedure's figures: (label, value written in the page's language)."""
    f = figures

    def count(value: int) -> str:
        return format_number(value, lang)

    changed = f.changed_on_second_review + f.changed_on_appeal
    return [
        (translate("stat_cases", lang), count(f.cases)),
        (translate("stat_decided", lang), count(f.decided)),
        (translate("stat_processing_median", lang), _number(f.processing_days_median, lang)),
        (translate("stat_processing_p90", lang), _number(f.processing_days_p90, lang)),
        (
            translate("stat_automatic", lang),
            f"{count(f.automatic)} ({_share(f.automatic_share, lang)})",
        ),
        (translate("stat_changed", lang), f"{count(changed)} ({_share(f.changed_share, lang)})"),
        (translate("stat_appealed", lang), count(f.appealed)),
        (translate("stat_first_action", lang), _number(f.first_action_hours_median, lang)),
        (translate("stat_backlog", lang), count(f.backlog)),
        (translate("stat_overdue", lang), count(f.overdue)),
        (
            translate("stat_satisfaction", lang),
            f"{_number(f.satisfaction_mean, lang)} ({count(f.satisfaction_answers)})",
        ),
    ]


@router.get("/statistics", response_class=HTMLResponse)
async def statistics_page(
    request: Request,
    context: Ctx,
    procedure: str = "",
    start: str = "",
    end: str = "",
) -> Response:
    """Per procedure and period: figures in a table and as server-drawn charts."""
    user = await _overseer(request, context)
    if user is None:
        return redirect("/staff/login")
    lang = ui_language(request)
    invalid = False
    try:
        lower, upper = period_bounds(
            dt.date.fromisoformat(start) if start else None,
            dt.date.fromisoformat(end) if end else None,
        )
    except (ValueError, ApiError):
        invalid, lower, upper = True, None, None
    chosen = [procedure] if procedure in PROCEDURES else list(PROCEDURES)
    figures = await StatisticsQueries(context.store.engines).compute(chosen, lower, upper)
    sections = [
        {
            "figures": f,
            "title": PROCEDURES[f.procedure].title(lang),
            "rows": figure_rows(f, lang),
            "charts": _charts(f, lang),
        }
        for f in figures.procedures
    ]
    return render(
        request,
        "staff/statistics.html",
        {
            "user": user,
            "sections": sections,
            "procedures": [(p.id, p.title(lang)) for p in PROCEDURES.values()],
            "procedure": procedure if procedure in PROCEDURES else "",
            "start": start if not invalid else "",
            "end": end if not invalid else "",
            "invalid": invalid,
            "as_of": figures.as_of,
        },
    )
