"""Guichet's command line, its entry point: run it, start and drive cases, sign them off.

With no configuration every command starts (or reuses) the embedded
Temporal server and runs a worker in-process while it works, so each one
works on its own; ``up`` keeps both running until Ctrl-C.

The commands live in :mod:`tools.cli`, one module per subject; this file
builds the app from them. ``up`` stays here because it serves the web app,
and the web layer sits above the tools.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal

import typer
from rich.panel import Panel

from guichet.private import restrict_new_files
from runtime.process import Runtime
from tools.audit.cli import audit_app
from tools.cli import cases, operations, parameters, run, users
from tools.cli._common import case_service, console, warn_stale, with_runtime
from tools.evaluation.cli import eval_command as eval_scripted_command
from tools.evaluation.natural_cli import eval_command


def up() -> None:
    """Start the embedded Temporal server, a worker and the web app; keep them running."""
    from web.server import (
        DEMO_ACCOUNTS,
        build_context,
        metrics_of,
        seed_demo_accounts,
        uvicorn_server,
    )
    from web.telemetry import serve_metrics

    warn_stale()

    async def body(runtime: Runtime) -> None:
        settings = runtime.settings
        context = build_context(case_service(runtime), runtime.store, settings)
        await seed_demo_accounts(context.accounts)
        server = uvicorn_server(context, settings.web_host, settings.web_port)
        loop = asyncio.get_running_loop()
        for stop_signal in (signal.SIGINT, signal.SIGTERM):
            # Stop serving, then let the runtime stop the worker and the server.
            loop.add_signal_handler(stop_signal, setattr, server, "should_exit", True)
        web = asyncio.create_task(server.serve())
        accounts = "\n".join(
            f"  {name:<6} password {password:<16} {role.value:<11} "
            f"{', '.join(groups) or 'all groups'}"
            for name, password, groups, role in DEMO_ACCOUNTS
        )
        console.print(
            Panel(
                f"Web app: {context.public_url}  (caseworkers: {context.public_url}/staff)\n"
                f"API: {context.public_url}/api  (OpenAPI: {context.public_url}/openapi.json)\n"
                f"Demo accounts:\n{accounts}\n\n"
                f"Temporal: {settings.address} (namespace {settings.temporal_namespace})\n"
                f"Case database: {settings.resolved_database_url}\n"
                "Worker: running on task queue "
                f"{settings.task_queue}\n\n"
                "In another terminal:\n"
                "  .venv/bin/python starter.py chat short_time_work --lang de\n"
                "  .venv/bin/python starter.py demo\n"
                "  .venv/bin/python starter.py tasks\n\n"
                "Ctrl-C stops the worker and the server.",
                title="Guichet is running",
            )
        )
        try:
            with (
                serve_metrics(metrics_of(server).registry, settings.web_metrics_address),
                contextlib.suppress(asyncio.CancelledError),
            ):
                await web
        finally:
            server.should_exit = True
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(web, timeout=5)

    try:
        with_runtime(body)
    except KeyboardInterrupt:
        console.print("stopped")


app = typer.Typer(help="Guichet: durable, explainable case processing for public services.")
app.add_typer(audit_app, name="audit")
app.command("eval")(eval_command)
app.command("eval-scripted")(eval_scripted_command)
# Registration order is the order `--help` lists the commands in.
parameters.register(app)
app.command()(up)
run.register(app)
cases.register(app)
operations.register(app)
app.add_typer(users.app, name="users")


if __name__ == "__main__":
    restrict_new_files()  # what the CLI writes in the data directory is the owner's alone
    app()
