"""Construction of the intake graph (cheap: called once per worker and graph name)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from langgraph.graph import END, START, StateGraph
from temporalio.common import RetryPolicy

from agents.intake import nodes, nodes_v1
from agents.intake.nodes import route_after_ask
from agents.intake.state import IntakeState, UnderstandInput
from agents.intake.understanding import understand

UNDERSTAND_TIMEOUT = timedelta(seconds=20)
"""Start-to-close timeout of the understanding activity; a killed worker
costs at most this before the turn is retried elsewhere."""


def build_intake_graph(
    understand_timeout: timedelta = UNDERSTAND_TIMEOUT,
    model_task_queue: str | None = None,
    conversation: int = 2,
) -> StateGraph[Any, Any, Any, Any]:
    """Build a fresh intake graph.

    A fresh instance is needed per registration: the LangGraph plugin wraps
    the node functions of the graph it is given in place.

    Args:
        understand_timeout: Start-to-close timeout of the understanding node.
        model_task_queue: Task queue of the understanding activity, so model
            calls can run on workers of their own; ``None`` keeps them on the
            case's task queue.
        conversation: 1 builds the first conversation's frozen nodes (the
            ``*_intake_v1`` graphs of cases started before the second), 2 the
            current ones.

    Returns:
        The uncompiled graph: ask → understand (activity) → apply → ask …
    """
    builder: StateGraph[Any, Any, Any, Any] = StateGraph(IntakeState)
    ask, apply = (nodes_v1.ask, nodes_v1.apply) if conversation == 1 else (nodes.ask, nodes.apply)
    builder.add_node("ask", ask, metadata={"execute_in": "workflow"})
    routing: dict[str, Any] = {"task_queue": model_task_queue} if model_task_queue else {}
    builder.add_node(  # type: ignore[misc]  # activity nodes receive their input as a dict
        "understand",
        understand,
        # Only what it reads goes into the activity's recorded input.
        input_schema=UnderstandInput,
        metadata={
            **routing,
            "execute_in": "activity",
            "start_to_close_timeout": understand_timeout,
            "retry_policy": RetryPolicy(
                initial_interval=timedelta(milliseconds=200),
                backoff_coefficient=2.0,
                maximum_interval=timedelta(seconds=10),
                maximum_attempts=10,
            ),
        },
    )
    builder.add_node("apply", apply, metadata={"execute_in": "workflow"})
    builder.add_edge(START, "ask")
    builder.add_conditional_edges("ask", route_after_ask, {"end": END, "understand": "understand"})
    builder.add_edge("understand", "apply")
    builder.add_edge("apply", "ask")
    return builder
