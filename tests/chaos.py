"""``make chaos``: a scratch Guichet attacked the way real faults do, and one table of what held.

Everything runs on loopback, in a scratch directory, within a bound of time:
an embedded Temporal server, one worker process and one web process, each
started here and stopped here by its own process id (never by name). Then,
scenario by scenario, applicants talk to the web app over HTTP while a fault
strikes mid-traffic:

- ``worker killed`` / ``worker killed, no keys``: SIGKILL of the worker, a new
  one 2 s later; messages carry an Idempotency-Key and their turn number, or
  their turn number alone;
- ``server killed``: SIGKILL of the Temporal server, restarted 2 s later on the
  same data;
- ``web killed``: SIGKILL of the web process, restarted;
- ``database locked``: the case database held under an exclusive lock for 3 s;
- ``double claims and decisions``: two caseworkers claim each review task at
  once, then the winner sends two different decisions at once;
- ``key removed, then restored``: the worker is killed and one started
  without its key must refuse to start; the key restored, a worker is
  started, and the recovery time runs from that start to the first answered
  message (cases wait for a worker, they do not back off);
- ``key missing``: a worker started with the wrong key must refuse to start.

Each applicant resends what got no answer (a 503, a dropped connection, a
timeout) with the same key and turn, as docs/api.md says, and starts its case
with a request id. The table counts, per scenario: HTTP requests, turns
acknowledged (a 200 received), turns applied (the case's own count), turns
lost (acknowledged, not applied) and duplicated (applied twice), wrong values
(form fields that differ from a run without faults), orphan cases (started
but held by no applicant), 5xx answers (503 included) and the recovery time
(from the end of the fault to the first answered message).

Run: ``make chaos`` (``python -m tests.chaos``). Not part of ``make test``.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import signal
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from guichet.accounts import AccountService
from guichet.crypto import EncryptionKey, KeySet
from guichet.ports import free_port
from guichet.store import AccountStore, CaseStore
from runtime.devserver import EmbeddedTemporal
from runtime.temporal import connect
from schemas.account import Role
from tools.demo import Script, demo_scripts

ROOT = Path(__file__).resolve().parents[1]
NAMESPACE = "guichet-chaos"
APPLICANTS = 8
"""Applicants talking at once in each scenario."""
SCENARIO_SECONDS = 150.0
"""The bound of one scenario; past it the scenario is reported as unfinished."""
PASSWORD = "chaos-run-password"


def script() -> Script:
    """The applicant every scenario plays (German bakery, approved automatically)."""
    return demo_scripts(dt.date.today())[0]


def review_script() -> Script:
    """A refusal, which always goes to a caseworker (for the double decisions)."""
    return demo_scripts(dt.date.today())[2]


@dataclass
class Row:
    """One scenario's figures."""

    name: str
    requests: int = 0
    acknowledged: int = 0
    applied: int = 0
    lost: int = 0
    duplicates: int = 0
    wrong: int = 0
    orphans: int = 0
    errors_5xx: int = 0
    recovery: float | None = None
    note: str = ""


@dataclass
class Traffic:
    """What the applicants of one scenario saw."""

    requests: int = 0
    errors_5xx: int = 0
    errors_503: int = 0
    acknowledged: int = 0
    answered_at: list[float] = field(default_factory=list)
    cases: dict[str, int] = field(default_factory=dict)
    """Case id → turns the applicant got a 200 for."""


class Instance:
    """The scratch Guichet: server, worker and web, each started and stopped by pid."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.data.mkdir(mode=0o700)
        self.server = EmbeddedTemporal(root / "temporal", port=free_port(), namespace=NAMESPACE)
        self.web_port = free_port()
        self.keys = KeySet((EncryptionKey.generate("chaos-key"),))
        self.worker: asyncio.subprocess.Process | None = None
        self.web: asyncio.subprocess.Process | None = None
        self.started = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def database(self) -> Path:
        return self.data / "guichet.db"

    def env(self, **overrides: str) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith("GUICHET_")}
        base |= {
            "TEMPORAL_ADDRESS": self.server.address,
            "TEMPORAL_NAMESPACE": NAMESPACE,
            "GUICHET_DATA_DIR": str(self.data),
            "GUICHET_ENCRYPTION_KEYS": self.keys.serialize().strip(),
            "GUICHET_MODEL_BACKEND": "none",
            "GUICHET_ACTIVITY_START_TO_CLOSE_SECONDS": "3",
            "GUICHET_REQUEST_WAIT_SECONDS": "5",
            "GUICHET_WEB_HOST": "127.0.0.1",
            "GUICHET_WEB_PORT": str(self.web_port),
            "GUICHET_RATE_LIMIT_START_CASE": "",
            "GUICHET_RATE_LIMIT_MESSAGE": "",
            "GUICHET_RATE_LIMIT_SIGN_IN": "",
            "GUICHET_LOG_LEVEL": "WARNING",
            "GUICHET_IDEMPOTENCY_SECRET": "chaos-idempotency-secret",
        }
        return base | overrides

    async def _spawn(
        self, name: str, *args: str, without: Collection[str] = (), **env: str
    ) -> asyncio.subprocess.Process:
        self.started += 1
        log = (self.root / f"{name}-{self.started}.log").open("wb")
        variables = {k: v for k, v in self.env(**env).items() if k not in without}
        try:
            return await asyncio.create_subprocess_exec(
                sys.executable, *args, cwd=ROOT, env=variables, stdout=log, stderr=log
            )
        finally:
            log.close()

    async def start_worker(self) -> None:
        self.worker = await self._spawn("worker", "worker.py")

    async def start_web(self) -> None:
        self.web = await self._spawn("web", "-m", "web")
        await self.wait_for_web()

    async def wait_for_web(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(timeout=2.0) as http:
            while time.monotonic() < deadline:
                with contextlib.suppress(httpx.HTTPError):
                    if (await http.get(f"{self.url}/api/procedures")).status_code == 200:
                        return
                await asyncio.sleep(0.2)
        raise TimeoutError("the web process did not answer")

    @staticmethod
    async def kill(process: asyncio.subprocess.Process | None) -> None:
        """SIGKILL one process we started, by its pid, and reap it."""
        if process is None or process.returncode is not None:
            return
        os.kill(process.pid, signal.SIGKILL)
        await process.wait()

    @staticmethod
    async def stop(process: asyncio.subprocess.Process | None) -> None:
        """SIGTERM one process we started, by its pid; SIGKILL if it lingers."""
        if process is None or process.returncode is not None:
            return
        os.kill(process.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 15)
        except TimeoutError:
            await Instance.kill(process)

    def kill_server(self) -> None:
        """SIGKILL the Temporal server's process group (we started it: its pid is the group)."""
        process = self.server.process
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
        self.server.process = None

    async def open(self) -> None:
        await self.server.start()
        store = await CaseStore.create(f"sqlite+aiosqlite:///{self.database}", keys=self.keys)
        await store.migrate()
        accounts = AccountService(AccountStore(store.engines))
        for name in ("alice", "bob"):
            await accounts.ensure_user(name, PASSWORD, ("short_time_work",), Role.CASEWORKER)
        await store.close()
        await self.start_worker()
        await self.start_web()

    async def close(self) -> None:
        await self.stop(self.web)
        await self.stop(self.worker)
        self.server.stop()


# -- an applicant --------------------------------------------------------------


async def post(
    http: httpx.AsyncClient,
    traffic: Traffic,
    url: str,
    deadline: float,
    **kwargs: Any,
) -> httpx.Response:
    """POST until an answer that is not "try again" (503, 409 busy, no connection)."""
    while True:
        traffic.requests += 1
        try:
            response = await http.post(url, **kwargs)
        except httpx.HTTPError:
            response = None
        if response is not None:
            if response.status_code >= 500:
                traffic.errors_5xx += 1
                traffic.errors_503 += response.status_code == 503
            code = (
                response.json().get("error", {}).get("code")
                if response.status_code >= 400
                else None
            )
            if response.status_code < 500 and code not in ("turn_in_progress", "case_busy"):
                return response
        if time.monotonic() > deadline:
            raise TimeoutError(f"no answer from {url}")
        retry = response.headers.get("Retry-After") if response is not None else None
        # An impatient client (the API allows it): at most 1 s between tries.
        await asyncio.sleep(min(float(retry or 0.3), 1.0))


async def applicant(
    http: httpx.AsyncClient, traffic: Traffic, keyed: bool, deadline: float, played: Script
) -> str:
    """One applicant: start with a request id, answer every question, resend what got no answer."""
    started = await post(
        http,
        traffic,
        "/api/cases",
        deadline,
        json={
            "procedure": "short_time_work",
            "language": played.language,
            "request_id": str(uuid.uuid4()),
        },
    )
    assert started.status_code == 201, started.text
    body = started.json()
    case_id = str(body["case_id"])
    HELD.add(case_id)
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    traffic.cases[case_id] = 0
    question, turn = body["question"], body["turn"]
    while question is not None:
        text = played.answer(question["field"])
        sent = {**headers, "Idempotency-Key": f"{case_id[-12:]}-{turn}"} if keyed else headers
        answer = await post(
            http,
            traffic,
            f"/api/cases/{case_id}/messages",
            deadline,
            json={"text": text, "turn": turn},
            headers=sent,
        )
        if answer.status_code == 409 and answer.json()["error"]["code"] == "stale_turn":
            # Applied, its answer lost and the case moved on: carry on from where it is.
            question, turn = answer.json()["question"], answer.json()["turn"]
            continue
        assert answer.status_code == 200, answer.text
        traffic.acknowledged += 1
        traffic.cases[case_id] += 1
        traffic.answered_at.append(time.monotonic())
        question, turn = answer.json()["question"], answer.json()["turn"]
    return case_id


async def final_form(http: httpx.AsyncClient, case_id: str, deadline: float) -> dict[str, Any]:
    """The case once its intake is over (its status moved on), read by a caseworker."""
    while True:
        with contextlib.suppress(httpx.HTTPError):
            response = await http.get(f"/api/cases/{case_id}")
            if response.status_code == 200 and response.json()["status"] != "intake":
                return dict(response.json())
        if time.monotonic() > deadline:
            return {}
        await asyncio.sleep(0.3)


# -- scenarios -------------------------------------------------------------------


Fault = Callable[[Instance], Awaitable[str | None]]
"""Strikes, and says what the table should note about it (or nothing)."""


async def kill_worker(instance: Instance) -> None:
    await instance.kill(instance.worker)
    await asyncio.sleep(2)
    await instance.start_worker()


async def kill_server(instance: Instance) -> None:
    instance.kill_server()
    await asyncio.sleep(2)
    await instance.server.start()


async def kill_web(instance: Instance) -> None:
    await instance.kill(instance.web)
    await asyncio.sleep(1)
    await instance.start_web()


async def remove_and_restore_key(instance: Instance) -> str:
    """The worker loses its key: one started without it refuses; the key is restored."""
    await instance.kill(instance.worker)
    keyless = await instance._spawn(
        "worker-no-key", "worker.py", without=("GUICHET_ENCRYPTION_KEYS",)
    )
    log = instance.root / f"worker-no-key-{instance.started}.log"
    try:
        code = await asyncio.wait_for(keyless.wait(), 60)
    except TimeoutError:
        await instance.kill(keyless)
        await instance.start_worker()
        return "STARTED without its key"
    refused = code != 0 and "KeyConfigurationError" in log.read_text()
    await instance.start_worker()  # the key restored: recovery is timed from here
    return (
        f"keyless worker refused to start (exit {code}); recovery from the restored worker's start"
        if refused
        else f"keyless worker exited {code} without naming the key"
    )


async def lock_database(instance: Instance) -> None:
    def hold() -> None:
        connection = sqlite3.connect(instance.database, timeout=10)
        try:
            connection.execute("BEGIN EXCLUSIVE")
            time.sleep(3)
        finally:
            connection.rollback()
            connection.close()

    await asyncio.to_thread(hold)


@dataclass
class Reference:
    """What a case of the script holds after a run without faults."""

    form: dict[str, Any] = field(default_factory=dict)
    turns: int = 0
    first_turn: int = 0


async def case_token(instance: Instance, http: httpx.AsyncClient) -> dict[str, str]:
    """A caseworker's bearer header (to read any case of the group)."""
    response = await http.post("/api/auth/token", json={"username": "alice", "password": PASSWORD})
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def run_traffic(
    instance: Instance, name: str, fault: Fault | None, keyed: bool, reference: Reference
) -> Row:
    """Applicants talk while ``fault`` strikes 1 s in; count what held."""
    traffic = Traffic()
    deadline = time.monotonic() + SCENARIO_SECONDS
    row = Row(name)
    async with httpx.AsyncClient(base_url=instance.url, timeout=10.0) as http:
        talks = [
            asyncio.create_task(applicant(http, traffic, keyed, deadline, script()))
            for _ in range(APPLICANTS)
        ]
        fault_end: float | None = None
        said: str | None = None
        if fault is not None:
            await asyncio.sleep(1.0)
            said = await fault(instance)
            fault_end = time.monotonic()
        results = await asyncio.gather(*talks, return_exceptions=True)
        failures = [r for r in results if isinstance(r, BaseException)]
        staff = await case_token(instance, http)
        http.headers.update(staff)
        finals = {case_id: await final_form(http, case_id, deadline) for case_id in traffic.cases}
    row.requests, row.errors_5xx, row.acknowledged = (
        traffic.requests,
        traffic.errors_5xx,
        traffic.acknowledged,
    )
    for case_id, acked in traffic.cases.items():
        final = finals.get(case_id) or {}
        applied = int(final.get("turn", 0)) - reference.first_turn if final else 0
        row.applied += applied
        row.lost += max(0, acked - applied)
        row.duplicates += max(0, applied - reference.turns)
        form = final.get("form", {})
        row.wrong += sum(1 for k, v in reference.form.items() if form.get(k) != v)
        row.wrong += sum(1 for k in form if k not in reference.form)
    if traffic.errors_5xx:
        others = traffic.errors_5xx - traffic.errors_503
        row.note = "all 503 with Retry-After" if not others else f"{others} 5xx other than 503"
    if failures:
        row.note = f"{len(failures)} applicant(s) unfinished: {type(failures[0]).__name__}"
    if said:
        row.note = f"{said}; {row.note}" if row.note else said
        row.wrong += said.startswith(("STARTED", "keyless worker exited"))
    if fault_end is not None:
        after = [t for t in traffic.answered_at if t >= fault_end]
        row.recovery = (min(after) - fault_end) if after else None
    return row


async def measure_reference(instance: Instance) -> Reference:
    """One applicant, no fault: the form and turn count every other case must match."""
    reference = Reference()
    traffic = Traffic()
    deadline = time.monotonic() + 60
    async with httpx.AsyncClient(base_url=instance.url, timeout=10.0) as http:
        case_id = await applicant(http, traffic, True, deadline, script())
        http.headers.update(await case_token(instance, http))
        final = await final_form(http, case_id, deadline)
    reference.form = final["form"]
    reference.turns = traffic.cases[case_id]
    reference.first_turn = int(final["turn"]) - reference.turns
    return reference


async def double_decisions(instance: Instance) -> Row:
    """Two claims at once on each review task, then two different decisions at once."""
    row = Row("double claims and decisions")
    traffic = Traffic()
    deadline = time.monotonic() + SCENARIO_SECONDS
    async with httpx.AsyncClient(base_url=instance.url, timeout=10.0) as http:
        case_ids = await asyncio.gather(
            *(applicant(http, traffic, True, deadline, review_script()) for _ in range(4))
        )
        alice = await case_token(instance, http)
        http.headers.update(alice)  # the cases are read as a caseworker of their group
        bob_token = await http.post(
            "/api/auth/token", json={"username": "bob", "password": PASSWORD}
        )
        bob = {"Authorization": f"Bearer {bob_token.json()['access_token']}"}
        winners = 0
        for case_id in case_ids:
            task_id = None
            while task_id is None and time.monotonic() < deadline:
                tasks = (await http.get("/api/tasks?status=open", headers=alice)).json()
                task_id = next((t["task_id"] for t in tasks if t["case_id"] == case_id), None)
                await asyncio.sleep(0.2)
            assert task_id is not None, f"no review task for {case_id}"
            url = f"/api/tasks/{task_id}"
            claims = await asyncio.gather(
                http.post(f"{url}/claim", headers=alice), http.post(f"{url}/claim", headers=bob)
            )
            traffic.requests += 2
            won = [c for c in claims if c.status_code == 200]
            winners += len(won)
            holder = alice if claims[0].status_code == 200 else bob
            decisions = await asyncio.gather(
                http.post(
                    f"{url}/decision",
                    json={"outcome": "reject", "reason": "Trop peu de salariés."},
                    headers=holder,
                ),
                http.post(f"{url}/decision", json={"outcome": "approve"}, headers=holder),
            )
            traffic.requests += 2
            statuses = sorted(d.status_code for d in decisions)
            traffic.errors_5xx += sum(1 for s in statuses if s >= 500)
            row.acknowledged += statuses.count(200)
            if statuses != [200, 409]:
                row.wrong += 1
            final = await final_form(http, case_id, deadline)
            while final.get("status") not in ("decided", "closed") and time.monotonic() < deadline:
                await asyncio.sleep(0.3)
                final = await final_form(http, case_id, deadline)
            decided = [e for e in final.get("timeline", []) if e["kind"] == "decided"]
            row.applied += len(decided)
            row.duplicates += max(0, len(decided) - 1)
            row.duplicates += max(0, len(won) - 1)
    row.requests += traffic.requests
    row.errors_5xx += traffic.errors_5xx
    row.note = (
        f"{winners} claim winner(s) for {len(case_ids)} tasks; acknowledged/applied = decisions"
    )
    return row


async def missing_key(instance: Instance) -> Row:
    """A worker started with a key that does not open the case database refuses to start."""
    row = Row("key missing")
    wrong = KeySet((EncryptionKey.generate("not-the-key"),)).serialize().strip()
    began = time.monotonic()
    process = await instance._spawn("worker-wrong-key", "worker.py", GUICHET_ENCRYPTION_KEYS=wrong)
    try:
        code = await asyncio.wait_for(process.wait(), 60)
    except TimeoutError:
        await instance.kill(process)
        row.note = "STARTED with a wrong key"
        row.wrong = 1
        return row
    row.recovery = time.monotonic() - began
    log = (instance.root / f"worker-wrong-key-{instance.started}.log").read_text()
    named = "chaos-key" in log
    row.note = f"refused to start (exit {code}){', naming the missing key id' if named else ''}"
    if code == 0 or not named:
        row.wrong = 1
    return row


async def case_workflows(instance: Instance) -> set[str]:
    """Every case workflow the server knows."""
    client = await connect(instance.server.address, NAMESPACE, instance.keys)
    return {e.id async for e in client.list_workflows("WorkflowType = 'Case'")}


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    head = (
        "| scenario | requests | turns acknowledged | turns applied | lost | duplicated "
        "| wrong values | orphan cases | 5xx | recovery | note |"
    )
    lines = [head, "|" + "---|" * 11]
    for r in rows:
        recovery = f"{r.recovery:.1f} s" if r.recovery is not None else "–"
        lines.append(
            f"| {r.name} | {r.requests} | {r.acknowledged} | {r.applied} | {r.lost} "
            f"| {r.duplicates} | {r.wrong} | {r.orphans} | {r.errors_5xx} | {recovery} | {r.note} |"
        )
    return "\n".join(lines)


@contextlib.asynccontextmanager
async def scratch_instance() -> AsyncIterator[Instance]:
    with tempfile.TemporaryDirectory(prefix="guichet-chaos-") as scratch:
        instance = Instance(Path(scratch))
        try:
            await instance.open()
            yield instance
        finally:
            await instance.close()


async def main() -> list[Row]:
    """Run every scenario on one scratch instance; print and return the table."""
    rows: list[Row] = []
    async with scratch_instance() as instance:
        reference = await measure_reference(instance)
        seen = await case_workflows(instance)
        scenarios: list[tuple[str, Fault | None, bool]] = [
            ("no fault", None, True),
            ("worker killed", kill_worker, True),
            ("worker killed, no keys", kill_worker, False),
            ("server killed", kill_server, True),
            ("web killed", kill_web, True),
            ("web killed, no keys", kill_web, False),
            ("database locked", lock_database, True),
            ("key removed, then restored", remove_and_restore_key, True),
        ]
        for name, fault, keyed in scenarios:
            print(f"... {name}", file=sys.stderr, flush=True)
            try:
                row = await run_traffic(instance, name, fault, keyed, reference)
            except Exception as error:  # one scenario failing must not hide the others
                row = Row(name, note=f"FAILED: {type(error).__name__}: {error}")
            print(table([row]).splitlines()[-1], file=sys.stderr, flush=True)
            known = await case_workflows(instance)
            # Orphans: cases started during the scenario that no applicant holds.
            row.orphans = len(known - seen - HELD)
            seen |= known
            rows.append(row)
        for name, special in (
            ("double claims and decisions", double_decisions),
            ("key missing", missing_key),
        ):
            print(f"... {name}", file=sys.stderr, flush=True)
            try:
                row = await special(instance)
            except Exception as error:
                row = Row(name, note=f"FAILED: {type(error).__name__}: {error}")
            print(table([row]).splitlines()[-1], file=sys.stderr, flush=True)
            rows.append(row)
    print(table(rows))
    return rows


HELD: set[str] = set()
"""Every case an applicant of this run holds a token for (filled as they start)."""


if __name__ == "__main__":
    asyncio.run(main())
