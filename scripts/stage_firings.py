"""Which question-shape stage decided each answer of a look-alike (issue 11, round 15b).

Runs the scorer as ``llmgateway scorer evaluate`` does (gateway.yaml's ``scoring.factuality``) over labelled
JSONL/YAML files and counts, per file and split, the answers that a stage of rounds 14b/14c decided:

* ``comparison``   — the other option of a year / number comparison ("name 'B' is not what the question asks")
* ``polar-cmp``    — a Yes/No contradicted by a year or attribute comparison ("verdict 'No' contradicts …: comparison")
* ``hops``         — the entity the question describes ("… is what the question's '…' refers to")
* ``order``        — an order word against the claim's own years ("date order: …")

and, for the right answers the scorer loses, the first reason's stage (``other`` when none of these). Only
counts are printed for holdout splits; ``--show dev`` lists the dev split's right answers a stage lost.

    PYTHONPATH=src python scripts/stage_firings.py /tmp/fhal/*.jsonl eval_sets/factuality_labelled.yaml
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

STAGES = (
    ("comparison", re.compile(r"^name '[^']+' is not what the question asks")),
    ("polar-cmp", re.compile(r"^verdict '(?:Yes|No)' contradicts the knowledge: ")),
    ("hops", re.compile(r"is what the question's '")),
    ("order", re.compile(r"^date order: ")),
)


def stage_of(reason: str | None) -> str | None:
    for name, pattern in STAGES:
        if reason and pattern.search(reason):
            return name
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", type=Path, nargs="+")
    ap.add_argument("--show", choices=("dev",), help="list the dev split's right answers a stage lost")
    ap.add_argument("--json", type=Path, help="write the counts here")
    ap.add_argument("--by", help="also count by this field of a JSONL row (make_multihop_eval's 'hop')")
    ap.add_argument("--readings", type=Path, help="no scorer: write each row's stage findings here (JSONL), fast")
    args = ap.parse_args()

    if args.readings:
        return readings(args.files, args.readings)
    from llmgateway.config import load_settings
    from llmgateway.embeddings import Embedder
    from llmgateway.scoring.evalset import load_rows
    from llmgateway.scoring.service import factuality_scorer

    scorer = factuality_scorer(Embedder(threads=os.cpu_count() or 1), load_settings(None).scoring.factuality)
    table = {}
    for path in args.files:
        rows = load_rows(path)
        results = scorer.score_many([(r.contexts, r.answer, r.question) for r in rows])
        raw = [json.loads(x) for x in path.read_text().splitlines() if x.strip()] if args.by else []
        groups = sorted({str(r.get(args.by)) for r in raw})
        for split, group in [(s, None) for s in ("dev", "holdout")] + [
            (s, g) for g in groups for s in ("dev", "holdout")
        ]:
            c: Counter = Counter()
            for k, (row, result) in enumerate(zip(rows, results)):
                if row.split != split or group is not None and str(raw[k].get(args.by)) != group:
                    continue
                stages = {stage_of(v.reason) for v in result.claims if not v.supported} - {None}
                side = "right" if row.supported else "wrong"
                c[f"{side}"] += 1
                c[f"{side} kept" if row.supported else "wrong caught"] += bool(result.supported) == row.supported
                for s in stages:
                    c[f"{side}: {s}"] += 1
                if row.supported and result.supported is False:
                    first = next((v.reason for v in result.claims if not v.supported), None)
                    c[f"right lost: {stage_of(first) or 'other'}"] += 1
                    if args.show == split and stages and group is None:
                        print(f"[{path.name} {row.id}] {row.question!r} -> {row.answer!r}: {first}", file=sys.stderr)
            if c:
                name = path.name if group is None else f"{path.name}[{group}]"
                table[f"{name} {split}"] = dict(sorted(c.items()))
                print(f"{name:<28} {split:<8} " + ", ".join(f"{k}={v}" for k, v in sorted(c.items())), flush=True)
    if args.json:
        args.json.write_text(json.dumps(table, indent=1))


def readings(files: list[Path], out: Path) -> None:
    """Each row's question-shape findings alone (no models): what comparison / attributes read, and what
    hops, the comparison and the order words find against each claim — to tell which rows a change of those
    stages can move at all (the scorer's other stages do not read them)."""
    from llmgateway.scoring.comparison import order_conflicts
    from llmgateway.scoring.evalset import load_rows
    from llmgateway.scoring.hops import multihop_reasons
    from llmgateway.scoring.prepared import prepare

    with out.open("w") as f:
        for path in files:
            for row in load_rows(path):
                p = prepare(row.contexts, row.answer, row.question)
                found = [multihop_reasons(c, p.short, p.question, p.compared, p.sentences, [], []) for c in p.claims]
                verdict = p.verdict.reason if p.verdict is not None and p.compared is not None else None
                record = {
                    "file": path.name, "id": row.id, "split": row.split, "label": row.supported,
                    "compared": p.compared.line if p.compared else None, "verdict": verdict,
                    "reasons": [r for rs, _ in found for r in rs] + [r for c in p.claims for r in order_conflicts(c)],
                    "how": [h for _, hs in found for h in hs],
                }  # fmt: skip
                f.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
