"""Training the n-gram input reader (``ngram.py``) on the input training files and its own folder
(``training/ngram/``, which nothing else reads): minutes, one thread.

For each rule with ``classifier.ngram``: the same examples the rule's window head learns from
(``train.relevant``: every input item, another window rule's violations left out), cut into the
reader's units (``ngram.unit_spans``). A violation's windows are positives (its ``span`` sentence too,
its other sentences negatives; without a span its sentences are left out — they may or may not carry
it); every unit of every other item is a negative. One L2-regularised logistic regression (liblinear,
balanced classes, fixed ``random_state``) — then, as the heads are trained multiple-instance, a
second fit in which a long violation keeps only its highest-scoring window of the first fit as its
positive (a pasted letter before the attack is not the attack).

The threshold follows the heads' stated rule (``input_threshold.window_threshold``): out-of-fold item
scores of the training split (5 folds grouped by core, folds drawn from the seed as the heads draw
them), the lowest threshold at which at most the budget of compliant training inputs score over it,
never above the lowest score of the rule's ``must_block`` examples. The ``heldout`` split only measures.
Weights are rounded before they are written: the same data and seed give the same bytes.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from .input_threshold import threshold_record, window_threshold
from .ngram import ARTIFACT, BUCKETS, FOLDER, NgramRule, features, save_ngram, unit_spans
from .schema import ClassifierSpec
from .train import classifier_rules, compliant_of, measure, must_block_examples, relevant, unit_labels
from .training import Example, TrainingSet, load_training_set, training_dir

FOLDS = 5
C = 64.0  # inverse regularisation of the logistic regression (16, 4 and 1 caught fewer out of fold at every budget)
# The reader's false-block budget: no compliant training input over its threshold out of fold. It blocks
# beside the head, which already spends the rule's budget (input_threshold.py), so it may add none. No
# ``must_block`` bound: the head's threshold already blocks every one of them, and the rule blocks on either.
BUDGET = 0.0
# what makes an n-gram model differ: bump with any change to the features, units or fit
NGRAM_RECIPE = 1


class Units:
    """Each distinct text's units as sparse rows (computed once per text)."""

    def __init__(self) -> None:
        self.cache: dict[str, tuple[list[str], list[tuple[np.ndarray, np.ndarray]], int]] = {}

    def of(self, text: str) -> tuple[list[str], list[tuple[np.ndarray, np.ndarray]], int]:
        """(unit texts, their (index, values), number of windows)."""
        if text not in self.cache:
            spans, windows = unit_spans(text)
            texts = [text[s:e].strip() for s, e in spans]
            self.cache[text] = (texts, [features(t) for t in texts], windows)
        return self.cache[text]


def _matrix(rows: list[tuple[np.ndarray, np.ndarray]]) -> csr_matrix:
    indptr = np.cumsum([0] + [len(i) for i, _ in rows])
    index = np.concatenate([i for i, _ in rows]) if rows else np.zeros(0, dtype=np.int64)
    values = np.concatenate([v for _, v in rows]) if rows else np.zeros(0, dtype=np.float32)
    return csr_matrix((values.astype(np.float64), index, indptr), shape=(len(rows), BUCKETS))


def _fit(matrix: csr_matrix, labels: np.ndarray, seed: int) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(solver="liblinear", C=C, class_weight="balanced", random_state=seed, max_iter=200)
    model.fit(matrix, labels)
    return np.round(model.coef_[0], 4).astype(np.float32), round(float(model.intercept_[0]), 4)


def fit_rule(examples: list[Example], key: str, units: Units, seed: int, mil: bool = True) -> tuple[np.ndarray, float]:
    """The rule's weights and bias from ``examples`` (module docstring)."""
    rows: list[tuple[np.ndarray, np.ndarray]] = []
    labels: list[int] = []
    bags: list[int] = []
    for number, example in enumerate(examples):
        texts, feats, windows = units.of(example.text)
        for label, row, i in zip(unit_labels(example, key, texts, windows), feats, range(len(feats))):
            if label < 0 or not len(row[0]):
                continue
            rows.append(row)
            labels.append(int(label))
            bags.append(number if label == 1 and i < windows and windows > 1 else -1)
    matrix, y, bag = _matrix(rows), np.array(labels), np.array(bags)
    weights, bias = _fit(matrix, y, seed)
    if not mil or not (bag >= 0).any():
        return weights, bias
    scores = matrix @ weights.astype(np.float64)
    keep = np.ones(len(y), dtype=bool)
    for number in np.unique(bag[bag >= 0]):
        members = np.flatnonzero(bag == number)
        keep[members] = False
        keep[members[np.argmax(scores[members])]] = True
    return _fit(matrix[keep], y[keep], seed)


def item_scores(examples: list[Example], units: Units, rule: NgramRule) -> np.ndarray:
    """Per example: its highest unit score (serving blocks on any unit)."""
    out = []
    for example in examples:
        feats = units.of(example.text)[1]
        out.append(max((rule.score(*f) for f in feats), default=0.0))
    return np.array(out)


def train_ngram_rule(
    key: str,
    spec: ClassifierSpec,
    data: TrainingSet,
    seed: int,
    window_keys: frozenset[str],
    must_block: tuple[str, ...] = (),
    units: Units | None = None,
    mil: bool = True,
) -> NgramRule:
    units = units or Units()
    train = [e for e in data.for_split("train") if relevant(e, key, spec, window_keys)]
    rng = np.random.default_rng(seed)
    groups = sorted({e.group for e in train})
    fold_of = dict(zip(groups, rng.permutation(len(groups)) % FOLDS))
    folds = np.array([fold_of[e.group] for e in train])
    oof = np.zeros(len(train))
    for fold in range(FOLDS):
        inside = [e for e, f in zip(train, folds) if f != fold]
        outside = [i for i, f in enumerate(folds) if f == fold]
        probe = NgramRule(key, *fit_rule(inside, key, units, seed, mil), 0.5, {})
        oof[outside] = item_scores([train[i] for i in outside], units, probe)
    weights, bias = fit_rule(train, key, units, seed, mil)
    rule = NgramRule(key, weights, bias, 0.5, {})
    blocked = {t: float(rule.scores(t, unit_spans(t)[0]).max()) for t in must_block}
    compliant = compliant_of(train)
    ngram_spec = spec.ngram
    fixed = ngram_spec.threshold if ngram_spec is not None else None
    rule.threshold = fixed or window_threshold(oof, compliant, budget=BUDGET)
    labels = np.array([int(e.key == key and e.label == 1) for e in train])
    own = np.array([i for i, e in enumerate(train) if e.key == key])
    metrics: dict = {"train_oof": measure(oof[own], labels[own], rule.threshold)}
    metrics["train_oof"]["any_compliant_fpr"] = round(float((oof[compliant] >= rule.threshold).mean()), 3)
    if blocked:
        metrics["must_block_lowest"] = round(min(blocked.values()), 4)
    if not fixed:
        metrics["threshold_rule"] = threshold_record(oof, compliant, rule.threshold, budget=BUDGET)
    heldout = [e for e in data.for_split("heldout") if relevant(e, key, spec, window_keys)]
    if heldout:
        held = np.array([int(e.key == key and e.label == 1) for e in heldout])
        metrics["heldout"] = measure(item_scores(heldout, units, rule), held, rule.threshold)
    rule.metrics = metrics
    return rule


def build_ngram(pset, seed: int = 15) -> tuple[Path, str, dict[str, NgramRule], float]:
    """Train every rule with ``classifier.ngram`` on ``pset``'s training files (``training/*.yaml`` and
    the reader's own ``training/ngram/*.yaml``) and write
    ``policies/training/ngram.npz``: (path, sha256, the rules, seconds). The window heads are not
    read or touched (``classifier.npz`` stays as it is)."""
    started = time.perf_counter()
    specs = {k: s for k, s in classifier_rules(pset).items() if s.windows}
    wanted = {k: s for k, s in specs.items() if s.ngram is not None}
    data = load_training_set(pset.directory, extra=(FOLDER,))
    blocking = must_block_examples(pset, specs)
    units = Units()
    rules = {
        key: train_ngram_rule(key, spec, data, seed, frozenset(specs), blocking[key], units)
        for key, spec in sorted(wanted.items())
    }
    meta = {"seed": seed, "data_hash": data.data_hash, "files": data.files, "recipe": NGRAM_RECIPE}
    path = training_dir(pset.directory) / ARTIFACT
    return path, save_ngram(path, rules, meta), rules, time.perf_counter() - started
