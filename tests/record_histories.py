"""Record the histories of the three demo cases for the replay test.

Run after a deliberate, versioned change to the workflow or the intake
graph (``python -m tests.record_histories``); the replay test then proves
that every later change keeps these cases replayable.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import tempfile
from pathlib import Path

from guichet.demo import demo_scripts, run_script
from guichet.devserver import EmbeddedTemporal, free_port
from guichet.service import CaseService
from guichet.store import CaseStore
from guichet.temporal import build_worker, connect

HISTORIES = Path(__file__).parent / "histories"
NAMESPACE = "guichet-record"


async def record() -> list[Path]:
    """Run the demo cases on a scratch server and write their histories."""
    HISTORIES.mkdir(exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        server = EmbeddedTemporal(Path(scratch) / "temporal", port=free_port(), namespace=NAMESPACE)
        await server.start()
        try:
            client = await connect(server.address, NAMESPACE)
            store = await CaseStore.create(f"sqlite+aiosqlite:///{scratch}/cases.db")
            await store.migrate()
            async with build_worker(client, "record", store):
                service = CaseService(client, "record")
                for index, script in enumerate(demo_scripts(dt.date.today())):
                    view = await run_script(service, script)
                    history = await client.get_workflow_handle(view.case_id).fetch_history()
                    path = HISTORIES / f"demo_{index + 1}_{script.language}.json"
                    payload = {
                        "workflow_id": view.case_id,
                        "history": json.loads(history.to_json()),
                    }
                    path.write_text(json.dumps(payload, indent=1))
                    written.append(path)
            await store.close()
        finally:
            server.stop()
    return written


if __name__ == "__main__":
    for path in asyncio.run(record()):
        print(path)
