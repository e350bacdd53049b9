"""How large each section runs: the quick, default and full presets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    """Sizes of every section (each one can be overridden on the command line).

    Attributes:
        turns: Conversational turns measured per side for turn latency.
        cases: Cases per side and round for throughput.
        throughput_rounds: Rounds of throughput, the sides taking turns to go first.
        concurrency: Cases in flight at once for throughput and scale-out.
        long_turns: Turns of the one long conversation (latency stability).
        window: Turns compared at the start and end of the long conversation.
        parked: Cases parked waiting for sign-off (worker memory).
        evicted: Parked cases resumed after eviction (their claim is timed).
        cache: ``max_cached_workflows`` of the worker whose cases get evicted.
        tasks: Open tasks in the approval queue for the queue section.
        queue_samples: Queries and claims timed in the queue section.
        replay_cases: Cases archived for the replay section.
        replay_rounds: Rounds over the archived cases for replay.
        scale_cases: Cases per run for scale-out.
        model_messages: Phrase-bank messages read with the parser alone and with the model.
    """

    turns: int = 500
    cases: int = 100
    throughput_rounds: int = 3
    concurrency: int = 50
    long_turns: int = 300
    window: int = 50
    parked: int = 2000
    evicted: int = 40
    cache: int = 10
    tasks: int = 100_000
    queue_samples: int = 100
    replay_cases: int = 10
    replay_rounds: int = 3
    scale_cases: int = 100
    model_messages: int = 200


PRESETS: dict[str, Sizes] = {
    "smoke": Sizes(
        turns=10,
        cases=2,
        throughput_rounds=2,
        concurrency=2,
        long_turns=24,
        window=2,
        parked=2,
        evicted=2,
        cache=1,
        tasks=200,
        queue_samples=5,
        replay_cases=2,
        replay_rounds=1,
        scale_cases=2,
        model_messages=4,
    ),
    "quick": Sizes(
        turns=500,
        cases=50,
        concurrency=50,
        long_turns=150,
        window=50,
        parked=100,
        evicted=20,
        cache=5,
        tasks=100_000,
        queue_samples=50,
        replay_rounds=1,
        scale_cases=50,
        model_messages=60,
    ),
    "default": Sizes(),
    "full": Sizes(
        parked=10_000,
        cases=200,
        long_turns=500,
        scale_cases=200,
        replay_rounds=5,
        model_messages=0,  # every message of the bank
    ),
}
