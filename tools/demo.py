"""Scripted demo claims: one approved automatically, one signed off, one refused.

The scripts answer by field, so they follow whatever order the intake graph
asks in; they are also what the end-to-end tests and the benchmark drive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from runtime.service import CaseService
from schemas.case import CaseStatus, CaseView
from schemas.extraction import Extraction
from schemas.task import DecideInput
from schemas.turn import TurnReply

YES = {"de": "Ja", "en": "Yes", "fr": "Oui"}
NO = {"de": "Nein", "en": "No", "fr": "Non"}
CONFIRM = "_confirm"
"""The question field of a read-back ("Did I read X correctly?")."""

_MONTHS = {
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
}  # fmt: skip


def month_words(today: dt.date, language: str) -> str:
    """Return this month as words with its year, e.g. ``November 2026``."""
    return f"{_MONTHS[language][today.month - 1]} {today.year}"


@dataclass
class Script:
    """One scripted applicant.

    Attributes:
        title: What the case shows.
        language: The applicant's language.
        answers: Answer texts by field; a list is used in order (an invalid
            answer first, then the valid one).
        sign_off: The caseworker's decision (outcome, reason) when a person
            must sign off, else ``None``.
    """

    title: str
    language: str
    answers: dict[str, list[str]]
    sign_off: tuple[str, str | None] | None = None
    expected_outcome: str = "approved"
    expect_task: bool = False
    _used: dict[str, int] = field(default_factory=dict)

    def answer(self, field_name: str) -> str:
        """Return the next answer for ``field_name`` (the last one repeats)."""
        if field_name.startswith("_"):
            return YES[self.language]
        options = self.answers[field_name]
        index = self._used.get(field_name, 0)
        self._used[field_name] = index + 1
        return options[min(index, len(options) - 1)]


def meant(script: Script, reading: Extraction, last_field: str | None) -> bool:
    """Whether a read-back shows what the script meant, so that the demo may confirm it.

    A read-back of the field the script just answered is what it meant; a
    value read for *another* field (a model taking parcel number 3 and floor
    area 21,000 m² from "3 chemin des Vignes, 21000 Dijon") is confirmed only
    if the script's own answer for that field says it.
    """
    if reading.field == last_field:
        return True
    value = str(reading.value)
    return any(value in answer for answer in script.answers.get(reading.field, []))


async def readback_answer(
    service: CaseService, case_id: str, script: Script, last_field: str | None
) -> str:
    """Yes to a read-back the script means, no to one it does not (pure demo policy)."""
    pending = (await service.view(case_id)).pending_confirmation
    if pending and not meant(script, pending[0], last_field):
        return NO[script.language]
    return YES[script.language]


def demo_scripts(today: dt.date) -> list[Script]:
    """Return the three demo claims (German, English, French)."""
    return [
        Script(
            title="Bakery, order cancelled: approved automatically",
            language="de",
            answers={
                "cause": [
                    "Unser größter Kunde hat einen Auftrag storniert, wirtschaftliche Gründe"
                ],
                "cause_description": [
                    "Der Großkunde hat seine Bestellungen für drei Monate storniert."
                ],
                "orders_expected_to_recover": ["Ja"],
                "loss_start_month": [f"ab {month_words(today, 'de')}"],
                "expected_duration_months": ["sechs Monate"],
                "average_loss_percent": ["etwa 40 %"],
                "headcount": ["zwanzig"],
                "affected_employees": ["15"],
                "affected_over_10_percent": [
                    "Korrektur: wir haben eigentlich 22 Mitarbeiter",
                    "zwölf",
                ],
                "employees_social_insurance": ["20"],
                "overtime_and_leave_used": ["Ja, Überstunden und Resturlaub sind abgebaut"],
                "works_council": ["Nein"],
                "employer_name": ["Bäckerei Sonnenschein GmbH"],
                "employer_address": ["Hauptstraße 1, 10115 Berlin"],
                "betriebsnummer": ["12345678", "09912342"],
                "industry": ["Bäckerei"],
                "contact_person": ["Anna Beispiel"],
                "contact_email": ["anna.beispiel@example.org"],
            },
        ),
        Script(
            title="Workshop, unusual cause: signed off and approved",
            language="en",
            answers={
                "cause": ["something else"],
                "cause_description": [
                    "The landlord is renovating the building and we can only use half of it."
                ],
                "loss_start_month": [f"from {month_words(today, 'en')}"],
                "expected_duration_months": ["four"],
                "average_loss_percent": ["fifty percent"],
                "headcount": ["twelve"],
                "affected_employees": ["twelve"],
                "affected_over_10_percent": ["10"],
                "employees_social_insurance": ["12"],
                "overtime_and_leave_used": ["yes"],
                "works_council": ["yes"],
                "works_council_consent": ["yes, it is attached"],
                "employer_name": ["Miller Joinery Ltd"],
                "employer_address": ["Gartenweg 5, 80331 München"],
                "betriebsnummer": ["0991 2342"],
                "industry": ["carpentry"],
                "contact_person": ["Sam Miller"],
                "contact_email": ["sam@example.org"],
            },
            sign_off=("approve", None),
            expect_task=True,
        ),
        Script(
            title="Printing shop, too few employees affected: refused after sign-off",
            language="fr",
            answers={
                "cause": ["baisse des commandes, raisons économiques"],
                "cause_description": ["Notre principal client a réduit ses commandes."],
                "orders_expected_to_recover": ["oui"],
                "loss_start_month": [f"depuis {month_words(today, 'fr')}"],
                "expected_duration_months": ["trois"],
                "average_loss_percent": ["20 %"],
                "headcount": ["vingt"],
                "affected_employees": ["cinq"],
                "affected_over_10_percent": ["deux"],
                "employees_social_insurance": ["20"],
                "overtime_and_leave_used": ["oui"],
                "works_council": ["non"],
                "employer_name": ["Imprimerie Dupont SARL"],
                "employer_address": ["Lindenstraße 3, 50667 Köln"],
                "betriebsnummer": ["09912347"],
                "industry": ["imprimerie"],
                "contact_person": ["Claire Dupont"],
                "contact_email": ["claire@example.org"],
            },
            sign_off=(
                "reject",
                "Moins d'un tiers des salariés subit une perte de salaire de plus de 10 %.",
            ),
            expected_outcome="rejected",
            expect_task=True,
        ),
    ]


Printer = Callable[[str, str], None]
"""Receives (role, text) for each line of the conversation."""


async def converse(
    service: CaseService,
    script: Script,
    procedure: str = "short_time_work",
    say: Printer | None = None,
    send: Callable[[str, str], Awaitable[TurnReply]] | None = None,
) -> tuple[str, TurnReply]:
    """Run the scripted conversation until the form is submitted.

    Returns:
        The case id and the last reply.
    """
    case_id, reply = await service.start(procedure, script.language)
    emit = say or (lambda role, text: None)
    emit("assistant", reply.reply)
    turns = 0
    last_field: str | None = None
    while reply.question is not None:
        emit("assistant", reply.question.text)
        field_name = reply.question.field
        if field_name == CONFIRM:
            text = await readback_answer(service, case_id, script, last_field)
        else:
            text = script.answer(field_name)
            last_field = None if field_name.startswith("_") else field_name
        emit("applicant", text)
        reply = await (send(case_id, text) if send else service.send(case_id, text))
        if reply.reply:
            emit("assistant", reply.reply)
        turns += 1
        if turns > 80:
            raise RuntimeError(f"conversation did not finish (stuck on {reply.question})")
    return case_id, reply


async def run_script(
    service: CaseService,
    script: Script,
    caseworker: str = "demo.caseworker",
    say: Printer | None = None,
) -> CaseView:
    """Run one scripted claim end to end, signing it off where needed."""
    case_id, _ = await converse(service, script, say=say)
    view = await service.wait_for_status(case_id, CaseStatus.DECIDED, CaseStatus.UNDER_REVIEW)
    if view.status is CaseStatus.UNDER_REVIEW and view.task is not None and script.sign_off:
        outcome, reason = script.sign_off
        await service.claim(view.task.task_id, caseworker)
        await service.decide(
            DecideInput(task_id=view.task.task_id, user=caseworker, outcome=outcome, reason=reason)
        )
        view = await service.wait_for_status(case_id, CaseStatus.DECIDED)
    return view
