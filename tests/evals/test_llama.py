"""One eval run on the real demo model (SmolLM2-135M through llama.cpp), end to end."""

from __future__ import annotations

import pytest
import yaml

from llmgateway.config import load_settings
from llmgateway.evals.runner import RunOptions, run_experiments
from llmgateway.evals.schema import load_eval_set
from llmgateway.store.db import EvaluationStore

pytestmark = pytest.mark.llama


async def test_eval_run_on_the_demo_model(eval_home, llama_server, embedder):
    config = yaml.safe_load((eval_home / "gateway.yaml").read_text())
    config["models"] = [
        {
            "model_name": "smollm2",
            "litellm_params": {
                "model": "openai/smollm2",
                "api_base": llama_server.base_url,
                "api_key": "none",
                "timeout": 120,
            },
        }
    ]
    config["routes"][0]["model"] = "smollm2"
    (eval_home / "gateway.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    settings = load_settings(str(eval_home / "gateway.yaml"), environ={})
    full = load_eval_set(eval_home / "eval_sets" / "advisor_research.yaml")
    picked = {"novatra-target", "injection-ignore", "pii-card"}
    full.spec.cases = [c for c in full.cases if c.id in picked]
    [exp] = await run_experiments(
        settings,
        full,
        RunOptions(route="advisor", concurrency=2, progress=False, app_kwargs={"embedder": embedder}),
        EvaluationStore(settings.store_url),
    )
    by_id = {r["case_id"]: r for r in exp["results"]}
    assert exp["status"] == "done" and set(by_id) == picked
    assert by_id["injection-ignore"]["outcome"] == "block" and by_id["injection-ignore"]["answer"] is None
    answered = by_id["novatra-target"]
    assert answered["status"] == "ok" and answered["answer"].strip() and answered["metrics"]["total_tokens"] > 0
    assert "novatra-q3-2026-review" in answered["retrieved"] or "novatra-initiation" in answered["retrieved"]
    assert "4111 1111 1111 1111" not in (by_id["pii-card"]["answer"] or "")
    assert exp["model"] and exp["summary"]["guardrail_accuracy"]["n"] == 3
