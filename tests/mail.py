"""A real SMTP server on loopback (``aiosmtpd``) that keeps what it receives,
and a worker that mails through it (a pytest plugin, loaded by conftest).
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import AsyncIterator, Iterator
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from temporalio.client import Client

from activities.notify import MailConfig
from guichet.ports import free_port
from guichet.store import CaseStore
from runtime.service import CaseService
from runtime.temporal import build_worker


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        """Start empty."""
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """Keep the message (aiosmtpd's handler hook)."""
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        """Return the messages sent to ``address``."""
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    """An SMTP server on a free loopback port, and what it received."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
async def mailing(
    client: Client, store: CaseStore, task_queue: str, smtp: tuple[Inbox, int], tmp_path: Path
) -> AsyncIterator[tuple[CaseService, Inbox]]:
    """A worker whose notices go out through the test SMTP server."""
    inbox, port = smtp
    mail = MailConfig(
        outbox_dir=tmp_path / "outbox", smtp_host="127.0.0.1", smtp_port=port, smtp_tls="none"
    )
    async with build_worker(client, task_queue, store, mail=mail):
        yield CaseService(client, task_queue), inbox
