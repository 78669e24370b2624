"""A replica told to stop writes the traces its writer had already taken off the queue.

The kill-replica drill lost a few accepted traces this way: the writer takes a record, waits one
flush interval for the batch to fill, and ``stop()`` cancelled it right there. In process, on
SQLite, so it runs in milliseconds beside the drill that found it.
"""

from __future__ import annotations

import asyncio

from llmgateway.store.db import EvaluationStore
from llmgateway.store.writer import TraceWriter

from ..core.test_store import count, record


def test_stop_while_a_batch_fills_writes_it(tmp_path):
    store = EvaluationStore(f"sqlite:///{tmp_path / 'store.db'}")

    async def run() -> None:
        writer = TraceWriter(store, tmp_path / "spill.jsonl", batch_size=50, flush_interval_ms=10_000)
        await writer.start()
        for i in range(3):
            writer.submit(record(i))
        await asyncio.sleep(0.05)  # the writer has taken the first record and waits for more
        assert writer.pending == 2
        await writer.stop()

    asyncio.run(run())
    assert count(store) == 3
