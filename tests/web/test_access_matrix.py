"""Access control, route by route and actor by actor (the rules of web/access.py).

The table lists every route of the app; a route that is not in it fails
:func:`test_every_route_is_in_the_table`, so a new endpoint or page cannot
ship without saying who may use it. :func:`test_access_matrix` then calls
each route as each kind of actor and checks the status, and that each
refusal was logged (without personal data) and counted.

Rows run in table order and actors in :data:`ACTORS` order, on one case
under review: reads and refusals first, the allowed mutations in an order
whose outcome is known (alice claims, releases; the supervisor reassigns to
bob...), and the withdrawals and sign-out last.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi.routing import iter_route_contexts
from structlog.testing import capture_logs

from guichet import metrics
from guichet.accounts import AccountService
from guichet.store import CaseStore
from runtime.service import CaseService
from schemas.account import Role, SessionKind, User
from tests.web.conftest import PASSWORD, case_under_review
from web import access
from web.app import create_app
from web.context import WebContext
from web.hardening import WebLimits
from web.security import APPLICANT_COOKIE, CSRF_COOKIE, CSRF_HEADER, STAFF_COOKIE

ACTORS = (
    "anonymous",
    "other_applicant",
    "own_applicant",
    "caseworker_other_group",
    "auditor",
    "operator",
    "caseworker_group",
    "supervisor",
)
STAFF_OF = {
    "caseworker_other_group": "mia",
    "auditor": "aud",
    "operator": "ops",
    "caseworker_group": "alice",
    "supervisor": "sup",
}
CSRF = "c" * 43
TURN_KEY = "0" * 32

OK = "ok"
"""Allowed: any status but a refusal (401, 403, 404) or a server error."""
LOGIN = "login"
"""A staff page without a staff session: 303 to the sign-in page (a logged refusal)."""
NOT_CALLED = "not called"
"""Not sent in this test (the row says why); the refusals of the row still are."""
HOME = "home"
"""An applicant page without an applicant session: 303 to the start page."""

Expect = int | str | tuple[int, str]
"""A status, OK/LOGIN/HOME, or ``(status, error code)`` (a 404 that is no refusal)."""


def every(expect: Expect) -> dict[str, Expect]:
    return dict.fromkeys(ACTORS, expect)


def case_api(own: Expect, staff_reader: Expect) -> dict[str, Expect]:
    """A case route of the API: its applicant and staff who see its group."""
    return {
        "anonymous": 401,
        "other_applicant": 404,
        "own_applicant": own,
        "caseworker_other_group": 404,
        "auditor": staff_reader,
        "operator": 404,
        "caseworker_group": staff_reader,
        "supervisor": staff_reader,
    }


def applicant_api(own: Expect) -> dict[str, Expect]:
    """An applicant action of the API: staff who see the case get 403, others 404."""
    return case_api(own, 403)


def task_api(group: Expect, supervisor: Expect, auditor: Expect = 403) -> dict[str, Expect]:
    """A task action of the API."""
    return {
        "anonymous": 401,
        "other_applicant": 401,
        "own_applicant": 401,
        "caseworker_other_group": 404,
        "auditor": auditor,
        "operator": 404,
        "caseworker_group": group,
        "supervisor": supervisor,
    }


def codec() -> dict[str, Expect]:
    return {
        "anonymous": 401,
        "other_applicant": 401,
        "own_applicant": 401,
        "caseworker_other_group": 403,
        "auditor": 403,
        "operator": 200,
        "caseworker_group": 403,
        "supervisor": 403,
    }


def applicant_page(applicant: Expect, own: Expect | None = None) -> dict[str, Expect]:
    """A page of the applicant's own case (bound by cookie; staff have none)."""
    return {
        **every(HOME),
        "other_applicant": applicant,
        "own_applicant": applicant if own is None else own,
    }


def staff_page(
    reader: Expect, actor: Expect | None = None, other: Expect = 404, operator: Expect = 404
) -> dict[str, Expect]:
    """A staff page about the case's task: readers see it, actors act on it."""
    acting = reader if actor is None else actor
    return {
        "anonymous": LOGIN,
        "other_applicant": LOGIN,
        "own_applicant": LOGIN,
        "caseworker_other_group": other,
        "auditor": reader if actor is None else 403,
        "operator": operator,
        "caseworker_group": acting,
        "supervisor": acting,
    }


@dataclass
class Row:
    method: str
    path: str
    expect: dict[str, Expect]
    json: dict[str, Any] | None = None
    data: dict[str, str] | None = None
    url: str | None = None
    """The address called, when it differs from ``path`` (a query, a static file)."""
    public: bool = False
    """No access check: a refusal-looking status here is not a logged denial."""
    overrides: dict[str, Expect] = field(default_factory=dict)

    def expected(self, actor: str) -> Expect:
        return self.overrides.get(actor, self.expect[actor])


BAD_OUTCOME = {"outcome": "no-such-outcome"}
TABLE: tuple[Row, ...] = (
    # -- public ---------------------------------------------------------------
    Row("GET", "/openapi.json", every(200), public=True),
    Row("GET", "/api/docs", every(200), public=True),
    Row("GET", "/docs/oauth2-redirect", every(200), public=True),
    Row("GET", "/api/procedures", every(200), public=True),
    Row("POST", "/api/cases", every(422), json={"procedure": "nope"}, public=True),
    Row(
        "POST",
        "/api/auth/token",
        every(401),
        json={"username": "nobody", "password": "wrong-pass"},
        public=True,
    ),
    Row("GET", "/static", every(200), url="/static/app.css", public=True),
    Row("GET", "/healthz", every(200), public=True),
    # -- the case, API ---------------------------------------------------------
    Row("GET", "/api/cases/{case_id}", case_api(200, 200)),
    Row("GET", "/api/cases/{case_id}/audit", case_api(200, 200)),
    Row(
        "GET",
        "/api/cases/{case_id}/letter",
        case_api((404, "no_letter"), (404, "no_letter")),
    ),
    Row("GET", "/api/cases/{case_id}/messages", case_api(200, 200)),
    Row("POST", "/api/cases/{case_id}/messages", applicant_api(OK), json={"text": "hello"}),
    Row("POST", "/api/cases/{case_id}/appeal", applicant_api(OK), json={"text": "I object"}),
    Row("POST", "/api/cases/{case_id}/satisfaction", applicant_api(OK), json={"score": 9}),
    Row(
        "POST", "/api/cases/{case_id}/contact", applicant_api(OK), json={"email": "not-an-address"}
    ),
    # No file part: the case's applicant gets 422; the access check comes first.
    Row("POST", "/api/cases/{case_id}/documents", applicant_api(OK), data={"note": "none"}),
    # -- tasks, API ------------------------------------------------------------
    Row(
        "GET",
        "/api/tasks",
        task_api(200, 200, auditor=200),
        overrides={"operator": 200, "caseworker_other_group": 200},
    ),
    Row("POST", "/api/tasks/{task_id}/claim", task_api(200, OK)),
    Row("POST", "/api/tasks/{task_id}/release", task_api(200, OK)),
    Row("POST", "/api/tasks/{task_id}/decision", task_api(OK, OK), json=BAD_OUTCOME),
    Row(
        "POST",
        "/api/tasks/{task_id}/corrections",
        task_api(OK, OK),
        json={"field": "no_such_field", "value": "1", "reason": "checked"},
    ),
    Row("POST", "/api/tasks/{task_id}/reassign", task_api(403, 200), json={"to": "bob"}),
    Row(
        "GET",
        "/api/statistics",
        {**task_api(403, 200, auditor=200), "caseworker_other_group": 403, "operator": 403},
    ),
    Row(
        "GET",
        "/api/supervision/stuck",
        {**task_api(403, 200, auditor=200), "caseworker_other_group": 403, "operator": 403},
    ),
    # -- codec -----------------------------------------------------------------
    Row("POST", "/codec/decode", codec(), json={"payloads": []}),
    Row("POST", "/codec/encode", codec(), json={"payloads": []}),
    # -- applicant pages ---------------------------------------------------------
    Row("GET", "/", every(200), public=True),
    Row(
        "POST",
        "/start",
        every(422),
        data={"procedure": "nope", "language": "en"},
        public=True,
    ),
    Row("GET", "/chat", applicant_page(200, own=303)),
    Row(
        "POST",
        "/chat/messages",
        applicant_page(303),
        data={"text": "hello", "turn_key": TURN_KEY},
    ),
    Row(
        "POST",
        "/chat/edit",
        applicant_page(303),
        data={"field": "reason", "value": "x", "turn_key": TURN_KEY},
    ),
    Row("POST", "/chat/link", applicant_page(OK, own=303)),
    Row("POST", "/chat/documents", applicant_page(OK), data={"turn_key": TURN_KEY}),
    Row("GET", "/continue", every(200), public=True),
    Row(
        "POST",
        "/continue/resend",
        every(200),
        data={"reference": "{case_id}", "email": "nobody@example.org"},
        public=True,
    ),
    Row("GET", "/status", applicant_page(200)),
    Row("POST", "/status/appeal", applicant_page(OK), data={"text": "I object"}),
    Row("POST", "/status/satisfaction", applicant_page(OK), data={"score": "3"}),
    Row("POST", "/status/contact", applicant_page(OK), data={"email": "not-an-address"}),
    Row("GET", "/status/letter", applicant_page(303)),
    # Polled by the status page: without a case of its own, the browser is told to stop.
    Row("GET", "/status/live", {**every(286), "other_applicant": OK, "own_applicant": OK}),
    # -- staff pages -------------------------------------------------------------
    Row("GET", "/staff", every(303), public=True),
    Row("GET", "/staff/login", every(200), public=True),
    Row(
        "POST",
        "/staff/login",
        every(401),
        data={"username": "nobody", "password": "wrong-pass"},
        public=True,
    ),
    Row("GET", "/staff/queue", staff_page(200, other=200, operator=200)),
    Row("GET", "/staff/cases/{case_id}/audit", staff_page(200)),
    Row("GET", "/staff/cases/{case_id}", staff_page(303)),
    # The case has no upload and no letter yet: those who may read it learn so.
    Row(
        "GET",
        "/staff/cases/{case_id}/documents/{field}",
        staff_page((404, "unknown_document")),
        url="/staff/cases/{case_id}/documents/cause",
    ),
    Row(
        "GET",
        "/staff/cases/{case_id}/letters/{seq}",
        staff_page((404, "unknown_letter")),
        url="/staff/cases/{case_id}/letters/1",
    ),
    Row("GET", "/staff/tasks/{task_id}", staff_page(200)),
    Row("POST", "/staff/tasks/{task_id}/claim", staff_page(200, actor=303)),
    Row("POST", "/staff/tasks/{task_id}/release", staff_page(200, actor=303)),
    Row(
        "POST",
        "/staff/tasks/{task_id}/decision",
        # A wrong outcome comes back as the form with a message at the field.
        staff_page(200, actor=422),
        data=BAD_OUTCOME,
    ),
    # No reason: the correction form comes back with its message (nothing is sent).
    Row(
        "POST",
        "/staff/tasks/{task_id}/correct",
        staff_page(200, actor=422),
        data={"field": "headcount", "value": "12", "reason": ""},
    ),
    Row(
        "POST",
        "/staff/tasks/{task_id}/reassign",
        staff_page(200, actor=303),
        data={"to": "bob"},
        overrides={"caseworker_group": 403},
    ),
    Row(
        "POST",
        "/staff/tasks/{task_id}/notes",
        staff_page(200, actor=303),
        data={"text": "checked the payroll"},
    ),
    Row(
        "GET",
        "/staff/supervision",
        staff_page(200, other=403, operator=403),
        overrides={"caseworker_group": 403},
    ),
    Row(
        "GET",
        "/staff/statistics",
        staff_page(200, other=403, operator=403),
        overrides={"caseworker_group": 403},
    ),
    # A release or reassignment naming someone who holds nothing: the page says so.
    Row(
        "POST",
        "/staff/supervision/release",
        staff_page(403, actor=303, other=403, operator=403),
        data={"task_id": "{task_id}", "holder": "nobody"},
        overrides={"caseworker_group": 403},
    ),
    Row(
        "POST",
        "/staff/supervision/reassign",
        staff_page(403, actor=303, other=403, operator=403),
        data={"task_id": "{task_id}", "to": "nobody"},
        overrides={"caseworker_group": 403},
    ),
    # Those who may act would claim the most urgent open task of their groups:
    # in a full test run, other tests' tasks, whose workers are gone (the
    # Update would wait for ever). test_next_case_for_someone_who_may_act
    # covers the allowed path on a group without tasks.
    Row(
        "POST",
        "/staff/next",
        staff_page(NOT_CALLED, actor=NOT_CALLED, other=NOT_CALLED, operator=403),
        overrides={"auditor": 403},
    ),
    # -- last: withdrawals and sign-out change what the rows above rely on ------
    Row("POST", "/api/cases/{case_id}/withdraw", applicant_api(200)),
    # The API row above withdrew the own case already: 409 now.
    Row("POST", "/status/withdraw", applicant_page(303, own=409)),
    Row("POST", "/staff/logout", every(303), public=True),
)


def app_routes(context: WebContext) -> set[tuple[str, str]]:
    """Every (method, path) the app serves (HEAD rides along with GET)."""
    found = set()
    for route in iter_route_contexts(create_app(context).routes):
        methods = (route.methods or {"GET"}) - {"HEAD"}
        found |= {(method, str(route.path)) for method in methods}
    return found


def test_every_route_is_in_the_table(web_context: WebContext) -> None:
    table = {(row.method, row.path) for row in TABLE}
    missing = app_routes(web_context) - table
    assert not missing, f"routes without access rules in the table: {sorted(missing)}"
    assert not table - app_routes(web_context), "the table names routes that do not exist"


@dataclass
class World:
    case_id: str
    task_id: str
    clients: dict[str, httpx.AsyncClient]
    personal: list[str]


def matches(expect: Expect, response: httpx.Response) -> bool:
    status = response.status_code
    if expect == OK:
        return status < 500 and status not in (401, 403, 404)
    if expect in (LOGIN, HOME):
        target = "/staff/login" if expect == LOGIN else "/"
        return status == 303 and response.headers["location"] == target
    if isinstance(expect, tuple):
        if not response.headers.get("content-type", "").startswith("application/json"):
            # A staff page answers with the error page, which says it in words.
            return status == expect[0] and response.headers["content-type"].startswith("text/html")
        return status == expect[0] and response.json()["error"]["code"] == expect[1]
    return status == expect


def refusal(row: Row, expect: Expect) -> bool:
    """Whether the expected answer is an access refusal, to be logged."""
    if row.public:
        return False
    return expect == LOGIN or expect in (401, 403, 404)


async def build_world(
    context: WebContext, service: CaseService, store: CaseStore, accounts: AccountService
) -> World:
    await accounts.ensure_user("ops", PASSWORD, (), Role.OPERATOR)
    task = await case_under_review(service, store)
    other_case, _ = await service.start("short_time_work", "en")
    view = await service.view(task.case_id)
    personal = [str(v) for v in view.form.values() if isinstance(v, str) and len(v) >= 4]
    app = create_app(context)
    clients: dict[str, httpx.AsyncClient] = {}
    for actor in ACTORS:
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        )
        client.cookies.set(CSRF_COOKIE, CSRF)
        client.headers[CSRF_HEADER] = CSRF
        case = {"own_applicant": task.case_id, "other_applicant": other_case}.get(actor)
        if case is not None:
            token = await accounts.grant_case_access(case)
            client.headers["Authorization"] = f"Bearer {token}"
            secret, _ = await accounts.open_session(SessionKind.APPLICANT, case)
            client.cookies.set(APPLICANT_COOKIE, secret)
        if actor in STAFF_OF:
            token, _ = await accounts.open_session(SessionKind.API, STAFF_OF[actor])
            client.headers["Authorization"] = f"Bearer {token}"
            secret, _ = await accounts.open_session(SessionKind.STAFF, STAFF_OF[actor])
            client.cookies.set(STAFF_COOKIE, secret)
        clients[actor] = client
    return World(task.case_id, task.task_id, clients, personal)


ALLOWED_LOG_KEYS = {
    "event",
    "log_level",
    "route",
    "method",
    "actor_role",
    "actor_id",
    "reason",
    "status",
}


def check_denial_log(
    events: Sequence[MutableMapping[str, Any]], row: Row, actor: str, world: World
) -> list[str]:
    """The refusal was logged once, with ids and codes only."""
    denials = [e for e in events if e["event"] == "access_denied"]
    if len(denials) != 1:
        return [f"{row.method} {row.path} as {actor}: {len(denials)} access_denied events"]
    event = denials[0]
    problems = []
    if set(event) - ALLOWED_LOG_KEYS:
        problems.append(f"{row.path}: unexpected log keys {set(event) - ALLOWED_LOG_KEYS}")
    if event["route"] != row.path:
        problems.append(f"{row.path}: logged route {event['route']!r}")
    expected_role = "applicant" if actor.endswith("applicant") else actor
    if actor in STAFF_OF:
        expected_role = {
            "caseworker_other_group": "caseworker",
            "caseworker_group": "caseworker",
        }.get(actor, actor)
    if event["actor_role"] not in (expected_role, "anonymous"):
        problems.append(f"{row.path} as {actor}: logged role {event['actor_role']!r}")
    text = repr(event)
    leaked = [value for value in world.personal if value in text]
    if leaked or "hello" in text or "payroll" in text:
        problems.append(f"{row.path} as {actor}: personal data in the log")
    return problems


async def test_access_matrix(
    web_context: WebContext,
    service: CaseService,
    store: CaseStore,
    accounts: AccountService,
) -> None:
    # Generous rate limits: this test calls the sign-in and start routes often.
    context = dataclasses.replace(
        web_context, limits=WebLimits(rates=dict.fromkeys(WebLimits().rates, "10000/minute"))
    )
    world = await build_world(context, service, store, accounts)
    failures: list[str] = []
    denials = 0
    before = sum(v for k, v in metrics.snapshot().items() if k.startswith(access.DENIED_METRIC))
    try:
        for row in TABLE:
            url = (row.url or row.path).format(case_id=world.case_id, task_id=world.task_id)
            data = {
                k: v.format(case_id=world.case_id, task_id=world.task_id)
                for k, v in (row.data or {}).items()
            }
            for actor in ACTORS:
                expect = row.expected(actor)
                if expect == NOT_CALLED:
                    continue
                with capture_logs() as events:
                    response = await world.clients[actor].request(
                        row.method, url, json=row.json, data=data or None
                    )
                if not matches(expect, response):
                    failures.append(
                        f"{row.method} {row.path} as {actor}: expected {expect}, "
                        f"got {response.status_code} {response.text[:120]}"
                    )
                    continue
                if row.method == "GET" and row.path.startswith("/staff/") and expect == 200:
                    # A role that may not act is offered no action form either.
                    offers = 'method="post" action="/staff/tasks/' in response.text
                    offers = offers or 'action="/staff/next"' in response.text
                    if offers and actor in ("auditor", "operator"):
                        failures.append(f"{row.path} as {actor}: offers action forms")
                if refusal(row, expect):
                    denials += 1
                    failures += check_denial_log(events, row, actor, world)
    finally:
        for client in world.clients.values():
            await client.aclose()
    assert not failures, "\n".join(failures)
    after = sum(v for k, v in metrics.snapshot().items() if k.startswith(access.DENIED_METRIC))
    assert after - before == denials > 100


@pytest.mark.parametrize("role", ["caseworker", "supervisor", "auditor"])
def test_operators_are_not_case_readers(role: str) -> None:
    now = dt.datetime.now(dt.UTC)
    operator = User(username="ops", role=Role.OPERATOR, created_at=now)
    other = User(username="x", role=Role(role), groups=["short_time_work"], created_at=now)
    assert access.can_decode_payloads(operator) and not access.can_decode_payloads(other)
    assert not access.can_see_group(operator, "short_time_work")
    assert access.can_see_group(other, "short_time_work")
    assert not access.can_act(operator)
    assert access.can_act(other) is (role != "auditor")


def test_a_supervisor_with_groups_supervises_those_procedures_only() -> None:
    now = dt.datetime.now(dt.UTC)
    scoped = User(username="s1", role=Role.SUPERVISOR, groups=["minimum_income"], created_at=now)
    everything = User(username="s2", role=Role.SUPERVISOR, created_at=now)
    assert access.can_see_group(scoped, "minimum_income")
    assert not access.can_see_group(scoped, "short_time_work")
    assert access.visible_groups(scoped) == ["minimum_income"]
    assert access.visible_groups(everything) is None
    assert access.can_reassign(scoped) and access.can_see_group(everything, "short_time_work")


async def test_next_case_for_someone_who_may_act(
    web_context: WebContext, accounts: AccountService
) -> None:
    await accounts.ensure_user("lone", PASSWORD, ("empty_group_for_next",), Role.CASEWORKER)
    secret, _ = await accounts.open_session(SessionKind.STAFF, "lone")
    transport = httpx.ASGITransport(app=create_app(web_context))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        client.cookies.set(CSRF_COOKIE, CSRF)
        client.cookies.set(STAFF_COOKIE, secret)
        answer = await client.post("/staff/next", headers={CSRF_HEADER: CSRF})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/staff/queue?empty=true"
