"""Reading an uploaded document from a multipart request, within a bounded size.

The app refuses bodies over :data:`web.app.MAX_BODY_BYTES` before reading
them; the two upload routes (the API's and the chat page's) get their own,
larger limit: one file of at most :data:`guichet.files.MAX_FILE_BYTES` plus
the multipart framing. The body is read chunk by chunk and abandoned as soon
as it passes that limit, whether or not a ``Content-Length`` was sent, then
parsed; the file is checked and stored by :func:`guichet.files.store_upload`.
"""

from __future__ import annotations

import re

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.types import Message

from guichet.case_files import CaseFiles
from guichet.files import MAX_FILE_BYTES, FileRejectedError, StoredFile
from web.context import WebContext
from web.errors import ApiError
from web.upload_limits import UPLOAD_BODY_BYTES, UPLOAD_PATHS

__all__ = ["UPLOAD_BODY_BYTES", "UPLOAD_PATHS", "is_upload", "read_upload", "save_upload"]

_UPLOAD_PATHS = re.compile(UPLOAD_PATHS)
FILE_FIELD = "file"


def is_upload(path: str) -> bool:
    """Return whether ``path`` is an upload route (which has the larger body limit)."""
    return _UPLOAD_PATHS.match(path) is not None


def _too_large() -> ApiError:
    return ApiError(413, "file_too_large", f"a file may hold at most {MAX_FILE_BYTES} bytes")


async def _bounded_body(request: Request) -> bytes:
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > UPLOAD_BODY_BYTES:
        raise _too_large()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > UPLOAD_BODY_BYTES:
            raise _too_large()
        chunks.append(chunk)
    return b"".join(chunks)


async def read_upload(request: Request) -> tuple[bytes, FormData]:
    """Read the one file of a multipart upload, and the other fields.

    Returns:
        The file's bytes and the parsed form (for a CSRF token, a turn key).

    Raises:
        ApiError: 413 past the limit; 422 when the body is not a multipart
            form with a ``file`` part.
    """
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise ApiError(422, "invalid", "file: send the document as multipart/form-data")
    body = await _bounded_body(request)
    sent = False

    async def replay() -> Message:
        # The parser reads the body again from memory, never from the socket.
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        form = await Request(request.scope, replay).form(max_files=1, max_fields=10)
    except Exception as exc:  # the multipart parser's errors have no common base
        raise ApiError(422, "invalid", "file: the multipart body could not be read") from exc
    upload = form.get(FILE_FIELD)
    if not isinstance(upload, UploadFile):
        raise ApiError(422, "invalid", "file: a file part named 'file' is required")
    content = await upload.read(MAX_FILE_BYTES + 1)
    await upload.close()
    return content, form


def case_files(context: WebContext) -> CaseFiles:
    """The cases' documents, sealed with each case's key (:mod:`guichet.case_files`)."""
    return CaseFiles(context.files_root / "files", context.store)


async def save_upload(context: WebContext, case_id: str, content: bytes) -> StoredFile:
    """Check and store an upload of a case, encrypted; refusals become API errors."""
    try:
        return await case_files(context).put(case_id, content)
    except FileRejectedError as exc:
        raise ApiError(exc.http_status, exc.code, exc.message) from exc
