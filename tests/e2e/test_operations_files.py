"""Operations (issue 23 item 11): a metrics address in use never stops a process, and
the data directory is the owner's alone (0700, files 0600).

A shared ``GUICHET_METRICS_ADDRESS`` made ``python -m web`` and every
``starter.py`` command crash with "Address already in use" while a worker
ran; outbox e-mails, uploaded files and the case database were 0644.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry

from guichet.config import Settings
from guichet.files import FileStore
from guichet.metrics import metrics_runtime
from guichet.outbox import write_message
from runtime.devserver import EmbeddedTemporal
from runtime.process import open_runtime
from tests.conftest import NAMESPACE
from web.telemetry import serve_metrics

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n% a plan\n"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def taken_address() -> Iterator[str]:
    """An address some other process already listens on."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield f"127.0.0.1:{listener.getsockname()[1]}"


def test_a_taken_metrics_address_serves_no_metrics_and_raises_nothing(
    taken_address: str,
) -> None:
    assert metrics_runtime(taken_address) is None
    with serve_metrics(CollectorRegistry(), taken_address) as served:
        assert served is None


async def test_a_runtime_opens_beside_a_worker_holding_the_metrics_address(
    temporal_server: EmbeddedTemporal, taken_address: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    settings = Settings(
        data_dir=data_dir,
        temporal_address=temporal_server.address,
        temporal_namespace=NAMESPACE,
        metrics_address=taken_address,
        web_metrics_address=taken_address,
    )
    async with open_runtime(settings) as runtime:
        assert await runtime.store.list_cases(limit=1) is not None
    assert mode(data_dir) == 0o700
    assert mode(data_dir / "guichet.db") == 0o600


def test_every_starter_command_runs_beside_it_and_writes_private_files(
    temporal_server: EmbeddedTemporal, taken_address: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "cli-data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUICHET_")}
    env |= {
        "GUICHET_DATA_DIR": str(data_dir),
        "TEMPORAL_ADDRESS": temporal_server.address,
        "TEMPORAL_NAMESPACE": NAMESPACE,
        "GUICHET_METRICS_ADDRESS": taken_address,
        "GUICHET_ENCRYPTION_KEYS": os.environ["GUICHET_ENCRYPTION_KEYS"],
    }
    done = subprocess.run(
        [sys.executable, "starter.py", "cases"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "0 cases" in done.stdout + done.stderr
    assert mode(data_dir) == 0o700
    private = [p for p in data_dir.rglob("*") if p.is_file()]
    assert private and all(mode(p) & 0o077 == 0 for p in private), [
        (p.name, oct(mode(p))) for p in private
    ]


def test_outbox_mails_and_uploads_are_the_owners_alone(tmp_path: Path) -> None:
    os.umask(0o022)  # the usual default: what the code does must not depend on it
    outbox = tmp_path / "data" / "outbox"
    mail = write_message(outbox, "a@example.org", "Decision", "Approved.", "case-1:7")
    assert mode(mail) == 0o600 and mode(outbox) == 0o700
    files = FileStore(tmp_path / "data" / "files")
    stored = files.put(PDF)
    path = files.root / stored.sha256[:2] / stored.sha256
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700 and mode(files.root) == 0o700
