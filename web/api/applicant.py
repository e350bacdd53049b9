"""Applicant side of the API: procedures, cases, messages and letters."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from procedures import PROCEDURES
from web.access import ApplicantCase, CaseReader
from web.api.models import (
    CaseActionOut,
    CaseOut,
    CaseStarted,
    MessageOut,
    MessagesPage,
    ProcedureOut,
    TurnOut,
)
from web.context import Ctx
from web.conversation import API_PAGE, API_PAGE_MAX, read_conversation
from web.errors import ApiError
from web.letters import LETTER_HEADERS
from web.views import case_out

router = APIRouter(prefix="/api", tags=["applicant"])

_IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")


class NewCase(BaseModel):
    """Body of ``POST /api/cases``.

    ``request_id`` (optional) makes the start idempotent: a retry with the
    same id returns the same case, with a new token that revokes the first.
    It must be unguessable (a random UUID): it opens the case until its
    first answer.
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    procedure: str
    language: str = "de"
    request_id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9._:-]{16,100}$")


class NewMessage(BaseModel):
    """Body of ``POST /api/cases/{id}/messages``.

    The length limit is checked by the case service, which answers 413.
    ``field`` (optional, added to API.md's body) names the answer the text
    replaces, as the review screen's edit control does; the text is then
    read as that field's new value. ``turn`` (optional) is the turn the
    message answers, from the previous response: an older turn gets 409
    ``stale_turn`` with the current question, the same turn and text the
    remembered reply.
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    text: str
    field: str | None = Field(default=None, max_length=100)
    turn: int | None = Field(default=None, ge=0)


@router.get("/procedures")
async def list_procedures() -> list[ProcedureOut]:
    """The procedures a case can be started for."""
    return [
        ProcedureOut(
            id=p.id, title=p.title("en"), titles=dict(p.titles), languages=list(p.languages)
        )
        for p in PROCEDURES.values()
    ]


@router.post("/cases", status_code=201)
async def start_case(body: NewCase, context: Ctx, response: Response) -> CaseStarted:
    """Start a case; the access token is returned here and never again."""
    case_id, reply = await context.cases.start(body.procedure, body.language, body.request_id)
    # A retried start gets a new token; the first, perhaps lost, is revoked.
    token = await context.accounts.grant_case_access(case_id, replace=body.request_id is not None)
    response.headers["Cache-Control"] = "no-store"
    return CaseStarted(
        case_id=case_id,
        access_token=token,
        status=reply.status,
        reply=reply.reply,
        question=reply.question,
        turn=reply.turn,
    )


@router.post("/cases/{case_id}/messages")
async def send_message(
    body: NewMessage,
    context: Ctx,
    case_id: ApplicantCase,
    idempotency_key: Annotated[str | None, Header()] = None,
) -> TurnOut:
    """One conversation turn."""
    if idempotency_key is not None and not _IDEMPOTENCY_KEY.match(idempotency_key):
        raise ApiError(
            400, "invalid_idempotency_key", "Idempotency-Key: 1-100 letters, digits or ._:-"
        )
    reply = await context.cases.send(
        case_id, body.text, idempotency_key=idempotency_key, field=body.field, turn=body.turn
    )
    return TurnOut(
        status=reply.status,
        reply=reply.reply,
        question=reply.question,
        turn=reply.turn,
        form=reply.form,
        understood=reply.understood,
    )


@router.get("/cases/{case_id}")
async def get_case(case_id: str, context: Ctx, _reader: CaseReader) -> CaseOut:
    """The case: status, form, missing fields, decision, deadlines, timeline."""
    return case_out(await context.cases.view(case_id))


@router.get("/cases/{case_id}/messages")
async def get_messages(
    case_id: str,
    context: Ctx,
    _reader: CaseReader,
    limit: Annotated[int, Query(ge=1, le=API_PAGE_MAX)] = API_PAGE,
    before: Annotated[int | None, Query(ge=1)] = None,
) -> MessagesPage:
    """The conversation, a page at a time: the newest ``limit`` entries said before ``before``.

    Entries come oldest first; ``next_before`` is the cursor of the page
    before this one (pass it as ``before``), null once the page starts the
    conversation. A message just sent is in the newest page at once, even
    before the case database has it.
    """
    view = await context.cases.view(case_id)
    page = await read_conversation(context.store, view, before=before, limit=limit)
    return MessagesPage(
        case_id=case_id,
        messages=[
            MessageOut(seq=entry.seq, role=entry.role, text=entry.text, at=entry.at)
            for entry in page.entries
        ],
        next_before=page.earlier,
    )


@router.get("/cases/{case_id}/letter", response_class=HTMLResponse)
async def get_letter(case_id: str, context: Ctx, _reader: CaseReader) -> HTMLResponse:
    """The decision letter (HTML)."""
    view = await context.cases.view(case_id)
    letter_id = view.decision.letter_id if view.decision else None
    letter = await context.store.get_letter(letter_id) if letter_id else None
    if letter is None:
        raise ApiError(404, "no_letter", "the case has no decision letter yet")
    return HTMLResponse(letter.html, headers=LETTER_HEADERS)


class NewAppeal(BaseModel):
    """Body of ``POST /api/cases/{id}/appeal``: the grounds of the appeal."""

    model_config = ConfigDict(hide_input_in_errors=True)

    text: str


@router.post("/cases/{case_id}/withdraw")
async def withdraw_case(context: Ctx, case_id: ApplicantCase) -> CaseActionOut:
    """Withdraw a case that is not yet decided (409 once decided)."""
    result = await context.cases.withdraw(case_id)
    return CaseActionOut(case_id=case_id, **result.model_dump())


@router.post("/cases/{case_id}/appeal")
async def appeal_case(body: NewAppeal, context: Ctx, case_id: ApplicantCase) -> CaseActionOut:
    """Contest the decision within its objection window (409 outside it)."""
    if not body.text.strip():
        raise ApiError(422, "invalid_text", "text: the grounds of the appeal are required")
    result = await context.cases.appeal(case_id, body.text)
    return CaseActionOut(case_id=case_id, **result.model_dump())
