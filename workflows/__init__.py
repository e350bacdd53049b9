"""Temporal workflows: deterministic orchestration only, no I/O."""

from workflows.case import CaseWorkflow

__all__ = ["CaseWorkflow"]
