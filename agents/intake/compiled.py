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

import threading
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph.state import CompiledStateGraph, StateGraph

Graph = StateGraph[Any, Any, Any, Any]
Compiled = CompiledStateGraph[Any, Any, Any, Any]

_lock = threading.Lock()
# Keyed by the graph's identity; the graph is kept with its compiled form so
# the identity cannot be reused by another graph while the entry lives.
_compiled: dict[int, tuple[Graph, Compiled]] = {}


def compiled_with(graph: Graph, checkpointer: BaseCheckpointSaver[Any]) -> Compiled:
    """Return ``graph`` compiled once per process, bound to ``checkpointer``.

    Args:
        graph: The registered (uncompiled) graph.
        checkpointer: The case's own checkpointer.

    Returns:
        A shallow copy of the shared compiled graph that uses ``checkpointer``.
    """
    entry = _compiled.get(id(graph))
    if entry is None or entry[0] is not graph:
        # Workflow activations run on several threads; compile once.
        with _lock:
            entry = _compiled.get(id(graph))
            if entry is None or entry[0] is not graph:
                entry = (graph, graph.compile())
                _compiled[id(graph)] = entry
    return entry[1].copy(update={"checkpointer": checkpointer})
