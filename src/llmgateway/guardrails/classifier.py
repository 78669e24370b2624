"""The trained classifier heads (``policies/training/classifier.npz``) and how a rule uses them.

Window (input) rules: one small MLP per rule (its own ``Trunk`` with one output) over the token
windows and sentences of one pass of the frozen 2-layer int8 MiniLM (``input_units.py``; the artifact
records that encoder as ``window_encoder``). Sentence (answer) rules: one small MLP shared by all of them (``Trunk``: 384 → hidden ReLU →
one logit per rule) over the contextual sentence and whole-answer vectors of one MiniLM pass
(``encoder.py``, trained in ``answer_heads.py``). Either way microseconds per rule. Beside the heads the
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
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import ConfigError
from .encoder import delta_digest
from .training import data_hash, training_dir

ARTIFACT = "classifier.npz"
TRUNK_ARRAYS = ("weights", "bias", "out_weights", "out_bias")
# 3: the answer encoder's fine-tuned layer updates (``lora.*`` arrays, fp16);
# 4: and window (input) heads read pooled units of one cheap pass (``window_encoder``)
FORMAT = 4
LORA = "lora."


@dataclass
class Trunk:
    """The hidden layer shared by the answer heads, and every answer head's output weights."""

    weights: np.ndarray  # (384, hidden)
    bias: np.ndarray  # (hidden,)
    out_weights: np.ndarray  # (hidden, rules)
    out_bias: np.ndarray  # (rules,)
    encoder: dict = field(default_factory=dict)  # the TokenEncoder config its inputs come from
    delta: dict[str, np.ndarray] = field(default_factory=dict)  # its fine-tuned layer updates (tuning.py)

    def hidden(self, vectors: np.ndarray) -> np.ndarray:
        return np.maximum(vectors @ self.weights + self.bias, 0.0)

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """(units, rules) probabilities of every answer head at once."""
        return 1.0 / (1.0 + np.exp(-(self.hidden(vectors) @ self.out_weights + self.out_bias)))


@dataclass
class Head:
    key: str  # policy/rule
    weights: np.ndarray  # (384,)
    bias: float
    threshold: float
    bank: np.ndarray  # (k, 384) float32 unit vectors of training violations
    bank_texts: list[str]
    metrics: dict
    trunk: Trunk | None = None  # answer heads: ``weights`` apply to the trunk's hidden layer
    encoder: dict | None = None  # window heads: the TokenEncoder config their units come from; their
    # ``trunk`` is then their own MLP (answer heads share one trunk and have no ``encoder``)

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        if not len(vectors):
            return np.zeros(0, dtype=np.float32)
        features = self.trunk.hidden(vectors) if self.trunk is not None else vectors
        return 1.0 / (1.0 + np.exp(-(features @ self.weights + self.bias)))

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
    linear = [k for k in keys if heads[k].trunk is None]
    window = [k for k in keys if heads[k].trunk is not None and heads[k].encoder is not None]
    answer = [k for k in keys if heads[k].trunk is not None and heads[k].encoder is None]
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
                "trunk": k in answer,
                "window": k in window,
            }
            for k in keys
        },
        "bank_texts": texts,
    }
    weights = np.stack([heads[k].weights for k in linear]).astype(np.float32) if linear else np.zeros((0, 384))
    bank = np.concatenate([heads[k].bank for k in keys]) if keys else np.zeros((0, 384))
    arrays: dict[str, np.ndarray] = {}
    tuned: dict[str, np.ndarray] = {}
    if linear or window:
        meta["window_encoder"] = heads[(linear or window)[0]].encoder
    if answer:
        trunk = heads[answer[0]].trunk
        assert trunk is not None
        meta["encoder"] = trunk.encoder
        arrays = {
            "trunk_weights": trunk.weights,
            "trunk_bias": trunk.bias,
            "out_weights": np.stack([heads[k].weights for k in answer], axis=1),
            "out_bias": np.array([heads[k].bias for k in answer]),
        }
        tuned = {f"{LORA}{name}": a.astype(np.float16) for name, a in trunk.delta.items()}
    for i, k in enumerate(window):  # each window head has its own small MLP
        own = heads[k].trunk
        assert own is not None
        arrays |= {
            f"window{i}_{n}": a for n, a in zip(TRUNK_ARRAYS, (own.weights, own.bias, own.out_weights, own.out_bias))
        }
    stored: dict[str, np.ndarray] = {
        "meta": np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8),
        "weights": np.round(weights, 5).astype(np.float32),
        "bank": np.clip(np.round(bank * 127), -127, 127).astype(np.int8),
        **{name: np.round(a, 5).astype(np.float32) for name, a in arrays.items()},
        **tuned,
    }
    return write_npz(path, stored)


def write_npz(path: Path, stored: dict[str, np.ndarray], compressed: bool = False) -> str:
    """Write arrays (with a ``meta`` JSON array) as one .npz; returns the file's sha256."""
    buffer = io.BytesIO()
    save = np.savez_compressed if compressed else np.savez
    save(buffer, **stored)  # type: ignore[arg-type]  # (numpy's stub types the kwargs as bool)
    raw = buffer.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return hashlib.sha256(raw).hexdigest()


def read_npz(path: Path) -> tuple[dict, dict[str, np.ndarray], str]:
    """(meta, the other arrays, sha256 of the file) of an artifact written by ``write_npz``."""
    raw = path.read_bytes()
    with np.load(io.BytesIO(raw)) as data:
        meta = json.loads(bytes(data["meta"]).decode())
        arrays = {name: data[name] for name in data.files if name != "meta"}
    return meta, arrays, hashlib.sha256(raw).hexdigest()


def unit_rows(stored: np.ndarray) -> np.ndarray:
    """int8 rows (vectors stored as round(v * 127)) back to unit vectors."""
    rows = stored.astype(np.float32) / 127.0
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms == 0, 1, norms)


def open_artifact(path: Path, reader, rules: str, name: str, rebuild: str):
    """``reader(path)``; ConfigError (naming the file and how to rebuild it) when missing or unreadable."""
    if not path.is_file():
        raise ConfigError(f"{rules} need a trained model, but {path} is missing; {rebuild}")
    try:
        return reader(path)
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"the {name} is unreadable ({exc}); {rebuild}", file=str(path)) from None


def read_artifact(path: Path) -> ClassifierModel:
    meta, arrays, digest = read_npz(path)
    if meta.get("format") != FORMAT:
        raise ValueError(f"artifact format {meta.get('format')}, this gateway reads format {FORMAT}")
    bank = unit_rows(arrays["bank"])
    trunk = None
    if "trunk_weights" in arrays:
        delta = {name[len(LORA) :]: a.astype(np.float32) for name, a in arrays.items() if name.startswith(LORA)}
        encoder = meta.get("encoder", {})
        if encoder.get("tuned") != delta_digest(delta):
            raise ValueError("its fine-tuned encoder layers do not match the digest it records")
        trunk = Trunk(
            arrays["trunk_weights"], arrays["trunk_bias"], arrays["out_weights"], arrays["out_bias"], encoder, delta
        )
    heads, offset, texts = {}, 0, meta.pop("bank_texts")
    linear = answer = window = 0
    for key, info in sorted(meta["rules"].items()):
        size = info["bank"]
        if info.get("window"):
            w1, b1, w2, b2 = (arrays[f"window{window}_{n}"] for n in TRUNK_ARRAYS)
            head_trunk = Trunk(w1, b1, w2, b2, meta["window_encoder"])
            weights, window = head_trunk.out_weights[:, 0], window + 1
        elif info.get("trunk"):
            assert trunk is not None
            weights, head_trunk, answer = trunk.out_weights[:, answer], trunk, answer + 1
        else:
            weights, head_trunk, linear = arrays["weights"][linear], None, linear + 1
            if "window_encoder" not in meta:
                raise ValueError("no window_encoder recorded for its window heads")
        heads[key] = Head(
            key,
            weights,
            float(info["bias"]),
            float(info["threshold"]),
            bank[offset : offset + size],
            texts[offset : offset + size],
            info.get("metrics", {}),
            head_trunk,
            meta["window_encoder"] if info.get("window") or head_trunk is None else None,
        )
        offset += size
    return ClassifierModel(heads, meta, digest)


def check_trained_on(
    meta: dict, policies_dir: str | Path, path: Path, name: str, retrain: str, extra: tuple[str, ...] = ()
) -> None:
    """ConfigError (naming the changed files) when the training data on disk — ``training/`` and the
    subfolders ``extra`` — is not what ``meta`` records."""
    current, files = data_hash(policies_dir, extra)
    if meta.get("data_hash") != current:
        trained = meta.get("files", {})
        changed = sorted(n for n in set(trained) | set(files) if trained.get(n) != files.get(n))
        raise ConfigError(
            f"training data changed since {name} was trained (changed: {', '.join(changed)}); "
            f"refusing to serve a model that does not match its data — {retrain}",
            file=str(path),
        )


def load_classifier(policies_dir: str | Path, needed: list[str]) -> ClassifierModel | None:
    """The trained model for the rules ``needed`` (policy/rule keys), checked against the training
    data on disk; None when no rule needs one. Raises ConfigError when it is missing or stale."""
    if not needed:
        return None
    path = artifact_path(policies_dir)
    retrain = "run `llmgateway policy train` to rebuild it"
    model = open_artifact(path, read_artifact, f"classifier rules {sorted(needed)}", "classifier model", retrain)
    check_trained_on(model.meta, policies_dir, path, "the classifier", retrain)
    missing = sorted(k for k in needed if k not in model.heads)
    if missing:
        raise ConfigError(f"the classifier model has no head for {missing}; {retrain}", file=str(path))
    return model
