"""What the procedures say to people reads as it did before their texts moved
into the catalogues (issue 24).

Every procedure, in its first and its newest question flow: the titles, every
field's questions and labels and its choices' labels, the cross-field checks'
errors, every rule criterion's explanation for a few hundred complete forms
(walked through the flow with a fixed seed, plus the evaluation profiles) and
the sign-off reasons, in de, en and fr. ``snapshots/procedure_texts.json`` was
written from the Python dicts the texts were kept in before; the same test
must pass unchanged against the catalogues, so no question a running case was
asked, and no command in a recorded history, changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from pathlib import Path
from typing import Any

from procedures import PROCEDURES
from procedures.base import Procedure
from procedures.short_time_work.policy import REASON_TEXTS, describe_reason
from schemas.form import FieldKind, FieldSpec

DATA = Path(__file__).parent / "snapshots" / "procedure_texts.json"
PROFILES = Path(__file__).parents[1] / "eval" / "natural" / "profiles.json"
LANGUAGES = ("de", "en", "fr")
WALKS = 40
"""Complete forms walked through each flow (a fixed seed: the same forms every run)."""
DATES = (dt.date(2021, 5, 10), dt.date(2026, 3, 31), dt.date(2026, 7, 2))
"""Dates of receipt (and reference): older and current parameter sets, in time and late."""

_INTEGERS = (0, 1, 2, 3, 4, 5, 6, 9, 10, 12, 18, 24, 25, 30, 100, 250, 251, 1000)
_CANDIDATES: dict[FieldKind, tuple[Any, ...]] = {
    FieldKind.PERCENT: (1.0, 10.0, 33.3, 40.0, 100.0),
    FieldKind.DECIMAL: (5.0, 19.5, 20.0, 40.0, 150.0, 151.0),
    FieldKind.MONEY: (0.0, 80.0, 300.0, 646.52, 1250.5, 4000.0),
    FieldKind.MONTH: ("2021-04", "2026-01", "2026-03", "2026-06"),
    FieldKind.DATE: ("1950-02-01", "1990-06-15", "2004-01-31", "2026-02-03"),
    FieldKind.YES_NO: (True, False),
    FieldKind.TEXT: ("Test", "AB"),
    FieldKind.EMAIL: ("eva@example.org",),
    FieldKind.BETRIEBSNUMMER: ("09912342",),
    FieldKind.IBAN: ("FR7630006000011234567890189",),
    FieldKind.FILE: ("file:" + "a" * 64,),
}


def _candidates(spec: FieldSpec) -> list[Any]:
    if spec.kind is FieldKind.CHOICE:
        return [option.value for option in spec.choices]
    if spec.kind is FieldKind.INTEGER:
        low = spec.minimum if spec.minimum is not None else 0
        high = spec.maximum if spec.maximum is not None else 10**9
        return [n for n in _INTEGERS if low <= n <= high]
    return list(_CANDIDATES[spec.kind])


def _walk(procedure: Procedure, rng: random.Random, errors: list[Any]) -> dict[str, Any]:
    form: dict[str, Any] = {}
    while (name := procedure.next_field(form)) is not None:
        options = _candidates(procedure.fields[name])
        rng.shuffle(options)
        for value in options:
            error = procedure.check_field(name, value, form)
            if error is None:
                form[name] = value
                break
            errors.append(error)
        else:
            raise AssertionError(f"no value accepted for {name}")
    return form


def _profiles(procedure_id: str) -> list[dict[str, Any]]:
    data = json.loads(PROFILES.read_text(encoding="utf-8"))[procedure_id]
    forms = []
    for profile in data["profiles"]:
        values = {**data["defaults"], **profile["values"]}
        forms.append(
            {
                name: value.get("en") if isinstance(value, dict) else value
                for name, value in values.items()
            }
        )
    return forms


def _fields(procedure: Procedure) -> dict[str, Any]:
    return {
        name: {
            "questions": spec.questions,
            "labels": spec.labels,
            "choices": {option.value: option.labels for option in spec.choices},
        }
        for name, spec in procedure.fields.items()
    }


def _digest(lines: list[Any]) -> str:
    text = json.dumps(lines, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def snapshot() -> dict[str, Any]:
    """Render every text of every procedure and graph, as the snapshot stores it.

    Returns:
        ``"<graph>"`` to the titles, fields, check errors, criteria lines (every
        distinct explanation, and a digest of them in order) and reasons.

    """
    shot: dict[str, Any] = {}
    for procedure_id in sorted(PROCEDURES):
        base = PROCEDURES[procedure_id]
        for graph in sorted({base.graph_name, base.graph_versions[-1].graph_name}):
            procedure = base.for_graph(graph)
            rng = random.Random(f"{graph}-texts")
            errors: list[Any] = []
            forms = _profiles(procedure_id) + [_walk(procedure, rng, errors) for _ in range(WALKS)]
            lines: list[Any] = []
            for form in forms:
                for day in DATES:
                    try:
                        outcome = procedure.evaluate(form, day, day)
                    except (ValueError, KeyError, LookupError):
                        lines.append(None)
                        continue
                    lines.append(
                        [(c.code, c.result.value, c.explanation) for c in outcome.criteria]
                    )
            explanations = {
                json.dumps(c[2], ensure_ascii=False, sort_keys=True)
                for outcome_lines in lines
                if outcome_lines
                for c in outcome_lines
            }
            shot[graph] = {
                "titles": {language: procedure.title(language) for language in LANGUAGES},
                "fields": _fields(procedure),
                # The short-time-work checks' errors name the counts: many, so a digest.
                "errors": _digest(sorted({json.dumps(e, sort_keys=True) for e in errors})),
                "explanations": sorted(explanations),
                "outcomes": _digest(lines),
                "evaluated": sum(1 for line in lines if line is not None),
            }
    shot["errors"] = {
        "building_permit": PROCEDURES["building_permit"].check_field("parcel_section", "ABC", {}),
        "minimum_income": PROCEDURES["minimum_income"].check_field("child_1_age", 25, {}),
        "minimum_income_intake_v2": PROCEDURES["minimum_income"]
        .for_graph("minimum_income_intake_v2")
        .check_field("asf_children", 3, {"children_count": 1}),
    }
    shot["reasons"] = {
        f"{code}:{language}": describe_reason(f"{code}:headcount", language)
        for code in sorted(REASON_TEXTS)
        for language in (*LANGUAGES, "it")
    }
    return shot


def test_every_procedure_text_reads_as_before() -> None:
    expected = json.loads(DATA.read_text(encoding="utf-8"))
    actual = json.loads(json.dumps(snapshot(), ensure_ascii=False))
    for graph in expected:
        assert actual[graph] == expected[graph], graph
    assert actual == expected
