"""A case's documents and letters, opened from its staff page.

Both are reached through the case (its reference and the form field, or the
letter's number), never through a content hash: uploads are stored once per
content and may be shared by several cases, so a hash says nothing about who
may read it. Only staff who see the case's group open them (supervisors and
auditors see every group), and each opening is recorded in the case's
timeline before anything is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from guichet.files import ALLOWED_TYPES, StoredFile, is_reference
from guichet.i18n.formats import format_measure
from procedures import get_procedure
from runtime.service import CaseError
from schemas.applicant_actions import AccessInput
from schemas.case import CaseView
from schemas.form import FieldKind
from schemas.projection import LetterRecord
from web import access
from web.context import Ctx, WebContext
from web.errors import ApiError
from web.i18n import translate
from web.letters import LETTER_HEADERS, with_way_back
from web.pages.render import redirect, ui_language
from web.uploads import case_files

router = APIRouter(prefix="/staff", include_in_schema=False)

_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
TYPE_NAMES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}

# A document is always downloaded, never shown in the staff pages' origin:
# with no script, no plugin and no frame it cannot act even if a viewer
# mistook it for something else.
_DOCUMENT_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}


@dataclass(frozen=True)
class Document:
    """A document of the case as its page lists it."""

    field: str
    name: str
    media_type: str
    type_name: str
    size: int
    href: str


def document_href(case_id: str, field: str) -> str:
    """Where staff open the document of ``field``."""
    return f"/staff/cases/{case_id}/documents/{field}"


def letter_href(letter_id: str) -> str:
    """Where staff open a letter (``case_id:seq``)."""
    case_id, _, seq = letter_id.rpartition(":")
    return f"/staff/cases/{case_id}/letters/{seq}"


def case_documents(context: WebContext, view: CaseView, language: str) -> dict[str, Document]:
    """The case's uploaded documents by field, named by their checklist item."""
    procedure = get_procedure(view.procedure, view.graph_name)
    store = case_files(context)
    found: dict[str, Document] = {}
    for name, value in view.form.items():
        spec = procedure.fields.get(name)
        if spec is None or spec.kind is not FieldKind.FILE or not is_reference(value):
            continue
        stored = store.describe(view.case_id, value)
        if stored is None:
            continue
        found[name] = Document(
            field=name,
            name=spec.label(language),
            media_type=stored.media_type,
            type_name=TYPE_NAMES.get(stored.media_type, stored.media_type),
            size=stored.size,
            href=document_href(view.case_id, name),
        )
    return found


def size_text(size: int, language: str) -> str:
    """A size as people read it, in the unit of its language: ``12 kB``, ``1,4 MB``, ``1,4 Mo``."""
    if size < 1024 * 1024:
        kilobytes = max(1, round(size / 1024))
        return format_measure(kilobytes, "digital-kilobyte", language, length="short")
    megabytes = (Decimal(size) / (1024 * 1024)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return format_measure(megabytes, "digital-megabyte", language, length="short")


async def _record(context: WebContext, case_id: str, access_input: AccessInput) -> None:
    try:
        await context.cases.record_access(case_id, access_input)
    except CaseError as exc:
        # Not recorded, not served.
        raise ApiError(404 if exc.code != "unavailable" else 503, exc.code, exc.message) from exc


async def _readable_view(request: Request, context: WebContext, case_id: str) -> Any:
    user = await access.page_staff(request, context)
    if user is None:
        access.not_signed_in(request)
        return None, None
    await access.readable_case(request, context, user, case_id)
    return user, await context.cases.view(case_id)


@router.get("/cases/{case_id}/documents/{field}")
async def open_document(request: Request, context: Ctx, case_id: str, field: str) -> Response:
    """Download one document of the case, named after its checklist item."""
    user, view = await _readable_view(request, context, case_id)
    if user is None:
        return redirect("/staff/login")
    reference = view.form.get(field)
    spec = get_procedure(view.procedure, view.graph_name).fields.get(field)
    if spec is None or spec.kind is not FieldKind.FILE or not is_reference(reference):
        raise ApiError(404, "unknown_document", "no such document")
    store = case_files(context)
    stored: StoredFile | None = store.describe(case_id, reference)
    # Only the types the upload check accepts are ever served.
    if stored is None or stored.media_type not in ALLOWED_TYPES:
        raise ApiError(404, "unknown_document", "no such document")
    await _record(context, case_id, AccessInput(user=user.username, document=field))
    filename = f"{case_id}-{field}.{_EXTENSIONS[stored.media_type]}"
    return Response(
        await store.read(case_id, reference),
        media_type=stored.media_type,
        headers={
            **_DOCUMENT_HEADERS,
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


async def case_letters(context: WebContext, case_id: str) -> list[LetterRecord]:
    """Every letter of the case, oldest first (replaced ones included)."""
    return await context.store.letters_for_case(case_id)


@router.get("/cases/{case_id}/letters/{seq}", response_class=HTMLResponse)
async def open_letter(request: Request, context: Ctx, case_id: str, seq: int) -> Response:
    """Read one letter of the case, as the applicant received it."""
    user, _ = await _readable_view(request, context, case_id)
    if user is None:
        return redirect("/staff/login")
    letter_id = f"{case_id}:{seq}"
    record = await context.store.get_letter(letter_id)
    if record is None or record.case_id != case_id:
        raise ApiError(404, "unknown_letter", "no such letter")
    await _record(context, case_id, AccessInput(user=user.username, letter_id=letter_id))
    lang = ui_language(request)
    back = translate("back_to_case", lang)
    return HTMLResponse(
        with_way_back(record.html, f"/staff/cases/{case_id}", back, lang), headers=LETTER_HEADERS
    )
