"""The demo is repeatable and confirms only what it means (issue 23 item 10).

``starter.py demo`` failed when run again on the same data or beside other
traffic (a consultation claimed before its workflow had started answered
"no such case"), and with the local model it confirmed read-backs of values
taken from another answer (parcel number 3 and floor area 21,000 m² read from
the address "3 chemin des Vignes, 21000 Dijon").
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from guichet.files import store_upload
from runtime.service import CaseService
from schemas.case import CaseStatus
from schemas.extraction import Extraction, ExtractionMethod
from tools.demo import Script, meant
from tools.demo_procedures import permit_scripts, run_procedure_script

ADDRESS = "3 chemin des Vignes, 21000 Dijon"


def reading(field: str, value: object) -> Extraction:
    return Extraction(
        field=field, value=value, source_text=ADDRESS, method=ExtractionMethod.MODEL, confidence=0.6
    )


def test_the_demo_confirms_only_the_readings_it_means() -> None:
    script = Script(
        "permit",
        "fr",
        {"applicant_address": [ADDRESS], "parcel_number": ["142"], "floor_area": ["30"]},
    )
    # Read from the address, for other fields: refused.
    assert not meant(script, reading("parcel_number", 3), "applicant_address")
    assert not meant(script, reading("floor_area", 21000), "applicant_address")
    # The field just answered, or a value the script gives for that field: confirmed.
    assert meant(script, reading("applicant_address", ADDRESS), "applicant_address")
    assert meant(script, reading("floor_area", 30), "applicant_address")


async def test_the_permit_demos_run_twice_at_once(service: CaseService, tmp_path: Path) -> None:
    document = store_upload(tmp_path, b"%PDF-1.4\n% demo plan\n").reference
    scripts = permit_scripts(document) * 2
    views = await asyncio.gather(*(run_procedure_script(service, s) for s in scripts))
    for script, view in zip(scripts, views, strict=True):
        assert view.status in (CaseStatus.DECIDED, CaseStatus.CLOSED), (script.title, view.status)
        assert view.decision is not None
