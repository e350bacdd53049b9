"""Shared fixtures: a real embedded Temporal server, a real case store, and a
worker on a fresh task queue per test (samples-python style).

The case store is parametrized: every end-to-end test runs once on SQLite
and once on the real PostgreSQL (its own schema, dropped afterwards).
"""

from __future__ import annotations

import contextlib
import os
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from guichet.converter import data_converter
from guichet.ports import free_port
from guichet.store import CaseStore
from runtime.devserver import EmbeddedTemporal
from runtime.service import CaseService
from runtime.temporal import build_worker, connect
from tests.helpers import TEST_KEY_FILE, TEST_KEYS
from tests.postgres import PG_URL, postgres_schema

NAMESPACE = "guichet-test"

# The SMTP server and mailing worker fixtures.
pytest_plugins = ("tests.mail",)

# Every process of the suite (this one, the workers and CLIs it spawns, and
# code reading settings, such as the audit) uses the committed test key.
os.environ["GUICHET_ENCRYPTION_KEYS"] = TEST_KEY_FILE.read_text().strip()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI a skipped test is a failure: every test here needs only what CI has."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if reporter is not None:
        reporter.write_line(f"skipped tests: {skipped}")
    if skipped and os.environ.get("CI") and exitstatus == 0:
        if reporter is not None:
            reporter.write_line("FAILED: tests were skipped in CI (treated as failure)", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("guichet-data")


@pytest.fixture(scope="session")
async def temporal_server(data_dir: Path) -> AsyncIterator[EmbeddedTemporal]:
    server = EmbeddedTemporal(data_dir / "temporal", port=free_port(), namespace=NAMESPACE)
    await server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
async def client(temporal_server: EmbeddedTemporal) -> Client:
    return await connect(temporal_server.address, NAMESPACE, TEST_KEYS)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
async def store(request: pytest.FixtureRequest, data_dir: Path) -> AsyncIterator[CaseStore]:
    async with contextlib.AsyncExitStack() as stack:
        if request.param == "sqlite":
            case_store = await CaseStore.create(f"sqlite+aiosqlite:///{data_dir / 'cases.db'}")
        else:
            schema = await stack.enter_async_context(postgres_schema())
            case_store = await CaseStore.create(PG_URL, schema=schema)
        stack.push_async_callback(case_store.close)
        await case_store.migrate()
        yield case_store


@pytest.fixture
def task_queue() -> str:
    return f"tq-{uuid.uuid4().hex[:8]}"


@pytest.fixture
async def worker(client: Client, store: CaseStore, task_queue: str) -> AsyncIterator[Worker]:
    async with build_worker(client, task_queue, store) as running:
        yield running


@pytest.fixture
def service(client: Client, task_queue: str, worker: Worker) -> CaseService:
    return CaseService(client, task_queue)


@pytest.fixture(scope="module")
async def env() -> AsyncIterator[WorkflowEnvironment]:
    """A time-skipping test server for one test module: durable timers of months pass at once.

    It is the ``temporal-test-server`` binary installed beside Python (the
    SDK would otherwise try to download it), with the project's converter.
    """
    binary = Path(sys.executable).parent / "temporal-test-server"
    environment = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(binary), data_converter=data_converter(TEST_KEYS)
    )
    try:
        yield environment
    finally:
        await environment.shutdown()
