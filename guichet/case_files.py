"""Uploaded documents, encrypted at rest with their case's key (issue 23 item 8).

Each case's documents live in their own directory, ``files/cases/<case_id>/``,
as ``<sha256>.<ext>`` sealed with the case's data key (the key that also
seals its form and letters, :mod:`guichet.store._case_keys`). The form still
holds ``file:<sha256>``, so nothing changes in workflow histories. The
retention purge destroys the case's key, which leaves the files unreadable,
and deletes the directory (:meth:`CaseFiles.purge`).

Uploads of earlier releases were stored in clear under ``files/<ab>/<sha256>``
(content-addressed, shared by every case that sent the same bytes). They are
read from there until :meth:`CaseFiles.reseal_legacy` seals a copy into the
directory of every case whose form refers to them and deletes the clear file
once older than a grace period (``python starter.py reseal-uploads``; the
worker also runs it at start). An old clear file no case refers to is left
from a case purged by an earlier release or an upload never sent: it is
deleted. The retention purge reseals the purged case's clear files first,
so they go with its directory.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import structlog

from guichet.crypto import DataCipher
from guichet.files import (
    FileRejectedError,
    FileStore,
    StoredFile,
    check_upload,
    sniff_type,
)
from guichet.private import private_dir
from guichet.store import CaseStore

PURPOSE = "files.document"
"""The associated data of a sealed document: a file copied to another case does not open."""

_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
_TYPES = {extension: media for media, extension in _EXTENSIONS.items()}
_REFERENCE = re.compile(r"^file:([0-9a-f]{64})$")
_CASE_ID = re.compile(r"^[A-Za-z0-9_-]{1,200}$")
_LEGACY_DIR = re.compile(r"^[0-9a-f]{2}$")
_LEGACY_NAME = re.compile(r"^[0-9a-f]{64}$")
UPLOAD_GRACE = dt.timedelta(days=1)
"""How old a clear upload must be before it is deleted: an earlier release
stored it before the message that sent its reference, whose projection may
not have reached the case rows yet."""

log = structlog.get_logger(__name__)

Progress = Callable[[int, int], None]
"""Told ``(done, total)`` after each clear file is dealt with."""


@dataclass(frozen=True, slots=True)
class ResealReport:
    """What :meth:`CaseFiles.reseal_legacy` did.

    Attributes:
        found: Clear files found (uploads of earlier releases and their partial writes).
        sealed: Sealed copies written into cases' directories.
        removed: Clear files deleted.
        kept: Clear files left: younger than the grace period, another
            case's (the purge's run), or unreadable.
    """

    found: int = 0
    sealed: int = 0
    removed: int = 0
    kept: int = 0


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

    def legacy_files(self) -> list[Path]:
        """The clear files an earlier release left: ``<ab>/<sha256>`` and partial writes."""
        found: list[Path] = []
        if not self.root.is_dir():
            return found
        for directory in sorted(self.root.iterdir()):
            if not directory.is_dir() or not _LEGACY_DIR.match(directory.name):
                continue
            for path in sorted(directory.iterdir()):
                if path.is_file() and (
                    _LEGACY_NAME.match(path.name) or path.name.startswith(".upload-")
                ):
                    found.append(path)
        return found

    async def reseal_legacy(
        self,
        *,
        case_id: str | None = None,
        grace: dt.timedelta = UPLOAD_GRACE,
        now: dt.datetime | None = None,
        progress: Progress | None = None,
    ) -> ResealReport:
        """Seal the clear uploads of earlier releases into their cases, then delete them.

        Each clear file is copied, sealed with the case's key, into the
        directory of every case whose form refers to it; the sealed copy is
        written whole and flushed to disk before the clear file is deleted,
        so a crash at any point leaves the document readable, and a second
        run finishes the work (a copy already sealed is not written again).

        A clear file is deleted only once older than ``grace``: the case
        rows are a projection that may lag (a message sent just before an
        upgrade is projected when the new worker runs), so a recent upload
        may belong to a case whose row does not show it yet; it is sealed
        for the cases known now and deleted by a later run. An old clear
        file no case refers to is left from a case an earlier release purged,
        or an upload never sent: it is deleted.

        Args:
            case_id: Only the clear files this case refers to (the retention
                purge, before the case's key is destroyed), and those no case
                refers to; None: all of them (the migration).
            grace: Age (since the upload) before a clear file is deleted.
            now: The current time (tests).
            progress: Called with ``(done, total)`` after each clear file.

        Returns:
            What was done.
        """
        paths = await asyncio.to_thread(self.legacy_files)
        if not paths:
            return ResealReport()
        owners, unreadable = await self._owners()
        cutoff = (now or dt.datetime.now(dt.UTC)).timestamp() - grace.total_seconds()
        sealed = removed = 0
        for done, path in enumerate(paths, start=1):
            cases = owners.get(path.name, set())
            # The purge leaves other cases' documents to the migration.
            if case_id is None or not cases or case_id in cases:
                written = await self._seal_copies(path, cases) if cases else 0
                # A file no readable case refers to may belong to a case whose
                # row could not be opened: it is kept, never deleted on a guess.
                orphan_unsure = not cases and bool(unreadable)
                if (
                    written is not None
                    and not orphan_unsure
                    and await asyncio.to_thread(_older_than, path, cutoff)
                ):
                    await asyncio.to_thread(path.unlink, missing_ok=True)
                    removed += 1
                sealed += written or 0
            if progress is not None:
                progress(done, len(paths))
        await asyncio.to_thread(self._remove_empty_dirs)
        report = ResealReport(
            found=len(paths), sealed=sealed, removed=removed, kept=len(paths) - removed
        )
        log.info(
            "legacy uploads resealed",
            found=report.found,
            sealed=report.sealed,
            removed=report.removed,
            kept=report.kept,
        )
        return report

    async def _owners(self) -> tuple[dict[str, set[str]], list[str]]:
        """For each content digest, the cases whose form refers to it; and the unreadable cases.

        One case whose row cannot be opened (a damaged row, a key restored
        from the wrong backup) must not stop the others' documents from
        being sealed: it is logged and left out.
        """
        total = await self.store.count_cases()
        owners: dict[str, set[str]] = {}
        unreadable: list[str] = []
        for case in await self.store.list_cases(limit=max(total, 1), unreadable=unreadable):
            for sha256 in _references(case.form.values()):
                owners.setdefault(sha256, set()).add(case.case_id)
        if unreadable:
            log.warning(
                "cases whose form could not be opened; their documents are kept",
                cases=len(unreadable),
            )
        return owners, unreadable

    async def _seal_copies(self, path: Path, cases: set[str]) -> int | None:
        """Seal ``path`` into each case that lacks it; None if it may not be deleted."""
        try:
            content = await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError:
            return 0  # another process sealed and deleted it meanwhile
        if hashlib.sha256(content).hexdigest() != path.name:
            log.warning("legacy upload does not match its digest; left in place", file=path.name)
            return None
        written = 0
        for case_id in sorted(cases):
            if self._sealed(case_id, path.name) is not None:
                continue
            try:
                await self.put(case_id, content)
            except FileRejectedError as exc:
                if exc.code != "case_purged":  # a purged case needs no copy
                    log.warning("legacy upload refused", file=path.name, code=exc.code)
                    return None
                continue
            written += 1
        return written

    def _remove_empty_dirs(self) -> None:
        for directory in self.root.iterdir():
            if directory.is_dir() and _LEGACY_DIR.match(directory.name):
                with contextlib.suppress(OSError):  # not empty: a file was kept
                    directory.rmdir()


async def reseal_at_start(files: CaseFiles) -> ResealReport | None:
    """The worker's start: reseal the clear uploads of earlier releases, logging progress.

    Runs beside the worker (cases are served meanwhile: every clear file
    stays readable until its sealed copies exist). A failure is logged, not
    raised: the next start, or ``python starter.py reseal-uploads``, resumes.
    """

    def logged(done: int, total: int) -> None:
        if done == total or done % 100 == 0:
            log.info("resealing legacy uploads", done=done, total=total)

    try:
        return await files.reseal_legacy(progress=logged)
    except Exception:
        log.exception("resealing legacy uploads failed; run: python starter.py reseal-uploads")
        return None


def _references(values: Iterable[object]) -> set[str]:
    """The content digests of the file references among form values (lists included)."""
    found: set[str] = set()
    for value in values:
        if isinstance(value, str):
            match = _REFERENCE.match(value)
            if match is not None:
                found.add(match.group(1))
        elif isinstance(value, list | tuple):
            found |= _references(value)
        elif isinstance(value, dict):
            found |= _references(value.values())
    return found


def _older_than(path: Path, cutoff: float) -> bool:
    try:
        return path.stat().st_mtime < cutoff
    except FileNotFoundError:
        return False


def _write(path: Path, sealed: bytes) -> None:
    """Write the sealed file whole and durably (0600): the clear one may be deleted next."""
    private_dir(path.parent)
    descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(sealed)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    # The rename itself must reach the disk before the clear copy is deleted.
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
