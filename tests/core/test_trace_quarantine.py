"""A bad record is never handled as a bad database (SQLite and PostgreSQL).

Text the store cannot hold (a NUL byte in PostgreSQL text, a value longer than its column) is
made storable; a record the store still refuses is isolated from its batch and quarantined —
kept in a file, counted, shown on /readyz and logged — while its neighbours and every spilled
record are written.
"""

from __future__ import annotations

import asyncio
import logging

import orjson
from sqlalchemy import select, text

from llmgateway.store.db import EvaluationStore
from llmgateway.store.models import Trace
from llmgateway.store.writer import TraceWriter

from ..conftest import stub_config
from .test_store import count, fresh_pg_db, record, store_url  # noqa: F401  (fixtures)

POISON = "poison"


def refuse_poison(store: EvaluationStore) -> None:
    """A rule a DBA might add: the database itself refuses one kind of row, whatever the gateway does."""
    with store.engine.begin() as conn:
        if store.dialect == "sqlite":
            conn.execute(
                text(
                    "CREATE TRIGGER refuse_poison BEFORE INSERT ON traces WHEN NEW.\"user\" = 'poison' "
                    "BEGIN SELECT RAISE(ABORT, 'refused by a database rule'); END"
                )
            )
        else:
            conn.execute(text("ALTER TABLE traces ADD CONSTRAINT refuse_poison CHECK (\"user\" <> 'poison')"))


def stored(store, trace_id: str) -> Trace | None:
    with store.session() as s:
        return s.execute(select(Trace).where(Trace.trace_id == trace_id)).scalar_one_or_none()


def test_nul_bytes_are_stored_and_the_gateway_stays_whole(gateway, stub_upstream, store_url):  # noqa: F811
    stub_upstream.reply = "an upstream reply with a \x00 byte"
    gw = gateway(stub_config(stub_upstream, store={"url": store_url, "flush_interval_ms": 20}))
    ids = []
    with gw.http as http:
        for user, content in (("u\x00x", "a question with a \x00 byte"), ("plain", "a plain question")):
            resp = http.post(
                "/v1/chat/completions",
                json={"model": "chat", "user": user, "messages": [{"role": "user", "content": content}]},
            )
            assert resp.status_code == 200, resp.text
            ids.append(resp.headers["x-trace-id"])
    first = gw.wait_for_trace(ids[0])
    assert first["user"] == "u\ufffdx" and first["response_text"] == "an upstream reply with a \ufffd byte"
    assert gw.wait_for_trace(ids[1])["user"] == "plain"
    assert not gw.settings.spill_path.exists() and gw.components.writer.db_ok
    with gw.http as http:
        writer = http.get("/readyz").json()["checks"]["trace_writer"]
    assert writer["quarantined"] == 0


def test_a_refused_record_is_quarantined_and_its_batch_and_the_spill_file_are_written(
    store_url,  # noqa: F811
    tmp_path,
    caplog,
):
    store = EvaluationStore(store_url)
    refuse_poison(store)
    spill = tmp_path / "spill.jsonl"
    quarantine = tmp_path / "trace-quarantine.jsonl"
    # left from an earlier run: a NUL record (refused by PostgreSQL before the fix), a poison record,
    # a torn last line of a crash, and a good record after them
    earlier = [dict(record(100), user="u\x00x"), dict(record(101), user=POISON), record(102)]
    spill.write_bytes(
        b"".join(orjson.dumps(r, default=str) + b"\n" for r in earlier[:2])
        + b'{"trace_id": "torn\n'
        + orjson.dumps(earlier[2], default=str)
        + b"\n"
    )
    live = [record(i) for i in range(20)]
    live[7]["user"] = POISON
    live[12]["user"] = "x" * 500  # longer than the column: PostgreSQL refuses, SQLite would keep it

    async def run():
        writer = TraceWriter(store, spill, batch_size=50, flush_interval_ms=20)
        await writer.start()  # replays the spill file first
        for r in live:
            writer.submit(r)
        await writer.stop()
        return writer

    with caplog.at_level(logging.ERROR, logger="llmgateway.store"):
        writer = asyncio.run(run())
    assert writer.db_ok and not spill.exists()
    assert count(store) == 20 - 1 + 3 - 1
    assert stored(store, earlier[0]["trace_id"]).user == "u\ufffdx"
    assert len(stored(store, live[12]["trace_id"]).user) == 200
    kept = [orjson.loads(line) for line in quarantine.read_bytes().splitlines()]
    assert writer.quarantined == len(kept) == 3
    assert {k["record"]["trace_id"] for k in kept if k.get("record")} == {
        earlier[1]["trace_id"],
        live[7]["trace_id"],
    }
    assert any(k.get("line", "").startswith('{"trace_id": "torn') for k in kept)
    assert all(k["error"] and k["quarantined_at"] for k in kept)
    assert sum("quarantined" in r.getMessage() for r in caplog.records) == 3
    # a restart counts what is already in quarantine
    restarted = TraceWriter(store, spill)
    asyncio.run(restarted.start())
    assert restarted.quarantined == 3
    asyncio.run(restarted.stop())


def test_readyz_shows_the_quarantine(gateway, stub_upstream, tmp_path):
    url = f"sqlite:///{tmp_path / 'gw.db'}"
    refuse_poison(EvaluationStore(url))
    gw = gateway(stub_config(stub_upstream, store={"url": url, "flush_interval_ms": 20}))
    ids = []
    with gw.http as http:
        for user in (POISON, "next"):
            resp = http.post(
                "/v1/chat/completions",
                json={"model": "chat", "user": user, "messages": [{"role": "user", "content": "hello"}]},
            )
            ids.append(resp.headers["x-trace-id"])
        assert gw.wait_for_trace(ids[1])["user"] == "next"
        ready = http.get("/readyz")
    writer = ready.json()["checks"]["trace_writer"]
    assert ready.status_code == 200 and writer["quarantined"] == 1
    assert "1 record" in writer["detail"] and "trace-quarantine.jsonl" in writer["detail"]
