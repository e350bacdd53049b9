"""Helpers for the end-to-end tests of the minimum-income and building procedures."""

from __future__ import annotations

import copy
import datetime as dt
import uuid

from schwifty import IBAN

from guichet.store import CaseStore
from runtime.service import CaseService
from schemas.case import CaseStatus, CaseView
from schemas.projection import TaskProjection
from tests.helpers import eventually
from tools.demo_procedures import ProcedureScript, rsa_scripts


def unique_iban() -> str:
    """A valid IBAN no other test uses (the case store is shared by the session)."""
    account = str(uuid.uuid4().int % 10**10).zfill(10)
    return str(IBAN.generate("DE", bank_code="37040044", account_code=account).compact)


def rsa_script(index: int, *, iban: str | None = None, name: str | None = None) -> ProcedureScript:
    """An RSA demo script with its own applicant and IBAN (so no test sees another's claim)."""
    script = copy.deepcopy(rsa_scripts(dt.date.today())[index])
    script.answers["iban"] = [iban or unique_iban()]
    # Letters only: a name with digits is no name (the parser refuses it).
    unique = "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:8])
    script.answers["applicant_name"] = [name or f"Test Applicant {unique.capitalize()}"]
    return script


async def wait_view(
    service: CaseService, case_id: str, status: CaseStatus, kind: str | None = None
) -> CaseView:
    """Wait until the case has ``status`` (and an open task of ``kind``, if given)."""
    view = await service.wait_for(
        case_id,
        lambda v: (
            v.status is status and (kind is None or (v.task is not None and v.task.kind == kind))
        ),
    )
    assert view.status is status, (view.status, view.task)
    return view


async def queued(store: CaseStore, task_id: str, status: str | None = None) -> TaskProjection:
    """The queue row, once the projection activity has written it."""
    return await eventually(
        lambda: store.get_task(task_id),
        lambda row: status is None or row.status.value == status,
        timeout=10.0,
    )
