"""Yes or no, in German, English and French.

A leading "ja"/"yes"/"oui"/"nein"/"no"/"non" decides ("Nein, haben wir
nicht", "Yes, we have one"). Otherwise yes-words and no-words are counted;
a yes-word counts as a no only when it is itself negated ("not correct",
"of course not", "pas d'accord", "stimmt nicht"), and an answer with both
is left undecided rather than guessed.
"""

from __future__ import annotations

from collections.abc import Sequence

from agents.nlu._text import Token, find_sequence, fold, nfc, phrase_words, tokenize

_LEADING_YES = {
    "de": frozenset(
        {
            "ja",
            "jawohl",
            "jo",
            "jep",
            "jup",
            "jap",
            "japp",
            "genau",
            "richtig",
            "korrekt",
            "passt",
            "stimmt",
        }
    ),
    "en": frozenset(
        {"yes", "yeah", "yep", "yup", "ya", "yea", "aye", "correct", "right", "exactly"}
    ),
    "fr": frozenset({"oui", "ouais", "ouai", "si", "exact", "exactement", "correct", "voila"}),
}
# "stimmt nicht", "correct not": a leading yes-word the next word negates.
_NEGATED_NEXT = frozenset({"nicht", "not", "pas", "nein", "no", "non", "falsch", "wrong"})
# Folded: "nö" is "no".
_LEADING_NO = {
    "de": frozenset({"nein", "no", "noe", "nee", "ne", "nope"}),
    "en": frozenset({"no", "nope", "nah", "nay"}),
    "fr": frozenset({"non", "nan", "nope"}),
}
_YES = {
    "de": "ja|jawohl|genau|stimmt|richtig|klar|natürlich|sicher|sicherlich|korrekt|gewiss|passt"
    "|passt so|stimmt so|das stimmt"
    "|freilich|selbstverständlich|auf jeden fall|in der tat|zutreffend|trifft zu|doch"
    "|okay|ok|einverstanden|glaube schon|denke schon",
    "en": "yes|yeah|yep|yup|correct|right|sure|of course|indeed|absolutely|certainly"
    "|definitely|affirmative|ok|okay|true|that is right|i think so|we do|i do",
    "fr": "oui|ouais|exact|exactement|bien sûr|d'accord|tout à fait|absolument|certainement"
    "|c'est bien ça|c'est bien cela|c'est juste"
    "|effectivement|évidemment|bien entendu|correct|vrai|c'est ça|ok|volontiers"
    "|je pense que oui",
}
_NO = {
    "de": "nein|nee|nicht|nichts|kein|keine|keinen|keiner|keinem|keines|nie|niemals"
    "|keineswegs|mitnichten|falsch|auf keinen fall",
    "en": "no|not|nope|nah|never|none|nothing|negative|false|wrong|incorrect|dont|doesnt"
    "|didnt|isnt|arent|wasnt|havent|hasnt|hadnt|cant|cannot|wont",
    "fr": "non|pas|jamais|aucun|aucune|aucunement|nullement|faux|rien|nan",
}
# Idioms that carry a no-word but mean yes ("no problem", "pourquoi pas").
_YES_IDIOMS = {
    "de": "kein problem|warum nicht|ohne zweifel|na klar",
    "en": "no problem|why not|no doubt|without doubt",
    "fr": "pas de problème|pas de souci|pourquoi pas|sans problème|aucun problème",
}
# Neither: the applicant does not know, which is no answer.
_UNSURE = {
    "de": "weiß nicht|weiss nicht|weiß ich nicht|weiss ich nicht|keine ahnung|vielleicht|unsicher"
    "|nicht sicher|k. a.|ka"
    "|kann ich nicht sagen|unklar|noch nicht entschieden|steht noch nicht fest|noch offen"
    "|kommt drauf an|kommt darauf an|hängt davon ab|hängt von|schwer zu sagen|wissen wir nicht"
    "|weiß man nicht|weiss man nicht|50/50|fifty-fifty|kann ich nicht versprechen"
    "|kann ich nicht garantieren|teilweise|zum teil|teils",
    "en": "don't know|dont know|do not know|not sure|maybe|perhaps|no idea|unsure|no clue"
    "|dunno|can't say|cannot say|not decided|undecided|not yet decided|haven't decided"
    "|have not decided|havent decided|it depends|depends on|hard to say|we don't know"
    "|nobody knows|no one knows|too early to say|too early to tell|50/50|fifty-fifty|fifty fifty"
    "|can't promise|cannot promise|can not promise|partly|partially|in part|some of it",
    "fr": "sais pas|peut-être|aucune idée|pas sûr|pas sure|je ne sais|aucune idee|sais plus"
    "|pas encore décidé|pas encore decide|pas décidé|pas encore choisi|on n'a pas décidé"
    "|n'en sais rien|en sais rien|sais rien|ça dépend|ca depend|dépend de|difficile à dire"
    "|difficile de dire|trop tôt pour le dire|on ne sait pas|personne ne sait|50/50"
    "|une chance sur deux|je ne peux pas promettre|je peux pas promettre|en partie"
    "|partiellement|pas tout",
}
# English contractions arrive as two tokens: "don't" -> "don", "t".
_CONTRACTED = frozenset(
    {"don", "doesn", "didn", "isn", "aren", "wasn", "weren", "haven", "hasn", "hadn"}
    | {"won", "wouldn", "can", "couldn", "shouldn", "ain"}
)


def _phrases(table: dict[str, str], language: str) -> list[tuple[str, ...]]:
    return [phrase_words(p) for p in table.get(language, table["en"]).split("|")]


def _spans(table: dict[str, str], tokens: Sequence[Token], language: str) -> list[tuple[int, int]]:
    spans = []
    for words in _phrases(table, language):
        spans += [(s, e) for s, e, _ in find_sequence(words, tokens, language, exact=True)]
    return spans


def _index(tokens: Sequence[Token], pos: int) -> int:
    return next(i for i, t in enumerate(tokens) if t.start <= pos < t.end)


def parse_yes_no(text: str, language: str) -> bool | None:
    """Read a yes/no answer; ``None`` when it is neither or both.

    Args:
        text: The applicant's answer.
        language: ``de``, ``en`` or ``fr`` (others are read as English).

    Returns:
        ``True`` for yes, ``False`` for no, ``None`` when undecided.

    """
    lang = language if language in _YES else "en"
    tokens = tokenize(fold(nfc(text)))
    if not tokens or _spans(_UNSURE, tokens, lang):
        return None
    idioms = _spans(_YES_IDIOMS, tokens, lang)
    in_idiom = [any(s <= t.start < e for s, e in idioms) for t in tokens]
    if not in_idiom[0]:
        negated = len(tokens) > 1 and tokens[1].text in _NEGATED_NEXT
        if tokens[0].text in _LEADING_YES[lang] and not negated:
            return True
        if tokens[0].text in _LEADING_NO[lang]:
            return False

    negative = [False] * len(tokens)
    for start, _ in _spans(_NO, tokens, lang):
        negative[_index(tokens, start)] = True
    for i, token in enumerate(tokens):
        if token.text == "t" and i and tokens[i - 1].text in _CONTRACTED:
            negative[i] = True
    for i, flag in enumerate(in_idiom):
        negative[i] = negative[i] and not flag

    yes = bool(idioms)
    no = False
    for start, end in _spans(_YES, tokens, lang):
        first, last = _index(tokens, start), _index(tokens, end - 1)
        if in_idiom[first] or negative[first]:
            continue  # "no" inside "no problem"; "not" is a no-word itself
        after = last + 1
        if after < len(tokens) and tokens[after].text in ("que", "dass"):
            after += 1  # "bien sûr que non"
        negated = (first > 0 and negative[first - 1]) or (after < len(tokens) and negative[after])
        if negated:
            no = True
            negative[first - 1 if first > 0 and negative[first - 1] else after] = False
        else:
            yes = True
    no = no or any(negative)
    if yes == no:
        return None
    return yes


def is_unsure(text: str, language: str) -> bool:
    """Whether the applicant says they do not know ("weiß ich nicht", "no idea")."""
    lang = language if language in _UNSURE else "en"
    tokens = tokenize(fold(nfc(text)))
    return bool(tokens) and bool(_spans(_UNSURE, tokens, lang))
