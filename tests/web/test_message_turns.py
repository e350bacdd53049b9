"""Messages name their turn; keys are hashed into update ids (issue 23 items 4 and 7).

A message resent after a timeout without a key used to answer the *next*
question (a loss of 6 % stored instead of 40 %). A message now names the
turn it answers: the same turn and text is the same message (the remembered
reply), an older turn is refused with 409 ``stale_turn`` and the current
question. The same Idempotency-Key with another text answers 422 instead of
the old reply. Client-chosen keys never reach Temporal's database in clear:
update ids are keyed hashes, and a message sent under the previous release's
id (``msg-<key>``) and resent after the upgrade still applies once.
"""

from __future__ import annotations

from typing import Any

import httpx
from temporalio.client import Client

from runtime.service import CaseService, execute_update
from schemas.turn import TurnInput
from workflows import CaseWorkflow


async def start(api: httpx.AsyncClient) -> tuple[str, dict[str, str], dict[str, Any]]:
    response = await api.post("/api/cases", json={"procedure": "short_time_work", "language": "en"})
    assert response.status_code == 201, response.text
    body = response.json()
    return body["case_id"], {"Authorization": f"Bearer {body['access_token']}"}, body


async def test_a_resent_message_names_its_turn(
    api: httpx.AsyncClient, service: CaseService
) -> None:
    case_id, headers, started = await start(api)
    url = f"/api/cases/{case_id}/messages"
    first_turn = started["turn"]
    assert started["question"]["field"] == "cause"

    answered = await api.post(url, json={"text": "economic", "turn": first_turn}, headers=headers)
    assert answered.status_code == 200, answered.text
    second_turn = answered.json()["turn"]
    assert second_turn == first_turn + 1
    next_question = answered.json()["question"]

    # The same message resent (its answer was lost): the same reply, applied once.
    resent = await api.post(url, json={"text": "economic", "turn": first_turn}, headers=headers)
    assert resent.status_code == 200 and resent.json() == answered.json()
    assert (await service.view(case_id)).turn == second_turn

    # Another text for the answered turn: 409 with the question asked now, nothing applied.
    stale = await api.post(url, json={"text": "flood", "turn": first_turn}, headers=headers)
    assert stale.status_code == 409, stale.text
    body = stale.json()
    assert body["error"]["code"] == "stale_turn"
    assert body["turn"] == second_turn and body["question"] == next_question
    view = await service.view(case_id)
    assert view.turn == second_turn and view.form["cause"] == "economic"

    # A turn the case has not reached is invalid.
    ahead = await api.post(url, json={"text": "12", "turn": second_turn + 5}, headers=headers)
    assert ahead.status_code == 422, ahead.text

    # The case view tells the client which turn to name.
    case = (await api.get(f"/api/cases/{case_id}", headers=headers)).json()
    assert case["turn"] == second_turn


async def test_a_key_reused_for_another_text_answers_422(
    api: httpx.AsyncClient, service: CaseService, client: Client
) -> None:
    case_id, headers, _ = await start(api)
    url = f"/api/cases/{case_id}/messages"
    key = "client-chosen-key-7f3a9"
    keyed = {**headers, "Idempotency-Key": key}
    first = await api.post(url, json={"text": "economic"}, headers=keyed)
    assert first.status_code == 200, first.text
    same = await api.post(url, json={"text": "economic"}, headers=keyed)
    assert same.status_code == 200 and same.json() == first.json()
    other = await api.post(url, json={"text": "flood"}, headers=keyed)
    assert other.status_code == 422, other.text
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert (await service.view(case_id)).form["cause"] == "economic"

    # The key is nowhere in Temporal's history in clear (update ids are keyed hashes).
    history = await client.get_workflow_handle(case_id).fetch_history()
    assert key not in history.to_json()
    ids = [
        event.workflow_execution_update_accepted_event_attributes.accepted_request.meta.update_id
        for event in history.events
        if event.HasField("workflow_execution_update_accepted_event_attributes")
    ]
    assert [update_id for update_id in ids if update_id.startswith("msg2-")]
    assert not [update_id for update_id in ids if key in update_id]


async def test_a_message_of_the_previous_release_applies_once_after_the_upgrade(
    api: httpx.AsyncClient, service: CaseService
) -> None:
    case_id, headers, _ = await start(api)
    # Sent by the previous release: its update id was the clear key.
    handle = service.client.get_workflow_handle_for(CaseWorkflow.run, case_id)
    before = await execute_update(
        handle, CaseWorkflow.send_message, TurnInput(text="economic"), "msg-old-key"
    )
    # Resent after the upgrade with the same key: the old reply, nothing applied again.
    resent = await api.post(
        f"/api/cases/{case_id}/messages",
        json={"text": "economic"},
        headers={**headers, "Idempotency-Key": "old-key"},
    )
    assert resent.status_code == 200, resent.text
    assert resent.json()["turn"] == before.turn and resent.json()["reply"] == before.reply
    assert (await service.view(case_id)).turn == before.turn
