"""Uploaded documents: a small content-addressed file store under the data dir.

An upload is checked (size, and type by its leading bytes, never by its name
or a declared content type) and stored once under its SHA-256; the form field
holds only the reference ``file:<sha256>``, so no document ever enters a
workflow history. The web app's upload endpoint and the command line both
call :func:`store_upload`; storing the same bytes twice gives the same
reference and writes nothing.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from guichet.private import private_dir

__all__ = [
    "ALLOWED_TYPES",
    "MAX_FILE_BYTES",
    "FileRejectedError",
    "FileStore",
    "StoredFile",
    "check_upload",
    "is_reference",
    "sniff_type",
    "store_upload",
]

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest accepted upload (10 MB): plans and photos fit, archives do not."""

# Leading bytes of the accepted formats (their published signatures).
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
ALLOWED_TYPES: frozenset[str] = frozenset(media for _, media in _SIGNATURES)
"""Media types a document may have: PDF, JPEG, PNG."""

_REFERENCE = re.compile(r"^file:([0-9a-f]{64})$")


class FileRejectedError(ValueError):
    """An upload was refused; ``code`` and ``http_status`` follow API.md."""

    def __init__(self, code: str, message: str, http_status: int) -> None:
        """Create the error with its stable code and HTTP status."""
        super().__init__(message)
        self.code = code
        self.message = message
        self.http_status = http_status


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A stored upload.

    Attributes:
        reference: What the form holds: ``file:<sha256>``.
        sha256: The content digest (hex).
        media_type: The type read from the content.
        size: Bytes.
    """

    reference: str
    sha256: str
    media_type: str
    size: int


def sniff_type(content: bytes) -> str | None:
    """Return the media type the content's leading bytes show, or None if not accepted."""
    for signature, media_type in _SIGNATURES:
        if content.startswith(signature):
            return media_type
    return None


def check_upload(content: bytes) -> tuple[str, str]:
    """Check an upload and return its SHA-256 (hex) and media type.

    Raises:
        FileRejectedError: ``empty_file`` (422), ``file_too_large`` (413)
            or ``unsupported_file_type`` (415).
    """
    if not content:
        raise FileRejectedError("empty_file", "the file is empty", 422)
    if len(content) > MAX_FILE_BYTES:
        raise FileRejectedError(
            "file_too_large", f"a file may hold at most {MAX_FILE_BYTES} bytes", 413
        )
    media_type = sniff_type(content)
    if media_type is None:
        raise FileRejectedError(
            "unsupported_file_type", "only PDF, JPEG and PNG files are accepted", 415
        )
    return hashlib.sha256(content).hexdigest(), media_type


def is_reference(value: object) -> bool:
    """Return whether ``value`` is a well-formed file reference."""
    return isinstance(value, str) and _REFERENCE.match(value) is not None


class FileStore:
    """Content-addressed files under ``root`` (``root/ab/abcdef…``)."""

    def __init__(self, root: Path) -> None:
        """Use ``root`` (created on first write)."""
        self.root = root

    def _path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, content: bytes) -> StoredFile:
        """Check and store ``content``; idempotent.

        Raises:
            FileRejectedError: ``empty_file`` (422), ``file_too_large`` (413)
                or ``unsupported_file_type`` (415).
        """
        sha256, media_type = check_upload(content)
        target = self._path(sha256)
        if not target.exists():
            private_dir(target.parent)
            # Write then rename: a reader never sees half a file, and two
            # concurrent uploads of the same bytes both end with the same file.
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(content)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        return StoredFile(f"file:{sha256}", sha256, media_type, len(content))

    def describe(self, reference: str) -> StoredFile | None:
        """Return what is stored under ``reference``, or None if unknown or malformed."""
        match = _REFERENCE.match(reference)
        if match is None:
            return None
        path = self._path(match.group(1))
        if not path.is_file():
            return None
        with path.open("rb") as handle:
            head = handle.read(16)
        media_type = sniff_type(head) or "application/octet-stream"
        return StoredFile(reference, match.group(1), media_type, path.stat().st_size)

    def read(self, reference: str) -> bytes:
        """Return the bytes stored under ``reference``.

        Raises:
            KeyError: If nothing is stored under it.
        """
        stored = self.describe(reference)
        if stored is None:
            raise KeyError("unknown file reference")
        return self._path(stored.sha256).read_bytes()


def store_upload(data_dir: Path, content: bytes) -> StoredFile:
    """Store an applicant's upload under ``data_dir/files`` and return its reference.

    This is what the web app's upload endpoint and the command line call; the
    returned ``reference`` is the answer to a document question.

    Raises:
        FileRejectedError: Empty, too large or not PDF/JPEG/PNG.
    """
    return FileStore(data_dir / "files").put(content)
