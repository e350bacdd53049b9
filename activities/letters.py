"""Decision letters: rendered from the procedure's templates and stored.

Rendering and storing happen in one activity so that only the letter's id
and digest enter the workflow history (the letter holds personal data).
Storing is insert-if-absent under an id derived in the workflow, so a
retried activity never issues a letter twice.
"""

from __future__ import annotations

import hashlib

import structlog
from temporalio import activity

from guichet.store import CaseStore
from procedures import get_procedure
from procedures.letters import render_letter
from schemas.letter import LetterIssued, LetterRequest
from schemas.projection import LetterRecord, ProjectionBatch

log = structlog.get_logger(__name__)


class LetterActivities:
    """Letter activities bound to a case store."""

    def __init__(self, store: CaseStore) -> None:
        """Bind the activities to ``store``."""
        self._store = store

    @activity.defn(name="letters.issue")
    async def issue_letter(self, request: LetterRequest) -> LetterIssued:
        """Render the decision letter and store it under its workflow-derived id."""
        html = render_letter(request, get_procedure(request.procedure))
        await self._store.apply(
            ProjectionBatch(
                letters=[
                    LetterRecord(
                        letter_id=request.letter_id,
                        case_id=request.case_id,
                        language=request.language,
                        outcome=request.outcome,
                        html=html,
                        created_at=request.decided_at,
                    )
                ]
            )
        )
        digest = hashlib.sha256(html.encode()).hexdigest()
        log.info("letter issued", letter_id=request.letter_id, outcome=request.outcome)
        return LetterIssued(letter_id=request.letter_id, sha256=digest, length=len(html))
