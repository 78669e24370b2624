"""``llmgateway policy train``: fit the classifier rules' heads, deterministically, on 2 CPU cores.

Answer (sentence) rules share one small MLP over contextual sentence vectors: ``answer_heads.py``.
Window (input) rules, below, get one small MLP each over the units of ``input_units.py`` (token
windows and sentences pooled from one pass of the frozen 2-layer int8 MiniLM, ``INPUT_ENCODER``).
A violation is a bag (multiple-instance learning): its windows, its ``span`` sentence (its other
sentences are negatives) or, without a span, its sentences — only its most violating unit must fire.
Negatives: every unit of every other item of every policy — compliant items (the near misses above
all, ordinary requests) and the other rules' violations (a compliance violation is not an injection).
The threshold is chosen on out-of-fold scores of the *training* split (5 folds grouped by core; an
item scores its highest unit, as serving blocks on any unit) by a false-block budget
(``window_threshold``), never above the lowest score of the rule's ``must_block`` examples; the
``heldout`` split only measures. The units' vectors can be kept
on disk across runs (``unit_store.py``; ``policy train`` does): the encoder is frozen.

Determinism: unit vectors are rounded to 4 decimals before fitting, the MLP trains full-batch on one
thread from a fixed seed, and weights are rounded before they are written, so the same data and seed
give the same artifact bytes (``tests`` check the hash).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError
from .answer_heads import train_answer_heads
from .classifier import Head, Trunk, artifact_path, read_artifact, save_artifact
from .encoder import ANSWER_ENCODER, TokenEncoder, encoder_for
from .incremental import GROUPS, answer_examples, group_digest, input_examples, kept_as_is, reusable
from .input_threshold import HEAD_THRESHOLD_TOP, threshold_record, window_threshold
from .input_units import INPUT_ENCODER, input_units
from .kernels import in_use, recorded
from .loader import PolicySet
from .schema import ClassifierSpec
from .training import Example, TrainingSet, load_training_set, sentences, training_dir
from .unit_store import UnitStore
from .window_fit import fit

FOLDS = 5
MAX_WINDOWS = 8  # windows of one long training text (evenly spread): the cost of training stays bounded
BANK_SIZE = 120  # training violations kept per rule for "closest examples" in verdicts
BETA = 0.5
# Balanced-class heads put the boundary near 0.5; out-of-fold sets of a few dozen items per rule make
# an extreme threshold an accident of the folds, so the search stays inside this range.
THRESHOLD_RANGE = (0.3, 0.7)
EMBEDDER = "all-MiniLM-L6-v2"


@dataclass
class TrainReport:
    path: Path
    hash: str
    data_hash: str
    seconds: float
    rules: dict[str, dict] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)  # input/answer: reused, retrained or kept as is


def _recorded_groups(path: Path) -> dict[str, str]:
    return dict(read_artifact(path).meta.get("groups") or {})


def classifier_rules(pset: PolicySet) -> dict[str, ClassifierSpec]:
    return {
        f"{name}/{rule.id}": rule.classifier
        for name, policy in pset.policies.items()
        for rule in policy.rules
        if rule.classifier is not None
    }


def must_block_examples(pset: PolicySet, specs: dict[str, ClassifierSpec]) -> dict[str, tuple[str, ...]]:
    """Each rule's ``must_block`` examples (the window heads' threshold may not let one through)."""
    found = {
        f"{name}/{rule.id}": tuple(rule.examples.must_block) for name, p in pset.policies.items() for rule in p.rules
    }
    return {key: found.get(key, ()) for key in specs}


def relevant(example: Example, key: str, spec: ClassifierSpec, window_keys: frozenset[str] = frozenset()) -> bool:
    """Which examples a rule's head learns from: all of them. Another rule's violation is a negative
    (a guarantee is not a past-performance claim), which keeps each head to its own rule's meaning;
    jailbreaks are negatives only for window (input) heads, sentence heads never see them. Another
    window rule's violation is not a negative for a window head: a jailbreak often carries a harmful
    request, and the two input heads block side by side. A ``stage: output`` file (answer-side data)
    never reaches a window head. A file's ``heads`` (``training.py``) keeps its items to the window heads
    it names: the harmful-request head's everyday requests are not the injection head's negatives."""
    if example.heads and key not in example.heads:
        return False
    if spec.windows:
        if example.stage == "output":
            return False
        return not (example.label == 1 and example.key != key and example.key in window_keys)
    return not example.key.startswith("prompt_injection/")


class UnitVectors:
    """Each distinct training text's units (``input_units``: token windows, then sentences) from one
    pass of the input encoder, rounded for determinism; a long text keeps ``MAX_WINDOWS`` evenly
    spread windows and as many sentences. ``store``: a file (``unit_store.UnitStore``) that keeps
    them across runs — the encoder is frozen, so a retrain encodes only the texts it has not seen."""

    def __init__(self, encoder: TokenEncoder, store: UnitStore | None = None):
        self.encoder = encoder
        self.cache: dict[str, tuple[list[str], np.ndarray, int]] = store.load() if store else {}
        self.store = store

    def save(self) -> None:
        if self.store is not None:
            self.store.save(self.cache)

    def of(self, text: str) -> tuple[list[str], np.ndarray, int]:
        """(unit texts, vectors, number of windows)."""
        if text not in self.cache:
            units = input_units(self.encoder, text)
            picks = _spread(units.windows, MAX_WINDOWS) + [
                units.windows + i for i in _spread(len(units.spans) - units.windows, MAX_WINDOWS)
            ]
            texts = [text[s:e].strip() for s, e in (units.spans[i] for i in picks)]
            windows = sum(1 for i in picks if i < units.windows)
            self.cache[text] = (texts, np.round(units.vectors[picks], 4).astype(np.float32), windows)
        return self.cache[text]


def _spread(count: int, most: int) -> list[int]:
    if count <= most:
        return list(range(count))
    return [round(i * (count - 1) / (most - 1)) for i in range(most)]


def unit_labels(example: Example, key: str, texts: list[str], windows: int) -> np.ndarray:
    """1 violating, 0 not, -1 unknown (may be). A rule's violation: its windows 1; its sentences 1 when
    they are its ``span``, 0 when another sentence is, -1 when it has no span."""
    if example.key != key or example.label != 1:
        return np.zeros(len(texts), dtype=np.int64)
    labels = np.ones(len(texts), dtype=np.int64)
    if example.span:
        marked = set(sentences(example.span) or [example.span.strip()])
        labels[windows:] = [int(t in marked) for t in texts[windows:]]
    else:
        labels[windows:] = -1
    return labels


def design(examples: list[Example], key: str, vectors: UnitVectors) -> tuple[np.ndarray, np.ndarray]:
    """(unit vectors, bag): a violation's units that may carry it (its windows, its span sentence, its
    unmarked sentences) form one bag, numbered from 0; every other unit is a negative (-1)."""
    rows, bags, count = [], [], 0
    for example in examples:
        texts, vecs, windows = vectors.of(example.text)
        labels = unit_labels(example, key, texts, windows)
        rows.append(vecs)
        if example.key == key and example.label == 1 and (labels != 0).any():
            bags.append(np.where(labels != 0, count, -1))
            count += 1
        else:
            bags.append(np.full(len(vecs), -1))
    return np.vstack(rows).astype(np.float32), np.concatenate(bags)


def head_of(key: str, trunk: Trunk, threshold: float = 0.5, **extra) -> Head:
    extra.setdefault("bank", np.zeros((0, 384), dtype=np.float32))
    extra.setdefault("bank_texts", [])
    extra.setdefault("metrics", {})
    return Head(
        key, trunk.out_weights[:, 0], float(trunk.out_bias[0]), threshold, trunk=trunk, encoder=trunk.encoder, **extra
    )


def item_scores(examples: list[Example], vectors: UnitVectors, head: Head) -> np.ndarray:
    """Per example: the highest probability over its units (as serving blocks on any unit)."""
    scores = []
    for example in examples:
        vecs = vectors.of(example.text)[1]
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


def compliant_of(examples: list[Example]) -> np.ndarray:
    return np.array([i for i, e in enumerate(examples) if e.label == 0], dtype=np.int64)


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


def must_block_ceiling(head: Head, encoder: TokenEncoder, texts: list[str]) -> tuple[float, dict[str, float]]:
    """The highest 2-decimal threshold that still blocks every one of ``texts`` (the rule's
    ``must_block`` examples), scored as serving scores them (every unit, unrounded vectors); and each
    text's score. 1.0 without examples."""
    scores = {t: float(head.probabilities(input_units(encoder, t).vectors).max()) for t in texts}
    lowest = min(scores.values(), default=1.0)
    return float(np.floor(lowest * 100) / 100), scores


def train_rule(
    key: str,
    spec: ClassifierSpec,
    data: TrainingSet,
    vectors: UnitVectors,
    seed: int,
    window_keys: frozenset[str],
    must_block: tuple[str, ...] = (),
) -> Head:
    train = [e for e in data.for_split("train") if relevant(e, key, spec, window_keys)]
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
        probe = head_of(key, fit(*design(inside, key, vectors), seed, vectors.encoder.config))
        oof[outside] = item_scores([train[i] for i in outside], vectors, probe)
    own = np.array([i for i, e in enumerate(train) if e.key == key])
    labels = np.array([int(e.key == key and e.label == 1) for e in train])
    trunk = fit(*design(train, key, vectors), seed, vectors.encoder.config)
    ceiling, blocked = must_block_ceiling(head_of(key, trunk), vectors.encoder, list(must_block))
    threshold = spec.threshold or window_threshold(oof, compliant_of(train), ceiling, top=HEAD_THRESHOLD_TOP)
    positives = [e for e in train if e.key == key and e.label == 1]
    bank_texts = sorted({(e.span or e.text).strip()[:240] for e in positives})
    if len(bank_texts) > BANK_SIZE:
        bank_texts = [bank_texts[i] for i in sorted(rng.choice(len(bank_texts), BANK_SIZE, replace=False))]
    bank = np.stack([vectors.of(t)[1][0] for t in bank_texts]) if bank_texts else np.zeros((0, 384))
    head = head_of(key, trunk, threshold, bank=bank, bank_texts=bank_texts)
    metrics: dict[str, Any] = {"train_oof": measure(oof[own], labels[own], threshold)}
    metrics["train_oof"]["any_compliant_fpr"] = round(float((oof[compliant_of(train)] >= threshold).mean()), 3)
    if blocked:
        metrics["must_block_lowest"] = round(min(blocked.values()), 4)
    if not spec.threshold:
        metrics["threshold_rule"] = threshold_record(
            oof, compliant_of(train), threshold, ceiling, top=HEAD_THRESHOLD_TOP
        )
    if heldout:
        held_labels = np.array([e.label for e in heldout])
        metrics["heldout"] = measure(item_scores(heldout, vectors, head), held_labels, threshold)
        # every held-out compliant input of every input rule (never trained or tuned on)
        benign = [e for e in data.for_split("heldout") if e.label == 0 and relevant(e, key, spec, window_keys)]
        if benign:
            metrics["heldout"]["any_compliant_fpr"] = round(
                float((item_scores(benign, vectors, head) >= threshold).mean()), 3
            )
    head.metrics = metrics
    return head


def _check_heads(data: TrainingSet, window_keys: frozenset[str], directory: Path) -> None:
    """A training file's ``heads`` must name window (input) rules of the policy set."""
    for example in data.examples:
        unknown = sorted(set(example.heads) - window_keys)
        if unknown:
            raise ConfigError(
                f"heads: names {', '.join(unknown)}, which is not a window (input) classifier rule; it takes"
                f" {', '.join(sorted(window_keys)) or 'none (this policy set has no window rule)'}",
                file=str(training_dir(directory) / example.source),
                key="heads",
            )


def train(
    pset: PolicySet,
    embed: Callable[[list[str]], np.ndarray],
    seed: int = 15,
    encoder: TokenEncoder | None = None,
    window_encoder: TokenEncoder | None = None,
    clean: bool = False,
    unit_cache: Path | None = None,
    only: str | None = None,
) -> TrainReport:
    """Train the classifier rules of ``pset`` and write the artifact into its training folder.
    ``encoder`` (answer rules) and ``window_encoder`` (input rules) default to ``ANSWER_ENCODER`` and
    ``INPUT_ENCODER`` over the embedder that ``embed`` belongs to. A group of heads (input, answer)
    whose digest matches the existing artifact's is reused as it is (``incremental.py``), unless
    ``clean``; the file is the same either way. ``unit_cache``: a folder that keeps the input units'
    vectors across runs (``unit_store.py``; the same bytes, only the encoding is skipped). ``only``: train
    that group (as if ``clean`` for it) and keep the other group's heads as the artifact has them
    (``incremental.kept_as_is``: refused when a file they read changed); the meta records which were
    kept (``kept``), and their digest stays what it was, so a later plain train still retrains them."""
    started = time.perf_counter()
    specs = classifier_rules(pset)
    window_specs = {k: s for k, s in specs.items() if s.windows}
    answer_specs = {k: s for k, s in specs.items() if not s.windows}
    data = load_training_set(pset.directory)
    for key in answer_specs:
        if not any(e.key == key and e.label == 1 and e.split == "train" for e in data.examples):
            raise ConfigError(f"classifier rule '{key}' has no training violations in policies/training/")
    keys = frozenset(window_specs)
    _check_heads(data, keys, Path(pset.directory))
    members = {g: m for g, m in (("input", window_specs), ("answer", answer_specs)) if m}
    examples = {"input": input_examples(data, keys), "answer": answer_examples(data, keys)}
    blocking = must_block_examples(pset, window_specs)
    digests = {g: group_digest(g, members[g], examples[g], seed, EMBEDDER, blocking) for g in members}
    path = artifact_path(pset.directory)
    if only is not None and only not in members:
        raise ConfigError(f"--group takes one of {', '.join(g for g in GROUPS if g in members)}, got '{only}'")
    kept, upgraded = ({}, set()) if clean or only else reusable(path, digests, members, data, seed)
    as_is = {g: kept_as_is(path, g, members[g], examples[g], data) for g in members if only and g != only}
    kept |= as_is
    heads: dict[str, Head] = {}
    for group in kept:
        heads |= kept[group]
    if "input" in members and "input" not in kept:
        window_encoder = window_encoder or encoder_for(embed, INPUT_ENCODER)
        store = UnitStore.beside(unit_cache, window_encoder, MAX_WINDOWS) if unit_cache else None
        vectors = UnitVectors(window_encoder, store)
        heads |= {
            key: train_rule(key, spec, data, vectors, seed, keys, blocking[key])
            for key, spec in sorted(window_specs.items())
        }
        vectors.save()
    if "answer" in members and "answer" not in kept:
        encoder = encoder or encoder_for(embed, ANSWER_ENCODER)
        # the input rules' prompts (jailbreaks, harmful requests) are not answers: sentence heads never see them
        answers = TrainingSet(examples["answer"], data.files, data.data_hash)
        heads |= train_answer_heads(answer_specs, answers, encoder, seed, measure, pick_threshold)
    meta = {"seed": seed, "data_hash": data.data_hash, "files": data.files, "embedder": EMBEDDER, "groups": digests}
    # the float kernels each group was trained with (kernels.py); a reused group keeps its record
    previous = recorded(path) if kept else {}
    meta["kernels"] = {g: previous.get(g) if g in kept else in_use() for g in members}
    if as_is:
        # kept as they were by --group: their recorded digest (if any) stays, never the current data's
        before = _recorded_groups(path)
        meta["groups"] = {g: d for g, d in digests.items() if g not in as_is} | {
            g: before[g] for g in as_is if g in before
        }
        meta["kept"] = {g: f"kept as they were (policy train --group {only})" for g in as_is}
    digest = save_artifact(path, heads, meta)
    report = TrainReport(path, digest, data.data_hash, time.perf_counter() - started)
    report.rules = {key: head.metrics | {"threshold": head.threshold} for key, head in heads.items()}
    status = {g: "current (digest written)" if g in upgraded else "reused" for g in kept}
    status |= {g: f"kept as they were (--group {only}; the files they read are unchanged)" for g in as_is}
    report.groups = {g: status.get(g, "retrained") for g in members}
    return report
