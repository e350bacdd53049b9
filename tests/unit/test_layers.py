"""The layer order, in one place: every import points down or sideways, never up.

Bottom-up, a module may import from its own layer and the layers below it:

======================  ======================================================
``schemas``             pydantic models of every boundary (no Guichet import)
``guichet``             the base: store, crypto, data converter, config,
                        logging, metrics, outbox, files, language model client
``procedures``          each procedure's form, flow, rules, policy, letters
``agents``              the intake graph and the understanding of answers
``activities``          every side effect a workflow asks for
``workflows``           deterministic orchestration (case, consultation)
``runtime``             Temporal wiring, process resources, the case client
``tools``               audit, operations, evaluation, demos
``web``                 the FastAPI app: API and pages
entry points            ``starter.py``, ``worker.py``, ``bench``
======================  ======================================================

Every import counts, at module level or inside a function or an
``if TYPE_CHECKING`` block: a deferred import is still a dependency. Tests
sit above everything and are not checked.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

LAYERS: tuple[tuple[str, ...], ...] = (
    ("schemas",),
    ("guichet",),
    ("procedures",),
    ("agents",),
    ("activities",),
    ("workflows",),
    ("runtime",),
    ("tools",),
    ("web",),
    ("starter", "worker", "bench"),
)
"""Top-level packages and modules, bottom-up; one tuple is one layer."""

RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


@dataclass(frozen=True)
class Upward:
    """An import of a higher layer."""

    path: str
    line: int
    imported: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.imported}"


def _top(module: str) -> str:
    return module.split(".", 1)[0]


def upward_imports(path: str, source: str) -> list[Upward]:
    """Return the imports in ``source`` (the file at ``path``) of a layer above its own."""
    own = RANK[_top(path.removesuffix(".py").replace("/", "."))]
    found: list[Upward] = []
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        else:
            continue
        for module in modules:
            rank = RANK.get(_top(module))
            if rank is not None and rank > own:
                found.append(Upward(path, node.lineno, module))
    return found


def _sources() -> list[Path]:
    files: list[Path] = []
    for name in RANK:
        single = ROOT / f"{name}.py"
        files += [single] if single.exists() else sorted((ROOT / name).rglob("*.py"))
    return files


def test_every_top_level_package_has_a_layer() -> None:
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests"}
    modules = {p.stem for p in ROOT.glob("*.py")}
    assert packages | modules <= set(RANK), (packages | modules) - set(RANK)


def test_no_module_imports_a_higher_layer() -> None:
    sources = _sources()
    assert len(sources) > 200, "the walk found the code"
    found = [
        upward
        for path in sources
        for upward in upward_imports(path.relative_to(ROOT).as_posix(), path.read_text())
    ]
    assert found == [], "\n".join(map(str, found))


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("guichet/llm/local.py", "from runtime.devserver import free_port"),
        ("guichet/audit/archive.py", "def f():\n    from tools.audit.replay import replay_many"),
        ("activities/store.py", "import workflows.case"),
        ("agents/x.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import web"),
        ("runtime/service.py", "from tools.demo import converse"),
        ("web/app.py", "import starter"),
    ],
)
def test_an_upward_import_is_reported(path: str, source: str) -> None:
    [upward] = upward_imports(path, source)
    assert upward.path == path


def test_downward_and_sideways_imports_are_allowed() -> None:
    source = "import json\nfrom schemas.case import CaseView\nfrom guichet.store import CaseStore\n"
    assert upward_imports("runtime/service.py", source + "from runtime.queues import ROLES") == []
    assert upward_imports("starter.py", "from web.server import app\nimport bench") == []
