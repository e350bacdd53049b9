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
import datetime as dt
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import jinja2
import structlog
from temporalio import activity

from guichet.config import Settings
from guichet.i18n.catalog import gettext, has_message
from guichet.i18n.formats import FALLBACK_LANGUAGE, LANGUAGES, format_date, format_datetime
from guichet.i18n.jinja import install as install_i18n
from guichet.outbox import build_message, file_stem, write_message
from guichet.store import AccountStore
from procedures import get_procedure
from schemas.account import Role
from schemas.notify import Notice, NoticeSent, StaffNotice, StaffNoticeSent

log = structlog.get_logger(__name__)

TEMPLATE_DIR = Path(__file__).parent / "mail_templates"
# One template per mail for every language: its words come from the catalogues.
_ENV = install_i18n(
    jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain-text mail, never HTML
        keep_trailing_newline=True,
    )
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


def _phrase(key: str, language: str, default: str) -> str:
    # An outcome or verdict the catalogues do not name is shown as it is.
    return gettext(key, language) if has_message(key) else default


def _day(due: str, language: str) -> str:
    # The workflow passes the local day as YYYY-MM-DD: written as a date of the language.
    try:
        return format_date(dt.date.fromisoformat(due), language)
    except ValueError:
        return due


def render_notice(notice: Notice, public_url: str) -> tuple[str, str]:
    """Render a notice's subject and body in its language (English if missing).

    Args:
        notice: The notice.
        public_url: Base URL of the web app.

    Returns:
        The subject line and the plain-text body.
    """
    language = notice.language if notice.language in LANGUAGES else FALLBACK_LANGUAGE
    template = _ENV.get_template(f"{notice.kind.value}.txt.j2")
    base = public_url.rstrip("/")
    outcome = notice.params.get("outcome", "")
    values = {
        **notice.params,
        "case_id": notice.case_id,
        "title": get_procedure(notice.procedure).title(language),
        "outcome_text": _phrase(f"mail_outcome_{outcome}", language, outcome),
        "verdict_text": _phrase(f"mail_verdict_{notice.params.get('verdict', '')}", language, ""),
        "letter_url": f"{base}/status/letter",
        "status_url": f"{base}/status",
        "question": notice.params.get("question", ""),
        "due": _day(notice.params.get("due", ""), language),
        "language": language,
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
        subject, body = render_notice(notice, self._config.public_url)
        transport, duplicate = await deliver(
            self._config, notice.to, subject, body, notice.message_id
        )
        return NoticeSent(message_id=notice.message_id, transport=transport, duplicate=duplicate)


async def deliver(
    config: MailConfig, to: str, subject: str, body: str, message_id: str
) -> tuple[str, bool]:
    """Send one message once: through SMTP, or into the outbox.

    Args:
        config: Where mail goes.
        to: The recipient.
        subject: The subject line.
        body: The plain-text body.
        message_id: The stable id; a message already sent under it is not sent again.

    Returns:
        The transport (``smtp`` or ``outbox``) and whether it had already gone.
    """
    if config.smtp_host is None:
        path = config.outbox_dir / f"{file_stem(message_id)}.eml"
        duplicate = path.exists()
        write_message(config.outbox_dir, to, subject, body, message_id)
        log.info("notice written", message_id=message_id, duplicate=duplicate)
        return "outbox", duplicate
    ledger = config.outbox_dir / "sent" / file_stem(message_id)
    if ledger.exists():
        log.info("notice already sent", message_id=message_id)
        return "smtp", True
    message = build_message(config.sender, to, subject, body, message_id)
    await asyncio.to_thread(_smtp_send, config, message)
    ledger.parent.mkdir(parents=True, exist_ok=True)
    ledger.touch()
    log.info("notice sent", message_id=message_id)
    return "smtp", False


OFFICE_LANGUAGES = {"Europe/Berlin": "de", "Europe/Paris": "fr"}
"""The language of the office that runs a procedure, by its time zone."""


def render_staff_notice(notice: StaffNotice, public_url: str) -> tuple[str, str]:
    """Render a caseworker reminder in the office's language.

    Args:
        notice: The reminder.
        public_url: Base URL of the web app.

    Returns:
        The subject line and the plain-text body.
    """
    procedure = get_procedure(notice.procedure)
    language = OFFICE_LANGUAGES.get(str(procedure.timezone), FALLBACK_LANGUAGE)
    template = _ENV.get_template("staff_reminder.txt.j2")
    values = {
        "case_id": notice.case_id,
        "task_id": notice.task_id,
        "kind": notice.kind,
        "title": procedure.title(language),
        "due": format_datetime(notice.due_at, language, procedure.timezone),
        "holder": notice.holder or "",
        "task_url": f"{public_url.rstrip('/')}/staff/tasks/{notice.task_id}",
        "language": language,
    }
    module = template.make_module(values)
    return str(vars(module)["subject"]).strip(), str(module).lstrip()


class StaffNotifyActivities:
    """The caseworker reminder activity: addresses come from the accounts table."""

    def __init__(self, config: MailConfig, accounts: AccountStore) -> None:
        """Bind the activity to a mail configuration and the accounts."""
        self._config = config
        self._accounts = accounts

    @activity.defn(name="notify.staff")
    async def send_staff(self, notice: StaffNotice) -> StaffNoticeSent:
        """Tell the task's holder, or every member of its group, that it is due soon."""
        users = [u for u in await self._accounts.list_users() if u.active and u.email]
        if notice.holder is not None:
            recipients = [u for u in users if u.username == notice.holder]
        else:
            recipients = [
                u for u in users if notice.group in u.groups and u.role is not Role.AUDITOR
            ]
        subject, body = render_staff_notice(notice, self._config.public_url)
        transport = "outbox" if self._config.smtp_host is None else "smtp"
        for user in recipients:
            assert user.email is not None
            await deliver(
                self._config, user.email, subject, body, f"{notice.message_id}/{user.username}"
            )
        return StaffNoticeSent(
            message_id=notice.message_id,
            recipients=[u.username for u in recipients],
            transport=transport,
        )


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
