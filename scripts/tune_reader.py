"""Choose the reader stage's settings (scoring.factuality.reader_*) on dev splits only.

    OMP_NUM_THREADS=1 nice -n 10 python scripts/tune_reader.py --weights W.safetensors \
        --opendomain /tmp/…/opendomain.jsonl --squad DATA/squad2_dev.json [--cache C.pkl]

Scores every item once with the scorer as configured but without the reader, lets the reader read every
short answer's windows once (recorded, not applied), then replays the stage for a grid of
(confidence, answer ceiling, windows read): which answers it turns unsupported, and the balanced accuracy.
Sets: the labelled set's ``dev`` split, the filings sample's ``dev`` split, the open-domain set's ``dev``
split (scripts/make_opendomain_eval.py), and its **bridging** subset — the right answers whose sentence is
not the one sharing most of the question's words (SQuAD 2.0 dev answer positions): a multi-hop-like check
that the stage does not punish an answer found away from the question's words. Never a holdout split,
never a reserved set.
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
    return round((sum(pos) / max(1, len(pos)) + sum(neg) / max(1, len(neg))) / 2, 4)


def bridging_ids(squad: Path) -> set[str]:
    """SQuAD question ids whose answer's sentence is not the sentence sharing most of the question's words."""
    from reader_data import _spans

    from llmgateway.scoring.text import content_stems

    out = set()
    for article in json.loads(squad.read_text())["data"]:
        for p in article["paragraphs"]:
            spans = _spans(p["context"])
            for q in p["qas"]:
                if not q.get("answers") or not spans:
                    continue
                start = q["answers"][0]["answer_start"]
                k = next((i for i, (s, e) in enumerate(spans) if s <= start < e), None)
                wanted = content_stems(q["question"])
                shares = [len(wanted & content_stems(p["context"][s:e])) for s, e in spans]
                if k is not None and shares[k] < max(shares):
                    out.add(q["id"])
    return out


class Recorder:
    """A ReaderStage stand-in: keeps what the stage would read (answer, windows, printed?) by verdict."""

    def __init__(self, windows: int):
        self.windows, self.seen = windows, {}

    def apply(self, todo):
        from llmgateway.scoring.reader import occurrences

        for v, question, answer, ws, text in todo:
            self.seen[id(v)] = (question, answer, ws, bool(occurrences(text, answer)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights", type=Path, required=True)
    ap.add_argument("--opendomain", type=Path, required=True)
    ap.add_argument("--squad", type=Path, required=True, help="SQuAD 2.0 dev (answer positions, bridging)")
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()

    from llmgateway.embeddings import Embedder
    from llmgateway.scoring.evalset import load_rows
    from llmgateway.scoring.reader import ReaderModel, ReaderStage
    from llmgateway.scoring.service import factuality_scorer
    from llmgateway.scoring.settings import FactualitySettings

    bridging = bridging_ids(args.squad)
    sets = {
        "labelled_dev": [r for r in load_rows(ROOT / "eval_sets/factuality_labelled.yaml") if r.split == "dev"],
        "filings_dev": [r for r in load_rows(ROOT / "eval_sets/factuality_filings.yaml") if r.split == "dev"],
        "opendomain_dev": [r for r in load_rows(args.opendomain) if r.split == "dev"],
    }
    ids = [json.loads(line)["id"] for line in args.opendomain.read_text().splitlines()]
    splits = [json.loads(line)["split"] for line in args.opendomain.read_text().splitlines()]
    dev_ids = [i for i, s in zip(ids, splits) if s == "dev"]
    if args.cache and args.cache.exists():
        scored = pickle.loads(args.cache.read_bytes())
    else:
        scorer = factuality_scorer(Embedder(threads=1), FactualitySettings(reader=False))
        scorer.reader = recorder = Recorder(2)  # type: ignore[assignment]
        scored = {}
        for name, rows in sets.items():
            results = scorer.score_many([(r.contexts, r.answer, r.question) for r in rows])
            scored[name] = [
                (res.score, res.supported, [recorder.seen.get(id(v)) for v in res.claims]) for res in results
            ]
        if args.cache:
            args.cache.write_bytes(pickle.dumps(scored))
    model = ReaderModel(args.weights)
    todo = [rec for name in scored for _, _, claims in scored[name] for rec in claims if rec is not None]
    flat = [(q, w, a) for q, a, ws, _ in todo for w in ws]
    readings = dict(zip(flat, model.read(flat)))
    for name in scored:
        scored[name] = [
            (
                score,
                supported,
                [
                    None if rec is None else (rec[1], [readings[(rec[0], w, rec[1])] for w in rec[2]], rec[3])
                    for rec in claims
                ],
            )
            for score, supported, claims in scored[name]
        ]
    grid = []
    for conf, ceiling, windows, same_kind, printed_only in itertools.product(
        [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], [0.02, 0.05, 0.1, 0.2, 0.3], [0, 1, 2], [True, False], [True, False]
    ):
        stage = ReaderStage(None, conf, ceiling, windows, same_kind=same_kind, printed_only=printed_only)  # type: ignore[arg-type]
        point = {
            "confidence": conf,
            "answer_ceiling": ceiling,
            "windows": windows,
            "same_kind": same_kind,
            "printed_only": printed_only,
        }
        for name, rows in sets.items():
            predicted = []
            for _score, supported, claims in scored[name]:
                if supported is None:
                    predicted.append(False)  # not scored: counted as `scorer evaluate` counts it
                    continue
                fired = any(
                    rec is not None and stage.disagreement(rec[0], rec[1][: 1 + windows], rec[2]) is not None
                    for rec in claims
                )
                predicted.append(bool(supported) and not fired)
            labels = [r.supported for r in rows]
            point[name] = balanced_accuracy(predicted, labels)
            if name == "opendomain_dev":
                bridge = [p for p, r, i in zip(predicted, rows, dev_ids) if r.supported and i in bridging]
                point["bridging_kept"] = f"{sum(bridge)}/{len(bridge)}"
                point["right_kept"] = f"{sum(p for p, y in zip(predicted, labels) if y)}/{sum(labels)}"
                point["wrong_caught"] = (
                    f"{sum(not p for p, y in zip(predicted, labels) if not y)}/{len(labels) - sum(labels)}"
                )
        grid.append(point)
    base = {
        name: balanced_accuracy([bool(s) for _, s, _ in scored[name]], [r.supported for r in sets[name]])
        for name in sets
    }
    print("without the reader:", base)
    for point in sorted(grid, key=lambda g: -(g["opendomain_dev"] + g["labelled_dev"] + g["filings_dev"]))[:25]:
        print(point)
    if args.json:
        args.json.write_text(json.dumps({"base": base, "grid": grid}, indent=1))


if __name__ == "__main__":
    main()
