"""Actions that only add to a case's record: a rating, a contact address, a document opened.

They change no step of the case: each is recorded in the timeline (and the
read models) and answered at once.
"""

from __future__ import annotations

from guichet.files import is_reference
from schemas.applicant_actions import AccessInput, CaseActionResult, ContactInput, RatingInput
from schemas.case import CaseStatus, Outcome
from workflows import errors
from workflows.case.context import CaseContext
from workflows.case.options import EMAIL_SHAPE_MAX


class RecordActions:
    """The applicant's rating and contact address, and staff's openings of documents."""

    def __init__(self, ctx: CaseContext) -> None:
        """Work on ``ctx``'s case."""
        self.ctx = ctx

    async def _recorded(self) -> CaseActionResult:
        await self.ctx.flush()
        s = self.ctx.s
        return CaseActionResult(status=s.status, outcome=s.decision.outcome if s.decision else None)

    async def rate(self, request: RatingInput) -> CaseActionResult:
        """The applicant answers the satisfaction question once, after the decision."""
        self.check_rating(request)
        self.ctx.s.satisfaction = request.score
        self.ctx.log("satisfaction", f"score {request.score}", actor="applicant")
        return await self._recorded()

    def check_rating(self, request: RatingInput) -> None:
        """Refuse a rating before a decision, after the purge, twice, or out of range."""
        s = self.ctx.s
        decision = s.decision
        if decision is None or decision.outcome is Outcome.WITHDRAWN:
            raise errors.rejected(errors.WRONG_STATE, "nothing has been decided yet")
        if s.status is CaseStatus.PURGED:
            raise errors.rejected(errors.WRONG_STATE, f"case is {s.status.value}")
        if s.satisfaction is not None:
            raise errors.rejected(errors.WRONG_STATE, "the question has already been answered")
        if not 1 <= request.score <= 5:
            raise errors.rejected(errors.INVALID_INPUT, "score: must be 1 to 5")

    async def set_contact(self, request: ContactInput) -> CaseActionResult:
        """Record the address notifications go to, where the form asks for none."""
        self.check_contact(request)
        self.ctx.s.contact_email = request.email.strip()
        self.ctx.log("contact", "notification address given", actor="applicant")
        return await self._recorded()

    def check_contact(self, request: ContactInput) -> None:
        """Refuse an address after the purge, or one not shaped like an e-mail address."""
        s = self.ctx.s
        if s.status is CaseStatus.PURGED:
            raise errors.rejected(errors.WRONG_STATE, f"case is {s.status.value}")
        address = request.email.strip()
        local, at, domain = address.partition("@")
        shaped = bool(at and local and "." in domain and "@" not in domain)
        if not shaped or " " in address or len(address) > EMAIL_SHAPE_MAX:
            raise errors.rejected(errors.INVALID_INPUT, "email: not an e-mail address")

    async def record_access(self, request: AccessInput) -> CaseActionResult:
        """Note in the timeline that a staff member opened a document or a letter.

        The web app serves the file only after this returns, so every opening
        is in the case's own record, next to the decisions.
        """
        self.check_access(request)
        if request.document is not None:
            self.ctx.log("document_opened", f"document {request.document}", actor=request.user)
        else:
            self.ctx.log("letter_opened", f"letter {request.letter_id}", actor=request.user)
        return await self._recorded()

    def check_access(self, request: AccessInput) -> None:
        """Refuse after the purge, or unless it names one document or letter of this case."""
        s = self.ctx.s
        if s.status is CaseStatus.PURGED:
            raise errors.rejected(errors.WRONG_STATE, f"case is {s.status.value}")
        if (request.document is None) == (request.letter_id is None):
            raise errors.rejected(errors.INVALID_INPUT, "name one document or one letter")
        if request.document is not None and not is_reference(s.form.get(request.document)):
            raise errors.rejected(errors.INVALID_INPUT, "document: no such document")
        if request.letter_id is not None and not request.letter_id.startswith(f"{s.case_id}:"):
            raise errors.rejected(errors.INVALID_INPUT, "letter: not a letter of this case")
