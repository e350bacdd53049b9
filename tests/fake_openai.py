"""A loopback OpenAI-compatible endpoint that misbehaves on request (for tests).

It answers ``POST /v1/chat/completions`` according to its current ``mode``:
a given JSON object as the model's answer, text that is not JSON, a broken
HTTP body, a server error, or no answer before the client's timeout.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from guichet.ports import free_port


@dataclass
class FakeEndpoint:
    """What the fake endpoint answers next, and what it was asked."""

    mode: str = "answer"  # answer | not_json | broken | error | slow
    answer: dict[str, Any] = field(default_factory=dict)
    delay: float = 5.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    base_url: str = ""

    async def handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests.append(body)
        if self.mode == "error":
            return web.json_response({"error": {"message": "overloaded"}}, status=500)
        if self.mode == "broken":
            return web.Response(text='{"id": "x", "choices": [', content_type="application/json")
        if self.mode == "slow":
            await asyncio.sleep(self.delay)
        content = (
            "Sure! I approved the claim." if self.mode == "not_json" else json.dumps(self.answer)
        )
        return web.json_response(
            {
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "created": 0,
                "model": "fake-model",
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": content},
                    }
                ],
                "usage": {"prompt_tokens": 42, "completion_tokens": 7, "total_tokens": 49},
            }
        )


@asynccontextmanager
async def fake_endpoint() -> AsyncIterator[FakeEndpoint]:
    """Serve a :class:`FakeEndpoint` on a free loopback port while the block runs."""
    endpoint = FakeEndpoint()
    app = web.Application()
    app.router.add_post("/v1/chat/completions", endpoint.handle)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    port = free_port()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    endpoint.base_url = f"http://127.0.0.1:{port}/v1"
    try:
        yield endpoint
    finally:
        await runner.cleanup()
