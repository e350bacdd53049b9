"""Applicant side after the decision: the satisfaction answer and the contact address."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from web.access import applicant_case
from web.api.models import CaseActionOut, SatisfactionOut
from web.context import Ctx

router = APIRouter(prefix="/api", tags=["applicant"])


class SatisfactionBody(BaseModel):
    """Body of ``POST /api/cases/{id}/satisfaction``: one score from 1 to 5."""

    score: int = Field(ge=1, le=5)


class ContactBody(BaseModel):
    """Body of ``POST /api/cases/{id}/contact``: where notifications go."""

    model_config = ConfigDict(hide_input_in_errors=True)

    email: str = Field(max_length=320)


@router.post("/cases/{case_id}/satisfaction")
async def rate_case(
    body: SatisfactionBody, context: Ctx, case_id: Annotated[str, Depends(applicant_case)]
) -> SatisfactionOut:
    """Answer the optional satisfaction question once the case is decided (409 twice)."""
    result = await context.cases.rate(case_id, body.score)
    return SatisfactionOut(case_id=case_id, score=body.score, **result.model_dump())


@router.post("/cases/{case_id}/contact")
async def set_contact(
    body: ContactBody, context: Ctx, case_id: Annotated[str, Depends(applicant_case)]
) -> CaseActionOut:
    """Give an e-mail address for notifications (procedures whose form asks for none)."""
    result = await context.cases.set_contact(case_id, body.email)
    return CaseActionOut(case_id=case_id, **result.model_dump())
