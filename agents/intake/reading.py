"""Reading one message against the asked question and every open field (pure).

The rules a patient clerk follows:

* **The asked question wins.** A value belongs to the asked field unless the
  applicant clearly corrects an earlier answer (a cue: "actually", "ich
  meinte", "not 12 but 14"); "12 Beschäftigte" to "how many are affected?"
  answers that question, whatever other field the noun could name.
* **One span, one field.** The slot filler (:func:`agents.nlu.fill_slots`)
  gives each number, phrase and name of the message to one field; every
  other fact the message states fills its own open field (provenance: the
  span it was read from).
* **Only text of the right shape** goes into a name or an address.
* **A read-back accepts a plain answer**: "4" or "doch, Zone U" to "Did I
  understand you correctly – …?" is read as the value, not as yes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from agents import nlu
from agents.nlu import _lexicon as lx
from agents.nlu._names import is_noise, looks_like_address, looks_like_name
from agents.nlu._numbers import prepare
from agents.nlu._slots import (
    PUT_RIGHT,
    READ_BACK,
    ambiguous_date,
    expand_short_year,
    orient_month,
)
from agents.nlu._text import fold, nfc
from procedures.base import Procedure
from schemas.extraction import Extraction, ExtractionMethod, ParseError, ParseResult
from schemas.form import FieldKind, FieldSpec

_CORRECTION = re.compile(lx.CORRECTION_CUES)
_ZERO_ANSWER = re.compile(
    # "none", "nein", "rien d'autre", "sonst nix", "non, aucune autre ressource",
    # "que dalle", "bekomme ich nicht", "we don't get any": zero, where zero may be.
    r"^\W*(?:(?:no|non|nein|nope|nee|nan)\W+)?(?:sonst\s+|otherwise\s+)?"
    r"(?:none|no|nope|nein|nee|non|nan|zero|nil|nothing|not\s+any|keine?s?|keiner|null|nichts|nix"
    r"|gar\s+(?:keine?s?|nichts|nix)|aucune?(?:\s+autres?)?(?:\s+ressources?|\s+revenus?)?"
    r"|rien|que\s+dalle|pas\s+une?|0|(?:we|i)\s+(?:don'?t|do\s+not)\s+(?:get|have|receive)\s+any"
    r"|(?:bekomme|bekommen|kriege|kriegen)\s+(?:ich|wir)\s+(?:nicht|keine?s?|nichts)"
    r"|(?:je|on|nous)\s+(?:ne\s+)?(?:touche|touchons|per[cç]oi[st]|percevons)\s+rien)"
    r"(?:\s+(?:at\s+all|du\s+tout|gar\s+nicht|else|other|more|weiter|mehr|sonst|d'autres?"
    r"|d'autre|autre))?\W*$",
)
_ACKNOWLEDGED = re.compile(r"\W*(?:ok|okay|k|d'accord|einverstanden|alles\s+klar|alright|gut)\W*")
_SAYS_YES_TO_PROPOSITION = re.compile(r"^\W*(?:doch|si)\b")


def open_fields(procedure: Procedure, form: Mapping[str, Any]) -> list[FieldSpec]:
    """The fields that apply now and are not answered yet, in asking order."""
    return [
        procedure.fields[name]
        for name in procedure.applicable_fields(form)
        if name not in form and name in procedure.fields
    ]


def fill_open_slots(
    procedure: Procedure,
    form: Mapping[str, Any],
    text: str,
    language: str,
    today: dt.date,
    asked: str | None,
    extra: list[FieldSpec] | None = None,
) -> list[nlu.Slot]:
    """Slot filling over the open fields, and those the message's own answers open.

    "Wir sind verheiratet, zwei Kinder, 5 und 8": the partner's income and
    the children's ages apply only once the message's first facts are in,
    so the fields are widened until no new one applies (at most 3 rounds).
    """
    specs = [*(extra or []), *open_fields(procedure, form)]
    slots: list[nlu.Slot] = []
    for _ in range(3):
        slots = _applicable_slots(
            procedure, form, nlu.fill_slots(text, specs, language, today, asked=asked, form=form)
        )
        hypothetical = {**form, **{slot.field: slot.value for slot in slots}}
        wider = [s for s in open_fields(procedure, hypothetical) if s not in specs]
        if not wider:
            break
        specs = [*specs, *wider]
    return slots


def _applicable_slots(
    procedure: Procedure, form: Mapping[str, Any], slots: list[nlu.Slot]
) -> list[nlu.Slot]:
    """Keep the slots whose field applies once the message's own answers are in."""
    kept = list(slots)
    for _ in range(4):
        hypothetical = dict(form)
        hypothetical.update({slot.field: slot.value for slot in kept})
        applicable = set(procedure.applicable_fields(hypothetical))
        now = [slot for slot in kept if slot.field in applicable]
        if len(now) == len(kept):
            break
        kept = now
    return kept


def _extraction(slot: nlu.Slot, text: str, turn: int) -> Extraction:
    return Extraction(
        field=slot.field,
        value=slot.value,
        source_text=text,
        method=ExtractionMethod.PARSER,
        confidence=slot.confidence,
        turn=turn,
        span=slot.span,
        note=slot.note,
        detail=slot.detail,
    )


_INTRO = re.compile(
    r"^\W*(?:i'?m|i\s+am|it'?s|it\s+is|that'?s|that\s+is|this\s+is|we'?re\s+(?:in|an?)|we\s+are\s+(?:in|an?)"
    r"|our\s+\w+\s+is|c'est|ce\s+sont|il\s+s'agit\s+de|es\s+ist|das\s+ist|wir\s+sind\s+(?:in\s+der"
    r"|im|ein|eine|die|der)|nous\s+sommes\s+(?:dans|une?)|on\s+est\s+(?:dans|une?)|firma|company"
    r"|soci[ée]t[ée]|entreprise|name|nom|please\s+write\s+to|bitte\s+an|écrivez(?:-moi)?\s+(?:au|à)"
    r"|write\s+to)\b\s*[:=-]?\s*",
    re.IGNORECASE,
)


# "ich selbst, Thomas Berger", "moi-même, Julien Roth", "c'est pour moi, Marie Lefèvre"
_SELF = re.compile(
    r"^\W*(?:ich\s+selbst|ich\s+bin\s+das|das\s+bin\s+ich|myself|me\s+myself|that'?s\s+me"
    r"|it'?s\s+me|moi-m[êe]me|moi\s+m[êe]me|(?:c'est\s+)?(?:pour\s+)?moi|me)\s*[,:;-]\s*",
    re.IGNORECASE,
)


def strip_preamble(text: str, spec: FieldSpec, language: str) -> str:
    """The answer without the words that only introduce it.

    "Firma Bäckerei Schneider GmbH", "Branche: Bäckerei", "that's Anna
    Schneider", "secteur : boulangerie" answer with "Bäckerei Schneider
    GmbH", "Bäckerei", "Anna Schneider", "boulangerie".
    """
    names = [spec.label(language), *spec.keywords.get(language, []), *spec.cues.get(language, [])]
    named = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if n)
    value = text.strip()
    for _ in range(3):
        before = value
        if named:
            value = re.sub(
                rf"^\W*(?:the|die|der|das|la|le|l'|unsere?|our|notre)?\s*(?:{named})\s*"
                r"(?::|=|-|\bis\b|\bist\b|\best\b|\blautet\b|\bheißt\b)\s*",
                "",
                value,
                flags=re.IGNORECASE,
            )
        value = _INTRO.sub("", value)
        if spec.shape in ("person", "person_or_organisation"):
            value = _SELF.sub("", value)
        if value == before:
            break
    return value.strip() or text.strip()


_ALL_OF_THEM = re.compile(
    r"\W*(?:all(?:\s+of\s+them)?|everyone|everybody|alle(?:\s+davon)?|jeder|tous|toutes"
    r"|tout\s+le\s+monde)\W*"
)


def _counts_like(procedure: Procedure, spec: FieldSpec, form: Mapping[str, Any]) -> list[int]:
    """The counts already given in ``spec``'s unit (people, children …), smallest first."""
    return sorted(
        value
        for name, value in form.items()
        if name != spec.name
        and name in procedure.fields
        and procedure.fields[name].unit == spec.unit
        and isinstance(value, int)
        and not isinstance(value, bool)
    )


def _whole_for(procedure: Procedure, spec: FieldSpec, form: Mapping[str, Any]) -> int | None:
    """The count "all of them" means: the largest count given that this one may equal.

    The checks bound a count by the group the question is about: to "how
    many of your employees pay social insurance?" all of them is the head
    count; to "how many of those affected lose over 10 %?" it is the number
    affected, since the head count is more than this count may be.
    """
    for value in reversed(_counts_like(procedure, spec, form)):
        if procedure.check_field(spec.name, value, form) is None:
            return value
    return None


_DAY_ONLY = re.compile(
    r"\W*(?:(?:on|since|from)\s+)?(?:the\s+)?(?:(?:seit|ab)\s+)?(?:dem\s+|am\s+|vom\s+)?"
    r"(?:(?:depuis|des|dès)\s+)?(?:le\s+)?(\d{1,2})(?:st|nd|rd|th|er|\.)?(?:\s+(?:of\s+)?"
    r"(?:this\s+month|dieses\s+monats|ce\s+mois(?:-ci)?))?\W*"
)


def _day_of_recent_month(day: int, today: dt.date) -> str | None:
    """The ``day`` of this month, or of the last one if it is still to come."""
    year, month = today.year, today.month
    if day > today.day:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _fallback(
    text: str,
    spec: FieldSpec,
    language: str,
    today: dt.date,
    others_found: bool,
    procedure: Procedure | None = None,
    form: Mapping[str, Any] | None = None,
) -> ParseResult:
    """Read the whole message as the asked field's answer, where its kind allows."""
    folded = fold(nfc(text)).strip()
    kind = spec.kind
    if nlu.is_unsure(text, language):
        return ParseResult(ok=False, error=ParseError.NOT_UNDERSTOOD, confidence=0.0)
    if kind in nlu_numeric():
        if spec.unit == "parcel":
            number = re.fullmatch(
                r"\W*(?:n°|nr\.?|no\.?|number|numéro|nummer)?\s*(\d{1,4})\W*", folded
            )
            if number:
                return ParseResult(ok=True, value=int(number.group(1)), confidence=1.0)
        if _ALL_OF_THEM.fullmatch(folded) and procedure is not None:
            whole = _whole_for(procedure, spec, form or {})
            if whole is not None:
                return ParseResult(ok=True, value=whole, confidence=1.0)
        if _ZERO_ANSWER.search(folded) and (spec.minimum is None or spec.minimum <= 0):
            return ParseResult(
                ok=True, value=0 if kind is FieldKind.INTEGER else 0.0, confidence=1.0
            )
        # Every number the message holds went through the slot filler: one it
        # did not give to this field has a unit or a role of another field.
        return ParseResult(ok=False, error=ParseError.NOT_UNDERSTOOD, confidence=0.0)
    if kind is FieldKind.TEXT:
        shape = spec.shape or "free"
        text = strip_preamble(text, spec, language)
        if _ACKNOWLEDGED.fullmatch(fold(nfc(text))) or is_noise(text):
            return ParseResult(ok=False, error=ParseError.NOT_UNDERSTOOD, confidence=0.0)
        if text.rstrip().endswith("?") and len(text.split()) <= 12:
            # "Can you explain that again?" asks the assistant; it describes nothing.
            return ParseResult(ok=False, error=ParseError.NOT_UNDERSTOOD, confidence=0.0)
        if shape == "free":
            return nlu.parse_value(text, spec, language, today)
        if others_found:
            return ParseResult(ok=False, error=ParseError.NOT_UNDERSTOOD, confidence=0.0)
        if shape == "address" and not looks_like_address(text):
            return ParseResult(ok=False, error=ParseError.NOT_UNDERSTOOD, confidence=0.0)
        if shape == "parcel_section":
            m = re.fullmatch(
                r"\W*(?:section|sektion|flur)?\s*([A-Za-z]{1,2})\W*", text.strip(), re.IGNORECASE
            )
            if m is None:
                return ParseResult(ok=False, error=ParseError.INVALID_FORMAT, confidence=0.0)
            return ParseResult(ok=True, value=m.group(1).upper(), confidence=1.0)
        if shape in ("person", "person_or_organisation") and re.search(r"\d", text):
            # "laurent mercier 22 rue jean moulin": a person's name has no
            # digits; an address after it is theirs, not part of the name
            # (a firm's name may hold digits: "Garage 2000").
            parts = re.split(r"[\s,;]+(?=\S*\d)", text.strip(), maxsplit=1)
            head = parts[0].strip(" ,;:")
            if len(parts) == 2 and looks_like_address(parts[1]):
                if not looks_like_name(head, shape):
                    return ParseResult(ok=False, error=ParseError.NOT_UNDERSTOOD, confidence=0.0)
                return ParseResult(ok=True, value=head, confidence=READ_BACK)
            if shape == "person":
                return ParseResult(ok=False, error=ParseError.NOT_UNDERSTOOD, confidence=0.0)
        if shape in ("person", "organisation", "person_or_organisation") and not looks_like_name(
            text, shape
        ):
            return ParseResult(ok=False, error=ParseError.NOT_UNDERSTOOD, confidence=0.0)
        return nlu.parse_value(text, spec, language, today)
    if kind is FieldKind.YES_NO:
        if _ACKNOWLEDGED.fullmatch(folded):
            # "ok" acknowledges; to "Do you have a works council?" it is no answer.
            return ParseResult(ok=False, error=ParseError.NOT_UNDERSTOOD, confidence=0.0)
        if _SAYS_YES_TO_PROPOSITION.search(folded):
            return ParseResult(ok=True, value=True, confidence=1.0)
        if others_found and len(folded.split()) > 6:
            return ParseResult(ok=False, error=ParseError.NOT_UNDERSTOOD, confidence=0.0)
    if kind is FieldKind.CHOICE and others_found:
        return ParseResult(ok=False, error=ParseError.NOT_UNDERSTOOD, confidence=0.0)
    if kind is FieldKind.DATE:
        day = _DAY_ONLY.fullmatch(folded)
        if day is not None and spec.unit != "past":
            # "on the 3rd", "seit dem 3.", "depuis le 3": this month's, or the
            # last one's when that day is still to come; read back.
            value = _day_of_recent_month(int(day.group(1)), today)
            if value is not None:
                return ParseResult(ok=True, value=value, confidence=READ_BACK)
    if kind is FieldKind.DATE and spec.unit == "past":
        birth = _birth_from_age(text, language, today)
        if birth is not None:
            return ParseResult(ok=True, value=birth, confidence=READ_BACK)
        text = expand_short_year(prepare(text, language), today)
        if not re.search(r"\b(?:19|20)\d{2}\b", text) and not _COHORT.search(fold(text)):
            # "le 2 avril": a birthday, not a date of birth; the year is asked
            return ParseResult(ok=False, error=ParseError.NOT_UNDERSTOOD, confidence=0.0)
    result = nlu.parse_value(text, spec, language, today)
    if result.ok and kind is FieldKind.DATE and ambiguous_date(text, language):
        result = result.model_copy(update={"confidence": min(result.confidence, READ_BACK)})
    if result.ok and kind is FieldKind.MONTH:
        result = result.model_copy(update={"value": orient_month(str(result.value), text, today)})
    if (
        result.ok
        and kind is FieldKind.DATE
        and spec.unit == "past"
        and str(result.value) > today.isoformat()
    ):
        year, rest = str(result.value).split("-", 1)
        result = result.model_copy(update={"value": f"{int(year) - 100}-{rest}"})
    years = re.findall(r"\b(?:19|20)\d{2}\b", text)
    cohort = _COHORT.search(fold(text))
    if cohort is not None and not years:
        # "Jahrgang 75, am 5. Januar": the year of birth said in two digits
        short = int(cohort.group(1))
        years = [str(2000 + short if short <= today.year % 100 else 1900 + short)]
    if result.ok and kind is FieldKind.DATE and len(set(years)) == 1:
        # "née en 1985, le 4 mai": the year said apart from the day.
        result = result.model_copy(update={"value": f"{years[0]}{str(result.value)[4:]}"})
    if result.ok and kind is not FieldKind.YES_NO and PUT_RIGHT.search(folded):
        # "15 mars 2000... ah non pardon, 2001": said, then put right; check
        result = result.model_copy(update={"confidence": min(result.confidence, READ_BACK)})
    if result.ok and kind is FieldKind.YES_NO and _EXCEPTION.search(folded):
        # "oui sauf qu'en décembre j'ai eu une prime", "ja, bis auf zwei
        # Wochen": a yes or no with an exception is read back, not stored.
        result = result.model_copy(update={"confidence": min(result.confidence, READ_BACK)})
    if (
        result.ok
        and kind is FieldKind.DATE
        and spec.unit == "past"
        and not _born_before(str(result.value), today)
    ):
        # "c'est mon anniversaire aujourd'hui", "am 5. Januar": no year of
        # birth was said, and this year's date is no applicant's birth date.
        return ParseResult(ok=False, error=ParseError.NOT_UNDERSTOOD, confidence=0.0)
    return result


_EXCEPTION = re.compile(
    r"\b(?:sauf|excepte|hormis|a\s+part|except|apart\s+from|other\s+than|au(?:ss|ß)er|bis\s+auf"
    r"|abgesehen\s+von|ausgenommen)\b"
)
_COHORT = re.compile(r"\b(?:jahrgang|classe|class\s+of|ne\s+en|born\s+in)\s+'?(\d{2})\b")
_AGE = re.compile(r"\b(\d{1,3})\s*(?:ans|years?(?:\s+old)?|jahre?n?(?:\s+alt)?)\b")
MIN_AGE_YEARS = 14
"""A date of birth less than this many years ago is no applicant's: ask again."""


def _born_before(value: str, today: dt.date) -> bool:
    """Whether ``value`` (YYYY-MM-DD) lies at least :data:`MIN_AGE_YEARS` before ``today``."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return True
    return day.year <= today.year - MIN_AGE_YEARS


def _birth_from_age(text: str, language: str, today: dt.date) -> str | None:
    """A date of birth from an age and a birthday ("j'ai eu 25 ans le 2 avril").

    "c'est mon anniversaire aujourd'hui, 52 ans", "I turned 40 on 3 May": the
    age said with the day of the birthday gives the year; read back.
    """
    prepared = prepare(text, language)
    folded = fold(prepared)
    age = _AGE.search(folded)
    if age is None or re.search(r"\b(?:19|20)\d{2}\b", folded):
        return None
    years = int(age.group(1))
    if not 14 <= years <= 120:
        return None
    rest = prepared[: age.start()] + " " + prepared[age.end() :]
    day = nlu.parse_value(rest, FieldSpec(name="d", kind=FieldKind.DATE, questions={}, labels={}),
                          language, today)  # fmt: skip
    if not day.ok:
        return None
    birthday = dt.date.fromisoformat(str(day.value))
    year = today.year - years
    if (birthday.month, birthday.day) > (today.month, today.day):
        year -= 1  # the birthday is still to come this year
    try:
        return dt.date(year, birthday.month, birthday.day).isoformat()
    except ValueError:  # 29 February
        return None


_CASEWORKER = re.compile(
    r"^\W*(?:(?:i\s+don'?t\s+know\W+)?(?:ask\s+)?(?:the\s+)?case\s?worker|leave\s+it\s+to\s+the\s+caseworker"
    r"|(?:die\s+)?sachbearbeit\w*|(?:l'\s?)?agent(?:\s+instructeur)?|laissez\s+l'agent\w*"
    r"|das\s+soll\s+die\s+sachbearbeitung\s+klaren)\W*$"
)


def leaves_to_caseworker(text: str) -> bool:
    """Whether the applicant leaves the asked field to the caseworker (the help's offer)."""
    return bool(_CASEWORKER.search(fold(nfc(text))))


def nlu_numeric() -> frozenset[FieldKind]:
    """Field kinds that hold numbers."""
    return frozenset({FieldKind.INTEGER, FieldKind.PERCENT, FieldKind.MONEY, FieldKind.DECIMAL})


def has_correction_cue(text: str) -> bool:
    """Whether the message announces a correction ("actually", "ich meinte", "en fait")."""
    return bool(_CORRECTION.search(fold(nfc(text))))


def without_corrections(text: str, corrections: list[Extraction]) -> str | None:
    """The message less what corrects earlier answers, for a text question asked beside them.

    "Kleine Korrektur vorweg: Wir haben doch einen Betriebsrat" answers no
    text question; "Sorry, first a correction: the name is X GmbH. The
    address is Gewerbepark Nord 5a, 04356 Leipzig." answers the address with
    its last sentence. Returns ``None`` when nothing else is left.
    """
    cue = re.search(lx.CORRECTION_CUES, fold(nfc(text)))
    if cue is None:
        return text
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    begin = max(s for s in starts if s <= cue.start())
    end = next((m.end() for m in _SENTENCE_END.finditer(text) if m.end() > cue.end()), len(text))
    for correction in corrections:
        if isinstance(correction.value, str) and correction.value in text[begin:]:
            # the corrected value may hold a full stop of its own ("Co. KG.")
            found = text.index(correction.value, begin) + len(correction.value)
            after = _SENTENCE_END.search(text, found)
            end = max(end, after.end() if after else len(text))
    rest = (text[:begin] + text[end:]).strip()
    return rest or None


def read_corrections(
    procedure: Procedure,
    form: Mapping[str, Any],
    text: str,
    language: str,
    today: dt.date,
    turn: int,
    exclude: str | None,
) -> list[Extraction]:
    """Values for answered fields, only when the message announces a correction."""
    if not form or not has_correction_cue(text):
        return []
    answered = [
        procedure.fields[name]
        for name in procedure.applicable_fields(form)
        if name in form and name != exclude
    ]
    found = [
        slot
        for slot in nlu.fill_slots(text, answered, language, today, asked=None, form=form)
        if slot.value != form.get(slot.field)
    ]
    if not found:
        # "mit März meinte ich März 2027": one answered field of the kind the
        # message holds (a month, a date) is the one corrected.
        for kind in (FieldKind.MONTH, FieldKind.DATE):
            same = [spec for spec in answered if spec.kind is kind]
            if len(same) == 1:
                tail = re.split(lx.CORRECTION_CUES, fold(nfc(text)))[-1] or text
                result = nlu.parse_value(tail, same[0], language, today)
                if not result.ok:
                    result = nlu.parse_value(text, same[0], language, today)
                if (
                    result.ok
                    and same[0].unit == "past"
                    and not _born_before(str(result.value), today)
                ):
                    continue  # "sie hatte gestern Geburtstag": a birthday, no date of birth
                if result.ok and result.value != form.get(same[0].name):
                    found.append(nlu.Slot(same[0].name, result.value, 1.0, text))
    return [_extraction(slot, text, turn) for slot in found]


_SAME_ADDRESS = re.compile(
    r"^\W*(?:(?:it'?s|it\s+is|that'?s|c'est|es\s+ist|das\s+ist|dort|there)\s+)?"
    r"(?:the\s+same(?:\s+(?:one|address|as\s+(?:my|our|the)\s+(?:own\s+)?(?:address|home)|as\s+above))?"
    r"|same\s+(?:address|as\s+(?:my|our|above|before)(?:\s+(?:address|home))?)"
    r"|la\s+m[êe]me(?:\s+adresse)?(?:\s+que\s+(?:la\s+mienne|mon\s+adresse|ci-dessus))?"
    r"|(?:à\s+)?mon\s+adresse|chez\s+moi"
    r"|die\s+gleiche(?:\s+adresse)?|dieselbe(?:\s+adresse)?|gleiche\s+adresse|wie\s+oben"
    r"|meine\s+adresse|bei\s+mir(?:\s+zu\s+hause)?)\W*$",
    re.IGNORECASE,
)


def _same_address(
    procedure: Procedure, spec: FieldSpec, form: Mapping[str, Any], text: str, turn: int
) -> Extraction | None:
    """The address already given, for "same as my address", "c'est la même adresse"."""
    if spec.shape != "address" or not _SAME_ADDRESS.match(nfc(text).strip()):
        return None
    given = [
        value
        for name, value in form.items()
        if name != spec.name
        and name in procedure.fields
        and procedure.fields[name].shape == "address"
        and isinstance(value, str)
        and value
    ]
    if len(given) != 1:
        return None
    return Extraction(
        field=spec.name,
        value=given[0],
        source_text=text,
        method=ExtractionMethod.PARSER,
        confidence=1.0,
        turn=turn,
    )


_TIME_UNIT = r"(?:h|std\.?|stunden|wochenstunden|hours?|hrs?|heures?|tagen?|days?|jours?)"
_HOURS_CUT = re.compile(
    rf"(?:von|from|de|statt|anstatt|instead\s+of|au\s+lieu\s+de)\s*(?P<a>\d{{1,3}}(?:[.,]\d)?)"
    rf"\s*{_TIME_UNIT}?\s*(?:auf|to|down\s+to|à|a|nur\s+noch|only|plus\s+que|seulement)\s*"
    rf"(?:nur\s+noch\s+|only\s+)?(?P<b>\d{{1,3}}(?:[.,]\d)?)\s*{_TIME_UNIT}",
    re.IGNORECASE,
)


def _hours_cut(spec: FieldSpec, text: str, turn: int) -> Extraction | None:
    """The loss of working time from the hours before and after ("von 40 auf 24 Stunden").

    Worked out, so read back: "de 35 h à 21 h" is a loss of 40 %.
    """
    if spec.kind is not FieldKind.PERCENT:
        return None
    match = _HOURS_CUT.search(nfc(text))
    if match is None:
        return None
    before, after = (float(match.group(g).replace(",", ".")) for g in ("a", "b"))
    if not 0 <= after < before:
        return None
    loss = round((before - after) / before * 100, 1)
    if (spec.minimum is not None and loss < spec.minimum) or (
        spec.maximum is not None and loss > spec.maximum
    ):
        return None
    return Extraction(
        field=spec.name,
        value=loss,
        source_text=text,
        method=ExtractionMethod.PARSER,
        confidence=READ_BACK,
        turn=turn,
    )


_ALL_BUT = re.compile(
    r"\b(?:all|everyone|everybody|alle|jeder|tous|toutes|tout\s+le\s+monde)\b"
    r"[^.;!?]{0,40}?\b(?:except|but|apart\s+from|other\s+than|bis\s+auf|au(?:ss|ß)er|ausser"
    r"|sauf|à\s+part|a\s+part|hormis|excepté|excepte)\b",
    re.IGNORECASE,
)
_NOT_READ = ParseResult(ok=False, error=ParseError.NOT_UNDERSTOOD, confidence=0.0)


def _all_but(
    procedure: Procedure,
    spec: FieldSpec,
    form: Mapping[str, Any],
    text: str,
    language: str,
    turn: int,
) -> Extraction | None:
    """The whole less N: "alle außer unseren drei Minijobbern", "all but the 2 in the office".

    The number said is the part left out, never the answer: read back the
    whole less it when the whole is known, else store nothing (the question
    is asked again). ``None`` when the message says no such thing.
    """
    if spec.kind is not FieldKind.INTEGER or spec.unit is None:
        return None
    match = _ALL_BUT.search(nfc(text))
    if match is None:
        return None
    left_out = sorted(nlu.mentioned_numbers(nfc(text)[match.end() :], language, spec.kind))
    counts = _counts_like(procedure, spec, form)[::-1]
    # The largest count the rest may be part of ("all but 3" of the head
    # count, or of those affected where the rest may not exceed them).
    value = next(
        (
            whole - int(left_out[0])
            for whole in counts
            if len(left_out) == 1
            and 0 < left_out[0] < whole
            and procedure.check_field(spec.name, whole - int(left_out[0]), form) is None
        ),
        None,
    )
    if value is None:
        return Extraction(field=spec.name, value=None, source_text=text, turn=turn)
    return Extraction(
        field=spec.name,
        value=value,
        source_text=text,
        method=ExtractionMethod.PARSER,
        confidence=READ_BACK,
        turn=turn,
    )


def read_message(
    procedure: Procedure,
    form: Mapping[str, Any],
    asked: str,
    text: str,
    language: str,
    today: dt.date,
    turn: int,
) -> tuple[Extraction | None, list[Extraction], ParseResult | None]:
    """Read one answer to the question on ``asked``, and every other fact it states.

    Args:
        procedure: The procedure as the case's flow version asks it.
        form: The answers so far.
        asked: The asked field.
        text: The message.
        language: The conversation's language.
        today: Reference date.
        turn: The turn number (provenance).

    Returns:
        The asked field's value (or ``None``), the other open fields' values,
        and the failed reading of the asked field (for its error message).
    """
    spec = procedure.fields[asked]
    same = _same_address(procedure, spec, form, text, turn) or _hours_cut(spec, text, turn)
    if same is not None:
        return same, [], None
    all_but = _all_but(procedure, spec, form, text, language, turn)
    if all_but is not None:
        if all_but.value is None:
            return None, [], _NOT_READ
        return all_but, [], None
    extra = [] if spec in open_fields(procedure, form) else [spec]
    slots = fill_open_slots(procedure, form, text, language, today, asked, extra)
    mine = next((slot for slot in slots if slot.field == asked), None)
    others = [_extraction(slot, text, turn) for slot in slots if slot.field != asked]
    if spec.kind is FieldKind.YES_NO and mine is not None:
        # "Yes, everyone took their remaining leave": the applicant's own yes
        # or no to the question wins over the words that follow it.
        plain = nfc(text)
        leading = _LEADING_YES_OR_NO.match(plain)
        # "Oui pour les heures sup.": a yes to a part of the question is no yes
        if leading is not None and re.match(r"\s*(?:[,.;:!–—-]|$)", plain[leading.end() :]):
            said = nlu.parse_yes_no(leading.group(), language)
            if said is not None and said != mine.value:
                mine = nlu.Slot(mine.field, said, mine.confidence, leading.group().strip(" ,.;:!"))
    if (
        mine is not None
        and "?" in text
        and mine.confidence > READ_BACK
        and spec.kind not in (FieldKind.IBAN, FieldKind.EMAIL, FieldKind.BETRIEBSNUMMER)
    ):
        # "Is that the same as the lot number? That one is 3.": an answer
        # that asks something is read back, not stored as said.
        mine = nlu.Slot(mine.field, mine.value, READ_BACK, mine.span, mine.note, mine.detail)
    if spec.kind is FieldKind.TEXT and (spec.shape or "free") == "free":
        # A description tells its story; facts said in the sentences after
        # it ("Handwerk. Ansprechperson ist Anna Schneider") fill their own
        # fields, and the description keeps its own sentences.
        cut = _first_other_sentence(text, [slot for slot in slots if slot.field != asked])
        others = (
            []
            if cut is None
            else [
                _extraction(slot, text, turn)
                for slot in slots
                if slot.field != asked and text.find(slot.span) >= cut
            ]
        )
        if cut is not None:
            text = text[:cut].rstrip() or text
            if len(text.split()) <= 4:
                text = text.rstrip(" .;")  # "crafts." is the industry "crafts"
    if mine is not None:
        return _extraction(mine, text, turn), others, None
    result = _fallback(text, spec, language, today, bool(others), procedure, form)
    if result.ok:
        confidence = result.confidence
        extraction = Extraction(
            field=asked,
            value=result.value,
            source_text=text,
            method=ExtractionMethod.PARSER,
            confidence=confidence,
            turn=turn,
        )
        return extraction, others, None
    return None, others, result


_SENTENCE_END = re.compile(r"[.!?;\n]+\s+")


def _first_other_sentence(text: str, slots: list[nlu.Slot]) -> int | None:
    """Where the first sentence that states another field's fact begins, if not the first."""
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    found = [text.find(slot.span) for slot in slots if slot.span and text.find(slot.span) >= 0]
    if not found:
        return None
    first = min(found)
    sentence = max(s for s in starts if s <= first)
    return sentence if sentence > 0 else None


def read_other_facts(
    procedure: Procedure,
    form: Mapping[str, Any],
    pending_field: str,
    text: str,
    language: str,
    today: dt.date,
    turn: int,
) -> list[Extraction]:
    """Facts a reply to a read-back states about other open fields (never the pending one)."""
    slots = [
        slot
        for slot in fill_open_slots(procedure, form, text, language, today, None)
        if slot.field != pending_field
    ]
    return [_extraction(slot, text, turn) for slot in slots if slot.confidence >= 1.0]


def read_confirmation_reply(
    procedure: Procedure,
    form: Mapping[str, Any],
    pending: Mapping[str, Any],
    text: str,
    language: str,
    today: dt.date,
    turn: int,
) -> Extraction | None:
    """Read a reply to a read-back as a value of the pending field, when it holds one.

    "4", "no, put 4", "doch, Zone U", "si, c'est en zone U" answer the
    pending question itself; a bare "yes"/"no" holds no value (``None``).
    """
    name = str(pending.get("field"))
    if name not in procedure.fields:
        return None
    spec = procedure.fields[name]
    folded = fold(nfc(text)).strip()
    if spec.kind is FieldKind.YES_NO:
        slots = nlu.fill_slots(text, [spec], language, today, asked=None, form=form)
        if slots:
            return _extraction(slots[0], text, turn)
        if _SAYS_YES_TO_PROPOSITION.search(folded):
            return Extraction(field=name, value=True, source_text=text, turn=turn)
        return None
    bare = re.sub(r"^\W*(?:yes|yeah|no|nope|ja|nein|oui|non|nan|doch|si)\b\W*", "", folded)
    if not bare.strip():
        return None
    year = re.fullmatch(r"\W*(?:(?:nein|no|non|doch)\W+)?((?:19|20)\d{2})\b.*", bare)
    pending_value = str(pending.get("value", ""))
    if year and spec.kind in (FieldKind.MONTH, FieldKind.DATE) and len(pending_value) >= 7:
        # "2027 natürlich": the read-back's month, in the year the applicant meant.
        value = year.group(1) + pending_value[4:]
        return Extraction(field=name, value=value, source_text=text, turn=turn)
    slots = nlu.fill_slots(text, [spec], language, today, asked=name, form=form)
    if slots and slots[0].value != pending.get("value"):
        return _extraction(slots[0], text, turn)
    if not slots and isinstance(pending.get("value"), int | float) and spec.kind in NUMBERS:
        # "nein 110, 900 ist das Grundstück", "no 18, 2,500 is the whole plot":
        # the number read back is explained away; the other one is the answer.
        rest = _without_number(text, language, float(pending["value"]))
        if rest is not None:
            slots = nlu.fill_slots(rest, [spec], language, today, asked=name, form=form)
            if slots and slots[0].value != pending.get("value"):
                return _extraction(slots[0], text, turn)
    return None


NUMBERS = frozenset({FieldKind.INTEGER, FieldKind.DECIMAL, FieldKind.PERCENT, FieldKind.MONEY})


def _without_number(text: str, language: str, value: float) -> str | None:
    """The message with every mention of ``value`` blanked, or ``None`` if it has none."""
    from agents.nlu._mentions import read_mentions

    reading = read_mentions(text, language)
    spans = [(m.start, m.end) for m in reading.mentions if m.value == value]
    if not spans:
        return None
    prepared = reading.prepared
    for start, end in sorted(spans, reverse=True):
        prepared = prepared[:start] + " " * (end - start) + prepared[end:]
    return prepared


def _words(*lines: str) -> frozenset[str]:
    return frozenset(" ".join(lines).split())


# Words that add nothing to a "yes" about the value read back ("yes, that's
# right", "oui c'est bien ça", "ja, genau so, danke").
_CONFIRM_FILLER = _words(
    "yes yeah yep that that's thats s it is right correct exactly sure course of indeed",
    "fine ok okay good perfect thanks thank you please so",
    "ja jawohl genau so stimmt richtig korrekt passt das ist es alles gut danke bitte",
    "klar natürlich naturlich sicher",
    "oui ouais si c est ça ca cela bien bon juste exact exactement correct tout fait",
    "parfait merci voilà voila d accord sûr sur",
)
_CONFIRM_STOP = _words(
    "the a an of our we it its was were are to and or my by for in on at this there be",
    "been has have had i us very some as when once until",
    "der die den dem des ein eine einen wir es war und oder unser im in am an auf mit",
    "hat haben sobald wenn bis sind",
    "le la les l un une des de du d nous notre est a ont et ou en au aux par pour il",
    "elle y que qui dès quand sont",
)


def yes_about_something_else(spec: FieldSpec, pending_value: Any, text: str) -> bool:
    """Whether a "yes" to a read-back goes on about something other than its value.

    "oui, dès que les machines sont réparées" to "Employees in total: 50?"
    answers the question the applicant expected next, not the read-back: the
    value must not be confirmed by it. A yes followed only by words of
    agreement, the value itself or the field's own words confirms.

    Args:
        spec: The field read back.
        pending_value: The value read back.
        text: The applicant's reply.

    Returns:
        ``True`` when the words after the yes are about something else.
    """
    words = re.findall(r"[^\W\d_]+|\d+", fold(nfc(text)))
    content = [w for w in words if w not in _CONFIRM_FILLER and w not in _CONFIRM_STOP]
    if len(content) < 2:
        return False
    if str(pending_value) and any(w.isdigit() and w in str(pending_value) for w in content):
        return False
    own = {
        w[:5]
        for label in (*spec.labels.values(), *spec.questions.values(), spec.name.replace("_", " "))
        for w in re.findall(r"[^\W\d_]{4,}", fold(nfc(label)))
    }
    return not any(w[:5] in own for w in content if len(w) >= 4)


_ASKS_BACK = re.compile(
    r"^\W*(?:what|what's|whats|how|why|where|which|who|do\s+i|does|is\s+it|should\s+i|can\s+i"
    r"|was|wie|warum|wieso|weshalb|wo|welche\w*|muss\s+ich|soll\s+ich|kann\s+ich|heißt|heisst"
    r"|qu'est|c'est\s+quoi|quoi|comment|pourquoi|où|ou\s+est|quel\w*|dois-je|est-ce|ça\s+veut"
    r"|ca\s+veut|que\s+veut|je\s+dois)\b"
    r"|\b(?:c'est\s+quoi|qu'est-ce\s+que|what\s+is|what\s+does|was\s+ist|was\s+hei(?:ß|ss)t"
    r"|was\s+bedeutet|que\s+veut\s+dire|ça\s+veut\s+dire)\b",
    re.IGNORECASE,
)
_LEADING_YES_OR_NO = re.compile(
    r"^\W*(?:yes|yeah|yep|no|nope|ja|nein|nee|doch|oui|ouais|non|si)\b", re.IGNORECASE
)


def asks_back(text: str, language: str) -> bool:
    """Whether the message is a question back to the assistant, not an answer.

    "c'est quoi un monument historique exactement ?", "what counts as a
    listed building?": a question mark and a question word. "20?" or "2027?"
    (an unsure answer) is an answer.
    """
    del language  # question words of the three languages do not collide
    stripped = nfc(text).strip()
    return stripped.endswith("?") and bool(_ASKS_BACK.search(stripped))


def starts_with_yes_or_no(text: str) -> bool:
    """Whether the message opens with a yes or a no ("Nein, ...", "oui, ...")."""
    return bool(_LEADING_YES_OR_NO.match(nfc(text)))
