"""Applicant pages: start, chat, review, continue later, status and letter."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import uuid
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from agents.intake.messages import YES_NO_WORDS
from agents.intake.state import CASEWORKER as CASEWORKER_QUESTION
from guichet.accounts.tokens import same_secret
from guichet.outbox import write_message
from procedures import PROCEDURES, get_procedure
from runtime.service import REQUEST_ALREADY_USED, CaseError
from schemas.account import SessionKind
from schemas.case import CaseStatus, CaseView
from schemas.conversation import ConversationPage
from schemas.form import FieldKind
from schemas.turn import MAX_MESSAGE_LENGTH
from web.context import Ctx, WebContext
from web.conversation import read_conversation
from web.errors import ApiError
from web.i18n import LANGUAGES, translate
from web.letters import LETTER_HEADERS, with_way_back
from web.pages.render import is_htmx, redirect, render, ui_language
from web.security import APPLICANT_COOKIE, CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, check_csrf
from web.status_view import status_values
from web.uploads import read_upload, save_upload
from web.views import answers, chat_messages, progress
from web.views_people import STATUS_ERRORS, after_decision

router = APIRouter(include_in_schema=False)

Csrf = Depends(check_csrf)
CONVERSING = (CaseStatus.INTAKE, CaseStatus.AWAITING_APPLICANT)
MAX_EMAIL = 320
CHAT_PAGE = 40
"""Conversation entries the chat shows at once; earlier ones are a link away."""
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{16,100}$")
"""A start's request id, as the API accepts it (``POST /api/cases``)."""


def new_request_id() -> str:
    """A fresh, unguessable start request id (one per rendering of the start form)."""
    return secrets.token_urlsafe(24)


async def applicant_case_id(request: Request, context: WebContext) -> str | None:
    """The case this browser's applicant session opens, if any."""
    secret = request.cookies.get(APPLICANT_COOKIE)
    if not secret:
        return None
    return await context.accounts.session_subject(secret, SessionKind.APPLICANT)


async def open_applicant_session(context: WebContext, response: Response, case_id: str) -> None:
    """Bind this browser to ``case_id`` with a session cookie."""
    secret, expires_at = await context.accounts.open_session(SessionKind.APPLICANT, case_id)
    response.set_cookie(
        APPLICANT_COOKIE,
        secret,
        httponly=True,
        samesite="lax",
        secure=context.cookie_secure,
        expires=expires_at,
    )


@router.get("/", response_class=HTMLResponse)
async def index(request: Request, context: Ctx) -> Response:
    """Choose a procedure and a language, or continue a started case."""
    lang = ui_language(request)
    procedures = [(p.id, p.title(lang)) for p in PROCEDURES.values()]
    resumable = await applicant_case_id(request, context) is not None
    return render(
        request,
        "index.html",
        {
            "procedures": procedures,
            "resumable": resumable,
            "expired": request.query_params.get("expired") == "1",
            # A double submit, or the form sent again after a timeout or a
            # 503, starts one case: the retry joins the case the first began.
            "request_id": new_request_id(),
        },
    )


async def _fresh_start(request: Request) -> None:
    """The start form's check: a page whose cookies are gone starts afresh.

    A home page left open past its cookies (closed browser, cleared data)
    has a token no cookie matches. Nothing is done on such a request but a
    redirect to a fresh home page; a token that does not match a cookie that
    is there is still refused.
    """
    if not request.cookies.get(CSRF_COOKIE):
        raise _StartAfresh()
    await check_csrf(request)


class _StartAfresh(Exception):
    """The start form came from a page whose cookies are gone."""


@router.post("/start")
async def start(
    request: Request,
    context: Ctx,
    procedure: Annotated[str, Form()],
    language: Annotated[str, Form()],
    request_id: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Start a case and open this browser's session on it.

    The form's ``request_id`` makes the start idempotent: the same form sent
    twice opens the same case (and this browser's session on it).
    """
    afresh = f"/?lang={language}&expired=1" if language in LANGUAGES else "/?expired=1"
    try:
        await _fresh_start(request)
    except _StartAfresh:
        return redirect(afresh)
    try:
        case_id, _ = await context.cases.start(
            procedure, language, request_id if REQUEST_ID.match(request_id) else None
        )
    except CaseError as exc:
        if exc.code != REQUEST_ALREADY_USED:
            raise
        # A form kept open (or restored from history) whose case has moved on:
        # nothing is sent; a fresh form starts a new case.
        return redirect(afresh)
    response = redirect(f"/chat?lang={language}")
    await open_applicant_session(context, response, case_id)
    return response


async def _chat_page(
    context: WebContext, view: CaseView, before: int | None = None
) -> ConversationPage:
    """The chat's page of the conversation: the newest entries, or those before ``before``."""
    return await read_conversation(context.store, view, before=before, limit=CHAT_PAGE)


def _chat_values(
    view: CaseView,
    page: ConversationPage,
    *,
    focus: int | None = None,
    error: str | None = None,
    link: str | None = None,
    before: int | None = None,
) -> dict[str, Any]:
    """The chat page's values.

    Args:
        view: The case.
        page: The entries shown (see :func:`_chat_page`).
        focus: The position in the whole conversation of the message to
            focus (the first new one after a turn).
        error: A refusal to show.
        link: A fresh "continue later" link.
        before: The page shows earlier messages (the cursor it was asked
            with): no question and no answer form then.
    """
    done, total = progress(view)
    browsing = before is not None
    messages = chat_messages(view, page, newest=not browsing)
    # Positions in the whole conversation, so a focus survives paging.
    shown = messages[-1].position + 1 if messages else 0
    focused = None
    if focus is not None and messages:
        focused = next(
            (i for i, m in enumerate(messages) if m.position >= focus), len(messages) - 1
        )
    reviewing = view.question is not None and view.question.field == "_review"
    return {
        "document_question": _asks_document(view),
        "requested_document": _requested_document(view),
        # Where the form asks for no e-mail address, a lost link can be sent
        # again only to one given on the status page: say so while it helps.
        "no_email": not _emails(view),
        "view": view,
        "case_lang": view.language,
        "procedure_title": get_procedure(view.procedure).title(view.language),
        "messages": messages,
        "shown": shown,
        "earlier": page.earlier,
        "browsing": browsing,
        "focus": focused,
        "done": done,
        "total": total,
        "reviewing": reviewing,
        "answers": answers(view, view.language) if reviewing else [],
        "yes": YES_NO_WORDS.get(view.language, YES_NO_WORDS["en"])[0],
        "turn_key": uuid.uuid4().hex,
        "limit": _answer_limit(view),
        "turn": view.turn,
        "error": error,
        "link": link,
    }


def _answer_limit(view: CaseView) -> int:
    """How long the answer may be: one message, or less where the asked field holds less."""
    if view.question is None:
        return MAX_MESSAGE_LENGTH
    spec = get_procedure(view.procedure).fields.get(view.question.field)
    if spec is None or spec.kind is not FieldKind.TEXT or spec.max_length is None:
        return MAX_MESSAGE_LENGTH
    return min(MAX_MESSAGE_LENGTH, spec.max_length)


def _asks_document(view: CaseView) -> bool:
    """Whether the current question is a document field (answered by an upload)."""
    if view.question is None:
        return False
    spec = get_procedure(view.procedure).fields.get(view.question.field)
    return spec is not None and spec.kind is FieldKind.FILE


def _requested_document(view: CaseView) -> tuple[str, str] | None:
    """The document a caseworker's request asks for next, while the request is open.

    A request for documents puts the caseworker's words first (a text
    question) and asks for the missing documents after it, one by one. The
    upload of the first one is offered at once, so the applicant need not
    answer in words before they can send the file.

    Returns:
        The document's field and its name in the case's language, or None.
    """
    if view.question is None or view.question.field != CASEWORKER_QUESTION:
        return None
    procedure = get_procedure(view.procedure, view.graph_name)
    name = procedure.next_field(view.form)
    if name is None or procedure.fields[name].kind is not FieldKind.FILE:
        return None
    return name, procedure.fields[name].label(view.language)


@router.get("/chat", response_class=HTMLResponse)
async def chat(request: Request, context: Ctx, before: int | None = None) -> Response:
    """The conversation that fills the form: its newest messages, or earlier ones.

    ``before`` (a message number, from the "earlier messages" link) shows
    the messages said before it, with a link further back and one to the
    newest messages, where the answer is given.
    """
    case_id = await applicant_case_id(request, context)
    if case_id is None:
        return redirect("/")
    view = await context.cases.view(case_id)
    if view.status not in CONVERSING or view.question is None:
        return redirect("/status")
    if before is not None and before < 1:
        return redirect("/chat")
    page = await _chat_page(context, view, before)
    return render(request, "chat.html", _chat_values(view, page, before=before))


async def _turn(
    request: Request,
    context: WebContext,
    text: str,
    shown: int,
    turn_key: str,
    field: str | None = None,
    turn: int | None = None,
) -> Response:
    case_id = await applicant_case_id(request, context)
    if case_id is None:
        return redirect("/")
    error: str | None = None
    if len(text) > MAX_MESSAGE_LENGTH:
        view = await context.cases.view(case_id)
        too_long = translate(
            "message_too_long", ui_language(request), n=len(text), limit=MAX_MESSAGE_LENGTH
        )
        block = "chat" if is_htmx(request) else None
        values = _chat_values(view, await _chat_page(context, view), error=too_long)
        return render(request, "chat.html", values, block=block)
    try:
        # The key rendered with the form: a double submit applies once.
        reply = await context.cases.send(
            case_id, text, idempotency_key=f"web-{turn_key}", field=field, turn=turn
        )
    except CaseError as exc:
        if exc.code == "unknown_case":
            raise
        if exc.code == "unavailable":
            # The outcome is unknown and the case cannot be read either: say
            # so in words, with the time to wait (never the raw error code).
            if is_htmx(request):
                # htmx swaps only 2xx answers: the chat is replaced by the notice.
                lang = ui_language(request)
                notice = (
                    f'<section id="chat" aria-live="polite"><p role="alert">'
                    f"{escape(translate('unavailable_text', lang))}</p>"
                    f'<p><a href="/chat">{escape(translate("back_to_chat", lang))}</a></p>'
                    "</section>"
                )
                return HTMLResponse(notice, headers={"Retry-After": "30"})
            page = render(request, "error.html", {"status_code": 503}, status_code=503)
            page.headers["Retry-After"] = "30"
            return page
        reply = None
        error = exc.code
    # No next question: the intake is complete (the status follows a moment later).
    if reply is not None and reply.question is None:
        if is_htmx(request):
            return Response(status_code=204, headers={"HX-Redirect": "/status"})
        return redirect("/status")
    if not is_htmx(request):
        return redirect("/chat")
    view = await context.cases.view(case_id)
    lang = ui_language(request)
    message = None
    if error is not None:
        if error in ("turn_in_progress", "case_busy"):
            message = translate("busy", lang)
        elif error == "stale_turn":
            message = translate("stale_turn", lang)
        else:
            message = error
    # The answer is the first new message; the assistant's reply follows it.
    focus = shown + 1 if error is None else None
    values = _chat_values(view, await _chat_page(context, view), focus=focus, error=message)
    return render(request, "chat.html", values, block="chat")


@router.post("/chat/messages", dependencies=[Csrf])
async def send_message(
    request: Request,
    context: Ctx,
    # Longer than a message may be, so that a long paste is refused with its
    # length said, never cut by the browser or the form.
    text: Annotated[str, Form(max_length=20 * MAX_MESSAGE_LENGTH)],
    turn_key: Annotated[str, Form(pattern=r"^[a-f0-9]{32}$")],
    shown: Annotated[int, Form(ge=0)] = 0,
    turn: Annotated[int | None, Form(ge=0)] = None,
) -> Response:
    """Send an answer; htmx gets the updated conversation, others a redirect."""
    return await _turn(request, context, text, shown, turn_key, turn=turn)


_TURN_KEY = re.compile(r"^[a-f0-9]{32}$")
_UPLOAD_ERRORS = {
    "file_too_large": "upload_too_large",
    "too_large": "upload_too_large",
    "unsupported_file_type": "upload_wrong_type",
}


@router.post("/chat/documents")
async def upload_document(request: Request, context: Ctx) -> Response:
    """Upload the document asked for; its reference is sent as the answer.

    The body is read in a bounded way (:mod:`web.uploads`), so the CSRF token
    is checked here, from the parsed form, rather than by the dependency
    that would read the whole body first.
    """
    case_id = await applicant_case_id(request, context)
    if case_id is None:
        return redirect("/")
    problem: ApiError | None = None
    try:
        content, form = await read_upload(request)
    except ApiError as exc:
        content, form, problem = b"", None, exc
    if form is not None:
        given = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD)
        cookie = request.cookies.get(CSRF_COOKIE)
        if not cookie or not isinstance(given, str) or not same_secret(given, cookie):
            raise ApiError(403, "csrf", "the form has expired; reload the page and try again")
    turn_key = form.get("turn_key") if form is not None else None
    shown = form.get("shown") if form is not None else None
    view = await context.cases.view(case_id)
    # Either the question is the document, or a caseworker's question asks
    # for documents and the upload is the first of them (named by the form).
    requested = _requested_document(view)
    chosen = form.get("document") if form is not None else None
    if requested is not None and chosen != requested[0]:
        requested = None
    if problem is None and not _asks_document(view) and requested is None:
        problem = ApiError(409, "not_asked", "no document is asked for now")
    if problem is None and (not isinstance(turn_key, str) or not _TURN_KEY.match(turn_key)):
        problem = ApiError(422, "invalid", "turn_key")
    reference = None
    if problem is None:
        try:
            reference = (await save_upload(context, case_id, content)).reference
        except ApiError as exc:
            problem = exc
    if reference is None or problem is not None:
        lang = ui_language(request)
        code = problem.code if problem is not None else "invalid"
        message = translate(_UPLOAD_ERRORS.get(code, "upload_invalid"), lang)
        if view.status not in CONVERSING or view.question is None:
            return redirect("/status")
        values = _chat_values(view, await _chat_page(context, view), error=message)
        if is_htmx(request):
            # htmx swaps 2xx answers only: the refusal is shown in the chat.
            return render(request, "chat.html", values, block="chat")
        status = problem.status if problem is not None else 422
        return render(request, "chat.html", values, status_code=status)
    count = int(shown) if isinstance(shown, str) and shown.isdigit() else 0
    named = form.get("turn") if form is not None else None
    turn = int(named) if isinstance(named, str) and named.isdigit() else None
    if requested is not None:
        # The caseworker's question is answered by the upload itself; the
        # intake then asks for this document, which the upload answers.
        note = translate("documents_sent", view.language, document=requested[1])
        try:
            await context.cases.send(
                case_id, note, idempotency_key=f"web-{turn_key}-request", turn=turn
            )
        except CaseError as exc:
            if exc.code == "unknown_case":
                raise
        view = await context.cases.view(case_id)
        if view.question is None or view.question.field != requested[0]:
            return redirect("/chat")
        turn = view.turn
    return await _turn(request, context, reference, count, str(turn_key), turn=turn)


@router.post("/chat/edit", dependencies=[Csrf])
async def edit_answer(
    request: Request,
    context: Ctx,
    field: Annotated[str, Form(max_length=100)],
    value: Annotated[str, Form(max_length=MAX_MESSAGE_LENGTH)],
    turn_key: Annotated[str, Form(pattern=r"^[a-f0-9]{32}$")],
    shown: Annotated[int, Form(ge=0)] = 0,
    turn: Annotated[int | None, Form(ge=0)] = None,
) -> Response:
    """Change one answer from the review screen.

    The new value goes through the same message Update as a chat answer,
    naming the field: the workflow reads and checks it like any answer and
    records the turn in the field's provenance.
    """
    case_id = await applicant_case_id(request, context)
    if case_id is None:
        return redirect("/")
    view = await context.cases.view(case_id)
    if field not in view.form:
        return redirect("/chat")
    return await _turn(request, context, value, shown, turn_key, field=field, turn=turn)


@router.post("/chat/link", dependencies=[Csrf])
async def continue_later(request: Request, context: Ctx) -> Response:
    """Show a fresh private "continue later" link for this case."""
    case_id = await applicant_case_id(request, context)
    if case_id is None:
        return redirect("/")
    code = await context.accounts.new_resume_code(case_id)
    view = await context.cases.view(case_id)
    link = resume_link(context.public_url, code, view.language)
    if view.status not in CONVERSING:
        return redirect("/status")
    values = _chat_values(view, await _chat_page(context, view), link=link)
    return render(request, "chat.html", values, block="later" if is_htmx(request) else None)


@router.get("/continue", response_class=HTMLResponse)
async def continue_case(request: Request, context: Ctx, code: str | None = None) -> Response:
    """Exchange a one-time code for a session, then drop it from the address bar."""
    if code:
        case_id = await context.accounts.use_resume_code(code)
        if case_id is not None:
            response = redirect("/chat")
            await open_applicant_session(context, response, case_id)
            return response
    return render(request, "continue.html", {"invalid": bool(code), "sent": False})


def _emails(view: CaseView) -> set[str]:
    # The form's own address, or the one given on the status page where the
    # form asks for none (RSA, building permit).
    procedure = get_procedure(view.procedure)
    found = {
        str(view.form[name]).strip().lower()
        for name, spec in procedure.fields.items()
        if spec.kind is FieldKind.EMAIL and view.form.get(name)
    }
    if view.contact_email:
        found.add(view.contact_email.strip().lower())
    return found


def resume_link(public_url: str, code: str, language: str) -> str:
    """A private "continue later" link.

    It names the case's language, so even a used or expired link answers in
    the applicant's language.
    """
    return f"{public_url}/continue?code={code}&lang={language}"


@router.post("/continue/resend", dependencies=[Csrf])
async def resend_link(
    request: Request,
    context: Ctx,
    reference: Annotated[str, Form(max_length=200)],
    email: Annotated[str, Form(max_length=MAX_EMAIL)],
) -> Response:
    """E-mail a new link when reference and address match; the page never says which."""
    try:
        view: CaseView | None = await context.cases.view(reference.strip())
    except CaseError:
        view = None
    address = email.strip().lower()
    if view is not None and address and address in _emails(view):
        code = await context.accounts.new_resume_code(view.case_id)
        lang = view.language
        write_message(
            context.outbox_dir,
            to=address,
            subject=translate("mail_subject", lang, reference=view.case_id),
            body=translate(
                "mail_body",
                lang,
                reference=view.case_id,
                link=resume_link(context.public_url, code, lang),
            ),
        )
    return render(request, "continue.html", {"invalid": False, "sent": True})


@router.get("/status", response_class=HTMLResponse)
async def status(request: Request, context: Ctx, error: str = "") -> Response:
    """Status, deadlines, what happens next, and the letter once decided."""
    case_id = await applicant_case_id(request, context)
    if case_id is None:
        return redirect("/")
    view = await context.cases.view(case_id)
    row = await context.store.get_case(case_id)
    values = _status_page(request, view, row.version if row else 0)
    values["error"] = error if error in STATUS_ERRORS else None
    return render(request, "status.html", values)


# htmx stops polling on this status (the case is gone from this browser).
_STOP_POLLING = 286


@router.get("/status/live", response_class=HTMLResponse)
async def status_live(request: Request, context: Ctx, version: int = -1) -> Response:
    """The changing part of the status page, polled every 10 s by the page itself.

    Each poll reads the read model only (one row): a query on the workflow,
    which may have to replay its history, is made only when the row's
    version moved since the page was drawn. Nothing changed: 204, nothing
    is swapped and nothing is announced.
    """
    case_id = await applicant_case_id(request, context)
    if case_id is None:
        return Response(status_code=_STOP_POLLING)
    row = await context.store.get_case(case_id)
    if row is None or row.version == version:
        return Response(status_code=204, headers={"Cache-Control": "no-store"})
    view = await context.cases.view(case_id)
    values = _status_page(request, view, row.version)
    values["changed"] = True
    return render(request, "status.html", values, block="live")


def _status_page(request: Request, view: CaseView, version: int) -> dict[str, Any]:
    done, total = progress(view)
    lang = ui_language(request)
    # Between the last answer and the workflow's next step, say "submitted".
    status = (
        CaseStatus.SUBMITTED.value
        if view.status in CONVERSING and view.question is None
        else view.status.value
    )
    return {
        "view": view,
        "status": status,
        "version": version,
        "changed": False,
        "procedure_title": get_procedure(view.procedure).title(lang),
        "done": done,
        "total": total,
        **after_decision(view, dt.datetime.now(dt.UTC), lang),
        **status_values(view, status, lang),
        "error": None,
    }


@router.post("/status/appeal", dependencies=[Csrf])
async def appeal(
    request: Request, context: Ctx, grounds: Annotated[str, Form(max_length=4000)] = ""
) -> Response:
    """Contest the decision within its window; the status page then shows the appeal."""
    case_id = await applicant_case_id(request, context)
    if case_id is None:
        return redirect("/")
    if not grounds.strip():
        return redirect("/status?error=appeal_empty#appeal")
    try:
        await context.cases.appeal(case_id, grounds.strip())
    except CaseError as exc:
        if exc.code == "unknown_case":
            raise
        return redirect("/status?error=appeal_refused")
    return redirect("/status")


@router.post("/status/satisfaction", dependencies=[Csrf])
async def satisfaction(
    request: Request, context: Ctx, score: Annotated[int, Form(ge=1, le=5)]
) -> Response:
    """Answer the optional satisfaction question (once)."""
    case_id = await applicant_case_id(request, context)
    if case_id is None:
        return redirect("/")
    try:
        await context.cases.rate(case_id, score)
    except CaseError as exc:
        if exc.code == "unknown_case":
            raise
    return redirect("/status#satisfaction")


@router.post("/status/contact", dependencies=[Csrf])
async def contact(
    request: Request, context: Ctx, email: Annotated[str, Form(max_length=MAX_EMAIL)]
) -> Response:
    """Give the address notifications go to (procedures whose form asks for none)."""
    case_id = await applicant_case_id(request, context)
    if case_id is None:
        return redirect("/")
    try:
        await context.cases.set_contact(case_id, email)
    except CaseError as exc:
        if exc.code == "unknown_case":
            raise
        return redirect("/status?error=contact_invalid#contact")
    return redirect("/status#contact")


@router.post("/status/withdraw", dependencies=[Csrf])
async def withdraw(request: Request, context: Ctx) -> Response:
    """Withdraw this browser's case (refused with 409 once decided)."""
    case_id = await applicant_case_id(request, context)
    if case_id is None:
        return redirect("/")
    await context.cases.withdraw(case_id)
    return redirect("/status")


@router.get("/status/letter", response_class=HTMLResponse)
async def letter(request: Request, context: Ctx) -> Response:
    """The decision letter of this browser's case."""
    case_id = await applicant_case_id(request, context)
    if case_id is None:
        return redirect("/")
    view = await context.cases.view(case_id)
    letter_id = view.decision.letter_id if view.decision else None
    record = await context.store.get_letter(letter_id) if letter_id else None
    if record is None:
        return redirect("/status")
    lang = ui_language(request)
    html = with_way_back(record.html, "/status", translate("back_to_status", lang), lang)
    return HTMLResponse(html, headers=LETTER_HEADERS)
