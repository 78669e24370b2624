"""How often the scorer's extractive reader (scoring/reader.py) picks the right span, through its serving path.

    OMP_NUM_THREADS=1 nice -n 10 python scripts/eval_reader.py --data DATA --split holdout \
        [--weights W.safetensors] [--limit 1500]

The examples are reader_data.py's, built from SQuAD 2.0 dev (``DATA/squad2_dev.json``) — the articles of
make_opendomain_eval.py's ``--split`` (``holdout``: never trained or chosen on; ``dev``: the check split
the epoch is chosen on). Figures: for a window holding the answer, the best span overlaps it and beats
"no answer" (``span_right``), and the best span is exactly the answer (``exact``); for a window without
it, "no answer" wins or the best span holds under half the probability (``abstain_right``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import reader_data  # noqa: E402
from make_opendomain_eval import split_of  # noqa: E402

from llmgateway.scoring.joint_reader import reader_model  # noqa: E402
from llmgateway.scoring.reader import WEIGHTS_FILE, _norm, best_span  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--split", choices=["dev", "holdout"], default="holdout")
    ap.add_argument("--weights", type=Path, default=WEIGHTS_FILE)
    ap.add_argument("--limit", type=int, default=1500, help="examples (seeded sample)")
    ap.add_argument("--reserved", type=Path, default=Path("/work/shared/reserved.txt"))
    args = ap.parse_args()
    hashes = set(args.reserved.read_text().split()) if args.reserved.exists() else set()
    arts = [a for a in reader_data.articles(args.data / "squad2_dev.json") if split_of(a["title"]) == args.split]
    rows = reader_data.examples(arts, f"squad2-dev({args.split} split)", 7, hashes)
    rows = random.Random(11).sample(rows, min(args.limit, len(rows)))
    model = reader_model(args.weights)
    pos, exact, neg = [], [], []
    for r in rows:
        ((start, end, offs),) = model.logits([(r["question"], r["window"])])
        p, i, j = best_span(start, end, offs)
        if r["answer"] is None:
            neg.append(p < 0.5 or p <= start[0] * end[0])
            continue
        a, b = r["answer"]
        if not any(s < b and e > a for s, e in offs):
            continue  # the 128-token cut lost the answer
        found = i >= 0 and p > start[0] * end[0]
        pos.append(found and offs[i][0] < b and offs[j][1] > a)
        exact.append(found and _norm(r["window"][offs[i][0] : offs[j][1]]) == _norm(r["window"][a:b]))
    result = {
        "split": args.split,
        "weights": str(args.weights),
        "answerable": len(pos),
        "unanswerable": len(neg),
        "span_right": round(sum(pos) / max(1, len(pos)), 4),
        "exact": round(sum(exact) / max(1, len(exact)), 4),
        "abstain_right": round(sum(neg) / max(1, len(neg)), 4),
    }
    result["balanced"] = round((result["span_right"] + result["abstain_right"]) / 2, 4)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
