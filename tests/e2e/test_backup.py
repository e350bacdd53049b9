"""Backup while running, restore while stopped, reindex: with the real embedded
server and the command line, on a data directory of its own."""

from __future__ import annotations

import asyncio
import os
import sys
import tarfile
from pathlib import Path

import pytest
from temporalio.api.workflowservice.v1 import DescribeNamespaceRequest

from guichet.config import Settings
from guichet.ports import free_port
from runtime.process import open_runtime
from runtime.service import CaseError, CaseService
from tests.helpers import TEST_KEYS, eventually
from tools.ops import BackupError, backup, restore

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = ["economic reasons", "the biggest customer cancelled", "yes", "from March 2026"]


async def _cli(settings: Settings, *args: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUICHET_", "TEMPORAL_"))}
    env |= {
        "GUICHET_DATA_DIR": str(settings.data_dir),
        "GUICHET_EMBEDDED_PORT": str(settings.embedded_port),
        # The same keys as the test's own runtime, which wrote the histories.
        "GUICHET_ENCRYPTION_KEYS": TEST_KEYS.serialize().strip(),
        "COLUMNS": "200",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "starter.py",
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    return process.returncode or 0, output.decode()


async def test_backup_restore_and_reindex(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", embedded_port=free_port())
    archive = tmp_path / "backups" / "guichet.tar.gz"
    keys = settings.data_dir / "keys" / "payload.key"
    async with open_runtime(settings, run_worker=True) as runtime:
        keys.parent.mkdir()
        keys.write_bytes(b"k" * 32)
        service = CaseService(runtime.client, settings.task_queue)
        case_id, _ = await service.start("short_time_work", "en")
        for text in ANSWERS[:2]:
            await service.send(case_id, text)
        await eventually(lambda: runtime.store.get_case(case_id), lambda r: r.summary["turn"] == 2)

        code, output = await _cli(settings, "backup", str(archive))
        assert code == 0, output
        assert "2 databases" in output

        # Guichet must be stopped to restore.
        code, output = await _cli(settings, "restore", str(archive))
        assert code == 1 and "stop Guichet first" in output

        # Work done after the backup is not in it.
        await service.send(case_id, ANSWERS[2])
        later_id, _ = await service.start("short_time_work", "de")
        namespace = await runtime.client.workflow_service.describe_namespace(
            DescribeNamespaceRequest(namespace=settings.temporal_namespace)
        )
        retention = namespace.config.workflow_execution_retention_ttl.ToTimedelta()
        assert retention.days == settings.retention_days == 3650

    code, output = await _cli(settings, "restore", str(archive))
    assert code == 0, output
    previous = [p for p in os.listdir(tmp_path) if p.startswith("data.before-restore-")]
    assert len(previous) == 1, "the replaced data directory is kept"
    assert keys.read_bytes() == b"k" * 32

    async with open_runtime(settings, run_worker=True) as runtime:
        service = CaseService(runtime.client, settings.task_queue)
        view = await service.view(case_id)
        assert view.turn == 2 and set(view.form) >= {"cause", "cause_description"}
        with pytest.raises(CaseError) as unknown:
            await service.view(later_id)
        assert unknown.value.code == "unknown_case"
        row = await runtime.store.get_case(case_id)
        assert row is not None and row.summary["turn"] == 2
        # The restored case carries on.
        reply = await service.send(case_id, ANSWERS[2])
        assert reply.turn == 3
        await eventually(lambda: runtime.store.get_case(case_id), lambda r: r.summary["turn"] == 3)

        # A row deleted by mistake comes back with `starter.py reindex`.
        assert await runtime.store.delete_case_rows(case_id) == 1
        code, output = await _cli(settings, "reindex")
        assert code == 0, output
        assert "1 cases: 1 case rows" in output
        rebuilt = await runtime.store.get_case(case_id)
        assert rebuilt is not None and rebuilt.summary["turn"] == 3


def test_restore_refuses_a_damaged_archive(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "keys").mkdir()
    (data / "keys" / "a.key").write_bytes(b"secret")
    archive = tmp_path / "b.tar.gz"
    report = backup(data, archive)
    assert report.files == ["keys/a.key"] and report.databases == []
    # A file changed after the backup was written: the manifest's digest catches it.
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    (unpacked / "keys" / "a.key").write_bytes(b"forged")
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(tampered, "w:gz") as tar:
        for entry in unpacked.iterdir():
            tar.add(entry, arcname=entry.name)
    with pytest.raises(BackupError, match="damaged"):
        restore(tampered, data)
    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"not a backup")
    with pytest.raises(BackupError, match="cannot be read"):
        restore(garbage, data)
    assert (data / "keys" / "a.key").read_bytes() == b"secret", "nothing replaced"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".data")) == []
    report = restore(archive, data)
    assert report.previous is not None and (data / "keys" / "a.key").read_bytes() == b"secret"
    with pytest.raises(BackupError):
        restore(tmp_path / "missing.tar.gz", data)
