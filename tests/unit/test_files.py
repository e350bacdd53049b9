"""The document file store and document answers in the conversation."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from agents.nlu import parse_value
from guichet.files import MAX_FILE_BYTES, FileRejectedError, FileStore, is_reference, store_upload
from procedures.building_permit.form import FIELDS

PDF = b"%PDF-1.7\n1 0 obj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 16


@pytest.mark.parametrize(
    ("content", "media"), [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg")]
)
def test_accepted_types_are_stored_by_content(tmp_path: Path, content: bytes, media: str) -> None:
    stored = store_upload(tmp_path, content)
    digest = hashlib.sha256(content).hexdigest()
    assert stored.reference == f"file:{digest}" and stored.media_type == media
    assert (tmp_path / "files" / digest[:2] / digest).read_bytes() == content
    assert FileStore(tmp_path / "files").read(stored.reference) == content
    assert is_reference(stored.reference)


def test_same_bytes_twice_give_the_same_reference(tmp_path: Path) -> None:
    first = store_upload(tmp_path, PDF)
    second = store_upload(tmp_path, PDF)
    assert first == second
    assert len(list((tmp_path / "files").rglob("*"))) == 2  # one folder, one file


@pytest.mark.parametrize(
    ("content", "code", "status"),
    [
        (b"", "empty_file", 422),
        (b"PK\x03\x04 a zip archive", "unsupported_file_type", 415),
        (b"<html>%PDF-</html>", "unsupported_file_type", 415),
        (b"%PDF-" + b"0" * MAX_FILE_BYTES, "file_too_large", 413),
    ],
)
def test_rejected_uploads(tmp_path: Path, content: bytes, code: str, status: int) -> None:
    with pytest.raises(FileRejectedError) as rejected:
        store_upload(tmp_path, content)
    assert (rejected.value.code, rejected.value.http_status) == (code, status)
    assert not (tmp_path / "files").exists() or not any((tmp_path / "files").rglob("*"))


def test_exactly_ten_megabytes_is_accepted(tmp_path: Path) -> None:
    content = b"%PDF-" + b"0" * (MAX_FILE_BYTES - 5)
    assert store_upload(tmp_path, content).size == MAX_FILE_BYTES


def test_unknown_reference(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    assert store.describe("file:" + "0" * 64) is None
    assert store.describe("../etc/passwd") is None
    with pytest.raises(KeyError):
        store.read("file:" + "0" * 64)


def test_document_answers_in_the_conversation() -> None:
    spec = FIELDS["site_plan"]
    today = dt.date(2026, 3, 1)
    reference = "file:" + "AB" * 32
    assert parse_value(f"here: {reference}", spec, "en", today).value == reference.lower()
    assert parse_value("non, pas encore", spec, "fr", today).value == "not_provided"
    unclear = parse_value("the plan is on its way by post", spec, "en", today)
    assert not unclear.ok
