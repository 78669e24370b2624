"""`llmgateway eval run` through the real pipeline (prompt, guardrails, retrieval) on a stub upstream."""

from __future__ import annotations

from sqlalchemy import select

from llmgateway.config import load_settings
from llmgateway.evals.experiments import get_experiment
from llmgateway.evals.runner import RunOptions, run_experiments
from llmgateway.evals.schema import load_eval_set
from llmgateway.store.db import EvaluationStore
from llmgateway.store.models import Trace


async def test_shipped_set_runs_as_an_experiment_whose_rows_match_its_traces(eval_home, stub_upstream, embedder):
    stub_upstream.reply = "Per the research, the target is $155 [1]."
    settings = load_settings(str(eval_home / "gateway.yaml"), environ={})
    store = EvaluationStore(settings.store_url)
    loaded = load_eval_set(eval_home / "eval_sets" / "advisor_research.yaml")
    options = RunOptions(route="advisor", progress=False, app_kwargs={"embedder": embedder})
    [exp] = await run_experiments(settings, loaded, options, store)

    assert exp["status"] == "done" and exp["case_count"] == len(loaded.cases) == len(exp["results"])
    assert exp["set_hash"].startswith("sha256:") and exp["prompt_version"] == "v1"
    assert exp["prompt_hash"].startswith("sha256:") and exp["policy_hash"]
    outcomes = {r["case_id"]: (r["expected_outcome"], r["outcome"]) for r in exp["results"]}
    assert outcomes["injection-ignore"] == ("block", "block") and outcomes["pii-ssn"] == ("redact", "redact")
    assert outcomes["novatra-target"] == ("pass", "pass")
    with store.session() as session:
        traces = {
            t.trace_id: t for t in session.execute(select(Trace).where(Trace.experiment_id == exp["id"])).scalars()
        }
    assert len(traces) == len(loaded.cases)
    for row in exp["results"]:
        trace = traces[row["trace_id"]]
        assert row["status"] == trace.status and row["answer"] == trace.response_text
        assert row["retrieved"] == list(dict.fromkeys(s["doc_id"] for s in trace.retrieval or []))
        assert row["metrics"]["latency_ms"] == trace.latency_ms
        assert trace.score_state is None  # graded by the run, not queued for the production scorer
    again = get_experiment(store, exp["id"])
    assert again["summary"] == exp["summary"]
