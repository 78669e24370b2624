"""The trained classifier heads (``policies/training/classifier.npz``) and how a rule uses them.

One logistic-regression head per classifier rule over the frozen MiniLM sentence embedding the
gateway already computes: a dot product per sentence, microseconds per rule. Beside the heads the
artifact keeps a small bank of each rule's training violations (int8 vectors and the texts) so a
verdict can name the closest training examples — a reviewer sees *why* a sentence was flagged.

The artifact records the hash of the training data it was built from. ``load_classifier`` refuses
(ConfigError) a model whose training data changed since ``policy train``, or one that lacks a head a
rule needs: the gateway does not start, and a reload keeps the last good set.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ConfigError
from .training import data_hash, training_dir

ARTIFACT = "classifier.npz"
FORMAT = 1


@dataclass
class Head:
    key: str  # policy/rule
    weights: np.ndarray  # (384,)
    bias: float
    threshold: float
    bank: np.ndarray  # (k, 384) float32 unit vectors of training violations
    bank_texts: list[str]
    metrics: dict

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        if not len(vectors):
            return np.zeros(0, dtype=np.float32)
        return 1.0 / (1.0 + np.exp(-(vectors @ self.weights + self.bias)))

    def nearest(self, vector: np.ndarray, count: int) -> list[dict]:
        if count <= 0 or not len(self.bank):
            return []
        sims = self.bank @ vector
        order = np.argsort(-sims, kind="stable")[:count]
        return [{"text": self.bank_texts[i], "similarity": round(float(sims[i]), 3)} for i in order]


@dataclass
class ClassifierModel:
    heads: dict[str, Head]
    meta: dict
    hash: str  # sha256 of the artifact file

    def head(self, key: str) -> Head | None:
        return self.heads.get(key)


def artifact_path(policies_dir: str | Path) -> Path:
    return training_dir(policies_dir) / ARTIFACT


def save_artifact(path: Path, heads: dict[str, Head], meta: dict) -> str:
    """Write the artifact deterministically (fixed key order, rounded floats); returns its sha256."""
    keys = sorted(heads)
    texts = [t for k in keys for t in heads[k].bank_texts]
    meta = {
        **meta,
        "format": FORMAT,
        "rules": {
            k: {
                "threshold": heads[k].threshold,
                "bias": heads[k].bias,
                "bank": len(heads[k].bank_texts),
                "metrics": heads[k].metrics,
            }
            for k in keys
        },
        "bank_texts": texts,
    }
    weights = np.stack([heads[k].weights for k in keys]).astype(np.float32) if keys else np.zeros((0, 384))
    bank = np.concatenate([heads[k].bank for k in keys]) if keys else np.zeros((0, 384))
    buffer = io.BytesIO()
    np.savez(
        buffer,
        meta=np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8),
        weights=np.round(weights, 5).astype(np.float32),
        bank=np.clip(np.round(bank * 127), -127, 127).astype(np.int8),
    )
    raw = buffer.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return hashlib.sha256(raw).hexdigest()


def read_artifact(path: Path) -> ClassifierModel:
    raw = path.read_bytes()
    with np.load(io.BytesIO(raw)) as data:
        meta = json.loads(bytes(data["meta"]).decode())
        weights, bank_q = data["weights"], data["bank"]
    bank = bank_q.astype(np.float32) / 127.0
    norms = np.linalg.norm(bank, axis=1, keepdims=True)
    bank = bank / np.where(norms == 0, 1, norms)
    heads, offset, texts = {}, 0, meta.pop("bank_texts")
    for i, (key, info) in enumerate(sorted(meta["rules"].items())):
        size = info["bank"]
        heads[key] = Head(
            key,
            weights[i],
            float(info["bias"]),
            float(info["threshold"]),
            bank[offset : offset + size],
            texts[offset : offset + size],
            info.get("metrics", {}),
        )
        offset += size
    return ClassifierModel(heads, meta, hashlib.sha256(raw).hexdigest())


def load_classifier(policies_dir: str | Path, needed: list[str]) -> ClassifierModel | None:
    """The trained model for the rules ``needed`` (policy/rule keys), checked against the training
    data on disk; None when no rule needs one. Raises ConfigError when it is missing or stale."""
    if not needed:
        return None
    path = artifact_path(policies_dir)
    retrain = "run `llmgateway policy train` to rebuild it"
    if not path.is_file():
        raise ConfigError(f"classifier rules {sorted(needed)} need a trained model, but {path} is missing; {retrain}")
    try:
        model = read_artifact(path)
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"the classifier model is unreadable ({exc}); {retrain}", file=str(path)) from None
    current, files = data_hash(policies_dir)
    if model.meta.get("data_hash") != current:
        trained = model.meta.get("files", {})
        changed = sorted(n for n in set(trained) | set(files) if trained.get(n) != files.get(n))
        raise ConfigError(
            f"training data changed since the classifier was trained (changed: {', '.join(changed)}); "
            f"refusing to serve a model that does not match its data — {retrain}",
            file=str(path),
        )
    missing = sorted(k for k in needed if k not in model.heads)
    if missing:
        raise ConfigError(f"the classifier model has no head for {missing}; {retrain}", file=str(path))
    return model
