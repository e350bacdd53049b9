"""What every request handler needs: the case service, the stores, settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

from guichet.accounts import AccountService
from guichet.service import CaseService
from guichet.store import CaseStore


@dataclass
class WebContext:
    """The web app's collaborators, created once per process.

    Attributes:
        cases: Starts and drives case workflows.
        store: The read models (queue, cases, letters).
        accounts: Accounts, sessions, access tokens, notes.
        outbox_dir: Where e-mails are written (no mail server yet).
        public_url: The address links in e-mails point to.
        cookie_secure: Send cookies over HTTPS only.
    """

    cases: CaseService
    store: CaseStore
    accounts: AccountService
    outbox_dir: Path
    public_url: str = "http://127.0.0.1:8000"
    cookie_secure: bool = False


def get_context(request: Request) -> WebContext:
    """FastAPI dependency: the app's context."""
    context: WebContext = request.app.state.context
    return context


Ctx = Annotated[WebContext, Depends(get_context)]
"""A handler parameter annotated ``Ctx`` receives the context."""
