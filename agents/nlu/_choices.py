"""Choices: match an answer against each option's labels and synonyms.

Three readings, the best one counts for each option:

* containment: every content word of a label or synonym occurs in the answer,
  in any order and tolerating plurals and typos ("our biggest client
  cancelled an order" contains "order cancelled");
* abbreviation: the answer's content words all occur in a label ("economic"
  for "Economic reasons");
* whole-answer similarity (``rapidfuzz``), for typos in short answers.

The longest matching phrase breaks ties between options; a true tie is
refused rather than guessed. A bare number ("2", "die zweite") picks the
n-th option.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from agents.nlu import _lexicon as lx
from agents.nlu._numbers import prepare
from agents.nlu._result import fail, ok
from agents.nlu._text import Token, best_word_match, fold, nfc, phrase_words, tokenize
from schemas.extraction import ParseError, ParseResult
from schemas.form import ChoiceOption, FieldSpec

SCORE_CUTOFF = 80.0
"""Below this score (0..100) an option does not match."""

_STOPWORDS = {
    "en": "the a an of our we it its was is are were to and or my by due because for in on at"
    " that this there be been has have had i s us very some",
    "de": "der die das den dem des ein eine einen einem einer wir es ist war wurde und oder"
    " unser unsere unseren unserem unserer wegen durch weil von vom zu zum zur im in am an"
    " auf mit hat haben hatten gab gibt sehr",
    "fr": "le la les l un une des de du d nous notre nos est a ont avons et ou en au aux par"
    " pour c il elle y que qui s été très",
}
# Words around a picked number: "option 2", "die zweite", "the first one".
_PICK_WORDS = frozenset(
    {
        *("option", "nr", "nummer", "number", "no", "numero", "n", "one", "choice"),
        *("the", "die", "der", "das", "le", "la", "l", "i", "ich", "je"),
        *("wahl", "choix", "possibilite", "moglichkeit", "antwort", "reponse", "answer"),
        *("nehme", "take", "prends", "choisis", "choose", "wahle"),
    }
)
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|er|re|e|eme|ere)?$")


@dataclass(frozen=True)
class _Match:
    score: float
    weight: int
    option: ChoiceOption


_PARTICIPLE_AFTER_AUXILIARY = re.compile(
    r"\b(a|ont|ai|as|avons|avez|avait|avaient|aurait)\s+\w+[ée]e?s?\b", re.IGNORECASE
)


def _content(words: Sequence[str], language: str) -> list[str]:
    stop = set(_STOPWORDS.get(language, _STOPWORDS["en"]).split())
    kept = [w for w in words if w not in stop]
    return kept or list(words)


def _phrases(option: ChoiceOption, language: str) -> list[str]:
    label = option.labels.get(language) or option.labels.get("en") or ""
    return [option.value.replace("_", " "), label, *option.synonyms.get(language, [])]


def _score(answer: list[Token], phrase: str, language: str) -> tuple[float, int]:
    words = _content(phrase_words(phrase), language)
    if not words:
        return 0.0, 0
    if " ".join(t.text for t in answer) == " ".join(phrase_words(phrase)):
        return 100.0, len(phrase)
    sims = [best_word_match(w, answer, language) for w in words]
    best = (100.0 * sum(sims) / len(sims), len(" ".join(words))) if all(sims) else (0.0, 0)
    answer_words = _content([t.text for t in answer], language)
    phrase_tokens = [Token(w, 0, 0) for w in words]
    if len(answer_words) <= len(words):
        inner = [best_word_match(w, phrase_tokens, language) for w in answer_words]
        if all(inner):
            # Slightly below containment: "reasons" alone says less than "economic reasons".
            best = max(best, (95.0 * sum(inner) / len(inner), len(" ".join(answer_words))))
    return best


def _by_number(text: str, spec: FieldSpec, language: str) -> ParseResult | None:
    # Drop the filler first: text2num would make "one" of "the first one" a number.
    words = [t.text for t in tokenize(fold(nfc(text))) if t.text not in _PICK_WORDS]
    if len(words) != 1:
        return None
    number = [t.text for t in tokenize(fold(prepare(words[0], language)))]
    if len(number) != 1 or not (m := _ORDINAL.match(number[0])):
        return None
    index = int(m.group(1)) - 1
    if 0 <= index < len(spec.choices):
        return ok(spec.choices[index].value)
    return None


def choice_labels(spec: FieldSpec, language: str) -> str:
    """Return the options' labels in ``language``, for messages."""
    return ", ".join(o.labels.get(language) or o.labels.get("en") or o.value for o in spec.choices)


def parse_choice(text: str, spec: FieldSpec, language: str) -> ParseResult:
    """Read a ``CHOICE`` answer as the matching option's value.

    The confidence is the match score over 100; when a second option also
    matched, it is capped at 0.7 so a person confirms.
    """
    by_number = _by_number(text, spec, language)
    if by_number is not None:
        return by_number
    plain = nfc(text)
    if language == "fr":
        # "le client a arrêté de commander": a verb after its auxiliary, not
        # the noun of an option ("un arrêté")
        plain = _PARTICIPLE_AFTER_AUXILIARY.sub(r"\1", plain)
    folded = fold(plain).strip()
    answer = tokenize(folded)
    if not answer or not spec.choices:
        return fail(ParseError.NOT_UNDERSTOOD)
    # Whole-answer similarity catches typos ("ecnomic") the word match misses.
    flat = [(fold(p), option) for option in spec.choices for p in _phrases(option, language)]
    matches = []
    for option in spec.choices:
        best = max(_score(answer, p, language) for p in _phrases(option, language))
        matches.append(_Match(best[0], best[1], option))
    typo = process.extractOne(
        folded, [p for p, _ in flat], scorer=fuzz.token_sort_ratio, score_cutoff=SCORE_CUTOFF
    )
    if typo is not None:
        _, typo_score, index = typo
        option = flat[index][1]
        matches.append(_Match(float(typo_score), len(flat[index][0]), option))
    # One entry per option: its best reading.
    best_of: dict[str, _Match] = {}
    for match in matches:
        held = best_of.get(match.option.value)
        if held is None or (match.score, match.weight) > (held.score, held.weight):
            best_of[match.option.value] = match
    ranked = sorted(best_of.values(), key=lambda m: (m.score, m.weight), reverse=True)
    top = ranked[0]
    if top.score < SCORE_CUTOFF:
        return fail(ParseError.UNKNOWN_CHOICE, choice_labels(spec, language))
    runner_up = ranked[1] if len(ranked) > 1 else None
    if re.search(lx.NEGATIONS, folded) and not any(
        # "Mieter ohne Wohngeld" is the option's own phrase, negation and all
        re.search(lx.NEGATIONS, fold(p)) and fold(p) in folded
        for p in _phrases(top.option, language)
    ):
        # "serbisch – Serbien ist ja nicht in der EU", "no EU passport": words
        # of an option beside a negation may be denied; confirm before storing.
        return ok(top.option.value, min(top.score / 100.0, 0.7))
    if runner_up is not None and runner_up.score >= SCORE_CUTOFF:
        if (runner_up.score, runner_up.weight) == (top.score, top.weight):
            return fail(ParseError.UNKNOWN_CHOICE, choice_labels(spec, language))
        return ok(top.option.value, min(top.score / 100.0, 0.7))
    return ok(top.option.value, top.score / 100.0)
