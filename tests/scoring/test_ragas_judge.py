"""The optional ragas judge records failures as missing, never as a zero score."""

from __future__ import annotations

from llmgateway.scoring.ragas_judge import RagasJudge
from llmgateway.scoring.settings import RagasSettings

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
