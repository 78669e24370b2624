"""Choose the entailment stage's band and weight (scoring.factuality.entailment_*) on our own splits.

    OMP_NUM_THREADS=1 nice -n 10 python scripts/tune_entailment.py --weights W.safetensors \
        --filings /tmp/fact-verify/filings_dev600.jsonl --public /tmp/fact-verify/data

Scores each item once with the scorer as configured without the stage (cascade matching, the
committed verifier), reads every claim's (evidence window, claim) pair with the cross-encoder once,
then replays the stage for every (band, weight) of a grid: which claims it would read, the answer's
score (its weakest claim), the verdict at the scorer's threshold. Sets: the labelled set's ``dev``
split, the filings dev rows (TAT-QA dev, scripts/make_filings_eval.py), and the public held-out
split of scripts/verification_data.py (CLIMATE-FEVER / WiCE test / QAGS-XSum, one claim against its
evidence). Never a holdout split, never a reserved set.
"""

from __future__ import annotations

import argparse
import itertools
import json
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))


def balanced_accuracy(predicted: list[bool], labels: list[bool]) -> float:
    pos = [p for p, y in zip(predicted, labels) if y]
    neg = [not p for p, y in zip(predicted, labels) if not y]
    return (sum(pos) / max(1, len(pos)) + sum(neg) / max(1, len(neg))) / 2


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights", type=Path, required=True)
    ap.add_argument("--filings", type=Path, default=Path("/tmp/fact-verify/filings_dev600.jsonl"))
    ap.add_argument("--public", type=Path, default=Path("/tmp/fact-verify/data"))
    ap.add_argument("--json", type=Path, default=None, help="write every grid point here")
    ap.add_argument("--cache", type=Path, default=None, help="keep the scorer's verdicts here (pickle)")
    args = ap.parse_args()

    import verification_data

    from llmgateway.embeddings import Embedder
    from llmgateway.scoring.entailment import EntailmentModel, EntailmentStage
    from llmgateway.scoring.evalset import load_rows
    from llmgateway.scoring.factuality import FactualityScorer
    from llmgateway.scoring.prepared import prepare

    sets: dict[str, list[tuple[list[str], str, str | None, bool]]] = {}
    sets["labelled_dev"] = [
        (r.contexts, r.answer, r.question, r.supported)
        for r in load_rows(ROOT / "eval_sets" / "factuality_labelled.yaml")
        if r.split == "dev"
    ]
    sets["filings_dev"] = [(r.contexts, r.answer, r.question, r.supported) for r in load_rows(args.filings)]
    public = verification_data.build(args.public, 11, set())["public_check"]
    sets["public_check"] = [([premise], claim, None, bool(y)) for premise, claim, y, _ in public]

    scorer = FactualityScorer(Embedder(threads=1))
    cache = args.cache if args.cache and args.cache.exists() else None
    if cache is not None:  # the scorer's side does not depend on the cross-encoder
        scored = pickle.loads(cache.read_bytes())
    else:
        scored = {}
        for name, items in sets.items():
            results = scorer.score_many([(c, a, q) for c, a, q, _ in items])
            scored[name] = []
            for (c, a, q, _), res in zip(items, results):
                prep = prepare(c, a, q)
                scored[name].append(
                    (
                        prep.short,
                        [
                            (v.probability, v.window, prep.queries[j], v.text)
                            for j, v in enumerate(res.claims)
                            if v.probability is not None
                        ],
                    )
                )
            print(f"{name}: {len(items)} items scored", flush=True)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(scored))
    model = EntailmentModel(args.weights, threads=1)
    claims: dict[str, list[tuple[bool, list[tuple[float, float | None, str]]]]] = {}  # short?, claims
    for name, items in scored.items():
        pairs = [(w, q) for _, cl in items for _, w, q, _ in cl if w]
        probs = dict(zip(pairs, model.probabilities(pairs)))
        claims[name] = [(short, [(p, probs.get((w, q)) if w else None, t) for p, w, q, t in cl]) for short, cl in items]
        print(f"{name}: {len(items)} items, {len(pairs)} claims read", flush=True)

    threshold = scorer.threshold
    lows = [0.0, 0.02, 0.05, 0.1, 0.2, 0.3]
    highs = [0.5, 0.7, 0.82, 0.9, 0.95, 0.99, 1.0]
    weights = [0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0]
    grid = []
    for low, high, w, rel in itertools.product(lows, highs, weights, (True, False)):
        if low >= high:
            continue
        stage = EntailmentStage(model, (low, high), w, rel)
        row: dict = {"band": [low, high], "weight": w, "relational_only": rel}
        for name in sets:
            predicted, read, total = [], 0, 0
            for short, item in claims[name]:
                ps = [p for p, _, _ in item]
                total += len(ps)
                chosen = set(stage.select(ps, [c for _, _, c in item], short))
                out = []
                for j, (p, q, _) in enumerate(item):
                    if j in chosen and q is not None:
                        read += 1
                        p = stage.combine(p, q)
                    out.append(p)
                predicted.append(bool(out) and min(out) >= threshold - 1e-9)
            labels = [y for *_, y in sets[name]]
            row[name] = round(balanced_accuracy(predicted, labels), 4)
            row[f"{name}_read"] = round(read / max(1, total), 3)
        grid.append(row)
    base = next(r for r in grid if r["weight"] == 0.0)
    print("without the stage:", {k: v for k, v in base.items() if not k.endswith("_read")})
    grid.sort(key=lambda r: -(r["labelled_dev"] + r["filings_dev"] + r["public_check"]))
    for r in grid[:25]:
        print(json.dumps(r))
    if args.json:
        args.json.write_text(json.dumps(grid, indent=1))


if __name__ == "__main__":
    main()
