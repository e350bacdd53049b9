"""Caseworker pages: sign in, the queue, the case page and its actions.

Every action is the same call the API makes (claim, release, decide and
reassign are Updates on the case workflow); the pages add sessions, CSRF
tokens and redirects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from guichet.accounts import AccountError
from guichet.accounts.service import MAX_NOTE_LENGTH
from guichet.store import ArchiveStore, CaseDataPurged
from procedures import PROCEDURES, get_procedure
from procedures.calendar import local_date
from runtime.service import CaseError
from schemas.account import SessionKind, User
from schemas.form import FieldKind
from schemas.task import TASK_OUTCOMES, DecideInput, TaskKind, TaskStatus
from schemas.turn import MAX_MESSAGE_LENGTH
from tools.audit.report import case_audit
from web import access
from web.access import PageTaskAction, PageUser, TaskAction
from web.api.codec import CODEC_PATH
from web.context import Ctx, WebContext
from web.conversation import WHOLE, read_conversation
from web.errors import ApiError
from web.i18n import has_text, translate
from web.pages.decision_form import (
    FIELD_OF_ERROR,
    DecisionDraft,
    FieldErrors,
    digest,
    missing_fields,
    needs_preview,
    preview_letter,
)
from web.pages.render import redirect, render, ui_language
from web.pages.staff_files import case_documents, letter_href, size_text
from web.reasons import criterion_name, describe_summary, kind_name, shared_words
from web.security import STAFF_COOKIE, check_csrf
from web.tacit import tacit_infos
from web.views import DUE_SOON, answers, chat_messages, task_badges

router = APIRouter(prefix="/staff", include_in_schema=False)
Csrf = Depends(check_csrf)

# Shown above the case page after an action was refused.
_ERROR_TEXTS = {
    "already_claimed": "held_by_other",
    "not_holder": "claim_to_decide",
    "case_purged": "case_data_purged",
    "same_reviewer": "not_the_decider",
}


async def current_user(request: Request, context: WebContext) -> User | None:
    """The staff member signed in on this browser; a refusal is logged when none."""
    user = await access.page_staff(request, context)
    if user is None:
        access.not_signed_in(request)
    return user


@router.get("", response_class=HTMLResponse)
async def home() -> Response:
    """The staff area starts at the queue."""
    return redirect("/staff/queue")


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request) -> Response:
    """The sign-in form."""
    return render(request, "staff/login.html", {"failed": False})


@router.post("/login", dependencies=[Csrf])
async def login(
    request: Request,
    context: Ctx,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=500)],
) -> Response:
    """Check the credentials and open a staff session."""
    user = await context.accounts.authenticate(username.strip(), password)
    if user is None:
        return render(request, "staff/login.html", {"failed": True}, status_code=401)
    secret, expires_at = await context.accounts.open_session(SessionKind.STAFF, user.username)
    response = redirect("/staff/queue")
    # Operators also carry the session to /codec, where Temporal's web UI
    # sends it (with credentials) to have payloads decoded.
    paths = ["/staff", CODEC_PATH] if access.can_decode_payloads(user) else ["/staff"]
    for path in paths:
        response.set_cookie(
            STAFF_COOKIE,
            secret,
            httponly=True,
            samesite="strict",
            secure=context.cookie_secure,
            expires=expires_at,
            path=path,
        )
    return response


@router.post("/logout", dependencies=[Csrf])
async def logout(request: Request, context: Ctx) -> Response:
    """End the staff session."""
    secret = request.cookies.get(STAFF_COOKIE)
    if secret:
        await context.accounts.close_session(secret)
    response = redirect("/staff/login")
    response.delete_cookie(STAFF_COOKIE, path="/staff")
    response.delete_cookie(STAFF_COOKIE, path=CODEC_PATH)
    return response


@router.get("/queue", response_class=HTMLResponse)
async def queue(
    request: Request,
    context: Ctx,
    procedure: str | None = None,
    status: Literal["open", "claimed", "done", ""] = "",
    empty: bool = False,
) -> Response:
    """Open tasks of my groups, most urgent first, with filters and counts."""
    user = await current_user(request, context)
    if user is None:
        return redirect("/staff/login")
    procedure = procedure or None
    rows = await context.store.list_tasks(
        status=status or None, procedure=procedure, groups=access.visible_groups(user)
    )
    now = context.clock()
    tacit = await tacit_infos(context.store, rows, now, context.tacit_warning_days)
    lead = context.cases.task_reminder_seconds
    soon = dt.timedelta(seconds=lead) if lead > 0 else DUE_SOON
    lang = ui_language(request)
    tasks = []
    for row in rows:
        info = tacit.get(row.task_id)
        badges = (
            task_badges(row, now, info.at, info.lead, soon=soon)
            if info
            else task_badges(row, now, soon=soon)
        )
        tasks.append(
            {
                "row": row,
                "badges": badges,
                # Codes in words, in the caseworker's language.
                "kind": kind_name(row.kind.value, lang),
                "group": _group_name(row.group, lang),
                "summary": describe_summary(row.summary, row.procedure, lang),
            }
        )
    return render(
        request,
        "staff/queue.html",
        {
            "user": user,
            # Forms only for those who may act (web.access); auditors read.
            "can_act": access.can_act(user),
            "tasks": tasks,
            "group_names": [_group_name(g, lang) for g in user.groups],
            "counts": await context.store.count_tasks_by_status(access.visible_groups(user)),
            "procedures": [(p.id, p.title(lang)) for p in PROCEDURES.values()],
            "procedure": procedure or "",
            "status": status,
            "empty": empty,
            "stale": _stale_warnings(access.visible_groups(user), now, lang),
        },
    )


def _stale_warnings(groups: list[str] | None, now: dt.datetime, language: str) -> list[str]:
    """Warnings for the procedures (of these groups) whose parameters missed a revaluation."""
    warnings = []
    for procedure in PROCEDURES.values():
        if groups is not None and procedure.id not in groups:
            continue
        stale = procedure.stale_parameters(local_date(now, procedure.timezone))
        if stale is not None:
            warnings.append(stale.text(language))
    return warnings


@router.post("/next", dependencies=[Csrf])
async def next_case(request: Request, context: Ctx) -> Response:
    """Claim the most urgent open task of my groups and open it."""
    user = await current_user(request, context)
    if user is None:
        return redirect("/staff/login")
    access.require_action(request, user)
    for row in await context.store.list_tasks(
        status="open", groups=access.visible_groups(user), limit=20
    ):
        try:
            await context.cases.claim(row.task_id, user.username)
        except CaseError:
            continue  # someone was quicker (or four-eyes): try the next one
        return redirect(f"/staff/tasks/{row.task_id}")
    return redirect("/staff/queue?empty=true")


@router.get("/cases/{case_id}/audit", response_class=HTMLResponse)
async def audit_page(request: Request, context: Ctx, case_id: str) -> Response:
    """The case's audit timeline, built from its workflow history, and its replay."""
    user = await current_user(request, context)
    if user is None:
        return redirect("/staff/login")
    await access.readable_case(request, context, user, case_id)
    try:
        report = await case_audit(
            case_id, ArchiveStore(context.store.engines), context.cases.client
        )
    except LookupError:
        raise ApiError(404, "unknown_case", "no such case") from None
    return render(
        request,
        "staff/audit.html",
        {
            "user": user,
            "case_id": case_id,
            "events": report["timeline"],
            "replay": report["replay"],
            "purged": report.get("purged", False),
            "letters": await _letters(context, case_id, ui_language(request)),
        },
    )


def _group_name(group: str, language: str) -> str:
    """A group in words: groups are named after their procedure."""
    return PROCEDURES[group].title(language) if group in PROCEDURES else group


@router.get("/cases/{case_id}", response_class=HTMLResponse)
async def case_by_id(request: Request, context: Ctx, case_id: str) -> Response:
    """Open a case by its reference: its open task, else its timeline.

    Links between cases (a possible duplicate) name the case, not a task,
    since the other case may have none open.
    """
    user = await current_user(request, context)
    if user is None:
        return redirect("/staff/login")
    await access.readable_case(request, context, user, case_id)
    view = await context.cases.view(case_id)
    if view.task is not None:
        return redirect(f"/staff/tasks/{view.task.task_id}")
    return redirect(f"/staff/cases/{case_id}/audit")


async def _duplicates(
    context: WebContext, user: User, matches: list[Any], language: str
) -> list[dict[str, Any]]:
    """Possible duplicates with what they share; a link only to a case the user may see."""
    found: dict[str, list[str]] = {}
    for match in matches:
        found.setdefault(match.case_id, []).append(shared_words(match.kind, language))
    rows = []
    for case_id, shared in found.items():
        other = await context.store.get_case(case_id)
        visible = other is not None and access.can_see_group(user, other.procedure)
        rows.append({"case_id": case_id, "shared": shared, "visible": visible})
    return rows


async def _letters(context: WebContext, case_id: str, language: str) -> list[dict[str, Any]]:
    """Every letter of the case, oldest first, each with its link and outcome in words."""
    try:
        records = await context.store.letters_for_case(case_id)
    except CaseDataPurged:
        return []  # gone with the case's key
    return [
        {
            "record": r,
            "href": letter_href(r.letter_id),
            "seq": r.letter_id.rpartition(":")[2],
            "outcome": translate(f"outcome_{r.outcome}", language)
            if has_text(f"outcome_{r.outcome}")
            else r.outcome,
        }
        for r in records
    ]


@router.get("/tasks/{task_id}", response_class=HTMLResponse)
async def task_page(
    request: Request, context: Ctx, task_id: str, user: PageUser, error: str = "", done: str = ""
) -> Response:
    """The case behind a task: form with sources, criteria, conversation, history, notes."""
    row = await access.visible_task(request, context, user, task_id)
    return await _case_page(request, context, user, row, error=error, done=done)


# After an action, the page says what happened in a status message and puts
# the focus there, so a keyboard or screen-reader user continues from it.
_DONE = frozenset({"claimed", "released", "decided", "corrected"})


# Refusals of a correction that concern what was typed: shown at the value.
_CORRECTION_ERRORS = frozenset({"invalid_input", "reason_required", "unknown_field"})


@dataclass
class CorrectionDraft:
    """The correction form as entered, with the message at its value when refused."""

    field: str = ""
    value: str = ""
    reason: str = ""
    error: str = ""


async def _case_page(
    request: Request,
    context: WebContext,
    user: User,
    row: Any,
    *,
    error: str = "",
    done: str = "",
    draft: DecisionDraft | None = None,
    field_errors: FieldErrors | None = None,
    preview: str = "",
    correction: CorrectionDraft | None = None,
    status_code: int = 200,
) -> Response:
    view = await context.cases.view(row.case_id)
    lang = ui_language(request)
    live = view.task if view.task is not None and view.task.task_id == row.task_id else None
    open_task = live is not None and row.status in (TaskStatus.OPEN, TaskStatus.CLAIMED)
    reassignable: list[str] = []
    if access.can_reassign(user) and open_task:
        reassignable = [
            u.username
            for u in await context.accounts.list_users()
            if access.can_receive_task(u, row.group)
            # A second review or an appeal never goes to the one who decided.
            and u.username != (live.previous_decider if live else None)
        ]
    outcomes = sorted(TASK_OUTCOMES[TaskKind(row.kind)])
    error_key = _ERROR_TEXTS.get(error, "")
    return render(
        request,
        "staff/case.html",
        {
            "user": user,
            "can_act": access.can_act(user),
            "row": row,
            "view": view,
            "live": live,
            "open_task": open_task,
            "holder": live.claimed_by if live else None,
            "answers": answers(view, lang),
            "messages": chat_messages(
                view, await read_conversation(context.store, view, limit=WHOLE)
            ),
            "criteria": view.outcome.criteria if view.outcome else [],
            "notes": await context.accounts.notes(row.case_id),
            "outcomes": outcomes,
            "reassignable": reassignable,
            "error": error,
            "error_key": error_key,
            "done": done if done in _DONE else "",
            "draft": draft or DecisionDraft(),
            "field_errors": (field_errors or FieldErrors()).messages,
            "preview": preview,
            "correction": correction or CorrectionDraft(),
            "correctable": [
                (name, spec.label(lang))
                for name, spec in get_procedure(view.procedure, view.graph_name).fields.items()
                if spec.kind is not FieldKind.FILE
            ],
            "previewed": digest(draft) if draft else "",
            "procedure_title": get_procedure(view.procedure).title(lang),
            "kind": kind_name(row.kind.value, lang),
            "summary": describe_summary(row.summary, view.procedure, lang),
            "criterion_name": lambda code: criterion_name(code, lang),
            "duplicates": await _duplicates(context, user, view.duplicates, lang),
            "documents": case_documents(context, view, lang),
            "letters": await _letters(context, view.case_id, lang),
            "size_text": lambda size: size_text(size, lang),
        },
        status_code=status_code,
    )


async def _act(
    request: Request, context: WebContext, acting: TaskAction, action: str, **kw: Any
) -> Response:
    user, row = acting.user, acting.task
    task_id = row.task_id
    target = f"/staff/tasks/{task_id}"
    if action == "reassign":
        access.require_reassign(request, user)
    try:
        if action == "claim":
            await context.cases.claim(task_id, user.username)
        elif action == "release":
            await context.cases.release(task_id, user.username)
        elif action == "reassign":
            to = await context.accounts.get_active_user(kw["to"])
            if to is None or not access.can_receive_task(to, row.group):
                return redirect(f"{target}?error=unknown_user")
            await context.cases.reassign(task_id, user.username, to.username)
    except CaseError as exc:
        error = await acting.refusal(context, exc)
        return redirect(f"{target}?error={error.code}")
    done = _DONE_AFTER[action]
    return redirect(f"{target}?done={done}" if done else target)


_DONE_AFTER = {"claim": "claimed", "release": "released", "reassign": ""}


@router.post("/tasks/{task_id}/claim", dependencies=[Csrf])
async def claim(request: Request, context: Ctx, acting: PageTaskAction) -> Response:
    """Claim the task."""
    return await _act(request, context, acting, "claim")


@router.post("/tasks/{task_id}/release", dependencies=[Csrf])
async def release(request: Request, context: Ctx, acting: PageTaskAction) -> Response:
    """Release the task."""
    return await _act(request, context, acting, "release")


@router.post("/tasks/{task_id}/decision", dependencies=[Csrf])
async def decide(
    request: Request,
    context: Ctx,
    acting: PageTaskAction,
    outcome: Annotated[str, Form(max_length=50)] = "",
    reason: Annotated[str, Form(max_length=4000)] = "",
    question: Annotated[str, Form(max_length=2000)] = "",
    note: Annotated[str, Form(max_length=MAX_NOTE_LENGTH)] = "",
    sign: Annotated[str, Form(max_length=10)] = "",
    previewed: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Decide the task: approve, reject with a reason, or ask the applicant.

    The reason goes to the applicant (in the letter); the internal note goes
    to the case's private notes only, never into the decision. A decision
    that sends a letter is shown as that letter first and signed from there;
    a refused one comes back with what was entered and a message per field.
    """
    user, row = acting.user, acting.task
    task_id = row.task_id
    draft = DecisionDraft(outcome=outcome, reason=reason, question=question, note=note)
    allowed = TASK_OUTCOMES[TaskKind(row.kind)]
    errors = missing_fields(draft, allowed)
    if errors:
        return await _case_page(
            request, context, user, row, draft=draft, field_errors=errors, status_code=422
        )
    if needs_preview(draft, row.kind) and (sign != "yes" or previewed != digest(draft)):
        view = await context.cases.view(row.case_id)
        letter = preview_letter(view, draft, user.username, context.clock())
        return await _case_page(request, context, user, row, draft=draft, preview=letter)
    target = f"/staff/tasks/{task_id}"
    try:
        await context.cases.decide(
            DecideInput(
                task_id=task_id,
                user=user.username,
                outcome=draft.outcome,
                reason=draft.reason.strip() or None,
                question=draft.question.strip() or None,
            )
        )
    except CaseError as exc:
        if exc.code in FIELD_OF_ERROR:
            field, key = FIELD_OF_ERROR[exc.code]
            errors.add(field, key)
            return await _case_page(
                request, context, user, row, draft=draft, field_errors=errors, status_code=422
            )
        error = await acting.refusal(context, exc)
        return redirect(f"{target}?error={error.code}")
    if draft.note.strip():
        try:
            await context.accounts.add_note(row.case_id, user.username, draft.note)
        except (AccountError, CaseDataPurged):
            return redirect(f"{target}?done=decided&error=invalid_note")
    return redirect(f"{target}?done=decided")


@router.post("/tasks/{task_id}/correct", dependencies=[Csrf])
async def correct(
    request: Request,
    context: Ctx,
    acting: PageTaskAction,
    field: Annotated[str, Form(max_length=100)],
    value: Annotated[str, Form(max_length=MAX_MESSAGE_LENGTH)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Correct one value of the form (or fill one left open), with a reason.

    The same call as ``POST /api/tasks/{id}/corrections``: the value is read
    by the parser like an applicant's answer, the workflow stores it with who
    and why and runs the rules again. A value that cannot be read comes back
    at the field, with what was typed kept.
    """
    user, row = acting.user, acting.task
    task_id = row.task_id
    view = await context.cases.view(row.case_id)
    procedure = get_procedure(view.procedure, view.graph_name)
    lang = ui_language(request)
    spec = procedure.fields.get(field)
    draft = CorrectionDraft(field=field, value=value, reason=reason)
    if spec is None or spec.kind is FieldKind.FILE:
        draft.error = translate("correct_choose_field", lang)
    elif not reason.strip():
        draft.error = translate("correct_reason_required", lang)
    else:
        try:
            await context.cases.correct_value(task_id, user.username, field, value, reason.strip())
        except CaseError as exc:
            if exc.code not in _CORRECTION_ERRORS:
                error = await acting.refusal(context, exc)
                return redirect(f"/staff/tasks/{task_id}?error={error.code}")
            # The parser's own explanation (in the case's language), at the field.
            draft.error = exc.message
        else:
            # The rules run again and the task is replaced by one on the
            # corrected form, held by the same caseworker: open that one.
            try:
                after = await context.cases.wait_for(
                    row.case_id,
                    lambda v: v.task is None or v.task.task_id != task_id,
                    timeout=context.cases.wait_seconds,
                )
            except (CaseError, TimeoutError):
                return redirect(f"/staff/tasks/{task_id}")
            target = after.task.task_id if after.task is not None else task_id
            return redirect(f"/staff/tasks/{target}?done=corrected")
    return await _case_page(request, context, user, row, correction=draft, status_code=422)


@router.post("/tasks/{task_id}/reassign", dependencies=[Csrf])
async def reassign(
    request: Request,
    context: Ctx,
    acting: PageTaskAction,
    to: Annotated[str, Form(max_length=100)],
) -> Response:
    """Supervisors hand the task to a caseworker of its group."""
    return await _act(request, context, acting, "reassign", to=to)


@router.post("/tasks/{task_id}/notes", dependencies=[Csrf])
async def add_note(
    context: Ctx, acting: PageTaskAction, text: Annotated[str, Form(max_length=4000)]
) -> Response:
    """Add a private note to the task's case."""
    user, row = acting.user, acting.task
    task_id = row.task_id
    try:
        await context.accounts.add_note(row.case_id, user.username, text)
    except AccountError:
        return redirect(f"/staff/tasks/{task_id}?error=invalid_note")
    except CaseDataPurged:
        # Its personal data, notes included, is gone for good: nothing to attach to.
        return redirect(f"/staff/tasks/{task_id}?error=case_purged")
    return redirect(f"/staff/tasks/{task_id}")
