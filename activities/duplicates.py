"""Duplicate-claim detection: keyed hashes of identity keys, compared in the read model.

The procedure names the keys (the applicant's identity, the IBAN); this
activity stores only their HMAC-SHA256 under a key the database does not
hold, so the read model can find equal keys without holding a name or an
account number, and a stolen table cannot be reversed by trying all IBANs.
"""

from __future__ import annotations

import hashlib
import hmac

import structlog
from temporalio import activity

from guichet.store import CaseStore
from schemas.lifecycle import DuplicateCheckInput, DuplicateCheckResult, DuplicateMatch

_log = structlog.get_logger(__name__)


def fingerprint(secret: bytes, procedure: str, kind: str, value: str) -> str:
    """Return the keyed hash of one identity key (hex, 64 characters).

    The procedure and the kind are part of the message, so an IBAN never
    matches a name and claims of different procedures never match.
    """
    message = f"{procedure}\x1f{kind}\x1f{value}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


class DuplicateActivities:
    """The duplicate check, bound to a case store and a fingerprint key."""

    def __init__(self, store: CaseStore, secret: bytes) -> None:
        """Bind to ``store``; ``secret`` keys the hashes (keep it out of the database)."""
        self._store = store
        self._secret = secret

    @activity.defn(name="duplicates.check")
    async def check_duplicates(self, request: DuplicateCheckInput) -> DuplicateCheckResult:
        """Record this case's fingerprints and return other open or paid cases sharing one."""
        prints = {
            kind: fingerprint(self._secret, request.procedure, kind, value)
            for kind, value in sorted(request.keys.items())
        }
        await self._store.record_fingerprints(
            request.case_id, request.procedure, prints, request.at
        )
        matches = await self._store.find_duplicates(request.case_id, prints)
        # Counts only: the keys are personal data.
        _log.info("duplicates_checked", case_id=request.case_id, matches=len(matches))
        return DuplicateCheckResult(
            matches=[DuplicateMatch(case_id=case_id, kind=kind) for case_id, kind in matches]
        )
