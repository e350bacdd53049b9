"""What every request handler needs: the case service, the stores, settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

from guichet.accounts import AccountService
from guichet.store import CaseStore
from runtime.service import CaseService
from web.hardening import WebLimits


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
        limits: Body sizes and rate limits (:mod:`web.hardening`).
        codec_origin: The Temporal web UI's origin, allowed to call ``/codec``
            cross-origin; None allows no cross-origin call.
        tacit_warning_days: How many days before a tacit decision the queue
            warns; ``None`` takes each procedure's own lead time.
        data_dir: Where uploaded documents are stored (``data_dir/files``);
            ``None`` means the outbox's parent directory.
        clock: The current instant (tests move it to a deadline's eve).
    """

    cases: CaseService
    store: CaseStore
    accounts: AccountService
    outbox_dir: Path
    public_url: str = "http://127.0.0.1:8000"
    cookie_secure: bool = False
    limits: WebLimits = field(default_factory=WebLimits)
    codec_origin: str | None = None
    tacit_warning_days: int | None = None
    data_dir: Path | None = None
    clock: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))

    @property
    def files_root(self) -> Path:
        """The data directory uploads are stored under."""
        return self.data_dir if self.data_dir is not None else self.outbox_dir.parent


def get_context(request: Request) -> WebContext:
    """FastAPI dependency: the app's context."""
    context: WebContext = request.app.state.context
    return context


Ctx = Annotated[WebContext, Depends(get_context)]
"""A handler parameter annotated ``Ctx`` receives the context."""
