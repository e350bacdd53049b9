"""Simulated applicants talking through whole intakes, from the phrase bank's templates.

Two applicants, both truthful (they confirm a read-back only when the value
is the one they mean, and accept the final review):

- **terse**: answers only the asked field, over the complete truth profiles
  of ``profiles.json``; each profile runs in a few variants, which start at
  different phrases of the templates;
- **talkative**: opens with a multi-fact opening of six facts or more (the
  truth is the opening's facts completed by the procedure's ``defaults``),
  then answers the asked field plus at most one more fact (the one the flow
  would ask next), naming it (a ``mention`` template).

An answer that is not understood gets the next phrase of the template the
next time. A question asked three times in a row with the same text is a
loop; a conversation still open after 3 × its applicable fields + 2 turns
is stopped and counted as a loop.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from agents.intake.state import CASEWORKER, CONFIRM, REVIEW, IntakeState
from guichet.llm import ModelClient
from procedures import get_procedure
from procedures.base import Procedure
from schemas.case import Question
from schemas.extraction import Extraction
from schemas.form import UNRESOLVED, FieldKind
from tools.evaluation.bank import Bank, example, matches
from tools.evaluation.stats import percentile
from tools.evaluation.turns import answer, new_state

Kind = Literal["terse", "talkative"]
TALKATIVE_MIN_FACTS = 6
TERSE_VARIANTS = 3
PROFILES = "profiles"
"""The split label of conversations over ``profiles.json`` (no dev/test split there)."""


@dataclass
class Script:
    """One simulated conversation.

    Attributes:
        id: ``<profile id>/v<variant>`` or the opening's id.
        procedure: The procedure applied for.
        language: The applicant's language.
        kind: ``terse`` or ``talkative``.
        split: The opening's split, or ``profiles``.
        today: The reference date.
        truth: What the applicant means, per applicable field (values or matchers).
        fallback: What the applicant answers to a question outside ``truth``
            (asked only after a wrong value); the procedure's defaults.
        opening: The first message of a talkative applicant.
        variant: Where the template phrases start.
    """

    id: str
    procedure: str
    language: str
    kind: Kind
    split: str
    today: str
    truth: dict[str, Any]
    fallback: dict[str, Any]
    opening: str | None = None
    variant: int = 0


def _localised(value: Any, language: str) -> Any:
    """A text given per language (``{"de": …, "en": …, "fr": …}``) in ``language``."""
    if isinstance(value, dict) and set(value) >= {"de", "en", "fr"}:
        return value[language]
    return value


def _applicable(procedure: Procedure, values: dict[str, Any]) -> dict[str, Any]:
    concrete = {name: example(v) for name, v in values.items()}
    return {name: values[name] for name in procedure.applicable_fields(concrete) if name in values}


def problems(procedure: Procedure, truth: dict[str, Any]) -> dict[str, str]:
    """The fields of ``truth`` the procedure's checks refuse, with the reason (English)."""
    concrete = {name: example(v) for name, v in truth.items()}
    found = {}
    for name, value in concrete.items():
        problem = procedure.check_field(name, value, concrete)
        if problem:
            found[name] = problem.get("en") or next(iter(problem.values()))
    return found


def _complete(
    procedure: Procedure, stated: dict[str, Any], defaults: dict[str, Any]
) -> dict[str, Any]:
    """The opening's facts completed by the defaults, made consistent with the facts.

    A default count that the stated facts make impossible (18 insured
    employees of 9 in total) is lowered to the largest value the checks
    accept, or, when no lower one does (38 affected of a default 20 in
    total), raised to the smallest stated count that does; stated facts are
    never changed.
    """
    values = _applicable(procedure, {**defaults, **stated})
    for name in list(values):
        if name in stated or name not in problems(procedure, values):
            continue
        value = values[name]
        if isinstance(value, int) and not isinstance(value, bool):
            higher = sorted({v for v in stated.values() if type(v) is int and v > value})
            for candidate in [*range(value - 1, -1, -1), *higher]:
                values[name] = candidate
                if name not in problems(procedure, values):
                    break
    return values


def build_scripts(
    bank: Bank,
    *,
    procedures: Sequence[str] | None = None,
    languages: Sequence[str] | None = None,
    splits: Sequence[str] = ("dev", "test"),
    variants: int = TERSE_VARIANTS,
) -> list[Script]:
    """Every terse and talkative conversation of the bank's selection.

    Terse conversations (over ``profiles.json``) have no split and run
    whatever ``splits`` says; talkative ones take their opening's split.
    """
    scripts: list[Script] = []
    for (procedure_id, language), data in bank.files.items():
        if (procedures and procedure_id not in procedures) or (
            languages and language not in languages
        ):
            continue
        procedure = get_procedure(procedure_id)
        shared = bank.profiles.get(procedure_id, {})
        defaults = {k: _localised(v, language) for k, v in shared.get("defaults", {}).items()}
        for profile in shared.get("profiles", []):
            values = {k: _localised(v, language) for k, v in profile["values"].items()}
            for variant in range(variants):
                scripts.append(
                    Script(
                        id=f"{profile['id']}-{language}/v{variant}",
                        procedure=procedure_id,
                        language=language,
                        kind="terse",
                        split=PROFILES,
                        today=profile["today"],
                        truth=_applicable(procedure, values),
                        fallback=defaults,
                        variant=variant,
                    )
                )
        for opening in data.openings:
            if len(opening.facts) < TALKATIVE_MIN_FACTS or opening.split not in splits:
                continue
            stated = {**opening.also, **opening.facts}
            values = _complete(procedure, stated, defaults)
            scripts.append(
                Script(
                    id=opening.id,
                    procedure=procedure_id,
                    language=language,
                    kind="talkative",
                    split=opening.split,
                    today=opening.today,
                    truth=_applicable(procedure, values),
                    fallback=defaults,
                    opening=opening.text,
                )
            )
    return scripts


def _number(value: float, language: str, grouping: bool) -> str:
    """A number in the language's notation (``1.500`` / ``1,500`` / ``1 500``; ``37,5``)."""
    whole = float(value).is_integer()
    text = f"{value:,.0f}" if whole else f"{value:,.2f}".rstrip("0").rstrip(".")
    if not grouping:
        text = text.replace(",", "")
    if language == "de":
        return text.translate(str.maketrans(",.", ".,"))
    if language == "fr":
        return text.replace(",", " ").replace(".", ",")
    return text


def _groups(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


class SimulatedApplicant:
    """Answers from the templates as :class:`Script` says (see the module docstring)."""

    def __init__(self, script: Script, bank: Bank, procedure: Procedure) -> None:
        """Prepare the templates of the script's procedure and language."""
        self.script = script
        self.procedure = procedure
        self.templates: dict[str, Any] = bank.files[(script.procedure, script.language)].templates
        self.common: dict[str, Any] = bank.common[script.language]
        self._used: dict[str, int] = defaultdict(int)
        self._last: str | None = None

    def _pick(self, key: str, phrases: Sequence[str]) -> str:
        index = self.script.variant + self._used[key]
        self._used[key] += 1
        return phrases[index % len(phrases)]

    def _template_name(self, name: str) -> str:
        if re.fullmatch(r"child_\d+_age", name):
            return "child_age"
        if re.fullmatch(r"child_\d+_resources", name):
            return "child_resources"
        spec = self.procedure.fields.get(name)
        if spec is not None and spec.kind is FieldKind.FILE:
            return "document"
        return name

    def meant(self, name: str) -> Any:
        """The value the applicant means for ``name`` (``None``: nothing to say)."""
        if name in self.script.truth:
            return self.script.truth[name]
        return self.script.fallback.get(name)

    def phrase(self, name: str, how: Literal["answer", "mention"]) -> str | None:
        """A phrase stating the meant value of ``name``, or ``None`` without a template."""
        expected = self.meant(name)
        templates = self.templates.get(self._template_name(name))
        if expected is None or not templates:
            return None
        value = example(expected)
        phrases: Any
        if isinstance(value, bool):
            phrases = templates.get(f"{how}_{'true' if value else 'false'}")
        elif isinstance(templates.get(how), dict):
            phrases = templates[how].get(value)
        elif value == 0 and templates.get(f"{how}_zero"):
            phrases = templates[f"{how}_zero"]
        else:
            phrases = templates.get(how)
        if not phrases:
            return None
        return self._fill(self._pick(f"{name}:{how}", phrases), name, value)

    def _fill(self, template: str, name: str, value: Any) -> str:
        language = self.script.language
        spec = self.procedure.fields.get(name)
        slots: dict[str, str] = {}
        match = re.fullmatch(r"child_(\d+)_\w+", name)
        if match:
            slots["k"] = match.group(1)
        if isinstance(value, int | float) and not isinstance(value, bool):
            words = self.common["number_words"]
            n = int(value)
            slots["n"] = str(n)
            slots["n_w"] = words[n] if 0 <= n < len(words) and n == value else str(n)
            slots["p"] = _number(float(value), language, grouping=False)
            slots["total"] = _number(float(value), language, grouping=True)
            slots["monthly"] = _number(round(float(value) / 3, 2), language, grouping=True)
        elif isinstance(value, str) and spec is not None and spec.kind is FieldKind.DATE:
            date = dt.date.fromisoformat(value)
            self._date_slots(slots, date.year, date.month, date.day)
        elif isinstance(value, str) and spec is not None and spec.kind is FieldKind.MONTH:
            year, month = (int(part) for part in value.split("-"))
            self._date_slots(slots, year, month, 1)
        if isinstance(value, str):
            slots["value"] = value
            slots["spaced"] = _groups(value.replace(" ", ""))
        return re.sub(r"\{(\w+)\}", lambda m: slots.get(m.group(1), m.group(0)), template)

    def _date_slots(self, slots: dict[str, str], year: int, month: int, day: int) -> None:
        slots.update(
            day=str(day),
            dd=f"{day:02d}",
            mm=f"{month:02d}",
            month_name=self.common["month_names"][month - 1],
            year=str(year),
        )

    def _chat(self, key: str) -> str:
        return self._pick(key, self.common[key])

    def reply(self, question: Question, state: IntakeState) -> str:
        """The applicant's message to ``question``."""
        if question.field == CONFIRM:
            pending = state.get("pending_confirmation") or []
            if not pending:
                return self._chat("_yes")
            waiting = Extraction.model_validate(pending[0])
            meant = self.meant(waiting.field)
            right = meant is not None and matches(waiting.value, meant)
            return self._chat("_yes" if right else "_no")
        if question.field == REVIEW:
            return self._chat("_review_yes")
        if question.field == CASEWORKER or question.field not in self.procedure.fields:
            return self._chat("_off_topic")
        retry = self._last == question.field
        self._last = question.field
        text = self.phrase(question.field, "answer")
        if text is None:
            return self._chat("_off_topic")
        if self.script.kind == "talkative" and not retry:
            # Asked again, a talkative person too answers only the question.
            extra = self._next_fact(question.field, state)
            if extra:
                text = f"{text.rstrip(' .!')}. {extra}"
        return text

    def _next_fact(self, asked: str, state: IntakeState) -> str | None:
        """One more fact: the field the flow would ask after the asked one, if open."""
        form = dict(state.get("form", {}))
        form[asked] = example(self.meant(asked))
        waiting = {str(p.get("field")) for p in state.get("pending_confirmation") or []}
        following = self.procedure.next_field(form)
        if following is None or following in waiting or following not in self.script.truth:
            return None
        return self.phrase(following, "mention")


@dataclass
class ConversationResult:
    """How one simulated conversation went."""

    script: Script
    form: dict[str, Any]
    completed: bool
    loop: bool
    turns: int
    readback_turns: int
    seconds: list[float]
    model_calls: int
    wrong: dict[str, Any]
    """Fields of the final form whose value is not the meant one (value stored)."""
    transcript: list[tuple[str, str]] = field(default_factory=list)
    """(question field, applicant's message) per turn, for the dev failures."""

    @property
    def extra_words(self) -> int:
        """Wrong text values that hold the meant text plus other words ("it's Weber GmbH")."""
        return sum(
            1
            for name, value in self.wrong.items()
            if isinstance(value, str)
            and isinstance(self.script.truth.get(name), str)
            and str(self.script.truth[name]).casefold() in value.casefold()
        )


def turn_limit(procedure: Procedure, truth: dict[str, Any]) -> int:
    """3 × the applicable fields + 2: a conversation still open then is a loop."""
    concrete = {name: example(v) for name, v in truth.items()}
    return 3 * len(procedure.applicable_fields(concrete)) + 2


async def run_script(script: Script, bank: Bank, model: ModelClient | None) -> ConversationResult:
    """Run one simulated conversation to its end, its turn limit or a stop."""
    concrete = {name: example(v) for name, v in script.truth.items()}
    state = new_state(script.procedure, script.language, answers=concrete)
    procedure = get_procedure(script.procedure, state.get("graph"))
    applicant = SimulatedApplicant(script, bank, procedure)
    limit = turn_limit(procedure, script.truth)
    asked: list[tuple[str, str]] = []
    transcript: list[tuple[str, str]] = []
    seconds: list[float] = []
    loop = False
    readbacks = calls = 0
    question = _first_question(state)
    while question is not None and len(seconds) < limit:
        asked.append((question.field, question.text))
        if len(asked) >= 3 and len(set(asked[-3:])) == 1:
            loop = True  # the same question a third time in a row
        readbacks += question.field == CONFIRM
        if not seconds and script.opening is not None:
            text = script.opening
        else:
            text = applicant.reply(question, state)
        transcript.append((question.field, text))
        turn = await answer(state, question, text, script.today, model)
        seconds.append(turn.seconds)
        calls += turn.understanding.model_call is not None
        question = turn.next
    form = dict(state.get("form", {}))
    # A field left to the caseworker holds no value: not a wrong one (it is
    # counted in the conversation's turns, and a caseworker enters it).
    wrong = {
        name: value
        for name, value in form.items()
        if value != UNRESOLVED
        and (applicant.meant(name) is None or not matches(value, applicant.meant(name)))
    }
    return ConversationResult(
        script=script,
        form=form,
        completed=question is None,
        loop=loop or question is not None,
        turns=len(seconds),
        readback_turns=readbacks,
        seconds=seconds,
        model_calls=calls,
        wrong=wrong,
        transcript=transcript,
    )


def _first_question(state: IntakeState) -> Question | None:
    from agents.intake.nodes import next_question

    return next_question(state)


async def run_scripts(
    scripts: Sequence[Script],
    bank: Bank,
    model: ModelClient | None,
    progress: Callable[[ConversationResult], None] | None = None,
) -> list[ConversationResult]:
    """Run every script in order (one at a time: latency is measured)."""
    results = []
    for script in scripts:
        results.append(await run_script(script, bank, model))
        if progress is not None:
            progress(results[-1])
    return results


@dataclass
class ConversationFigures:
    """The figures of one group of simulated conversations."""

    conversations: int = 0
    completed: int = 0
    completed_turns: int = 0
    loops: int = 0
    turns: int = 0
    readback_turns: int = 0
    stored: int = 0
    wrong: int = 0
    extra_words: int = 0
    """Of the wrong values, texts holding the meant text plus other words."""
    model_calls: int = 0
    seconds: list[float] = field(default_factory=list)

    def add(self, result: ConversationResult) -> None:
        """Count one conversation in."""
        self.conversations += 1
        if result.completed:
            self.completed += 1
            self.completed_turns += result.turns
        self.loops += result.loop
        self.turns += result.turns
        self.readback_turns += result.readback_turns
        self.stored += len(result.form)
        self.wrong += len(result.wrong)
        self.extra_words += result.extra_words
        self.model_calls += result.model_calls
        self.seconds.extend(result.seconds)

    @property
    def turns_per_form(self) -> float:
        """Mean turns of the completed conversations."""
        return self.completed_turns / self.completed if self.completed else 0.0

    @property
    def readback_share(self) -> float:
        """Share of turns that answer a read-back."""
        return self.readback_turns / self.turns if self.turns else 0.0

    def latency_ms(self, q: float) -> float:
        """The ``q``-th percentile of the time per turn, in milliseconds."""
        return 1000.0 * percentile(self.seconds, q)

    def as_json(self) -> dict[str, Any]:
        """The figures as plain JSON."""
        return {
            "conversations": self.conversations,
            "completed": self.completed,
            "turns_per_completed_form": round(self.turns_per_form, 2),
            "loops": self.loops,
            "turns": self.turns,
            "readback_turns": self.readback_turns,
            "readback_share": round(self.readback_share, 4),
            "stored": self.stored,
            "wrong": self.wrong,
            "wrong_text_with_extra_words": self.extra_words,
            "model_calls": self.model_calls,
            "latency_p50_ms": round(self.latency_ms(50), 1),
            "latency_p95_ms": round(self.latency_ms(95), 1),
        }


GroupKey = tuple[str, str, str]
"""(procedure, language, applicant kind), with ``all`` totals."""


def summarise_conversations(
    results: Sequence[ConversationResult],
) -> dict[str, dict[GroupKey, ConversationFigures]]:
    """Group the figures by split, then procedure, language and applicant kind.

    Returns:
        ``{split: {(procedure, language, kind): figures}}`` for the splits
        ``profiles``, ``dev`` and ``test``, with ``(procedure, "all", kind)``
        and ``("all", "all", kind)`` totals.
    """
    out: dict[str, dict[GroupKey, ConversationFigures]] = {}
    for result in results:
        s = result.script
        groups = out.setdefault(s.split, {})
        for key in ((s.procedure, s.language, s.kind), (s.procedure, "all", s.kind)):
            groups.setdefault(key, ConversationFigures()).add(result)
        groups.setdefault(("all", "all", s.kind), ConversationFigures()).add(result)

    def order(key: GroupKey) -> tuple[bool, str, bool, str, str]:
        return (key[0] == "all", key[0], key[1] == "all", key[1], key[2])

    return {
        split: dict(sorted(groups.items(), key=lambda item: order(item[0])))
        for split, groups in sorted(out.items())
    }
