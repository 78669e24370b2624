"""The stage's passes on a CallContext: withhold, review, redact, disclose; streams match non-streams."""

from __future__ import annotations

import asyncio

import pytest

from llmgateway.guardrails.loader import load_policy_set

from .conftest import SHIPPED, collect, make_ctx, make_stage, words

SHIPPED_SET = load_policy_set(SHIPPED)
OUTPUT_BLOCK_EXAMPLES = [
    pytest.param(f"{name}/{rule.id}", text, id=f"{rule.id}-{i}")
    for name, policy in sorted(SHIPPED_SET.policies.items())
    for rule in policy.rules
    if rule.stage in ("output", "both") and rule.action in ("block", "review")
    for i, text in enumerate(rule.examples.must_block)
]


def test_blocked_answer_is_withheld_never_shown(policies_dir):
    stage = make_stage(policies_dir)
    ctx = make_ctx(stage)
    answer = "Great question. This fund guarantees a 9% annual return."
    out = asyncio.run(stage.check_output(ctx, answer))
    assert ctx.finish_reason == "content_filter"
    assert "guarantees" not in out and "withheld" in out
    assert "finra_communications/promissory-guarantee" in out
    blocking = [v for v in ctx.guardrails.verdicts if v["action"] == "block"]  # shadow heads log too
    assert blocking[0]["rule_id"] == "promissory-guarantee"
    assert ctx.guardrails.policy_hash == stage.runtime.current.hash


def test_disclosure_is_appended_once_and_pii_redacted(policies_dir):
    stage = make_stage(policies_dir)
    ctx = make_ctx(stage)
    answer = (
        "Bitcoin has had big swings. Ethereum too. You won't owe any capital gains tax on this sale. "
        "Your account number 55123498 is on file."
    )
    out = asyncio.run(stage.check_output(ctx, answer))
    assert ctx.finish_reason is None
    assert out.count("Risk disclosure:") == 1
    assert out.count("We do not provide tax or legal advice") == 1
    assert "55123498" not in out and "[REDACTED ACCOUNT_NUMBER]" in out
    actions = {v["rule_id"]: v["action"] for v in ctx.guardrails.verdicts if v["action"] != "log"}  # not shadow heads
    assert actions == {
        "unbalanced-risky-product": "disclose",
        "definitive-tax-legal-advice": "disclose",
        "account-number": "redact",
    }


def test_balanced_answer_needs_no_risk_disclosure(policies_dir):
    stage = make_stage(policies_dir)
    ctx = make_ctx(stage)
    out = asyncio.run(stage.check_output(ctx, "Bitcoin is speculative and you could lose all of your money."))
    assert "Risk disclosure" not in out and ctx.guardrails.verdicts == []


def test_review_holds_the_answer(policies_dir):
    stage = make_stage(policies_dir)
    ctx = make_ctx(stage)
    out = asyncio.run(stage.check_output(ctx, "Move your whole 401(k) into the Acme Growth Fund."))
    assert ctx.finish_reason == "content_filter"
    assert "held for review" in out and "Acme" not in out
    assert ctx.guardrails.review.rule_ids == ["suitability/concentrated-recommendation"]


@pytest.mark.parametrize("rule,text", OUTPUT_BLOCK_EXAMPLES)
def test_every_rule_that_blocks_an_answer_blocks_the_streamed_answer(policies_dir, rule, text):
    stage = make_stage(policies_dir)
    answer = f"Here is my view on your question. {text} Let me know if you want more detail."
    plain_ctx = make_ctx(stage)
    plain = asyncio.run(stage.check_output(plain_ctx, answer))
    assert plain_ctx.finish_reason == "content_filter", f"{rule} did not fire on {answer!r}"
    stream_ctx = make_ctx(stage, stream=True)
    streamed = asyncio.run(collect(stage.filter_stream(stream_ctx, words(answer))))
    assert stream_ctx.finish_reason == "content_filter"
    assert text not in streamed
    assert plain.split(" (")[0] in streamed  # the same withheld/holding message
    assert rule in {f"{v['policy']}/{v['rule_id']}" for v in stream_ctx.guardrails.verdicts}


def test_stream_releases_checked_sentences_and_appends_disclosure_at_the_end(policies_dir):
    stage = make_stage(policies_dir)
    ctx = make_ctx(stage, stream=True)
    answer = "Bitcoin is a crypto-asset. It trades around the clock. Many brokers offer it."

    async def run():
        pieces = []
        async for piece in stage.filter_stream(ctx, words(answer)):
            pieces.append(piece)
        return pieces

    pieces = asyncio.run(run())
    assert "".join(pieces).startswith(answer)
    assert len(pieces) >= 3  # released sentence by sentence, not all at the end
    assert pieces[-1].strip().startswith("Risk disclosure:")
    assert "".join(pieces).count("Risk disclosure:") == 1
    assert ctx.finish_reason is None


def test_streamed_block_after_a_clean_sentence_keeps_only_checked_text(policies_dir):
    stage = make_stage(policies_dir)
    ctx = make_ctx(stage, stream=True)
    answer = "Index funds are cheap. This stock will double by the end of next year. Buy it now."
    out = asyncio.run(collect(stage.filter_stream(ctx, words(answer))))
    assert out.startswith("Index funds are cheap.")
    assert "double" not in out and "Buy it now" not in out
    assert ctx.finish_reason == "content_filter"
