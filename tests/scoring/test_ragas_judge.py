"""The optional ragas judge records failures as missing, never as a zero score."""

from __future__ import annotations

import json
import time

from sqlalchemy import select

from llmgateway.scoring.factuality import FactualityScorer
from llmgateway.scoring.ragas_judge import RagasJudge
from llmgateway.scoring.settings import RagasSettings, ScoringSettings
from llmgateway.scoring.worker import ScoringWorker
from llmgateway.store.models import Trace

from .conftest import add_traces

CONTEXTS = ["Acme's revenue rose 8% to $4.2 billion in 2024."]


def test_unparsable_judge_output_is_missing_not_zero(stub_upstream):
    stub_upstream.reply = "I am a small model and I cannot produce JSON, sorry."
    judge = RagasJudge(RagasSettings(enabled=True, timeout_s=20), base_url=stub_upstream.url)
    verdict = judge.judge(CONTEXTS, "How did Acme do?", "Acme's revenue rose 8%.")
    assert verdict["value"] is None
    assert verdict["status"] == "error" and verdict["error"]
    assert stub_upstream.requests, "the judge asked the configured server"


def test_slow_judge_is_a_timeout_not_zero(stub_upstream):
    stub_upstream.delay = 3.0
    judge = RagasJudge(RagasSettings(enabled=True, timeout_s=0.5), base_url=stub_upstream.url)
    verdict = judge.judge(CONTEXTS, "How did Acme do?", "Acme's revenue rose 8%.")
    assert verdict["value"] is None and verdict["status"] == "timeout"


def _ragas_format(body: dict) -> str:
    """A judge that answers as a capable model does, in ragas's JSON: statements, then verdicts."""
    prompt = " ".join(str(m.get("content")) for m in body["messages"])
    if "judge the faithfulness" in prompt:
        return json.dumps(
            {
                "statements": [
                    {"statement": "Acme's revenue rose 8%.", "reason": "stated in the context", "verdict": 1},
                    {"statement": "Acme's revenue reached $5 billion.", "reason": "context says $4.2bn", "verdict": 0},
                ]
            }
        )
    return json.dumps({"statements": ["Acme's revenue rose 8%.", "Acme's revenue reached $5 billion."]})


def test_judge_answering_in_ragas_format_scores_beside_ours(stub_upstream, sqlite_store, embedder):
    stub_upstream.reply = _ragas_format
    settings = ScoringSettings.model_validate(
        {"ragas": {"enabled": True, "base_url": stub_upstream.url, "timeout_s": 30}}
    )
    judge = RagasJudge(settings.ragas, base_url="http://127.0.0.1:9/v1")
    assert judge.base_url == stub_upstream.url  # scoring.ragas.base_url: any OpenAI-compatible judge
    verdict = judge.judge(CONTEXTS, "How did Acme do?", "Acme's revenue rose 8% to $5 billion.")
    assert verdict == {"value": 0.5, "status": "ok", "error": None}

    ids = add_traces(
        sqlite_store,
        [{"query": "How did Acme do?", "sources": CONTEXTS, "answer": "Acme's revenue rose 8% to $5 billion."}],
    )
    worker = ScoringWorker(sqlite_store, FactualityScorer(embedder), settings, ragas=judge)
    assert worker.run_once() == 1
    deadline = time.time() + 60
    scores: dict = {}
    while time.time() < deadline:
        with sqlite_store.session() as session:
            scores = session.execute(select(Trace.scores).where(Trace.trace_id == ids[0])).scalar_one()
        if scores.get("ragas_faithfulness", {}).get("status") == "ok":
            break
        time.sleep(0.2)
    judge.stop()
    assert scores["ragas_faithfulness"]["value"] == 0.5
    assert scores["factuality"]["supported"] is False and "$5 billion" in scores["factuality"]["claims"][0]["reason"]


def test_restricted_research_is_not_sent_to_the_judge_unless_allowed(stub_upstream, sqlite_store, embedder):
    stub_upstream.reply = _ragas_format
    row = {"query": "How did Acme do?", "sources": CONTEXTS, "answer": "Acme's revenue rose 8%."}
    for allowed, expected in ((False, "skipped"), (True, "ok")):
        settings = ScoringSettings.model_validate(
            {"ragas": {"enabled": True, "base_url": stub_upstream.url, "timeout_s": 30, "send_restricted": allowed}}
        )
        judge = RagasJudge(settings.ragas, base_url=stub_upstream.url)
        sent_before = len(stub_upstream.requests)
        [trace_id] = add_traces(sqlite_store, [row | {"restricted_groups": ["mna-team"]}])
        worker = ScoringWorker(sqlite_store, FactualityScorer(embedder), settings, ragas=judge)
        assert worker.run_once() == 1
        deadline, verdict = time.time() + 60, {}
        while time.time() < deadline and verdict.get("status") in (None, "queued"):
            with sqlite_store.session() as session:
                scores = session.execute(select(Trace.scores).where(Trace.trace_id == trace_id)).scalar_one()
            verdict = scores.get("ragas_faithfulness") or {}
            time.sleep(0.2)
        judge.stop()
        assert verdict["status"] == expected, verdict
        assert (len(stub_upstream.requests) > sent_before) is allowed
        if not allowed:
            assert "mna-team" in verdict["error"] and "send_restricted" in verdict["error"]
