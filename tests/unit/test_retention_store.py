"""Personal data at rest in the case store is sealed per case; the purge destroys it.

On SQLite and PostgreSQL (the session's ``store`` fixture): forms, task
summaries, letters and notes are stored sealed with the case's data key and
opened for readers; the purge keeps status, outcome, amount and dates,
empties the rest, and no later write can bring personal data back.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from guichet.crypto import PayloadDecryptionError
from guichet.store import AccountStore, CaseDataPurged, CaseStore
from guichet.store._account_models import resume_codes_table
from guichet.store._case_keys import case_keys_table
from guichet.store._models import cases_table
from schemas.projection import CaseProjection, LetterRecord, ProjectionBatch, TaskProjection
from schemas.task import TaskKind, TaskStatus
from tests.privacy import find, table_bytes

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
NAME = "Ottoline Brackenbury"
EMAIL = "ottoline.brackenbury@example.com"
IBAN = "FR7630006000011234567890189"
SECRETS = (NAME, EMAIL, IBAN)


def _case(case_id: str, version: int, form: dict[str, object]) -> CaseProjection:
    return CaseProjection(
        case_id=case_id,
        version=version,
        procedure="minimum_income",
        language="fr",
        status="decided",
        created_at=T0,
        updated_at=T0,
        submitted_at=T0 + dt.timedelta(hours=1),
        decided_at=T0 + dt.timedelta(days=2),
        outcome="approved",
        decided_by="alice",
        amount="612.50",
        form=form,
    )


def _batch(case_id: str, version: int = 1) -> ProjectionBatch:
    return ProjectionBatch(
        case=_case(case_id, version, {"applicant_name": NAME, "email": EMAIL, "iban": IBAN}),
        tasks=[
            TaskProjection(
                task_id=f"{case_id}:1",
                version=version,
                case_id=case_id,
                procedure="minimum_income",
                kind=TaskKind.REVIEW,
                group="minimum_income",
                status=TaskStatus.DONE,
                created_at=T0,
                updated_at=T0,
                summary=f"appeal against rejected: {NAME} says the IBAN {IBAN} is right",
            )
        ],
        letters=[
            LetterRecord(
                letter_id=f"{case_id}:2",
                case_id=case_id,
                language="fr",
                outcome="approved",
                html=f"<p>Madame {NAME}, versement sur {IBAN}</p>",
                created_at=T0,
            )
        ],
    )


async def test_personal_data_is_sealed_at_rest_and_opened_for_readers(store: CaseStore) -> None:
    case_id = f"minimum_income-{uuid.uuid4().hex}"
    await store.apply(_batch(case_id))
    accounts = AccountStore(store.engines)
    await accounts.add_note(case_id, "alice", f"called {NAME} at {EMAIL}", T0)

    dumped = b"".join((await table_bytes(store)).values())
    assert case_id.encode() in dumped, "positive control: the rows are there"
    assert find(SECRETS, dumped) == []

    row = await store.get_case(case_id)
    assert row is not None and row.form["iban"] == IBAN and row.amount == "612.50"
    assert any(r.form.get("email") == EMAIL for r in await store.list_cases(limit=500))
    task = await store.get_task(f"{case_id}:1")
    assert task is not None and NAME in task.summary
    assert any(NAME in t.summary for t in await store.list_tasks(status="done", limit=500)), (
        "the queue opens summaries too"
    )
    letter = await store.get_letter(f"{case_id}:2")
    assert letter is not None and IBAN in letter.html
    assert [n.text for n in await accounts.notes_for_case(case_id)] == [f"called {NAME} at {EMAIL}"]


async def test_a_sealed_value_does_not_open_in_another_case(store: CaseStore) -> None:
    first, second = (f"minimum_income-{uuid.uuid4().hex}" for _ in range(2))
    await store.apply(_batch(first))
    await store.apply(_batch(second))
    async with store.engines.write.begin() as conn:
        sealed = await conn.scalar(
            sa.select(cases_table.c.form).where(cases_table.c.case_id == first)
        )
        await conn.execute(
            sa.update(cases_table).where(cases_table.c.case_id == second).values(form=sealed)
        )
    try:
        with pytest.raises(PayloadDecryptionError):
            await store.get_case(second)
        # Listing leaves the damaged row out when asked to, and names it.
        unreadable: list[str] = []
        listed = await store.list_cases(limit=500, unreadable=unreadable)
        assert unreadable == [second]
        assert first in {case.case_id for case in listed}
        with pytest.raises(PayloadDecryptionError):
            await store.list_cases(limit=500)
    finally:
        # The damaged row must not outlive the test: the session's store is shared.
        async with store.engines.write.begin() as conn:
            await conn.execute(sa.delete(cases_table).where(cases_table.c.case_id == second))


async def test_purge_keeps_the_record_and_no_write_brings_personal_data_back(
    store: CaseStore,
) -> None:
    case_id = f"minimum_income-{uuid.uuid4().hex}"
    await store.apply(_batch(case_id))
    await store.record_fingerprints(case_id, "minimum_income", {"iban": "ab" * 32}, T0)
    accounts = AccountStore(store.engines)
    await accounts.add_note(case_id, "alice", f"called {NAME}", T0)
    await accounts.add_resume_code(
        f"code-{uuid.uuid4().hex}", case_id, T0, T0 + dt.timedelta(days=1)
    )
    before = await store.get_case(case_id)
    assert before is not None

    at = T0 + dt.timedelta(days=3650)
    purged = await store.purge_case(case_id, at)
    assert purged.key_destroyed and purged.tasks == 1 and purged.letters == 1
    assert purged.deleted == 3  # the fingerprint, the note and the resume code

    row = await store.get_case(case_id)
    assert row is not None and row.status == "purged" and row.form == {}
    assert row.purged_at == at
    kept = ("procedure", "outcome", "amount", "decided_by", "created_at", "submitted_at")
    assert {k: getattr(row, k) for k in kept} == {k: getattr(before, k) for k in kept}
    assert row.decided_at == before.decided_at
    task = await store.get_task(f"{case_id}:1")
    assert task is not None and task.summary == "" and task.status is TaskStatus.DONE
    letter = await store.get_letter(f"{case_id}:2")
    assert letter is not None and letter.html == "" and letter.outcome == "approved"
    assert await accounts.notes_for_case(case_id) == []
    assert await store.find_duplicates("other", {"iban": "ab" * 32}) == []

    # Purging again changes nothing; the purge date stays the first one.
    again = await store.purge_case(case_id, at + dt.timedelta(days=1))
    assert not again.key_destroyed and again.tasks == 0 and again.letters == 0
    assert (await store.get_case(case_id)).purged_at == at  # type: ignore[union-attr]

    # A late (retried) write with personal data stores none and creates no key.
    late = _batch(case_id, version=99)
    late.letters[0].letter_id = f"{case_id}:3"
    result = await store.apply(late)
    assert result.letters == 0
    assert await store.get_letter(f"{case_id}:3") is None
    after = await store.get_case(case_id)
    assert after is not None and after.form == {} and after.status == "purged"
    assert (await store.get_task(f"{case_id}:1")).summary == ""  # type: ignore[union-attr]
    with pytest.raises(CaseDataPurged):
        await accounts.add_note(case_id, "alice", f"called {NAME} again", T0)
    async with store.engines.read.connect() as conn:
        key = (
            await conn.execute(
                sa.select(case_keys_table).where(case_keys_table.c.case_id == case_id)
            )
        ).one()
        codes = await conn.scalar(
            sa.select(sa.func.count()).where(resume_codes_table.c.case_id == case_id)
        )
    assert key.wrapped_key is None and key.destroyed_at == at and codes == 0
    dumped = b"".join((await table_bytes(store)).values())
    assert find(SECRETS, dumped) == []


async def test_rows_written_before_sealing_are_still_read(store: CaseStore) -> None:
    case_id = f"minimum_income-{uuid.uuid4().hex}"
    marker = f"Legacy {uuid.uuid4().hex}"
    row = _case(case_id, 1, {"applicant_name": marker}).model_dump(exclude={"purged_at"})
    async with store.engines.write.begin() as conn:
        await conn.execute(sa.insert(cases_table).values(**row))
    read = await store.get_case(case_id)
    assert read is not None and read.form == {"applicant_name": marker}
    # Negative control of the search the privacy tests rely on: a value in clear is found.
    assert find([marker], b"".join((await table_bytes(store)).values()))


@pytest.mark.parametrize("prefix", [b"", b"x", b"xy"])
def test_the_search_finds_base64_at_every_alignment(prefix: bytes) -> None:
    import base64

    stored = base64.b64encode(prefix + f"<p>{NAME}</p>".encode() + b"tail")
    assert find([NAME], stored) and find([NAME], base64.urlsafe_b64encode(prefix + NAME.encode()))
    assert not find([NAME], base64.b64encode(prefix + b"nothing personal here at all"))


def test_a_wrapped_case_key_opens_only_for_its_case_and_with_a_known_key() -> None:
    from guichet.crypto import (
        EncryptionKey,
        KeySet,
        generate_data_key,
        unwrap_data_key,
        wrap_data_key,
    )

    old = KeySet((EncryptionKey.generate("old"),))
    data_key = generate_data_key()
    key_id, wrapped = wrap_data_key(old, "case-a", data_key)
    assert key_id == "old" and data_key not in wrapped
    rotated = KeySet((EncryptionKey.generate("new"), *old.keys))
    assert unwrap_data_key(rotated, "case-a", key_id, wrapped) == data_key
    with pytest.raises(PayloadDecryptionError, match="authentication"):
        unwrap_data_key(old, "case-b", key_id, wrapped)
    with pytest.raises(PayloadDecryptionError, match="unknown key id"):
        unwrap_data_key(KeySet((EncryptionKey.generate("other"),)), "case-a", key_id, wrapped)


async def test_rewrap_moves_case_keys_to_the_newest_key(tmp_path: Path) -> None:
    from guichet.crypto import EncryptionKey, KeySet

    old = KeySet((EncryptionKey.generate("old"),))
    url = f"sqlite+aiosqlite:///{tmp_path / 'cases.db'}"
    before = await CaseStore.create(url, keys=old)
    await before.migrate()
    case_id = f"minimum_income-{uuid.uuid4().hex}"
    await before.apply(_batch(case_id))
    await before.close()

    rotated = KeySet((EncryptionKey.generate("new"), *old.keys))
    during = await CaseStore.create(url, keys=rotated)
    assert await during.case_keys.rewrap() == 1
    assert await during.case_keys.rewrap() == 0
    await during.close()

    after = await CaseStore.create(url, keys=KeySet((rotated.current,)))  # "old" dropped
    try:
        row = await after.get_case(case_id)
        assert row is not None and row.form["applicant_name"] == NAME
    finally:
        await after.close()
