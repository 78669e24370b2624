"""A second opinion for the answer heads' grey band (issue #15, sixth answer pass).

An answer head that scores a sentence a little under its threshold is unsure; retraining the shared
answer encoder to move such sentences has traded one development set for another every time. The
second opinion leaves the encoder and the heads alone. For a sentence in a rule's grey band
(head probability in [threshold − ``classifier.second_opinion.band``, threshold)) two independent readers
must agree:

* **a vote of the nearest training sentences**: the ``K`` training units (sentences of
  ``policies/training``, split ``train``) closest to the sentence's serving vector — the one the
  heads already read, so no extra encoder pass — and the share of them that violate the rule (an
  unmarked sentence of a multi-sentence violation does not vote);
* **a linear head over the frozen 6-layer MiniLM sentence embedding** (the model the gateway already
  loads for retrieval; never fine-tuned), one logistic regression per rule, trained in seconds.

Both must reach their floor (``VOTE``, ``LINEAR``); a confirmed sentence takes the rule's action only
when that action is mild (``disclose``), otherwise ``review`` (held for a person) unless the rule
says ``action: block``. Why both: on the development set chosen on, either alone added false blocks
(docs/guardrails.md, "Answer side, sixth pass").

The artifact (``policies/training/second_opinion.npz``: int8 unit vectors, their labels, the linear
heads) is built by ``llmgateway policy second-opinion`` from the training files and the answer
encoder of ``classifier.npz``; it records both, and a mismatch refuses to load.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ConfigError
from .classifier import open_artifact, read_npz, unit_rows, write_npz
from .training import training_dir

ARTIFACT = "second_opinion.npz"
FORMAT = 1
K = 10
VOTE = 0.8  # share of the K nearest training sentences that violate the rule
LINEAR = 0.7  # the rule's linear head over the frozen 6-layer sentence embedding
REBUILD = "run `llmgateway policy second-opinion` to rebuild it"


@dataclass
class SecondOpinion:
    keys: list[str]  # policy/rule, one column each
    units: np.ndarray  # (n, 384) unit vectors of training sentences, serving space
    labels: np.ndarray  # (n, rules) int8: 1 violates, 0 not, -1 unknown (does not vote)
    weights: np.ndarray  # (rules, 384) linear heads over the 6-layer sentence embedding
    bias: np.ndarray  # (rules,)
    meta: dict
    hash: str = ""

    def similarities(self, vectors: np.ndarray) -> np.ndarray:
        """(units, sentences) cosine of every training sentence with every sentence of an answer:
        one product per answer, shared by every rule's vote."""
        return self.units @ vectors.T

    def vote(self, sims: np.ndarray, key: str) -> float:
        """Share of the K nearest training sentences (``sims``: one column of ``similarities``) that
        violate the rule."""
        j = self.keys.index(key)
        top = np.argpartition(-sims, K)[:K] if len(sims) > K else np.arange(len(sims))
        votes = self.labels[top, j]
        known = votes >= 0
        return float((votes[known] == 1).mean()) if known.any() else 0.0

    def linear(self, embedding: np.ndarray, key: str) -> float:
        j = self.keys.index(key)
        return float(1.0 / (1.0 + np.exp(-(embedding @ self.weights[j] + self.bias[j]))))


def artifact_path(policies_dir: str | Path) -> Path:
    return training_dir(policies_dir) / ARTIFACT


def save(path: Path, model: SecondOpinion) -> str:
    """Deterministic bytes (fixed order, int8 units, rounded heads); returns the sha256."""
    stored: dict[str, np.ndarray] = {
        "meta": np.frombuffer(json.dumps({**model.meta, "format": FORMAT}, sort_keys=True).encode(), dtype=np.uint8),
        "keys": np.frombuffer(json.dumps(model.keys).encode(), dtype=np.uint8),
        "units": np.clip(np.round(model.units * 127), -127, 127).astype(np.int8),
        "labels": model.labels.astype(np.int8),
        "weights": np.round(model.weights, 5).astype(np.float32),
        "bias": np.round(model.bias, 5).astype(np.float32),
    }
    return write_npz(path, stored, compressed=True)


def read(path: Path) -> SecondOpinion:
    meta, arrays, digest = read_npz(path)
    if meta.get("format") != FORMAT:
        raise ValueError(f"format {meta.get('format')}, this gateway reads format {FORMAT}")
    keys = json.loads(bytes(arrays["keys"]).decode())
    return SecondOpinion(
        keys, unit_rows(arrays["units"]), arrays["labels"], arrays["weights"], arrays["bias"], meta, digest
    )


def files_digest(policies_dir: str | Path, names: list[str]) -> dict[str, str]:
    folder = training_dir(policies_dir)
    return {n: hashlib.sha256((folder / n).read_bytes()).hexdigest() if (folder / n).is_file() else "" for n in names}


def load_second_opinion(policies_dir: str | Path, needed: list[str], encoder_digest: str | None) -> SecondOpinion:
    """The artifact for the rules ``needed``, checked against the training files it was built from
    and the answer encoder it read; ConfigError when missing, stale or lacking a rule."""
    path = artifact_path(policies_dir)
    model: SecondOpinion = open_artifact(
        path, read, f"second opinions of {sorted(needed)}", "second-opinion model", REBUILD
    )
    built = model.meta.get("files", {})
    changed = sorted(n for n, digest in files_digest(policies_dir, sorted(built)).items() if digest != built[n])
    if changed:
        raise ConfigError(
            f"training data changed since it was built (changed: {', '.join(changed)}); {REBUILD}", file=str(path)
        )
    if model.meta.get("encoder") != encoder_digest:
        raise ConfigError(f"it was built on another answer encoder than classifier.npz's; {REBUILD}", file=str(path))
    missing = sorted(k for k in needed if k not in model.keys)
    if missing:
        raise ConfigError(f"the second-opinion model has no rule {missing}; {REBUILD}", file=str(path))
    return model


def build(pset, embedder) -> tuple[Path, str, dict]:
    """Build the artifact from ``policies/training`` (split ``train``) and the answer encoder of
    ``classifier.npz``, for ``pset`` (a ``PolicySet`` loaded with its classifier and without a second
    opinion): ~3 min on one thread (one pass of the answer encoder per item, one 6-layer embedding per
    distinct sentence, then a logistic regression per rule). Returns (path, sha256, per-rule counts)."""
    import torch
    from sklearn.linear_model import LogisticRegression

    from ..yamlfile import load_yaml
    from .answer_heads import answer_sentence_spans, unit_labels
    from .encoder import encoder_for
    from .training import load_training_set, training_files

    torch.set_num_threads(1)  # the serving setting: the vectors it stores are the ones serving computes
    policies_dir = pset.directory
    heads = pset.classifier.heads if pset.classifier else {}
    keys = sorted(k for k, h in heads.items() if h.trunk is not None and h.encoder is None)
    if not keys:
        raise ConfigError("no answer heads in classifier.npz: run `llmgateway policy train` first")
    trunk = heads[keys[0]].trunk
    assert trunk is not None
    encoder = encoder_for(embedder, trunk.encoder, trunk.delta)
    data = load_training_set(policies_dir)
    train = [e for e in data.examples if e.split == "train" and (e.key in keys or e.key == "*") and not e.heads]
    units, labels, sentences = [], [], []
    for example in train:
        spans = answer_sentence_spans(example.text)
        vectors, _ = encoder.pool(example.text, spans)
        units.append(vectors)
        labels.append(unit_labels(example, keys)[: len(spans)])
        sentences += [example.text[s:e].strip() for s, e in spans]
    unit_array, label_array = np.vstack(units), np.vstack(labels)
    distinct = sorted(set(sentences))
    embedded = dict(zip(distinct, embedder.embed(distinct, cache=False)))
    x = np.stack([embedded[s] for s in sentences])
    weights, bias, counts = np.zeros((len(keys), x.shape[1]), np.float32), np.zeros(len(keys), np.float32), {}
    for j, key in enumerate(keys):
        known = label_array[:, j] >= 0
        model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
        model.fit(x[known], label_array[known, j])
        weights[j], bias[j] = model.coef_[0], model.intercept_[0]
        counts[key] = int((label_array[:, j] == 1).sum())
    used = [p.name for p in training_files(policies_dir) if _feeds(load_yaml(p, empty={}).data or {}, p.stem, keys)]
    meta = {"encoder": trunk.encoder.get("tuned"), "files": files_digest(policies_dir, used), "k": K}
    path = artifact_path(policies_dir)
    return path, save(path, SecondOpinion(keys, unit_array, label_array, weights, bias, meta)), counts


def _feeds(document: dict, stem: str, keys: list[str]) -> bool:
    """Whether a training file has items for the answer rules (or ordinary ``"*"`` text); a file that names
    its window ``heads`` has none."""
    if document.get("heads"):
        return False
    policy = document.get("policy") or stem
    for item in document.get("items", []):
        rule = str(item.get("rule"))
        if rule == "*" or rule in keys or f"{policy}/{rule}" in keys:
            return True
    return False
