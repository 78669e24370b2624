"""What each check costs (issue 11, round 17a): per check, the correct and the wrong answers it rejected.

Runs the scorer as ``llmgateway scorer evaluate`` does (gateway.yaml's ``scoring.factuality``) over labelled
JSONL/YAML files and, for every answer judged unsupported, names the check that decided it: the answer's score
is its weakest claim's probability, so the decider is the unsupported claim of lowest probability (or, when no
claim fails a check, the weakest claim: ``verifier`` — it passed every check and the verifier or the entailment
model gave it too little), and its check is the first reason that claim's verdict gives. Per file and check it
prints ``R`` (right answers rejected: the check's cost) and ``W`` (wrong answers rejected: what it earns), and
the share of its rejections that were of right answers. Only counts for holdout splits; ``--show N`` prints N
dev examples of a check (``--check NAME``).

    PYTHONPATH=src python scripts/check_costs.py /tmp/fexp/sets/*.jsonl eval_sets/factuality_labelled.yaml \
        --split dev --cache /tmp/fexp/costs_dev.pkl [--by finance] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

# (check, pattern on the decider's first reason), first match wins; the module that writes the reason in brackets
CHECKS = (
    ("unmatched: no passage", r"^no source passage matches"),  # factuality.py
    ("question: passage off-topic", r"^the passage is not about what the question asks"),  # checks.py
    ("reader: other span", r"^the passage answers the question with"),  # reader.py
    ("locality: not where stated", r"is printed in the source, but not"),  # locality.py
    ("comparison / hops", r"is not what the question asks|is what the question's .* refers to|^date order"),
    ("relation: swapped roles", r"appear in swapped roles"),  # relations.py
    ("words: answer word absent", r"^'.*' \(the answer\) does not occur in the source"),  # checks.py (short answers)
    ("words: not stated", r"^'.*' is not stated in the source"),  # checks.py (novel wording)
    ("name: absent", r"^name '.*' does not occur in the source"),  # checks.py
    ("name: other", r"^name "),
    ("figure: located row", r"does not follow from the table"),  # located.py
    ("figure: metric", r"does not follow from the page"),  # metrics.py
    ("figure: own working", r"^figure .*(working|printed together|divides by|above the whole|formula)"),
    ("figure: formula's year", r"^the answer's formula takes an operand of"),  # own_formula.py (round 18a)
    ("figure: not in source", r"^figure '.*' not in the source"),  # checks.py / shown_work.py
    ("figure: other", r"^figure"),
    ("date: not in source", r"^date "),  # checks.py / periods.py
    ("direction", r"^direction"),  # checks.py / located.py / verdict.py / signs.py
    ("negation", r"^negation"),  # checks.py
    ("rating", r"^(rating|credit rating)"),  # checks.py
    ("verdict: yes/no", r"^verdict"),  # verdict.py
)


def check_of(reason: str | None) -> str:
    if not reason:
        return "verifier: no failing check"
    for name, pattern in CHECKS:
        if re.search(pattern, reason):
            return name
    return "other: " + re.sub(r"'[^']*'", "'…'", reason)[:50]


def decider(result) -> tuple[str, str | None, str | None]:
    """(check, first reason, claim text) of what sank an answer judged unsupported."""
    claims = [c for c in result.claims if c.probability is not None and not (c.judgement and c.supported)]
    failing = [c for c in claims if not c.supported]
    pool = failing or claims
    if not pool:
        return "other: no claim", result.reason, None
    c = min(pool, key=lambda v: v.probability if v.probability is not None else 1.0)
    first = c.reason.split("; ")[0] if c.reason else None
    return check_of(first), first, c.text


def score_files(files: list[Path], split: str, cache: Path | None, max_rows: int = 0) -> dict:
    """{file: [(row, extra fields, supported?, decider)]}, cached by file and split."""
    done: dict = pickle.loads(cache.read_bytes()) if cache and cache.exists() else {}
    todo = [p for p in files if str(p) not in done]
    if todo:
        from llmgateway.config import load_settings
        from llmgateway.embeddings import Embedder
        from llmgateway.scoring.evalset import load_rows
        from llmgateway.scoring.service import factuality_scorer

        scorer = factuality_scorer(Embedder(threads=1), load_settings(None).scoring.factuality)
        for path in todo:
            rows = load_rows(path)
            raw = (
                [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
                if path.suffix == ".jsonl"
                else [{}] * len(rows)
            )
            pairs = [(r, x) for r, x in zip(rows, raw) if r.split == split]
            if max_rows and len(pairs) > max_rows:  # evenly spaced, so every kind keeps its share
                pairs = [pairs[int(i * len(pairs) / max_rows)] for i in range(max_rows)]
            results = scorer.score_many([(r.contexts, r.answer, r.question) for r, _ in pairs])
            done[str(path)] = [
                (
                    {"id": r.id, "kind": r.kind, "label": r.supported, "question": r.question, "answer": r.answer},
                    {k: v for k, v in x.items() if k not in ("contexts", "answer", "question")},
                    res.supported,
                    decider(res) if res.supported is False else None,
                )
                for (r, x), res in zip(pairs, results)
            ]
            if cache:
                cache.write_bytes(pickle.dumps(done))
    return {str(p): done[str(p)] for p in files}


def tabulate(scored: dict, by: str | None) -> dict:
    table: dict = {}
    for path, items in scored.items():
        name = Path(path).stem
        for row, extra, supported, dec in items:
            group = f"{name}[{by}={extra.get(by)}]" if by and by in extra else name
            for key in dict.fromkeys([name, group]):
                t = table.setdefault(key, {"n": Counter(), "checks": {}})
                side = "R" if row["label"] else "W"
                t["n"][side] += 1
                t["n"]["not scored"] += supported is None
                t["n"]["kept" if row["label"] else "caught"] += bool(supported) == row["label"]
                if dec is not None:
                    t["checks"].setdefault(dec[0], Counter())[side] += 1
    return table


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", type=Path, nargs="+")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--cache", type=Path, help="keep the scored rows here (pickle), re-tabulate without scoring")
    ap.add_argument("--max-rows", type=int, default=0, help="at most this many rows a file, evenly spaced")
    ap.add_argument("--by", help="also count by this JSONL field (make_expertqa_eval's 'finance')")
    ap.add_argument("--markdown", action="store_true", help="one markdown table: check × file, 'R / W'")
    ap.add_argument("--show", type=int, default=0, help="print this many dev examples of --check")
    ap.add_argument("--check", help="the check whose examples --show prints (its name as printed)")
    ap.add_argument("--side", choices=("R", "W"), default="R")
    args = ap.parse_args()
    scored = score_files(args.files, args.split, args.cache, args.max_rows)
    table = tabulate(scored, args.by)
    if args.show and args.split == "dev":
        for path, items in scored.items():
            shown = [
                (row, dec)
                for row, _, _, dec in items
                if dec and dec[0] == args.check and row["label"] == (args.side == "R")
            ]
            for row, dec in shown[: args.show]:
                print(
                    f"[{Path(path).stem} {row['kind']}] Q: {row['question']}\n  A: {row['answer'][:300]}\n  -> {dec[1]}"
                )
        return
    checks = sorted({c for t in table.values() for c in t["checks"]})
    if args.markdown:
        names = list(table)
        print("| check | " + " | ".join(names) + " | all: R / W |")
        print("|---|" + "---|" * (len(names) + 1))
        for c in checks:
            cells = [table[n]["checks"].get(c, Counter()) for n in names]
            r = sum(x["R"] for x, n in zip(cells, names) if "[" not in n)
            w = sum(x["W"] for x, n in zip(cells, names) if "[" not in n)
            print(f"| {c} | " + " | ".join(f"{x['R']} / {x['W']}" for x in cells) + f" | {r} / {w} |")
        print("| rows R / W | " + " | ".join(f"{table[n]['n']['R']} / {table[n]['n']['W']}" for n in names) + " | |")
        return
    for name, t in table.items():
        n = t["n"]
        bal = (n["kept"] / max(n["R"], 1) + n["caught"] / max(n["W"], 1)) / 2
        print(
            f"== {name} ({args.split}): balanced accuracy {bal:.3f} — right kept {n['kept']}/{n['R']}, "
            f"wrong caught {n['caught']}/{n['W']}, not scored {n['not scored']}"
        )
        for c, k in sorted(t["checks"].items(), key=lambda x: -(x[1]["R"] + x[1]["W"])):
            share = k["R"] / (k["R"] + k["W"])
            print(f"   {c:36s} R {k['R']:4d}  W {k['W']:4d}  right share {share:.2f}")


if __name__ == "__main__":
    main()
