"""Retrieval on routes, through the real gateway (HTTP, openai SDK) with a stub upstream."""

from __future__ import annotations

import json

import pytest

from llmgateway.errors import ConfigError
from llmgateway.plugins import load_plugins
from llmgateway.retrieval.plugin import plugin as rag_plugin
from llmgateway.store.keys import create_key

from ..conftest import stub_config
from .conftest import RESTRICTED_MARKER, run_ingest, write_config

QUESTION = "What is the price target and the takeover outlook for Zephyr Mining lithium?"


def plugins():
    loaded = load_plugins()
    return loaded if any(p.name == "rag" for p in loaded) else [*loaded, rag_plugin]


def ingest_corpus(tmp_path, rag, corpus, *, restricted_group="mna-team"):
    config = write_config(tmp_path / "ingest", rag)
    assert run_ingest(config, str(corpus), "--as-of", "2026-01-01").exit_code == 0
    if restricted_group:
        result = run_ingest(config, str(corpus / "restricted"), "--entitlement", restricted_group)
        assert result.exit_code == 0 and "1 replaced" in result.output, result.output


def start(gateway, stub_upstream, tmp_path, rag, embedder, route_rag=None, auth=False, prompt=None, **extra):
    route = {"name": "research", "model": "stub", "rag": route_rag or {"top_k": 4}}
    if prompt:
        route["prompt"] = prompt
    config = stub_config(
        stub_upstream,
        routes=[route],
        rag=rag,
        auth={"required": auth},
        paths={"data": str(tmp_path / "gw-data")},
        **extra,
    )
    return gateway(config, tmp_path / "gw", plugins=plugins(), embedder=embedder)


def everything_the_caller_can_see(gw, stub_upstream, completion, trace_id) -> str:
    trace = gw.wait_for_trace(trace_id, headers={"authorization": f"Bearer {gw.api_key}"})
    spans = [dict(s.attributes or {}) | {"name": s.name} for s in gw.spans.get_finished_spans()]
    return json.dumps([completion, stub_upstream.requests, trace, spans], default=str)


def ask(gw, question=QUESTION, **kwargs):
    with gw.http as http:
        resp = http.post(
            "/v1/chat/completions",
            json={"model": "research", "messages": [{"role": "user", "content": question}], **kwargs},
            headers={"authorization": f"Bearer {gw.api_key}"},
        )
    assert resp.status_code == 200, resp.text
    return resp.json(), resp.headers["x-trace-id"]


def test_route_retrieves_cites_and_grounds_the_upstream_prompt(
    gateway, stub_upstream, chroma_backend, corpus, tmp_path, embedder
):
    ingest_corpus(tmp_path, chroma_backend, corpus)
    gw = start(gateway, stub_upstream, tmp_path, chroma_backend, embedder)
    completion = gw.client.chat.completions.create(
        model="research", messages=[{"role": "user", "content": "What is the price target for Zephyr Mining?"}]
    )
    citations = completion.model_extra["citations"]
    assert citations and citations[0]["doc_id"] == "zephyr-mining"
    assert [c["index"] for c in citations] == list(range(1, len(citations) + 1))
    assert set(citations[0]) == {"index", "doc_id", "title", "source", "page", "score", "snippet"}
    assert citations[0]["title"] == "Zephyr Mining (ZPHM) initiation" and citations[0]["score"] > 0.3
    # no prompt on the route: the stage itself puts the numbered sources in a system message
    sent = stub_upstream.requests[-1]["messages"]
    assert sent[0]["role"] == "system" and "[1] Zephyr Mining (ZPHM) initiation" in sent[0]["content"]
    assert "price target of $31" in sent[0]["content"]
    assert sent[-1] == {"role": "user", "content": "What is the price target for Zephyr Mining?"}

    trace_id = completion.id.removeprefix("chatcmpl-")
    trace = gw.wait_for_trace(trace_id)
    assert [r["doc_id"] for r in trace["retrieval"]] == [c["doc_id"] for c in citations]
    assert trace["retrieval"][0]["score"] == pytest.approx(citations[0]["score"], abs=1e-3)
    assert "$31" in trace["retrieval"][0]["snippet"]
    span = next(s for s in gw.spans.get_finished_spans() if s.name == "retrieval")
    assert span.attributes["gen_ai.operation.name"] == "retrieval"
    assert list(span.attributes["retrieval.document_ids"]) == [c["doc_id"] for c in citations]
    assert list(span.attributes["retrieval.scores"]) == pytest.approx([c["score"] for c in citations], abs=1e-3)
    assert format(span.context.trace_id, "032x") == trace_id


def test_restricted_text_never_reaches_a_caller_when_auth_is_disabled(
    gateway, stub_upstream, chroma_backend, corpus, tmp_path, embedder
):
    ingest_corpus(tmp_path, chroma_backend, corpus)
    gw = start(gateway, stub_upstream, tmp_path, chroma_backend, embedder, route_rag={"top_k": 10})
    completion, trace_id = ask(gw)
    assert completion["citations"], "public documents are still retrieved"
    assert "osprey" not in {c["doc_id"] for c in completion["citations"]}
    seen = everything_the_caller_can_see(gw, stub_upstream, completion, trace_id)
    assert RESTRICTED_MARKER not in seen and "Andes Copper" not in seen and "osprey" not in seen


def test_entitlements_follow_the_key(gateway, stub_upstream, chroma_backend, corpus, tmp_path, embedder):
    ingest_corpus(tmp_path, chroma_backend, corpus)
    gw = start(gateway, stub_upstream, tmp_path, chroma_backend, embedder, route_rag={"top_k": 10}, auth=True)
    store = gw.components.store
    entitled = create_key(store, "mna-analyst", entitlements=["mna-team"])
    other_group = create_key(store, "advisor", entitlements=["research-all"])
    viewer = create_key(store, "auditor", role="admin")

    def call(key):
        stub_upstream.requests.clear()
        completion = gw.client_for(key).chat.completions.create(
            model="research", messages=[{"role": "user", "content": QUESTION}]
        )
        trace = gw.wait_for_trace(
            completion.id.removeprefix("chatcmpl-"), headers={"authorization": f"Bearer {viewer}"}
        )
        return completion, json.dumps([completion.model_dump(), stub_upstream.requests, trace], default=str)

    completion, seen = call(entitled)
    assert "osprey" in {c["doc_id"] for c in completion.model_extra["citations"]}  # the filter lets it through
    assert RESTRICTED_MARKER in seen
    completion, seen = call(other_group)
    assert completion.model_extra["citations"] and RESTRICTED_MARKER not in seen and "Andes Copper" not in seen
    spans = json.dumps(
        [dict(s.attributes or {}) for s in gw.spans.get_finished_spans() if s.name == "retrieval"][-1:], default=str
    )
    assert "osprey" not in spans


def test_stream_carries_citations_in_the_final_chunk(gateway, stub_upstream, corpus, tmp_path, embedder):
    rag = {"chroma": {"path": str(tmp_path / "chroma")}, "default_collection": "research"}
    ingest_corpus(tmp_path, rag, corpus, restricted_group=None)
    gw = start(gateway, stub_upstream, tmp_path, rag, embedder)
    with (
        gw.http as http,
        http.stream(
            "POST",
            "/v1/chat/completions",
            json={
                "model": "research",
                "stream": True,
                "messages": [{"role": "user", "content": "Orca Shipping dry-dock schedule?"}],
            },
        ) as resp,
    ):
        events = [line[6:] for line in resp.iter_lines() if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    final = json.loads(events[-2])
    assert final["citations"][0]["doc_id"] == "orca-shipping" and final["citations"][0]["page"] == 2
    assert all("citations" not in json.loads(e) for e in events[:-2])


def test_filters_as_of_tickers_min_score_and_mmr(gateway, stub_upstream, corpus, tmp_path, embedder):
    rag = {"chroma": {"path": str(tmp_path / "chroma")}, "default_collection": "research"}
    ingest_corpus(tmp_path, rag, corpus, restricted_group=None)
    future = corpus.parent / "future.md"
    future.write_text(
        "---\npublished: 2099-01-01\n---\n# Zephyr Mining outlook 2099\nZephyr Mining price target $99.\n"
    )
    assert run_ingest(write_config(tmp_path / "ingest", rag), str(future)).exit_code == 0

    gw = start(gateway, stub_upstream, tmp_path, rag, embedder, route_rag={"top_k": 10, "tickers": ["ZPHM", "QUIL"]})
    completion, _ = ask(gw, "Zephyr Mining price target")
    docs = {c["doc_id"] for c in completion["citations"]}
    assert docs == {"zephyr-mining", "quill-insurance", "osprey"}  # tickers filter; the 2099 note is not yet out
    completion, _ = ask(gw, "Zephyr Mining price target", metadata={"as_of": "2026-02-01"})
    assert {c["doc_id"] for c in completion["citations"]} == {"zephyr-mining"}  # published on or before 2026-02-01
    bad = gw.http.post(
        "/v1/chat/completions",
        json={"model": "research", "metadata": {"as_of": "soon"}, "messages": [{"role": "user", "content": "x"}]},
    )
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "metadata.as_of"
    gw.stop()

    gw = start(gateway, stub_upstream, tmp_path / "strict", rag, embedder, route_rag={"min_score": 0.99})
    stub_upstream.requests.clear()
    completion, _ = ask(gw, "Zephyr Mining price target")
    assert completion["citations"] == []
    assert "does not cover it" in stub_upstream.requests[-1]["messages"][0]["content"]
    gw.stop()

    gw = start(gateway, stub_upstream, tmp_path / "mmr", rag, embedder, route_rag={"top_k": 3, "mmr": True})
    completion, _ = ask(gw, "Zephyr Mining price target")
    chunk_ids = [c["snippet"] for c in completion["citations"]]
    assert len(completion["citations"]) == 3 and len(set(chunk_ids)) == 3


def test_bad_route_rag_key_refuses_start_with_its_key_path(gateway, stub_upstream, tmp_path, embedder):
    with pytest.raises(ConfigError) as err:
        start(
            gateway,
            stub_upstream,
            tmp_path,
            {"chroma": {"path": str(tmp_path / "c")}},
            embedder,
            route_rag={"top_k": 5, "mmr_lamda": 0.3},
        )
    message = str(err.value)
    assert "routes[0].rag.mmr_lamda" in message and "allowed keys: collection, top_k, mmr, mmr_lambda" in message
    assert "gateway.yaml:" in message


def test_readyz_reports_the_vector_store(gateway, stub_upstream, corpus, tmp_path, embedder):
    rag = {"chroma": {"path": str(tmp_path / "chroma")}, "default_collection": "research"}
    ingest_corpus(tmp_path, rag, corpus, restricted_group=None)
    gw = start(gateway, stub_upstream, tmp_path, rag, embedder)
    body = gw.http.get("/readyz").json()
    assert body["checks"]["rag"]["ok"] is True and "research: " in body["checks"]["rag"]["detail"]
    gw.stop()

    from ..stub_upstream import free_port

    dead = {"chroma": {"host": "127.0.0.1", "port": free_port()}}
    gw = start(gateway, stub_upstream, tmp_path / "dead", dead, embedder)
    resp = gw.http.get("/readyz")  # a Chroma server every replica shares: degraded, still in rotation
    assert resp.status_code == 200 and resp.json()["status"] == "degraded"
    assert resp.json()["checks"]["rag"]["ok"] is False and resp.json()["checks"]["rag"]["shared"] is True
    assert "unreachable" in resp.json()["checks"]["rag"]["detail"]
    call = gw.http.post(
        "/v1/chat/completions", json={"model": "research", "messages": [{"role": "user", "content": "Zephyr?"}]}
    )
    assert call.status_code == 503 and call.json()["error"]["code"] == "retrieval_unavailable"
    assert stub_upstream.requests == []  # fails closed: nothing is sent upstream ungrounded


def test_a_route_that_continues_without_research_when_chroma_is_down(gateway, stub_upstream, tmp_path, embedder):
    from ..stub_upstream import free_port

    dead = {"chroma": {"host": "127.0.0.1", "port": free_port()}}
    gw = start(gateway, stub_upstream, tmp_path, dead, embedder, route_rag={"top_k": 4, "on_error": "continue"})
    completion, trace_id = ask(gw, "What did Zephyr report?")
    assert completion["citations"] == [] and completion["choices"][0]["message"]["content"]
    system = stub_upstream.requests[-1]["messages"][0]["content"]
    assert "research store cannot be reached" in system  # the model is told, not left to improvise
    trace = gw.wait_for_trace(trace_id, headers={"authorization": f"Bearer {gw.api_key}"})
    assert "research store is unreachable" in trace["extra"]["retrieval_error"]
    span = next(s for s in gw.spans.get_finished_spans() if s.name == "retrieval")
    assert "unreachable" in span.attributes["retrieval.error"]
