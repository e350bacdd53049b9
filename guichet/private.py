"""Files only their owner reads: 0600 files in 0700 directories (issue 23 item 11).

The data directory holds the case database, keys, outbox e-mails and
uploaded files: personal data. Created with the default umask they were
world-readable (0644 in 0755 directories). Everything Guichet creates there
goes through these helpers, and each process started by Guichet's entry
points also narrows its umask, so that files written by libraries (SQLite's
journal, the dev server's database) are private too.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
UMASK = 0o077
"""The umask that makes every new file 0600 and every new directory 0700 at most."""


def restrict_new_files() -> None:
    """Narrow the process's umask: new files 0600, new directories 0700 (entry points call it)."""
    os.umask(UMASK)


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) as 0700; narrow it if it exists and is ours.

    Returns:
        ``path``.
    """
    missing = [parent for parent in (path, *path.parents) if not parent.exists()]
    for directory in reversed(missing):  # parents too: mkdir(parents=True) ignores the mode
        directory.mkdir(exist_ok=True, mode=DIR_MODE)
    with contextlib.suppress(PermissionError):
        if path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o077:
            path.chmod(DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty as 0600 if missing (so a library opening it keeps that mode).

    Returns:
        ``path``.
    """
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    with contextlib.suppress(PermissionError):
        if path.stat().st_mode & 0o077:
            path.chmod(FILE_MODE)
    return path


def write_private(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` as 0600, atomically (a temporary file, then a rename)."""
    descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:  # mkstemp creates it 0600
            handle.write(content)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
