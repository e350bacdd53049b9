"""Proof: an applicant's name, e-mail and IBAN never reach Temporal in clear.

A short-time-work claim is run with known personal data, including a
deliberately invalid answer (which the workflow records and asks again);
then the raw files of the embedded Temporal database and the workflow ids
are searched for that data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from temporalio.client import Client

from guichet.demo import demo_scripts, run_script
from guichet.devserver import EmbeddedTemporal
from guichet.service import CaseService
from schemas.case import CaseStatus

NAME = "Zephyrine Quortlebank"
EMAIL = "zephyrine.quortlebank@example.org"
IBAN = "DE89370400440532013000"


async def test_personal_data_is_not_in_the_temporal_database(
    service: CaseService, client: Client, temporal_server: EmbeddedTemporal
) -> None:
    base = demo_scripts(dt.date.today())[0]
    answers = {
        **base.answers,
        "contact_person": [NAME],
        "contact_email": [EMAIL],
        # Invalid (not a Betriebsnummer) and carrying the IBAN: recorded, then asked again.
        "betriebsnummer": [f"meine IBAN ist {IBAN}", "09912342"],
    }
    script = dataclasses.replace(base, answers=answers)
    view = await run_script(service, script)
    assert view.status is CaseStatus.DECIDED
    assert script._used["betriebsnummer"] == 2  # the invalid answer was refused

    files = sorted(temporal_server.db_file.parent.glob(temporal_server.db_file.name + "*"))
    raw = b"".join(path.read_bytes() for path in files)
    # Positive control: this case's history is in these files (not an empty search).
    assert view.case_id.encode() in raw
    for secret in (NAME, EMAIL, IBAN, "Quortlebank", "0532013000"):
        for encoded in {secret.encode(), secret.encode("utf-16-le")}:
            assert encoded not in raw, f"{secret!r} found in the Temporal database"

    async for execution in client.list_workflows(f"WorkflowId = '{view.case_id}'"):
        assert execution.id == view.case_id
    for secret in (NAME, EMAIL, IBAN):
        assert secret not in view.case_id
