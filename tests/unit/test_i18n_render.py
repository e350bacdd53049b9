"""Every mail and every letter, of every procedure, in every language, reads as
written in that language (issue 24): one template per document for all
languages, nothing left untranslated, no placeholder or key left over, no
number pasted next to the wrong form of its noun ("1 réponses")."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path

import pytest

from activities.notify import OFFICE_LANGUAGES, TEMPLATE_DIR, render_notice, render_staff_notice
from guichet.i18n.catalog import message_keys, translations
from guichet.i18n.formats import LANGUAGES
from procedures import PROCEDURES
from procedures.letters import render_letter
from schemas.notify import Notice, NoticeKind, StaffNotice
from tests.unit.test_procedure_letters import PERMIT_FORM, RSA_FORM
from tests.unit.test_procedure_letters import _request as letter_request
from tests.unit.test_stw_letters import FORM as STW_FORM
from tests.unit.test_stw_letters import request as stw_request

ROOT = Path(__file__).resolve().parents[2]
_PER_LANGUAGE = re.compile(r"\.(de|en|fr)\.[a-z]+\.j2$")
_PLACEHOLDER = re.compile(r"%\(\w+\)s")
_LEFTOVER = re.compile(r"%\(|\{\{|\}\}|\{%|%\}|\bNone\b|\b(?:mail|letter)_[a-z_]+\b|  \S| [.,]$")
_WRONG_NUMBER = {
    "de": re.compile(r"(?<![\d.,])1\s(?:Monate|Jahre|Tage|Wochen|Angaben|Antworten)\b"),
    "en": re.compile(r"(?<![\d.,])1\s(?:months|years|days|weeks|answers|documents)\b"),
    "fr": re.compile(r"(?<![\d.,\u202f])1\s(?:réponses|ans|jours|semaines|pièces)\b"),
}

PARAMS: dict[NoticeKind, dict[str, str]] = {
    NoticeKind.DECISION: {"outcome": "approved", "letter_id": "L-1"},
    NoticeKind.APPEAL_SETTLED: {"outcome": "rejected", "verdict": "uphold", "letter_id": "L-2"},
    NoticeKind.DEADLINE_REMINDER: {"due": "2026-03-01"},
    NoticeKind.INTAKE_REMINDER: {"due": "2026-03-01"},
    NoticeKind.INFO_REQUESTED: {"question": "?"},
}


def _english_fragments(language: str, prefix: str) -> list[str]:
    """English sentences (split at placeholders) whose key reads otherwise in ``language``."""
    english, other = translations("en"), translations(language)
    fragments: list[str] = []
    for key in message_keys():
        if not key.startswith(prefix) or english.gettext(key) == other.gettext(key):
            continue
        fragments += [f.strip() for f in _PLACEHOLDER.split(english.gettext(key))]
    return [f for f in fragments if len(f) >= 12]


def check(text: str, language: str, prefixes: tuple[str, ...]) -> None:
    """Fail on a leftover, an English fragment in another language, or a wrong plural."""
    for line in text.splitlines():
        assert not _LEFTOVER.search(line), (language, line)
    assert not _WRONG_NUMBER[language].search(text), (language, text)
    if language != "en":
        for prefix in prefixes:
            for fragment in _english_fragments(language, prefix):
                assert fragment not in text, (language, fragment)


def test_no_template_is_copied_per_language() -> None:
    copies = [
        str(path.relative_to(ROOT))
        for folder in ("activities", "agents", "procedures")
        for path in (ROOT / folder).rglob("*.j2")
        if _PER_LANGUAGE.search(path.name)
    ]
    mails = sorted(p.name for p in TEMPLATE_DIR.glob("*.j2"))
    assert mails == [
        *sorted(f"{kind.value}.txt.j2" for kind in NoticeKind),
        "staff_reminder.txt.j2",
    ]
    assert copies == []
    prompts = sorted(p.name for p in (ROOT / "agents" / "intake" / "prompts").iterdir())
    assert prompts == ["extract.j2"]
    letters = sorted(
        f"{p.parent.parent.name}/{p.name}" for p in (ROOT / "procedures").rglob("letter_*.j2")
    )
    assert letters == sorted(f"{p}/letter_{o}.html.j2" for p, o, _ in LETTERS)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("procedure", sorted(PROCEDURES))
@pytest.mark.parametrize("kind", list(NoticeKind))
def test_every_mail_reads_in_its_language(kind: NoticeKind, procedure: str, language: str) -> None:
    notice = Notice(
        message_id="m",
        case_id="C-1",
        procedure=procedure,
        language=language,
        kind=kind,
        to="a@example.org",
        params=PARAMS[kind],
    )
    subject, body = render_notice(notice, "https://guichet.example")
    check(subject + "\n" + body, language, ("mail_",))
    greeting = {"de": "Guten Tag,", "en": "Hello,", "fr": "Bonjour,"}[language]
    assert body.startswith(greeting + "\n\n")
    if "due" in PARAMS[kind]:
        day = {"de": "1. März 2026", "en": "1 March 2026", "fr": "1er mars 2026"}[language]
        assert day in subject and day in body


@pytest.mark.parametrize("procedure", sorted(PROCEDURES))
@pytest.mark.parametrize("holder", ["", "marc"])
def test_every_staff_reminder_reads_in_the_office_language(procedure: str, holder: str) -> None:
    notice = StaffNotice(
        message_id="s",
        case_id="C-1",
        procedure=procedure,
        task_id="T-1",
        kind="review",
        due_at=dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC),
        group="caseworkers",
        holder=holder or None,
    )
    subject, body = render_staff_notice(notice, "https://guichet.example")
    language = OFFICE_LANGUAGES.get(str(PROCEDURES[procedure].timezone), "en")
    check(subject + "\n" + body, language, ("mail_",))


def _letter_text(html: str) -> str:
    # What a person reads: the tags dropped, entities decoded, spaces collapsed.
    body = html.split("<body>", 1)[1]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body))).strip()


LETTERS: list[tuple[str, str, bool]] = [
    ("minimum_income", "approved", True),
    ("minimum_income", "rejected", True),
    ("minimum_income", "tacitly_rejected", True),
    ("building_permit", "approved", True),
    ("building_permit", "rejected", True),
    ("building_permit", "tacitly_approved", True),
    ("building_permit", "tacitly_rejected", False),
    ("short_time_work", "approved", True),
    ("short_time_work", "rejected", True),
]
"""Every letter of every procedure (procedure, outcome, with a rule outcome)."""


def _letters() -> list[tuple[str, str, str, bool]]:
    return [(p, o, language, r) for language in LANGUAGES for (p, o, r) in LETTERS]


@pytest.mark.parametrize(("procedure", "outcome", "language", "ruled"), _letters())
def test_every_letter_reads_in_its_language(
    procedure: str, outcome: str, language: str, ruled: bool
) -> None:
    if procedure == "short_time_work":
        request = stw_request(language, outcome, STW_FORM, dt.date(2026, 3, 31), "Grund.")
    else:
        form = RSA_FORM if procedure == "minimum_income" else PERMIT_FORM
        request = letter_request(procedure, outcome, language, form, ruled)
    html = render_letter(request, PROCEDURES[procedure])
    assert f'<html lang="{language}">' in html
    text = _letter_text(html)
    check(text, language, ("letter_",))
    greeting = {"de": "Sehr geehrte", "en": "Dear", "fr": "Madame, Monsieur"}[language]
    assert greeting in text, text[:300]


_PASTED_ARTICLES = {
    "de": re.compile(r"\bden (?:Fotos|Fassadenpläne|Schnittzeichnung)\b"),
    "en": re.compile(r"\ba (?:photos|drawings)\b"),
    "fr": re.compile(r"\b(?:le|la) (?:plans|photographies|pièces)\b"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_question_pastes_an_article_before_a_name(language: str) -> None:
    # "le plans des façades", "le photographies": each question is written whole.
    for procedure in PROCEDURES.values():
        for spec in procedure.fields.values():
            question = spec.question(language)
            assert not _PASTED_ARTICLES[language].search(question), (spec.name, question)
            assert not _WRONG_NUMBER[language].search(question), (spec.name, question)


def test_the_head_count_checks_agree_with_their_numbers() -> None:
    from procedures.short_time_work.flow import check_field

    one = check_field("affected_employees", 3, {"headcount": 1})
    assert one is not None
    assert one["en"].endswith("has 1 employee in total.")
    assert one["de"].endswith("insgesamt 1 Beschäftigten hat.")
    assert one["fr"].endswith("compte 1 salarié au total.")
    many = check_field("affected_employees", 10, {"headcount": 9})
    assert many is not None
    assert (
        many["en"]
        == "10 employees cannot be affected when the establishment has 9 employees in total."
    )
    only = check_field("affected_over_10_percent", 3, {"affected_employees": 1})
    assert only is not None and "only 1 is affected" in only["en"] and "seul 1 est" in only["fr"]
    for language, text in (*one.items(), *only.items()):
        assert not _WRONG_NUMBER[language].search(text), text
