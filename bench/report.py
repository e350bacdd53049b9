"""The bench report: one row per figure, printed as a table and written as Markdown + JSON."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

Row = tuple[str, str, str, str, str, str]
"""(section, metric, guichet, bare, ratio, target)."""

COLUMNS = ("section", "metric", "guichet", "bare", "ratio", "target")


def _f(value: Any, digits: int = 1) -> str:
    if not isinstance(value, int | float) or math.isnan(value):
        return "–"
    return f"{value:,.{digits}f}"


def _x(value: Any) -> str:
    return "–" if not isinstance(value, int | float) or math.isnan(value) else f"{value:.2f}×"


def _cpu_row(metric: str, top: dict[str, float], bottom: dict[str, float]) -> Row:
    """A throughput CPU row: ``top`` in the "guichet" column, ``bottom`` in "bare"."""
    top_total = top["server"] + top["process"]
    bottom_total = bottom["server"] + bottom["process"]
    return (
        "2 throughput",
        metric,
        f"{_f(top_total, 0)} ({_f(top['server'], 0)} + {_f(top['process'], 0)})",
        f"{_f(bottom_total, 0)} ({_f(bottom['server'], 0)} + {_f(bottom['process'], 0)})",
        _x(top_total / bottom_total) if bottom_total else "–",
        "",
    )


def rows(report: dict[str, Any]) -> list[Row]:
    """Turn the sections of ``report`` into table rows (sections not run are skipped)."""
    out: list[Row] = []
    s = report["sections"]
    if "latency" in s:
        lat = s["latency"]
        for q, target in (("p50", "p50 < 60 ms"), ("p95", "≤ 1.2×"), ("p99", "")):
            g, b = lat["guichet_ms"][q], lat["bare_ms"][q]
            out.append(("1 turn latency", f"{q} ms", _f(g), _f(b), _x(g / b), target))
        held = lat.get("held_bare")
        if held:
            for q in ("p50", "p95"):
                g, h = lat["guichet_ms"][q], held["ms"][q]
                out.append(
                    (
                        "1 turn latency",
                        f"{q} ms, bare activities held {_f(held['hold_ms'])}"
                        f" / {_f(held['projection_hold_ms'])} ms",
                        _f(g),
                        _f(h),
                        _x(held[f"{q}_ratio"]),
                        "",
                    )
                )
    if "throughput" in s:
        t = s["throughput"]
        spread = t.get("round_ratios") or [t["ratio"]]
        out.append(
            (
                "2 throughput",
                f"cases/s at {t['concurrency']}, median of {len(spread)} rounds"
                f" (ratios {_x(min(spread))}–{_x(max(spread))})",
                _f(t["guichet_cases_per_s"], 2),
                _f(t["bare_cases_per_s"], 2),
                _x(t["ratio"]),
                "≥ 0.9×",
            )
        )
        g_cpu, b_cpu = t.get("guichet_cpu_ms_per_case"), t.get("bare_cpu_ms_per_case")
        if g_cpu and b_cpu:
            out.append(_cpu_row("CPU ms per case (server + process)", g_cpu, b_cpu))
        if "graph_ratio" in t:
            # Each row reads as its "guichet" column over its "bare" column:
            # the floor over bare, then Guichet over the floor.
            for metric, top, bottom, key, rounds in (
                (
                    "the stack's floor over bare",
                    "graph",
                    "bare",
                    "graph_ratio",
                    "graph_round_ratios",
                ),
                (
                    "Guichet over the stack's floor",
                    "guichet",
                    "graph",
                    "guichet_over_graph",
                    "guichet_over_graph_rounds",
                ),
            ):
                spread = t[rounds]
                out.append(
                    (
                        "2 throughput",
                        f"cases/s, {metric} (ratios {_x(min(spread))}–{_x(max(spread))})",
                        _f(t[f"{top}_cases_per_s"], 2),
                        _f(t[f"{bottom}_cases_per_s"], 2),
                        _x(t[key]),
                        "",
                    )
                )
            out.append(
                _cpu_row(
                    "CPU ms per case, the stack's floor over bare",
                    t["graph_cpu_ms_per_case"],
                    b_cpu,
                )
            )
    if "stability" in s:
        st = s["stability"]
        out.append(
            (
                "3 stability",
                f"median last/first {st['window']} of {st['turns']} turns (ms)",
                f"{_f(st['last_median_ms'])} / {_f(st['first_median_ms'])}",
                "",
                _x(st["ratio"]),
                "≤ 1.2×",
            )
        )
    if "parked" in s:
        mem, ev = s["parked"]["memory"], s["parked"]["eviction"]
        out.append(
            (
                "4 parked",
                f"KiB per cached case ({mem['cases']} parked, "
                f"{mem.get('cached', mem['cases'])} cached)",
                _f(mem["kib_per_case"]),
                "",
                "",
                "≤ 512 KiB",
            )
        )
        if "gc_pauses" in mem:
            out.append(
                (
                    "4 parked",
                    "worker: collections over 0.5 s / failed activations",
                    f"{mem['gc_pauses']} / {mem['deadlocks']}",
                    "",
                    "",
                    "0 / 0",
                )
            )
        if mem.get("longest_full_gc_ms") is not None:
            out.append(
                (
                    "4 parked",
                    f"worker: longest full collection ms ({mem['full_collections']} full)",
                    _f(mem["longest_full_gc_ms"]),
                    "",
                    "",
                    "< 500 ms",
                )
            )
        out.append(
            (
                "4 parked",
                f"resume after eviction p95 ms (cache {ev['cache']})",
                _f(ev["resume_ms"]["p95"]),
                _f(ev["bare_update_ms"]["p95"]),
                _x(ev["p95_ratio"]),
                "< 1000 ms",
            )
        )
    if "queue" in s:
        for db in ("sqlite", "postgresql"):
            q = s["queue"][db]
            out.append(
                (
                    f"5 queue {db}",
                    f"list_tasks p95 ms ({q['tasks']:,} tasks)",
                    _f(q["list_ms"]["p95"]),
                    "",
                    "",
                    "< 50 ms",
                )
            )
            out.append(
                (
                    f"5 queue {db}",
                    "claim p95 ms",
                    _f(q["claim_ms"]["p95"]),
                    _f(q["bare_update_ms"]["p95"]),
                    _x(q["claim_p95_ratio"]),
                    "",
                )
            )
            held = q.get("held_bare_update_ms")
            if held:
                out.append(
                    (
                        f"5 queue {db}",
                        f"claim p95 ms, bare activities held {_f(held['hold_ms'])} ms",
                        _f(q["claim_ms"]["p95"]),
                        _f(held["p95"]),
                        _x(q["claim_p95_ratio_held"]),
                        "",
                    )
                )
    if "replay" in s:
        r = s["replay"]
        bare = r.get("bare")
        out.append(
            (
                "6 replay",
                f"archived histories/s (1 process, {r['events'] / r['histories']:.0f} events each)",
                _f(r["histories_per_s"], 2),
                _f(bare["histories_per_s"], 2) if bare else "",
                _x(r["ratio"]) if bare else "",
                "≥ 50",
            )
        )
    if "scaleout" in s:
        so = s["scaleout"]
        out.append(
            (
                "7 scale-out",
                "cases/s 1 → 2 worker processes",
                f"{_f(so['one_process']['cases_per_s'], 2)} → "
                f"{_f(so['two_processes']['cases_per_s'], 2)}",
                "",
                f"eff. {_x(so['efficiency_per_core'])}",
                "",
            )
        )
    if "model" in s:
        out += _model_rows(s["model"])
    return out


def _model_rows(m: dict[str, Any]) -> list[Row]:
    """Section 8: the model's turns (the "guichet" column) against the parser alone ("bare")."""
    name = m["model"] or "no model configured"
    rows_: list[Row] = []
    for q, target in (("p50", ""), ("p95", "< 1,500 ms with the model")):
        rows_.append(
            (
                "8 model",
                f"turn {q} ms, {name} vs parser alone ({m['messages']} bank messages)",
                _f(m["with_model_ms"][q]),
                _f(m["parser_ms"][q]),
                _x(m[f"{q}_ratio"]),
                target,
            )
        )
    calls = m["model_calls"]
    rows_ += [
        (
            "8 model",
            f"messages the model was asked about (failed or timed out: {m['model_failed']})",
            f"{calls} ({100 * m['model_asked_share']:.0f} %)",
            "",
            "",
            "only where it can add",
        ),
        (
            "8 model",
            "model call ms p50 / p95",
            f"{_f(m['model_call_ms']['p50'], 0)} / {_f(m['model_call_ms']['p95'], 0)}",
            "",
            "",
            f"timeout {m['model_timeout_s']:g} s",
        ),
        (
            "8 model",
            "prompt tokens p50 / p95 (completion p50 / p95)",
            f"{_f(m['prompt_tokens']['p50'], 0)} / {_f(m['prompt_tokens']['p95'], 0)}"
            f" ({_f(m['completion_tokens']['p50'], 0)} / {_f(m['completion_tokens']['p95'], 0)})",
            "",
            "",
            "",
        ),
    ]
    return rows_


def _title(report: dict[str, Any]) -> str:
    return f"Guichet vs bare Temporal — rev {report['revision']}, {report['date']}"


def _footer(report: dict[str, Any]) -> str:
    return (
        f"preset {report['preset']}, sizes {report['sizes']}; case shape {report['case_shape']}; "
        f"server flags: {report['server_flags']}; {report['machine']}; "
        f"total {report['seconds']:.0f} s"
    )


def print_report(report: dict[str, Any], console: Console) -> None:
    """Print the report as a rich table."""
    table = Table(title=_title(report))
    for column in COLUMNS:
        table.add_column(column)
    for row in rows(report):
        table.add_row(*row)
    console.print(table)
    console.print(_footer(report))


def markdown(report: dict[str, Any]) -> str:
    """Return the report as a Markdown table."""
    lines = [f"## {_title(report)}", "", f"`{report['command']}`", ""]
    lines += ["| " + " | ".join(COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
    lines += ["| " + " | ".join(row) + " |" for row in rows(report)]
    lines += ["", _footer(report), ""]
    return "\n".join(lines)


def write_report(report: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    """Write the report as JSON and Markdown under ``out_dir``; return both files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"bench-{report['revision']}-{report['preset']}"
    json_path, md_path = stem.with_suffix(".json"), stem.with_suffix(".md")
    json_path.write_text(json.dumps(report, indent=2, default=str))
    md_path.write_text(markdown(report))
    return json_path, md_path
