"""``parse_value``: read one answer for one field, by the field's kind."""

from __future__ import annotations

import datetime as dt
import re

from agents.nlu._choices import parse_choice
from agents.nlu._dates import parse_date, parse_month
from agents.nlu._files import parse_file_reference
from agents.nlu._identifiers import parse_betriebsnummer, parse_email, parse_iban
from agents.nlu._numbers import NUMERIC_KINDS, parse_number
from agents.nlu._result import fail, ok
from agents.nlu._text import nfc
from agents.nlu._yesno import parse_yes_no
from schemas.extraction import ParseError, ParseResult
from schemas.form import FieldKind, FieldSpec


def _parse_text(text: str, spec: FieldSpec) -> ParseResult:
    value = re.sub(r"[ \t]+", " ", nfc(text)).strip()
    if not value:
        return fail(ParseError.NOT_UNDERSTOOD)
    if spec.max_length is not None and len(value) > spec.max_length:
        return fail(ParseError.TOO_LONG, str(spec.max_length))
    return ok(value)


def parse_value(text: str, spec: FieldSpec, language: str, today: dt.date) -> ParseResult:
    """Read the applicant's answer for one field, without a model.

    Pure: the same text, field, language and ``today`` always give the same
    result, which is what a Temporal activity's replay needs.

    Args:
        text: The applicant's answer, as typed.
        spec: The field asked for; its kind selects the parser.
        language: ``de``, ``en`` or ``fr``; other languages read digits only.
        today: The reference date for "next month", "yesterday" or a month
            named without a year.

    Returns:
        The normalised value (``ok``) or the reason it could not be read.

    """
    kind = spec.kind
    if kind in NUMERIC_KINDS:
        return parse_number(text, spec, language)
    if kind is FieldKind.MONTH:
        return parse_month(text, language, today)
    if kind is FieldKind.DATE:
        return parse_date(text, language, today)
    if kind is FieldKind.YES_NO:
        answer = parse_yes_no(text, language)
        return fail(ParseError.NOT_UNDERSTOOD) if answer is None else ok(answer)
    if kind is FieldKind.CHOICE:
        return parse_choice(text, spec, language)
    if kind is FieldKind.EMAIL:
        return parse_email(text)
    if kind is FieldKind.BETRIEBSNUMMER:
        return parse_betriebsnummer(text)
    if kind is FieldKind.IBAN:
        return parse_iban(text)
    if kind is FieldKind.FILE:
        return parse_file_reference(text, language)
    return _parse_text(text, spec)
