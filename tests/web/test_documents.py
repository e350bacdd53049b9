"""Document uploads: ``POST /api/cases/{id}/documents`` and the chat's upload control."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator

import httpx

from activities.purge import PurgeActivities
from guichet.files import MAX_FILE_BYTES
from runtime.service import CaseService
from schemas.retention import PurgeRequest
from tests.web.test_pages import TURN_KEY, browser, csrf_of
from web.context import WebContext
from web.uploads import case_files

PDF = b"%PDF-1.4\n% a site plan\n%%EOF\n"
PERMIT_ANSWERS = {
    "applicant_name": "Sophie Bernard",
    "applicant_address": "3 chemin des Vignes, 21000 Dijon",
    "parcel_section": "AB",
    "parcel_number": "142",
    "site_address": "5 chemin des Vignes, 21000 Dijon",
    "project_type": "extension",
    "floor_area": "30",
    "height": "7",
    "urban_zone": "oui",
    "near_monument": "non",
}


async def _permit_case(api: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    started = await api.post("/api/cases", json={"procedure": "building_permit", "language": "fr"})
    assert started.status_code == 201, started.text
    body = started.json()
    return body["case_id"], {"Authorization": f"Bearer {body['access_token']}"}


async def test_upload_returns_a_reference_the_document_question_accepts(
    api: httpx.AsyncClient, web_context: WebContext
) -> None:
    case_id, auth = await _permit_case(api)
    uploaded = await api.post(
        f"/api/cases/{case_id}/documents",
        headers=auth,
        files={"file": ("plan.pdf", PDF, "application/pdf")},
    )
    assert uploaded.status_code == 201, uploaded.text
    body = uploaded.json()
    assert re.fullmatch(r"file:[0-9a-f]{64}", body["reference"])
    assert body["media_type"] == "application/pdf" and body["size"] == len(PDF)
    # At rest the document is sealed with the case's key, in the case's own
    # directory, readable by the owner only; nothing is stored in clear.
    files = web_context.files_root / "files"
    [stored] = list((files / "cases" / case_id).iterdir())
    assert stored.name == f"{body['reference'][5:]}.pdf"
    assert b"site plan" not in stored.read_bytes()
    assert stored.stat().st_mode & 0o077 == 0
    assert not [p for p in files.rglob("*") if p.is_file() and b"site plan" in p.read_bytes()]
    assert await case_files(web_context).read(case_id, body["reference"]) == PDF
    # The type is read from the content, whatever the name and declared type say.
    png = await api.post(
        f"/api/cases/{case_id}/documents",
        headers=auth,
        files={"file": ("photo.pdf", b"\x89PNG\r\n\x1a\n rest", "application/pdf")},
    )
    assert png.status_code == 201 and png.json()["media_type"] == "image/png"

    # Answer every question up to the first document, then with the reference.
    question = (await api.get(f"/api/cases/{case_id}", headers=auth)).json()["question"]
    assert question is not None
    while question["field"] in PERMIT_ANSWERS:
        sent = await api.post(
            f"/api/cases/{case_id}/messages",
            headers=auth,
            json={"text": PERMIT_ANSWERS[question["field"]]},
        )
        assert sent.status_code == 200, sent.text
        question = sent.json()["question"]
    assert question["field"] == "site_plan"
    answered = await api.post(
        f"/api/cases/{case_id}/messages", headers=auth, json={"text": body["reference"]}
    )
    assert answered.status_code == 200
    assert answered.json()["form"]["site_plan"] == body["reference"]
    assert answered.json()["question"]["field"] == "cross_section"


async def test_upload_refusals(api: httpx.AsyncClient) -> None:
    case_id, auth = await _permit_case(api)
    other_id, _ = await _permit_case(api)
    url = f"/api/cases/{case_id}/documents"

    wrong_type = await api.post(
        url, headers=auth, files={"file": ("notes.pdf", b"just text", "application/pdf")}
    )
    assert wrong_type.status_code == 415
    assert wrong_type.json()["error"]["code"] == "unsupported_file_type"

    too_large = await api.post(
        url,
        headers=auth,
        files={"file": ("big.pdf", PDF + b"0" * MAX_FILE_BYTES, "application/pdf")},
    )
    assert too_large.status_code == 413
    # Exactly one byte too many, inside a body under the request limit.
    over = await api.post(
        url,
        headers=auth,
        files={
            "file": ("big.pdf", PDF + b"0" * (MAX_FILE_BYTES + 1 - len(PDF)), "application/pdf")
        },
    )
    assert over.status_code == 413 and over.json()["error"]["code"] == "file_too_large"

    # No Content-Length (chunked): the body is still read only up to the limit.
    boundary = "guichet-test-boundary"

    async def chunks() -> AsyncIterator[bytes]:
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        for _ in range(12):
            yield b"0" * (1024 * 1024)
        yield f"\r\n--{boundary}--\r\n".encode()

    chunked = await api.post(
        url,
        headers={**auth, "Content-Type": f"multipart/form-data; boundary={boundary}"},
        content=chunks(),
    )
    assert chunked.status_code == 413

    empty = await api.post(url, headers=auth, files={"file": ("e.pdf", b"", "application/pdf")})
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "empty_file"
    no_file = await api.post(url, headers=auth, files={"other": ("a.pdf", PDF, "application/pdf")})
    assert no_file.status_code == 422

    # Someone else's case looks like no case at all; no token is 401.
    others = await api.post(
        f"/api/cases/{other_id}/documents",
        headers=auth,
        files={"file": ("plan.pdf", PDF, "application/pdf")},
    )
    assert others.status_code == 404 and others.json()["error"]["code"] == "unknown_case"
    anonymous = await api.post(url, files={"file": ("plan.pdf", PDF, "application/pdf")})
    assert anonymous.status_code == 401


async def test_chat_upload_fills_the_document_field(
    web_context: WebContext, service: CaseService
) -> None:
    async with browser(web_context) as client:
        page = await client.get("/?lang=fr")
        started = await client.post(
            "/start",
            data={
                "csrf_token": csrf_of(page),
                "procedure": "building_permit",
                "language": "fr",
            },
        )
        assert started.status_code == 303
        chat = await client.get("/chat")
        case_id = re.search(r"<code>([^<]+)</code>", chat.text).group(1)  # type: ignore[union-attr]
        assert 'type="file"' not in chat.text, "no upload before a document question"
        view = await service.view(case_id)
        while view.question is not None and view.question.field in PERMIT_ANSWERS:
            await service.send(case_id, PERMIT_ANSWERS[view.question.field])
            view = await service.view(case_id)
        assert view.question is not None and view.question.field == "site_plan"

        chat = await client.get("/chat")
        assert 'type="file"' in chat.text and 'for="document"' in chat.text
        turn_key = TURN_KEY.search(chat.text).group(1)  # type: ignore[union-attr]
        fields = {"csrf_token": csrf_of(chat), "turn_key": turn_key, "shown": "3"}

        # A wrong type is refused in the chat, and nothing is answered.
        refused = await client.post(
            "/chat/documents",
            data=fields,
            files={"file": ("plan.pdf", b"not a pdf", "application/pdf")},
            headers={"HX-Request": "true"},
        )
        assert refused.status_code == 200 and "Seuls les fichiers PDF" in refused.text
        assert "site_plan" not in (await service.view(case_id)).form

        # Without the CSRF token nothing is stored or answered.
        forged = await client.post(
            "/chat/documents",
            data={**fields, "csrf_token": "x" * 40},
            files={"file": ("plan.pdf", PDF, "application/pdf")},
        )
        assert forged.status_code == 403

        uploaded = await client.post(
            "/chat/documents",
            data=fields,
            files={"file": ("plan.pdf", PDF, "application/pdf")},
            headers={"HX-Request": "true"},
        )
        assert uploaded.status_code == 200, uploaded.text
        view = await service.view(case_id)
        assert re.fullmatch(r"file:[0-9a-f]{64}", view.form["site_plan"])
        assert view.provenance["site_plan"].source_text == view.form["site_plan"]
        assert view.question is not None and view.question.field == "cross_section"
        assert 'type="file"' in uploaded.text, "the next document question offers the upload"


async def test_documents_are_purged_with_their_case(
    api: httpx.AsyncClient, web_context: WebContext
) -> None:
    case_id, auth = await _permit_case(api)
    uploaded = await api.post(
        f"/api/cases/{case_id}/documents",
        headers=auth,
        files={"file": ("plan.pdf", PDF, "application/pdf")},
    )
    reference = uploaded.json()["reference"]
    directory = web_context.files_root / "files" / "cases" / case_id
    assert directory.is_dir()
    purge = PurgeActivities(web_context.store, web_context.files_root / "files")
    await purge.purge_case(PurgeRequest(case_id=case_id, purged_at=dt.datetime.now(dt.UTC)))
    assert not directory.exists()
    assert case_files(web_context).describe(case_id, reference) is None
    # Another case never opens it, even with the reference.
    other, _ = await _permit_case(api)
    assert case_files(web_context).describe(other, reference) is None
