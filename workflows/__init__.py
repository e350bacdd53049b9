"""Temporal workflows: deterministic orchestration only, no I/O."""

from workflows.case import CaseWorkflow
from workflows.consultation import ConsultationWorkflow

__all__ = ["CaseWorkflow", "ConsultationWorkflow"]
