"""The web pages' own words, from the gettext catalogues (:mod:`guichet.i18n.catalog`).

The assistant's sentences come from the intake agent and the procedures;
these are the labels, buttons and explanations around them. Their text lives
in ``guichet/i18n/locale/<language>/LC_MESSAGES/guichet.po`` with every other
sentence, under the one fallback rule (English).
"""

from __future__ import annotations

from collections.abc import Callable

from guichet.i18n.catalog import gettext, has_message, ngettext
from guichet.i18n.formats import FALLBACK_LANGUAGE, LANGUAGES, negotiate_language

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "has_text",
    "pick_language",
    "translate",
    "translator",
]

DEFAULT_LANGUAGE = FALLBACK_LANGUAGE
"""The language of a page whose reader states none Guichet speaks (the one fallback)."""

LANGUAGE_NAMES = {"de": "Deutsch", "en": "English", "fr": "Français"}


def translate(key: str, language: str, count: int | None = None, **values: object) -> str:
    """Return UI text ``key`` in ``language`` (English when unknown), filled in.

    Args:
        key: The message key.
        language: ``de``, ``en`` or ``fr``.
        count: For a message with plural forms, the number that chooses the form.
        **values: The placeholders' values.

    Returns:
        The text.

    """
    if count is not None:
        return ngettext(key, count, language, **values)
    return gettext(key, language, **values)


def translator(language: str) -> Callable[..., str]:
    """Return ``t(key, count=None, **values)`` bound to ``language``, for templates.

    Args:
        language: ``de``, ``en`` or ``fr``.

    Returns:
        The bound function.

    """

    def t(key: str, count: int | None = None, **values: object) -> str:
        return translate(key, language, count, **values)

    return t


def has_text(key: str) -> bool:
    """Whether ``key`` is a known UI text.

    Args:
        key: A message key.

    Returns:
        True when the catalogues write it.

    """
    return has_message(key)


def _accepted(accept: str) -> list[str]:
    # "fr-CH,fr;q=0.9,en;q=0.8" -> ["fr-CH", "fr", "en"], by quality.
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and tag != "*" and quality > 0:
            ranked.append((-quality, index, tag))
    return [tag for _, _, tag in sorted(ranked)]


def pick_language(requested: str | None, cookie: str | None, accept: str | None) -> str:
    """Choose the UI language: explicit request, then cookie, then browser (Babel), then English.

    Args:
        requested: The ``lang`` query parameter.
        cookie: The language cookie.
        accept: The ``Accept-Language`` header.

    Returns:
        ``de``, ``en`` or ``fr``.

    """
    for candidate in (requested, cookie):
        if candidate in LANGUAGES:
            return candidate
    return negotiate_language(_accepted(accept or ""))
