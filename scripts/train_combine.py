"""Train the entailment stage's learned combination (scoring/entailment_combine.json; issue 11, round 18b; opt-in).

    OMP_NUM_THREADS=1 nice -n 10 python scripts/train_combine.py eval_sets/factuality_labelled.yaml \
        eval_sets/factuality_filings.yaml /tmp/fver/sets/{expertqa,opendomain,rival}.jsonl \
        /tmp/fver/sets/{multipassage,multihop,finqa,finqa_analyst,ects}.jsonl:400 \
        --cache /tmp/fver/combine_records.pkl --out src/llmgateway/scoring/entailment_combine.json

Each file's dev split (``FILE:N``: N rows evenly spaced — a look-alike's twins sit next to each other, so N is
even and both halves stay; open-domain and rival rows alternate right / wrong and are read whole) is scored once by
the scorer as gateway.yaml builds it, the entailment stage recording every claim it may read with the committed
head's P(entailed) (band [0, 1], weight 0: nothing moves; scripts/entailment_replay.py). The claims the default
stage reads (its band, an answer with no claim below it) become training rows: every such claim of a supported
answer is supported, the weakest of an unsupported answer is not. Inputs: logit(p), logit(entailment), their
product and the verifier's 16 features; every set weighs the same, each class half of it. Five heads, each without
one fold (a right answer and its twin, an ExpertQA question, stay in one fold), give out-of-fold probabilities; the
shift added to the bias is the one (of 0, 0.5, 1, 1.5, 2) maximising the mean over the sets of the answers'
balanced accuracy at the scorer's threshold, replayed out of fold; the written head is fitted on every fold.
Only dev splits are read. Prints the committed fixed combination and the learned one per set (out of fold).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import pickle
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from finetune_entailment import fold_of  # noqa: E402

from llmgateway.scoring.verifier import FEATURES  # noqa: E402

READER = "the passage answers the question"
SHIFTS = (0.0, 0.5, 1.0, 1.5, 2.0)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def record(paths: list[str], cache: Path | None) -> dict:
    """{file: [(id, label, [(p, P(entailed) or None, features, reason, counted?)])]}, cached per file spec."""
    import entailment_replay as er

    from llmgateway.scoring.entailment import WEIGHTS_FILE, EntailmentModel
    from llmgateway.scoring.evalset import load_rows

    done = pickle.loads(cache.read_bytes()) if cache and cache.exists() else {}
    todo = [p for p in paths if p not in done]
    if todo:
        scorer, recorder = er.recording_scorer()
        model = EntailmentModel(WEIGHTS_FILE, threads=1)
    for spec in todo:
        path, _, n = spec.partition(":")
        rows = [r for r in load_rows(path) if r.split == "dev"]
        if n and len(rows) > int(n):
            rows = [rows[int(i * len(rows) / int(n))] for i in range(int(n))]
        out = []
        for b in range(0, len(rows), 32):
            chunk, recorder.pairs = rows[b : b + 32], []
            for r, res in zip(chunk, scorer.score_many([(x.contexts, x.answer, x.question) for x in chunk])):
                pairs = [recorder.pair(v.entailment) for v in res.claims]
                probs = dict(zip([q for q in pairs if q], model.probabilities([q for q in pairs if q])))
                kept = {id(v) for v in _counted(res) if v.probability is not None}
                claims = [(v.probability, probs.get(q) if q else None, v.features, v.reason, id(v) in kept)
                          for v, q in zip(res.claims, pairs)]  # fmt: skip
                out.append((r.id, r.supported, res.score is not None, claims))
        done[spec] = out
        if cache:
            cache.write_bytes(pickle.dumps(done))
    return {p: done[p] for p in paths}


def _counted(res) -> list:
    """The claims that enter the answer's score (judgements abstain unless contradicted; judgement.counted)."""
    from llmgateway.scoring.judgement import counted

    return counted(res.claims, frozenset(v.text for v in res.claims if v.judgement))


def inputs(p: float, e: float, features) -> list[float]:
    lp, le = _logit(p), _logit(e)
    return [lp, le, lp * le, *features]


def answer_probability(claims, band, stage_weight: float, head=None) -> float:
    """The answer's score as the scorer gives it: read claims combined (fixed, or by ``head``), weakest counted."""
    counted = [c for c in claims if c[0] is not None and c[4]]
    if not counted or any(c[0] < band[0] for c in counted):
        return min((c[0] for c in counted), default=1.0)
    out = []
    for p, e, feats, reason, _ in counted:
        if e is not None and band[0] <= p < band[1] and READER not in (reason or ""):
            if head is None:
                p = 1 / (1 + math.exp(-max(-30.0, min(30.0, _logit(p) + stage_weight * _logit(e)))))
            else:
                p = head(inputs(p, e, feats))
        out.append(p)
    return min(out)


def _learned(model, mean, scale, shift: float):
    """P(supported) of a read claim's inputs from a fitted logistic head, ``shift`` added to its logit."""

    def probability(v: list[float]) -> float:
        z = model.decision_function([(np.array(v) - mean) / scale])[0] + shift
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    return probability


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+", help="FILE or FILE:N (N dev rows evenly spaced)")
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    from llmgateway.config import load_settings

    f = load_settings(str(ROOT / "gateway.yaml")).scoring.factuality
    band, threshold, weight = tuple(f.entailment_band), f.threshold, f.entailment_weight
    data = record(args.files, args.cache)
    x, y, w, folds = [], [], [], []
    for items in data.values():
        rows = []
        for item_id, label, _, claims in items:
            counted = [c for c in claims if c[0] is not None and c[4]]
            if not counted or any(c[0] < band[0] for c in counted):
                continue
            read = [c for c in counted if c[1] is not None and band[0] <= c[0] < band[1] and READER not in (c[3] or "")]
            chosen = read if label else sorted(read, key=lambda c: c[0])[:1]
            rows += [(inputs(c[0], c[1], c[2]), int(label), fold_of(item_id)) for c in chosen]
        positives = max(1, sum(r[1] for r in rows))
        for row, label, fold in rows:
            x.append(row), y.append(label), folds.append(fold)
            w.append(0.5 / positives if label else 0.5 / max(1, len(rows) - positives))
    xa, ya, wa, fa = np.array(x), np.array(y), np.array(w) / np.mean(w), np.array(folds)
    mean, scale = xa.mean(0), xa.std(0) + 1e-6

    def fit(mask):
        return LogisticRegression(C=1.0, max_iter=5000).fit((xa[mask] - mean) / scale, ya[mask], sample_weight=wa[mask])

    heads = [fit(fa != k) for k in range(5)]

    def score(shift: float | None) -> dict[str, tuple]:
        out = {}
        for spec, items in data.items():
            kept = caught = pos = neg = 0
            for item_id, label, scored, claims in items:
                head = None if shift is None else _learned(heads[fold_of(item_id)], mean, scale, shift)
                ok = scored and answer_probability(claims, band, weight, head) >= threshold - 1e-9
                pos, neg = pos + label, neg + (not label)
                kept, caught = kept + (label and ok), caught + (not label and not ok)
            out[Path(spec.partition(":")[0]).stem] = (
                round((kept / max(1, pos) + caught / max(1, neg)) / 2, 4),
                kept,
                pos,
                caught,
                neg,
            )
        return out

    fixed = score(None)
    results = {s: score(s) for s in SHIFTS}
    best = max(SHIFTS, key=lambda s: (round(float(np.mean([v[0] for v in results[s].values()])), 4), -s))
    for name, v in fixed.items():
        print(f"{name} dev fixed {v} learned (out of fold, shift {best}) {results[best][name]}")
    print("mean fixed", round(float(np.mean([v[0] for v in fixed.values()])), 4),
          "learned", round(float(np.mean([v[0] for v in results[best].values()])), 4))  # fmt: skip
    if args.out:
        full = fit(np.ones(len(ya), bool))
        args.out.write_text(json.dumps({
            "inputs": ["logit_probability", "logit_entailment", "logit_probability_x_logit_entailment", *FEATURES],
            "weights": [round(float(v), 6) for v in full.coef_[0]],
            "bias": round(float(full.intercept_[0]) + best, 6),
            "mean": [round(float(v), 6) for v in mean],
            "scale": [round(float(v), 6) for v in scale],
            "provenance": {
                "command": "OMP_NUM_THREADS=1 nice -n 10 python scripts/train_combine.py " + " ".join(
                    Path(p.partition(":")[0]).name + (":" + p.partition(":")[2] if ":" in p else "") for p in args.files),
                "files_sha256": {Path(p.partition(":")[0]).name: hashlib.sha256(Path(p.partition(":")[0]).read_bytes()).hexdigest() for p in args.files},
                "splits_read": "dev only", "band": list(band), "threshold": threshold, "shift": best,
                "dev_out_of_fold": results[best], "dev_fixed": fixed, "reserved_sets_used": "none",
            },
        }, indent=1) + "\n")  # fmt: skip


if __name__ == "__main__":
    main()
