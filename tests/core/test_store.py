"""The evaluation store on SQLite and PostgreSQL: migrations, batched writes, spill and replay."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text

from llmgateway.store.db import EvaluationStore
from llmgateway.store.models import Trace
from llmgateway.store.writer import TraceWriter

from ..conftest import stub_config
from ..tcp_proxy import TcpProxy


def record(i: int, route: str = "chat") -> dict:
    return {
        "trace_id": uuid.uuid4().hex,
        "created_at": datetime.now(UTC),
        "route": route,
        "status": "ok",
        "status_code": 200,
        "response_text": f"answer {i}",
        "request_messages": [{"role": "user", "content": f"q {i}"}],
        "stage_ms": {"upstream": 1.0},
        "retrieval": None,
    }


@pytest.fixture
def fresh_pg_db(pg_url):
    """A new, empty PostgreSQL database for one test."""
    name = f"lgw_{uuid.uuid4().hex[:10]}"
    admin = EvaluationStore(pg_url, migrate_schema=False)
    with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    yield pg_url.rsplit("/", 1)[0] + "/" + name
    with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("fresh_pg_db")


def count(store) -> int:
    with store.session() as s:
        return s.execute(select(func.count()).select_from(Trace)).scalar_one()


def test_migrations_are_idempotent_and_writer_batches(store_url, tmp_path):
    store = EvaluationStore(store_url)
    EvaluationStore(store_url)  # a second open re-runs the upgrade: a no-op

    async def run():
        writer = TraceWriter(store, tmp_path / "spill.jsonl", batch_size=50, flush_interval_ms=20)
        await writer.start()
        for i in range(120):
            writer.submit(record(i))
        await writer.stop()  # drains the queue
        return writer

    writer = asyncio.run(run())
    assert count(store) == 120 and writer.written == 120 and writer.spilled == 0
    with store.session() as s:
        row = s.execute(select(Trace).where(Trace.response_text == "answer 7")).scalar_one()
    assert row.request_messages == [{"role": "user", "content": "q 7"}] and row.stage_ms == {"upstream": 1.0}


def _proxied(url: str, proxy: TcpProxy) -> str:
    return url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")


def test_spill_and_replay_when_postgres_goes_away(fresh_pg_db, tmp_path):
    store_url = fresh_pg_db
    proxy = TcpProxy("127.0.0.1", 5432).start()
    store = EvaluationStore(_proxied(store_url, proxy))
    spill = tmp_path / "spill.jsonl"

    async def run():
        writer = TraceWriter(store, spill, batch_size=10, flush_interval_ms=20)
        await writer.start()
        for i in range(5):
            writer.submit(record(i))
        await asyncio.sleep(0.3)
        proxy.cut()
        t0 = time.perf_counter()
        for i in range(5, 25):
            writer.submit(record(i))  # never waits, whatever the database does
        submit_s = time.perf_counter() - t0
        deadline = time.time() + 20
        while not spill.exists() and time.time() < deadline:
            await asyncio.sleep(0.1)
        spilled_while_down = spill.exists()
        proxy.restore()
        writer.submit(record(99))  # the next successful write triggers the replay
        deadline = time.time() + 30
        while spill.exists() and time.time() < deadline:
            await asyncio.sleep(0.2)
            if writer.queue.empty() and spill.exists():
                writer.submit(record(100 + int(time.time())))
        await writer.stop()
        return submit_s, spilled_while_down

    submit_s, spilled_while_down = asyncio.run(run())
    assert spilled_while_down and not spill.exists()
    assert submit_s < 1.0  # 20 submits; generous, the point is they did not block on the database
    direct = EvaluationStore(store_url, migrate_schema=False)
    with direct.session() as s:
        answers = set(s.execute(select(Trace.response_text)).scalars())
    assert {f"answer {i}" for i in range(25)} | {"answer 99"} <= answers
    proxy.cut()


def test_sqlite_locked_database_spills_and_replays(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}?timeout=0.2"
    store = EvaluationStore(url)
    spill = tmp_path / "spill.jsonl"
    import sqlite3

    blocker = sqlite3.connect(tmp_path / "store.db", timeout=0.2, isolation_level=None)

    async def run():
        writer = TraceWriter(store, spill, batch_size=5, flush_interval_ms=20)
        await writer.start()
        blocker.execute("BEGIN EXCLUSIVE")
        for i in range(10):
            writer.submit(record(i))
        deadline = time.time() + 10
        while writer.spilled < 10 and time.time() < deadline:
            await asyncio.sleep(0.05)
        spilled = writer.spilled
        blocker.execute("ROLLBACK")
        writer.submit(record(10))
        deadline = time.time() + 10
        while spill.exists() and time.time() < deadline:
            await asyncio.sleep(0.05)
        await writer.stop()
        return spilled

    assert asyncio.run(run()) == 10
    assert count(store) == 11 and not spill.exists()


def test_replay_skips_records_already_stored(tmp_path):
    store = EvaluationStore(f"sqlite:///{tmp_path / 'store.db'}")
    writer = TraceWriter(store, tmp_path / "spill.jsonl")
    records = [record(i) for i in range(3)]
    writer.submit(records[0])  # not started: written through
    writer._spill(records)  # e.g. a crash after the insert but before the spill file was cleared
    assert writer.replay() == 3
    assert count(store) == 3


def test_gateway_keeps_answering_while_the_store_is_down(gateway, stub_upstream, fresh_pg_db):
    store_url = fresh_pg_db
    proxy = TcpProxy("127.0.0.1", 5432).start()
    gw = gateway(stub_config(stub_upstream, store={"url": _proxied(store_url, proxy), "flush_interval_ms": 20}))
    proxy.cut()
    ids = []
    with gw.http as http:
        for _ in range(5):
            resp = http.post(
                "/v1/chat/completions", json={"model": "chat", "messages": [{"role": "user", "content": "x"}]}
            )
            assert resp.status_code == 200
            ids.append(resp.headers["x-trace-id"])
        deadline = time.time() + 20
        while not gw.settings.spill_path.exists() and time.time() < deadline:
            time.sleep(0.1)
        assert gw.settings.spill_path.exists()
        ready = http.get("/readyz")  # PostgreSQL is shared by the fleet: degraded, still in rotation
        assert ready.status_code == 200 and ready.json()["status"] == "degraded"
        assert ready.json()["checks"]["store"]["ok"] is False and ready.json()["checks"]["store"]["shared"] is True
        proxy.restore()  # and no traffic after it: an idle replica replays its spill file too
    for trace_id in ids:
        assert gw.wait_for_trace(trace_id, timeout=30)["status"] == "ok"
    gw.stop()
    proxy.cut()


def test_a_full_queue_overflows_to_the_spill_file_and_nothing_is_lost(tmp_path):
    store = EvaluationStore(f"sqlite:///{tmp_path / 'store.db'}")
    spill = tmp_path / "spill.jsonl"

    async def run():
        writer = TraceWriter(store, spill, queue_size=10, batch_size=5, flush_interval_ms=20)
        await writer.start()
        for i in range(100):  # no await in between: the writer cannot drain meanwhile
            writer.submit(record(i))
        overflowed = writer.spilled
        await writer.stop()
        return overflowed

    assert asyncio.run(run()) == 90
    assert count(store) == 100 and not spill.exists()
