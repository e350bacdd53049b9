"""Text helpers shared by the parsers: folding, tokens, fuzzy words and clauses.

Every helper keeps character positions stable (``fold`` maps one character to
one character), so a span found in folded text also indexes the text the
applicant typed. That is what lets a correction be read from the clause
around a keyword.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

_WORD = re.compile(r"\w+")
# A clause ends at sentence punctuation, or at a comma/period followed by a
# space; "1.200" and "1,5" are numbers, not clause ends.
_CLAUSE_END = re.compile(r"[;!?\n]|[.,](?=\s|$)")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


@dataclass(frozen=True)
class Token:
    """One word of a folded text and where it stands."""

    text: str
    start: int
    end: int


def nfc(text: str) -> str:
    """Compose accents (``e`` + combining acute -> ``é``) so positions are per letter."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents, one output character per input one.

    ``ß`` stays ``ß`` (``casefold`` would make it two characters and shift
    every later position).
    """
    out = []
    for ch in text.translate(_APOSTROPHES):
        base = unicodedata.normalize("NFD", ch)[0]
        low = base.lower()
        out.append(low if len(low) == 1 else base)
    return "".join(out)


def tokenize(folded: str) -> list[Token]:
    """Split folded text into word tokens (apostrophes separate words)."""
    return [Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(folded)]


@functools.lru_cache(maxsize=4096)
def phrase_words(phrase: str) -> tuple[str, ...]:
    """Fold and tokenise a keyword or synonym the same way as an answer.

    Cached: every answer is searched for the keywords of every field answered
    so far and for the correction cues, and folding them again on each turn
    was most of the parser's time. Only keywords, synonyms and cues come
    here, never an applicant's text (which must not outlive its turn).
    """
    return tuple(t.text for t in tokenize(fold(nfc(phrase))))


def word_similarity(wanted: str, word: str, language: str) -> float:
    """How well ``word`` from an answer stands for the folded word ``wanted`` (0..1).

    Tolerates plurals and inflection ("employee"/"employees",
    "salarié"/"salariés", "Mitarbeiter"/"Mitarbeitern"), German compounds
    ("Hochwasser" in "Hochwasserschaden") and small typos. Short words must
    match exactly: "no" must never pass for "not".
    """
    if wanted == word:
        return 1.0
    if len(wanted) < 4 or len(word) < 3:
        return 0.0
    if word.startswith(wanted) and len(word) - len(wanted) <= 3:
        return 0.95
    if wanted.startswith(word) and len(wanted) - len(word) <= 2 and len(word) >= 4:
        return 0.9
    # Compounds are a German habit; elsewhere "order" inside "border" is noise.
    if language == "de" and len(wanted) >= 5 and (word.startswith(wanted) or word.endswith(wanted)):
        return 0.9
    score = fuzz.ratio(wanted, word) / 100.0
    return score if score >= 0.85 else 0.0


def find_sequence(
    words: Sequence[str], tokens: Sequence[Token], language: str, exact: bool = False
) -> list[tuple[int, int, float]]:
    """Find ``words`` as consecutive tokens; return (start, end, similarity) spans.

    ``exact`` turns fuzziness off, for small closed word lists where a near
    miss is another word ("incorrect" is one edit-ratio away from "correct").
    """
    hits: list[tuple[int, int, float]] = []
    n = len(words)
    if n == 0:
        return hits
    for i in range(len(tokens) - n + 1):
        scores = [
            float(w == tokens[i + k].text)
            if exact
            else word_similarity(w, tokens[i + k].text, language)
            for k, w in enumerate(words)
        ]
        if all(scores):
            hits.append((tokens[i].start, tokens[i + n - 1].end, sum(scores) / n))
    return hits


def best_word_match(wanted: str, tokens: Sequence[Token], language: str) -> float:
    """Return the best similarity of ``wanted`` to any token (0 when none passes)."""
    return max((word_similarity(wanted, t.text, language) for t in tokens), default=0.0)


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the bounds of the clause of ``text`` holding the span ``start..end``."""
    left = 0
    for m in _CLAUSE_END.finditer(text, 0, start):
        left = m.end()
    found = _CLAUSE_END.search(text, end)
    right = found.start() if found else len(text)
    return left, right
