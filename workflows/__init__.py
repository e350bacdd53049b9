"""Temporal workflows: deterministic orchestration only, no I/O.

The workflow classes are loaded on first access (PEP 562) rather than
imported here: the workflow sandbox re-imports a workflow's module, with its
package, for every workflow run it caches, so an eager import would give
every cached case a private copy of the other workflow's code too.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workflows.case import CaseWorkflow
    from workflows.consultation import ConsultationWorkflow

__all__ = ["CaseWorkflow", "ConsultationWorkflow"]

_HOMES = {"CaseWorkflow": "workflows.case", "ConsultationWorkflow": "workflows.consultation"}


def __getattr__(name: str) -> Any:
    """Load ``CaseWorkflow`` or ``ConsultationWorkflow`` from its module on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'workflows' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
