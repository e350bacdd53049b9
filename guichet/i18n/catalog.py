"""The gettext catalogues: every sentence Guichet shows, per language, one fallback rule.

Messages are named by key (``start_title``, ``letter_case_reference``,
``mail_outcome_approved``); each language's catalogue
(``guichet/i18n/locale/<language>/LC_MESSAGES/guichet.po``) writes every key
in that language, with its plural forms where a number decides the words
("1 réponse", "2 réponses"). ``make install`` compiles the ``.po`` files to
``.mo`` (``make catalogues``), which this module reads; ``make messages``
extracts the keys the code uses (``pybabel extract``) and adds the new ones
to the three catalogues.

**The one fallback rule**, for all text: a language Guichet does not speak
is answered in English, and a message a catalogue lacks is taken from the
English catalogue. A key missing from the English catalogue too is a bug
(:class:`KeyError`); ``tests/unit/test_i18n_catalog.py`` keeps every key in all
three languages.

Placeholders are Python's ``%(name)s`` (as Jinja2's i18n extension fills
them), so a literal percent sign is written ``%%``. Numbers passed as values
are written by :func:`guichet.i18n.formats.format_number` in the language.

Like :mod:`guichet.i18n.formats`, the catalogues are loaded when the module
is imported, so workflow code that renders a message reads no file.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Final

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from guichet.i18n.formats import FALLBACK_LANGUAGE, LANGUAGES, format_number

__all__ = [
    "DOMAIN",
    "LOCALE_DIR",
    "gettext",
    "has_message",
    "message_keys",
    "ngettext",
    "translations",
]

DOMAIN: Final = "guichet"
LOCALE_DIR: Final = Path(__file__).parent / "locale"


def po_path(language: str) -> Path:
    """Return the path of a language's ``.po`` catalogue.

    Args:
        language: ``de``, ``en`` or ``fr``.

    Returns:
        ``guichet/i18n/locale/<language>/LC_MESSAGES/guichet.po``.

    """
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def _load(language: str) -> Translations:
    mo = po_path(language).with_suffix(".mo")
    if not mo.exists():
        # A checkout where `make install` has not compiled the catalogues yet
        # (a test run straight after a pull): compile in memory, same result.
        import io

        with po_path(language).open("rb") as source:
            catalog = read_po(source, locale=language, domain=DOMAIN)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return Translations(buffer, domain=DOMAIN)
    with mo.open("rb") as compiled:
        return Translations(compiled, domain=DOMAIN)


def _catalogues() -> dict[str, Translations]:
    loaded = {language: _load(language) for language in LANGUAGES}
    english = loaded[FALLBACK_LANGUAGE]
    for language, translations in loaded.items():
        if language != FALLBACK_LANGUAGE:
            translations.add_fallback(english)
    return loaded


_CATALOGUES: Final = _catalogues()


def translations(language: str) -> Translations:
    """Return a language's translations (English for a language Guichet does not speak).

    Args:
        language: ``de``, ``en`` or ``fr``.

    Returns:
        The translations, falling back to English message by message.

    """
    return _CATALOGUES.get(language) or _CATALOGUES[FALLBACK_LANGUAGE]


def _keys(translations: _gettext.GNUTranslations) -> set[str]:
    catalog: Mapping[object, str] = translations._catalog  # type: ignore[attr-defined]
    keys: set[str] = set()
    for entry in catalog:
        key = entry[0] if isinstance(entry, tuple) else entry
        if key:
            keys.add(str(key))
    return keys


_ENGLISH_KEYS: Final = frozenset(_keys(_CATALOGUES[FALLBACK_LANGUAGE]))


def message_keys(language: str = FALLBACK_LANGUAGE) -> frozenset[str]:
    """Return the keys a language's catalogue writes.

    Args:
        language: ``de``, ``en`` or ``fr``.

    Returns:
        The keys.

    """
    if language == FALLBACK_LANGUAGE:
        return _ENGLISH_KEYS
    return frozenset(_keys(_CATALOGUES[language]))


def has_message(key: str) -> bool:
    """Whether ``key`` names a message.

    Args:
        key: A message key.

    Returns:
        True when the English catalogue writes it.

    """
    return key in _ENGLISH_KEYS


def _fill(text: str, language: str, values: Mapping[str, object]) -> str:
    shown = {
        name: format_number(value, language, None)
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool)
        else value
        for name, value in values.items()
    }
    return text % shown


def gettext(key: str, language: str, /, **values: object) -> str:
    """Return message ``key`` in ``language``, its placeholders filled.

    Args:
        key: The message key.
        language: ``de``, ``en`` or ``fr``; others are answered in English.
        **values: The placeholders' values; numbers are written in the language.

    Returns:
        The sentence.

    Raises:
        KeyError: If no catalogue writes ``key``.

    """
    if key not in _ENGLISH_KEYS:
        raise KeyError(f"no message {key!r} in the catalogues")
    return _fill(translations(language).gettext(key), language, values)


def ngettext(key: str, count: int, language: str, /, **values: object) -> str:
    """Return message ``key`` in the plural form ``count`` takes in ``language``.

    ``count`` is passed to the sentence as ``%(count)s`` too.

    Args:
        key: The message key (a plural entry of the catalogues).
        count: The number that decides the form ("1 réponse", "2 réponses").
        language: ``de``, ``en`` or ``fr``; others are answered in English.
        **values: The placeholders' values.

    Returns:
        The sentence.

    Raises:
        KeyError: If no catalogue writes ``key``.

    """
    if key not in _ENGLISH_KEYS:
        raise KeyError(f"no message {key!r} in the catalogues")
    text = translations(language).ngettext(key, key, count)
    return _fill(text, language, {"count": count, **values})
