"""Section 1: conversational turn latency versus a bare Update with one no-op activity."""

from __future__ import annotations

from typing import Any

from bench.common import BenchEnv, Samples, bare_case, guichet_case, ratio
from bench.sizes import Sizes


async def run(env: BenchEnv, sizes: Sizes) -> dict[str, Any]:
    """Alternate Guichet and bare cases one at a time until ``sizes.turns`` turns each.

    Returns:
        p50/p95/p99/mean per side (ms) and the ratios.
    """
    guichet, bare = Samples(), Samples()
    while len(guichet.values) < sizes.turns or len(bare.values) < sizes.turns:
        await guichet_case(env.service, env.store, guichet)
        await bare_case(env.client, env.shape, bare)
    g, b = guichet.summary(), bare.summary()
    return {
        "turns": {"guichet": len(guichet.values), "bare": len(bare.values)},
        "guichet_ms": g,
        "bare_ms": b,
        "p50_ratio": ratio(g["p50"], b["p50"]),
        "p95_ratio": ratio(g["p95"], b["p95"]),
        "p99_ratio": ratio(g["p99"], b["p99"]),
    }
