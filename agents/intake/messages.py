"""What the assistant says, in each language, from the gettext catalogues.

Questions themselves come from the procedure's field specs; these are the
engine's own sentences around them, written in
``guichet/i18n/locale/<language>/LC_MESSAGES/guichet.po`` under
``intake_<key>`` (see :mod:`guichet.i18n.catalog`).
"""

from __future__ import annotations

from guichet.i18n.catalog import has_message, translations
from guichet.i18n.formats import LANGUAGES

__all__ = ["YES_NO_WORDS", "say"]

# The catalogue key of a sentence is its key here with this prefix
# ("greeting" -> "intake_greeting"), so the keys callers use stay the same.
_PREFIX = "intake_"

YES_NO_WORDS: dict[str, tuple[str, str]] = {
    language: (
        translations(language).gettext(f"{_PREFIX}yes"),
        translations(language).gettext(f"{_PREFIX}no"),
    )
    for language in LANGUAGES
}
"""The words for yes and no, per language."""


def say(key: str, language: str, **values: object) -> str:
    """Return message ``key`` in ``language`` (English fallback) filled with ``values``.

    The sentences live in the gettext catalogues as ``intake_<key>``. Values
    are inserted as given (``%(name)s``), not reformatted: questions and
    read-backs are rendered inside the workflow, and a sentence a running
    case already said must come out the same when it replays.

    Args:
        key: The message key (``greeting``, ``noted``, ...).
        language: ``de``, ``en`` or ``fr``; others are answered in English.
        **values: The placeholders' values.

    Returns:
        The sentence.

    Raises:
        KeyError: If no catalogue writes the message.

    """
    catalog_key = _PREFIX + key
    if not has_message(catalog_key):
        raise KeyError(key)
    return translations(language).gettext(catalog_key) % values
