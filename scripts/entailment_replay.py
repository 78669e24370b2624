"""Replay the scorer's entailment stage (issue 11, round 16b): score items once, then try heads and settings.

The scorer is built as gateway.yaml builds it (reader and all), its stage replaced by a recorder: the band
is [0, 1] and the weight 0, so no probability changes, and every claim the stage may read is tagged with its
(window, claim) pair. A replay then applies a head's P(entailed) to the claims a given band would read —
``sigmoid(logit(p) + weight × logit(entailment))`` — and takes the answer's weakest counted claim, as the
scorer does. A claim the reader (reader.py, after the stage) rejected stays rejected. Checked: replaying the
committed head at the default settings gives the figures ``llmgateway scorer evaluate`` prints (docs/scoring.md,
round 16b). Used by scripts/tune_entailment.py (dev splits) and scripts/measure_entailment.py (holdouts).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READER_REJECTED = "the passage answers the question"

Item = tuple[bool, bool, list[tuple[float, tuple[str, str] | None, str, str | None]]]


class Recorder:
    """Stands in for the model: keeps the pairs the stage would read and answers each with a value that
    names it (the stage's weight is 0, so the answer changes no probability)."""

    BASE, STEP = 0.1, 1e-7

    def __init__(self) -> None:
        self.pairs: list[tuple[str, str]] = []

    def probabilities(self, pairs: list[tuple[str, str]]) -> list[float]:
        first = len(self.pairs)
        self.pairs += pairs
        return [self.BASE + (first + i) * self.STEP for i in range(len(pairs))]

    def pair(self, value: float | None) -> tuple[str, str] | None:
        return None if value is None else self.pairs[round((value - self.BASE) / self.STEP)]


def recording_scorer(config: Path = ROOT / "gateway.yaml"):
    from llmgateway.config import load_settings
    from llmgateway.embeddings import Embedder
    from llmgateway.scoring.entailment import EntailmentStage
    from llmgateway.scoring.service import factuality_scorer

    recorder = Recorder()
    scorer = factuality_scorer(Embedder(threads=1), load_settings(str(config)).scoring.factuality)
    scorer.entailment = EntailmentStage(recorder, (0.0, 1.0), 0.0)  # type: ignore[arg-type]
    return scorer, recorder


def record(scorer, recorder: Recorder, items: list[tuple]) -> list[Item]:
    """Per (contexts, answer, question, …) item: (scored?, supported without the stage, counted claims as
    (probability, pair the stage may read or None, text, reason))."""
    out: list[Item] = []
    for b in range(0, len(items), 64):
        recorder.pairs = []
        chunk = items[b : b + 64]
        for res in scorer.score_many([(c, a, q) for c, a, q, *_ in chunk]):
            counted = [v for v in res.claims if v.probability is not None and not v.judgement]
            claims = [(v.probability, recorder.pair(v.entailment), v.text, v.reason) for v in counted]
            out.append((res.score is not None, bool(res.supported), claims))
    return out


def replay(items: list[Item], probs: dict, stage, threshold: float) -> tuple[list[bool], int, int]:
    """(predicted supported per item, claims read, claims) for ``stage``'s band and weight and a head's
    P(entailed) per pair (``probs``)."""
    predicted, read, total = [], 0, 0
    for ok, supported, claims in items:
        if not ok or not claims:  # not scored: the stage changes nothing
            predicted.append(supported)
            continue
        ps = [p for p, _, _, _ in claims]
        total += len(ps)
        chosen = set(stage.select(ps, [t for _, _, t, _ in claims], True, [r for _, _, _, r in claims]))
        out = []
        for j, (p, pair, _, reason) in enumerate(claims):
            q = probs.get(pair) if pair else None
            if j in chosen and q is not None and READER_REJECTED not in (reason or ""):
                read += 1
                p = stage.combine(p, q)
            out.append(p)
        predicted.append(min(out) >= threshold - 1e-9)
    return predicted, read, total


def head_probabilities(weights: Path, items: list[Item], reach: tuple[float, float]) -> dict:
    """A head's P(entailed) for every recorded pair whose claim probability lies in ``reach``."""
    from llmgateway.scoring.entailment import EntailmentModel

    pairs = list(dict.fromkeys(pr for _, _, cl in items for p, pr, _, _ in cl if pr and reach[0] <= p < reach[1]))
    return dict(zip(pairs, EntailmentModel(weights, threads=1).probabilities(pairs)))


def balanced_accuracy(predicted: list[bool], labels: list[bool]) -> tuple[float, int, int, int, int]:
    """(balanced accuracy, supported kept, supported, unsupported caught, unsupported)."""
    pos = [p for p, y in zip(predicted, labels) if y]
    neg = [not p for p, y in zip(predicted, labels) if not y]
    ba = (sum(pos) / max(1, len(pos)) + sum(neg) / max(1, len(neg))) / 2
    return round(ba, 4), sum(pos), len(pos), sum(neg), len(neg)
