"""``llmgateway policy train``: fit the classifier rules' heads, deterministically, on 2 CPU cores.

Answer (sentence) rules share one small MLP over contextual sentence vectors: ``answer_heads.py``.
Window (input) rules, below, get one logistic head each. For each window rule: positives are the violating units of its training violations (the ``span`` sentence
of a multi-sentence answer, every window of a long jailbreak) and the whole-answer mean of
multi-sentence violations; negatives are every unit of every compliant item of every policy (the
near misses above all), the non-violating sentences of its violations, and the violations of the
other rules (a guarantee is not a past-performance claim; a compliance violation is not an injection). The threshold is
chosen on out-of-fold scores of the *training* split (5 folds); the ``heldout`` split only measures.

Determinism: embeddings are rounded to 4 decimals before fitting, the solver is lbfgs (no random
state), and weights are rounded before they are written, so the same data and seed give the same
artifact bytes (``tests`` check the hash).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import ConfigError
from .answer_heads import train_answer_heads
from .classifier import Head, artifact_path, save_artifact
from .encoder import ANSWER_ENCODER, TokenEncoder, encoder_for
from .loader import PolicySet
from .schema import ClassifierSpec
from .training import Example, TrainingSet, load_training_set, sentences, windows

FOLDS = 5
MAX_WINDOWS = 8  # windows of one long training text (evenly spread): the cost of training stays bounded
BANK_SIZE = 120  # training violations kept per rule for "closest examples" in verdicts
C = 2.0
BETA = 0.5
# Balanced-class heads put the boundary near 0.5; out-of-fold sets of a few dozen items per rule make
# an extreme threshold an accident of the folds, so the search stays inside this range.
THRESHOLD_RANGE = (0.3, 0.7)


@dataclass
class Units:
    """The units of one example and whether each one is a violating unit."""

    texts: list[str]
    labels: list[int]
    whole: bool = False  # also classify the mean of the units (a multi-sentence answer)


@dataclass
class TrainReport:
    path: Path
    hash: str
    data_hash: str
    seconds: float
    rules: dict[str, dict] = field(default_factory=dict)


def classifier_rules(pset: PolicySet) -> dict[str, ClassifierSpec]:
    return {
        f"{name}/{rule.id}": rule.classifier
        for name, policy in pset.policies.items()
        for rule in policy.rules
        if rule.classifier is not None
    }


def units_of(example: Example, spec: ClassifierSpec, key: str) -> Units:
    own = example.key == key and example.label == 1
    if spec.windows:
        parts = windows(example.text)
        if len(parts) > MAX_WINDOWS:
            parts = [parts[round(i * (len(parts) - 1) / (MAX_WINDOWS - 1))] for i in range(MAX_WINDOWS)]
        return Units(parts, [int(own)] * len(parts))
    parts = sentences(example.text) or [example.text]
    if not own:
        return Units(parts, [0] * len(parts), whole=len(parts) > 1)
    if example.span:
        marked = set(sentences(example.span) or [example.span.strip()])
        return Units(parts, [int(p in marked) for p in parts], whole=len(parts) > 1)
    if len(parts) == 1:
        return Units(parts, [1])
    return Units(parts, [-1] * len(parts), whole=True)  # which sentence violates is unknown: only the whole


def relevant(example: Example, key: str, spec: ClassifierSpec) -> bool:
    """Which examples a rule's head learns from: all of them. Another rule's violation is a negative
    (a guarantee is not a past-performance claim), which keeps each head to its own rule's meaning;
    jailbreaks are negatives only for window (injection) heads, sentence heads never see them."""
    return spec.windows or not example.key.startswith("prompt_injection/")


class Vectors:
    """Embeds each distinct unit text once (rounded for determinism)."""

    def __init__(self, embed: Callable[[list[str]], np.ndarray]):
        self.embed = embed
        self.cache: dict[str, np.ndarray] = {}

    def prepare(self, texts: list[str]) -> None:
        missing = sorted({t for t in texts if t not in self.cache})
        for start in range(0, len(missing), 256):
            batch = missing[start : start + 256]
            for text, vector in zip(batch, np.round(self.embed(batch), 4)):
                self.cache[text] = vector.astype(np.float32)

    def of(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)


def mean_unit(vectors: np.ndarray) -> np.ndarray:
    mean = vectors.mean(axis=0)
    return mean / (np.linalg.norm(mean) or 1.0)


def design(examples: list[Example], key: str, spec: ClassifierSpec, vectors: Vectors) -> tuple[np.ndarray, np.ndarray]:
    rows, labels = [], []
    for example in examples:
        units = units_of(example, spec, key)
        if not units.texts:
            continue
        vecs = vectors.of(units.texts)
        for vec, label in zip(vecs, units.labels):
            if label >= 0:
                rows.append(vec)
                labels.append(label)
        if units.whole:
            rows.append(mean_unit(vecs))
            labels.append(int(example.key == key and example.label == 1))
    return np.array(rows, dtype=np.float32), np.array(labels, dtype=np.int64)


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, class_weight="balanced", max_iter=3000, solver="lbfgs")
    model.fit(x, y)
    return model.coef_[0].astype(np.float32), float(model.intercept_[0])


def item_scores(examples: list[Example], key: str, spec: ClassifierSpec, vectors: Vectors, head: Head) -> np.ndarray:
    """Per example: the highest probability over its units and its whole-answer mean."""
    scores = []
    for example in examples:
        units = units_of(example, spec, key)
        vecs = vectors.of(units.texts)
        if units.whole:
            vecs = np.vstack([vecs, mean_unit(vecs)[None, :]])
        scores.append(float(head.probabilities(vecs).max()) if len(vecs) else 0.0)
    return np.array(scores)


def pick_threshold(scores: np.ndarray, labels: np.ndarray, bounds: tuple[float, float] = THRESHOLD_RANGE) -> float:
    """The threshold with the best F-beta (beta 0.5: precision weighs double — a false block costs a
    client a good answer) on out-of-fold training scores, grouped by core; ties: the higher one."""
    best, best_f = 0.5, -1.0
    beta2 = BETA**2
    for t in np.round(np.arange(bounds[0], bounds[1] + 0.001, 0.01), 2):
        predicted = scores >= t
        tp = int((predicted & (labels == 1)).sum())
        precision = tp / max(1, int(predicted.sum()))
        recall = tp / max(1, int((labels == 1).sum()))
        f = (1 + beta2) * precision * recall / max(1e-9, beta2 * precision + recall)
        if f >= best_f:
            best, best_f = float(t), f
    return best


def measure(scores: np.ndarray, labels: np.ndarray, threshold: float) -> dict:
    predicted = scores >= threshold
    tp = int((predicted & (labels == 1)).sum())
    fp = int((predicted & (labels == 0)).sum())
    positives, negatives = int((labels == 1).sum()), int((labels == 0).sum())
    return {
        "precision": round(tp / max(1, tp + fp), 3),
        "recall": round(tp / max(1, positives), 3),
        "false_positive_rate": round(fp / max(1, negatives), 3),
        "violations": positives,
        "compliant": negatives,
    }


def train_rule(key: str, spec: ClassifierSpec, data: TrainingSet, vectors: Vectors, seed: int) -> Head:
    train = [e for e in data.for_split("train") if relevant(e, key, spec)]
    heldout = [e for e in data.for_split("heldout") if e.key == key]  # the rule's own violations and near misses
    if not any(e.key == key and e.label == 1 for e in train):
        raise ConfigError(f"classifier rule '{key}' has no training violations in policies/training/")
    rng = np.random.default_rng(seed)
    groups = sorted({e.group for e in train})
    fold_of = dict(zip(groups, rng.permutation(len(groups)) % FOLDS))
    folds = np.array([fold_of[e.group] for e in train])  # a core's variants stay in one fold
    oof = np.zeros(len(train))
    for fold in range(FOLDS):
        inside = [e for e, f in zip(train, folds) if f != fold]
        outside = [i for i, f in enumerate(folds) if f == fold]
        w, b = fit(*design(inside, key, spec, vectors))
        probe = Head(key, w, b, 0.5, np.zeros((0, 384)), [], {})
        oof[outside] = item_scores([train[i] for i in outside], key, spec, vectors, probe)
    own = np.array([i for i, e in enumerate(train) if e.key == key])
    labels = np.array([int(e.key == key and e.label == 1) for e in train])
    threshold = spec.threshold or pick_threshold(oof[own], labels[own])
    w, b = fit(*design(train, key, spec, vectors))
    w, b = np.round(w, 5), round(b, 5)
    positives = [e for e in train if e.key == key and e.label == 1]
    bank_texts = sorted({(e.span or e.text).strip()[:240] for e in positives})
    if len(bank_texts) > BANK_SIZE:
        bank_texts = [bank_texts[i] for i in sorted(rng.choice(len(bank_texts), BANK_SIZE, replace=False))]
    vectors.prepare(bank_texts)
    head = Head(key, w, b, threshold, vectors.of(bank_texts), bank_texts, {})
    metrics = {"train_oof": measure(oof[own], labels[own], threshold)}
    if heldout:
        held_labels = np.array([e.label for e in heldout])
        metrics["heldout"] = measure(item_scores(heldout, key, spec, vectors, head), held_labels, threshold)
    head.metrics = metrics
    return head


def train(
    pset: PolicySet, embed: Callable[[list[str]], np.ndarray], seed: int = 15, encoder: TokenEncoder | None = None
) -> TrainReport:
    """Train every classifier rule of ``pset`` and write the artifact into its training folder.
    ``encoder`` (answer rules) defaults to one over the embedder that ``embed`` belongs to."""
    started = time.perf_counter()
    specs = classifier_rules(pset)
    window_specs = {k: s for k, s in specs.items() if s.windows}
    answer_specs = {k: s for k, s in specs.items() if not s.windows}
    data = load_training_set(pset.directory)
    for key in answer_specs:
        if not any(e.key == key and e.label == 1 and e.split == "train" for e in data.examples):
            raise ConfigError(f"classifier rule '{key}' has no training violations in policies/training/")
    vectors = Vectors(embed)
    needed: list[str] = []
    for example in data.examples:
        for key, spec in window_specs.items():
            if relevant(example, key, spec):
                needed.extend(units_of(example, spec, key).texts)
    vectors.prepare(needed)
    heads = {key: train_rule(key, spec, data, vectors, seed) for key, spec in sorted(window_specs.items())}
    if answer_specs:
        encoder = encoder or encoder_for(embed, ANSWER_ENCODER)
        heads |= train_answer_heads(answer_specs, data, encoder, seed, measure, pick_threshold)
    path = artifact_path(pset.directory)
    meta = {"seed": seed, "data_hash": data.data_hash, "files": data.files, "embedder": "all-MiniLM-L6-v2", "C": C}
    digest = save_artifact(path, heads, meta)
    report = TrainReport(path, digest, data.data_hash, time.perf_counter() - started)
    report.rules = {key: head.metrics | {"threshold": head.threshold} for key, head in heads.items()}
    return report
