"""The codec endpoint Temporal's web UI calls: operators only, the real codec, CORS for the UI."""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
from temporalio.api.common.v1 import Payload

from guichet.accounts import AccountService
from guichet.crypto import EncryptionCodec, EncryptionKey, KeySet
from runtime.service import CaseService
from schemas.account import Role, SessionKind
from tests.web.conftest import PASSWORD, login
from web.app import create_app
from web.context import WebContext
from web.security import CSRF_COOKIE, STAFF_COOKIE

UI_ORIGIN = "http://temporal-ui.test:8080"
ROOT = Path(__file__).resolve().parents[2]


def as_json(payload: Payload) -> dict[str, object]:
    return {
        "metadata": {k: base64.b64encode(v).decode() for k, v in payload.metadata.items()},
        "data": base64.b64encode(payload.data).decode(),
    }


async def operator_headers(api: httpx.AsyncClient, accounts: AccountService) -> dict[str, str]:
    await accounts.ensure_user("ops", PASSWORD, (), Role.OPERATOR)
    return await login(api, "ops")


async def start_input(service: CaseService, case_id: str) -> Payload:
    """The workflow's start input, as Temporal stores it (encrypted)."""
    history = await service.client.get_workflow_handle(case_id).fetch_history()
    attributes = history.events[0].workflow_execution_started_event_attributes
    return attributes.input.payloads[0]


async def test_an_operator_decodes_a_real_history_payload(
    api: httpx.AsyncClient, service: CaseService, accounts: AccountService
) -> None:
    case_id, _ = await service.start("short_time_work", "en")
    stored = await start_input(service, case_id)
    assert stored.metadata["encoding"] == b"binary/encrypted"
    headers = await operator_headers(api, accounts)
    decoded = await api.post("/codec/decode", json={"payloads": [as_json(stored)]}, headers=headers)
    assert decoded.status_code == 200, decoded.text
    [plain] = decoded.json()["payloads"]
    assert base64.b64decode(plain["metadata"]["encoding"]) == b"json/plain"
    assert json.loads(base64.b64decode(plain["data"]))["case_id"] == case_id

    # Encoding goes the other way with the current key; decoding it gives the input back.
    encoded = await api.post("/codec/encode", json={"payloads": [plain]}, headers=headers)
    assert encoded.status_code == 200
    [sealed] = encoded.json()["payloads"]
    assert base64.b64decode(sealed["metadata"]["encoding"]) == b"binary/encrypted"
    again = await api.post("/codec/decode", json={"payloads": [sealed]}, headers=headers)
    assert again.json()["payloads"] == [plain]


async def test_everyone_but_operators_is_refused(
    api: httpx.AsyncClient, service: CaseService, accounts: AccountService
) -> None:
    case_id, _ = await service.start("short_time_work", "en")
    body = {"payloads": [as_json(await start_input(service, case_id))]}
    assert (await api.post("/codec/decode", json=body)).status_code == 401
    token = await accounts.grant_case_access(case_id)
    applicant = await api.post(
        "/codec/decode", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert applicant.status_code == 401
    for name in ("alice", "sup", "aud"):
        refused = await api.post("/codec/decode", json=body, headers=await login(api, name))
        assert refused.status_code == 403, name
        assert refused.json()["error"]["code"] == "forbidden"
        assert set(refused.json()) == {"error"}


async def test_undecodable_payloads_get_a_clear_error(
    api: httpx.AsyncClient, accounts: AccountService
) -> None:
    headers = await operator_headers(api, accounts)
    foreign = EncryptionCodec(KeySet((EncryptionKey.generate("retired-key"),)))
    [sealed] = await foreign.encode([Payload(metadata={"encoding": b"json/plain"}, data=b"{}")])
    unknown = await api.post("/codec/decode", json={"payloads": [as_json(sealed)]}, headers=headers)
    assert unknown.status_code == 400
    assert unknown.json()["error"]["code"] == "undecodable_payload"
    assert "retired-key" in unknown.json()["error"]["message"]

    plain = as_json(Payload(metadata={"encoding": b"json/plain"}, data=b"{}"))
    refused = await api.post("/codec/decode", json={"payloads": [plain]}, headers=headers)
    assert refused.status_code == 400 and "unencrypted" in refused.json()["error"]["message"]

    garbled = {"metadata": {"encoding": "%%%"}, "data": ""}
    bad = await api.post("/codec/decode", json={"payloads": [garbled]}, headers=headers)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_base64"


async def test_the_ui_calls_with_the_operators_cookie_from_its_origin_only(
    web_context: WebContext, accounts: AccountService
) -> None:
    await accounts.ensure_user("ops", PASSWORD, (), Role.OPERATOR)
    context = dataclasses.replace(web_context, codec_origin=UI_ORIGIN)
    transport = httpx.ASGITransport(app=create_app(context))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await client.get("/staff/login")
        signed_in = await client.post(
            "/staff/login",
            data={
                "username": "ops",
                "password": PASSWORD,
                "csrf_token": client.cookies[CSRF_COOKIE],
            },
        )
        assert signed_in.status_code == 303
        paths = {cookie.path for cookie in client.cookies.jar if cookie.name == STAFF_COOKIE}
        assert paths == {"/staff", "/codec"}

        preflight = await client.options(
            "/codec/decode",
            headers={
                "Origin": UI_ORIGIN,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type,x-namespace",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == UI_ORIGIN
        assert preflight.headers["access-control-allow-credentials"] == "true"

        call = await client.post(
            "/codec/decode", json={"payloads": []}, headers={"Origin": UI_ORIGIN}
        )
        assert call.status_code == 200 and call.json() == {"payloads": []}
        assert call.headers["access-control-allow-origin"] == UI_ORIGIN

        elsewhere = await client.options(
            "/codec/decode",
            headers={"Origin": "http://evil.test", "Access-Control-Request-Method": "POST"},
        )
        assert "access-control-allow-origin" not in elsewhere.headers
        # The rest of the app is same-origin only, even for the UI's origin.
        api = await client.get("/api/procedures", headers={"Origin": UI_ORIGIN})
        assert "access-control-allow-origin" not in api.headers


async def test_a_caseworker_session_cookie_is_refused(
    web_context: WebContext, accounts: AccountService
) -> None:
    secret, _ = await accounts.open_session(SessionKind.STAFF, "alice")
    transport = httpx.ASGITransport(app=create_app(web_context))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        client.cookies.set(STAFF_COOKIE, secret)
        refused = await client.post("/codec/decode", json={"payloads": []})
    assert refused.status_code == 403


def test_the_cli_adds_an_operator(tmp_path: Path) -> None:
    env = {**os.environ, "GUICHET_DATA_DIR": str(tmp_path), "GUICHET_DATABASE_URL": ""}
    env.pop("GUICHET_DATABASE_URL")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "starter.py", "users", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    added = run("add", "ops", "--password", "operator-pass", "--role", "operator")
    assert added.returncode == 0, added.stdout + added.stderr
    assert "operator" in added.stdout
    grouped = run(
        "add", "ops2", "--password", "operator-pass", "--role", "operator", "--group", "x1"
    )
    assert grouped.returncode == 1 and "no group" in grouped.stdout
    listed = run("list")
    assert "ops" in listed.stdout and "operator" in listed.stdout
