"""The hash chain over archive entries: how a link's digest is computed and checked.

Every stored part of an archive entry is one link. Its digest covers the
SHA-256 of the archived bytes, the link's metadata and the previous link's
digest, so editing any archived history, any of its metadata, or removing
any link breaks every later link. Pure functions only: the store computes
digests with :func:`link_digest` when it appends, and :func:`verify_links`
checks a stored chain in order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from typing import Final

from pydantic import BaseModel

GENESIS: Final = "0" * 64
"""The ``prev_digest`` of the first link."""


class ArchiveLink(BaseModel):
    """One stored link of the archive chain (one run's history, or a purge record).

    Attributes:
        seq: Position in the chain, 1 for the first link, without gaps.
        entry_id: The archive entry it belongs to (``case_id:seq`` from the
            workflow, or a content-derived id for on-demand archives).
        part: Index of this link within its entry (the run, oldest first).
        parts: How many links the entry has.
        case_id: The case (workflow id).
        kind: ``history`` or ``purge``.
        run_id: The workflow run whose history this is (``history`` only).
        recorded_at: When the link was appended.
        content_sha256: SHA-256 of the archived bytes.
        prev_digest: The previous link's digest (:data:`GENESIS` for the first).
        digest: This link's digest.
    """

    seq: int
    entry_id: str
    part: int
    parts: int
    case_id: str
    kind: str
    run_id: str | None
    recorded_at: dt.datetime
    content_sha256: str
    prev_digest: str
    digest: str


class ChainBreak(BaseModel):
    """The first link that does not verify, and why."""

    seq: int
    entry_id: str | None
    case_id: str | None
    problem: str


class ChainReport(BaseModel):
    """Result of verifying the whole archive chain.

    Attributes:
        ok: True when every link verifies.
        links: Links checked.
        entries: Distinct archive entries seen.
        cases: Distinct cases seen.
        head: Digest of the last link (publish it elsewhere to detect a
            truncated tail later), or None for an empty archive.
        broken: The first broken link, when not ``ok``.
    """

    ok: bool
    links: int
    entries: int
    cases: int
    head: str | None
    broken: ChainBreak | None = None


def content_digest(content: bytes) -> str:
    """Return the hex SHA-256 of archived bytes."""
    return hashlib.sha256(content).hexdigest()


def link_digest(
    *,
    seq: int,
    entry_id: str,
    part: int,
    parts: int,
    case_id: str,
    kind: str,
    run_id: str | None,
    recorded_at: dt.datetime,
    content_sha256: str,
    prev_digest: str,
) -> str:
    """Return the digest of one link, over its metadata and the previous digest.

    The fields are serialised as canonical JSON (sorted keys, UTC timestamp
    in ISO form), so the digest is the same on every backend and machine.
    """
    canonical = json.dumps(
        {
            "seq": seq,
            "entry_id": entry_id,
            "part": part,
            "parts": parts,
            "case_id": case_id,
            "kind": kind,
            "run_id": run_id,
            "recorded_at": recorded_at.astimezone(dt.UTC).isoformat(),
            "content_sha256": content_sha256,
            "prev_digest": prev_digest,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def expected_digest(link: ArchiveLink) -> str:
    """Return the digest ``link`` should carry given its own fields."""
    return link_digest(
        seq=link.seq,
        entry_id=link.entry_id,
        part=link.part,
        parts=link.parts,
        case_id=link.case_id,
        kind=link.kind,
        run_id=link.run_id,
        recorded_at=link.recorded_at,
        content_sha256=link.content_sha256,
        prev_digest=link.prev_digest,
    )


class ChainVerifier:
    """Checks links fed one at a time in ``seq`` order (so a large archive streams).

    Checks, per link: no gap in ``seq``; ``prev_digest`` equals the previous
    link's digest; the stored bytes hash to ``content_sha256``; the digest
    matches the link's fields; an entry's parts are contiguous and complete.
    """

    def __init__(self, expect_head: str | None = None) -> None:
        """Start at the genesis of the chain.

        Args:
            expect_head: A head digest published earlier; it must still be
                in the chain (detects a truncated tail).
        """
        self._expect_head = expect_head
        self._head_seen = expect_head is None
        self._previous = GENESIS
        self._count = 0
        self._entries: set[str] = set()
        self._cases: set[str] = set()
        self._open: ArchiveLink | None = None
        self.broken: ChainBreak | None = None

    def _fail(self, link: ArchiveLink | None, seq: int, problem: str) -> bool:
        self.broken = ChainBreak(
            seq=seq,
            entry_id=link.entry_id if link else None,
            case_id=link.case_id if link else None,
            problem=problem,
        )
        return False

    def feed(self, link: ArchiveLink, content: bytes) -> bool:
        """Check the next link; return False (and set ``broken``) if it fails."""
        if self.broken is not None:
            return False
        expected_seq = self._count + 1
        if link.seq != expected_seq:
            return self._fail(
                link, expected_seq, f"link {expected_seq} is missing (next stored is {link.seq})"
            )
        if link.prev_digest != self._previous:
            return self._fail(
                link, link.seq, "prev_digest does not match the previous link's digest"
            )
        if content_digest(content) != link.content_sha256:
            return self._fail(link, link.seq, "archived bytes do not match their SHA-256")
        if expected_digest(link) != link.digest:
            return self._fail(link, link.seq, "digest does not match the link's fields")
        held = self._open
        if held is not None and (link.entry_id != held.entry_id or link.part != held.part + 1):
            return self._fail(
                link,
                link.seq,
                f"entry {held.entry_id} ends after part {held.part + 1} of {held.parts}",
            )
        if held is None and link.part != 0:
            return self._fail(link, link.seq, f"entry {link.entry_id} starts at part {link.part}")
        self._open = link if link.part + 1 < link.parts else None
        self._previous = link.digest
        self._head_seen = self._head_seen or link.digest == self._expect_head
        self._count += 1
        self._entries.add(link.entry_id)
        self._cases.add(link.case_id)
        return True

    def report(self) -> ChainReport:
        """Finish: the report, checking that the last entry is complete."""
        held = self._open
        if self.broken is None and held is not None:
            self._fail(
                held,
                self._count + 1,
                f"entry {held.entry_id} ends after part {held.part + 1} of {held.parts}",
            )
        if self.broken is None and not self._head_seen:
            self._fail(None, self._count + 1, f"the expected head {self._expect_head} is missing")
        return ChainReport(
            ok=self.broken is None,
            links=self._count,
            entries=len(self._entries),
            cases=len(self._cases),
            head=self._previous if self._count else None,
            broken=self.broken,
        )


def verify_links(
    links: Iterable[tuple[ArchiveLink, bytes]], expect_head: str | None = None
) -> ChainReport:
    """Verify a chain given in ``seq`` order, stopping at the first broken link.

    Args:
        links: Each link with its archived bytes, in ascending ``seq``.
        expect_head: A head digest published earlier that must still be present.

    Returns:
        The report; ``broken`` names the first link that fails.
    """
    verifier = ChainVerifier(expect_head)
    for link, content in links:
        if not verifier.feed(link, content):
            break
    return verifier.report()
