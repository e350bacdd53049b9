"""``python starter.py eval``: the understanding measured on the natural phrase bank (issue 19).

Figures per split (``dev``, ``test``), procedure and language, for the
parser alone (``none``) and for the configured model (``local``). The test
split is shown as figures only: its failing items are never printed, so
that nobody tunes the parser on it. ``--show-failures`` lists the failing
dev items; ``--json`` prints one JSON document; ``--write-baseline`` records
the parser-alone figures in ``tests/eval/natural/baseline.json``, which
``tests/tools/test_natural_eval.py`` holds the parser to.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from guichet.config import Settings, get_settings
from guichet.llm import ModelClient
from guichet.llm.client import build_model
from guichet.logging import configure_logging
from tools.evaluation.bank import NATURAL_DIR, Bank, load_bank
from tools.evaluation.natural import (
    BankFigures,
    ItemResult,
    score_bank,
    selected_items,
    summarise_bank,
)
from tools.evaluation.simulated import (
    PROFILES,
    ConversationFigures,
    ConversationResult,
    GroupKey,
    build_scripts,
    run_scripts,
    summarise_conversations,
)

BASELINE = NATURAL_DIR / "baseline.json"
MODELS = ("none", "local")


def failures_of(results: Sequence[ItemResult]) -> list[dict[str, Any]]:
    """The failing items of the dev split, as JSON (test-split items are never listed).

    Each entry has the item id, its text, what was expected and what was
    stored or read back, per field that failed.
    """
    out = []
    for result in results:
        if result.split != "dev" or result.passed:
            continue
        out.append(
            {
                "id": result.id,
                "asked": result.asked,
                "text": result.text,
                "failed": [
                    {
                        "field": f.field,
                        "role": f.role,
                        "verdict": f.verdict,
                        "expected": f.expected,
                        "got": f.got,
                    }
                    for f in result.fields
                    if f.verdict in ("wrong", "miss", "readback_miss")
                ],
            }
        )
    return out


def conversation_failures_of(results: Sequence[ConversationResult]) -> list[dict[str, Any]]:
    """Simulated conversations that looped or stored a wrong value, as JSON.

    Only conversations over the profiles and the dev openings: one built on
    a test-split opening is never listed.
    """
    out = []
    for result in results:
        if result.script.split == "test" or (not result.loop and not result.wrong):
            continue
        out.append(
            {
                "id": result.script.id,
                "kind": result.script.kind,
                "completed": result.completed,
                "loop": result.loop,
                "turns": result.turns,
                "wrong": {
                    name: {"expected": result.script.truth.get(name), "got": value}
                    for name, value in result.wrong.items()
                },
                "transcript": [list(turn) for turn in result.transcript],
            }
        )
    return out


def baseline_of(
    results: Sequence[ItemResult], conversations: Sequence[ConversationResult] = ()
) -> dict[str, Any]:
    """The figures a later run must not fall below, per split (parser alone).

    Per split of the bank the wrong-value count and its group breakdown,
    with the other figures for information; the same for the simulated
    conversations (splits ``profiles``, ``dev``, ``test``).
    """
    figures = summarise_bank(results)
    talks = summarise_conversations(conversations)
    return {
        "model": "none",
        "note": "written by `starter.py eval --model none --write-baseline`; the wrong-value "
        "count of a split must not increase (tests/tools/test_natural_eval.py)",
        "splits": {
            split: {
                "total": groups[("all", "all")].as_json(),
                "groups": {
                    f"{procedure}/{language}": {
                        "wrong": f.wrong,
                        "stored": f.stored,
                        "answer_recall": round(f.answer_recall, 4),
                        "opening_recall": round(f.opening_recall, 4),
                    }
                    for (procedure, language), f in groups.items()
                    if "all" not in (procedure, language)
                },
            }
            for split, groups in figures.items()
        },
        "conversations": {
            split: {
                f"{kind}": groups[("all", "all", kind)].as_json()
                for kind in ("terse", "talkative")
                if ("all", "all", kind) in groups
            }
            for split, groups in talks.items()
        },
    }


def _strip_latency(document: dict[str, Any]) -> dict[str, Any]:
    """Drop the timing figures (they differ on every run) before writing a baseline."""
    totals = [split["total"] for split in document["splits"].values()]
    totals += [f for split in document["conversations"].values() for f in split.values()]
    for figures in totals:
        for key in ("latency_p50_ms", "latency_p95_ms"):
            figures.pop(key, None)
    return document


async def _model_for(name: str, settings: Settings) -> tuple[ModelClient | None, str | None]:
    """The client for ``name``, or why it is not configured (``local`` only)."""
    if name == "none":
        return None, None
    if settings.model_backend == "none":
        return None, "GUICHET_MODEL_BACKEND is none"
    try:
        client = await build_model(settings)
    except ValueError as exc:
        return None, str(exc)
    if client is None:
        return None, "the local model cannot run here"
    return client, None


def eval_command(
    model: Annotated[
        str,
        typer.Option(
            help="none, local, or both comma-separated; local is the configured model "
            "(GUICHET_MODEL_BACKEND local or remote), skipped when none is configured"
        ),
    ] = "none,local",
    procedure: Annotated[str | None, typer.Option(help="Only this procedure")] = None,
    language: Annotated[str | None, typer.Option("--lang", help="Only this language")] = None,
    split: Annotated[str, typer.Option(help="dev, test or both comma-separated")] = "dev,test",
    show_failures: Annotated[
        bool, typer.Option("--show-failures", help="List the failing dev items")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
    write_baseline: Annotated[
        bool,
        typer.Option("--write-baseline", help=f"Write the parser-alone figures to {BASELINE}"),
    ] = False,
    timeout: Annotated[
        float | None, typer.Option(help="Model timeout in seconds (default: settings)")
    ] = None,
    data: Annotated[Path, typer.Option(help="The phrase bank's folder")] = NATURAL_DIR,
    conversations: Annotated[
        bool,
        typer.Option(help="Also run the simulated terse and talkative conversations"),
    ] = True,
) -> None:
    """Measure the understanding on the natural phrase bank (dev and test split)."""
    models = [m.strip() for m in model.split(",") if m.strip()]
    splits = [s.strip() for s in split.split(",") if s.strip()]
    if not models or any(m not in MODELS for m in models):
        raise typer.BadParameter("--model takes none, local or none,local")
    if not splits or any(s not in ("dev", "test") for s in splits):
        raise typer.BadParameter("--split takes dev, test or dev,test")
    if write_baseline and (
        "none" not in models
        or procedure
        or language
        or set(splits) != {"dev", "test"}
        or not conversations
    ):
        raise typer.BadParameter("--write-baseline needs the whole bank with --model none")
    settings = get_settings()
    if timeout is not None:
        settings = settings.model_copy(update={"model_timeout_seconds": timeout})
    configure_logging("ERROR", json=True)
    bank = load_bank(data)
    procedures = [procedure] if procedure else None
    languages = [language] if language else None
    # With --json, stdout holds the document only; the progress bar goes to stderr.
    out = Console(width=160) if not sys.stdout.isatty() else Console()
    err = Console(stderr=True)
    document: dict[str, Any] = {"models": {}}
    for name in models:
        report = asyncio.run(
            _run_model(name, settings, bank, procedures, languages, splits, conversations, err)
        )
        document["models"][name] = report["json"]
        if not as_json:
            _print_report(out, name, report, show_failures)
        if name == "none" and write_baseline:
            baseline = _strip_latency(baseline_of(report["results"], report["conversations"]))
            BASELINE.write_text(
                json.dumps(baseline, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            err.print(f"baseline written to {BASELINE}")
    if as_json:
        if not show_failures:
            for entry in document["models"].values():
                entry.pop("failures", None)
                entry.pop("conversation_failures", None)
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=1, default=str) + "\n")


async def _run_model(
    name: str,
    settings: Settings,
    bank: Bank,
    procedures: list[str] | None,
    languages: list[str] | None,
    splits: list[str],
    with_conversations: bool,
    err: Console,
) -> dict[str, Any]:
    """Score the bank with one model; return the results, figures and JSON."""
    client, missing = await _model_for(name, settings)
    if missing is not None:
        return {"missing": missing, "json": {"configured": False, "reason": missing}}
    label = name if client is None else f"{name}: {client.model}"
    try:
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as bar:
            total = selected_items(bank, procedures, languages, splits)
            task = bar.add_task(f"phrase bank ({label})", total=total)
            results = await score_bank(
                bank,
                client,
                procedures=procedures,
                languages=languages,
                splits=splits,
                progress=lambda _: bar.advance(task),
            )
            talks: list[ConversationResult] = []
            if with_conversations:
                scripts = build_scripts(
                    bank, procedures=procedures, languages=languages, splits=splits
                )
                task = bar.add_task(f"conversations ({label})", total=len(scripts))
                talks = await run_scripts(
                    scripts, bank, client, progress=lambda _: bar.advance(task)
                )
    finally:
        if client is not None:
            await client.client.close()
    figures = summarise_bank(results)
    talk_figures = summarise_conversations(talks)
    return {
        "label": label,
        "results": results,
        "figures": figures,
        "conversations": talks,
        "conversation_figures": talk_figures,
        "json": {
            "configured": True,
            "label": label,
            "bank": {
                split: {f"{p}/{lang}": f.as_json() for (p, lang), f in groups.items()}
                for split, groups in figures.items()
            },
            "conversations": {
                split: {"/".join(key): f.as_json() for key, f in groups.items()}
                for split, groups in talk_figures.items()
            },
            "failures": failures_of(results),
            "conversation_failures": conversation_failures_of(talks),
        },
    }


def _print_report(out: Console, name: str, report: dict[str, Any], show_failures: bool) -> None:
    if "missing" in report:
        out.print(f"{name}: not configured ({report['missing']})")
        return
    figures: dict[str, dict[tuple[str, str], BankFigures]] = report["figures"]
    for split, groups in figures.items():
        out.print(_bank_table(f"Phrase bank, {split} split, model {report['label']}", groups))
    talks: dict[str, dict[GroupKey, ConversationFigures]] = report["conversation_figures"]
    for split, talk_groups in sorted(talks.items(), key=lambda item: item[0] != PROFILES):
        what = "profiles" if split == PROFILES else f"{split}-split openings"
        title = f"Simulated conversations over the {what}, model {report['label']}"
        out.print(_conversation_table(title, talk_groups))
    if show_failures:
        failures = report["json"]["failures"]
        out.print(
            f"[bold]Failing dev items ({len(failures)})[/bold] (test-split items never shown)"
        )
        for failure in failures:
            out.print(f"[bold]{failure['id']}[/bold] asked {failure['asked']}: {failure['text']!r}")
            for f in failure["failed"]:
                out.print(
                    f"    {f['field']} ({f['role']}): {_VERDICTS.get(f['verdict'], f['verdict'])}, "
                    f"expected {f['expected']!r}, got {f['got']!r}",
                    soft_wrap=True,
                )
        talk_failures = report["json"]["conversation_failures"]
        out.print(
            f"[bold]Conversations that looped or stored a wrong value ({len(talk_failures)})"
            "[/bold] (over the profiles and dev openings; --json has the transcripts)"
        )
        for failure in talk_failures:
            state = "loop" if failure["loop"] else "completed"
            wrong = ", ".join(
                f"{name}: expected {v['expected']!r}, got {v['got']!r}"
                for name, v in failure["wrong"].items()
            )
            out.print(
                f"[bold]{failure['id']}[/bold] ({failure['kind']}, {state}, "
                f"{failure['turns']} turns) {wrong}",
                soft_wrap=True,
            )


_VERDICTS = {
    "wrong": "WRONG VALUE STORED",
    "miss": "nothing stored",
    "readback_miss": "read back (where not allowed, or a wrong value)",
}


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def _bank_table(title: str, groups: dict[tuple[str, str], BankFigures]) -> Table:
    table = Table(title=title)
    columns = (
        "procedure",
        "lang",
        "answers",
        "openings",
        "stored",
        "wrong",
        "wrong % (95 % upper)",
        "answer recall %",
        "+ read-back ok %",
        "opening recall %",
        "read-back share %",
        "p50 / p95 ms",
    )
    for column in columns:
        if column in ("procedure", "lang"):
            table.add_column(column, no_wrap=True)
        else:
            table.add_column(column, justify="right")
    for (procedure, language), f in groups.items():
        table.add_row(
            procedure,
            language,
            str(f.answers),
            str(f.openings),
            str(f.stored),
            str(f.wrong),
            f"{_pct(f.wrong_rate)} ({_pct(f.wrong_rate_upper)})",
            _pct(f.answer_recall),
            _pct(f.answer_acceptable),
            _pct(f.opening_recall),
            _pct(f.readback_share),
            f"{f.latency_ms(50):.1f} / {f.latency_ms(95):.1f}",
        )
    return table


def _conversation_table(title: str, groups: dict[GroupKey, ConversationFigures]) -> Table:
    table = Table(title=title)
    columns = (
        "procedure",
        "lang",
        "applicant",
        "conversations",
        "completed",
        "turns / completed form",
        "loops",
        "read-back share of turns %",
        "stored",
        "wrong (text + extra words)",
        "p50 / p95 ms",
    )
    for column in columns:
        if column in ("procedure", "lang", "applicant"):
            table.add_column(column, no_wrap=True)
        else:
            table.add_column(column, justify="right")
    for (procedure, language, kind), f in groups.items():
        table.add_row(
            procedure,
            language,
            kind,
            str(f.conversations),
            str(f.completed),
            f"{f.turns_per_form:.1f}",
            str(f.loops),
            _pct(f.readback_share),
            str(f.stored),
            f"{f.wrong} ({f.extra_words})",
            f"{f.latency_ms(50):.1f} / {f.latency_ms(95):.1f}",
        )
    return table
