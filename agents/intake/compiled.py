"""One compiled intake graph per registered graph, shared by every cached case.

Compiling a ``StateGraph`` builds its Pregel nodes, channels and channel
writers. Compiled inside each case, that structure was about 180 of the
460 objects a parked case keeps in the worker's heap, and every full
garbage collection walks all of them (see :mod:`guichet.heap`). The nodes
and channel specifications are read-only while a graph runs, so one
compiled graph serves every case; a case only needs its own checkpointer,
and ``Pregel.copy`` gives it one over the shared nodes and channels.
"""

from __future__ import annotations

import functools
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph.state import CompiledStateGraph, StateGraph
from langgraph.types import Durability

Graph = StateGraph[Any, Any, Any, Any]
Compiled = CompiledStateGraph[Any, Any, Any, Any]

DURABILITY: Durability = "exit"
"""When a case's graph run writes its checkpoint: once, where it stops.

LangGraph's default writes a checkpoint and the pending writes after every
step (five or more per turn), each one serializing the whole intake state.
Temporal's history already makes the run durable (a lost worker replays it),
so the graph only needs the checkpoint it is paused on to take the next
answer: about 5 % of replay time (``bench/replay.py``: 5.2 → 5.3–5.5
histories/s)."""


# Keyed by the graph object (identity hash), which the cache keeps alive. Two
# threads compiling the same graph at once would both get a correct graph.
@functools.cache
def _compile(graph: Graph) -> Compiled:
    return graph.compile()


def compiled_with(graph: Graph, checkpointer: BaseCheckpointSaver[Any]) -> Compiled:
    """Return ``graph`` compiled once per process, bound to ``checkpointer``.

    Args:
        graph: The registered (uncompiled) graph.
        checkpointer: The case's own checkpointer.

    Returns:
        A shallow copy of the shared compiled graph that uses ``checkpointer``.
    """
    return _compile(graph).copy(update={"checkpointer": checkpointer})
