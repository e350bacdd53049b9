"""Section 2: completed cases per second versus the bare workflow of the same shape."""

from __future__ import annotations

from typing import Any

from bench.common import BenchEnv, bare_case, guichet_case, ratio, run_concurrently
from bench.sizes import Sizes


async def run(env: BenchEnv, sizes: Sizes) -> dict[str, Any]:
    """Run ``sizes.cases`` cases per side, ``sizes.concurrency`` in flight.

    Returns:
        Cases per second per side and their ratio.
    """
    bare = await run_concurrently(
        lambda: bare_case(env.client, env.shape), sizes.cases, sizes.concurrency
    )
    guichet = await run_concurrently(
        lambda: guichet_case(env.service), sizes.cases, sizes.concurrency
    )
    return {
        "cases": sizes.cases,
        "concurrency": sizes.concurrency,
        "guichet_cases_per_s": guichet,
        "bare_cases_per_s": bare,
        "ratio": ratio(guichet, bare),
    }
