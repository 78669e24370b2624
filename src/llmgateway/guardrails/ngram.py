"""A second input reader beside the window heads: a linear model over hashed word and character
n-grams (issue #15, input side, eleventh pass).

The window heads read a frozen *English* MiniLM cut to two layers; German, French or Turkish text
reaches them as word pieces the model barely knows. This reader is not bound to any tokenizer: the
text is NFKC-normalised and case-folded, and its features are the character 3-, 4- and 5-grams of
the whole text (across word boundaries, so "anweisungen" and "instrucciones" share pieces with
their inflections) and its word unigrams and bigrams, each hashed into ``BUCKETS`` buckets
(fastText-style; the hash is our own, so it is the same in every process). A unit's vector is
log(1 + count) per bucket, L2-normalised; its score is one logistic regression per rule.

Units: overlapping character windows of ``WINDOW_CHARS`` (stride ``WINDOW_STRIDE``) that cover the
whole text — a short question is one window — and, when the text has several sentences, its
sentences (of a long text only those of ``MIN_SENTENCE_WORDS``+ words), as the heads read them. Any
unit over the rule's n-gram threshold blocks, beside the head (``rules.CompiledRule``). A verdict
names the n-grams that carried the unit (``explain``): the largest contributions to its score.

Serving costs a few numpy operations per unit (well under a millisecond for a question). Training is
``ngram_train.py`` (on the heads' training files and its own, ``policies/training/ngram/``); the
artifact is ``policies/training/ngram.npz``.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np

from .input_units import with_sentences

BUCKETS = 1 << 18
CHAR_N = (3, 4, 5)
WINDOW_CHARS = 512
WINDOW_STRIDE = 256
_SHIFT = np.uint64(64 - 18)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: spreads the rolling hash over the buckets
_PRIME = np.uint64(1000003)
_WORD = re.compile(r"\w+")


def normalize(text: str) -> str:
    """NFKC, case-folded, runs of whitespace as one space, padded by a space at each end."""
    return " " + " ".join(unicodedata.normalize("NFKC", text).casefold().split()) + " "


def _char_hashes(text: str) -> list[np.ndarray]:
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    out = []
    for n in CHAR_N:
        count = len(codes) - n + 1
        if count <= 0:
            continue
        h = np.full(count, n, dtype=np.uint64)  # the length salts the hash: "abc" and "abcd" differ
        for k in range(n):
            h = h * _PRIME + codes[k : k + count]
        out.append(h)
    return out


def _word_grams(text: str) -> list[str]:
    words = _WORD.findall(text)
    return [f"w {w}" for w in words] + [f"b {a} {b}" for a, b in zip(words, words[1:])]


def _buckets(text: str) -> np.ndarray:
    """The bucket of every n-gram of a normalised text (character n-grams first, then words)."""
    words = np.array([zlib.crc32(g.encode()) for g in _word_grams(text)], dtype=np.uint64)
    hashes = np.concatenate([*_char_hashes(text), words + np.uint64(1 << 40)])
    return ((hashes * _MIX) >> _SHIFT).astype(np.int64)


def features(text: str) -> tuple[np.ndarray, np.ndarray]:
    """(bucket indices, values) of a unit: log(1 + count), L2-normalised; empty for an empty text."""
    buckets = _buckets(normalize(text))
    if not len(buckets):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    index, counts = np.unique(buckets, return_counts=True)
    values = np.log1p(counts).astype(np.float32)
    return index, values / np.float32(np.linalg.norm(values))


def unit_spans(text: str) -> tuple[list[tuple[int, int]], int]:
    """(character windows covering the text — one when it is short — then its sentences, as the heads
    take them: only when there are several, and of a long text only the longer ones; number of windows)."""
    length = len(text)
    if length <= WINDOW_CHARS:
        windows = [(0, length)]
    else:
        starts = list(range(0, length - WINDOW_CHARS + 1, WINDOW_STRIDE))
        if starts[-1] + WINDOW_CHARS < length:
            starts.append(length - WINDOW_CHARS)
        windows = [(s, s + WINDOW_CHARS) for s in starts]
    return with_sentences(text, windows)


@dataclass
class NgramRule:
    """One rule's linear model over the hashed n-grams."""

    key: str
    weights: np.ndarray  # (BUCKETS,) float32
    bias: float
    threshold: float
    metrics: dict

    def score(self, index: np.ndarray, values: np.ndarray) -> float:
        if not len(index):
            return 0.0
        return float(1.0 / (1.0 + np.exp(-(float(self.weights[index] @ values) + self.bias))))

    def scores(self, text: str, spans: list[tuple[int, int]]) -> np.ndarray:
        return np.array([self.score(*features(text[s:e])) for s, e in spans], dtype=np.float64)

    def explain(self, unit: str, count: int = 5) -> list[str]:
        """The words of ``unit`` (normalised) that added most to its score, strongest first: each
        n-gram's contribution (weight × value) is shared among the words it touches, so a verdict reads
        "ignorer", "instruksjoner" rather than hash buckets."""
        text = normalize(unit)
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        if not words:
            return []
        index, values = features(unit)
        value = dict(zip(index.tolist(), values.tolist()))
        buckets = _buckets(text).tolist()
        spans = [(i, i + n) for n in CHAR_N for i in range(len(text) - n + 1)]
        spans += [(s, e) for s, e, _ in words] + [(a[0], b[1]) for a, b in zip(words, words[1:])]
        credit = np.zeros(len(words))
        starts = np.array([s for s, _, _ in words])
        ends = np.array([e for _, e, _ in words])
        for (s, e), bucket in zip(spans, buckets):
            touched = np.flatnonzero((starts < e) & (ends > s))
            if len(touched):
                credit[touched] += float(self.weights[bucket]) * value[bucket] / len(touched)
        chosen: list[str] = []
        for i in np.argsort(-credit, kind="stable"):
            if credit[i] <= 0 or len(chosen) >= count:
                break
            if words[i][2] not in chosen:
                chosen.append(words[i][2])
        return chosen


ARTIFACT = "ngram.npz"
# the reader's own training data, beside the heads' files: ``training/ngram/*.yaml`` trains the reader
# (with every file the heads read) and is read by nothing else, so data added for it never makes
# ``classifier.npz`` stale; ``ngram.npz`` records the hash of both and refuses to load when either changed
FOLDER = "ngram"
FORMAT = 1
REBUILD = "run `llmgateway policy train --group ngram` to rebuild it"


@dataclass
class NgramModel:
    rules: dict[str, NgramRule]
    meta: dict
    hash: str = ""  # sha256 of the artifact file


def save_ngram(path, rules: dict[str, NgramRule], meta: dict) -> str:
    """Deterministic bytes (fixed key order, weights rounded and stored as float16); returns the sha256."""
    from .classifier import write_npz

    keys = sorted(rules)
    info = {k: {"threshold": rules[k].threshold, "bias": rules[k].bias, "metrics": rules[k].metrics} for k in keys}
    meta = {**meta, "format": FORMAT, "buckets": BUCKETS, "char_n": list(CHAR_N), "rules": info}
    weights = np.stack([rules[k].weights for k in keys]) if keys else np.zeros((0, BUCKETS))
    stored: dict[str, np.ndarray] = {
        "meta": np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8),
        "weights": np.round(weights, 4).astype(np.float16),
    }
    return write_npz(path, stored, compressed=True)


def read_ngram(path) -> NgramModel:
    from .classifier import read_npz

    meta, arrays, digest = read_npz(path)
    if meta.get("format") != FORMAT or meta.get("buckets") != BUCKETS or meta.get("char_n") != list(CHAR_N):
        raise ValueError(f"format {meta.get('format')} / {meta.get('buckets')} buckets, this gateway reads {FORMAT}")
    rules = {
        key: NgramRule(
            key, arrays["weights"][i].astype(np.float32), float(r["bias"]), float(r["threshold"]), r["metrics"]
        )
        for i, (key, r) in enumerate(sorted(meta["rules"].items()))
    }
    return NgramModel(rules, meta, digest)


def load_ngram(policies_dir, needed: list[str]) -> NgramModel | None:
    """The n-gram model for the rules ``needed``, checked against the training data on disk; None when
    no rule asks for one. ConfigError when it is missing, stale or lacks a rule."""
    from ..errors import ConfigError
    from .classifier import check_trained_on, open_artifact
    from .training import training_dir

    if not needed:
        return None
    path = training_dir(policies_dir) / ARTIFACT
    model: NgramModel = open_artifact(path, read_ngram, f"n-gram readers of {sorted(needed)}", "n-gram model", REBUILD)
    check_trained_on(model.meta, policies_dir, path, "the n-gram model", REBUILD, extra=(FOLDER,))
    missing = sorted(k for k in needed if k not in model.rules)
    if missing:
        raise ConfigError(f"the n-gram model has no rule {missing}; {REBUILD}", file=str(path))
    return model
