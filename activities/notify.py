"""Notifications to applicants: rendered per language, sent once.

The workflow derives each message's id (``case_id:seq``); the id fixes the
``Message-ID`` header, the outbox file name and the sent-ledger entry. A
retried activity finds the entry (or the outbox file) and does not send
again; should a worker die between the server's acceptance and the ledger
write, the resent copy carries the same ``Message-ID`` and mail clients
show it once.
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import jinja2
import structlog
from temporalio import activity

from activities.mail_templates.phrases import OUTCOMES, VERDICTS
from guichet.config import Settings
from guichet.outbox import build_message, file_stem, write_message
from procedures import get_procedure
from schemas.notify import Notice, NoticeSent

log = structlog.get_logger(__name__)

TEMPLATE_DIR = Path(__file__).parent / "mail_templates"
FALLBACK_LANGUAGE = "en"
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
    undefined=jinja2.StrictUndefined,
    autoescape=False,  # plain-text mail, never HTML
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class MailConfig:
    """Where notifications go.

    Attributes:
        outbox_dir: Folder for messages while no SMTP host is set; also holds
            the sent-ledger of SMTP deliveries.
        public_url: Base URL of the web app (links in messages).
        sender: The ``From`` address.
        smtp_host: The mail server, or None for the outbox.
        smtp_port: Its port.
        smtp_tls: ``starttls``, ``ssl`` or ``none``.
        smtp_username: Login, if any.
        smtp_password: Password, if any.
    """

    outbox_dir: Path
    public_url: str = "http://127.0.0.1:8000"
    sender: str = "Guichet <no-reply@guichet.invalid>"
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_tls: str = "starttls"
    smtp_username: str | None = None
    smtp_password: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> MailConfig:
        """Read the mail settings (``GUICHET_SMTP_*``, ``GUICHET_PUBLIC_URL``)."""
        return cls(
            outbox_dir=settings.outbox_dir,
            public_url=settings.public_url,
            sender=settings.mail_from,
            smtp_host=settings.smtp_host,
            smtp_port=settings.smtp_port,
            smtp_tls=settings.smtp_tls,
            smtp_username=settings.smtp_username,
            smtp_password=(
                settings.smtp_password.get_secret_value() if settings.smtp_password else None
            ),
        )


def render_notice(notice: Notice, public_url: str) -> tuple[str, str]:
    """Render a notice's subject and body in its language (English if missing).

    Args:
        notice: The notice.
        public_url: Base URL of the web app.

    Returns:
        The subject line and the plain-text body.
    """
    language = notice.language if notice.language in OUTCOMES else FALLBACK_LANGUAGE
    try:
        template = _ENV.get_template(f"{notice.kind.value}.{language}.txt.j2")
    except jinja2.TemplateNotFound:
        language = FALLBACK_LANGUAGE
        template = _ENV.get_template(f"{notice.kind.value}.{language}.txt.j2")
    base = public_url.rstrip("/")
    outcome = notice.params.get("outcome", "")
    values = {
        **notice.params,
        "case_id": notice.case_id,
        "title": get_procedure(notice.procedure).title(language),
        "outcome_text": OUTCOMES[language].get(outcome, outcome),
        "verdict_text": VERDICTS[language].get(notice.params.get("verdict", ""), ""),
        "letter_url": f"{base}/status/letter",
        "status_url": f"{base}/status",
        "question": notice.params.get("question", ""),
    }
    module = template.make_module(values)
    return str(vars(module)["subject"]).strip(), str(module).lstrip()


class NotifyActivities:
    """The notification activity bound to a mail configuration."""

    def __init__(self, config: MailConfig) -> None:
        """Bind the activity to ``config``."""
        self._config = config

    @activity.defn(name="notify.send")
    async def send(self, notice: Notice) -> NoticeSent:
        """Render the notice and send it through SMTP, or write it to the outbox."""
        config = self._config
        subject, body = render_notice(notice, config.public_url)
        if config.smtp_host is None:
            path = config.outbox_dir / f"{file_stem(notice.message_id)}.eml"
            duplicate = path.exists()
            write_message(config.outbox_dir, notice.to, subject, body, notice.message_id)
            log.info("notice written", message_id=notice.message_id, duplicate=duplicate)
            return NoticeSent(message_id=notice.message_id, transport="outbox", duplicate=duplicate)
        ledger = config.outbox_dir / "sent" / file_stem(notice.message_id)
        if ledger.exists():
            log.info("notice already sent", message_id=notice.message_id)
            return NoticeSent(message_id=notice.message_id, transport="smtp", duplicate=True)
        message = build_message(config.sender, notice.to, subject, body, notice.message_id)
        await asyncio.to_thread(_smtp_send, config, message)
        ledger.parent.mkdir(parents=True, exist_ok=True)
        ledger.touch()
        log.info("notice sent", message_id=notice.message_id)
        return NoticeSent(message_id=notice.message_id, transport="smtp")


def _smtp_send(config: MailConfig, message: EmailMessage) -> None:
    """Deliver one message to the configured server (blocking; run in a thread)."""
    assert config.smtp_host is not None
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if config.smtp_tls == "ssl":
        smtp = smtplib.SMTP_SSL(config.smtp_host, config.smtp_port, context=context, timeout=10)
    else:
        smtp = smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=10)
    with smtp:
        if config.smtp_tls == "starttls":
            smtp.starttls(context=context)
        if config.smtp_username:
            smtp.login(config.smtp_username, config.smtp_password or "")
        smtp.send_message(message)
