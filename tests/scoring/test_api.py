"""Scoring through the gateway: the in-gateway worker scores traces written by real calls, and
the /api endpoints answer over HTTP."""

from __future__ import annotations

import time

from ..conftest import stub_config
from .conftest import scoring_last_plugins


def test_factuality_endpoint_and_in_gateway_worker(gateway, stub_upstream, embedder):
    stub_upstream.reply = "Revenue rose 8% to $4.2 billion."
    config = stub_config(
        stub_upstream, scoring={"worker": {"poll_interval_s": 0.05}, "drift": {"reference_size": 10, "min_window": 5}}
    )
    gw = gateway(config, plugins=scoring_last_plugins(), embedder=embedder)
    with gw.http as http:
        resp = http.post(
            "/api/score/factuality",
            json={
                "contexts": ["Acme Corp's revenue rose 8% to $4.2 billion in 2024, while margins fell."],
                "answer": "Acme's revenue rose 18% to $4.2 billion [1]. Margins fell in 2024.",
            },
        )
        assert resp.status_code == 200, resp.text
        body = resp.json()
        assert body["supported"] is False and body["label"] == "unsupported" and body["score"] < body["threshold"]
        assert [c["supported"] for c in body["claims"]] == [False, True]
        assert "18%" in body["claims"][0]["reason"] and body["claims"][0]["evidence"]
        assert set(body["claims"][0]) >= {"text", "supported", "evidence", "reason", "probability", "derivations"}

        # a short answer is read with its question; a figure computed from the source says how
        short = http.post(
            "/api/score/factuality",
            json={
                "contexts": ["Net sales\n$\n1,345 \n$\n1,197 \n(in millions)"],
                "question": "By how much did net sales grow?",
                "answer": "12.4%",
            },
        ).json()
        assert short["label"] == "supported", short
        assert short["claims"][0]["derivations"] == ["12.4% = (1,345 − 1,197) / 1,197"]
        greeting = http.post("/api/score/factuality", json={"contexts": ["Revenue rose 8%."], "answer": "Hello!"})
        assert greeting.json()["label"] == "not scored" and greeting.json()["score"] is None

        bad = http.post("/api/score/factuality", json={"contexts": "not a list", "answer": "x"})
        assert bad.status_code == 400 and bad.json()["error"]["param"] == "contexts"

        trace_ids = []
        for i in range(12):
            completion = gw.client.chat.completions.create(
                model="chat", messages=[{"role": "user", "content": f"How did revenue do? ({i})"}]
            )
            trace_ids.append(completion.id)
        deadline = time.time() + 30
        status = {}
        while time.time() < deadline:
            status = http.get("/api/scoring/status").json()
            if status["lag"]["done"] >= 12 and status["lag"]["pending"] == 0:
                break
            time.sleep(0.2)
        assert status["lag"]["done"] >= 12 and status["worker_running_here"] is True, status
        assert "oldest_pending_age_s" in status["lag"]

        traces = http.get("/api/traces", params={"route": "chat"}).json()["data"]
        assert len(traces) == 12
        # no retrieval on this route: scored, with no factuality score rather than a fake one
        assert all(t["scores"]["factuality"]["score"] is None for t in traces)

        drift = http.get("/api/drift", params={"route": "chat", "window": "10"})
        assert drift.status_code == 200, drift.text
        streams = drift.json()["streams"]
        assert set(streams) == {"queries", "answers"}
        assert streams["queries"]["reference_size"] == 10
        assert http.get("/api/drift", params={"route": "nope"}).status_code == 404
        assert http.get("/api/drift", params={"route": "chat", "window": "x"}).status_code == 400

        pinned = http.post("/api/drift/chat/baseline", json={"size": 12})
        assert pinned.status_code == 200 and pinned.json()["size"] == 12
        after = http.get("/api/drift", params={"route": "chat"}).json()
        assert after["reference"].startswith("pinned baseline")
