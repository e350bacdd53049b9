"""One OpenAI-compatible chat client per process, built from the settings."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import structlog
from openai import AsyncOpenAI
from openai.types.shared_params import ResponseFormatJSONSchema

from guichet.config import Settings

log = structlog.get_logger(__name__)


@dataclass
class ModelClient:
    """What the understanding activity needs to ask a model.

    Attributes:
        client: The ``openai`` client, pointed at the configured endpoint.
        model: The model name sent with every request.
        timeout: Longest wait for one answer, in seconds.
        max_tokens: Longest answer, in tokens.
        json_schema: Whether the endpoint constrains answers to a JSON schema
            (OpenAI-style ``response_format``); all supported ones do.
        every_key: Whether the answer must hold every key (OpenAI's strict
            mode); the local model may leave out the fields it found nothing for.
        max_fields: Most fields offered in one call (prompt and answer grow with them).
    """

    client: AsyncOpenAI
    model: str
    timeout: float = 10.0
    max_tokens: int = 200
    json_schema: bool = True
    every_key: bool = True
    max_fields: int = 6

    async def chat_json(
        self, messages: list[dict[str, str]], schema: dict[str, Any]
    ) -> tuple[str, str, int, int]:
        """Ask for one JSON object that follows ``schema``.

        Args:
            messages: The system and user messages.
            schema: The JSON schema the answer must follow.

        Returns:
            ``(content, model id, prompt tokens, completion tokens)``.
        """
        if not self.every_key:
            # Every key may be left out: the model writes the facts it found
            # and stops, instead of a null for every other field (the local
            # model's time is its output tokens: 71 -> 44 per call, p50).
            schema = {key: value for key, value in schema.items() if key != "required"}
        response_format: ResponseFormatJSONSchema = {
            "type": "json_schema",
            "json_schema": {"name": "fields", "schema": schema, "strict": self.every_key},
        }
        response = await self.client.chat.completions.create(
            model=self.model,
            messages=messages,  # type: ignore[arg-type]  # plain role/content dicts
            response_format=response_format,
            temperature=0,
            max_tokens=self.max_tokens,
            timeout=self.timeout,
        )
        choice = response.choices[0] if response.choices else None
        content = choice.message.content if choice is not None else None
        usage = response.usage
        return (
            content or "",
            response.model or self.model,
            usage.prompt_tokens if usage else 0,
            usage.completion_tokens if usage else 0,
        )


def client_for(base_url: str, model: str, api_key: str | None, settings: Settings) -> ModelClient:
    """Build a model client for an OpenAI-compatible endpoint.

    Retries are off: a failed call falls back to the parser at once, and the
    activity's own retry policy covers a worker that died.
    """
    return ModelClient(
        client=AsyncOpenAI(
            base_url=base_url,
            api_key=api_key or "not-needed",
            max_retries=0,
            timeout=settings.model_timeout_seconds,
        ),
        model=model,
        timeout=settings.model_timeout_seconds,
        max_tokens=settings.model_max_tokens,
    )


LOCAL_MAX_FIELDS = 3
"""Fields offered to the local model at once: the asked one and the next three."""

LOCAL_MAX_TOKENS = 48
"""Longest local answer: four fields' values fit; a longer answer is cut and
read as unusable, and the parser's reading stands."""


async def build_model(settings: Settings) -> ModelClient | None:
    """Return the model client the settings describe, or ``None`` for ``none``.

    ``local`` falls back to ``none`` (with a warning) when the local model
    cannot run on this machine, so Guichet still starts.

    Raises:
        ValueError: For ``remote`` without ``model_base_url``.
    """
    backend = settings.model_backend
    if backend == "none":
        return None
    if backend == "remote":
        if not settings.model_base_url:
            raise ValueError("GUICHET_MODEL_BASE_URL is required for the remote model backend")
        key = settings.model_api_key.get_secret_value() if settings.model_api_key else None
        return client_for(settings.model_base_url, settings.model_name, key, settings)
    from guichet.llm.local import LocalModelUnavailableError, local_server

    try:
        server = await asyncio.to_thread(local_server, settings.model_name, settings.model_threads)
    except LocalModelUnavailableError as exc:
        log.warning("local model unavailable, parser only", reason=str(exc))
        return None
    client = client_for(server.base_url, settings.model_name, None, settings)
    # llama.cpp's grammar accepts a schema whose keys are optional; OpenAI's
    # strict mode wants every key, so only the local model gets this. On two
    # cores its time is tokens (about 3.5 ms per prompt token, 16 ms per
    # answer token): it is offered fewer fields and a shorter answer.
    client.every_key = False
    client.max_fields = LOCAL_MAX_FIELDS
    client.max_tokens = min(client.max_tokens, LOCAL_MAX_TOKENS)
    return client


@contextlib.asynccontextmanager
async def open_model(settings: Settings) -> AsyncIterator[ModelClient | None]:
    """Open the configured model client for the life of a process's runtime.

    The local server itself stays up for the rest of the process (it is
    shared); the HTTP client is closed on exit.
    """
    model = await build_model(settings)
    try:
        yield model
    finally:
        if model is not None:
            await model.client.close()
