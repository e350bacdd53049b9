"""Section 3: latency stability over one long conversation.

The applicant reaches the final review, then keeps correcting the headcount
("wir haben eigentlich 20/21 Mitarbeiter"), which the intake accepts as a
correction and answers with the review again. The history grows with every
turn, so a cost that grows with it shows up as a slower end.
"""

from __future__ import annotations

import time
from typing import Any

from agents.intake.state import REVIEW
from bench.common import BenchEnv, Samples, ratio, script
from bench.sizes import Sizes

CORRECTIONS = (
    "Korrektur: wir haben eigentlich 20 Mitarbeiter",
    "Korrektur: wir haben eigentlich 21 Mitarbeiter",
)


async def run(env: BenchEnv, sizes: Sizes) -> dict[str, Any]:
    """Drive one conversation for ``sizes.long_turns`` turns; compare both ends.

    Returns:
        Medians (ms) of the first and last ``sizes.window`` turns and their ratio.
    """
    which = script(0)
    case_id, reply = await env.service.start("short_time_work", which.language)
    latencies = Samples()
    corrections = 0
    while len(latencies.values) < sizes.long_turns:
        if reply.question is None:
            raise RuntimeError("the long conversation ended before its last turn")
        if reply.question.field == REVIEW:
            text = CORRECTIONS[corrections % 2]
            corrections += 1
        else:
            text = which.answer(reply.question.field)
        started = time.perf_counter()
        reply = await env.service.send(case_id, text)
        latencies.values.append((time.perf_counter() - started) * 1000)
    first = Samples(latencies.values[: sizes.window]).median()
    last = Samples(latencies.values[-sizes.window :]).median()
    return {
        "turns": len(latencies.values),
        "corrections": corrections,
        "window": sizes.window,
        "first_median_ms": first,
        "last_median_ms": last,
        "ratio": ratio(last, first),
    }
