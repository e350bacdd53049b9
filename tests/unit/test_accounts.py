"""Accounts (argon2 passwords, sessions, tokens), the outbox and the users CLI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from email import message_from_bytes
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import starter
from guichet.accounts import AccountError, AccountService
from guichet.accounts.passwords import hash_password, verify_password
from guichet.config import get_settings
from guichet.outbox import write_message
from guichet.store import AccountStore, CaseStore
from schemas.account import Role, SessionKind


def test_passwords_are_argon2_hashes() -> None:
    stored = hash_password("s3cret-pass")
    assert stored.startswith("$argon2id$") and "s3cret-pass" not in stored
    assert verify_password(stored, "s3cret-pass")
    assert not verify_password(stored, "wrong")
    assert not verify_password(None, "s3cret-pass")
    assert not verify_password("not a hash", "s3cret-pass")


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


async def test_accounts_sessions_and_codes(store: CaseStore) -> None:
    clock = Clock()
    accounts = AccountService(AccountStore(store.engines), clock=clock)
    user = await accounts.add_user("zoe.k", "long enough", ["short_time_work"])
    assert user.role is Role.CASEWORKER and user.groups == ["short_time_work"]
    for bad in (
        ("Zoe", "long enough", ["g1"]),
        ("zoe2", "short", ["g1"]),
        ("zoe3", "long enough", []),
    ):
        with pytest.raises(AccountError):
            await accounts.add_user(*bad)
    with pytest.raises(AccountError, match="exists"):
        await accounts.add_user("zoe.k", "long enough", ["short_time_work"])
    assert await accounts.authenticate("zoe.k", "long enough") == user
    assert await accounts.authenticate("zoe.k", "wrong") is None

    secret, expires = await accounts.open_session(SessionKind.STAFF, "zoe.k")
    assert await accounts.staff_user(secret, SessionKind.STAFF) == user
    assert await accounts.staff_user(secret, SessionKind.API) is None, "kinds do not mix"
    clock.now = expires
    assert await accounts.staff_user(secret, SessionKind.STAFF) is None, "expired"

    token = await accounts.grant_case_access("case-a")
    assert await accounts.case_of_token(token) == "case-a"
    assert await accounts.case_of_token(token + "x") is None
    code = await accounts.new_resume_code("case-a")
    assert await accounts.use_resume_code(code) == "case-a"
    assert await accounts.use_resume_code(code) is None, "one time only"
    old = await accounts.new_resume_code("case-a")
    clock.now += dt.timedelta(days=15)
    assert await accounts.use_resume_code(old) is None, "expired"

    await accounts.add_note("case-a", "zoe.k", "  first  ")
    with pytest.raises(AccountError):
        await accounts.add_note("case-a", "zoe.k", " ")
    assert [(n.author, n.text) for n in await accounts.notes("case-a")] == [("zoe.k", "first")]

    await accounts.deactivate("zoe.k")
    assert await accounts.authenticate("zoe.k", "long enough") is None
    with pytest.raises(AccountError):
        await accounts.deactivate("nobody-here")


def test_outbox_writes_one_message_per_file(tmp_path: Path) -> None:
    path = write_message(tmp_path / "outbox", "a@example.org", "Ihr Link", "Hallo\nLink: x\n")
    assert path.parent == tmp_path / "outbox" and path.suffix == ".eml"
    assert "example" not in path.name, "no personal data in file names"
    mail = message_from_bytes(path.read_bytes())
    assert (mail["To"], mail["Subject"]) == ("a@example.org", "Ihr Link")
    assert mail.get_payload(decode=True) == b"Hallo\nLink: x\n"
    second = write_message(tmp_path / "outbox", "b@example.org", "s", "b")
    assert second != path and len(list((tmp_path / "outbox").iterdir())) == 2


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Result]]:
    """Run ``starter.py users ...`` in-process against a fresh data dir.

    Each command runs in a thread of its own: the CLI calls ``asyncio.run``,
    which must not replace the event loop of the test session's thread.
    """
    monkeypatch.setenv("GUICHET_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("GUICHET_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    runner = CliRunner()

    def run(*args: str) -> Result:
        with ThreadPoolExecutor(max_workers=1) as pool:
            invoked = pool.submit(
                runner.invoke, starter.app, ["users", *args], env={"COLUMNS": "200"}
            )
            return invoked.result(timeout=120)

    yield run
    get_settings.cache_clear()


def test_users_command_line(cli: Callable[..., Result], tmp_path: Path) -> None:
    added = cli("add", "erin", "--group", "short_time_work", "--group", "minimum_income",
                "--password", "erin-password")  # fmt: skip
    assert added.exit_code == 0, added.output
    boss = cli("add", "boss", "--role", "supervisor", "--password", "boss-password")
    assert boss.exit_code == 0, boss.output
    again = cli("add", "erin", "--group", "short_time_work", "--password", "xxxxxxxx")
    assert again.exit_code == 1 and "exists" in again.output
    assert cli("deactivate", "erin").exit_code == 0
    assert cli("deactivate", "nobody").exit_code == 1
    listed = cli("list")
    assert listed.exit_code == 0
    lines = {line.split()[1]: line for line in listed.output.splitlines() if "│" in line[:3]}
    assert "short_time_work, minimum_income" in lines["erin"] and " no " in lines["erin"]
    assert "supervisor" in lines["boss"] and " yes " in lines["boss"]
    assert (tmp_path / "guichet.db").exists()
