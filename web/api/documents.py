"""``POST /api/cases/{case_id}/documents``: an applicant uploads a document.

The answer to a document question is a reference to a stored file, never the
file: upload here, then send the returned ``reference`` as the answer
(``POST /api/cases/{case_id}/messages``). Only the case's own applicant may
upload; the file is checked by its content (PDF, JPEG or PNG, at most
:data:`guichet.files.MAX_FILE_BYTES`) and stored once under its digest.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from web.access import applicant_case
from web.api.models import DocumentStored
from web.context import Ctx
from web.uploads import read_upload, save_upload

router = APIRouter(prefix="/api", tags=["applicant"])


@router.post(
    "/cases/{case_id}/documents",
    status_code=201,
    responses={
        413: {"description": "the file is too large"},
        415: {"description": "not a PDF, JPEG or PNG file"},
        422: {"description": "no file part, or an empty file"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {"file": {"type": "string", "format": "binary"}},
                    }
                }
            },
        }
    },
)
async def upload_document(
    request: Request,
    context: Ctx,
    case_id: Annotated[str, Depends(applicant_case)],
    response: Response,
) -> DocumentStored:
    """Store a document of the case; answer a document question with its reference."""
    content, _ = await read_upload(request)
    stored = await save_upload(context, case_id, content)
    response.headers["Cache-Control"] = "no-store"
    return DocumentStored(
        reference=stored.reference, media_type=stored.media_type, size=stored.size
    )
