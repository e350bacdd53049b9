"""A checkpointer that keeps only the latest checkpoint of each thread.

``InMemorySaver`` keeps every checkpoint of a thread; in a long conversation
memory and step time would grow with every turn. Temporal already provides
durability (the workflow replays the graph from its history), so the graph
only needs the checkpoint it is paused on.
"""

from __future__ import annotations

from typing import Any

from langgraph.checkpoint.memory import InMemorySaver


class LatestCheckpointSaver(InMemorySaver):
    """``InMemorySaver`` that can drop everything but the newest checkpoint."""

    def keep_latest(self, thread_id: str) -> None:
        """Keep only the newest checkpoint of ``thread_id`` and the blobs it uses.

        Call it between graph runs (never while a step is in flight).
        """
        namespaces = self.storage.get(thread_id)
        if not namespaces:
            return
        for ns, checkpoints in namespaces.items():
            if len(checkpoints) <= 1:
                continue
            latest = max(checkpoints.keys())
            kept = checkpoints[latest]
            checkpoints.clear()
            checkpoints[latest] = kept
            for key in [k for k in self.writes if k[0] == thread_id and k[1] == ns]:
                if key[2] != latest:
                    del self.writes[key]
            checkpoint: dict[str, Any] = self.serde.loads_typed(kept[0])
            versions: dict[str, Any] = checkpoint.get("channel_versions", {})
            for blob_key in [b for b in self.blobs if b[0] == thread_id and b[1] == ns]:
                if versions.get(blob_key[2]) != blob_key[3]:
                    del self.blobs[blob_key]

    def size(self, thread_id: str) -> int:
        """Return the number of checkpoints held for ``thread_id`` (for tests)."""
        return sum(len(c) for c in self.storage.get(thread_id, {}).values())
