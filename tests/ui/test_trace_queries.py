"""The trace list's filters, keyset pages and indexes on SQLite and PostgreSQL (rows written by the
real trace writer)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from llmgateway.store.db import EvaluationStore
from llmgateway.store.writer import TraceWriter
from llmgateway.ui import queries
from llmgateway.ui.queries import TraceFilter, list_traces

from ..core.test_store import fresh_pg_db  # noqa: F401  (fixture)

START = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def short_walk(monkeypatch):
    """PostgreSQL reads at most WALK_ROWS traces newest first, then goes by the filters' own indexes;
    SQLite checks SQLITE_WALK traces of a narrowing filter against the word index, then reads
    matches TEXT_CANDIDATES at a time, FTS_BATCHES batches a page. Small values make every step
    (and the seams between them) part of the queries here."""
    monkeypatch.setattr(queries, "WALK_ROWS", 4)
    monkeypatch.setattr(queries, "SQLITE_WALK", 2)
    monkeypatch.setattr(queries, "TEXT_CANDIDATES", 3)
    monkeypatch.setattr(queries, "FTS_BATCHES", 2)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'ui.db'}" if request.param == "sqlite" else request.getfixturevalue("fresh_pg_db")
    store = EvaluationStore(url)
    writer = TraceWriter(store, tmp_path / "spill.jsonl")
    for i in range(40):
        writer.submit(
            {
                "trace_id": uuid.UUID(int=i + 1).hex,
                "created_at": START + timedelta(minutes=i // 2),  # pairs share a time: ties need the id
                "route": "advisor" if i % 2 else "chat",
                "key_name": f"key-{i % 4}",
                "user": f"user-{i % 5}",
                "status": "review" if i % 10 == 3 else "ok",
                "status_code": 200,
                "prompt_name": "advisor_qa" if i % 2 else None,
                "prompt_version": "v2" if i % 4 == 1 else "v1" if i % 2 else None,
                "request_messages": [{"role": "user", "content": f"question {i} about bond ladders"}],
                "response_text": "Zebra-striped answer" if i == 17 else f"answer {i}",
                "scores": {"factuality": {"score": i / 40}},
                "stage_ms": {"upstream": 1.0},
            }
        )
    yield store
    store.close()


def ids(store, **filters) -> list[int]:
    rows, _ = list_traces(store, TraceFilter(**filters), after=None, limit=100)
    return sorted(int(r["trace_id"], 16) - 1 for r in rows)


def test_each_filter_narrows_the_list(store):
    assert len(ids(store)) == 40
    assert ids(store, route="chat") == list(range(0, 40, 2))
    assert ids(store, key="key-3") == list(range(3, 40, 4))
    assert ids(store, user="user-0") == list(range(0, 40, 5))
    assert ids(store, prompt="advisor_qa@v2") == list(range(1, 40, 4))
    assert ids(store, prompt="advisor_qa") == list(range(1, 40, 2))
    assert ids(store, status="review") == [3, 13, 23, 33]
    assert ids(store, status="flagged") == [3, 13, 23, 33]
    assert ids(store, fact_below="0.1") == [0, 1, 2, 3]
    assert ids(store, q="zebra") == [17]
    assert ids(store, q="question 21 bond") == [21]
    assert ids(store, q=uuid.UUID(int=6).hex) == [5]
    assert ids(store, since="2026-11-01T00:05", until="2026-11-01T00:07") == [10, 11, 12, 13]
    assert ids(store, route="advisor", status="review", since="2026-11-01T00:10") == [23, 33]


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"route": "advisor"},
        {"q": "bond"},
        {"q": "bond", "user": "user-3"},  # SQLite: most batches of matches hold none of the user's
        {"route": "advisor", "fact_below": "0.7"},
        {"status": "flagged"},
    ],
)
def test_keyset_pages_cover_the_list_once_in_order(store, filters):
    seen, cursor = [], None
    while True:
        rows, cursor = list_traces(store, TraceFilter(**filters), after=cursor, limit=3)
        seen += [r["trace_id"] for r in rows]
        if cursor is None:
            break
    # every question mentions bond ladders, so the same filters without the words list the same traces
    same = {k: v for k, v in filters.items() if k != "q"}
    everything, _ = list_traces(store, TraceFilter(**same), after=None, limit=100)
    assert seen == [r["trace_id"] for r in everything] and len(set(seen)) == len(seen) > 3


def test_filters_have_their_indexes(store):
    if store.dialect == "sqlite":
        rows = "SELECT name FROM sqlite_master WHERE type IN ('index', 'table') AND tbl_name LIKE 'traces%'"
    else:
        rows = "SELECT indexname FROM pg_indexes WHERE tablename = 'traces'"
    with store.engine.connect() as conn:
        names = set(conn.execute(text(rows)).scalars())
    expected = {"ix_traces_key_created", "ix_traces_user_created", "ix_traces_prompt_created", "ix_traces_factuality"}
    expected.add("ix_traces_parent_present")
    assert expected <= names
    assert ("traces_text" if store.dialect == "sqlite" else "ix_traces_search") in names
