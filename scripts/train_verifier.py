"""Train the factuality verifier's head and calibrate it; writes
src/llmgateway/scoring/verifier_weights.json (a few hundred bytes of coefficients + provenance).

    OMP_NUM_THREADS=1 nice -n 10 python scripts/train_verifier.py --rte /tmp/fact_data/rte_train.tsv
    # round 13b (not shipped, docs/scoring.md): also the look-alikes' dev splits
    ... --lookalike answers=/tmp/…/answers.jsonl metrics=… --lookalike-items 100 --lookalike-weight 3

Training claims (each judged by the scorer's own checks and embeddings, which give the features):

* GLUE RTE train (2,490 premise/hypothesis pairs, public; a copy of the GLUE file is in the
  GitHub repository marcwww/nlu_eval at data/RTE/train.tsv): premise = source, hypothesis = claim,
  "entailment" = supported. Optional (--rte); not committed.
* Synthetic perturbations of the sample research in examples/research (not restricted/): each
  sentence is a supported claim as written and with its figures rounded; it is made unsupported by
  changing a figure, a year, a name (taken from another note), a direction word, by negating it,
  or by pairing it with another note.
* The dev split of eval_sets/factuality_labelled.yaml and, with --lookalike NAME=JSONL, the *dev*
  split of each look-alike set the scripts/make_*_eval.py builders write from public data (TAT-QA,
  SQuAD 2.0; issue 11 round 13b), a seeded sample of --lookalike-items per set, right answers with
  their wrong twins. A look-alike's holdout split is never read here.

Two heads (logistic regressions on the features of verifier.py) are trained on the same items:
one on features computed with MiniLM matching, one with lexical matching (lexical.py). The dev
items (own and look-alike) are split into 5 folds (a right answer and its wrong twin in the same
fold); each fold's probabilities come from heads trained without it. On those out-of-fold
probabilities each head is Platt-calibrated and the verdict threshold and the cascade's unsure band
are chosen, every set counting equally: the threshold maximises the *mean* balanced accuracy over
the sets, so no one set (the biggest, or our own) decides it alone.
Deterministic: fixed seeds, sorted inputs. The feature cache is keyed by the scoring code's bytes,
so a change of the checks recomputes the features.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

sys.path.insert(0, str(ROOT / "scripts"))
import entailment_data  # noqa: E402

from llmgateway.embeddings import Embedder  # noqa: E402
from llmgateway.scoring.evalset import load_rows, reliability  # noqa: E402
from llmgateway.scoring.factuality import FactualityScorer  # noqa: E402
from llmgateway.scoring.text import split_sentences  # noqa: E402
from llmgateway.scoring.verifier import FEATURES, WEIGHTS_FILE, Head, Verifier, _logit, _sigmoid  # noqa: E402

_YEAR = re.compile(r"\b20\d\d\b")
_NAME = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{3,}(?: [A-Z][a-z]+)?")
_AUX = re.compile(r"\b(is|was|were|are|will|has|have|had)\b")


def research_notes() -> list[str]:
    return list(entailment_data.research_texts().values())


def synthetic(notes: list[str], rng: random.Random, per_note: int = 40) -> list[tuple[list[str], str, bool]]:
    names = sorted({m.group(0) for n in notes for m in _NAME.finditer(n)})
    out = []
    for k, note in enumerate(notes):
        sentences = [s for s in split_sentences(note) if len(s.split()) >= 8 and not s.startswith(("#", "Tickers"))]
        for s in rng.sample(sentences, min(per_note, len(sentences))):
            out.append(([note], s, True))
            variants = []
            if (x := entailment_data.change_number(s, rng, _YEAR)) and x != s:
                variants.append(x)
            if years := _YEAR.findall(s):
                y = rng.choice(years)
                variants.append(s.replace(y, str(int(y) + rng.choice([-1, 1, 2])), 1))
            if (m := _NAME.search(s)) and names:
                variants.append(s[: m.start()] + rng.choice(names) + s[m.end() :])
            words = s.split()
            flips = [i for i, w in enumerate(words) if w.lower() in entailment_data.FLIPS]
            if flips:
                i = rng.choice(flips)
                words[i] = entailment_data.FLIPS[words[i].lower()]
                variants.append(" ".join(words))
            if m := _AUX.search(s):
                variants.append(s[: m.end()] + " not" + s[m.end() :])
            other = notes[(k + 1 + rng.randrange(len(notes) - 1)) % len(notes)]
            others = [x for x in split_sentences(other) if len(x.split()) >= 8]
            if others:
                variants.append(rng.choice(others))
            for v in rng.sample(variants, min(2, len(variants))):
                out.append(([note], v, False))
    return out


def relation_swaps(notes: list[str], rng: random.Random) -> list[tuple[list[str], str, bool]]:
    """Who did what to whom: sentences of the sample research with two of their names or figures
    traded (scripts/entailment_data.py's swap), each unsupported by its note, beside the sentence
    as written (supported)."""
    out = []
    for note in notes:
        for s in split_sentences(note):
            if len(s.split()) < 8 or s.startswith(("#", "Tickers")):
                continue
            swapped = entailment_data._swap_entities(s, rng)
            if swapped and swapped != s:
                out += [([note], s, True), ([note], swapped, False)]
    return out


def rte(path: Path) -> list[tuple[list[str], str, bool]]:
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [([r["sentence1"]], r["sentence2"], r["label"] == "entailment") for r in rows]


def squad_qa(paths: list[Path], rng: random.Random, n: int) -> list[tuple[list[str], str, bool, str]]:
    """SQuAD v1.1 questions (a partial public copy: SaiPriya-R/SQuAD-explorer, dataset/*-v1.1.json)
    as short answers over their paragraph: the annotated answer is supported; another question's
    answer from the same paragraph — a name the passage holds, in the wrong relation — is not."""
    out = []
    for path in paths:
        for article in json.loads(path.read_text(encoding="utf-8"))["data"]:
            for para in article["paragraphs"]:
                answers = sorted({a["text"] for q in para["qas"] for a in q["answers"]})
                for q in para["qas"]:
                    mine = {a["text"].lower() for a in q["answers"]}
                    words = set(re.findall(r"\w+", " ".join(mine)))
                    wrong = [
                        a for a in answers if a.lower() not in mine and not set(re.findall(r"\w+", a.lower())) & words
                    ]
                    out.append(([para["context"]], q["answers"][0]["text"], True, q["question"]))
                    if wrong:
                        out.append(([para["context"]], rng.choice(wrong), False, q["question"]))
    return rng.sample(out, min(n, len(out)))


def lookalike_dev(spec: str, n: int) -> tuple[str, Path, list[tuple[list[str], str, bool, str | None]], list[int]]:
    """NAME=JSONL: the dev split of a look-alike set (never its holdout), ``n`` items sampled by
    pair (an answer and its ``-x`` twin together; seeded by NAME), and each item's fold (by the
    pair's report, so a page's twins never sit on both sides of a fold)."""
    name, path = spec.split("=", 1)
    rows = sorted((r for r in load_rows(path) if r.split == "dev"), key=lambda r: r.id)
    pair = {r.id: r.id.removesuffix("-x") for r in rows}
    keys = sorted(set(pair.values()))
    if n and len(rows) > n:
        keys = random.Random(f"verifier-{name}").sample(keys, max(1, n * len(keys) // len(rows)))
    chosen = set(keys)
    rows = [r for r in rows if pair[r.id] in chosen]
    folds = [zlib.crc32(pair[r.id][:36].encode()) % 5 for r in rows]
    return name, Path(path), [(r.contexts, r.answer, r.supported, r.question) for r in rows], folds


def _code_version() -> str:
    """The scoring package's source bytes: the checks decide the features, so a cache of features
    computed by other checks must not be reused."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "llmgateway" / "scoring").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def claim_table(scorer: FactualityScorer, items, cache: Path | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Features of each item's weakest claim (the one that decides the answer) and its label;
    cached in ``cache`` (an .npz keyed by the items' hash, the matching and the scoring code) since
    embedding them is the slow part. An item without a claim is a row of NaN, so matchings stay
    row-aligned."""
    rows = [[i[0], i[1], bool(i[2]), *i[3:]] for i in items]
    key = hashlib.sha256(json.dumps([scorer.matching, FEATURES, rows, _code_version()]).encode()).hexdigest()[:16]
    if cache is not None:
        path = cache / f"verifier_features_{key}.npz"
        if path.exists():
            data = np.load(path)
            return data["x"], data["y"]
    results = scorer.score_many([(i[0], i[1], i[3] if len(i) > 3 else None) for i in items])
    x, y = [], []
    for item, r in zip(items, results):
        claims = [c for c in r.claims if c.features is not None]  # a Yes/No word's verdict has none
        if not claims:
            x.append([np.nan] * len(FEATURES))
        else:
            weakest = min(claims, key=lambda c: (c.supported, c.features[0]))
            x.append(weakest.features)
        y.append(int(item[2]))
    x, y = np.array(x, dtype=float).reshape(-1, len(FEATURES)), np.array(y)
    if cache is not None:
        np.savez(path, x=x, y=y)
    return x, y


def fit_head(x, y, w) -> Head:
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    head = LogisticRegression(C=1.0, max_iter=5000).fit((x - mean) / scale, y, sample_weight=w)
    return Head(
        [round(float(v), 6) for v in head.coef_[0]],
        round(float(head.intercept_[0]), 6),
        [round(float(v), 6) for v in mean],
        [round(float(v), 6) for v in scale],
    )


def train_head(bx, by, bw, dev: Dev) -> tuple[Head, np.ndarray]:
    """A head on the public/synthetic rows plus the dev items, Platt-calibrated on out-of-fold
    (5-fold) probabilities of the dev items, each set weighing the same in the calibration;
    returns it and those calibrated dev probabilities."""
    oof = np.zeros(len(dev.y))
    for f in range(5):
        tr = dev.folds != f
        h = fit_head(np.vstack([bx, dev.x[tr]]), np.concatenate([by, dev.y[tr]]), np.concatenate([bw, dev.w[tr]]))
        oof[~tr] = [h.raw(list(row)) for row in dev.x[~tr]]
    head = fit_head(np.vstack([bx, dev.x]), np.concatenate([by, dev.y]), np.concatenate([bw, dev.w]))
    counts = np.bincount(dev.sets)
    equal = len(dev.y) / (len(counts) * counts[dev.sets])
    platt = LogisticRegression(C=10.0).fit(np.array([[_logit(p)] for p in oof]), dev.y, sample_weight=equal)
    head.calibration = (round(float(platt.coef_[0][0]), 6), round(float(platt.intercept_[0]), 6))
    a, b = head.calibration
    return head, np.array([_sigmoid(a * _logit(p) + b) for p in oof])


@dataclass
class Dev:
    """The dev items (own dev split, then each look-alike's sample): features, labels, training
    weights, folds and which set each item comes from (0: the own labelled set)."""

    x: np.ndarray
    y: np.ndarray
    w: np.ndarray
    folds: np.ndarray
    sets: np.ndarray
    names: list[str]

    def score(self, probs, t: float) -> float:
        """Mean over the sets of the balanced accuracy at threshold ``t``."""
        return float(np.mean([self.by_set(probs, t)[n] for n in self.names]))

    def by_set(self, probs, t: float) -> dict[str, float]:
        return {
            n: _balanced_accuracy(probs[self.sets == k], self.y[self.sets == k], t) for k, n in enumerate(self.names)
        }


def pick_threshold(probs, dev: Dev) -> float:
    return max((t / 100 for t in range(5, 96)), key=lambda t: dev.score(probs, t) - 1e-3 * abs(t - 0.5))


def pick_band(lex, emb, dev: Dev, threshold: float, slack: float = 0.005) -> tuple[float, float]:
    """The [low, high) around the threshold that embeds the fewest dev claims while trusting the
    lexical head outside it loses at most ``slack`` of the mean balanced accuracy against embedding
    every claim (dev items, out-of-fold probabilities)."""
    target = dev.score(emb, threshold) - slack
    best, share = (0.0, 1.0), 1.0
    for low in [t / 100 for t in range(0, int(threshold * 100) + 1, 2)]:
        for high in [t / 100 for t in range(int(threshold * 100), 101, 2)]:
            inside = (lex >= low) & (lex < high)
            probs = np.where(inside, emb, lex)
            if dev.score(probs, threshold) >= target and inside.mean() < share:
                best, share = (low, high), float(inside.mean())
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rte", type=Path, help="GLUE RTE train.tsv (optional public NLI data)")
    ap.add_argument("--rte-weight", type=float, default=0.3, help="sample weight of an RTE pair")
    ap.add_argument("--squad", type=Path, nargs="*", default=[], help="SQuAD v1.1 JSON files (optional public QA)")
    ap.add_argument("--squad-items", type=int, default=600)
    ap.add_argument("--squad-weight", type=float, default=0.5, help="sample weight of a SQuAD item")
    ap.add_argument(
        "--relation-swaps", action="store_true", help="add 104 synthetic relation swaps (not in the committed weights)"
    )
    ap.add_argument(
        "--lookalike", nargs="*", default=[], metavar="NAME=JSONL", help="look-alike sets: their dev split only"
    )
    ap.add_argument("--lookalike-items", type=int, default=300, help="dev items sampled per look-alike set (0: all)")
    ap.add_argument("--lookalike-weight", type=float, default=1.0, help="training weight of a look-alike item")
    ap.add_argument("--labelled", type=Path, default=ROOT / "eval_sets" / "factuality_labelled.yaml")
    ap.add_argument("--cache", type=Path, default=Path("/tmp"), help="where computed features are cached")
    ap.add_argument("--out", type=Path, default=WEIGHTS_FILE)
    ap.add_argument("--threads", type=int, default=1, help="MiniLM threads (the machine is shared: 1)")
    args = ap.parse_args()
    rng = random.Random(11)
    embedder = Embedder(threads=args.threads)
    sets = [("synthetic_research_claims", synthetic(research_notes(), rng), 1.0)]
    if args.rte:
        sets.append(("glue_rte_train_pairs", rte(args.rte), args.rte_weight))
    if args.squad:
        sets.append(("squad_v1_short_answers", squad_qa(sorted(args.squad), rng, args.squad_items), args.squad_weight))
    if args.relation_swaps:
        sets.append(("synthetic_relation_swaps", relation_swaps(research_notes(), random.Random(12)), 1.0))
    own = [(r.contexts, r.answer, r.supported, r.question) for r in load_rows(args.labelled) if r.split == "dev"]
    devs = [("own", args.labelled, own, [k % 5 for k in range(len(own))])]
    devs += [lookalike_dev(spec, args.lookalike_items) for spec in args.lookalike]
    sources: dict = {}
    heads, oof, dev_x = {}, {}, {}
    for matching in ("embedding", "lexical"):
        scorer = FactualityScorer(embedder, verifier=False, matching=matching)
        parts = []
        for name, items, weight in sets:
            x, y = claim_table(scorer, items, args.cache)
            parts.append((x, y, np.full(len(y), weight)))
            sources[name] = len(y)
        dev = dev_items(scorer, devs, args.lookalike_weight, args.cache)
        dev_x[matching] = dev.x
        bx, by, bw = (np.concatenate([p[i] for p in parts]) for i in range(3))
        keep = ~np.isnan(bx).any(axis=1)
        heads[matching], oof[matching] = train_head(bx[keep], by[keep], bw[keep], dev)
    if args.rte:
        sources["glue_rte_sha256"] = hashlib.sha256(args.rte.read_bytes()).hexdigest()
    for path in sorted(args.squad):
        sources[f"squad_sha256_{path.name}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    sources["labelled_dev_answers"] = len(own)
    for name, path, _, _ in devs[1:]:
        sources[f"lookalike_dev_{name}"] = {
            "items": int((dev.sets == dev.names.index(name)).sum()),
            "weight": args.lookalike_weight,
            "file_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
    best = pick_threshold(oof["embedding"], dev)
    band = pick_band(oof["lexical"], oof["embedding"], dev, best)
    inside = (oof["lexical"] >= band[0]) & (oof["lexical"] < band[1])
    cascade = np.where(inside, oof["embedding"], oof["lexical"])
    verifier = Verifier(heads, band)
    verifier.provenance = {
        "command": "OMP_NUM_THREADS=1 nice -n 10 python scripts/"
        + " ".join(Path(a).name if a.endswith(".py") else a for a in sys.argv),
        "training_data": sources,
        "calibration": "Platt scaling of each head's out-of-fold (5-fold) probabilities on the dev split of "
        f"{args.labelled.relative_to(ROOT)}"
        + (" and of each look-alike set, every set weighing the same" * (len(devs) > 1)),
        "dev_threshold": best,
        "threshold_rule": "maximise the mean over the dev sets of the balanced accuracy (embedding head, out of fold)",
        "dev_out_of_fold_balanced_accuracy": {
            "embedding": round(dev.score(oof["embedding"], best), 4),
            "lexical": round(dev.score(oof["lexical"], best), 4),
            "cascade": round(dev.score(cascade, best), 4),
            "cascade_share_embedded": round(float(inside.mean()), 4),
            "cascade_by_set": {n: round(float(v), 4) for n, v in dev.by_set(cascade, best).items()},
        },
        "reserved_sets_used": "none",
    }
    args.out.write_text(json.dumps(verifier.to_json(), indent=1) + "\n")
    for name, head in heads.items():
        print(f"{name} head: {dict(zip(FEATURES, head.weights))}; calibration {head.calibration}")
    print(f"dev threshold {best:.2f}, unsure band {band}: {verifier.provenance['dev_out_of_fold_balanced_accuracy']}")
    if (old := Verifier.load_default()) is not None:  # the weights being replaced, on the same dev items
        lex_p, emb_p = ([old.heads[m].probability(list(r)) for r in dev_x[m]] for m in ("lexical", "embedding"))
        low, high = old.unsure_band
        before = np.where((np.array(lex_p) >= low) & (np.array(lex_p) < high), emb_p, lex_p)
        by_set = {n: round(float(v), 4) for n, v in dev.by_set(before, old.threshold).items()}
        mean = dev.score(before, old.threshold)
        print(f"weights replaced, on these dev items (cascade, threshold {old.threshold}): {mean:.4f} {by_set}")
    print("reliability of the cascade's out-of-fold probabilities on the dev items:")
    for b in reliability(list(zip(cascade.tolist(), dev.y.astype(bool).tolist()))):
        print(f"  {b['bin']}  n={b['n']:<4} {b['mean_score']:.2f} → {b['supported_rate']:.2f}")
    print(f"wrote {args.out}")


def dev_items(scorer: FactualityScorer, devs, weight: float, cache: Path) -> Dev:
    """The dev items' features under ``scorer``'s matching: the own dev split as before (an item
    without a claim is a row of zeros), a look-alike's items without a claim dropped (no head
    changes their verdict)."""
    xs, ys, ws, folds, sets = [], [], [], [], []
    for k, (_, _, items, fold) in enumerate(devs):
        x, y = claim_table(scorer, items, cache)
        keep = np.ones(len(y), bool) if k == 0 else ~np.isnan(x).any(axis=1)
        xs.append(np.nan_to_num(x[keep]))
        ys.append(y[keep])
        ws.append(np.full(int(keep.sum()), 1.0 if k == 0 else weight))
        folds.append(np.array(fold)[keep])
        sets.append(np.full(int(keep.sum()), k))
    cat = np.concatenate
    return Dev(cat(xs), cat(ys), cat(ws), cat(folds), cat(sets), [d[0] for d in devs])


def _balanced_accuracy(probs, labels, t: float) -> float:
    pos = [p >= t for p, y in zip(probs, labels) if y]
    neg = [p < t for p, y in zip(probs, labels) if not y]
    return (sum(pos) / max(len(pos), 1) + sum(neg) / max(len(neg), 1)) / 2


if __name__ == "__main__":
    main()
