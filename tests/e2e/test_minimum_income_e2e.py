"""The RSA end to end on the embedded Temporal server: automatic grant,
four-eyes with two different caseworkers, refusal, and the duplicate flag."""

from __future__ import annotations

import pytest

from guichet.store import CaseStore
from procedures.calendar import local_date
from procedures.minimum_income.deadlines import TIMEZONE
from procedures.minimum_income.parameters import parameters_for
from runtime.service import CaseError, CaseService
from schemas.case import CaseStatus
from schemas.task import DecideInput
from tests.procedure_cases import queued, rsa_script, unique_iban, wait_view
from tools.demo import converse
from tools.demo_procedures import run_procedure_script


async def test_clear_claim_is_granted_automatically(service: CaseService, store: CaseStore) -> None:
    view = await run_procedure_script(service, rsa_script(0))
    assert view.decision is not None and view.decision.outcome.value == "approved"
    assert view.decision.decided_by == "system"
    # One-person flat amount − (0 + one-person housing deduction): a person alone
    # receiving housing benefit, no resources, with the set in force today
    # (2026-04-01: 651.69 − 78.20 = 573.49).
    params = parameters_for(local_date(view.decision.decided_at, TIMEZONE))
    expected = params.flat_alone[0] - params.housing_one
    assert view.decision.amount == expected
    # The decision stopped the tacit clock: only the appeal period remains.
    assert [d.code for d in view.deadlines] == ["objection"]
    assert view.duplicates == []
    letter = await store.get_letter(view.decision.letter_id or "")
    assert letter is not None and f"{expected:.2f}".replace(".", ",") in letter.html
    assert "L262-47" in letter.html
    row = await store.get_case(view.case_id)
    assert row is not None and row.amount == str(expected) and row.status == "decided"
    assert set(row.summary["deadlines"]) == {"objection"}


async def test_four_eyes_needs_two_different_caseworkers(
    service: CaseService, store: CaseStore
) -> None:
    case_id, _ = await converse(service, rsa_script(1), procedure="minimum_income")
    view = await wait_view(service, case_id, CaseStatus.UNDER_REVIEW, "review")
    assert view.sign_off is not None and view.sign_off.four_eyes
    assert view.task is not None and view.task.due_at is not None
    first = view.task.task_id
    await service.claim(first, "ines")
    await service.decide(DecideInput(task_id=first, user="ines", outcome="approve"))

    view = await wait_view(service, case_id, CaseStatus.UNDER_REVIEW, "second_review")
    second = view.task.task_id  # type: ignore[union-attr]
    row = await queued(store, second, "open")
    assert row.kind.value == "second_review" and row.group == "minimum_income"
    with pytest.raises(CaseError) as same:
        await service.claim(second, "ines")
    assert same.value.code == "same_reviewer" and same.value.http_status == 403
    await service.claim(second, "jules")
    await service.decide(
        DecideInput(task_id=second, user="jules", outcome="reject", reason="check the IBAN")
    )

    # Back to a review, with both opinions attached.
    view = await wait_view(service, case_id, CaseStatus.UNDER_REVIEW, "review")
    assert [(o.user, o.outcome) for o in view.opinions] == [
        ("ines", "approve"),
        ("jules", "reject"),
    ]
    assert view.task is not None and "check the IBAN" in view.task.summary
    third = view.task.task_id
    await service.claim(third, "ines")
    await service.decide(DecideInput(task_id=third, user="ines", outcome="approve"))
    view = await wait_view(service, case_id, CaseStatus.UNDER_REVIEW, "second_review")
    fourth = view.task.task_id  # type: ignore[union-attr]
    await service.claim(fourth, "karim")
    await service.decide(DecideInput(task_id=fourth, user="karim", outcome="approve"))

    view = await service.wait_for_status(case_id, CaseStatus.DECIDED)
    assert view.decision is not None and view.decision.outcome.value == "approved"
    assert view.decision.decided_by == "karim"
    # Couple with two children + 2 further children, no resources, no deduction
    # (2026-04-01 set: 1,368.55 + 2 × 260.68 = 1,889.91).
    params = parameters_for(local_date(view.decision.decided_at, TIMEZONE))
    assert view.decision.amount == params.flat_couple[2] + 2 * params.flat_per_further_child


async def test_refusal_is_signed_off(service: CaseService) -> None:
    view = await run_procedure_script(service, rsa_script(2))
    assert view.decision is not None and view.decision.outcome.value == "rejected"
    assert view.decision.decided_by == "lea.caseworker"
    assert view.sign_off is not None and view.sign_off.reasons == ["refusal"]


async def test_same_iban_on_an_open_case_is_flagged(service: CaseService, store: CaseStore) -> None:
    iban = unique_iban()
    first_id, _ = await converse(service, rsa_script(1, iban=iban), procedure="minimum_income")
    await wait_view(service, first_id, CaseStatus.UNDER_REVIEW, "review")  # still open

    # A claim that would be granted automatically, but shares the IBAN.
    second_id, _ = await converse(service, rsa_script(0, iban=iban), procedure="minimum_income")
    view = await wait_view(service, second_id, CaseStatus.UNDER_REVIEW, "review")
    assert [(d.case_id, d.kind) for d in view.duplicates] == [(first_id, "iban")]
    assert view.sign_off is not None and not view.sign_off.automatic
    assert "possible_duplicate:iban" in view.sign_off.reasons
    assert view.task is not None and "possible_duplicate:iban" in view.task.summary
    row = await queued(store, view.task.task_id, "open")
    assert row.priority >= 3

    # The same person (name and birth date) with another IBAN is flagged too.
    # Letters only (a name with digits is no name): the IBAN's last digits as letters.
    name = (
        "Dominique Duplicate "
        + "".join(chr(ord("a") + int(c)) if c.isdigit() else c for c in iban[-6:]).capitalize()
    )
    third_id, _ = await converse(service, rsa_script(0, name=name), procedure="minimum_income")
    await wait_view(service, third_id, CaseStatus.DECIDED)  # first claim of that person
    fourth_id, _ = await converse(
        service, rsa_script(0, name=name.upper()), procedure="minimum_income"
    )
    view = await wait_view(service, fourth_id, CaseStatus.UNDER_REVIEW, "review")
    assert [(d.case_id, d.kind) for d in view.duplicates] == [(third_id, "applicant")]
