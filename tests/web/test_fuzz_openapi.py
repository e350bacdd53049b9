"""Schemathesis against the app's OpenAPI document, in process, on a real case.

Every API operation gets generated requests (bodies, queries, headers, path
ids); most target a real case under review and its task, with the
credentials that open them, so the requests get past access control and
reach the workflow. No answer may be a server error, and a refused request
(4xx) must leave the case exactly as it was (its ``GET`` before and after).

Hypothesis drives a synchronous test, so it runs in a thread; each request
is sent to the app on the test's own event loop, where the app's database
connections and Temporal client live.
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok

from guichet.accounts import AccountService
from guichet.store import CaseStore
from runtime.service import CaseService
from schemas.account import SessionKind
from tests.web.conftest import case_under_review
from web.app import create_app
from web.context import WebContext
from web.hardening import WebLimits

EXAMPLES = 25
BASE = "http://testserver"
# Withdrawing succeeds once and closes the case: fuzzed last.
LAST = ("/api/cases/{case_id}/withdraw",)


# PostgreSQL only: the production database, and the stricter one about what
# text it stores; SQLite runs every other web test. Keeps the run near a minute.
@pytest.mark.parametrize("store", ["postgresql"], indirect=True)
async def test_no_server_error_and_refusals_change_nothing(
    web_context: WebContext, service: CaseService, store: CaseStore, accounts: AccountService
) -> None:
    context = dataclasses.replace(
        web_context, limits=WebLimits(rates=dict.fromkeys(WebLimits().rates, "100000/minute"))
    )
    app = create_app(context)
    task = await case_under_review(service, store)
    applicant = {"Authorization": f"Bearer {await accounts.grant_case_access(task.case_id)}"}
    token, _ = await accounts.open_session(SessionKind.API, "sup")
    supervisor = {"Authorization": f"Bearer {token}"}
    ids = {"case_id": task.case_id, "task_id": task.task_id}
    loop = asyncio.get_running_loop()
    document = app.openapi()
    failures: list[str] = []
    counts = {"refused": 0, "accepted": 0}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as client:

        async def view() -> Any:
            answer = await client.get(f"/api/cases/{task.case_id}", headers=applicant)
            assert answer.status_code == 200
            return answer.json()

        async def encode(kwargs: dict[str, Any]) -> httpx.Request | None:
            """Build the request, body read; None when httpx cannot encode it."""
            kwargs = {k: v for k, v in kwargs.items() if k != "cookies"}
            try:
                request = client.build_request(**kwargs)
                # A multipart body (document uploads) streams; schemathesis
                # reads the request's content when it checks the response.
                await request.aread()
            except (TypeError, AttributeError):
                return None  # e.g. a generated "file" that is a number: no such request exists
            return request

        async def send(request: httpx.Request) -> httpx.Response:
            return await client.send(request)

        def on_loop(coroutine: Any) -> Any:
            return asyncio.run_coroutine_threadsafe(coroutine, loop).result(timeout=120)

        def fuzz(operation: Any) -> None:
            auth = supervisor if operation.path.startswith("/api/tasks") else applicant

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(), real_ids=st.booleans())
            def check(case: Any, real_ids: bool) -> None:
                if real_ids:
                    for name in list(case.path_parameters or {}):
                        case.path_parameters[name] = ids[name]
                kwargs = case.as_transport_kwargs(base_url=BASE, headers=auth)
                before = on_loop(view())
                request = on_loop(encode(kwargs))
                if request is None:
                    reject()
                response: httpx.Response = on_loop(send(request))
                label = f"{operation.method.upper()} {operation.path}"
                if response.status_code >= 500:
                    failures.append(f"{label}: {response.status_code} for {kwargs!r:.300}")
                    return
                case.validate_response(response, checks=[not_a_server_error])
                if 400 <= response.status_code < 500:
                    counts["refused"] += 1
                    after = on_loop(view())
                    if after != before:
                        failures.append(f"{label}: refused ({response.status_code}) but changed")
                else:
                    counts["accepted"] += 1

            check()

        def fuzz_all() -> int:
            schema = schemathesis.openapi.from_dict(document)
            operations = []
            for result in schema.get_all_operations():
                assert isinstance(result, Ok), f"the OpenAPI document does not load: {result}"
                operations.append(result.ok())
            operations.sort(key=lambda op: (op.path in LAST, op.path, op.method))
            for operation in operations:
                fuzz(operation)
            return len(operations)

        # In a thread of its own: schemathesis compiles modules on first use,
        # and CPython 3.11's compiler trips over the recursion counter that
        # greenlets (Playwright's browser tests) leave behind in the main thread.
        assert await asyncio.to_thread(fuzz_all) >= 14

    assert not failures, "\n".join(failures)
    # The fuzzing reached both sides: refusals, and requests that went through.
    assert counts["refused"] > 100 and counts["accepted"] > 10, counts
