"""Cost per claim of the scorer's entailment stage (scoring/entailment.py), with a same-run baseline.

    OMP_NUM_THREADS=1 .venv/bin/python bench/bench_entailment.py [--baseline OLD.safetensors] [--split dev]

The (evidence window, claim) pairs are the ones the scorer would hand the stage: every claim of the
labelled set's ``--split`` items, read with the stage's band opened to [0, 1] (a recording stand-in
answers 0.5, so the verdicts stay the scorer's own). Each model (the committed head, and
``--baseline`` — e.g. the previous head, ``git show REV:src/llmgateway/scoring/entailment_weights.safetensors``)
then reads every pair on one thread, interleaved pair by pair so that load on the machine falls on
both alike, and prints per claim:

* cold — both caches emptied before the pair: the window and the claim encoded, the head run;
* answer — caches emptied per answer only: a window several claims share is encoded once (the
  per-claim share of the answer's cost);

p50/p95 in ms, and how often the two models agree at 0.5. The model load is excluded.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from llmgateway.embeddings import Embedder  # noqa: E402
from llmgateway.scoring.entailment import WEIGHTS_FILE, EntailmentModel, EntailmentStage  # noqa: E402
from llmgateway.scoring.evalset import load_rows  # noqa: E402
from llmgateway.scoring.factuality import FactualityScorer  # noqa: E402


class _Recorder:
    """Stands in for the model: keeps the pairs the stage would read, answers 0.5 (changes nothing)."""

    def __init__(self) -> None:
        self.pairs: list[tuple[str, str]] = []

    def probabilities(self, pairs: list[tuple[str, str]]) -> list[float]:
        self.pairs += pairs
        return [0.5] * len(pairs)


def stage_pairs(split: str, limit: int) -> list[list[tuple[str, str]]]:
    """Per answer of the labelled set's ``split``: the (window, claim) pairs of its claims."""
    recorder = _Recorder()
    stage = EntailmentStage(recorder, band=(0.0, 1.0), weight=0.0)  # type: ignore[arg-type]
    scorer = FactualityScorer(Embedder(threads=1), entailment=stage)
    rows = [r for r in load_rows(ROOT / "eval_sets" / "factuality_labelled.yaml") if r.split == split][:limit]
    answers = []
    for row in rows:
        recorder.pairs = []
        scorer.score(row.contexts, row.answer, row.question)
        if recorder.pairs:
            answers.append(list(recorder.pairs))
    return answers


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"p50 {statistics.median(ordered):6.1f} ms  p95 {p95:6.1f} ms"


def _clear(model: EntailmentModel) -> None:
    model._cache.clear()
    if model._encoder is not None:
        model._encoder._cache.clear()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights", type=Path, default=WEIGHTS_FILE)
    ap.add_argument("--baseline", type=Path, default=None, help="another head to time in the same run")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=400, help="answers of the split read at most")
    args = ap.parse_args()
    import torch

    torch.set_num_threads(1)
    answers = stage_pairs(args.split, args.limit)
    pairs = [p for a in answers for p in a]
    models = {"committed": EntailmentModel(args.weights)}
    if args.baseline is not None:
        models["baseline"] = EntailmentModel(args.baseline)
    for m in models.values():
        m.warm()
    cold: dict[str, list[float]] = {k: [] for k in models}
    verdicts: dict[str, list[float]] = {k: [] for k in models}
    for pair in pairs:
        for name, m in models.items():
            _clear(m)
            t0 = time.perf_counter()
            verdicts[name] += m.probabilities([pair])
            cold[name].append(1000 * (time.perf_counter() - t0))
    shared: dict[str, list[float]] = {k: [] for k in models}
    for answer in answers:
        for name, m in models.items():
            _clear(m)
            t0 = time.perf_counter()
            for pair in answer:  # one claim at a time, as the scorer's pairs arrive per answer
                m.probabilities([pair])
            shared[name] += [1000 * (time.perf_counter() - t0) / len(answer)] * len(answer)
    print(f"{len(pairs)} claims of {len(answers)} answers ({args.split} split), one thread")
    for name, m in models.items():
        meta = m.metadata
        enc = f"{meta.get('encoder_layers', 6)} layers {'int8' if meta.get('encoder_int8') else 'fp32'}"
        print(f"{name:9s} ({enc}): cold {_ms(cold[name])} | per claim of its answer {_ms(shared[name])}")
    if "baseline" in models:
        agree = sum((a >= 0.5) == (b >= 0.5) for a, b in zip(verdicts["committed"], verdicts["baseline"]))
        print(f"verdicts agree at 0.5: {agree}/{len(pairs)} = {agree / len(pairs):.3f}")


if __name__ == "__main__":
    main()
