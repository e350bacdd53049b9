"""The gettext catalogues (issue 24): every message in all three languages,
the same placeholders in each, plural forms, one fallback rule, and every key
the code and templates use is in them."""

from __future__ import annotations

import builtins
import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from agents.intake.messages import YES_NO_WORDS, say
from guichet.i18n.catalog import LOCALE_DIR, gettext, has_message, message_keys, ngettext, po_path
from guichet.i18n.formats import LANGUAGES
from guichet.i18n.texts import texts_for
from procedures import PROCEDURES
from web.i18n import pick_language, translate

ROOT = Path(__file__).resolve().parents[2]
# ``_`` is the templates' gettext (Jinja2's i18n extension, guichet/i18n/jinja.py).
KEYWORDS = {
    "translate": None,
    "gettext": None,
    "ngettext": (1,),
    "t": None,
    "has_text": None,
    "_": None,
    "texts_for": None,
}
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2"), ("**.j2", "jinja2")]
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def _catalog(language: str) -> Catalog:
    with po_path(language).open("rb") as source:
        return read_po(source, locale=language, domain="guichet")


CATALOGS = {language: _catalog(language) for language in LANGUAGES}


def _forms(string: Any) -> tuple[str, ...]:
    return (
        tuple(str(form) for form in string) if isinstance(string, tuple | list) else (str(string),)
    )


def _ids(catalog: Catalog) -> set[str]:
    return {str(m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}


def test_every_message_has_all_three_languages() -> None:
    english = _ids(CATALOGS["en"])
    assert len(english) > 300
    for language, catalog in CATALOGS.items():
        assert _ids(catalog) == english, language
        empty = [
            m.id
            for m in catalog
            if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
        ]
        assert empty == [], f"{language}: messages without text: {empty}"
        assert not any(m.fuzzy for m in catalog if m.id), language


def test_the_same_placeholders_in_every_language() -> None:
    english = {m.id: m for m in CATALOGS["en"] if m.id}
    for language in ("de", "fr"):
        for message in CATALOGS[language]:
            if not message.id:
                continue
            wanted = set(_PLACEHOLDER.findall(_forms(english[message.id].string)[-1]))
            for form in _forms(message.string):
                assert set(_PLACEHOLDER.findall(form)) <= wanted | {"count"}, (language, message.id)
                assert wanted <= set(_PLACEHOLDER.findall(form)), (language, message.id)


def test_every_message_formats_without_a_stray_percent_sign() -> None:
    for language in LANGUAGES:
        for key in message_keys():
            message = CATALOGS["en"][key]
            names = _PLACEHOLDER.findall(_forms(message.string)[-1])
            if isinstance(message.id, tuple):
                text = ngettext(key, 2, language, **dict.fromkeys(names, "x"))
            else:
                text = gettext(key, language, **dict.fromkeys(names, "x"))
            assert "%(" not in text and "%%" not in text, (language, key)


def test_every_key_the_code_and_templates_use_is_in_the_catalogues() -> None:
    found: set[str] = set()
    for folder in ("activities", "agents", "guichet", "procedures", "web"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder,
            method_map=[
                ("**.py", "python"),
                ("**/templates/**.html", "jinja2"),
                ("**.j2", "jinja2"),
            ],
            keywords=KEYWORDS,
        ):
            key = message if isinstance(message, str) else message[0]
            if key and _KEY.match(key):
                found.add(key)
    assert len(found) > 150
    missing = sorted(key for key in found if not has_message(key))
    assert missing == [], missing


def test_plural_forms_follow_the_number() -> None:
    assert ngettext("progress", 1, "fr", done=1, total=5, left=4) == "1 réponse sur 5, encore 4"
    assert ngettext("progress", 0, "fr", done=0, total=5, left=5) == "0 réponse sur 5, encore 5"
    assert ngettext("progress", 2, "fr", done=2, total=5, left=3) == "2 réponses sur 5, encore 3"
    assert ngettext("progress", 1, "en", done=1, total=5, left=4) == "1 of 5 answers done, 4 to go"
    assert translate("progress", "de", 3, done=3, total=5, left=2).startswith("3 von 5 Angaben")


def test_numbers_in_messages_are_written_in_the_language() -> None:
    text = gettext("message_too_long", "de", n=2500, limit=2000)
    assert "2.500 Zeichen" in text and "höchstens 2.000" in text


def test_one_fallback_rule_english() -> None:
    assert gettext("start_title", "it") == gettext("start_title", "en") == "Make an application"
    assert translate("start_title", "xx") == "Make an application"
    assert pick_language(None, None, "it") == "en"
    assert pick_language(None, None, "it, de-AT;q=0.8, fr;q=0.9") == "fr"
    assert pick_language("xx", None, "fr-CH,fr;q=0.9,en;q=0.8") == "fr"
    with pytest.raises(KeyError):
        gettext("no_such_message", "de")


def test_catalogues_are_compiled_where_make_install_puts_them() -> None:
    for language in LANGUAGES:
        assert (LOCALE_DIR / language / "LC_MESSAGES" / "guichet.po").is_file()
        # `make install` / `make test` compile them (`make catalogues`).
        assert (LOCALE_DIR / language / "LC_MESSAGES" / "guichet.mo").is_file(), language


def test_messages_read_no_file_after_import(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"file read while translating: {args[:1]}")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr("pathlib.Path.open", refuse)
    for language in (*LANGUAGES, "it"):
        gettext("letter_case_reference", language)
        ngettext("progress", 2, language, done=2, total=3, left=1)


def test_every_sentence_the_intake_says_is_in_the_catalogues() -> None:
    said: set[str] = set()
    for folder in ("agents", "workflows", "web"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords={"say": None}
        ):
            # "converted_" + "_".join(periods) is built at run time: not a key.
            if isinstance(message, str) and _KEY.match(message) and not message.endswith("_"):
                said.add(message)
    assert len(said) > 15
    assert sorted(key for key in said if not has_message(f"intake_{key}")) == []


def test_the_intake_sentences_read_as_before_the_catalogues() -> None:
    # Questions and read-backs are said inside the workflow: moving them into
    # the catalogues must not change a word of what running cases were told.
    assert say("greeting", "fr", title="RSA") == (
        "Bonjour ! Je vais vous aider pour votre demande : RSA. Je vous pose une question à la "
        "fois ; vous pourrez modifier chaque réponse plus tard."
    )
    assert say("noted", "de", label="Name", value="Eva") == "Notiert: Name: Eva."
    assert say("left_to_caseworker", "it", label="X") == (
        'All right: a caseworker will clarify "X" with you.'
    )
    assert YES_NO_WORDS == {"de": ("Ja", "Nein"), "en": ("Yes", "No"), "fr": ("Oui", "Non")}
    with pytest.raises(KeyError):
        say("no_such_sentence", "de")


def test_every_procedure_text_is_written_in_all_three_languages() -> None:
    # The procedures' texts come from the catalogues (texts(key)); a text
    # kept in Python, or a key some language lacks, fails here.
    for procedure in PROCEDURES.values():
        shown = [procedure.titles]
        for spec in procedure.fields.values():
            shown += [spec.questions, spec.labels, *(o.labels for o in spec.choices)]
        for text in shown:
            assert tuple(text) == LANGUAGES and all(text.values()), (procedure.id, text)
    with pytest.raises(KeyError):
        texts_for("stw_no_such_text")
    assert texts_for(
        "stw_rule_minimum_share",
        count=1,
        affected=1,
        headcount=3,
        share="33 %",
        ten="10 %",
        required="1/3",
    )["fr"].startswith("1 salarié sur 3 (33 %) perd ")
