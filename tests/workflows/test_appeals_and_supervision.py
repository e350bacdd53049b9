"""Appeals in every procedure, satisfaction, supervision and deactivation, end to end.

Real embedded Temporal server, the case store on SQLite and PostgreSQL, and a
real SMTP server on loopback (``aiosmtpd``) that keeps what it receives.
"""

from __future__ import annotations

import email
import email.policy
import re
import uuid
from collections.abc import Awaitable, Callable

import pytest
from temporalio.client import Client

from guichet.accounts import AccountService
from guichet.i18n.catalog import gettext
from guichet.store import AccountStore, CaseStore
from runtime.deactivation import deactivate_and_release
from runtime.service import CaseError, CaseService
from runtime.temporal import build_replayer
from schemas.account import SessionKind
from schemas.case import CaseStatus, CaseView, Outcome
from schemas.task import DecideInput
from tests.helpers import TEST_KEYS, eventually
from tests.mail import Inbox
from tests.procedure_cases import rsa_script, wait_view
from tests.workflows.test_task_updates import under_review
from tools.demo import converse
from tools.demo_procedures import ProcedureScript, permit_answers


async def decide(service: CaseService, task_id: str, user: str, outcome: str, **kw: str) -> None:
    await service.claim(task_id, user)
    await service.decide(DecideInput(task_id=task_id, user=user, outcome=outcome, **kw))


async def refused_short_time_work(service: CaseService) -> tuple[CaseView, str]:
    view = await under_review(service)
    assert view.task is not None
    await decide(service, view.task.task_id, "alice", "reject", reason="hours not reduced")
    return view, "claire@example.org"  # the address the form holds


async def refused_minimum_income(service: CaseService) -> tuple[CaseView, str]:
    case_id, _ = await converse(service, rsa_script(2), procedure="minimum_income")
    view = await wait_view(service, case_id, CaseStatus.UNDER_REVIEW, "review")
    address = f"rsa-{uuid.uuid4().hex[:6]}@example.org"
    # The RSA form asks for no address: the applicant gives one for notifications.
    await service.set_contact(case_id, address)
    assert view.task is not None
    await decide(service, view.task.task_id, "alice", "reject", reason="ressources trop élevées")
    return view, address


async def refused_building_permit(service: CaseService) -> tuple[CaseView, str]:
    doc = "file:" + "e" * 64
    script = ProcedureScript(
        title="extension",
        language="fr",
        procedure="building_permit",
        answers=permit_answers(
            project="extension", area="30", urban="oui", monument="non", documents=doc
        ),
    )
    case_id, _ = await converse(service, script, procedure="building_permit")
    view = await wait_view(service, case_id, CaseStatus.UNDER_REVIEW, "completeness")
    address = f"permis-{uuid.uuid4().hex[:6]}@example.org"
    await service.set_contact(case_id, address)
    assert view.task is not None
    await decide(service, view.task.task_id, "alice", "complete")
    view = await wait_view(service, case_id, CaseStatus.UNDER_REVIEW, "review")
    assert view.task is not None
    await decide(service, view.task.task_id, "alice", "reject", reason="hauteur excessive")
    return view, address


REFUSALS: dict[str, Callable[[CaseService], Awaitable[tuple[CaseView, str]]]] = {
    "short_time_work": refused_short_time_work,
    "minimum_income": refused_minimum_income,
    "building_permit": refused_building_permit,
}


@pytest.mark.parametrize("procedure", sorted(REFUSALS))
async def test_appeal_goes_to_another_caseworker_and_its_outcome_is_mailed(
    procedure: str, client: Client, store: CaseStore, mailing: tuple[CaseService, Inbox]
) -> None:
    service, inbox = mailing
    started, address = await REFUSALS[procedure](service)
    case_id = started.case_id
    view = await service.wait_for_status(case_id, CaseStatus.DECIDED)
    assert view.decision is not None and view.decision.outcome is Outcome.REJECTED
    assert view.decision.decided_by == "alice"
    first_letter = view.decision.letter_id

    result = await service.appeal(case_id, "Les faits ont été mal appréciés.")
    assert result.task_id is not None
    task_id = result.task_id
    # The caseworker who decided can neither claim the appeal nor be handed it.
    with pytest.raises(CaseError) as claimed:
        await service.claim(task_id, "alice")
    assert (claimed.value.code, claimed.value.http_status) == ("same_reviewer", 403)
    with pytest.raises(CaseError) as handed:
        await service.reassign(task_id, "sup", "alice")
    assert handed.value.code == "same_reviewer"
    await decide(service, task_id, "bob", "revise", reason="pièces justificatives probantes")

    view = await service.wait_for(
        case_id,
        lambda v: (
            "appeal_revised" in (kinds := [e.kind for e in v.timeline])
            and "notified" in kinds[kinds.index("appeal_revised") :]
        ),
    )
    assert view.decision is not None and view.decision.outcome is Outcome.APPROVED
    assert view.decision.decided_by == "bob" and view.decision.letter_id != first_letter
    mails = await eventually(
        lambda: _list(inbox.to(address)), lambda m: any(_settled(x) for x in m)
    )
    settled = [m for m in mails if _settled(m)]
    assert len(settled) == 1
    assert isinstance(settled[0], email.message.EmailMessage)
    text = str(settled[0].get_content())
    assert any(gettext("mail_verdict_revise", lang) in text for lang in ("de", "en", "fr"))
    assert "/status/letter" in text

    row = await eventually(lambda: store.get_case(case_id), lambda r: r.outcome == "approved")
    assert row is not None and row.appealed and row.changed_on == "appeal"
    assert not row.automatic and row.first_action_at is not None
    claimed_at = next(e.at for e in view.timeline if e.kind == "claimed")
    assert row.first_action_at == claimed_at

    history = await client.get_workflow_handle(case_id).fetch_history()
    replayed = await build_replayer(TEST_KEYS).replay_workflow(
        history, raise_on_replay_failure=False
    )
    assert replayed.replay_failure is None, replayed.replay_failure


def _settled(message: email.message.Message) -> bool:
    """The appeal-settled notice, whatever the applicant's language."""
    return re.search("recours|appeal|Widerspruch", str(message["Subject"])) is not None


async def _list(messages: list[email.message.Message]) -> list[email.message.Message]:
    return list(messages)


async def test_satisfaction_is_answered_once_after_the_decision(
    mailing: tuple[CaseService, Inbox], store: CaseStore
) -> None:
    service, _ = mailing
    view = await under_review(service)
    with pytest.raises(CaseError) as early:
        await service.rate(view.case_id, 4)
    assert early.value.http_status == 409
    assert view.task is not None
    await decide(service, view.task.task_id, "alice", "approve")
    await service.wait_for_status(view.case_id, CaseStatus.DECIDED)
    with pytest.raises(CaseError) as out_of_range:
        await service.rate(view.case_id, 6)
    assert out_of_range.value.http_status == 422
    await service.rate(view.case_id, 4)
    with pytest.raises(CaseError) as twice:
        await service.rate(view.case_id, 5)
    assert twice.value.http_status == 409
    assert (await service.view(view.case_id)).satisfaction == 4
    row = await eventually(lambda: store.get_case(view.case_id), lambda r: r.satisfaction == 4)
    assert row is not None and row.satisfaction == 4


async def test_deactivating_an_account_returns_its_claims_and_blocks_sign_in(
    mailing: tuple[CaseService, Inbox], store: CaseStore
) -> None:
    service, _ = mailing
    accounts = AccountService(AccountStore(store.engines))
    name = f"dora-{uuid.uuid4().hex[:6]}"
    await accounts.add_user(name, "dora-password", ["short_time_work"])
    assert await accounts.authenticate(name, "dora-password") is not None
    secret, _ = await accounts.open_session(SessionKind.STAFF, name)
    view = await under_review(service)
    assert view.task is not None
    task_id = view.task.task_id
    await service.claim(task_id, name)
    await eventually(lambda: store.get_task(task_id), lambda r: r.claimed_by == name)

    done = await deactivate_and_release(accounts, store, service, name)
    assert done.released == [task_id] and done.skipped == []
    assert await accounts.authenticate(name, "dora-password") is None
    assert await accounts.staff_user(secret, SessionKind.STAFF) is None
    view = await service.view(view.case_id)
    assert view.task is not None and view.task.claimed_by is None
    [released] = [e for e in view.timeline if e.kind == "released"]
    assert released.actor == "system" and released.text.endswith(f"held by {name}")
    row = await eventually(lambda: store.get_task(task_id), lambda r: r.claimed_by is None)
    assert row is not None and row.status.value == "open"
    # The task is free for the group again.
    assert (await service.claim(task_id, "bob")).claimed_by == "bob"


async def test_a_supervisor_releases_a_claim_on_the_holders_behalf(
    mailing: tuple[CaseService, Inbox], store: CaseStore
) -> None:
    service, _ = mailing
    view = await under_review(service)
    assert view.task is not None
    task_id = view.task.task_id
    await service.claim(task_id, "alice")
    with pytest.raises(CaseError) as stale:
        await service.release_for(task_id, "bob", "sup")
    assert (stale.value.code, stale.value.http_status) == ("not_holder", 409)
    with pytest.raises(CaseError):
        await service.release(task_id, "bob")  # nor can anyone else release it
    await service.release_for(task_id, "alice", "sup")
    view = await service.view(view.case_id)
    assert view.task is not None and view.task.claimed_by is None
    assert [e.actor for e in view.timeline if e.kind == "released"] == ["sup"]


async def test_claims_on_lifecycle_tasks_expire(
    client: Client, store: CaseStore, task_queue: str, mailing: tuple[CaseService, Inbox]
) -> None:
    service = CaseService(client, task_queue, claim_timeout_seconds=1)
    case_id, _ = await converse(service, rsa_script(2), procedure="minimum_income")
    view = await wait_view(service, case_id, CaseStatus.UNDER_REVIEW, "review")
    assert view.task is not None
    await service.claim(view.task.task_id, "alice")
    view = await service.wait_for(
        case_id, lambda v: "claim_expired" in [e.kind for e in v.timeline]
    )
    assert view.task is not None and view.task.claimed_by is None
    row = await eventually(
        lambda: store.get_task(view.task.task_id),  # type: ignore[union-attr]
        lambda r: r.claimed_by is None,
    )
    assert row is not None and row.status.value == "open"
