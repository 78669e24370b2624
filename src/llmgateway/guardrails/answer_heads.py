"""Training the answer-side (sentence) classifier rules: one small MLP shared by all of them.

Units: every training item is run through MiniLM once (``encoder.TokenEncoder``); its sentences are
pooled from that one pass (contextual), and a multi-sentence item also gives its whole-answer vector.
A violating unit is positive for its own rule and negative for every other rule; compliant items
(near misses above all, and the ``rule: "*"`` ordinary answers) are negatives for all rules.

Model: a one-hidden-layer MLP (384 → ``HIDDEN`` ReLU → one logit per rule) trained full-batch with
Adam on binary cross-entropy, positives up-weighted per rule. The hidden layer is shared: the rules
together teach it what separates a claim from its hedged, negated or attributed near miss, which a
per-rule linear head over a frozen sentence vector could not learn from a few dozen cores. Each
rule's threshold is then chosen on out-of-fold scores of the training split (5 folds, grouped by
hand-written core), never on the held-out split, which only measures.

Determinism: fixed seed (torch and the folds), one thread, full batches, weights rounded before they
are written.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .classifier import Head, Trunk
from .context import sentence_spans
from .encoder import TokenEncoder
from .schema import ClassifierSpec
from .training import Example, TrainingSet

HIDDEN = 96
EPOCHS = 150
LEARNING_RATE = 5e-3
WEIGHT_DECAY = 1e-3
FOLDS = 5
BANK_SIZE = 120
THRESHOLD_RANGE = (0.1, 0.9)  # out-of-fold F0.5 search; the MLP's scores are not centred on 0.5
# ...above the lowest threshold at which the head flags at most this share of ALL compliant training
# items out of fold (ordinary answers, every rule's near misses): a head that flags one ordinary
# answer in ten is noise even in shadow mode.
MAX_ANY_COMPLIANT_FPR = 0.02


@dataclass
class Featurised:
    """One example's unit vectors: its sentences, then (multi-sentence items) its whole answer."""

    vectors: np.ndarray  # (units, 384)
    labels: np.ndarray  # (units, rules): 1 violating, 0 not, -1 unknown (an unmarked sentence)


def featurise(examples: list[Example], keys: list[str], encoder: TokenEncoder) -> list[Featurised]:
    out = []
    index = {k: i for i, k in enumerate(keys)}
    for example in examples:
        text = example.text
        spans = [(s, e) for s, e in sentence_spans(text) if text[s:e].strip()] or [(0, len(text))]
        units, whole = encoder.pool(text, spans)
        vectors = np.round(units, 4)
        labels = np.zeros((len(spans), len(keys)), dtype=np.int8)
        own = index.get(example.key) if example.label == 1 else None
        if own is not None:
            if example.span:
                marked = {t.strip() for t in _sentences(example.span)} or {example.span.strip()}
                labels[:, own] = [int(text[s:e].strip() in marked) for s, e in spans]
            else:
                labels[:, own] = 1 if len(spans) == 1 else -1
        if len(spans) > 1:
            vectors = np.vstack([vectors, np.round(whole, 4)[None, :]])
            whole_label = np.zeros((1, len(keys)), dtype=np.int8)
            if own is not None:
                whole_label[0, own] = 1
            labels = np.vstack([labels, whole_label])
        out.append(Featurised(vectors.astype(np.float32), labels))
    return out


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text) if text[s:e].strip()]


def fit(rows: list[Featurised], n_rules: int, seed: int, encoder: dict) -> Trunk:
    import torch

    x = np.vstack([r.vectors for r in rows])
    y = np.vstack([r.labels for r in rows]).astype(np.float32)
    known = (y >= 0).astype(np.float32)
    y = np.clip(y, 0, 1)
    positives = (y * known).sum(axis=0)
    negatives = ((1 - y) * known).sum(axis=0)
    pos_weight = np.clip(negatives / np.maximum(positives, 1), 1.0, 50.0) ** 0.5
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        torch.manual_seed(seed)
        model = torch.nn.Sequential(
            torch.nn.Linear(x.shape[1], HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, n_rules)
        )
        opt = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY)
        tx, ty, tk = torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(known)
        loss_fn = torch.nn.BCEWithLogitsLoss(
            pos_weight=torch.from_numpy(pos_weight.astype(np.float32)), reduction="none"
        )
        for _ in range(EPOCHS):
            opt.zero_grad()
            loss = (loss_fn(model(tx), ty) * tk).sum() / tk.sum()
            loss.backward()
            opt.step()
        params = [p.detach().numpy() for p in model.parameters()]  # w1, b1, w2, b2
        w1, b1, w2, b2 = (np.round(p, 4).astype(np.float32) for p in params)
        return Trunk(w1.T, b1, w2.T, b2, encoder)
    finally:
        torch.set_num_threads(threads)


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


def train_answer_heads(
    specs: dict[str, ClassifierSpec], data: TrainingSet, encoder: TokenEncoder, seed: int, measure, pick
) -> dict[str, Head]:
    """The heads of every sentence (non-window) classifier rule, sharing one trunk."""
    keys = sorted(specs)
    relevant = [e for e in data.examples if not e.key.startswith("prompt_injection/")]
    train = [e for e in relevant if e.split == "train"]
    heldout = [e for e in relevant if e.split == "heldout"]
    rows = featurise(train, keys, encoder)
    held_rows = featurise(heldout, keys, encoder)
    rng = np.random.default_rng(seed)
    groups = sorted({e.group for e in train})
    fold_of = dict(zip(groups, rng.permutation(len(groups)) % FOLDS))
    folds = np.array([fold_of[e.group] for e in train])
    oof = np.zeros((len(train), len(keys)))
    for fold in range(FOLDS):
        inside = [r for r, f in zip(rows, folds) if f != fold]
        outside = np.flatnonzero(folds == fold)
        oof[outside] = item_scores([rows[i] for i in outside], fit(inside, len(keys), seed, encoder.config))
    trunk = fit(rows, len(keys), seed, encoder.config)
    held = item_scores(held_rows, trunk) if held_rows else np.zeros((0, len(keys)))
    compliant = np.array([i for i, e in enumerate(train) if e.label == 0], dtype=np.int64)
    held_compliant = np.array([i for i, e in enumerate(heldout) if e.label == 0], dtype=np.int64)
    heads = {}
    for j, key in enumerate(keys):
        own = np.array([i for i, e in enumerate(train) if e.key == key], dtype=np.int64)
        labels = np.array([int(e.key == key and e.label == 1) for e in train])
        floor = float(np.quantile(oof[compliant, j], 1 - MAX_ANY_COMPLIANT_FPR)) if len(compliant) else 0.0
        low = min(max(THRESHOLD_RANGE[0], float(np.ceil(floor * 100) / 100)), THRESHOLD_RANGE[1])
        threshold = specs[key].threshold or pick(oof[own, j], labels[own], (low, THRESHOLD_RANGE[1]))
        bank_texts, bank = _bank(train, rows, key, j, rng)
        metrics = {"train_oof": measure(oof[own, j], labels[own], threshold)}
        # and on every compliant item of every rule (ordinary answers, other rules' near misses)
        metrics["train_oof"]["any_compliant_fpr"] = round(float((oof[compliant, j] >= threshold).mean()), 3)
        mine = [i for i, e in enumerate(heldout) if e.key == key]
        if mine:
            metrics["heldout"] = measure(held[mine, j], np.array([heldout[i].label for i in mine]), threshold)
            metrics["heldout"]["any_compliant_fpr"] = round(float((held[held_compliant, j] >= threshold).mean()), 3)
        heads[key] = Head(
            key, trunk.out_weights[:, j], float(trunk.out_bias[j]), threshold, bank, bank_texts, metrics, trunk
        )
    return heads
