"""Scripted claims of the minimum-income benefit and of building applications.

Like :mod:`tools.demo`, the scripts answer by field, so they follow
whatever order the intake asks in; the caseworkers' and consulted services'
actions are steps run in order once the form is submitted. The end-to-end
tests, the history recorder and ``starter.py demo`` drive them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from procedures.building_permit.form import DOCUMENTS
from runtime.service import CaseService
from schemas.case import CaseStatus, CaseView
from schemas.task import DecideInput
from tools.demo import Printer, Script, converse

SETTLED_STATUSES = (CaseStatus.DECIDED, CaseStatus.CLOSED)

IBAN_A = "FR76 3000 6000 0112 3456 7890 189"
IBAN_B = "DE89 3704 0044 0532 0130 00"
IBAN_C = "GB29 NWBK 6016 1331 9268 19"


@dataclass
class Step:
    """One action on a task once the form is submitted.

    Attributes:
        kind: The task kind expected (``completeness``, ``review``,
            ``second_review``, ``consultation``).
        outcome: The decision.
        user: Who claims and decides.
        reason: Required for negative outcomes.
        question: Required for ``request_info`` / ``request_documents``.
        service: For a consultation: the consulted service.
        replies: The applicant's answers to the caseworker's question.
        fields: The applicant's answers to fields asked again after the request.
    """

    kind: str
    outcome: str
    user: str
    reason: str | None = None
    question: str | None = None
    service: str | None = None
    replies: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class ProcedureScript(Script):
    """A scripted applicant of a given procedure, with the steps after submission."""

    procedure: str = "minimum_income"
    steps: list[Step] = field(default_factory=list)


def _birth(today: dt.date, years: int) -> str:
    # A birthday well inside the year, so the age is the same all year round.
    return f"01/01/{today.year - years}"


def rsa_scripts(today: dt.date) -> list[ProcedureScript]:
    """Return the RSA demo claims: automatic grant, four-eyes grant, refusal."""
    return [
        ProcedureScript(
            title="RSA, person alone with housing benefit: granted automatically",
            language="fr",
            procedure="minimum_income",
            answers={
                "applicant_name": ["Camille Martin"],
                "birth_date": [_birth(today, 40)],
                "address": ["12 rue des Lilas, 69003 Lyon"],
                "nationality": ["française"],
                "stable_residence": ["oui"],
                "has_partner": ["non"],
                "children_count": ["0"],
                "pregnancy": ["non"],
                "applicant_resources": ["0"],
                # The second RSA question flow (issue 20) asks these instead.
                "applicant_income_same": ["oui"],
                "applicant_net_pay": ["0"],
                "applicant_other_income": ["0"],
                "earnings_stopped": ["non"],
                "housing": ["je touche l'APL"],
                "housing_benefit": ["245 euros"],
                "iban": [IBAN_A],
            },
        ),
        ProcedureScript(
            title="RSA, couple with four children: four-eyes grant",
            language="en",
            procedure="minimum_income",
            answers={
                "applicant_name": ["Alex Durand"],
                "birth_date": [_birth(today, 38)],
                "address": ["4 place du Marché, 13001 Marseille"],
                "nationality": ["EU citizen"],
                "stable_residence": ["yes"],
                "has_partner": ["yes"],
                "children_count": ["4"],
                "child_1_age": ["3"],
                "child_2_age": ["6"],
                "child_3_age": ["9"],
                "child_4_age": ["12"],
                "pregnancy": ["no"],
                "applicant_resources": ["0"],
                "partner_resources": ["0"],
                "child_1_resources": ["0"],
                "child_2_resources": ["0"],
                "child_3_resources": ["0"],
                "child_4_resources": ["0"],
                "applicant_income_same": ["yes"],
                "applicant_net_pay": ["0"],
                "applicant_other_income": ["0"],
                "partner_income_same": ["yes"],
                "partner_net_pay": ["0"],
                "partner_other_income": ["0"],
                "earnings_stopped": ["no"],
                # Not yet claimed: the amount stays above the four-eyes threshold.
                "family_allowances": ["0"],
                "complement_familial": ["no"],
                "asf_received": ["no"],
                "housing": ["tenant without housing benefit"],
                "iban": [IBAN_B],
            },
            steps=[
                Step("review", "approve", "ines.first"),
                Step("second_review", "approve", "jules.second"),
            ],
            expect_task=True,
        ),
        ProcedureScript(
            title="RSA, 23 years old without a child: refused after sign-off",
            language="de",
            procedure="minimum_income",
            answers={
                "applicant_name": ["Jonas Weber"],
                "birth_date": [_birth(today, 23)],
                "address": ["8 rue de la Gare, 67000 Strasbourg"],
                "nationality": ["EU"],
                "stable_residence": ["ja"],
                "has_partner": ["nein"],
                "children_count": ["0"],
                "pregnancy": ["nein"],
                "applicant_resources": ["300"],
                "applicant_income_same": ["ja"],
                "applicant_net_pay": ["300"],
                "applicant_other_income": ["0"],
                "earnings_stopped": ["nein"],
                "housing": ["Mieter ohne Wohngeld"],
                "iban": [IBAN_C],
            },
            steps=[Step("review", "reject", "lea.caseworker", reason="Moins de 25 ans.")],
            expected_outcome="rejected",
            expect_task=True,
        ),
    ]


def permit_answers(
    *,
    project: str,
    area: str,
    urban: str,
    monument: str,
    documents: str | None = None,
    language: str = "fr",
) -> dict[str, list[str]]:
    """Return the answers of a building application (documents as given, or "no")."""
    no = {"de": "nein", "en": "no", "fr": "non"}[language]
    document = documents or no
    return {
        "applicant_name": ["Sophie Bernard"],
        "applicant_address": ["3 chemin des Vignes, 21000 Dijon"],
        "parcel_section": ["AB"],
        "parcel_number": ["142"],
        "site_address": ["5 chemin des Vignes, 21000 Dijon"],
        "project_type": [project],
        "floor_area": [area],
        "height": ["7"],
        "urban_zone": [urban],
        "near_monument": [monument],
        "site_plan": [document],
        "cross_section": [document],
        "facades": [document],
        "photos": [document],
    }


def permit_scripts(document: str) -> list[ProcedureScript]:
    """Return the building-application demos; ``document`` is a stored file's reference."""
    return [
        ProcedureScript(
            title="Extension of 30 m² in an urban zone: prior declaration, granted",
            language="fr",
            procedure="building_permit",
            answers=permit_answers(
                project="extension", area="30", urban="oui", monument="non", documents=document
            ),
            steps=[
                Step("completeness", "complete", "paul.instructeur"),
                Step("review", "approve", "paul.instructeur"),
            ],
            expect_task=True,
        ),
        ProcedureScript(
            title="House near a monument: documents requested, ABF and utilities consulted",
            language="en",
            procedure="building_permit",
            answers=permit_answers(
                project="new house", area="120", urban="no", monument="yes", language="en"
            ),
            steps=[
                Step(
                    "completeness",
                    "request_documents",
                    "paul.instructeur",
                    question="Please upload the site plan, cross-section, façades and photos.",
                    replies=["I am uploading them now."],
                    fields=dict.fromkeys(DOCUMENTS, document),
                ),
                Step("consultation", "agree", "abf.architect", service="abf"),
                Step("consultation", "agree", "utilities.officer", service="utilities"),
                Step("review", "approve", "paul.instructeur"),
            ],
            expect_task=True,
        ),
    ]


STEP_WAIT_SECONDS = 120.0
"""How long a demo step waits for its task before it says which task is missing."""


def task_of(view: CaseView, step: Step) -> str | None:
    """Return the id of the open task a step acts on, or None if it is not open yet."""
    if step.kind == "consultation":
        for consultation in view.consultations:
            if consultation.service == step.service and consultation.outcome is None:
                # The consultation child owns exactly one task, its first.
                return f"{consultation.workflow_id}:1"
        return None
    if view.task is not None and view.task.kind == step.kind:
        return view.task.task_id
    return None


async def apply_step(
    service: CaseService, case_id: str, step: Step, say: Printer | None = None
) -> CaseView:
    """Wait for the step's task, claim and decide it, and answer a request if any."""
    # Beside other traffic a step can take longer than the usual 30 s wait.
    view = await service.wait_for(
        case_id, lambda v: task_of(v, step) is not None, timeout=STEP_WAIT_SECONDS
    )
    task_id = task_of(view, step)
    if task_id is None:
        raise RuntimeError(f"no open {step.kind} task on {case_id} (status {view.status})")
    await service.claim(task_id, step.user)
    await service.decide(
        DecideInput(
            task_id=task_id,
            user=step.user,
            outcome=step.outcome,
            reason=step.reason,
            question=step.question,
        )
    )
    if step.replies or step.fields:
        await answer_request(service, case_id, step, say)
    return await service.view(case_id)


async def answer_request(
    service: CaseService, case_id: str, step: Step, say: Printer | None = None
) -> None:
    """Answer a caseworker's request in the conversation until the form is resubmitted."""
    view = await service.wait_for(
        case_id,
        lambda v: v.status is CaseStatus.AWAITING_APPLICANT and v.question is not None,
    )
    replies = list(step.replies)
    emit = say or (lambda role, text: None)
    question = view.question
    while question is not None:
        if question.field == "_caseworker":
            text = replies.pop(0) if replies else "ok"
        elif question.field.startswith("_"):
            text = {"de": "Ja", "en": "Yes", "fr": "Oui"}[view.language]
        else:
            text = step.fields[question.field]
        emit("assistant", question.text)
        emit("applicant", text)
        question = (await service.send(case_id, text)).question


async def run_procedure_script(
    service: CaseService, script: ProcedureScript, say: Printer | None = None
) -> CaseView:
    """Run a scripted claim end to end: conversation, then every step in order."""
    case_id, _ = await converse(service, script, procedure=script.procedure, say=say)
    for step in script.steps:
        await apply_step(service, case_id, step, say=say)
    return await service.wait_for_status(case_id, *SETTLED_STATUSES)
