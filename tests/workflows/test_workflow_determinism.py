"""Every module of ``workflows/`` stays deterministic, including those the sandbox never screens.

The case workflow's steps are imported through ``imports_passed_through``
(one shared copy for every cached case), so the workflow sandbox does not
check them for clocks, randomness or I/O. This walk does, over every module
under ``workflows/`` found on disk, so a new module is covered the day it is
added. The replay tests then prove that what the modules do is what the
histories recorded.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / "workflows").rglob("*.py"))

FORBIDDEN_MODULES = frozenset(
    {
        "time",
        "random",
        "secrets",
        "uuid",
        "os",
        "socket",
        "subprocess",
        "threading",
        "logging",
        "pathlib",
        "io",
        "httpx",
        "psycopg",
        "sqlalchemy",
        "guichet.store",
        "guichet.llm",
    }
)
"""Clocks, randomness, processes, files, network, the database: activities' business."""

FORBIDDEN_CALLS = frozenset(
    {"now", "utcnow", "today", "fromtimestamp", "sleep", "uuid4", "urandom", "getenv"}
)
"""Calls that read the clock or the environment (``workflow.now()`` is allowed)."""

FORBIDDEN_BUILTINS = frozenset({"open", "print", "input"})
"""Builtins that touch the disk or the terminal."""

ALLOWED_QUALIFIED = frozenset({"workflow.now", "workflow.sleep"})
"""The workflow's own deterministic clock and timer."""

PROJECT = ("workflows", "activities", "agents", "procedures", "schemas", "guichet")


@dataclass(frozen=True)
class Finding:
    """One non-deterministic construct in a workflow module."""

    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.what}"


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return "?"


def _forbidden_module(module: str) -> bool:
    return any(module == name or module.startswith(f"{name}.") for name in FORBIDDEN_MODULES)


def findings(path: str, source: str) -> list[Finding]:
    """Return the non-deterministic imports and calls in ``source`` (the module at ``path``)."""
    found: list[Finding] = []
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Import):
            found += [
                Finding(path, node.lineno, f"imports {alias.name}")
                for alias in node.names
                if _forbidden_module(alias.name)
            ]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if _forbidden_module(node.module):
                found.append(Finding(path, node.lineno, f"imports {node.module}"))
        elif isinstance(node, ast.Call):
            name = _dotted(node.func)
            bare = isinstance(node.func, ast.Name) and name in FORBIDDEN_BUILTINS
            clock = name.rsplit(".", 1)[-1] in FORBIDDEN_CALLS and name not in ALLOWED_QUALIFIED
            if bare or clock:
                found.append(Finding(path, node.lineno, f"calls {name}()"))
    return found


def passed_through_violations(path: str, source: str) -> list[Finding]:
    """Project imports of a workflow-defining module outside ``imports_passed_through``.

    A module that defines a workflow is re-imported by the sandbox for every
    run; its project imports must come through, so every cached case shares
    one copy of them (and only ``TYPE_CHECKING`` imports may stand outside).
    """
    tree = ast.parse(source, filename=path)
    defines = any(
        isinstance(node, ast.ClassDef)
        and any(
            "defn" in _dotted(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list
        )
        for node in tree.body
    )
    if not defines:
        return []
    found: list[Finding] = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PROJECT):
            found.append(
                Finding(
                    path, node.lineno, f"imports {node.module} outside the sandbox's pass-through"
                )
            )
        elif isinstance(node, ast.Import):
            found += [
                Finding(path, node.lineno, f"imports {a.name} outside the sandbox's pass-through")
                for a in node.names
                if a.name.startswith(PROJECT)
            ]
    return found


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_walk_finds_every_case_workflow_module() -> None:
    names = {_relative(p) for p in WORKFLOWS}
    assert {"workflows/consultation.py", "workflows/case/workflow.py"} <= names
    assert len(names) >= 8


@pytest.mark.parametrize("path", WORKFLOWS, ids=_relative)
def test_no_clock_randomness_or_io_in_a_workflow_module(path: Path) -> None:
    assert findings(_relative(path), path.read_text()) == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=_relative)
def test_workflow_definitions_pass_their_imports_through(path: Path) -> None:
    assert passed_through_violations(_relative(path), path.read_text()) == []


@pytest.mark.parametrize(
    "source",
    [
        "import datetime as dt\nx = dt.datetime.now()",
        "from datetime import datetime\ndef f():\n    return datetime.utcnow()",
        "import time",
        "import random\nrandom.random()",
        "from uuid import uuid4\nuuid4()",
        "async def f():\n    import asyncio\n    await asyncio.sleep(1)",
        "def f():\n    return open('x').read()",
        "from guichet.store import CaseStore",
        "import os.path",
    ],
)
def test_a_non_deterministic_construct_is_reported(source: str) -> None:
    assert findings("workflows/case/x.py", source) != []


def test_workflow_time_timers_and_methods_named_like_builtins_are_allowed() -> None:
    source = (
        "from temporalio import workflow\n"
        "async def f(self):\n    workflow.now()\n    await workflow.sleep(1)\n"
        "    await self.intake.open()"
    )
    assert findings("workflows/case/x.py", source) == []


def test_a_workflow_importing_a_step_outside_the_pass_through_is_reported() -> None:
    source = (
        "from temporalio import workflow\n"
        "from workflows.case.intake import IntakeSession\n"
        "@workflow.defn(name='X')\nclass X: ...\n"
    )
    [finding] = passed_through_violations("workflows/case/workflow.py", source)
    assert "workflows.case.intake" in finding.what
