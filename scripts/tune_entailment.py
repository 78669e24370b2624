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

Round 16b: ``--lookalike FILE ...`` adds the dev split of each look-alike set (scripts/make_*_eval.py rows
under /tmp); ``--grid small`` replays only bands inside [0.02, 0.9) (the model then reads only the claims
in that range — reading every claim of ~9,000 dev items is ~an hour on the shared CPU); the grid is sorted
by the mean over the scorer-level sets (the labelled dev split, filings and look-alike dev splits), with
the public check reported beside it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import pickle
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights", type=Path, required=True)
    ap.add_argument("--filings", type=Path, default=Path("/tmp/fact-verify/filings_dev600.jsonl"))
    ap.add_argument("--public", type=Path, default=Path("/tmp/fact-verify/data"))
    ap.add_argument("--json", type=Path, default=None, help="write every grid point here")
    ap.add_argument("--cache", type=Path, default=None, help="keep the scorer's verdicts here (pickle)")
    ap.add_argument("--lookalike", type=Path, nargs="*", default=[], help="look-alike sets: their dev split")
    ap.add_argument("--grid", choices=["full", "small"], default="full")
    ap.add_argument("--max-items", type=int, default=0, help="read at most N items of each look-alike (seeded)")
    args = ap.parse_args()

    import entailment_replay as er
    import verification_data

    from llmgateway.scoring.entailment import EntailmentStage
    from llmgateway.scoring.evalset import load_rows

    sets: dict[str, list[tuple[list[str], str, str | None, bool]]] = {}
    sets["labelled_dev"] = [
        (r.contexts, r.answer, r.question, r.supported)
        for r in load_rows(ROOT / "eval_sets" / "factuality_labelled.yaml")
        if r.split == "dev"
    ]
    sets["filings_dev"] = [(r.contexts, r.answer, r.question, r.supported) for r in load_rows(args.filings)]
    public = verification_data.build(args.public, 11, set())["public_check"]
    sets["public_check"] = [([premise], claim, None, bool(y)) for premise, claim, y, _ in public]
    for path in args.lookalike:
        rows = [(r.contexts, r.answer, r.question, r.supported) for r in load_rows(path) if r.split == "dev"]
        if args.max_items and len(rows) > args.max_items:
            rows = random.Random(5).sample(rows, args.max_items)
        sets[path.stem] = rows
    lows = [0.0, 0.02, 0.05, 0.1, 0.2, 0.3]
    highs = [0.5, 0.7, 0.82, 0.9, 0.95, 0.99, 1.0]
    weights = [0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0]
    if args.grid == "small":
        lows, highs, weights = [0.02, 0.05, 0.1], [0.5, 0.7, 0.82, 0.9], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    reach = (min(lows), max(highs))  # only claims some grid point reads are given to the model

    # the scorer as gateway.yaml builds it, its stage recording what it may read (scripts/entailment_replay.py)
    scorer, recorder = er.recording_scorer()
    cache = args.cache if args.cache and args.cache.exists() else None
    scored = pickle.loads(cache.read_bytes()) if cache is not None else {}  # the scorer's side: no model in it
    for name, items in sets.items():
        if name in scored:
            continue
        scored[name] = er.record(scorer, recorder, items)
        print(f"{name}: {len(items)} items scored", flush=True)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(scored))
    probs = {}
    for name in sets:
        probs |= er.head_probabilities(args.weights, scored[name], reach)
        print(f"{name}: {len(sets[name])} items read", flush=True)

    threshold = scorer.threshold
    grid = []
    for low, high, w in itertools.product(lows, highs, weights):
        if low >= high:
            continue
        stage = EntailmentStage(None, (low, high), w, False)  # type: ignore[arg-type]
        row: dict = {"band": [low, high], "weight": w}
        for name in sets:
            predicted, read, total = er.replay(scored[name], probs, stage, threshold)
            row[name] = er.balanced_accuracy(predicted, [y for *_, y in sets[name]])[0]
            row[f"{name}_read"] = round(read / max(1, total), 3)
        grid.append(row)
    base = next(r for r in grid if r["weight"] == 0.0)
    print("without the stage:", {k: v for k, v in base.items() if not k.endswith("_read")})
    scorer_sets = [name for name in sets if name != "public_check"]
    for r in grid:
        r["mean"] = round(sum(r[name] for name in scorer_sets) / len(scorer_sets), 4)
    grid.sort(key=lambda r: -r["mean"])
    for r in grid[:25]:
        print(json.dumps(r))
    if args.json:
        args.json.write_text(json.dumps(grid, indent=1))


if __name__ == "__main__":
    main()
