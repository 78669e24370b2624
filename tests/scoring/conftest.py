"""Fixtures for scoring tests: one shared MiniLM embedder, a migrated store, trace insertion."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from llmgateway.embeddings import Embedder
from llmgateway.plugins import DEFAULT_PLUGINS, load_plugins
from llmgateway.store.db import EvaluationStore
from llmgateway.store.models import Trace

from ..conftest import stub_config


@pytest.fixture(scope="session")
def embedder():
    return Embedder()


@pytest.fixture
def scoring_http(gateway, stub_upstream, embedder):
    """An HTTP client of a gateway with the default plugins in front of a stub upstream: for tests of
    ``POST /api/score/factuality``."""
    gw = gateway(stub_config(stub_upstream), plugins=load_plugins(list(DEFAULT_PLUGINS)), embedder=embedder)
    with gw.http as client:
        yield client


SCORING = "llmgateway.scoring.plugin"


def scoring_last_plugins():
    """The default plugins with the scoring plugin loaded last (its routes after every other's)."""
    return load_plugins([p for p in DEFAULT_PLUGINS if p != SCORING] + [SCORING])


def scoring_api_client(gateway, stub_upstream, embedder, factuality: dict | None = None):
    """An HTTP client (a context manager) of a gateway whose scorer runs only on request: the background
    worker is off, so a test of ``POST /api/score/factuality`` sees nothing else score. ``factuality``
    overrides ``scoring.factuality`` settings."""
    scoring: dict = {"worker": {"enabled": False}} | ({"factuality": factuality} if factuality else {})
    config = stub_config(stub_upstream, scoring=scoring)
    return gateway(config, plugins=scoring_last_plugins(), embedder=embedder).http


@pytest.fixture
def scoring_api_http(gateway, stub_upstream, embedder):
    with scoring_api_client(gateway, stub_upstream, embedder) as client:
        yield client


def score_factuality(http, contexts: list[str], question: str, answer: str) -> dict:
    resp = http.post("/api/score/factuality", json={"contexts": contexts, "question": question, "answer": answer})
    assert resp.status_code == 200, resp.text
    return resp.json()


@pytest.fixture
def sqlite_store(tmp_path):
    store = EvaluationStore(f"sqlite:///{tmp_path / 'scoring.db'}")
    yield store
    store.close()


def add_traces(store, rows: list[dict], route: str = "advisor") -> list[str]:
    """Insert answered traces marked pending, as the gateway's writer does. Each row: query,
    answer, optional sources (list of texts)."""
    ids = []
    base = datetime.now(UTC) - timedelta(seconds=len(rows))
    with store.session() as session:
        for i, row in enumerate(rows):
            tid = uuid.uuid4().hex
            ids.append(tid)
            session.add(
                Trace(
                    trace_id=tid,
                    created_at=base + timedelta(seconds=i),
                    route=row.get("route", route),
                    status="ok",
                    status_code=200,
                    request_messages=[{"role": "user", "content": row["query"]}],
                    response_text=row["answer"],
                    retrieval=[
                        {
                            "index": k + 1,
                            "doc_id": f"doc{k}",
                            "title": None,
                            "score": 0.5,
                            "snippet": t[:240],
                            "text": t,
                        }
                        for k, t in enumerate(row.get("sources", []))
                    ]
                    or None,
                    score_state="pending",
                    restricted_groups=row.get("restricted_groups"),
                )
            )
        session.commit()
    return ids
