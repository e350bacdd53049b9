"""``/codec``: Temporal's remote codec protocol, for operators using the Temporal web UI.

Payloads are encrypted before they reach Temporal (:mod:`guichet.crypto`), so
the Temporal web UI shows ciphertext unless it can ask a codec server to
decode them. This endpoint is that server, with the same codec as the
worker, the starter and the replayer (the connected client's data converter).

Operators only. Whoever reads decoded payloads in the UI sees every
applicant's income, family and bank data across all procedures, and the UI
can also signal, reset and terminate workflows — bypassing the queue's
rules (groups, claims, four-eyes) that :mod:`web.access` enforces on
Guichet's own pages. The UI is therefore an operator's tool: caseworkers,
supervisors, auditors and applicants are refused here.

An operator authenticates with a Guichet API token (``Authorization:
Bearer``) or with the staff session cookie that signing in as an operator
also sets for this path; the UI sends it when
``TEMPORAL_CODEC_INCLUDE_CREDENTIALS`` is on. Cross-origin requests are
allowed from the configured UI origin only (see :class:`CodecCors`).

Protocol: ``POST /codec/decode`` and ``POST /codec/encode`` take and return
``{"payloads": [{"metadata": {key: base64}, "data": base64}]}``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send
from temporalio.api.common.v1 import Payload
from temporalio.converter import PayloadCodec

from guichet.crypto import PayloadDecryptionError
from schemas.account import SessionKind, User
from web import access
from web.context import Ctx, WebContext
from web.errors import ApiError
from web.security import STAFF_COOKIE, bearer_token

CODEC_PATH = "/codec"

router = APIRouter(prefix=CODEC_PATH, tags=["codec"], include_in_schema=False)


class CodecPayload(BaseModel):
    """One payload in the remote codec protocol (every value base64)."""

    model_config = ConfigDict(hide_input_in_errors=True)

    metadata: dict[str, str] = Field(default_factory=dict)
    data: str = ""


class CodecBody(BaseModel):
    """Request and response body of ``/codec/encode`` and ``/codec/decode``."""

    model_config = ConfigDict(hide_input_in_errors=True)

    payloads: list[CodecPayload]


async def operator(request: Request, context: Ctx) -> User:
    """FastAPI dependency: an operator, by API token or session cookie (else 401/403)."""
    user: User | None = None
    token = bearer_token(request)
    if token is not None:
        user = await context.accounts.staff_user(token, SessionKind.API)
    cookie = request.cookies.get(STAFF_COOKIE)
    if user is None and cookie:
        user = await context.accounts.staff_user(cookie, SessionKind.STAFF)
    if user is None:
        reason = "invalid_token" if token or cookie else "no_credentials"
        raise access.deny(
            request,
            access.ANONYMOUS,
            401,
            reason,
            "unauthorized",
            "an operator's credential is required",
        )
    if not access.can_decode_payloads(user):
        raise access.deny(
            request,
            access.staff_caller(user),
            403,
            "not_operator",
            "forbidden",
            "only operators may decode payloads",
        )
    return user


Operator = Annotated[User, Depends(operator)]


def _codec(context: WebContext) -> PayloadCodec:
    codec = context.cases.client.data_converter.payload_codec
    if codec is None:  # every client is built by runtime.temporal, with the codec
        raise ApiError(503, "no_codec", "the payload codec is not configured")
    return codec


def _to_payloads(body: CodecBody) -> list[Payload]:
    try:
        return [
            Payload(
                metadata={k: base64.b64decode(v, validate=True) for k, v in p.metadata.items()},
                data=base64.b64decode(p.data, validate=True),
            )
            for p in body.payloads
        ]
    except (binascii.Error, ValueError):
        raise ApiError(400, "bad_base64", "payload metadata and data must be base64") from None


def _to_body(payloads: Sequence[Payload]) -> CodecBody:
    return CodecBody(
        payloads=[
            CodecPayload(
                metadata={k: base64.b64encode(v).decode() for k, v in p.metadata.items()},
                data=base64.b64encode(p.data).decode(),
            )
            for p in payloads
        ]
    )


@router.post("/decode")
async def decode(body: CodecBody, context: Ctx, _user: Operator) -> CodecBody:
    """Decrypt payloads; 400 with the reason for a plain, unknown-key or forged payload."""
    try:
        decoded = await _codec(context).decode(_to_payloads(body))
    except PayloadDecryptionError as error:
        raise ApiError(400, "undecodable_payload", str(error)) from None
    return _to_body(decoded)


@router.post("/encode")
async def encode(body: CodecBody, context: Ctx, _user: Operator) -> CodecBody:
    """Encrypt payloads with the current key (the UI encodes signal and query input)."""
    return _to_body(await _codec(context).encode(_to_payloads(body)))


class CodecCors:
    """CORS for ``/codec`` only, and only for the Temporal UI's configured origin.

    The UI calls from another origin with credentials (the operator's
    cookie), so the answer must name that origin exactly; every other path of
    the app stays same-origin.
    """

    def __init__(self, app: ASGIApp, origin: str | None) -> None:
        """Wrap ``app``; ``origin`` None allows no cross-origin call at all."""
        self.app = app
        self.cors: ASGIApp | None = None
        if origin:
            self.cors = CORSMiddleware(
                app,
                allow_origins=[origin.rstrip("/")],
                allow_credentials=True,
                allow_methods=["POST"],
                allow_headers=["authorization", "content-type", "x-namespace"],
                max_age=600,
            )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Route ``/codec/...`` through CORS, everything else straight on."""
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if self.cors is not None and path.startswith(CODEC_PATH + "/"):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)
