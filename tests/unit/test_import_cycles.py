"""No import cycle inside the web app: its modules form a graph that can be read bottom-up.

Every import counts, at module level or inside a function: a cycle hidden
behind a function-level import is still a cycle (it only moves the failure
from import time to the first request). The graph is read from the sources
with ``ast``, so nothing is imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PACKAGES = ("web",)
"""The packages whose internal imports must form no cycle."""


def module_name(path: Path, root: Path) -> str:
    """Return the dotted name of the module at ``path`` (``web/api/__init__.py`` → ``web.api``)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(name: str, source: str, is_package: bool, known: set[str]) -> set[str]:
    """Return the modules of ``known`` that the module ``name`` imports, anywhere in it.

    ``from a.b import c`` names the module ``a.b.c`` when there is one, else
    ``a.b``; relative imports are resolved against ``name``.
    """
    found: set[str] = set()
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            candidates = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for candidate in candidates:
            if candidate in known:
                found.add(candidate)
                break
    return found - {name}


def import_graph(root: Path, packages: tuple[str, ...]) -> dict[str, set[str]]:
    """Return each module of ``packages`` (under ``root``) with the modules of them it imports."""
    paths = {
        module_name(path, root): path
        for package in packages
        for path in sorted((root / package).rglob("*.py"))
    }
    known = set(paths)
    return {
        name: imported_modules(name, path.read_text(), path.name == "__init__.py", known)
        for name, path in paths.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_the_web_app_has_no_import_cycle() -> None:
    graph = import_graph(ROOT, PACKAGES)
    assert len(graph) > 30, "the walk found the web app"
    assert sum(len(targets) for targets in graph.values()) > 50, "the walk found its imports"
    assert cycles(graph) == []


def _write(root: Path, files: dict[str, str]) -> None:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)


@pytest.mark.parametrize(
    "files",
    [
        # The cycle this test was written for: errors -> pages.render -> security -> errors,
        # hidden behind a function-level import.
        {
            "web/__init__.py": "",
            "web/errors.py": "def handler():\n    from web.pages.render import render_error\n",
            "web/pages/__init__.py": "",
            "web/pages/render.py": "from web.security import CSRF_FIELD\n",
            "web/security.py": "from web.errors import ApiError\n",
        },
        {
            "web/__init__.py": "",
            "web/a.py": "from web import b\n",
            "web/b.py": "from . import a\n",
        },
    ],
    ids=["function-level", "relative"],
)
def test_a_cycle_is_reported(tmp_path: Path, files: dict[str, str]) -> None:
    _write(tmp_path, files)
    [cycle] = cycles(import_graph(tmp_path, ("web",)))
    assert len(cycle) >= 2


def test_imports_in_one_direction_are_no_cycle(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "web/__init__.py": "",
            "web/errors.py": "import json\n",
            "web/security.py": "from web.errors import ApiError\n",
            "web/app.py": "from web import errors, security\n\ndef f():\n    import web.security\n",
        },
    )
    graph = import_graph(tmp_path, ("web",))
    assert graph["web.app"] == {"web.errors", "web.security"}
    assert cycles(graph) == []
