"""Uploaded documents, encrypted at rest with their case's key (issue 23 item 8).

Each case's documents live in their own directory, ``files/cases/<case_id>/``,
as ``<sha256>.<ext>`` sealed with the case's data key (the key that also
seals its form and letters, :mod:`guichet.store._case_keys`). The form still
holds ``file:<sha256>``, so nothing changes in workflow histories. The
retention purge destroys the case's key, which leaves the files unreadable,
and deletes the directory (:meth:`CaseFiles.purge`).

Uploads of earlier releases were stored in clear under ``files/<ab>/<sha256>``
(content-addressed, shared by every case); they are still read from there
until they are purged.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path

from guichet.crypto import DataCipher
from guichet.files import (
    FileRejectedError,
    FileStore,
    StoredFile,
    check_upload,
    sniff_type,
)
from guichet.private import private_dir, write_private
from guichet.store import CaseStore

PURPOSE = "files.document"
"""The associated data of a sealed document: a file copied to another case does not open."""

_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
_TYPES = {extension: media for media, extension in _EXTENSIONS.items()}
_REFERENCE = re.compile(r"^file:([0-9a-f]{64})$")
_CASE_ID = re.compile(r"^[A-Za-z0-9_-]{1,200}$")
SEAL_OVERHEAD = 4 + 12 + 16
"""Bytes a sealed file has beyond its content: magic, nonce and GCM tag."""


class CaseFiles:
    """The documents of every case, under ``root`` (the data directory's ``files``)."""

    def __init__(self, root: Path, store: CaseStore) -> None:
        """Use ``root``; ``store`` holds the case keys."""
        self.root = root
        self.store = store

    def _dir(self, case_id: str) -> Path:
        if not _CASE_ID.match(case_id):
            raise KeyError("not a case id")
        return self.root / "cases" / case_id

    def _sealed(self, case_id: str, sha256: str) -> Path | None:
        for extension in _TYPES:
            path = self._dir(case_id) / f"{sha256}.{extension}"
            if path.is_file():
                return path
        return None

    async def put(self, case_id: str, content: bytes) -> StoredFile:
        """Check ``content`` and store it sealed with the case's key; idempotent.

        Raises:
            FileRejectedError: Empty, too large, not PDF/JPEG/PNG, or the
                case was purged (409).
        """
        sha256, media_type = check_upload(content)
        async with self.store.engines.write.begin() as conn:
            cipher = await self.store.case_keys.for_write(conn, case_id)
        if cipher is None:
            raise FileRejectedError("case_purged", "the case's data was purged", 409)
        path = self._dir(case_id) / f"{sha256}.{_EXTENSIONS[media_type]}"
        if not path.exists():
            sealed = cipher.seal_bytes(PURPOSE, content)
            await asyncio.to_thread(_write, path, sealed)
        return StoredFile(f"file:{sha256}", sha256, media_type, len(content))

    def describe(self, case_id: str, reference: object) -> StoredFile | None:
        """What the case holds under ``reference`` (type and size, without decrypting)."""
        match = _REFERENCE.match(reference) if isinstance(reference, str) else None
        if match is None:
            return None
        sha256 = match.group(1)
        path = self._sealed(case_id, sha256)
        if path is not None:
            media_type = _TYPES[path.suffix.removeprefix(".")]
            size = path.stat().st_size - SEAL_OVERHEAD
            return StoredFile(f"file:{sha256}", sha256, media_type, size)
        return FileStore(self.root).describe(f"file:{sha256}")  # an earlier release's upload

    async def read(self, case_id: str, reference: str) -> bytes:
        """The document's bytes, opened with the case's key.

        Raises:
            KeyError: Nothing stored under it for this case, or the case was purged.
        """
        stored = self.describe(case_id, reference)
        if stored is None:
            raise KeyError("unknown file reference")
        path = self._sealed(case_id, stored.sha256)
        if path is None:
            return FileStore(self.root).read(reference)
        async with self.store.engines.read.connect() as conn:
            cipher: DataCipher | None = (await self.store.case_keys.for_read(conn, [case_id])).get(
                case_id
            )
        if cipher is None:
            raise KeyError("the case's data was purged")
        content = cipher.open_bytes(PURPOSE, await asyncio.to_thread(path.read_bytes))
        if sniff_type(content) != stored.media_type:
            raise KeyError("the stored file does not match its name")
        return content

    def purge(self, case_id: str) -> bool:
        """Delete the case's documents (its key is destroyed by the same purge).

        Returns:
            Whether there was anything to delete.
        """
        directory = self._dir(case_id)
        existed = directory.exists()
        shutil.rmtree(directory, ignore_errors=True)
        return existed


def _write(path: Path, sealed: bytes) -> None:
    private_dir(path.parent)
    write_private(path, sealed)
