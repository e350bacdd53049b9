"""The case workflow: one administrative case from intake to purge.

Only the workflow definition lives here; its handlers and steps are in
:mod:`workflows.case_steps` and :mod:`workflows.lifecycle`, imported through
the sandbox, with their options in :mod:`workflows.case.options`. The
sandbox re-imports a workflow's own module for every run it caches; kept
this small, that private copy costs each parked case a few kilobytes
instead of the whole workflow's code objects: worker memory per cached case
fell from 640 to 501 KiB (``python -m bench -s parked --preset quick
--parked-cases 300``). The price: the sandbox no longer screens the steps'
code for non-deterministic calls, so they follow the same rule as any
passed-through module (no I/O, no clocks, no randomness;
``tests/test_workflow_determinism.py`` and the replay tests guard it).
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from schemas.case import CaseResult, StartCaseInput
    from workflows.case_steps import CaseSteps


@workflow.defn(name="Case")
class CaseWorkflow(CaseSteps):
    """One case of one procedure, durable from intake to purge."""

    @workflow.run
    async def run(self, start: StartCaseInput) -> CaseResult:
        """Drive the case through its lifecycle.

        Args:
            start: The case's start input (also read by ``__init__``).
        """
        return await self.drive()
