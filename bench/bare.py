"""The bare baseline: a workflow with the same Updates and activities, no engine.

An ``open`` Update replies at once (Guichet's greeting and first question
need no activity); each ``send_message`` Update runs one no-op activity
before replying (Guichet's turn runs the understanding activity). After
every reply the main loop runs one no-op activity (Guichet writes its
read-model projection after the reply). After the last Update the workflow
runs ``tail_activities`` no-op activities in a row (Guichet's submission,
eligibility, letter and projections) and completes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta

from pydantic import BaseModel
from temporalio import activity, workflow


class BareInput(BaseModel):
    """How many Updates the bare case takes and how many activities follow them."""

    turns: int
    tail_activities: int
    opens: int = 0
    """``open`` Updates (no activity before the reply) besides the turns."""
    projection_hold_ms: float = 0.0
    """How long the activity after each reply takes (0: returns at once)."""


class BareTurn(BaseModel):
    """One bare turn's input and output."""

    text: str
    hold_ms: float = 0.0
    """How long the turn's activity takes (0: returns at once)."""


@activity.defn(name="bench.noop")
async def noop(turn: BareTurn) -> BareTurn:
    """Do nothing (for ``turn.hold_ms``), with the same converter round trip as a real activity."""
    if turn.hold_ms > 0:
        await asyncio.sleep(turn.hold_ms / 1000)
    return turn


Step = Callable[[BareTurn], Awaitable[BareTurn]]
"""What a turn does before its reply."""


class BareCase:
    """The bare case's counters and main loop, shared by the bare workflows.

    It carries no workflow decorators: each workflow declares its own run
    method and Update handlers and calls these.
    """

    def __init__(self) -> None:
        self._turns = 0
        self._pending = 0
        self._in_progress = False

    async def _serve(self, spec: BareInput) -> int:
        """Serve ``spec.opens`` + ``spec.turns`` Updates, then run the tail activities."""
        done = 0
        while done < spec.turns + spec.opens or self._pending:
            await workflow.wait_condition(lambda: self._pending > 0)
            self._pending -= 1
            done += 1
            await workflow.execute_activity(
                noop,
                BareTurn(text="projection", hold_ms=spec.projection_hold_ms),
                start_to_close_timeout=timedelta(seconds=10),
            )
        for _ in range(spec.tail_activities):
            await workflow.execute_activity(
                noop, BareTurn(text="tail"), start_to_close_timeout=timedelta(seconds=10)
            )
        return self._turns

    def _open(self, turn: BareTurn) -> BareTurn:
        """Reply at once, like Guichet's first question; a projection follows."""
        self._pending += 1
        return turn

    async def _turn(self, turn: BareTurn, step: Step) -> BareTurn:
        """Run ``step`` for one turn, then count it and let the projection follow."""
        self._in_progress = True
        try:
            result = await step(turn)
            self._turns += 1
            self._pending += 1
            return result
        finally:
            self._in_progress = False

    def _check_turn(self) -> None:
        if self._in_progress:
            raise ValueError("turn in progress")


async def _noop_step(turn: BareTurn) -> BareTurn:
    return await workflow.execute_activity(noop, turn, start_to_close_timeout=timedelta(seconds=10))


@workflow.defn(name="BareCase")
class BareCaseWorkflow(BareCase):
    """A case with no intake graph, rules, letters or store: Temporal's own cost."""

    @workflow.run
    async def run(self, spec: BareInput) -> int:
        """Serve ``spec.opens`` + ``spec.turns`` Updates, then run the tail activities."""
        return await self._serve(spec)

    @workflow.update(name="open")
    async def open(self, turn: BareTurn) -> BareTurn:
        """Open the case: reply at once, like Guichet's first question."""
        return self._open(turn)

    @workflow.update(name="send_message")
    async def send_message(self, turn: BareTurn) -> BareTurn:
        """One turn: one activity on the critical path, like Guichet's."""
        return await self._turn(turn, _noop_step)

    @send_message.validator
    def _validate(self, turn: BareTurn) -> None:
        self._check_turn()
