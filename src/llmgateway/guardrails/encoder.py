"""One MiniLM pass per answer: contextual sentence vectors and the whole-answer vector, together.

The output classifier heads judge every sentence of an answer and the answer as a whole. Embedding
each sentence on its own (a padded batch) and then averaging them costs one model pass per sentence
and loses the context a sentence is read in ("...; that is not a promise."). Here the answer is
tokenised once and run through MiniLM once; each sentence's vector is the mean of the final token
states inside its character span, and the whole answer's is the mean over all its tokens — the same
mean pooling the sentence-transformer uses, applied to spans of one pass. Training
(``guardrails/train.py``) builds its units the same way, so heads see at serving time what they
learnt on.

Long texts: ``MAX_TOKENS``-token windows with a stride of ``STRIDE`` (each token taken from the
window where it sits furthest from an edge), so the cost stays linear in the text length.
"""

from __future__ import annotations

import hashlib
import threading
import warnings
from collections.abc import Sequence

import numpy as np

DIMENSIONS = 384
MAX_TOKENS = 256  # all-MiniLM-L6-v2's sequence limit in sentence-transformers
STRIDE = 192
# The answer heads' encoder: MiniLM's first 2 layers, int8. Measured on a 120-word answer, one thread,
# on this 2-core machine under load: all 6 layers fp32 ~108 ms, int8 ~53 ms, 3 layers int8 ~33 ms,
# 2 layers int8 ~20-30 ms (bench/bench_guardrails.py). `policy train` records it in the artifact.
ANSWER_ENCODER = {"layers": 2, "int8": True}


class TokenEncoder:
    """Token states of a text from the shared ``Embedder``'s MiniLM, pooled over character spans.

    ``layers``: use only MiniLM's first N transformer layers (None: all 6); ``int8``: dynamic int8
    quantisation of its linear layers. Both cut the cost of the answer pass (the budget is 25 ms for
    a 120-word answer on one thread); the trained artifact records which encoder its heads were
    trained on (``config``) and serving builds the same one from the same packaged weights."""

    def __init__(
        self, embedder, layers: int | None = None, int8: bool = False, delta: dict[str, np.ndarray] | None = None
    ):
        """``delta``: the fine-tuned low-rank updates of the layers (``tuning.py``; from the artifact),
        merged into a copy of the packaged weights before quantisation; None: the packaged weights."""
        self.embedder = embedder  # llmgateway.embeddings.Embedder (its model is loaded lazily)
        self.layers = layers
        self.int8 = int8
        self.delta = delta or {}
        self._lock = threading.Lock()
        self._parts = None

    @property
    def config(self) -> dict:
        return {"layers": self.layers, "int8": self.int8, "tuned": delta_digest(self.delta)}

    def float_layers(self):
        """(tokenizer, an fp32 copy of the first ``layers`` layers with the packaged weights) to tune."""
        import copy

        st = self.embedder._load()
        model = copy.deepcopy(st[0].auto_model)
        if self.layers is not None:
            model.encoder.layer = model.encoder.layer[: self.layers]
        return st.tokenizer, model

    def _model(self):
        if self._parts is None:
            with self._lock:
                if self._parts is None:
                    import copy

                    import torch

                    st = self.embedder._load()
                    model = st[0].auto_model
                    if self.layers is not None or self.int8 or self.delta:
                        model = copy.deepcopy(model)  # the shared embedder keeps its full model
                        if self.layers is not None:
                            model.encoder.layer = model.encoder.layer[: self.layers]
                        if self.delta:
                            from .tuning import merge

                            merge(model, self.delta)
                        if self.int8:
                            with warnings.catch_warnings():  # torch marks eager quantisation as deprecated
                                warnings.simplefilter("ignore")
                                model = torch.ao.quantization.quantize_dynamic(
                                    model, {torch.nn.Linear}, dtype=torch.qint8
                                )
                    model.eval()
                    # its own tokenizer: a fast tokenizer's padding/truncation settings are state on the
                    # Rust object, and the shared embedder pads batches from other threads at the same time
                    # (an input's semantic rule raised "expected sequence of length 61 ... (got 43)" when
                    # this pass, which never pads, reset the shared tokenizer under it)
                    self._parts = (copy.deepcopy(st.tokenizer), model)
        return self._parts

    def token_states(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(states (T, 384), offsets (T, 2)) for the text's word-piece tokens, specials excluded."""
        import torch

        tokenizer, model = self._model()
        # verbose=False: the tokenizer warns when a text is longer than the model's 256 tokens, but the
        # text is never fed whole — the loop below runs it in windows that cover every token
        enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
        ids, offsets = enc["input_ids"], np.array(enc["offset_mapping"], dtype=np.int64).reshape(-1, 2)
        if not ids:
            return np.zeros((0, DIMENSIONS), dtype=np.float32), offsets
        body = MAX_TOKENS - 2
        starts = list(range(0, max(1, len(ids) - body + STRIDE), STRIDE)) if len(ids) > body else [0]
        states = np.zeros((len(ids), DIMENSIONS), dtype=np.float32)
        best = np.full(len(ids), -1, dtype=np.int64)  # distance from the nearest window edge
        cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
        with torch.inference_mode():
            for start in starts:
                piece = ids[start : start + body]
                tensor = torch.tensor([[cls, *piece, sep]])
                out = model(input_ids=tensor, attention_mask=torch.ones_like(tensor)).last_hidden_state[0, 1:-1]
                positions = np.arange(start, start + len(piece))
                far = len(ids) + body  # the text's own start and end are no window edge
                left = positions - start if start > 0 else np.full(len(piece), far)
                right = start + len(piece) - 1 - positions if start + len(piece) < len(ids) else far
                edge = np.minimum(left, right)
                take = edge > best[positions]
                states[positions[take]] = out.numpy()[take]
                best[positions[take]] = edge[take]
        return states, offsets

    def pool(self, text: str, spans: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
        """(unit vectors (len(spans), 384), whole-text vector (384,)), L2-normalised."""
        states, offsets = self.token_states(text)
        return pool_spans(states, offsets, spans)


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def pool_spans(
    states: np.ndarray, offsets: np.ndarray, spans: Sequence[tuple[int, int]]
) -> tuple[np.ndarray, np.ndarray]:
    units = np.zeros((len(spans), DIMENSIONS), dtype=np.float32)
    if not len(states):
        return units, np.zeros(DIMENSIONS, dtype=np.float32)
    for i, (start, end) in enumerate(spans):
        inside = (offsets[:, 0] >= start) & (offsets[:, 1] <= end)
        if inside.any():
            units[i] = _unit(states[inside].mean(axis=0))
    return units, _unit(states.mean(axis=0)).astype(np.float32)


def delta_digest(delta: dict[str, np.ndarray]) -> str | None:
    """A short sha256 of fine-tuned layer updates (None: the packaged weights as they are)."""
    if not delta:
        return None
    digest = hashlib.sha256()
    for name in sorted(delta):
        digest.update(name.encode() + np.ascontiguousarray(delta[name], dtype=np.float32).tobytes())
    return digest.hexdigest()[:16]


def owner_of(source):
    """The ``Embedder`` itself, or the one an ``Embedder.embed`` callable belongs to."""
    owner = source if hasattr(source, "_load") else getattr(source, "__self__", None)
    if owner is None or not hasattr(owner, "_load"):
        raise RuntimeError("answer classifier rules need the MiniLM embedder (pass Embedder.embed)")
    return owner


def encoder_for(source, config: dict | None = None, delta: dict[str, np.ndarray] | None = None) -> TokenEncoder:
    """The token encoder (of ``config``: layers, int8; ``delta``: fine-tuned layer updates) over an
    ``Embedder`` or the embedder an ``Embedder.embed`` callable belongs to; one per embedder, config
    and delta."""
    owner = owner_of(source)
    config = {"layers": None, "int8": False, **(config or {})}
    encoders = owner.__dict__.setdefault("_token_encoders", {})
    # a trunk's config records its delta's digest (read_artifact checks it): hashing the delta's ~14 MB on
    # every answer cost ~2 ms of the output rails' budget, so it is hashed only when the encoder is built
    recorded = config.get("tuned") if delta else None
    key = (config["layers"], config["int8"], recorded or delta_digest(delta or {}))
    if key not in encoders:
        if recorded and delta_digest(delta or {}) != recorded:
            raise ValueError(f"encoder config records tuned={recorded!r}, but its delta's digest differs")
        encoders[key] = TokenEncoder(owner, config["layers"], config["int8"], delta)
    return encoders[key]
