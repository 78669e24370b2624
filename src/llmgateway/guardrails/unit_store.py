"""The input units' vectors of ``policy train`` kept on disk across runs (issue #15: training cost).

The input heads read units pooled from a *frozen* encoder (``INPUT_ENCODER`` over the packaged MiniLM),
so a training text's units and their (rounded) vectors never change while the encoder, the unit
recipe and ``MAX_WINDOWS`` stay the same. Encoding ~11,000 training texts, some of them long
role-plays, is a large part of an input retrain on 2 shared cores; with the store a retrain encodes
only texts it has not seen. The result is the same bytes: what is stored is exactly what the
encoding gave (float32, already rounded), looked up by the text's sha256.

One file per encoder and recipe (``<key>.npz`` in a folder ``policy train --unit-cache`` names, by
default ``~/.cache/llmgateway/input-units``); the key hashes the encoder's config, the packaged
model's weights file, the unit recipe (``input_units``' constants and ``UNIT_RECIPE``) and
``MAX_WINDOWS`` — not the fit's ``INPUT_RECIPE``: a change to how the heads are fitted reuses the store. An unreadable file is ignored (encoded afresh and rewritten).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np

from . import input_units as units_module
from .encoder import TokenEncoder

Entry = tuple[list[str], np.ndarray, int]  # unit texts, vectors (units, 384), number of windows


def default_dir() -> Path:
    return Path.home() / ".cache" / "llmgateway" / "input-units"


def _model_identity(encoder: TokenEncoder) -> str:
    """The packaged weights' file (name, size, mtime) the encoder is built from."""
    from ..embeddings import minilm_model_dir

    folder = Path(encoder.embedder._model_dir or minilm_model_dir())
    files = sorted(folder.rglob("*.safetensors")) or sorted(folder.rglob("*.bin"))
    return json.dumps([[str(f.relative_to(folder)), f.stat().st_size, int(f.stat().st_mtime)] for f in files])


class UnitStore:
    def __init__(self, path: Path):
        self.path = path
        self._loaded: set[str] = set()

    @classmethod
    def beside(cls, folder: Path, encoder: TokenEncoder, max_windows: int) -> UnitStore:
        recipe = {
            "encoder": encoder.config,
            "model": _model_identity(encoder),
            "unit_recipe": units_module.UNIT_RECIPE,
            "units": [units_module.WINDOW_TOKENS, units_module.WINDOW_STRIDE, units_module.MIN_SENTENCE_WORDS],
            "max_windows": max_windows,
        }
        key = hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()[:24]
        return cls(Path(folder) / f"{key}.npz")

    def load(self) -> dict[str, Entry]:
        """text -> entry, for the texts the store holds (nothing when it is missing or unreadable)."""
        if not self.path.is_file():
            return {}
        try:
            with np.load(self.path, allow_pickle=False) as data:
                meta = json.loads(bytes(data["meta"]).decode())
                vectors = data["vectors"]
        except (OSError, ValueError, KeyError):
            return {}
        found: dict[str, Entry] = {}
        for text, texts, start, windows in meta:
            found[text] = (texts, vectors[start : start + len(texts)].copy(), windows)
        self._loaded = set(found)
        return found

    def save(self, cache: dict[str, Entry]) -> None:
        """Write ``cache`` (every text seen so far) when it holds a text the file did not."""
        if set(cache) <= self._loaded:
            return
        meta, rows, start = [], [], 0
        for text in sorted(cache):
            texts, vecs, windows = cache[text]
            meta.append([text, texts, start, windows])
            rows.append(vecs.astype(np.float32))
            start += len(texts)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".npz")
        os.close(handle)
        blob = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), dtype=np.uint8)
        np.savez(tmp, meta=blob, vectors=np.vstack(rows) if rows else np.zeros((0, 384), np.float32))
        os.replace(tmp, self.path)
        self._loaded = set(cache)
