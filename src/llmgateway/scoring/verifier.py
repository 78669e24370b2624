"""The trained verifier: P(the passage supports the claim) from the strict checks' findings and
the embedding alignment, plus the calibration of an answer's score.

Features of one (claim, best passage) pair — what the checks found (failures by kind, derived
figures), how well the claim aligns with the passage (MiniLM cosine; share of the claim's content
words found in the passage and in the document), and the claim's shape (short answer, length) —
go into a logistic-regression head. Chosen by measurement over a MiniLM cross-encoder: the
features cost nothing beyond the embeddings the scorer already computes (the scorer must keep
≥ 50 traces/s), while a cross-encoder costs ~15 ms per pair on one thread.

The weights are a small JSON file beside this module (``verifier_weights.json``), rebuilt by
``python scripts/train_verifier.py`` from public NLI data (GLUE RTE) and synthetic perturbations
of the sample research (examples/research); provenance is in the file. The answer's score is
Platt-calibrated on the train ("dev") split of eval_sets/factuality_labelled.yaml.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .checks import error_kind
from .text import content_stems, tokens

WEIGHTS_FILE = Path(__file__).with_name("verifier_weights.json")
FEATURES = [
    "passes_checks",
    "figure_fail",
    "date_fail",
    "entity_fail",
    "rating_fail",
    "direction_fail",
    "negation_fail",
    "absent_fail",
    "unmatched",
    "best_similarity",
    "similarity",
    "derived",
    "window_coverage",
    "document_coverage",
    "short_answer",
    "log_words",
]


@lru_cache(maxsize=16384)
def _stems(text: str) -> frozenset:
    return frozenset(content_stems(text))


def claim_features(claim: str, reasons: list[str], how: list[str], best_sim, sim, evidence, short: bool) -> list[float]:
    kinds = [error_kind(r) for r in reasons]
    mine = _stems(claim)
    if evidence is not None and mine:
        window_cov = len(mine & _stems(evidence.window)) / len(mine)
        doc_cov = len(mine & _stems(evidence.document)) / len(mine)
    else:
        window_cov = doc_cov = 0.0
    return [
        float(not reasons),
        min(kinds.count("figure"), 2),
        min(kinds.count("date"), 2),
        min(kinds.count("entity"), 2),
        min(kinds.count("rating"), 2),
        min(kinds.count("direction"), 2),
        min(kinds.count("negation"), 2),
        min(kinds.count("absent"), 2),
        float("unmatched" in kinds),
        float(best_sim),
        float(sim),
        min(len(how), 2),
        window_cov,
        doc_cov,
        float(short),
        math.log1p(len(tokens(claim))),
    ]


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x))))


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


@dataclass
class Head:
    """A logistic head over FEATURES, Platt-calibrated: P(the claim's passage supports it)."""

    weights: list[float]
    bias: float
    mean: list[float]
    scale: list[float]
    calibration: tuple[float, float] = (1.0, 0.0)  # Platt a, b on the logit of the raw probability

    def raw(self, features: list[float]) -> float:
        z = self.bias + sum(w * (f - m) / s for w, f, m, s in zip(self.weights, features, self.mean, self.scale))
        return _sigmoid(z)

    def probability(self, features: list[float]) -> float:
        a, b = self.calibration
        return _sigmoid(a * _logit(self.raw(features)) + b)

    def to_json(self) -> dict:
        return {
            "weights": self.weights,
            "bias": self.bias,
            "mean": self.mean,
            "scale": self.scale,
            "calibration": list(self.calibration),
        }

    @classmethod
    def from_json(cls, data: dict) -> Head:
        return cls(data["weights"], data["bias"], data["mean"], data["scale"], tuple(data["calibration"]))


@dataclass
class Verifier:
    """Two heads over the same features: ``embedding`` (the similarities are MiniLM cosines) and
    ``lexical`` (they are lexical.py's IDF-weighted overlaps). The scorer asks the lexical head
    first and embeds a claim only when its probability falls inside ``unsure_band``."""

    heads: dict[str, Head]
    unsure_band: tuple[float, float] = (0.0, 1.0)  # lexical probabilities in [low, high) go to MiniLM
    provenance: dict | None = None

    @property
    def threshold(self) -> float:
        """The verdict threshold chosen on the dev split when these weights were trained."""
        return float((self.provenance or {}).get("dev_threshold", 0.5))

    @property
    def has_cascade(self) -> bool:
        return "lexical" in self.heads and "embedding" in self.heads

    def to_embed(self, lexical: list[float | None]) -> list[int]:
        """Which claims of one answer to match again with MiniLM, given their lexical probabilities:
        those inside the unsure band — none when one claim is already surely unsupported (below the
        band): the answer's score is its weakest claim, so it stays below the band either way."""
        low, high = self.unsure_band
        if any(p is not None and p < low for p in lexical):
            return []
        return [j for j, p in enumerate(lexical) if p is None or low <= p < high]

    def claim_probability(self, features: list[float], matched_by: str = "embedding") -> float:
        """Calibrated P(supported) of one claim from the head matching how its passage was found."""
        head = self.heads.get(matched_by) or next(iter(self.heads.values()))
        return head.probability(features)

    def answer_probability(self, claim_probabilities: list[float | None]) -> float:
        """P(every claim supported): the weakest claim's calibrated probability."""
        return min(p for p in claim_probabilities if p is not None)

    def to_json(self) -> dict:
        return {
            "features": FEATURES,
            "heads": {name: h.to_json() for name, h in self.heads.items()},
            "unsure_band": list(self.unsure_band),
            "provenance": self.provenance or {},
        }

    @classmethod
    def from_json(cls, data: dict) -> Verifier:
        if data.get("features") != FEATURES:
            raise ValueError(f"verifier weights were trained on features {data.get('features')}, expected {FEATURES}")
        return cls(
            {name: Head.from_json(h) for name, h in data["heads"].items()},
            tuple(data.get("unsure_band", (0.0, 1.0))),
            data.get("provenance"),
        )

    @classmethod
    def load_default(cls) -> Verifier | None:
        """The committed weights; None (checks only) when they are absent or from other features."""
        if not WEIGHTS_FILE.exists():
            return None
        try:
            return cls.from_json(json.loads(WEIGHTS_FILE.read_text()))
        except (ValueError, KeyError) as exc:
            logging.getLogger("llmgateway.scoring").warning("verifier weights ignored: %s", exc)
            return None
