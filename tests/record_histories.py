"""Record the histories of the demo cases for the replay test.

Run after a deliberate, versioned change to the workflow or the intake
graph: ``python -m tests.record_histories [short_time_work] [minimum_income]
[building_permit]`` (every procedure when none is named). The replay test
then proves that every later change keeps these cases replayable. Cases with
consultations also write each consultation child's history
(``…_consult_<service>.json``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from temporalio.client import Client

from guichet.demo import demo_scripts, run_script
from guichet.demo_procedures import permit_scripts, rsa_scripts, run_procedure_script
from guichet.devserver import EmbeddedTemporal, free_port
from guichet.files import store_upload
from guichet.service import CaseService
from guichet.store import CaseStore
from guichet.temporal import build_worker, connect
from tests.helpers import TEST_KEYS

HISTORIES = Path(__file__).parent / "histories"
NAMESPACE = "guichet-record"
PROCEDURES = ("short_time_work", "minimum_income", "building_permit")
# A minimal PDF: enough for the file store's type check.
DOCUMENT = b"%PDF-1.4\n% Guichet demo site plan\n"


async def _write(client: Client, workflow_id: str, path: Path) -> Path:
    history = await client.get_workflow_handle(workflow_id).fetch_history()
    payload = {"workflow_id": workflow_id, "history": json.loads(history.to_json())}
    await asyncio.to_thread(path.write_text, json.dumps(payload, indent=1))
    return path


async def record(procedures: Sequence[str] = PROCEDURES) -> list[Path]:
    """Run the demo cases of ``procedures`` on a scratch server and write their histories."""
    HISTORIES.mkdir(exist_ok=True)
    written: list[Path] = []
    today = dt.date.today()
    with tempfile.TemporaryDirectory() as scratch:
        server = EmbeddedTemporal(Path(scratch) / "temporal", port=free_port(), namespace=NAMESPACE)
        await server.start()
        try:
            client = await connect(server.address, NAMESPACE, TEST_KEYS)
            store = await CaseStore.create(f"sqlite+aiosqlite:///{scratch}/cases.db")
            await store.migrate()
            async with build_worker(client, "record", store):
                service = CaseService(client, "record")
                if "short_time_work" in procedures:
                    for index, script in enumerate(demo_scripts(today)):
                        view = await run_script(service, script)
                        path = HISTORIES / f"demo_{index + 1}_{script.language}.json"
                        written.append(await _write(client, view.case_id, path))
                scripts = []
                if "minimum_income" in procedures:
                    scripts += rsa_scripts(today)
                if "building_permit" in procedures:
                    document = store_upload(Path(scratch), DOCUMENT).reference
                    scripts += permit_scripts(document)
                counters: dict[str, int] = {}
                for script in scripts:
                    counters[script.procedure] = counters.get(script.procedure, 0) + 1
                    stem = f"{script.procedure}_{counters[script.procedure]}_{script.language}"
                    view = await run_procedure_script(service, script)
                    written.append(await _write(client, view.case_id, HISTORIES / f"{stem}.json"))
                    for consultation in view.consultations:
                        path = HISTORIES / f"{stem}_consult_{consultation.service}.json"
                        written.append(await _write(client, consultation.workflow_id, path))
            await store.close()
        finally:
            server.stop()
    return written


if __name__ == "__main__":
    for written_path in asyncio.run(record(sys.argv[1:] or PROCEDURES)):
        print(written_path)
