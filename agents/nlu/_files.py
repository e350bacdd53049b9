"""Document answers: a file reference, or a plain "not yet"."""

from __future__ import annotations

import re

from agents.nlu._result import fail, ok
from agents.nlu._yesno import parse_yes_no
from schemas.extraction import ParseError, ParseResult
from schemas.form import FILE_NOT_PROVIDED as NOT_PROVIDED

_REFERENCE = re.compile(r"\bfile:([0-9a-f]{64})\b", re.IGNORECASE)
# "the architect will send it next week", "Fotos folgen am Wochenende",
# "je les prends ce week-end": the document comes later, it is not here now.
_LATER = re.compile(
    r"\b(?:later|tomorrow|next\s+week|this\s+weekend|at\s+the\s+weekend|not\s+yet|will\s+(?:send"
    r"|upload|bring|take|do)|i'll|we'll|(?:is|are)\s+doing|später|morgen|nächste\s+woche"
    r"|am\s+wochenende|folg(?:t|en)|nachreichen|reiche\s+\w+\s+nach|noch\s+nicht|mache\s+ich"
    r"|plus\s+tard|demain|la\s+semaine\s+prochaine|ce\s+week-?end|pas\s+encore|je\s+les?"
    r"\s+(?:prends|envoie|enverrai|ferai)|m'envoie|me\s+l'envoie|va\s+(?:me\s+)?l'envoyer)\b",
    re.IGNORECASE,
)


_DENIED_NUMBER = re.compile(
    r"\b(?:nicht|not|pas|non)\s+(?:am\s+|le\s+|la\s+|the\s+|der\s+|die\s+)?\d[\d.,]*", re.IGNORECASE
)
_NOT_HAD = re.compile(
    # "I don't have one yet, does a hand sketch count?": not here, whatever is asked after
    r"\b(?:(?:i|we)\s+(?:don'?t|do\s+not|haven'?t)\s+(?:got\s+|have\s+)?(?:one|it|them|any)"
    r"|(?:habe?|haben)\s+(?:ich\s+|wir\s+)?(?:noch\s+)?(?:keine?n?|nicht)\b"
    r"|(?:je\s+)?n'(?:ai|avons)\s+pas)",
    re.IGNORECASE,
)


def parse_file_reference(text: str, language: str) -> ParseResult:
    """Read a document answer: ``file:<sha256>`` (from an upload) or a "no".

    The parser is pure, so it checks the reference's form only; the upload
    step (web app or command line) is what proves the file exists.
    """
    match = _REFERENCE.search(text)
    if match is not None:
        return ok(f"file:{match.group(1).lower()}")
    if text.rstrip().endswith("?") and not _NOT_HAD.search(text):
        # "Für einen Zaun brauche ich doch keinen Schnitt, oder?", "… reicht
        # das?": a question back, not a "no"; it is answered, not recorded.
        return fail(ParseError.NOT_UNDERSTOOD)
    # "Die Parzellennummer ist übrigens 1270, nicht 1207": a "nicht" that
    # denies a number says nothing of the document.
    own = _DENIED_NUMBER.sub(" ", text)
    if parse_yes_no(own, language) is False or _LATER.search(text):
        return ok(NOT_PROVIDED)
    return fail(ParseError.INVALID_FORMAT)
