"""Section 1: conversational turn latency versus a bare Update with one no-op activity.

A second bare side holds its activities for as long as Guichet's ran (the
medians of the understanding activity and of the projection write in the
case whose shape the bench copies). With activities that return at once,
about a fifth of the bare Updates take 90–110 ms instead of 20–50 ms: the
workflow task that follows a no-op (the turn's, or the projection's after
the previous reply) waits about 40 ms to be picked up (p95 of schedule to
start 39–40 ms against 2–12 ms on Guichet's side, from the server's event
times of 168 turns each; ad-hoc probe, not committed). Held for a few
milliseconds, as real activities are, 315 bare Updates stayed within
40–55 ms (p95 53 ms, twice). The no-op side is the one the targets name;
the held side shows what the p95 ratio is without that artefact.
"""

from __future__ import annotations

from typing import Any

from bench.common import BenchEnv, Samples, bare_case, guichet_case, ratio
from bench.sizes import Sizes


def _ratios(guichet: dict[str, float], bare: dict[str, float]) -> dict[str, float]:
    return {f"{q}_ratio": ratio(guichet[q], bare[q]) for q in ("p50", "p95", "p99")}


async def run(env: BenchEnv, sizes: Sizes) -> dict[str, Any]:
    """Alternate Guichet, bare and held-bare cases until ``sizes.turns`` turns each.

    Returns:
        p50/p95/p99/mean per side (ms) and Guichet's ratios to each bare side.
    """
    guichet, bare, held = Samples(), Samples(), Samples()
    shape = env.shape
    while min(len(guichet.values), len(bare.values), len(held.values)) < sizes.turns:
        await guichet_case(env.service, env.store, guichet)
        await bare_case(env.client, shape, bare)
        await bare_case(
            env.client,
            shape,
            held,
            hold_ms=shape.understand_ms,
            projection_hold_ms=shape.projection_ms,
        )
    g, b, h = guichet.summary(), bare.summary(), held.summary()
    return {
        "turns": {"guichet": len(guichet.values), "bare": len(bare.values)},
        "guichet_ms": g,
        "bare_ms": b,
        **_ratios(g, b),
        "held_bare": {
            "hold_ms": shape.understand_ms,
            "projection_hold_ms": shape.projection_ms,
            "ms": h,
            **_ratios(g, h),
        },
    }
