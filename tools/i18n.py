"""Add the keys ``pybabel extract`` found to the three catalogues (``make messages``).

``python -m tools.i18n guichet/i18n/locale/guichet.pot`` reads the extracted
template and adds each key no catalogue has yet, empty, to the German,
English and French catalogues, so the person who writes that language sees
what is missing (``tests/unit/test_i18n_catalog.py`` fails until every key is
written in all three). Nothing is removed: keys the code builds at run time
("outcome_" + outcome) are not extracted but are still used.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from guichet.i18n.catalog import DOMAIN, po_path
from guichet.i18n.formats import LANGUAGES

__all__ = ["add_missing", "main"]


def add_missing(template: Catalog, language: str) -> list[str]:
    """Add the template's keys a language's catalogue lacks, empty; write it back.

    Args:
        template: The extracted template.
        language: ``de``, ``en`` or ``fr``.

    Returns:
        The keys added.

    """
    path = po_path(language)
    with path.open("rb") as source:
        catalog = read_po(source, locale=language, domain=DOMAIN)
    added: list[str] = []
    for message in template:
        if not message.id or message.id in catalog:
            continue
        catalog.add(message.id, "" if isinstance(message.id, str) else ("",) * catalog.num_plurals)
        added.append(str(message.id if isinstance(message.id, str) else message.id[0]))
    if added:
        with path.open("wb") as target:
            write_po(target, catalog, width=100, sort_output=True)
    return added


def main(argv: list[str]) -> int:
    """Merge the extracted template into every catalogue and say what was added.

    Args:
        argv: The template's path.

    Returns:
        The exit status.

    """
    with Path(argv[0]).open("rb") as source:
        template = read_po(source, domain=DOMAIN)
    for language in LANGUAGES:
        added = add_missing(template, language)
        print(f"{language}: {len(added)} new key(s) {', '.join(added)}".rstrip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
