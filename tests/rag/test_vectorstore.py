"""The Chroma store's query rules, checked directly: partitions and the as-of date."""

from __future__ import annotations

import numpy as np
import pytest

from llmgateway.config import load_settings
from llmgateway.retrieval import vectorstore
from llmgateway.retrieval.settings import RagSettings
from llmgateway.retrieval.store_types import partition_name
from llmgateway.retrieval.vectorstore import ChromaStore


@pytest.fixture
def store(tmp_path):
    rag = RagSettings.model_validate({"chroma": {"path": str(tmp_path / "chroma")}})
    return ChromaStore.from_settings(rag, load_settings(overrides={"paths": {"data": str(tmp_path)}}, environ={}))


def fill(store, n=60):
    rng = np.random.default_rng(5)
    vectors = rng.normal(size=(n, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    for i in range(n):
        group = "desk" if i % 3 == 0 else ""
        store.write_document(
            "notes",
            group,
            f"d{i}",
            [f"d{i}::0"],
            vectors[i : i + 1],
            [f"text {i}"],
            [{"doc_id": f"d{i}", "entitlement": group, "published_ord": 20260000 + i}],
        )
    return vectors


@pytest.mark.parametrize("max_overfetch", [500, 0])  # over-fetch and drop, or a where clause: same answer
def test_as_of_and_partitions(store, monkeypatch, max_overfetch):
    monkeypatch.setattr(vectorstore, "MAX_OVERFETCH", max_overfetch)
    vectors = fill(store)
    query = vectors[59]  # the newest document is the nearest one
    hits = store.query("notes", [], query, 5, not_after=20260030)
    assert len(hits) == 5
    assert all(int(h.doc_id[1:]) <= 30 and int(h.doc_id[1:]) % 3 != 0 for h in hits)
    expected = sorted((float(vectors[i] @ query), f"d{i}") for i in range(31) if i % 3)[-5:][::-1]
    assert [h.doc_id for h in hits] == [d for _, d in expected]
    assert [h.score for h in hits] == pytest.approx([s for s, _ in expected], abs=1e-4)
    desk = store.query("notes", ["desk"], query, 60, not_after=20260099)
    assert {h.doc_id for h in desk} == {f"d{i}" for i in range(60)}


def test_a_chunk_in_the_wrong_partition_is_never_served(store):
    vector = np.ones((1, 8), dtype=np.float32) / np.sqrt(8)
    col = store._collection(partition_name("notes", ""), create=True)
    col.add(
        ids=["x::0"],
        embeddings=vector,
        documents=["restricted text"],
        metadatas=[{"doc_id": "x", "entitlement": "desk", "published_ord": 0}],
    )
    assert store.query("notes", [], vector[0], 5) == []
