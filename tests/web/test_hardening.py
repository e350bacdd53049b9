"""Web hardening: headers, CSP-clean templates, cookie flags, rate limits, body limits, 500s."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from structlog.testing import capture_logs

from web.app import create_app
from web.context import WebContext
from web.hardening import REQUEST_ID_HEADER, WebLimits, harden_cookie

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"
STATIC = TEMPLATES.parent / "static"


def client_for(app: FastAPI, base_url: str = "http://testserver") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)


def with_limits(context: WebContext, **limits: Any) -> WebContext:
    return dataclasses.replace(context, limits=dataclasses.replace(WebLimits(), **limits))


# -- headers ---------------------------------------------------------------------


async def test_security_headers_on_pages_api_static_and_errors(web_context: WebContext) -> None:
    async with client_for(create_app(web_context)) as client:
        answers = [
            await client.get("/"),
            await client.get("/api/procedures"),
            await client.get("/static/app.css"),
            await client.get("/no/such/page"),
            await client.post("/api/cases", json={}),
        ]
    for answer in answers:
        csp = answer.headers["content-security-policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert re.fullmatch(r"[0-9a-f]{32}", answer.headers[REQUEST_ID_HEADER])
        # Plain HTTP: no HSTS (a browser would ignore it, and local use is http).
        assert "strict-transport-security" not in answer.headers
    assert answers[0].headers["cache-control"] == "no-store"
    assert answers[2].headers.get("cache-control") != "no-store"


async def test_hsts_on_https_and_for_an_https_public_url(web_context: WebContext) -> None:
    async with client_for(create_app(web_context), "https://testserver") as client:
        secure = await client.get("/")
    assert secure.headers["strict-transport-security"].startswith("max-age=31536000")
    public = dataclasses.replace(web_context, public_url="https://guichet.example.org")
    async with client_for(create_app(public)) as client:
        behind_proxy = await client.get("/api/procedures")
    assert "max-age=" in behind_proxy.headers["strict-transport-security"]


def test_templates_have_no_inline_script_style_or_handlers() -> None:
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        for script in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in script, f"{template.name}: inline <script>"
        assert "<style" not in text, f"{template.name}: inline <style>"
        assert not re.search(r"\sstyle\s*=", text), f"{template.name}: style= attribute"
        assert not re.search(r"\son[a-z]+\s*=", text), f"{template.name}: on*= handler"
        assert "hx-on" not in text, f"{template.name}: hx-on handler (inline script)"
    base = (TEMPLATES / "base.html").read_text()
    assert '"includeIndicatorStyles": false' in base
    assert ".htmx-indicator" in (STATIC / "app.css").read_text()


# -- cookies -----------------------------------------------------------------------


async def test_cookies_are_httponly_samesite_and_secure_on_https(
    web_context: WebContext,
) -> None:
    async with client_for(create_app(web_context), "https://testserver") as client:
        page = await client.get("/?lang=fr")
    cookies = page.headers.get_list("set-cookie")
    assert len(cookies) == 2  # the CSRF token and the language
    for cookie in cookies:
        lowered = cookie.lower()
        assert "; secure" in lowered and "; httponly" in lowered and "samesite=lax" in lowered
    async with client_for(create_app(web_context)) as client:
        plain = await client.get("/?lang=fr")
    for cookie in plain.headers.get_list("set-cookie"):
        assert "; secure" not in cookie.lower() and "httponly" in cookie.lower()


def test_harden_cookie_keeps_stricter_attributes() -> None:
    strict = harden_cookie("a=b; Path=/staff; SameSite=strict; HttpOnly", secure=True)
    assert strict == "a=b; Path=/staff; SameSite=strict; HttpOnly; Secure"
    assert harden_cookie("a=b", secure=False) == "a=b; HttpOnly; SameSite=lax"


# -- rate limits -------------------------------------------------------------------


async def test_applicant_endpoints_are_rate_limited(web_context: WebContext) -> None:
    rates = {"start_case": "2/minute", "message": "2/minute", "continue_later": "1/minute",
             "sign_in": "2/minute"}  # fmt: skip
    async with client_for(create_app(with_limits(web_context, rates=rates))) as client:
        # Unknown procedure: refused (422) after counting, so no case is started.
        starts = [await client.post("/api/cases", json={"procedure": "nope"}) for _ in range(3)]
        assert [s.status_code for s in starts] == [422, 422, 429]
        limited = starts[2]
        assert limited.json()["error"]["code"] == "too_many_requests"
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        assert limited.headers["x-frame-options"] == "DENY"

        # Messages count per case: another case still has its own allowance.
        for _ in range(2):
            await client.post("/api/cases/a/messages", json={"text": "x"})
        assert (await client.post("/api/cases/a/messages", json={"text": "x"})).status_code == 429
        assert (await client.post("/api/cases/b/messages", json={"text": "x"})).status_code == 401

        assert (await client.get("/continue?code=guess1")).status_code == 200
        assert (await client.get("/continue?code=guess2")).status_code == 429
        assert (await client.post("/continue/resend", data={})).status_code == 429

        bad = {"username": "nobody", "password": "wrong-pass"}
        tokens = [await client.post("/api/auth/token", json=bad) for _ in range(3)]
        assert [t.status_code for t in tokens] == [401, 401, 429]
        # Sign-in on the page shares the sign-in allowance.
        assert (await client.post("/staff/login", data=bad)).status_code == 429
        # What needs no rate limit is not limited.
        assert all([(await client.get("/api/procedures")).status_code == 200 for _ in range(5)])


# -- body size ---------------------------------------------------------------------


async def test_large_bodies_are_refused_before_reading(web_context: WebContext) -> None:
    context = with_limits(
        web_context,
        max_body_bytes=1000,
        body_allowances=((r"/api/cases/[^/]+/documents", 5000),),
    )
    async with client_for(create_app(context)) as client:
        declared = await client.post("/api/cases", content=b"x" * 1001)
        assert declared.status_code == 413
        assert declared.json()["error"]["code"] == "too_large"

        async def stream() -> AsyncIterator[bytes]:
            for _ in range(20):
                yield b"y" * 100

        chunked = await client.post(
            "/api/cases", content=stream(), headers={"content-type": "application/json"}
        )
        assert chunked.status_code == 413, "without a Content-Length, counted while streaming"
        assert "content-length" not in chunked.request.headers

        # The upload path has its own, larger allowance.
        upload = await client.post("/api/cases/x/documents", content=b"z" * 3000)
        assert upload.status_code != 413
        assert (await client.post("/api/cases/x/documents", content=b"z" * 5001)).status_code == 413
        assert (await client.post("/api/cases", content=b"x" * 999)).status_code == 422


# -- errors --------------------------------------------------------------------------


async def test_unexpected_errors_answer_a_request_id_and_no_trace(
    web_context: WebContext,
) -> None:
    app = create_app(web_context)
    secret = "IBAN DE89370400440532013000 of Jane Roe"

    async def boom() -> None:
        raise RuntimeError(secret)

    app.add_api_route("/api/boom", boom)
    app.add_api_route("/boom", boom)
    async with client_for(app) as client:
        with capture_logs() as events:
            api = await client.get("/api/boom")
            page = await client.get("/boom")
    assert api.status_code == page.status_code == 500
    for answer in (api, page):
        assert secret not in answer.text and "Traceback" not in answer.text
        assert "RuntimeError" not in answer.text
        assert answer.headers["content-security-policy"]
    body = api.json()["error"]
    assert body["code"] == "internal" and body["request_id"] == api.headers[REQUEST_ID_HEADER]
    assert page.headers[REQUEST_ID_HEADER] in page.text
    logged = [e for e in events if e["event"] == "unhandled_error"]
    assert [e["request_id"] for e in logged] == [
        api.headers[REQUEST_ID_HEADER],
        page.headers[REQUEST_ID_HEADER],
    ]
    assert all(e.get("exc_info") for e in logged), "the details are in the logs"


def test_the_public_url_setting_reaches_the_context(monkeypatch: pytest.MonkeyPatch) -> None:
    from unittest.mock import MagicMock

    monkeypatch.delenv("GUICHET_PUBLIC_URL", raising=False)

    from guichet.config import Settings
    from web.server import build_context

    https = Settings(public_url="https://guichet.example.org/", data_dir=Path("/nonexistent"))
    context = build_context(MagicMock(), MagicMock(), https)
    assert context.public_url == "https://guichet.example.org"
    local = build_context(MagicMock(), MagicMock(), Settings(web_port=8123))
    assert local.public_url == "http://127.0.0.1:8123"
