"""Caseworker accounts: ``users add``, ``users list`` and ``users deactivate``."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from rich.table import Table

from guichet.accounts import AccountError, AccountService
from guichet.config import get_settings
from guichet.store import AccountStore, open_store
from runtime.deactivation import deactivate_and_release
from runtime.process import Runtime
from schemas.account import Role
from tools.cli._common import case_service, console, with_runtime

T = TypeVar("T")


def _with_accounts(body: Callable[[AccountService], Awaitable[T]]) -> T:
    """Open only the case database (no Temporal needed) and run ``body``."""
    settings = get_settings()

    async def main() -> T:
        store = await open_store(settings.resolved_database_url)
        try:
            return await body(AccountService(AccountStore(store.engines)))
        finally:
            await store.close()

    try:
        return asyncio.run(main())
    except AccountError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None


def users_add(
    name: Annotated[str, typer.Argument(help="The username")],
    password: Annotated[str, typer.Option("--password", help="At least 8 characters")],
    group: Annotated[
        list[str] | None, typer.Option("--group", help="A group (procedure id); repeatable")
    ] = None,
    role: Annotated[
        Role, typer.Option("--role", help="caseworker, supervisor, auditor or operator")
    ] = (Role.CASEWORKER),
    email: Annotated[
        str | None, typer.Option("--email", help="Where deadline reminders go")
    ] = None,
) -> None:
    """Add an account."""

    async def body(accounts: AccountService) -> None:
        user = await accounts.add_user(name, password, group or [], role, email)
        console.print(f"added {user.username} ({user.role.value}; {', '.join(user.groups)})")

    _with_accounts(body)


def users_list() -> None:
    """List accounts."""

    async def body(accounts: AccountService) -> None:
        table = Table(title="Accounts")
        for column in ("user", "role", "groups", "active", "created"):
            table.add_column(column)
        for user in await accounts.list_users():
            table.add_row(
                user.username,
                user.role.value,
                ", ".join(user.groups),
                "yes" if user.active else "no",
                user.created_at.isoformat(timespec="seconds"),
            )
        console.print(table)

    _with_accounts(body)


def users_deactivate(name: Annotated[str, typer.Argument(help="The username")]) -> None:
    """Deactivate an account, end its sessions and return its claims to their groups."""

    async def body(runtime: Runtime) -> None:
        accounts = AccountService(AccountStore(runtime.store.engines))
        try:
            done = await deactivate_and_release(
                accounts, runtime.store, case_service(runtime), name
            )
        except AccountError as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(1) from None
        released = ", ".join(done.released) or "none"
        console.print(f"deactivated {name}; claims returned to their groups: {released}")

    with_runtime(body, worker=False)


app = typer.Typer(help="Manage caseworker accounts (local, argon2-hashed passwords).")
app.command("add")(users_add)
app.command("list")(users_list)
app.command("deactivate")(users_deactivate)
