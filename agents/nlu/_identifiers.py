"""Identifiers: the German Betriebsnummer, IBAN and e-mail address.

``python-stdnum`` has no Betriebsnummer module (``stdnum.de`` covers
Handelsregisternummer, IdNr, Leitweg-ID, StNr, USt-IdNr and WKN), so the check
is written here with its ``clean``/``isdigits`` helpers. IBANs are checked
by ``schwifty`` (structure per country and the ISO 7064 check digits).
"""

from __future__ import annotations

import re

from stdnum.util import clean, isdigits

from agents.nlu._result import fail, ok
from agents.nlu._text import nfc
from schemas.extraction import ParseError, ParseResult

_BETRIEBSNUMMER_LENGTH = 8
_SEPARATORS = " \u00a0\u202f-./"
_DIGIT_RUN = re.compile(r"\d[\d \u00a0\u202f./-]*\d|\d")
_WEIGHTS = (1, 2, 1, 2, 1, 2, 1)
# Two letters, two check digits, then the account part with optional
# spaces; trailing words are cut off group by group until the IBAN fits.
_IBAN_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ \u00a0\-]*[A-Za-z0-9]+){1,12}")
_EMAIL = re.compile(
    r"(?<![\w.+-])(?P<local>[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+)@"
    r"(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})(?![\w-])"
)


def _betriebsnummer_check_digit(first_seven: str) -> int:
    """Sum of the digit sums of the first seven digits weighted 1,2,1,2,1,2,1, mod 10."""
    products = (int(d) * w for d, w in zip(first_seven, _WEIGHTS, strict=True))
    return sum(p // 10 + p % 10 for p in products) % 10


def _betriebsnummer_error(number: str) -> ParseError | None:
    if len(number) != _BETRIEBSNUMMER_LENGTH or not isdigits(number):
        return ParseError.INVALID_FORMAT
    # The first three digits are 010-099 or 110 and above.
    if int(number[:3]) < 10 or 100 <= int(number[:3]) <= 109:
        return ParseError.INVALID_FORMAT
    check = _betriebsnummer_check_digit(number[:7])
    # The last digit may be the check digit or the check digit plus five.
    if int(number[7]) not in (check, (check + 5) % 10):
        return ParseError.INVALID_CHECKSUM
    return None


def is_valid_betriebsnummer(value: str) -> bool:
    """Whether ``value`` is a valid German Betriebsnummer (spaces allowed).

    Args:
        value: The number, e.g. ``"0991 2342"``.

    Returns:
        ``True`` when it has 8 digits, an allowed prefix and a matching check digit.

    """
    return _betriebsnummer_error(clean(value, _SEPARATORS)) is None


def parse_betriebsnummer(text: str) -> ParseResult:
    """Read a Betriebsnummer from an answer; the value is the 8-digit string."""
    numbers = [clean(m.group(), _SEPARATORS) for m in _DIGIT_RUN.finditer(nfc(text))]
    eight = [n for n in numbers if len(n) == _BETRIEBSNUMMER_LENGTH]
    if not eight:
        return fail(ParseError.INVALID_FORMAT, "length")
    errors = [_betriebsnummer_error(n) for n in eight]
    for number, error in zip(eight, errors, strict=True):
        if error is None:
            return ok(number)
    if ParseError.INVALID_CHECKSUM in errors:
        return fail(ParseError.INVALID_CHECKSUM)
    return fail(ParseError.INVALID_FORMAT, "prefix")


def parse_iban(text: str) -> ParseResult:
    """Read an IBAN from an answer; the value is the compact form (``DE89370400440532013000``)."""
    # Imported here: schwifty loads its bank registry on import (~0.15 s),
    # and only IBAN answers need it.
    from schwifty import IBAN
    from schwifty.exceptions import (
        InvalidBBANChecksum,
        InvalidChecksumDigits,
        SchwiftyException,
    )

    checksum_seen = False
    for m in _IBAN_START.finditer(nfc(text)):
        groups = re.split(r"[ \u00a0\-]+", m.group())
        for end in range(len(groups), 0, -1):
            try:
                return ok(IBAN("".join(groups[:end]), allow_invalid=False).compact)
            except (InvalidChecksumDigits, InvalidBBANChecksum):
                checksum_seen = True
            except SchwiftyException:
                continue
    if checksum_seen:
        return fail(ParseError.INVALID_CHECKSUM)
    return fail(ParseError.INVALID_FORMAT)


def parse_email(text: str) -> ParseResult:
    """Read an e-mail address from an answer; the domain is lower-cased."""
    for m in _EMAIL.finditer(nfc(text)):
        local = m.group("local")
        if local.startswith(".") or local.endswith(".") or ".." in local:
            continue
        return ok(f"{local}@{m.group('domain').lower()}")
    return fail(ParseError.INVALID_FORMAT)
