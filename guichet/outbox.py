"""Outgoing e-mail written to a folder, until a mail server is configured.

Each message is one RFC 5322 ``.eml`` file: an operator (or a later SMTP
sender) can read or forward it. The file name carries no personal data.
"""

from __future__ import annotations

import datetime as dt
import uuid
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

SENDER = "Guichet <no-reply@guichet.invalid>"


def write_message(outbox_dir: Path, to: str, subject: str, body: str) -> Path:
    """Write one plain-text e-mail into ``outbox_dir``.

    Args:
        outbox_dir: The outbox folder (created if missing).
        to: The recipient address.
        subject: The subject line.
        body: The plain-text body.

    Returns:
        The path of the written ``.eml`` file.
    """
    message = EmailMessage()
    message["From"] = SENDER
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    message["Message-ID"] = f"<{uuid.uuid4().hex}@guichet.invalid>"
    message.set_content(body)
    outbox_dir.mkdir(parents=True, exist_ok=True)
    path = outbox_dir / f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:12]}.eml"
    # Write then rename: a reader never sees half a message.
    partial = path.with_suffix(".part")
    partial.write_bytes(bytes(message))
    partial.replace(path)
    return path
