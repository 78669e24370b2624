"""Restricted research in traces: readable only by keys holding its entitlement group.

A key entitled to ``mna-team`` asks a question that retrieves the restricted memo; its trace then
holds that research in the upstream prompt, the retrieved snippets and the answer. A viewer or an
admin without the group reads the trace (directly and through list filters) with those parts
withheld and a note saying why; a viewer holding the group reads it whole.
"""

from __future__ import annotations

import json
import re
import time

from llmgateway.store.keys import create_key
from llmgateway.tracing.visibility import WITHHELD, mask_restricted

from ..conftest import ROOT, stub_config
from .conftest import RESTRICTED_MARKER
from .test_retrieval_gateway import QUESTION, ingest_corpus, plugins

SAVINGS = "My client is 70. Should she put her savings into Zephyr Mining lithium ahead of the takeover?"


def echo_sources(body: dict) -> str:
    """The stub model repeats what it was given, as a real model would paraphrase it; asked about
    savings, it also makes a concentrated recommendation that the suitability policy holds for review."""
    sent = json.dumps(body["messages"])
    answer = "Per the research: " + ("Andes Copper bids $45 [2]." if "Andes Copper" in sent else "nothing restricted.")
    if "savings" in sent:
        answer += " She should put all of her savings in Zephyr Mining stock."
    return answer


def start(gateway, stub_upstream, tmp_path, rag, embedder):
    route = {"name": "research", "model": "stub", "rag": {"top_k": 10}, "policies": ["suitability"]}
    paths = {"data": str(tmp_path / "gw-data"), "policies": str(ROOT / "policies")}
    config = stub_config(stub_upstream, routes=[route], rag=rag, auth={"required": True}, paths=paths)
    return gateway(config, tmp_path / "gw", plugins=plugins(), embedder=embedder)


def test_restricted_research_in_a_trace_is_masked_for_readers_without_the_entitlement(
    gateway, stub_upstream, corpus, tmp_path, embedder
):
    rag = {"chroma": {"path": str(tmp_path / "chroma")}, "default_collection": "research"}
    ingest_corpus(tmp_path, rag, corpus)
    stub_upstream.reply = echo_sources
    gw = start(gateway, stub_upstream, tmp_path, rag, embedder)
    store = gw.components.store
    analyst = create_key(store, "mna-analyst", entitlements=["mna-team"])
    readers = {
        "viewer": create_key(store, "observability", role="viewer"),
        "admin": create_key(store, "compliance-lead", role="admin"),
        "entitled-viewer": create_key(store, "mna-auditor", role="viewer", entitlements=["mna-team"]),
    }
    completion = gw.client_for(analyst).chat.completions.create(
        model="research", messages=[{"role": "user", "content": QUESTION}]
    )
    assert "osprey" in {c["doc_id"] for c in completion.model_extra["citations"]}
    trace_id = completion.id.removeprefix("chatcmpl-")

    def read(reader: str) -> tuple[dict, list[dict]]:
        headers = {"authorization": f"Bearer {readers[reader]}"}
        trace = gw.wait_for_trace(trace_id, headers=headers)
        with gw.http as http:
            listed = http.get("/api/traces", params={"key": "mna-analyst"}, headers=headers)
        assert listed.status_code == 200, listed.text
        return trace, listed.json()["data"]

    full, listed = read("entitled-viewer")
    assert RESTRICTED_MARKER in json.dumps(full) and "Andes Copper" in full["response_text"]
    assert full["restricted_groups"] == ["mna-team"] and "masked" not in full

    for reader in ("viewer", "admin"):
        trace, listed = read(reader)
        seen = json.dumps([trace, listed])
        assert RESTRICTED_MARKER not in seen and "Andes Copper" not in seen and "Osprey" not in seen, reader
        # the trace is still there, found by ?key=, with a note naming the group, the fields and the reason
        assert [row["trace_id"] for row in listed] == [trace_id]
        assert trace["masked"]["groups"] == ["mna-team"]
        assert {"response_text", "upstream_messages", "retrieval"} <= set(trace["masked"]["fields"])
        assert "mna-team" in trace["masked"]["reason"] and "does not hold" in trace["masked"]["reason"]
        assert trace["response_text"] == WITHHELD
        # the caller's own question stays readable, and public research stays visible
        assert trace["request_messages"] == [{"role": "user", "content": QUESTION}]
        public = [r for r in trace["retrieval"] if not r.get("entitlement")]
        assert public and all(r["snippet"] and r["doc_id"] != "osprey" for r in public)
        withheld = [r for r in trace["retrieval"] if r.get("entitlement")]
        assert withheld and all(r == {**r, "entitlement": "mna-team", "withheld": WITHHELD} for r in withheld)

    # the UI's free-text search is no oracle: a reader without the group cannot find the trace by its research
    for reader, entitled in (("viewer", False), ("admin", False), ("entitled-viewer", True)):
        with gw.http as http:
            page = http.get("/ui/login")
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
            signed_in = http.post("/ui/login", data={"api_key": readers[reader], "csrf": csrf, "next": "/ui/traces"})
            assert signed_in.status_code == 303, signed_in.text
            found = http.get("/ui/traces", params={"q": "Andes Copper"})
            assert found.status_code == 200, found.text
            assert (trace_id in found.text) is entitled, reader
            assert trace_id in http.get("/ui/traces", params={"key": "mna-analyst"}).text, reader

    # an answer held for review is a copy of the trace's answer: the review queue masks it the same way
    held = gw.client_for(analyst).chat.completions.create(
        model="research", messages=[{"role": "user", "content": SAVINGS}]
    )
    review_id = held.model_extra["review"]["id"]
    for reader, entitled in (("viewer", False), ("admin", False), ("entitled-viewer", True)):
        headers = {"authorization": f"Bearer {readers[reader]}"}
        with gw.http as http:
            one = http.get(f"/api/reviews/{review_id}", headers=headers).json()
            listed = http.get("/api/reviews", headers=headers).json()["data"]
        assert ("Andes Copper" in json.dumps([one, listed])) is entitled, reader
        assert one["question"] == SAVINGS and (one["answer"] == WITHHELD) is not entitled

    # the append-only audit log is read by no masking function: it records the decision, not the research
    from llmgateway.store.models import AuditEntry

    held_trace = held.id.removeprefix("chatcmpl-")
    for _ in range(50):  # decisions are appended in the background
        with store.session() as session:
            payloads = [e.payload for e in session.query(AuditEntry).filter(AuditEntry.kind == "guardrail.decision")]
        decision = next((p for p in payloads if p["trace_id"] == held_trace and p["stage"] == "output"), None)
        if decision:
            break
        time.sleep(0.1)
    assert decision, payloads
    assert decision["restricted_groups"] == ["mna-team"]
    assert [v["span"] for v in decision["verdicts"]] == [WITHHELD] * len(decision["verdicts"])
    assert "Andes Copper" not in json.dumps(payloads)


def test_mask_restricted_is_the_one_function_every_reader_calls():
    """Exports, eval runs and UIs call it with a dict of trace columns (any subset)."""
    trace = {
        "trace_id": "t1",
        "request_messages": [
            {"role": "user", "content": "What is the bid?"},
            {"role": "assistant", "content": "Project Osprey: $45 a share."},
            {"role": "user", "content": "And the timing?"},
        ],
        "upstream_messages": [{"role": "system", "content": "[1] Project Osprey memo"}],
        "response_text": "Next month.",
        "restricted_groups": ["mna-team"],
        "guardrails": [{"rule_id": "mnpi", "span": "Project Osprey"}],
        "scores": {"factuality": {"score": 1.0, "claims": [{"text": "Osprey", "supported": True, "reason": None}]}},
    }
    assert mask_restricted(trace, ["mna-team"]) is trace
    masked = mask_restricted(trace, ["research-all"], reader="eval-run")
    assert "Osprey" not in json.dumps(masked) and "Osprey" in json.dumps(trace)  # a copy; the input is untouched
    assert [m["content"] for m in masked["request_messages"]] == ["What is the bid?", WITHHELD, "And the timing?"]
    assert masked["scores"]["factuality"]["score"] == 1.0
    assert "key 'eval-run'" in masked["masked"]["reason"]
    # a trace without restricted research passes through untouched, whoever reads it
    public = {"trace_id": "t2", "response_text": "Revenue rose 8%.", "restricted_groups": None}
    assert mask_restricted(public, []) is public
