"""Training the answer-side (sentence) classifier rules: one small MLP shared by all of them, over
an answer encoder fine-tuned with it.

Units: every training item is run through MiniLM once (``encoder.TokenEncoder``); its sentences are
pooled from that one pass (contextual), and a multi-sentence item also gives its whole-answer vector.
A violating unit is positive for its own rule and negative for every other rule; compliant items
(near misses above all, and the ``rule: "*"`` ordinary answers) are negatives for all rules.

Model: the answer encoder (MiniLM's first 2 layers) with low-rank fine-tuned updates, and a
one-hidden-layer MLP (384 → ``HIDDEN`` ReLU → one logit per rule) trained with it (``tuning.py``).
The hidden layer is shared: the rules together teach it what separates a claim from its hedged,
negated or attributed near miss.

Thresholds: one hand-written core in five of each rule (all its variants), and one in five of the
ordinary answers, is kept out of training as a *calibration* fold: the fine-tuned encoder and heads
score it through the int8 serving encoder, and each rule's threshold is chosen there (best F0.5 of
the rule's violations against every compliant item of the fold, at or above 0.5 and above two floors:
``MAX_ANY_COMPLIANT_FPR`` of all compliant items, ``MAX_ORDINARY_FPR`` of ordinary text). The ordinary
text includes public filing and research prose (``public_negatives.yaml``), so a head is calibrated
against text nobody here wrote. The ``heldout`` split is never trained or tuned on; it only measures.
(Refitting per fold, as the frozen-feature heads did, would cost five fine-tunings.)

Determinism: fixed seed (torch, the calibration fold, the example bank), one thread, deterministic
algorithms, weights rounded before they are written, and float kernels pinned at AVX2 by ``policy train``
(``kernels.py``: the widest kernels of the CPU gave other weights on another machine).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from .classifier import Head, Trunk
from .context import sentence_spans
from .encoder import TokenEncoder
from .schema import ClassifierSpec
from .training import Example, TrainingSet
from .tuning import tune, unit_of

HIDDEN = 96
FOLDS = 5
BANK_SIZE = 120
# The F0.5 search on the calibration fold. Its precision counts every compliant item of the fold (the
# rule's own near misses, the other rules' near misses, ordinary text): a head is judged by what it does
# to all text it will see, not only to its own rule's near misses. The search starts at 0.5: the fold
# has 4-40 items per rule, and thresholds it put at 0.11-0.25 held ordinary sentences when enforced.
THRESHOLD_RANGE = (0.5, 0.9)
# ...above the lowest threshold at which the head flags at most this share of ALL compliant items of
# the calibration fold (ordinary answers, every rule's near misses): a head that flags one ordinary
# answer in ten is noise even in shadow mode.
MAX_ANY_COMPLIANT_FPR = 0.02
# ...and above the lowest threshold at which it flags at most this share of the fold's ORDINARY text
# (``rule: "*"``: the project's ordinary answers and the public filing and research prose of
# public_negatives.yaml). Near misses are hard by design, so 2 % of them says little about plain text;
# this floor bounds what an enforced head does to ordinary sentences ("Revenue rose 8%...").
MAX_ORDINARY_FPR = 0.005


@dataclass
class Featurised:
    """One example's unit vectors: its sentences, then (multi-sentence items) its whole answer."""

    vectors: np.ndarray  # (units, 384)
    labels: np.ndarray  # (units, rules): 1 violating, 0 not, -1 unknown (an unmarked sentence)


def featurise(examples: list[Example], keys: list[str], encoder: TokenEncoder) -> list[Featurised]:
    out = []
    for example in examples:
        text = example.text
        spans = answer_sentence_spans(text)
        units, whole = encoder.pool(text, spans)
        vectors = np.round(units, 4)
        if len(spans) > 1:
            vectors = np.vstack([vectors, np.round(whole, 4)[None, :]])
        out.append(Featurised(vectors.astype(np.float32), unit_labels(example, keys)))
    return out


def answer_sentence_spans(text: str) -> list[tuple[int, int]]:
    return [(s, e) for s, e in sentence_spans(text) if text[s:e].strip()] or [(0, len(text))]


def unit_labels(example: Example, keys: list[str]) -> np.ndarray:
    """(units, rules): its sentences, then (multi-sentence items) its whole answer; 1 violating,
    0 not, -1 unknown (a sentence of a violation without a ``span``)."""
    text = example.text
    spans = answer_sentence_spans(text)
    labels = np.zeros((len(spans), len(keys)), dtype=np.int8)
    own = keys.index(example.key) if example.label == 1 and example.key in keys else None
    if own is not None:
        if example.span:
            marked = {t.strip() for t in _sentences(example.span)} or {example.span.strip()}
            labels[:, own] = [int(text[s:e].strip() in marked) for s, e in spans]
        else:
            labels[:, own] = 1 if len(spans) == 1 else -1
    if len(spans) > 1:
        whole = np.zeros((1, len(keys)), dtype=np.int8)
        if own is not None:
            whole[0, own] = 1
        labels = np.vstack([labels, whole])
    return labels


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text) if text[s:e].strip()]


def _bank(train: list[Example], rows: list[Featurised], key: str, column: int, rng) -> tuple[list[str], np.ndarray]:
    """Up to BANK_SIZE training violations of a rule (text, and the vector of its violating unit as
    the head saw it), for the "closest training examples" a verdict names."""
    found: dict[str, np.ndarray] = {}
    for example, row in zip(train, rows):
        if example.key == key and example.label == 1:
            hits = np.flatnonzero(row.labels[:, column] == 1)
            if len(hits):
                found.setdefault((example.span or example.text).strip()[:240], row.vectors[hits[0]])
    texts = sorted(found)
    if len(texts) > BANK_SIZE:
        texts = [texts[i] for i in sorted(rng.choice(len(texts), BANK_SIZE, replace=False))]
    vectors = np.array([found[t] for t in texts], dtype=np.float32).reshape(-1, 384)
    return texts, vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


def item_scores(rows: list[Featurised], trunk: Trunk) -> np.ndarray:
    """(items, rules): each item's highest probability over its sentences and its whole answer."""
    return np.array([trunk.probabilities(r.vectors).max(axis=0) for r in rows]).reshape(len(rows), -1)


def calibration_fold(train: list[Example], seed: int) -> set[str]:
    """The groups (hand-written cores) kept out of training to choose thresholds on: one in
    ``FOLDS`` of each rule's groups, and of the ordinary answers', chosen with the seed. Each rule
    draws from its own stream (the seed and its key), so adding data to one rule, or ordinary text,
    leaves every other rule's fold as it was (one shared stream reshuffled every fold, and every
    threshold with it, whenever any rule's group count changed)."""
    by_key: dict[str, list[str]] = {}
    for example in train:
        if example.group not in by_key.setdefault(example.key, []):
            by_key[example.key].append(example.group)
    chosen: set[str] = set()
    for key in sorted(by_key):
        groups = sorted(by_key[key])
        rng = np.random.default_rng([seed, zlib.crc32(key.encode())])
        chosen.update(g for g, r in zip(groups, rng.permutation(len(groups)) % FOLDS) if r == 0)
    return chosen


def train_answer_heads(
    specs: dict[str, ClassifierSpec], data: TrainingSet, encoder: TokenEncoder, seed: int, measure, pick
) -> dict[str, Head]:
    """The heads of every sentence (non-window) classifier rule, sharing one trunk and one
    fine-tuned answer encoder (built from ``encoder``'s packaged layers)."""
    keys = sorted(specs)
    relevant = [e for e in data.examples if not e.key.startswith("prompt_injection/")]
    train = [e for e in relevant if e.split == "train"]
    heldout = [e for e in relevant if e.split == "heldout"]
    calibration = calibration_fold(train, seed)
    fitting = [e for e in train if e.group not in calibration]
    checking = [e for e in train if e.group in calibration]
    tokenizer, layers = encoder.float_layers()
    units = [unit_of(tokenizer, e.text, unit_labels(e, keys)) for e in fitting]
    delta, (w1, b1, w2, b2) = tune(layers, tokenizer, units, len(keys), HIDDEN, seed)
    delta = {name: a.astype(np.float16).astype(np.float32) for name, a in delta.items()}  # as stored
    tuned = TokenEncoder(encoder.embedder, encoder.layers, encoder.int8, delta)
    trunk = Trunk(w1, b1, w2, b2, tuned.config, delta)
    rows = featurise(checking, keys, tuned)
    cal = item_scores(rows, trunk)
    held = item_scores(featurise(heldout, keys, tuned), trunk) if heldout else np.zeros((0, len(keys)))
    positives = [e for e in fitting if e.label == 1 and e.key in specs]
    positive_rows = featurise(positives, keys, tuned)
    rng = np.random.default_rng(seed)
    compliant = np.array([i for i, e in enumerate(checking) if e.label == 0], dtype=np.int64)
    held_compliant = np.array([i for i, e in enumerate(heldout) if e.label == 0], dtype=np.int64)
    ordinary = np.array([i for i, e in enumerate(checking) if e.key == "*"], dtype=np.int64)
    held_ordinary = np.array([i for i, e in enumerate(heldout) if e.key == "*"], dtype=np.int64)
    heads = {}
    for j, key in enumerate(keys):
        own = np.array([i for i, e in enumerate(checking) if e.key == key], dtype=np.int64)
        labels = np.array([int(e.key == key and e.label == 1) for e in checking])
        floor = float(np.quantile(cal[compliant, j], 1 - MAX_ANY_COMPLIANT_FPR)) if len(compliant) else 0.0
        if len(ordinary):
            floor = max(floor, float(np.quantile(cal[ordinary, j], 1 - MAX_ORDINARY_FPR)))
        low = min(max(THRESHOLD_RANGE[0], float(np.ceil(floor * 100) / 100)), THRESHOLD_RANGE[1])
        judged = np.union1d(own, compliant)
        threshold = specs[key].threshold or pick(cal[judged, j], labels[judged], (low, THRESHOLD_RANGE[1]))
        bank_texts, bank = _bank(positives, positive_rows, key, j, rng)
        metrics = {"train_oof": measure(cal[own, j], labels[own], threshold)}
        # and on every compliant item of every rule (ordinary answers, other rules' near misses)
        metrics["train_oof"]["any_compliant_fpr"] = round(float((cal[compliant, j] >= threshold).mean()), 3)
        if len(ordinary):
            metrics["train_oof"]["ordinary_fpr"] = round(float((cal[ordinary, j] >= threshold).mean()), 4)
        mine = [i for i, e in enumerate(heldout) if e.key == key]
        if mine:
            metrics["heldout"] = measure(held[mine, j], np.array([heldout[i].label for i in mine]), threshold)
            metrics["heldout"]["any_compliant_fpr"] = round(float((held[held_compliant, j] >= threshold).mean()), 3)
            if len(held_ordinary):
                metrics["heldout"]["ordinary_fpr"] = round(float((held[held_ordinary, j] >= threshold).mean()), 4)
        heads[key] = Head(
            key, trunk.out_weights[:, j], float(trunk.out_bias[j]), threshold, bank, bank_texts, metrics, trunk
        )
    return heads
