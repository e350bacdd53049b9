"""The second RSA question flow (issue 20): asked of new cases only, and its answers decided.

A case started on the first flow keeps its questions after the second is
deployed (a fresh worker replays it); a new case is asked the net monthly pay,
the family benefits and the housing benefit, and its history replays.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from temporalio.client import Client

from guichet.audit.archive import export_case
from guichet.store import CaseStore
from procedures import PROCEDURES, get_procedure
from procedures.minimum_income.flow_v2 import GRAPH_NAME, applicable_fields, next_field
from procedures.minimum_income.parameters import parameters_for
from runtime.service import CaseService
from runtime.temporal import build_worker
from tools.audit.replay import replay_case


def test_the_second_flow_asks_monthly_income_family_benefits_and_housing_benefit() -> None:
    values = {
        "applicant_name": "A",
        "birth_date": "1980-01-01",
        "address": "x",
        "nationality": "french",
        "stable_residence": True,
        "has_partner": True,
        "children_count": 3,
        "child_1_age": 1,
        "child_2_age": 5,
        "child_3_age": 9,
        "pregnancy": False,
    }
    assert next_field(values) == "applicant_income_same"
    names = applicable_fields(values | {"applicant_income_same": False, "asf_received": True})
    assert "applicant_resources" not in names and "partner_resources" not in names
    start = names.index("applicant_income_same")
    assert names[start : start + 5] == [
        "applicant_income_same",
        "applicant_income_month_1",
        "applicant_income_month_2",
        "applicant_income_month_3",
        "partner_income_same",
    ]
    tail = names[names.index("earnings_stopped") :]
    assert tail == [
        "earnings_stopped",
        "family_allowances",
        "paje_base",  # a child under three
        "complement_familial",  # three children
        "asf_received",
        "asf_children",  # several children
        "housing",
        "iban",
    ]
    tenant = applicable_fields(values | {"housing": "tenant_with_benefit"})
    assert tenant[tenant.index("housing") + 1] == "housing_benefit"
    alone = applicable_fields(
        {"has_partner": False, "children_count": 1, "child_1_age": 7, "applicant_income_same": True}
    )
    assert "family_allowances" not in alone and "paje_base" not in alone
    assert alone[alone.index("applicant_income_same") + 1 : alone.index("earnings_stopped")] == [
        "applicant_net_pay",
        "applicant_other_income",
        "child_1_resources",
    ]
    procedure = get_procedure("minimum_income", GRAPH_NAME)
    assert procedure.check_field("asf_children", 4, values) is not None
    assert procedure.check_field("asf_children", 3, values) is None
    # The first flow, for the cases that started on it, still asks a total.
    assert get_procedure("minimum_income").next_field(values) == "applicant_resources"


def _answer(answers: dict[str, str], field: str) -> str:
    # Read-backs and the final review ("_confirm", "_review") are confirmed.
    return "yes" if field.startswith("_") else answers[field]


async def test_a_case_in_flight_keeps_the_first_flow_and_a_new_case_gets_the_second(
    client: Client, store: CaseStore, task_queue: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    deployed = PROCEDURES["minimum_income"]
    # Before the deployment: the procedure without the second flow.
    monkeypatch.setitem(
        PROCEDURES, "minimum_income", dataclasses.replace(deployed, graph_versions=())
    )
    async with build_worker(client, task_queue, store):
        service = CaseService(client, task_queue)
        old_case, opened = await service.start("minimum_income", "en")
        assert opened.question is not None and opened.question.field == "applicant_name"

    monkeypatch.setitem(PROCEDURES, "minimum_income", deployed)
    answers = {
        "applicant_name": "Camille Martin",
        "birth_date": "1980-03-02",
        "address": "12 rue des Lilas, 69003 Lyon",
        "nationality": "French",
        "stable_residence": "yes",
        "has_partner": "no",
        "children_count": "0",
        "pregnancy": "no",
        "applicant_resources": "0",
        "applicant_income_same": "yes",
        "applicant_net_pay": "0",
        "applicant_other_income": "0",
        "earnings_stopped": "no",
        "housing": "tenant receiving housing benefit",
        "housing_benefit": "50",
        "iban": "FR7630006000011234567890189",
    }
    async with build_worker(client, task_queue, store):
        service = CaseService(client, task_queue)
        asked_old = []
        reply = await service.send(old_case, answers["applicant_name"])
        while reply.question is not None:
            asked_old.append(reply.question.field)
            reply = await service.send(old_case, _answer(answers, reply.question.field))
        assert "applicant_resources" in asked_old and "applicant_net_pay" not in asked_old
        assert "housing_benefit" not in asked_old
        assert (await service.view(old_case)).graph_name == deployed.graph_name

        new_case, reply = await service.start("minimum_income", "en")
        asked_new = []
        while reply.question is not None:
            asked_new.append(reply.question.field)
            reply = await service.send(new_case, _answer(answers, reply.question.field))
        assert "applicant_resources" not in asked_new
        for name in ("applicant_net_pay", "earnings_stopped", "housing_benefit"):
            assert name in asked_new, (asked_new, reply.question)
        view = await service.view(new_case)
        assert view.graph_name == GRAPH_NAME
        assert view.form["housing_benefit"] == 50
        runs = [run.history(new_case) for run in await export_case(client, new_case)]
    assert (await replay_case(new_case, runs)).ok
    # The rules read the second flow's answers: the housing flat rate is capped
    # at the 50 EUR of housing benefit received.
    today = dt.date.today()
    params = parameters_for(today)
    outcome = get_procedure("minimum_income", GRAPH_NAME).evaluate(view.form, today, today)
    assert outcome.amount == params.flat_alone[0] - Decimal(50)
