"""Duplicate-claim detection: fingerprints in the read model, never the raw keys."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from temporalio.testing import ActivityEnvironment

from activities.duplicates import DuplicateActivities, fingerprint
from guichet.store import CaseStore
from guichet.store._models import fingerprints_table
from schemas.lifecycle import DuplicateCheckInput
from schemas.projection import CaseProjection, ProjectionBatch

NOW = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
IBAN = "FR7630006000011234567890189"


async def _case(store: CaseStore, status: str, outcome: str | None = None) -> str:
    case_id = f"minimum_income-{uuid.uuid4().hex[:12]}"
    await store.apply(
        ProjectionBatch(
            case=CaseProjection(
                case_id=case_id,
                version=1,
                procedure="minimum_income",
                language="fr",
                status=status,
                created_at=NOW,
                updated_at=NOW,
                outcome=outcome,
            )
        )
    )
    return case_id


async def _check(store: CaseStore, case_id: str, keys: dict[str, str]) -> list[tuple[str, str]]:
    activities = DuplicateActivities(store, b"test-key")
    result = await ActivityEnvironment().run(
        activities.check_duplicates,
        DuplicateCheckInput(case_id=case_id, procedure="minimum_income", keys=keys, at=NOW),
    )
    return [(m.case_id, m.kind) for m in result.matches]


async def test_open_and_paid_cases_match_refused_ones_do_not(store: CaseStore) -> None:
    iban = f"{IBAN}{uuid.uuid4().hex[:6]}"  # unique per test run: the store is shared
    person = f"someone {uuid.uuid4().hex[:6]}|1990-01-01"
    open_case = await _case(store, "under_review")
    paid = await _case(store, "decided", "approved")
    refused = await _case(store, "decided", "rejected")
    assert await _check(store, open_case, {"iban": iban}) == []
    assert await _check(store, refused, {"iban": iban, "applicant": person}) == [
        (open_case, "iban")
    ]
    found = await _check(store, paid, {"iban": iban})
    assert found == [(open_case, "iban")]  # the refused case holds no claim
    newcomer = await _case(store, "submitted")
    # The refused case shares the applicant key, but a refused claim holds nothing.
    found = await _check(store, newcomer, {"iban": iban, "applicant": person})
    assert sorted(found) == sorted([(open_case, "iban"), (paid, "iban")])


async def test_only_keyed_hashes_are_stored(store: CaseStore) -> None:
    case_id = await _case(store, "submitted")
    await _check(store, case_id, {"iban": IBAN})
    engine = store._engines.read
    async with engine.connect() as conn:
        rows = (
            (
                await conn.execute(
                    sa.select(fingerprints_table).where(fingerprints_table.c.case_id == case_id)
                )
            )
            .mappings()
            .all()
        )
    assert [r["fingerprint"] for r in rows] == [
        fingerprint(b"test-key", "minimum_income", "iban", IBAN)
    ]
    assert IBAN not in str(dict(rows[0]))
    # Another key gives another hash: the table alone cannot be matched against guesses.
    assert fingerprint(b"other", "minimum_income", "iban", IBAN) != rows[0]["fingerprint"]
