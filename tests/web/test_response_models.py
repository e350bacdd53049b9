"""Every API route declares its answer: a response model, and a schema in the OpenAPI document.

Read from the app's routes and its ``/openapi.json``; no server is needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast, get_args, get_origin

import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel

from guichet.accounts import AccountService
from guichet.store import CaseStore
from runtime.service import CaseService
from web.app import create_app
from web.context import WebContext

API_PREFIXES = ("/api/", "/codec/")
"""The JSON routes (pages answer HTML and are not in the OpenAPI document)."""


@pytest.fixture(scope="module")
def app() -> FastAPI:
    # Building the app touches none of the backends: routes and schema only.
    context = WebContext(
        cases=cast(CaseService, None),
        store=cast(CaseStore, None),
        accounts=cast(AccountService, None),
        outbox_dir=Path("/nonexistent/outbox"),
    )
    return create_app(context)


def api_routes(app: FastAPI) -> list[APIRoute]:
    # app.routes holds each included router as one entry: walk into them.
    return [
        context.original_route
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute)
        and (context.path or "").startswith(API_PREFIXES)
    ]


def answers_html(route: APIRoute) -> bool:
    """A route that answers a document, not JSON (the decision letter)."""
    response_class = route.response_class
    return isinstance(response_class, type) and issubclass(response_class, HTMLResponse)


def is_model(annotation: Any) -> bool:
    """Whether a response model is a pydantic model or a list of one (not ``dict[str, Any]``)."""
    if get_origin(annotation) is list:
        [annotation] = get_args(annotation)
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def test_every_api_route_has_a_response_model(app: FastAPI) -> None:
    routes = api_routes(app)
    assert len(routes) >= 20, [route.path for route in routes]
    without = [
        f"{sorted(route.methods or ())} {route.path}: {route.response_model}"
        for route in routes
        if not is_model(route.response_model) and not answers_html(route)
    ]
    assert without == []


def test_a_route_answering_a_plain_dict_would_be_reported() -> None:
    assert (
        not is_model(dict[str, Any]) and not is_model(list[dict[str, Any]]) and not is_model(None)
    )
    assert is_model(BaseModel) and is_model(list[BaseModel])


def _named(schema: dict[str, Any]) -> bool:
    """Whether a response schema names a model (``$ref``), directly or as list items."""
    if "$ref" in schema:
        return True
    items = schema.get("items")
    return schema.get("type") == "array" and isinstance(items, dict) and "$ref" in items


def test_the_openapi_document_names_a_schema_for_every_success(app: FastAPI) -> None:
    document = app.openapi()
    checked = 0
    unnamed: list[str] = []
    for path, operations in document["paths"].items():
        if not path.startswith(API_PREFIXES):
            continue
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                if not status.startswith("2"):
                    continue
                checked += 1
                content = answer.get("content", {})
                if "text/html" in content:
                    continue  # the letter: a document
                schema = content.get("application/json", {}).get("schema", {})
                if not _named(schema):
                    unnamed.append(f"{method.upper()} {path} {status}: {schema}")
    assert checked >= 18
    assert unnamed == []


def test_an_unnamed_answer_would_be_reported() -> None:
    # The check above can fail: a bare object or a list of them names nothing.
    assert not _named({"type": "object", "additionalProperties": True})
    assert not _named({"type": "array", "items": {"type": "object"}})
    assert _named({"$ref": "#/components/schemas/CaseOut"})
    assert _named({"type": "array", "items": {"$ref": "#/components/schemas/TaskOut"}})


def test_the_documented_answers_carry_the_contract_fields(app: FastAPI) -> None:
    # API.md's field names, as the OpenAPI document now states them.
    schemas = app.openapi()["components"]["schemas"]

    def fields(name: str) -> set[str]:
        schema = schemas.get(name) or schemas[f"{name}-Output"]
        return set(schema["properties"])

    assert fields("CaseStarted") >= {"case_id", "access_token", "status", "reply", "question"}
    assert fields("TurnOut") >= {"status", "reply", "question", "form"}
    assert fields("CaseOut") >= {
        "case_id",
        "procedure",
        "status",
        "form",
        "missing",
        "decision",
        "deadlines",
        "timeline",
    }
    assert fields("DecisionOut") >= {
        "outcome",
        "reasons",
        "amount",
        "decided_by",
        "decided_at",
        "letter_url",
    }
    assert fields("TaskOut") >= {
        "task_id",
        "case_id",
        "procedure",
        "kind",
        "group",
        "claimed_by",
        "priority",
        "due_at",
        "created_at",
        "summary",
    }
    assert fields("TokenOut") >= {"access_token", "expires_at"}
    assert fields("ProcedureOut") >= {"id", "title", "languages"}
    assert {"ok", "events"} <= fields("ReplayOut")
