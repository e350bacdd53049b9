"""The stack's floor: the bare case with a LangGraph graph on every turn.

Guichet's conversation is a LangGraph graph that the LangGraph plugin runs
inside the workflow, its understanding node as an activity. That stack is
chosen for the project, so part of what a Guichet case costs over the bare
case is the stack's, whatever Guichet does. This workflow measures that
part: the bare case of :mod:`bench.bare` whose turn runs the smallest graph
of the same form instead of calling its no-op activity directly. ``ask``
(in the workflow) pauses with ``interrupt`` for the answer, ``understand``
(an activity) returns it, and ``ask`` pauses again. The graph is compiled
once per process and checkpointed once per run, as Guichet's is
(:mod:`agents.intake.compiled`). Same Updates, same number of activities,
same converter and plugin.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, TypedDict

from temporalio import workflow

from bench.bare import BareCase, BareInput, BareTurn

with workflow.unsafe.imports_passed_through():
    from langgraph.checkpoint.memory import InMemorySaver
    from langgraph.graph import START, StateGraph
    from langgraph.types import Command, interrupt
    from temporalio.langgraph import LangGraphPlugin
    from temporalio.langgraph import graph as registered_graph
    from temporalio.langgraph._task_cache import set_task_cache

    from agents.intake.compiled import DURABILITY, compiled_with

GRAPH_NAME = "bench_floor"
"""The graph's registered name (its activity is named after it)."""

_CONFIG: dict[str, Any] = {"configurable": {"thread_id": "floor"}, "recursion_limit": 50}


class FloorState(TypedDict, total=False):
    """The graph's state: the latest answer and the reply to it."""

    answer: str
    reply: str


def ask(state: FloorState) -> dict[str, Any]:
    """Pause for the next answer (runs in the workflow)."""
    return {"answer": interrupt("next")}


def understand(state: FloorState) -> dict[str, Any]:
    """Reply with the answer (runs as an activity, like Guichet's understanding)."""
    return {"reply": state.get("answer", "")}


def build_floor_graph() -> StateGraph[Any, Any, Any, Any]:
    """Build the floor graph: ask, then understand (an activity), then ask again.

    A fresh instance per plugin: the plugin wraps node functions in place.
    """
    builder: StateGraph[Any, Any, Any, Any] = StateGraph(FloorState)
    builder.add_node("ask", ask, metadata={"execute_in": "workflow"})
    builder.add_node(
        "understand",
        understand,
        metadata={"execute_in": "activity", "start_to_close_timeout": timedelta(seconds=10)},
    )
    builder.add_edge(START, "ask")
    builder.add_edge("ask", "understand")
    builder.add_edge("understand", "ask")
    return builder


def floor_plugin() -> LangGraphPlugin:
    """Return a LangGraph plugin with the floor graph registered."""
    return LangGraphPlugin(graphs={GRAPH_NAME: build_floor_graph()})


@workflow.defn(name="BareGraphCase")
class BareGraphCaseWorkflow(BareCase):
    """The bare case whose every turn is one run of the floor graph."""

    def __init__(self) -> None:
        super().__init__()
        self._app: Any = compiled_with(registered_graph(GRAPH_NAME), InMemorySaver())
        self._opened = False

    @workflow.run
    async def run(self, spec: BareInput) -> int:
        """Run the graph to its first question, then serve the case like the bare one."""
        await self._invoke({"answer": ""})
        self._opened = True
        return await self._serve(spec)

    @workflow.update(name="open")
    async def open(self, turn: BareTurn) -> BareTurn:
        """Open the case: reply at once (the graph asked its first question in ``run``)."""
        return self._open(turn)

    @workflow.update(name="send_message")
    async def send_message(self, turn: BareTurn) -> BareTurn:
        """One turn: the graph resumes with the answer, runs its activity and pauses."""
        return await self._turn(turn, self._graph_step)

    @send_message.validator
    def _validate(self, turn: BareTurn) -> None:
        self._check_turn()

    async def _graph_step(self, turn: BareTurn) -> BareTurn:
        await workflow.wait_condition(lambda: self._opened)
        values = await self._invoke(Command(resume=turn.text))
        return BareTurn(text=values.get("reply", ""))

    async def _invoke(self, value: Any) -> dict[str, Any]:
        # The plugin caches activity-node results by their input in a context
        # variable that outlives the workflow on its thread. Every floor case
        # sends the same answers, so without an empty cache per call later
        # cases would skip their activities. Guichet does the same
        # (``workflows.case.intake``).
        set_task_cache({})
        values: dict[str, Any] = await self._app.ainvoke(value, _CONFIG, durability=DURABILITY)
        return values
