"""Rival-entity factuality rows (issue 11 round 17b, fent): a knowledge passage, a question, the right short
answer and a hallucinated twin that names *another entity of the same kind printed in the same paragraph* —
every word of the wrong answer is in the knowledge, the knowledge is about the question, and only which
entity the passage ties to the question's subject and relation tells the two apart.

    python3 scripts/make_rival_eval.py DEV.json --jsonl /tmp/fent/sets/rival.jsonl \
        [--pairs 400] [--exclude-hashes /work/shared/reserved.txt]

Source (public): SQuAD 2.0's official dev set (Rajpurkar et al. 2018, CC BY-SA 4.0) as kept in
github.com/chrischute/squad @ 85623ad (``data/dev-v2.0.json``). Articles are split by the sha256 of their
title (``make_opendomain_eval.split_of``: even → ``dev``, odd → ``holdout``), the split the open-domain,
multi-passage and multi-hop look-alikes use; the slot head (``scripts/train_slot.py``) trains on the dev
split's questions only, so the holdout's articles are unseen. Not HotpotQA, HaluEval or any reserved set; a
row sharing a 12-word passage with a reserved set is dropped (``--exclude-hashes``).

Each row is ``{id, split, kind, form, question, contexts, answer, label}``. Only questions whose answer is a
year, a number or a capitalised name (this builder's own ``answer_type``, not the scorer's), with at least one
other span of that kind in the paragraph (``make_multipassage_eval.spans_of``) that neither holds nor is held
by any gold answer. The knowledge is the paragraph, and for half the rows another paragraph of the article
beside it. The right answer and its twin (``kind``: ``rival``) share a form: the bare span (two rows in
three) or a sentence echoing the question (``as_sentence``). Deterministic (seeded by the question id; the
seed differs from the slot head's choice of wrong spans).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_guardrail_training import overlaps  # noqa: E402
from make_multipassage_eval import spans_of  # noqa: E402
from make_opendomain_eval import _rng, answer_type, as_sentence, sample_pairs, split_of  # noqa: E402


def _holds(a: str, b: str) -> bool:
    a, b = a.lower().strip(" .,"), b.lower().strip(" .,")
    return a in b or b in a


def rows_for(article: dict, split: str, exclude: set[str]) -> list[dict]:
    paragraphs = article["paragraphs"]
    out = []
    for pi, p in enumerate(paragraphs):
        context = p["context"]
        for q in p["qas"]:
            if q.get("is_impossible") or not q["answers"]:
                continue
            span = q["answers"][0]["text"].strip()
            kind = answer_type(span)
            if kind not in ("year", "number", "name") or len(span.split()) > 6:
                continue
            golds = [a["text"] for a in q["answers"]]
            rivals = [
                r
                for r in dict.fromkeys(spans_of(context, kind))
                if not any(_holds(r, g) for g in golds) and r.lower() not in q["question"].lower()
            ]
            if not rivals:
                continue
            rng = _rng("rival", q["id"])
            rival = rng.choice(rivals)
            form = rng.choice(["short", "short", "sentence"])
            contexts = [context]
            if len(paragraphs) > 1 and rng.random() < 0.5:
                other = paragraphs[rng.choice([k for k in range(len(paragraphs)) if k != pi])]["context"]
                contexts = [other, context] if rng.random() < 0.5 else [context, other]
            right = as_sentence(q["question"], span, form, "")
            wrong = as_sentence(q["question"], rival, form, "")
            if any(overlaps(t, exclude) for t in contexts + [q["question"], right, wrong]):
                continue
            base = {"split": split, "question": q["question"], "contexts": contexts, "form": form}
            out.append(base | {"id": q["id"], "kind": "right", "answer": right, "label": True})
            out.append(base | {"id": q["id"] + "-r", "kind": "rival", "answer": wrong, "label": False})
    return out


def build(path: Path, pairs: int, exclude: set[str]) -> list[dict]:
    rows = [r for a in json.loads(path.read_text())["data"] for r in rows_for(a, split_of(a["title"]), exclude)]
    return sample_pairs(rows, pairs, "rival", "-r")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("squad", type=Path, help="SQuAD 2.0 dev-v2.0.json")
    ap.add_argument("--jsonl", type=Path, required=True)
    ap.add_argument("--pairs", type=int, default=400, help="right/wrong pairs per split")
    ap.add_argument("--exclude-hashes", type=Path, help="reserved-set 12-word hashes (/work/shared/reserved.txt)")
    args = ap.parse_args()
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    rows = build(args.squad, args.pairs, exclude)
    args.jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows))
    counts: dict[str, int] = {}
    for r in rows:
        counts[f"{r['split']}/{r['kind']}"] = counts.get(f"{r['split']}/{r['kind']}", 0) + 1
    print(f"{len(rows)} rows → {args.jsonl}: {counts}")


if __name__ == "__main__":
    main()
