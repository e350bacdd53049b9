"""What every cached case shares in a worker: the compiled intake graph, the payload converter."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any, TypedDict

from langgraph.graph import END, START, StateGraph
from langgraph.types import Command, interrupt
from pydantic import BaseModel

from agents.intake import LatestCheckpointSaver
from agents.intake.compiled import DURABILITY, compiled_with
from guichet.converter import SharedPydanticPayloadConverter, data_converter, replay_data_converter
from guichet.crypto import EncryptionKey, KeySet


class _State(TypedDict, total=False):
    answer: str


def _ask(state: _State) -> dict[str, Any]:
    return {"answer": interrupt("your name?")}


def _graph() -> StateGraph[Any, Any, Any, Any]:
    graph = StateGraph(_State)
    graph.add_node("ask", _ask)
    graph.add_edge(START, "ask")
    graph.add_edge("ask", END)
    return graph


def test_cases_share_one_compiled_graph_with_their_own_checkpointer() -> None:
    graph = _graph()
    first_saver, second_saver = LatestCheckpointSaver(), LatestCheckpointSaver()
    first = compiled_with(graph, first_saver)
    second = compiled_with(graph, second_saver)
    assert first.checkpointer is first_saver and second.checkpointer is second_saver
    # The nodes and channels are built once, not once per case.
    assert first.nodes["ask"] is second.nodes["ask"]
    assert all(first.channels[name] is second.channels[name] for name in first.channels)
    # Another graph gets its own compiled form.
    assert compiled_with(_graph(), first_saver).nodes["ask"] is not first.nodes["ask"]


def test_cases_on_the_same_thread_name_keep_their_own_state() -> None:
    graph = _graph()
    first = compiled_with(graph, LatestCheckpointSaver())
    second = compiled_with(graph, LatestCheckpointSaver())
    config: Any = {"configurable": {"thread_id": "intake-1"}}

    async def scenario() -> tuple[Any, Any, Any]:
        await first.ainvoke({}, config)
        await second.ainvoke({}, config)
        done = await first.ainvoke(Command(resume="Ada"), config)
        # The second case is still paused on its question: the first one's
        # answer did not reach its checkpointer.
        waiting = await second.aget_state(config)
        other = await second.ainvoke(Command(resume="Grace"), config)
        return done, waiting, other

    done, waiting, other = asyncio.run(scenario())
    assert done == {"answer": "Ada"}
    assert waiting.next == ("ask",)
    assert other == {"answer": "Grace"}


class _Letter(BaseModel):
    case_id: str
    sent: dt.date


def test_payload_converters_share_their_encoding_converters() -> None:
    first, second = SharedPydanticPayloadConverter(), SharedPydanticPayloadConverter()
    assert first is not second
    assert first.converters.keys() == second.converters.keys()
    for encoding, converter in first.converters.items():
        assert second.converters[encoding] is converter
    letter = _Letter(case_id="c-1", sent=dt.date(2026, 12, 6))
    [payload] = first.to_payloads([letter])
    assert second.from_payloads([payload], [_Letter]) == [letter]


def test_workers_and_replayers_use_the_shared_converter() -> None:
    keys = KeySet((EncryptionKey.generate(),))
    for converter in (data_converter(keys), replay_data_converter(keys)):
        assert converter.payload_converter_class is SharedPydanticPayloadConverter


class _CountingSaver(LatestCheckpointSaver):
    puts = 0

    async def aput(self, *args: Any, **kwargs: Any) -> Any:
        self.puts += 1
        return await super().aput(*args, **kwargs)


def test_a_case_graph_run_writes_one_checkpoint_and_resumes_from_it() -> None:
    saver = _CountingSaver()
    app = compiled_with(_graph(), saver)
    config: Any = {"configurable": {"thread_id": "intake-1"}}

    async def scenario() -> Any:
        await app.ainvoke({}, config, durability=DURABILITY)
        written = saver.puts
        saver.keep_latest("intake-1")
        done = await app.ainvoke(Command(resume="Ada"), config, durability=DURABILITY)
        return written, done

    written, done = asyncio.run(scenario())
    # One checkpoint where the run stopped, not one per step.
    assert written == 1
    assert saver.puts == 2
    assert done == {"answer": "Ada"}
