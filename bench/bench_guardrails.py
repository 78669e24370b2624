"""Guardrail quality and speed on the labelled set (eval_sets/guardrails_labelled.yaml).

    .venv/bin/python bench/bench_guardrails.py [--policies policies] [--set eval_sets/guardrails_labelled.yaml]
                                               [--repeat 200] [--markdown]

Quality, per rule: recall on the items labelled with that rule (did that rule fire?). Overall:
recall on all violations, false-block rate (compliant items on which any block or review rule
fired) and false-flag rate (any rule of any action fired). Speed: wall-clock ms per text through
the real AsyncGuard path, output rails (regex/phrases/pii, no model) on a ~120-word answer and on
each labelled answer, and input rails (including the MiniLM semantic rule) on each question.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import llmgateway  # noqa: E402,F401  (telemetry off first)
from llmgateway.embeddings import Embedder  # noqa: E402
from llmgateway.guardrails.loader import load_policy_set  # noqa: E402
from llmgateway.guardrails.validators import RuleGuard  # noqa: E402
from llmgateway.yamlfile import load_yaml  # noqa: E402

LONG_ANSWER = (
    "A Roth IRA is funded with after-tax dollars, so qualified withdrawals in retirement are generally "
    "tax-free. Contribution limits apply and depend on your income. A traditional IRA may give you a "
    "deduction today, but withdrawals are taxed as income later. Which one fits depends on whether you "
    "expect a higher or lower tax rate in retirement. Many advisors suggest holding both to keep "
    "flexibility. Diversified index funds with low expense ratios are a common core holding. Bond funds "
    "can reduce volatility, though their prices fall when rates rise. Past performance does not "
    "guarantee future results, and you may lose money. Review your beneficiary designations each year."
)


async def evaluate(pset, items, embed):
    names = sorted(pset.policies)
    guards = {stage: RuleGuard(pset.rules_for(names, stage), embed=embed) for stage in ("input", "output")}
    results = []
    for item in items:
        hits = [h for h in await guards[item["stage"]].check(item["text"]) if not h.cleared_by(item["text"])]
        results.append((item, hits))
    return guards, results


async def timing(guard, texts, repeat):
    samples = []
    for _ in range(repeat):
        for text in texts:
            started = time.perf_counter()
            await guard.check(text)
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--policies", default=str(ROOT / "policies"))
    parser.add_argument("--set", default=str(ROOT / "eval_sets" / "guardrails_labelled.yaml"))
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()

    pset = load_policy_set(args.policies)
    items = load_yaml(args.set).data["items"]
    embedder = Embedder()
    guards, results = asyncio.run(evaluate(pset, items, embedder.embed))

    per_rule = defaultdict(lambda: [0, 0])
    near_miss = defaultdict(lambda: [0, 0])  # compliant items in the rule's section: (flagged, total)
    violations = caught = compliant = false_block = false_flag = 0
    misses, false_blocks = [], []
    actions = {f"{n}/{r.id}": r.action for n, p in pset.policies.items() for r in p.rules}
    section = None
    for item, hits in results:
        fired = {f"{h.policy}/{h.rule.id}" for h in hits}
        expect = item["expect"]
        if expect:
            section = expect[0]
            violations += 1
            ok = all(rule in fired for rule in expect)
            caught += ok
            for rule in expect:
                per_rule[rule][0] += rule in fired
                per_rule[rule][1] += 1
            if not ok:
                misses.append((expect, item["text"]))
        else:
            compliant += 1
            blocking = {r for r in fired if actions[r] in ("block", "review")}
            false_block += bool(blocking)
            false_flag += bool(fired)
            if section:
                near_miss[section][0] += bool(fired)
                near_miss[section][1] += 1
            if fired:
                false_blocks.append((sorted(fired), item["text"]))

    long_mean, long_p95 = asyncio.run(timing(guards["output"], [LONG_ANSWER], args.repeat * 4))
    outputs = [i["text"] for i in items if i["stage"] == "output"]
    inputs = [i["text"] for i in items if i["stage"] == "input"]
    out_mean, out_p95 = asyncio.run(timing(guards["output"], outputs, args.repeat))
    lexical_input = RuleGuard([r for r in pset.rules_for(sorted(pset.policies), "input") if r.rule.kind != "semantic"])
    in_lex_mean, in_lex_p95 = asyncio.run(timing(lexical_input, inputs, args.repeat))
    in_mean, in_p95 = asyncio.run(timing(guards["input"], inputs, max(1, args.repeat // 5)))

    bar = "|" if args.markdown else " "
    print(f"{bar} rule {bar} recall {bar} violations {bar} near-misses flagged {bar}")
    if args.markdown:
        print("|---|---|---|---|")
    for rule in sorted(set(per_rule) | set(near_miss)):
        hit, total = per_rule[rule]
        flagged, nm_total = near_miss[rule]
        recall = f"{hit / total:.2f}" if total else "-"
        print(f"{bar} {rule} {bar} {recall} {bar} {hit}/{total} {bar} {flagged}/{nm_total} {bar}")
    print()
    print(f"items: {len(items)} ({violations} violations, {compliant} compliant)")
    print(f"recall on violations: {caught / violations:.3f} ({caught}/{violations})")
    print(f"false-block rate (block/review on compliant): {false_block / compliant:.3f} ({false_block}/{compliant})")
    print(f"false-flag rate (any action on compliant):    {false_flag / compliant:.3f} ({false_flag}/{compliant})")
    print(f"output rails, ~120-word answer:         median {long_mean:.2f} ms, p95 {long_p95:.2f} ms")
    print(f"output rails, labelled answers:         median {out_mean:.2f} ms, p95 {out_p95:.2f} ms")
    print(f"input rails without semantic rule:      median {in_lex_mean:.2f} ms, p95 {in_lex_p95:.2f} ms")
    print(f"input rails with MiniLM semantic rule:  median {in_mean:.2f} ms, p95 {in_p95:.2f} ms")
    for expect, text in misses:
        print(f"MISSED {expect}: {text}")
    for fired, text in false_blocks:
        print(f"FLAGGED-COMPLIANT {fired}: {text}")


if __name__ == "__main__":
    main()
