"""Backup and restore of the data directory (embedded Temporal, case database, keys).

Backup runs while Guichet runs. Every SQLite database in the data directory
is copied with SQLite's online backup API, which reads one consistent
snapshot of the file even while another process (the Temporal server, the
worker) writes it in WAL mode; ``-wal`` and ``-shm`` files are not copied,
their committed content is in the snapshot. Other files (keys) are copied
as they are; logs are left out.

The two databases are snapshotted one after the other, not atomically
together, so the order matters: the case database (a read model) first,
Temporal's (the source of truth) last. The restored read model is then
never ahead of the workflows: a workflow's next write, or ``starter.py
reindex``, brings it up to date; the reverse could leave rows claiming
decisions the restored workflows have not taken.

Restore needs Guichet stopped (the embedded server holds its database
open): it unpacks into a staging directory, checks every file against the
manifest and every database with ``PRAGMA integrity_check``, then swaps the
directories, keeping the previous one beside it.

A case database on PostgreSQL is not in the data directory: back it up with
``pg_dump`` (before Temporal's backup, for the reason above).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import shutil
import sqlite3
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

MANIFEST: Final = "guichet-backup.json"
TEMPORAL_DB: Final = "temporal.db"
"""Temporal's database file in the data directory (see :mod:`runtime.devserver`)."""

_SQLITE_MAGIC: Final = b"SQLite format 3\x00"
_SKIPPED_SUFFIXES: Final = ("-wal", "-shm", "-journal", ".log")


class BackupError(Exception):
    """A backup or restore that cannot be done safely."""


@dataclass
class BackupReport:
    """What a backup or restore contained.

    Attributes:
        archive: The backup file.
        databases: SQLite databases, relative to the data directory.
        files: Other files, relative to the data directory.
        previous: Restore only: where the replaced data directory was moved.
    """

    archive: Path
    databases: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    previous: Path | None = None


def is_sqlite(path: Path) -> bool:
    """Return whether ``path`` is an SQLite database file."""
    with path.open("rb") as handle:
        return handle.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC


def _walk(data_dir: Path) -> Iterator[Path]:
    for path in sorted(data_dir.rglob("*")):
        if path.is_file() and not path.name.endswith(_SKIPPED_SUFFIXES):
            yield path


def _snapshot(source: Path, target: Path) -> None:
    """Copy one consistent snapshot of a live SQLite database."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(target)
        try:
            # One step (pages=-1): the whole copy reads a single snapshot.
            src.backup(dst)
            # A self-contained file: no WAL to carry along.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(data_dir: Path, archive: Path) -> BackupReport:
    """Write a consistent backup of ``data_dir`` to ``archive`` (``.tar.gz``).

    Args:
        data_dir: Guichet's data directory; Guichet may be running.
        archive: The file to write (replaced atomically if it exists).

    Returns:
        What the backup holds.

    Raises:
        BackupError: The data directory does not exist.
    """
    if not data_dir.is_dir():
        raise BackupError(f"no data directory at {data_dir}")
    report = BackupReport(archive=archive)
    files = list(_walk(data_dir))
    databases = [path for path in files if is_sqlite(path)]
    # The read model first, the source of truth last (see the module docstring).
    databases.sort(key=lambda path: path.name == TEMPORAL_DB)
    with tempfile.TemporaryDirectory(prefix="guichet-backup-") as staging_name:
        staging = Path(staging_name)
        for path in databases:
            relative = path.relative_to(data_dir)
            _snapshot(path, staging / relative)
            report.databases.append(relative.as_posix())
        for path in files:
            if path in databases:
                continue
            relative = path.relative_to(data_dir)
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, staging / relative)
            report.files.append(relative.as_posix())
        manifest = {
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "databases": report.databases,
            "files": report.files,
            "sha256": {
                name: _sha256(staging / name) for name in (*report.databases, *report.files)
            },
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2))
        archive.parent.mkdir(parents=True, exist_ok=True)
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            for entry in sorted(staging.iterdir()):
                tar.add(entry, arcname=entry.name)
        partial.replace(archive)
    return report


def restore(archive: Path, data_dir: Path) -> BackupReport:
    """Replace ``data_dir`` with the content of a backup; Guichet must be stopped.

    Args:
        archive: A file written by :func:`backup`.
        data_dir: Guichet's data directory (created if missing; an existing
            one is moved aside to ``<name>.before-restore-<time>``).

    Returns:
        What was restored, and where the previous directory went.

    Raises:
        BackupError: The archive is not a Guichet backup or is damaged.
    """
    if not archive.is_file():
        raise BackupError(f"no backup at {archive}")
    data_dir = data_dir.resolve()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{data_dir.name}.restore-", dir=data_dir.parent))
    try:
        try:
            with tarfile.open(archive, "r:gz") as tar:
                # The "data" filter refuses absolute paths, links out and devices.
                tar.extractall(staging, filter="data")
        except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise BackupError(f"{archive} cannot be read: {exc}") from exc
        manifest_path = staging / MANIFEST
        if not manifest_path.is_file():
            raise BackupError(f"{archive} is not a Guichet backup (no {MANIFEST})")
        manifest = json.loads(manifest_path.read_text())
        for name, expected in manifest["sha256"].items():
            path = staging / name
            if not path.is_file() or _sha256(path) != expected:
                raise BackupError(f"{name} is missing or damaged in {archive}")
        for name in manifest["databases"]:
            _check_integrity(staging / name)
        manifest_path.unlink()
        report = BackupReport(
            archive=archive, databases=list(manifest["databases"]), files=list(manifest["files"])
        )
        if data_dir.exists():
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
            report.previous = data_dir.with_name(f"{data_dir.name}.before-restore-{stamp}")
            data_dir.rename(report.previous)
        staging.rename(data_dir)
        return report
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def _check_integrity(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        result = connection.execute("PRAGMA integrity_check").fetchone()
    finally:
        connection.close()
    if not result or result[0] != "ok":
        raise BackupError(f"{path.name} failed its integrity check: {result}")
