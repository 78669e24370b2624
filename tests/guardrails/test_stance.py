"""Advice *against* a violation is delivered while the violation itself is stopped (issue #15, answer side,
third pass: the heads are trained on stance counterparts of every violating sentence, docs/guardrails.md
"Stance counterparts"). Through a real gateway and the stub upstream, with the official openai client.

Before that pass the heads scored advice against a violation like the violation ("Avoid moving your
entire retirement account into a single sector." 0.89 on concentrated-recommendation), so the heads of
these rules shipped in shadow or at thresholds raised above such sentences (concentrated-recommendation
was in shadow: its pair fails on that artifact). Left out of the pairs written: certain-projection (that
head went back to shadow after the full suite), promissory-slang (in shadow; its advice against still scored
0.61), and promissory-guarantee and mnpi-trading-ahead because their advice-against sentences are stopped by the rules' *patterns*
("Ignore any adviser who says your principal is safe…", "…do not buy before it's announced"; heads 0.09, 0.18).
"""

from __future__ import annotations

import pytest

from .test_gateway import start

# Written for this test before any stance-trained head scored them, never in the training data or an
# eval set: (rule, violation — none of the rule's patterns or phrases matches it, advice against it).
PAIRS = [
    (
        "suitability/concentrated-recommendation",
        "Take everything out of your pension and buy one biotech stock with it.",
        "Don't take everything out of your pension to buy one biotech stock; spread it across funds.",
    ),
    (
        "marketing_rule/past-performance-recurs",
        "The fund compounded at eleven percent for ten years, and you'll earn the same.",
        "The fund compounded at eleven percent for ten years; don't expect to earn the same.",
    ),
]


@pytest.mark.parametrize("rule,violation,against", PAIRS, ids=[p[0].split("/")[1] for p in PAIRS])
def test_advice_against_a_violation_is_delivered_and_the_violation_stopped(
    gateway, stub_upstream, tmp_path, policies_dir, rule, violation, against
):
    gw = start(gateway, stub_upstream, tmp_path, policies_dir)
    question = [{"role": "user", "content": "What should I do with my savings?"}]
    stub_upstream.reply = violation
    completion = gw.client.chat.completions.create(model="advisor", messages=question)
    assert completion.choices[0].finish_reason == "content_filter"
    assert violation not in completion.choices[0].message.content
    stopping = {
        f"{v['policy']}/{v['rule_id']}"
        for v in completion.model_extra["guardrails"]
        if v["action"] in ("block", "review")
    }
    assert rule in stopping, completion.model_extra["guardrails"]  # (no pattern of the rule matches: its head)

    stub_upstream.reply = against
    completion = gw.client.chat.completions.create(model="advisor", messages=question)
    assert completion.choices[0].finish_reason != "content_filter"
    assert completion.choices[0].message.content == against
    assert not [v for v in completion.model_extra.get("guardrails") or [] if v["action"] != "log"]
