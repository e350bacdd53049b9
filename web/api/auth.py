"""Caseworker API tokens."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from schemas.account import SessionKind
from web.api.models import TokenOut
from web.context import Ctx
from web.errors import ApiError

router = APIRouter(prefix="/api/auth", tags=["auth"])


class Credentials(BaseModel):
    """Body of ``POST /api/auth/token``."""

    model_config = ConfigDict(hide_input_in_errors=True)

    username: str
    password: str


@router.post("/token")
async def issue_token(body: Credentials, context: Ctx) -> TokenOut:
    """Exchange a caseworker's credentials for a bearer token."""
    user = await context.accounts.authenticate(body.username, body.password)
    if user is None:
        raise ApiError(401, "bad_credentials", "wrong username or password")
    token, expires_at = await context.accounts.open_session(SessionKind.API, user.username)
    return TokenOut(access_token=token, token_type="bearer", expires_at=expires_at)
