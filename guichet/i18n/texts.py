"""A catalogue message in every language at once: the procedures' texts for people.

A procedure's questions, labels, choice labels, title, check errors, rule
criterion lines and sign-off reasons are catalogue messages (keys
``stw_…``, ``rsa_…``, ``permit_…``; see ``docs/languages.md``), but the
procedure keeps them as a text per language (``FieldSpec.questions``,
``Criterion.explanation``): :func:`texts_for` builds that mapping from the
catalogues.

Values are inserted as given (``%(name)s``), never reformatted: questions are
rendered inside the workflow and criterion lines are recorded in its history,
so a text must come out exactly as it did before. A value that differs by
language is given as a mapping from language to value.
"""

from __future__ import annotations

from collections.abc import Mapping

from guichet.i18n.catalog import has_message, translations
from guichet.i18n.formats import LANGUAGES

__all__ = ["texts_for"]


def texts_for(key: str, /, count: int | None = None, **values: object) -> dict[str, str]:
    """Return message ``key`` in every language Guichet speaks, filled with ``values``.

    Args:
        key: The message key.
        count: For a plural entry, the number that decides the form in each
            language ("1 salarié perd", "2 salariés perdent"); it is passed to
            the message as ``%(count)s`` too.
        **values: The placeholders' values, inserted as given; a mapping is a
            value per language (``{"de": "Hochwasser", "en": "flood", ...}``).

    Returns:
        The text per language, in the order ``de``, ``en``, ``fr``.

    Raises:
        KeyError: If no catalogue writes ``key``.

    """
    if not has_message(key):
        raise KeyError(f"no message {key!r} in the catalogues")
    written: dict[str, str] = {}
    for language in LANGUAGES:
        catalogue = translations(language)
        text = catalogue.gettext(key) if count is None else catalogue.ngettext(key, key, count)
        filled = {
            name: value[language] if isinstance(value, Mapping) else value
            for name, value in values.items()
        }
        if count is not None:
            filled.setdefault("count", count)
        written[language] = text % filled
    return written
