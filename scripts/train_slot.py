"""Train the slot head (``src/llmgateway/scoring/slot_weights.json``; issue 11 round 17b): does a short answer
fill the question's slot, or is it another entity of the same passage?

    OMP_NUM_THREADS=1 nice -n 10 python scripts/train_slot.py DEV.json \
        --features /tmp/fent/slot_features.json --exclude-hashes /work/shared/reserved.txt \
        --out src/llmgateway/scoring/slot_weights.json

Data: SQuAD 2.0's official dev set (Rajpurkar et al. 2018, CC BY-SA 4.0) as kept in github.com/chrischute/squad
@ 85623ad (``data/dev-v2.0.json``) — **only its dev-split articles** (``make_opendomain_eval.split_of``: even
sha256 of the title), so every look-alike's holdout (open-domain, multi-passage, bridge rows of multi-hop, this
round's rival set) keeps articles the head never saw. Not HotpotQA, HaluEval or any reserved set; a paragraph
or question sharing a 12-word passage with a reserved set is dropped (``--exclude-hashes``). The scorer's
reader (round 9) never trained on this file (it chose its epoch on these articles).

Examples: each answerable question whose answer is a year, a number or a capitalised name; its paragraph (and,
for half the questions, another paragraph of the article, in either order) as the knowledge; the gold span as
a right answer and up to two other spans *of the same kind printed in the same paragraph* as wrong ones (the
hard case: every word printed, the passage about the question). Each is scored by the scorer as gateway.yaml
builds it, with the slot stage recording its features instead of judging (so the features are the serving
path's: the claim's windows, the reader's probabilities). Answers the stage does not read (not printed, no
rival, not a short answer read with its question) give no example.

Head: logistic regression over the standardised features (``slot.FEATURES``), L2 1.0, Newton's method —
deterministic, no random draw but the seeded choice of wrong spans and second paragraphs. Threshold: the
highest whose out-of-fold probabilities (5 folds by article) flag at most ``--max-lost`` of the right answers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "src"))
from make_guardrail_training import overlaps  # noqa: E402
from make_opendomain_eval import split_of  # noqa: E402

from llmgateway.scoring.reader import agree, kind_cased  # noqa: E402
from llmgateway.scoring.slot import FEATURES, KINDS, spans  # noqa: E402

FOLDS = 5
QUESTIONS = 1200  # questions sampled (the recording runs the whole scorer: ~10 rows/s on one thread)
L2 = 1.0


def examples(path: Path, split: str, exclude: set[str], questions: int = QUESTIONS) -> list[dict]:
    """(article, question, contexts, answer, label) rows, deterministic: per question (``questions`` of them,
    sampled with a fixed seed) the gold span, up to two wrong spans printed in its paragraph — spans of the
    answer's kind (a year, a number, a name) and other questions' answers of the paragraph — and one
    plausible answer the knowledge does not print (another paragraph's answer of the same kind)."""
    out = []
    for article in json.loads(path.read_text())["data"]:
        if split_of(article["title"]) != split:
            continue
        paragraphs = article["paragraphs"]
        answers = [[a["text"].strip() for q in p["qas"] for a in q["answers"][:1]] for p in paragraphs]
        for pi, p in enumerate(paragraphs):
            context = p["context"]
            if overlaps(context, exclude):
                continue
            for q in p["qas"]:
                if q.get("is_impossible") or not q["answers"] or overlaps(q["question"], exclude):
                    continue
                gold = q["answers"][0]["text"].strip()
                if not gold or len(gold.split()) > 8:
                    continue
                kind = kind_cased(gold)
                rng = random.Random(int(hashlib.sha256(q["id"].encode()).hexdigest()[:12], 16))
                golds = [a["text"] for a in q["answers"]]

                def fits(r: str, golds: list = golds, question: str = q["question"]) -> bool:
                    return not any(agree(r, g) for g in golds) and not agree(r, question)

                printed = spans(context, kind) if kind in KINDS else []
                printed = [r for r in dict.fromkeys(printed + answers[pi]) if fits(r)]
                contexts = [context]
                if len(paragraphs) > 1 and rng.random() < 0.5:
                    other = paragraphs[rng.choice([k for k in range(len(paragraphs)) if k != pi])]["context"]
                    contexts = [other, context] if rng.random() < 0.5 else [context, other]
                text = " ".join(contexts).lower()
                absent = [
                    r
                    for k, rs in enumerate(answers)
                    for r in rs
                    if k != pi and kind_cased(r) == kind and r.lower() not in text and fits(r)
                ]
                base = {"article": article["title"], "question": q["question"], "contexts": contexts}
                out.append(base | {"answer": gold, "label": 1})
                for r in rng.sample(printed, min(2, len(printed))) + rng.sample(
                    sorted(set(absent)), min(1, len(absent))
                ):
                    out.append(base | {"answer": r, "label": 0})
    firsts = sorted({(r["article"], r["question"]) for r in out})
    keep = set(random.Random("slot").sample(firsts, min(questions, len(firsts))))
    return [r for r in out if (r["article"], r["question"]) in keep]


def record(rows: list[dict], batch: int = 16) -> list[list[float] | None]:
    """The slot features of each row as the serving scorer computes them (None: the stage did not read it)."""
    from llmgateway.config import load_settings
    from llmgateway.embeddings import Embedder
    from llmgateway.scoring.service import factuality_scorer
    from llmgateway.scoring.slot import SlotStage

    settings = load_settings(None).scoring.factuality
    settings.slot = False  # the committed head is not loaded: this stage records instead
    scorer = factuality_scorer(Embedder(threads=1), settings)
    assert scorer.reader is not None, "the slot stage reads the reader's items: enable scoring.factuality.reader"
    stage = SlotStage(scorer.reader.model, None, record=[])
    scorer.slot = stage
    out: list[list[float] | None] = []
    for i in range(0, len(rows), batch):
        part = rows[i : i + batch]
        assert stage.record is not None
        stage.record.clear()
        scorer.score_many([(r["contexts"], r["answer"], r["question"]) for r in part])
        seen = {(q, a): f for q, a, f in stage.record}
        for r in part:
            key = next((k for k in seen if k[0] == r["question"] and agree(k[1], r["answer"])), None)
            out.append(seen[key] if key else None)
        if i // batch % 20 == 0:
            print(f"  {i + len(part)}/{len(rows)} rows scored", file=sys.stderr, flush=True)
    return out


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """Weights, bias, mean and scale of an L2-regularised logistic regression (Newton's method)."""
    mean, scale = x.mean(0), x.std(0) + 1e-6
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    reg = np.eye(z.shape[1]) * L2
    reg[-1, -1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-z @ w))
        grad = z.T @ (p - y) + reg @ w
        hess = z.T @ (z * (p * (1 - p))[:, None]) + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return w[:-1], float(w[-1]), mean, scale


def predict(model, x: np.ndarray) -> np.ndarray:
    w, b, mean, scale = model
    return 1 / (1 + np.exp(-(((x - mean) / scale) @ w + b)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dev", type=Path, help="SQuAD 2.0 dev-v2.0.json")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--features", type=Path, help="cache of the recorded features (JSON)")
    ap.add_argument("--exclude-hashes", type=Path)
    ap.add_argument("--max-lost", type=float, default=0.05, help="share of right answers the threshold may flag (OOF)")
    args = ap.parse_args()
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    rows = examples(args.dev, "dev", exclude)
    if args.features and args.features.exists():
        feats = json.loads(args.features.read_text())
    else:
        feats = record(rows)
        if args.features:
            args.features.write_text(json.dumps(feats))
    keep = [(r, f) for r, f in zip(rows, feats) if f is not None]
    x = np.array([f for _, f in keep], dtype=np.float64)
    y = np.array([r["label"] for r, _ in keep], dtype=np.float64)
    titles = sorted({r["article"] for r, _ in keep}, key=lambda t: hashlib.sha256(t.encode()).hexdigest())
    fold = np.array([titles.index(r["article"]) % FOLDS for r, _ in keep])
    oof = np.zeros(len(y))
    for k in range(FOLDS):
        oof[fold == k] = predict(fit(x[fold != k], y[fold != k]), x[fold == k])
    right = np.sort(oof[y == 1])
    threshold = float(np.round(right[int(np.floor(args.max_lost * len(right)))], 3))
    caught = float((oof[y == 0] < threshold).mean())
    lost = float((oof[y == 1] < threshold).mean())
    w, b, mean, scale = fit(x, y)
    sha = hashlib.sha256(args.dev.read_bytes()).hexdigest()
    data = {
        "features": list(FEATURES),
        "weights": [round(float(v), 6) for v in w],
        "bias": round(b, 6),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "threshold": threshold,
        "metadata": {
            "command": "OMP_NUM_THREADS=1 nice -n 10 python scripts/train_slot.py DEV.json --exclude-hashes "
            f"/work/shared/reserved.txt --max-lost {args.max_lost} --out src/llmgateway/scoring/slot_weights.json",
            "data": "SQuAD 2.0 dev (CC BY-SA 4.0), github.com/chrischute/squad @ 85623ad data/dev-v2.0.json, "
            f"dev-split articles only; sha256 {sha}",
            "rows": len(rows),
            "examples": len(y),
            "right": int(y.sum()),
            "wrong": int(len(y) - y.sum()),
            "articles": len(titles),
            "out_of_fold": {"right_kept": round(1 - lost, 4), "wrong_caught": round(caught, 4), "folds": FOLDS},
        },
    }
    args.out.write_text(json.dumps(data, indent=1) + "\n")
    print(json.dumps(data["metadata"], indent=1))
    for name, v in zip(FEATURES, w):
        print(f"  {name:<20} {v:+.3f}")
    for t in (0.1, 0.2, 0.3, 0.4, 0.5):
        print(f"  t={t}: right flagged {(oof[y == 1] < t).mean():.3f}, wrong caught {(oof[y == 0] < t).mean():.3f}")


if __name__ == "__main__":
    main()
