"""Measure entailment heads on labelled sets' splits by replay (issue 11, round 16b).

    OMP_NUM_THREADS=1 nice -n 10 python scripts/measure_entailment.py SET.jsonl ... --split holdout \
        --heads OLD.safetensors NEW.safetensors --cache /tmp/fnli/holdout_cache.pkl

Each item is scored once by the scorer as gateway.yaml builds it, the entailment stage recording what it
would read (scripts/entailment_replay.py); then each head is replayed at gateway.yaml's band, weight and
claims (or ``--band LOW HIGH --weight W``). One scorer pass serves every head, so a before/after costs one
pass, not two. Prints balanced accuracy and the kept / caught counts only — never an item.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sets", type=Path, nargs="+")
    ap.add_argument("--split", default="holdout")
    ap.add_argument("--heads", type=Path, nargs="+", required=True)
    ap.add_argument("--band", type=float, nargs=2, default=None)
    ap.add_argument("--weight", type=float, default=None)
    ap.add_argument("--cache", type=Path, default=None, help="keep the recorded scorer passes here (pickle)")
    args = ap.parse_args()

    import entailment_replay as er

    from llmgateway.config import load_settings
    from llmgateway.scoring.entailment import EntailmentStage
    from llmgateway.scoring.evalset import load_rows

    f = load_settings(str(ROOT / "gateway.yaml")).scoring.factuality
    band = tuple(args.band) if args.band else tuple(f.entailment_band)
    weight = f.entailment_weight if args.weight is None else args.weight
    scorer, recorder = er.recording_scorer()
    cached = pickle.loads(args.cache.read_bytes()) if args.cache and args.cache.exists() else {}
    for path in args.sets:
        rows = [r for r in load_rows(path) if r.split == args.split]
        key = f"{path.name}:{args.split}"
        if key not in cached:
            cached[key] = er.record(scorer, recorder, [(r.contexts, r.answer, r.question) for r in rows])
            if args.cache:
                args.cache.write_bytes(pickle.dumps(cached))
        items = cached[key]
        labels = [r.supported for r in rows]
        for head in args.heads:
            stage = EntailmentStage(None, band, weight, f.entailment_claims == "relational")  # type: ignore[arg-type]
            probs = er.head_probabilities(head, items, band)
            predicted, read, total = er.replay(items, probs, stage, scorer.threshold)
            ba, kept, pos, caught, neg = er.balanced_accuracy(predicted, labels)
            print(
                f"{path.name} {args.split} {head.name}: {ba:.3f} (kept {kept}/{pos}, caught {caught}/{neg}; "
                f"{read}/{total} claims read; band {list(band)} weight {weight})",
                flush=True,
            )


if __name__ == "__main__":
    main()
