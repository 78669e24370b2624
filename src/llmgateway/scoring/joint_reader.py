"""The fine-tuned extractive reader: the question and the window read together by all of MiniLM (issue 11 round 20).

Rounds 7 and 9 read the question and the window through the entailment verifier's *frozen* encoder (MiniLM's
first 4 layers, int8, each text alone) and let one fine-tuned layer see them together; the held-out top span
stayed at 0.563 (overlap) / 0.337 (exact), and the frozen sentence-embedding layers were named as the limit.
Here the packaged MiniLM reads ``[CLS] question [SEP] window [SEP]`` as one sequence, the way a BERT-style
SQuAD 2.0 reader does, with its layers from ``first_trained`` up fine-tuned (the layers below and the
embeddings stay the packaged ones, so only what changed is stored: ``reader_weights.safetensors``, fp16,
with the command, the data files' sha256 and the check figures in its metadata; ``scripts/train_joint_reader.py``
rebuilds it). Per token, the features the uncased encoder cannot see (reader.token_features: the word is in
the other text, capitalised, has a digit, is a year) are added to the word embeddings through a linear layer
that starts at zero. A linear layer gives each token's start / end logit; "no answer here" is the [CLS]
position's.

It answers exactly what ``ReaderModel`` answers — per (question, window), the start and end probabilities
over [no answer] + the window's tokens and those tokens' character spans — so the reader stage, its
thresholds and the slot head read it unchanged. It is its own encoder now (nothing is shared with the
entailment stage): one MiniLM pass over question + window per window read, one pair at a time (int8's
activation scale is per input, so a batch would change a pair's figures), only for short answers read with
their question.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .entailment import HIDDEN, read_metadata
from .reader import FEATURES, WEIGHTS_FILE, ReaderModel, ReaderStage, token_features

ARCHITECTURE = "joint"  # the weights' metadata "architecture": this module's model
# round 20's fine-tuned weights, opt-in (scoring.factuality.reader_model: joint; docs/scoring.md round 21a): better on
# the look-alikes' holdouts, but its per-claim p95 misses the 50 ms budget that round 9's default reader meets
JOINT_WEIGHTS_FILE = Path(__file__).with_name("reader_weights_joint.safetensors")


def build_model(first_trained: int):
    """The packaged MiniLM (layers below ``first_trained`` and the embeddings frozen) with a zero-started
    token-feature layer and a linear start / end layer."""
    import torch
    from transformers import BertModel

    from ..embeddings import minilm_model_dir, quiet_transformers

    with quiet_transformers():
        bert = BertModel.from_pretrained(str(minilm_model_dir()), add_pooling_layer=False)

    class JointReader(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.bert = bert
            self.feature = torch.nn.Linear(FEATURES, HIDDEN)
            torch.nn.init.zeros_(self.feature.weight)
            torch.nn.init.zeros_(self.feature.bias)
            self.span = torch.nn.Linear(HIDDEN, 2)
            for name, p in self.bert.named_parameters():
                p.requires_grad = trained(name, first_trained)

        def forward(self, ids, mask, types, feats, window):
            """ids, mask, types: (B, T) as the tokenizer gives them for (question, window) pairs; feats:
            (B, T, FEATURES); window: (B, T) True on the window's tokens. Returns (start, end) logits, each
            (B, T): position 0 ([CLS]) is "no answer here", every other position but the window's is -1e4."""
            x = self.bert.embeddings.word_embeddings(ids) + self.feature(feats)
            h = self.bert(inputs_embeds=x, attention_mask=mask, token_type_ids=types).last_hidden_state
            logits = self.span(h)
            keep = window.clone()
            keep[:, 0] = True
            logits = logits.masked_fill(~keep.unsqueeze(-1), -1e4)
            return logits[..., 0], logits[..., 1]

    return JointReader()


def trained(name: str, first_trained: int) -> bool:
    """Whether a MiniLM parameter (``bert.``-relative name) is fine-tuned: encoder layers from ``first_trained``."""
    if name.startswith("encoder.layer."):
        return int(name.split(".")[2]) >= first_trained
    return False


def stored_state(model) -> dict:
    """The parameters that differ from the packaged MiniLM: the fine-tuned layers and the new ones."""
    return {n: p for n, p in model.named_parameters() if p.requires_grad}


def encode_pair(tokenizer, question: str, window: str, max_length: int) -> dict:
    """Token ids, types, features, window mask and the window tokens' character spans for one pair (only the
    window is cut at ``max_length``)."""
    enc = tokenizer(question, window, truncation="only_second", max_length=max_length, return_offsets_mapping=True)
    seq = enc.sequence_ids()
    offs = enc["offset_mapping"]
    q_idx = [i for i, s in enumerate(seq) if s == 0]
    w_idx = [i for i, s in enumerate(seq) if s == 1]
    feats = [(0.0,) * FEATURES] * len(seq)
    for idx, text, other in ((q_idx, question, window), (w_idx, window, question)):
        for i, f in zip(idx, token_features(text, [tuple(offs[i]) for i in idx], other)):
            feats[i] = f
    return {
        "ids": enc["input_ids"],
        "types": enc["token_type_ids"],
        "feats": feats,
        "window": w_idx,
        "offsets": [tuple(offs[i]) for i in w_idx],
    }


def batch_tensors(pairs: list[dict]):
    """Padded (ids, mask, types, feats, window mask) tensors for encoded pairs."""
    import torch

    n = max(len(p["ids"]) for p in pairs)
    ids = torch.zeros(len(pairs), n, dtype=torch.long)
    types = torch.zeros(len(pairs), n, dtype=torch.long)
    mask = torch.zeros(len(pairs), n, dtype=torch.long)
    feats = torch.zeros(len(pairs), n, FEATURES)
    window = torch.zeros(len(pairs), n, dtype=torch.bool)
    for k, p in enumerate(pairs):
        t = len(p["ids"])
        ids[k, :t] = torch.tensor(p["ids"])
        types[k, :t] = torch.tensor(p["types"])
        mask[k, :t] = 1
        feats[k, :t] = torch.tensor(p["feats"], dtype=torch.float32)
        window[k, p["window"]] = True
    return ids, mask, types, feats, window


class JointReaderModel(ReaderModel):
    """``ReaderModel``'s answers from the fine-tuned joint reader (lazily loaded, thread-safe, cached)."""

    def _load(self):
        with self._lock:
            if self._head is None:
                import warnings

                import torch
                from safetensors.torch import load_file
                from transformers import AutoTokenizer

                from ..embeddings import minilm_model_dir

                torch.set_num_threads(self.threads)
                self.metadata = read_metadata(self.weights)
                model = build_model(int(self.metadata["first_trained_layer"]))
                stored = load_file(str(self.weights))
                missing = set(stored) - set(model.state_dict())
                if missing:
                    raise ValueError(
                        f"{self.weights}: parameters the joint reader does not have: {sorted(missing)[:5]}"
                    )
                model.load_state_dict({k: v.float() for k, v in stored.items()}, strict=False)
                model.eval()
                if self.metadata.get("serving_int8", False):
                    with warnings.catch_warnings():  # torch marks eager quantisation as deprecated
                        warnings.simplefilter("ignore")
                        model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
                self._encoder = AutoTokenizer.from_pretrained(str(minilm_model_dir()))
                self._head = model
        return self._head, self._encoder

    def _logits(self, items: list[tuple[str, str]]):
        import torch

        model, tokenizer = self._load()
        max_length = int(self.metadata.get("max_length", 256))
        out = []
        for question, window in items:
            pair = encode_pair(tokenizer, question, window, max_length)
            with torch.inference_mode():
                start, end = model(*batch_tensors([pair]))
            keep = [0, *pair["window"]]
            out.append(
                (
                    torch.softmax(start[0, keep], -1).tolist(),
                    torch.softmax(end[0, keep], -1).tolist(),
                    pair["offsets"],
                )
            )
        return out


def reader_model(weights: str | Path, threads: int = 1) -> ReaderModel:
    """The reader the weights file holds: the joint reader (round 20) or the frozen-encoder head (round 9)."""
    if read_metadata(Path(weights)).get("architecture") == ARCHITECTURE:
        return JointReaderModel(weights, threads)
    return ReaderModel(weights, threads)


def load_reader_stage(
    confidence: float,
    answer_ceiling: float,
    windows: int = 0,
    threads: int = 1,
    polar: tuple[float, float] = (0.3, 4.0),
    printed_figures_only: bool = False,
    one_sentence: bool = True,
    weights: Path = WEIGHTS_FILE,
) -> ReaderStage | None:
    """The reader stage over the committed weights (whichever reader they hold), or None (with a warning) when they are
    absent. ``polar``: (confidence, ratio) for yes/no questions about a named subject (``rival``); the last two: the
    stage's rules as FactualitySettings' reader_printed_figures_only / reader_one_sentence; ``weights``: the committed
    round 9 file (default) or ``JOINT_WEIGHTS_FILE``. It lives here, not on
    ``ReaderStage``, because choosing the model needs this module, which builds on ``reader``."""
    if not weights.exists():
        logging.getLogger("llmgateway.scoring").warning("reader weights missing: %s", weights)
        return None
    return ReaderStage(
        reader_model(weights, threads), confidence, answer_ceiling, windows,
        polar_confidence=polar[0], polar_ratio=polar[1], printed_only=False,
        printed_figures_only=printed_figures_only, one_sentence=one_sentence,
    )  # fmt: skip
