"""Deactivating an account: it can no longer sign in, and its claims go back.

Each task the account holds is released through the owning workflow's
``release`` Update, on the holder's behalf with ``system`` as the actor, so
the workflow (the lock) and then the queue's read model both follow. A task
the account no longer holds by the time the Update arrives (decided,
released, expired) is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from guichet.accounts.service import AccountService
from guichet.store import CaseStore
from runtime.service import CaseError, CaseService

SYSTEM_ACTOR = "system"
_GONE = frozenset({"not_holder", "unknown_task", "unknown_case", "settled_by_deadline"})
"""Refusals meaning the claim had already ended: nothing left to release."""


@dataclass
class Deactivation:
    """What deactivating an account did.

    Attributes:
        username: The account.
        released: Tasks given back to their group.
        skipped: Tasks it no longer held when their release was attempted.
    """

    username: str
    released: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


async def deactivate_and_release(
    accounts: AccountService, store: CaseStore, cases: CaseService, username: str
) -> Deactivation:
    """Deactivate ``username`` (sessions end) and release every task it holds.

    Args:
        accounts: The account service.
        store: The case store (the queue's read model lists the claims).
        cases: The case service (the releases are workflow Updates).
        username: The account to deactivate.

    Returns:
        The tasks released and skipped.

    Raises:
        AccountError: Unknown username.
        CaseError: A release was refused for another reason than the claim
            having ended already.
    """
    await accounts.deactivate(username)
    result = Deactivation(username)
    for row in await store.list_tasks(status="claimed", claimed_by=username, limit=1000):
        try:
            await cases.release_for(row.task_id, username, SYSTEM_ACTOR)
        except CaseError as exc:
            if exc.code not in _GONE:
                raise
            result.skipped.append(row.task_id)
        else:
            result.released.append(row.task_id)
    return result
