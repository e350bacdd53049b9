"""Section 8: what the model costs a turn, against the parser alone in the same run.

Issue 19 asks that the model "helps and never slows the chat": it is asked
only where it can add something, with a prompt small enough to answer in
under 1.5 s p95 on the 2-core machine with one user. This section reads the
same applicant messages of the phrase bank (``tests/eval/natural``: single
answers and multi-fact openings, both splits, only totals reported) twice,
through the intake's own understanding step and apply step: once with the
parser alone (the baseline) and once with the configured model (the local
one by default), one message at a time, and reports:

- the share of messages for which the model was asked at all (the gate);
- prompt and completion tokens per model call (as the endpoint counted them);
- the model call's own latency, and the turn latency with and without the
  model (p50/p95) and their ratio;
- calls that timed out or failed (the parser's reading stands for those).

The messages are taken in a fixed order spread over procedures and
languages (every ``k``-th item), so a smaller size is a fair sample.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from agents.intake.model import warm_up
from bench.common import BenchEnv, Samples, ratio
from bench.sizes import Sizes
from guichet.config import Settings
from guichet.llm import ModelClient
from guichet.llm.client import build_model
from procedures import get_procedure
from schemas.case import Question
from tools.evaluation.bank import load_bank
from tools.evaluation.turns import answer, new_state


@dataclass(frozen=True)
class Message:
    """One applicant message of the phrase bank, with the state it is read in."""

    procedure: str
    language: str
    context: dict[str, Any]
    asked: str | None
    today: str
    text: str


@dataclass
class Side:
    """Turn latencies of one side, and what its model calls cost."""

    turns: Samples = field(default_factory=Samples)
    model: Samples = field(default_factory=Samples)
    prompt_tokens: Samples = field(default_factory=Samples)
    completion_tokens: Samples = field(default_factory=Samples)
    calls: int = 0
    failed: int = 0


def messages(limit: int) -> list[Message]:
    """Every ``k``-th message of the bank (answers to a field, and openings), ``limit`` at most."""
    found: list[Message] = []
    for (procedure, language), data in sorted(load_bank().files.items()):
        for item in data.answers:
            if not item.asked.startswith("_"):
                found.append(
                    Message(procedure, language, item.context, item.asked, item.today, item.text)
                )
        for opening in data.openings:
            found.append(Message(procedure, language, {}, None, opening.today, opening.text))
    if limit <= 0 or limit >= len(found):
        return found
    step = len(found) / limit
    return [found[int(i * step)] for i in range(limit)]


async def _read(message: Message, model: ModelClient | None, side: Side) -> None:
    answers = dict(message.context)
    if message.asked is not None:
        answers.setdefault(message.asked, None)
    state = new_state(message.procedure, message.language, message.context, answers=answers)
    procedure = get_procedure(message.procedure, state.get("graph"))
    asked = message.asked or procedure.next_field(message.context)
    if asked is None:
        return
    question = Question(field=asked, text=procedure.fields[asked].question(message.language))
    started = time.perf_counter()
    turn = await answer(state, question, message.text, message.today, model)
    side.turns.values.append((time.perf_counter() - started) * 1000)
    call = turn.understanding.model_call
    if call is None:
        return
    side.calls += 1
    side.model.values.append(float(call.latency_ms))
    side.prompt_tokens.values.append(float(call.prompt_tokens))
    side.completion_tokens.values.append(float(call.completion_tokens))
    if call.outcome in ("timeout", "error"):
        side.failed += 1


async def run(env: BenchEnv, sizes: Sizes) -> dict[str, Any]:
    """Read ``sizes.model_messages`` bank messages with the parser alone and with the model.

    Returns:
        Turn latency per side, the ratio, the gate's share and the model calls' cost;
        ``model`` is ``None`` (and only the parser side is measured) when no model is
        configured.
    """
    del env  # no Temporal here: the understanding step is what the model changes
    settings = Settings()
    model = await build_model(settings)
    if model is not None:
        await warm_up(model)  # as a worker does at start
    chosen = messages(sizes.model_messages)
    parser, with_model = Side(), Side()
    for message in chosen:
        # Alternate the sides message by message so that load on the machine
        # falls on both alike.
        await _read(message, None, parser)
        if model is not None:
            await _read(message, model, with_model)
    p, m = parser.turns.summary(), with_model.turns.summary()
    return {
        "messages": len(chosen),
        "model": None if model is None else model.model,
        "model_timeout_s": settings.model_timeout_seconds,
        "parser_ms": p,
        "with_model_ms": m,
        "p50_ratio": ratio(m["p50"], p["p50"]),
        "p95_ratio": ratio(m["p95"], p["p95"]),
        "model_asked_share": (with_model.calls / len(chosen)) if chosen else 0.0,
        "model_calls": with_model.calls,
        "model_failed": with_model.failed,
        "model_call_ms": with_model.model.summary(),
        "prompt_tokens": with_model.prompt_tokens.summary(),
        "completion_tokens": with_model.completion_tokens.summary(),
    }
