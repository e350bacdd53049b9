"""Scoring the phrase bank: single answers and multi-fact openings, item by item.

Each item is one applicant message read in-process the way the workflow
reads it (:mod:`tools.evaluation.turns`). Every field the message touches
gets one verdict:

- ``correct``: the expected value was stored;
- ``wrong``: a value was stored that is not the expected one, a field the
  applicant did not state was stored, or a ``must_not_store`` field changed
  (a precision failure: the worst outcome, a silent wrong value);
- ``readback``: the expected value is read back to the applicant and the
  item allows it (``readback_ok``): acceptable, but not stored;
- ``readback_miss``: a read-back where the item does not allow one, or of a
  wrong value (nothing wrong stored, but the fact is not understood);
- ``miss``: nothing stored or read back for a stated fact.

Precision counts wrong values over values stored; recall counts facts
stored correctly over facts stated (``expect`` of answers, ``facts`` of
openings; ``also`` facts may be stored but need not be).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from agents.intake.nodes import next_question
from agents.intake.state import CONFIRM
from guichet.llm import ModelClient
from procedures import get_procedure
from schemas.case import Question
from schemas.extraction import Extraction
from tools.evaluation.bank import AnswerItem, Bank, OpeningItem, matches
from tools.evaluation.stats import clopper_pearson_upper, percentile
from tools.evaluation.turns import answer, new_state

Verdict = Literal["correct", "wrong", "readback", "readback_miss", "miss"]
Role = Literal["expect", "also", "must_not_store", "unexpected"]
Section = Literal["answers", "openings"]


@dataclass
class FieldResult:
    """The verdict on one field of one item.

    Attributes:
        field: The form field.
        role: Why it is judged: stated (``expect``/facts), ``also`` stated,
            ``must_not_store``, or stored without being stated (``unexpected``).
        verdict: See the module docstring.
        expected: The expected value or matcher (``None`` when none).
        got: What was stored or read back (``None`` when nothing).
    """

    field: str
    role: Role
    verdict: Verdict
    expected: Any
    got: Any


@dataclass
class ItemResult:
    """How one item was read."""

    id: str
    procedure: str
    language: str
    split: str
    section: Section
    asked: str
    text: str
    fields: list[FieldResult]
    stored: int
    """Values stored (fields added or changed), right or wrong."""
    readback: bool
    """Whether the message led to a read-back (a new value waiting for "yes")."""
    seconds: float
    model_call: bool

    def count(self, verdict: Verdict, role: Role | None = None) -> int:
        """Fields with this verdict (and role, when given)."""
        return sum(
            1 for f in self.fields if f.verdict == verdict and (role is None or f.role == role)
        )

    @property
    def stated(self) -> int:
        """Facts the message states that count for recall."""
        return sum(1 for f in self.fields if f.role == "expect")

    @property
    def wrong(self) -> int:
        """Wrong values stored."""
        return self.count("wrong")

    @property
    def passed(self) -> bool:
        """No wrong value, and every stated fact stored (or read back where allowed)."""
        return self.wrong == 0 and all(
            f.verdict in ("correct", "readback") for f in self.fields if f.role == "expect"
        )


def _pending_entry(field_name: str, value: Any) -> dict[str, Any]:
    """A read-back waiting for the applicant, as ``apply`` leaves one."""
    return Extraction(
        field=field_name, value=value, source_text=str(value), confidence=0.5, turn=0
    ).model_dump(mode="json")


def judge(
    *,
    context: dict[str, Any],
    form: dict[str, Any],
    read_back: dict[str, Any],
    stated: dict[str, Any],
    also: dict[str, Any],
    must_not_store: Iterable[str],
    readback_ok: bool,
) -> tuple[list[FieldResult], int]:
    """Judge every field the message touched; return the verdicts and the values stored."""
    changed = {
        name: value
        for name, value in form.items()
        if name not in context or not matches(value, context[name])
    }
    removed = {name for name in context if name not in form}
    results: list[FieldResult] = []
    for name, expected in stated.items():
        if name in changed:
            verdict: Verdict = "correct" if matches(changed[name], expected) else "wrong"
            results.append(FieldResult(name, "expect", verdict, expected, changed[name]))
        elif name in form and matches(form[name], expected):
            # Already right before the message (not a new value): nothing lost.
            results.append(FieldResult(name, "expect", "correct", expected, form[name]))
        elif name in read_back:
            good = readback_ok and matches(read_back[name], expected)
            verdict = "readback" if good else "readback_miss"
            results.append(FieldResult(name, "expect", verdict, expected, read_back[name]))
        else:
            results.append(FieldResult(name, "expect", "miss", expected, None))
    for name, expected in also.items():
        if name in changed and name not in stated:
            verdict = "correct" if matches(changed[name], expected) else "wrong"
            results.append(FieldResult(name, "also", verdict, expected, changed[name]))
    judged = set(stated) | set(also)
    for name in must_not_store:
        if name in judged:
            continue
        judged.add(name)
        if name in changed or name in removed:
            results.append(FieldResult(name, "must_not_store", "wrong", None, form.get(name)))
    for name, value in changed.items():
        if name not in judged:
            # A value the applicant did not state is a wrong value.
            results.append(FieldResult(name, "unexpected", "wrong", None, value))
    return results, len(changed)


async def score_answer(
    procedure_id: str, language: str, item: AnswerItem, model: ModelClient | None
) -> ItemResult:
    """Read one single answer and judge it.

    Args:
        procedure_id: The procedure of the item's file.
        language: The language of the item's file.
        item: The item.
        model: The model client, or ``None`` for the parser alone.
    """
    fields = {**item.context, **_plain(item.expect)}
    if item.asked and not item.asked.startswith("_"):
        fields.setdefault(item.asked, None)
    state = new_state(procedure_id, language, item.context, answers=fields)
    procedure = get_procedure(procedure_id, state.get("graph"))
    initial: list[dict[str, Any]] = []
    if item.pending is not None:
        initial = [_pending_entry(item.pending.field, item.pending.value)]
        state["pending_confirmation"] = list(initial)
        question = next_question(state)
        if question is None or question.field != CONFIRM:
            raise ValueError(f"{item.id}: the read-back was not asked")
    else:
        question = Question(field=item.asked, text=procedure.fields[item.asked].question(language))
    turn = await answer(state, question, item.text, item.today, model)
    read_back = _new_read_backs(initial, state.get("pending_confirmation") or [])
    results, stored = judge(
        context=item.context,
        form=state.get("form", {}),
        read_back=read_back,
        stated=item.expect,
        also=item.also,
        must_not_store=item.must_not_store,
        readback_ok=item.readback_ok,
    )
    return ItemResult(
        id=item.id,
        procedure=procedure_id,
        language=language,
        split=item.split,
        section="answers",
        asked=item.asked,
        text=item.text,
        fields=results,
        stored=stored,
        readback=bool(read_back),
        seconds=turn.seconds,
        model_call=turn.understanding.model_call is not None,
    )


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Expected values as answers (a ``one_of`` or ``contains`` stands for some value)."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, dict) and "one_of" in value:
            out[name] = value["one_of"][0]
        elif isinstance(value, dict):
            out[name] = " ".join(value.get("contains", [])) or "x"
        else:
            out[name] = value
    return out


async def score_opening(
    procedure_id: str, language: str, item: OpeningItem, model: ModelClient | None
) -> ItemResult:
    """Read one multi-fact opening as the first message of a new case and judge it."""
    state = new_state(procedure_id, language, answers=_plain(item.facts))
    question = next_question(state)
    if question is None:
        raise ValueError(f"{procedure_id} asks nothing")
    turn = await answer(state, question, item.text, item.today, model)
    read_back = _new_read_backs([], state.get("pending_confirmation") or [])
    results, stored = judge(
        context={},
        form=state.get("form", {}),
        read_back=read_back,
        stated=item.facts,
        also=item.also,
        must_not_store=item.must_not_store,
        readback_ok=False,
    )
    return ItemResult(
        id=item.id,
        procedure=procedure_id,
        language=language,
        split=item.split,
        section="openings",
        asked=question.field,
        text=item.text,
        fields=results,
        stored=stored,
        readback=bool(read_back),
        seconds=turn.seconds,
        model_call=turn.understanding.model_call is not None,
    )


def _new_read_backs(
    initial: Sequence[dict[str, Any]], after: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    """The values newly waiting for a read-back, by field (the first one per field)."""
    remaining = list(after)
    for entry in initial:
        for i, candidate in enumerate(remaining):
            if candidate.get("field") == entry["field"] and matches(
                candidate.get("value"), entry["value"]
            ):
                del remaining[i]
                break
    found: dict[str, Any] = {}
    for entry in remaining:
        found.setdefault(str(entry.get("field")), entry.get("value"))
    return found


async def score_bank(
    bank: Bank,
    model: ModelClient | None,
    *,
    procedures: Sequence[str] | None = None,
    languages: Sequence[str] | None = None,
    splits: Sequence[str] = ("dev", "test"),
    progress: Callable[[ItemResult], None] | None = None,
) -> list[ItemResult]:
    """Score every selected item of the bank, one at a time (latency is measured)."""
    results: list[ItemResult] = []
    for (procedure_id, language), data in bank.files.items():
        if procedures and procedure_id not in procedures:
            continue
        if languages and language not in languages:
            continue
        for answer_item in data.answers:
            if answer_item.split in splits:
                results.append(await score_answer(procedure_id, language, answer_item, model))
                if progress is not None:
                    progress(results[-1])
        for opening in data.openings:
            if opening.split in splits:
                results.append(await score_opening(procedure_id, language, opening, model))
                if progress is not None:
                    progress(results[-1])
    return results


def selected_items(
    bank: Bank,
    procedures: Sequence[str] | None = None,
    languages: Sequence[str] | None = None,
    splits: Sequence[str] = ("dev", "test"),
) -> int:
    """How many items :func:`score_bank` would score (for a progress bar)."""
    return sum(
        sum(1 for a in data.answers if a.split in splits)
        + sum(1 for o in data.openings if o.split in splits)
        for (procedure_id, language), data in bank.files.items()
        if (not procedures or procedure_id in procedures)
        and (not languages or language in languages)
    )


@dataclass
class BankFigures:
    """The figures of one group of items (answers and openings together)."""

    answers: int = 0
    openings: int = 0
    passed: int = 0
    stated: int = 0
    """Facts stated in single answers (``expect``)."""
    stated_correct: int = 0
    stated_readback: int = 0
    """Of those, read back where the item allows it (acceptable, not stored)."""
    facts: int = 0
    """Facts stated in openings."""
    facts_correct: int = 0
    stored: int = 0
    wrong: int = 0
    readback_items: int = 0
    model_calls: int = 0
    seconds: list[float] = field(default_factory=list)

    def add(self, result: ItemResult) -> None:
        """Count one item in."""
        if result.section == "answers":
            self.answers += 1
            self.stated += result.stated
            self.stated_correct += result.count("correct", "expect")
            self.stated_readback += result.count("readback", "expect")
        else:
            self.openings += 1
            self.facts += result.stated
            self.facts_correct += result.count("correct", "expect")
        self.passed += result.passed
        self.stored += result.stored
        self.wrong += result.wrong
        self.readback_items += result.readback
        self.model_calls += result.model_call
        self.seconds.append(result.seconds)

    @property
    def items(self) -> int:
        """Items scored."""
        return self.answers + self.openings

    @property
    def wrong_rate(self) -> float:
        """Wrong values over values stored (0 when nothing was stored)."""
        return self.wrong / self.stored if self.stored else 0.0

    @property
    def wrong_rate_upper(self) -> float:
        """95 % Clopper-Pearson upper bound of :attr:`wrong_rate`."""
        return clopper_pearson_upper(self.wrong, self.stored)

    @property
    def answer_recall(self) -> float:
        """Facts of single answers stored correctly over facts stated."""
        return self.stated_correct / self.stated if self.stated else 0.0

    @property
    def answer_acceptable(self) -> float:
        """Facts of single answers stored correctly or read back where allowed."""
        return (self.stated_correct + self.stated_readback) / self.stated if self.stated else 0.0

    @property
    def opening_recall(self) -> float:
        """Facts of openings stored correctly over facts stated."""
        return self.facts_correct / self.facts if self.facts else 0.0

    @property
    def readback_share(self) -> float:
        """Share of items whose message led to a read-back."""
        return self.readback_items / self.items if self.items else 0.0

    def latency_ms(self, q: float) -> float:
        """The ``q``-th percentile of the time per item, in milliseconds."""
        return 1000.0 * percentile(self.seconds, q)

    def as_json(self) -> dict[str, Any]:
        """The figures as plain JSON (counts, rates and latency percentiles)."""
        return {
            "answers": self.answers,
            "openings": self.openings,
            "passed": self.passed,
            "stored": self.stored,
            "wrong": self.wrong,
            "wrong_rate": round(self.wrong_rate, 5),
            "wrong_rate_upper_95": round(self.wrong_rate_upper, 5),
            "answer_facts": self.stated,
            "answer_facts_correct": self.stated_correct,
            "answer_facts_read_back": self.stated_readback,
            "answer_recall": round(self.answer_recall, 4),
            "answer_acceptable": round(self.answer_acceptable, 4),
            "opening_facts": self.facts,
            "opening_facts_correct": self.facts_correct,
            "opening_recall": round(self.opening_recall, 4),
            "readback_items": self.readback_items,
            "readback_share": round(self.readback_share, 4),
            "model_calls": self.model_calls,
            "latency_p50_ms": round(self.latency_ms(50), 1),
            "latency_p95_ms": round(self.latency_ms(95), 1),
        }


ALL = "all"


def summarise_bank(
    results: Sequence[ItemResult],
) -> dict[str, dict[tuple[str, str], BankFigures]]:
    """Group the figures by split, then by (procedure, language) with totals.

    Returns:
        ``{split: {(procedure, language): figures}}`` with ``(procedure,
        "all")``, ``("all", language)`` and ``("all", "all")`` totals, the
        grand total last.
    """
    out: dict[str, dict[tuple[str, str], BankFigures]] = {}
    for result in results:
        groups = out.setdefault(result.split, {})
        for key in (
            (result.procedure, result.language),
            (result.procedure, ALL),
            (ALL, result.language),
            (ALL, ALL),
        ):
            groups.setdefault(key, BankFigures()).add(result)
    return {
        split: dict(sorted(groups.items(), key=lambda item: _order(item[0])))
        for split, groups in sorted(out.items())
    }


def _order(key: tuple[str, str]) -> tuple[bool, str, bool, str]:
    procedure, language = key
    return (procedure == ALL, procedure, language == ALL, language)
