"""Outgoing e-mail written to a folder, until a mail server is configured.

Each message is one RFC 5322 ``.eml`` file: an operator (or a later SMTP
sender) can read or forward it. The file name carries no personal data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from guichet.private import private_dir, write_private

SENDER = "Guichet <no-reply@guichet.invalid>"


def write_message(
    outbox_dir: Path, to: str, subject: str, body: str, message_id: str | None = None
) -> Path:
    """Write one plain-text e-mail into ``outbox_dir``.

    Args:
        outbox_dir: The outbox folder (created if missing).
        to: The recipient address.
        subject: The subject line.
        body: The plain-text body.
        message_id: A stable id (see :func:`file_stem`); a message whose id is
            already in the outbox is not written again (retried senders).

    Returns:
        The path of the written (or already present) ``.eml`` file.
    """
    private_dir(outbox_dir)
    if message_id is not None:
        path = outbox_dir / f"{file_stem(message_id)}.eml"
        if path.exists():
            return path
    else:
        path = outbox_dir / f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:12]}.eml"
    message = build_message(SENDER, to, subject, body, message_id)
    # Write then rename (a reader never sees half a message), readable by
    # the owner only: an e-mail carries the applicant's name and decision.
    write_private(path, bytes(message))
    return path


def file_stem(message_id: str) -> str:
    """Return the outbox file name of a message id (a digest: no personal data)."""
    return "msg-" + hashlib.sha256(message_id.encode()).hexdigest()[:32]


def message_id_header(message_id: str | None, domain: str = "guichet.invalid") -> str:
    """Return the ``Message-ID`` header of a stable id (random when there is none)."""
    local = file_stem(message_id) if message_id is not None else uuid.uuid4().hex
    return f"<{local}@{domain}>"


def build_message(
    sender: str, to: str, subject: str, body: str, message_id: str | None = None
) -> EmailMessage:
    """Build a plain-text e-mail; a stable id gives a stable ``Message-ID``.

    Args:
        sender: The ``From`` address.
        to: The recipient address.
        subject: The subject line.
        body: The plain-text body.
        message_id: A stable id derived by the caller, or None.

    Returns:
        The message, ready to write or send.
    """
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    message["Message-ID"] = message_id_header(message_id)
    message.set_content(body)
    return message
