"""A changed question flow, for the safe-change tests: the final review is dropped.

It lives in an importable module (graph nodes must), and builds the same
graph as :func:`agents.intake.build_intake_graph` except for its ``ask`` node.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from langgraph.graph import END, START, StateGraph

from agents.intake.graph import build_intake_graph
from agents.intake.nodes import apply, ask, next_question, route_after_ask
from agents.intake.state import REVIEW, IntakeState
from agents.intake.understanding import understand
from procedures.base import GraphVersion, Procedure

NEW_GRAPH = "short_time_work_intake_test_without_review"
PATCH_ID = "stw-flow-without-review"

EMPLOYER_FIRST_GRAPH = "short_time_work_intake_employer_first"
EMPLOYER_FIRST_PATCH = "stw-flow-employer-first"


async def ask_without_review(state: IntakeState) -> dict[str, Any]:
    """The changed flow: the form is submitted without the final review question."""
    question = next_question(state)
    if question is None or question.field == REVIEW:
        return {"done": True}
    return await ask(state)


def build_graph_without_review() -> StateGraph[Any, Any, Any, Any]:
    """The intake graph with :func:`ask_without_review` as its ``ask`` node."""
    builder: StateGraph[Any, Any, Any, Any] = StateGraph(IntakeState)
    builder.add_node("ask", ask_without_review, metadata={"execute_in": "workflow"})
    builder.add_node(
        "understand",
        understand,  # type: ignore[type-var]  # activity nodes receive the state as a dict
        metadata=dict(build_intake_graph().nodes["understand"].metadata or {}),
    )
    builder.add_node("apply", apply, metadata={"execute_in": "workflow"})
    builder.add_edge(START, "ask")
    builder.add_conditional_edges("ask", route_after_ask, {"end": END, "understand": "understand"})
    builder.add_edge("understand", "apply")
    builder.add_edge("apply", "ask")
    return builder


def versioned(procedure: Procedure) -> Procedure:
    """The procedure with the changed flow registered the safe way: a new graph name."""
    version = GraphVersion(PATCH_ID, NEW_GRAPH, build=build_graph_without_review)
    return dataclasses.replace(procedure, graph_versions=(*procedure.graph_versions, version))


def _employer_first(procedure: Procedure) -> Procedure:
    """The flow data of a changed version: the employer's name is asked first."""
    base = procedure.applicable_fields

    def applicable_fields(values: Mapping[str, Any]) -> list[str]:
        names = base(values)
        return ["employer_name", *(n for n in names if n != "employer_name")]

    def next_field(values: Mapping[str, Any]) -> str | None:
        return next((n for n in applicable_fields(values) if values.get(n) is None), None)

    return dataclasses.replace(
        procedure, applicable_fields=applicable_fields, next_field=next_field
    )


def versioned_flow_data(procedure: Procedure) -> Procedure:
    """The procedure with a changed question order registered as a new version."""
    version = GraphVersion(EMPLOYER_FIRST_PATCH, EMPLOYER_FIRST_GRAPH, variant=_employer_first)
    return dataclasses.replace(procedure, graph_versions=(*procedure.graph_versions, version))
