"""The case workflow (``Case``): one administrative case from intake to purge.

The workflow class, :class:`workflows.case.workflow.CaseWorkflow`, is loaded
on first access (PEP 562) like the package above it, so the consultation
workflow can share :mod:`workflows.case.options` and
:mod:`workflows.case.queue` without loading the case workflow.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workflows.case.workflow import CaseWorkflow

__all__ = ["CaseWorkflow"]


def __getattr__(name: str) -> Any:
    """Load ``CaseWorkflow`` from :mod:`workflows.case.workflow` on first use."""
    if name != "CaseWorkflow":
        raise AttributeError(f"module 'workflows.case' has no attribute {name!r}")
    return importlib.import_module("workflows.case.workflow").CaseWorkflow
