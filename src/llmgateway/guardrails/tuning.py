"""Fine-tuning the answer encoder (MiniLM's first 2 layers) together with the answer heads.

Frozen mean-pooled MiniLM states barely move between a claim and its hedged or negated near miss
("it cannot lose value" / "it can lose value"), and paraphrases of a rule land far from its training
sentences. ``policy train`` therefore adapts the 2 layers the answer pass already runs, with
low-rank (LoRA) updates to their six linear maps (rank ``RANK``): the packaged MiniLM weights stay
the start point, the word embeddings stay frozen, and only the small factors are stored in the
artifact (``lora/...`` arrays, a few hundred kB). Serving merges them into the weights before the
int8 quantisation, so the answer pass costs exactly what it did.

Steps: (1) the shared MLP is first fitted on the frozen encoder's unit vectors (a warm start: a
randomly initialised head would push noise into the encoder); (2) encoder and head are trained
together for ``EPOCHS`` epochs of mini-batches on the same units and labels (binary cross-entropy,
positives up-weighted per rule). One torch thread, deterministic algorithms, fixed seed; the factors
and head weights are rounded before they are returned, so the same data and seed give the same bytes.
"""

from __future__ import annotations

import numpy as np

from .context import sentence_spans

RANK = 8
ALPHA = 16.0
EPOCHS = 4
BATCH = 32
LEARNING_RATE = 2e-3
WARM_EPOCHS = 150
WARM_LEARNING_RATE = 5e-3
WEIGHT_DECAY = 1e-3
MAX_TOKENS = 128  # training items are sentences and short answers; longer ones are cut for tuning
# The linear maps of one BERT layer that get a low-rank update (module paths inside ``layer[i]``).
TARGETS = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)


def _module(root, path: str):
    for part in path.split("."):
        root = getattr(root, part)
    return root


def merge(model, delta: dict[str, np.ndarray]) -> None:
    """Add the stored low-rank updates to ``model``'s encoder layers in place (W += scale * B @ A)."""
    import torch

    with torch.no_grad():
        for name in sorted({k.rsplit(".", 1)[0] for k in delta}):
            layer, path = name.split(".", 1)
            linear = _module(model.encoder.layer[int(layer)], path)
            a, b = torch.from_numpy(delta[f"{name}.a"]), torch.from_numpy(delta[f"{name}.b"])
            linear.weight += (ALPHA / a.shape[0]) * (b @ a)


class Unit:
    """One training item as the tuner sees it: word-piece ids, one token mask per unit (its
    sentences, then the whole answer), and the unit labels ``answer_heads.featurise`` gives it."""

    def __init__(self, ids: list[int], masks: list[np.ndarray], labels: np.ndarray):
        self.ids, self.masks, self.labels = ids, masks, labels


def unit_of(tokenizer, text: str, labels: np.ndarray) -> Unit:
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    ids = enc["input_ids"][:MAX_TOKENS]
    offsets = np.array(enc["offset_mapping"], dtype=np.int64).reshape(-1, 2)[:MAX_TOKENS]
    spans = [(s, e) for s, e in sentence_spans(text) if text[s:e].strip()] or [(0, len(text))]
    masks = [((offsets[:, 0] >= s) & (offsets[:, 1] <= e)).astype(np.float32) for s, e in spans]
    if len(spans) > 1:
        masks.append(np.ones(len(ids), dtype=np.float32))
    return Unit(ids, masks[: len(labels)], labels[: len(masks)])


class _LoRA:
    """A frozen linear map plus a trainable low-rank update (wraps the module's forward)."""

    def __init__(self, linear, rank: int):
        import torch

        self.linear = linear
        self.a = torch.nn.Parameter(torch.randn(rank, linear.in_features) / linear.in_features**0.5)
        self.b = torch.nn.Parameter(torch.zeros(linear.out_features, rank))
        scale, base = ALPHA / rank, linear.forward
        linear.forward = lambda x: base(x) + (x @ self.a.T @ self.b.T) * scale


def _pooled(model, tokenizer, units: list[Unit]):
    """(unit vectors (U, 384) L2-normalised, labels (U, rules)) of one mini-batch."""
    import torch

    width = max(len(u.ids) for u in units) + 2
    ids = torch.zeros(len(units), width, dtype=torch.long)
    attention = torch.zeros(len(units), width, dtype=torch.long)
    for row, unit in enumerate(units):
        ids[row, : len(unit.ids) + 2] = torch.tensor([tokenizer.cls_token_id, *unit.ids, tokenizer.sep_token_id])
        attention[row, : len(unit.ids) + 2] = 1
    states = model(input_ids=ids, attention_mask=attention).last_hidden_state
    weights, owner = [], []
    for row, unit in enumerate(units):
        for mask in unit.masks:
            w = torch.zeros(width)
            w[1 : 1 + len(unit.ids)] = torch.from_numpy(mask)
            weights.append(w / max(float(w.sum()), 1.0))
            owner.append(row)
    pooled = torch.einsum("ut,utd->ud", torch.stack(weights), states[torch.tensor(owner)])
    labels = torch.from_numpy(np.vstack([u.labels for u in units]).astype(np.float32))
    return torch.nn.functional.normalize(pooled, dim=-1), labels


def tune(model, tokenizer, units: list[Unit], n_rules: int, hidden: int, seed: int):
    """Fine-tune ``model`` (an fp32 copy of the answer encoder; changed in place) with the shared MLP.
    Returns (delta: the rounded LoRA factors by ``"<layer>.<path>.a|b"``, head weights w1, b1, w2, b2
    as numpy arrays in the ``Trunk`` layout)."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    deterministic = torch.are_deterministic_algorithms_enabled()
    torch.use_deterministic_algorithms(True)
    try:
        torch.manual_seed(seed)
        rng = np.random.default_rng(seed)
        for parameter in model.parameters():
            parameter.requires_grad_(False)
        adapters = {
            f"{i}.{path}": _LoRA(_module(layer, path), RANK)
            for i, layer in enumerate(model.encoder.layer)
            for path in TARGETS
        }
        head = torch.nn.Sequential(torch.nn.Linear(384, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, n_rules))
        labels = np.vstack([u.labels for u in units])
        known = labels >= 0
        positives, negatives = ((labels == 1) & known).sum(0), ((labels == 0) & known).sum(0)
        pos_weight = np.clip(negatives / np.maximum(positives, 1), 1.0, 50.0) ** 0.5
        loss_fn = torch.nn.BCEWithLogitsLoss(
            pos_weight=torch.from_numpy(pos_weight.astype(np.float32)), reduction="none"
        )

        def loss_of(logits, y):
            mask = (y >= 0).float()
            return (loss_fn(logits, y.clamp(0, 1)) * mask).sum() / mask.sum().clamp(min=1.0)

        model.eval()  # no dropout: the same steps give the same weights
        with torch.no_grad():  # (1) warm start of the head on the frozen encoder
            batches = [_pooled(model, tokenizer, units[s : s + 64]) for s in range(0, len(units), 64)]
        x, y = torch.cat([b[0] for b in batches]), torch.cat([b[1] for b in batches])
        warm = torch.optim.Adam(head.parameters(), lr=WARM_LEARNING_RATE, weight_decay=WEIGHT_DECAY)
        for _ in range(WARM_EPOCHS):
            warm.zero_grad()
            loss_of(head(x), y).backward()
            warm.step()
        factors = [p for adapter in adapters.values() for p in (adapter.a, adapter.b)]
        opt = torch.optim.AdamW(
            [
                {"params": list(head.parameters()), "weight_decay": WEIGHT_DECAY},
                {"params": factors, "weight_decay": 0.0},
            ],
            lr=LEARNING_RATE,
        )
        steps = max(1, EPOCHS * -(-len(units) // BATCH))
        schedule = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 20) * max(0.0, 1 - s / steps))
        for _ in range(EPOCHS):  # (2) encoder and head together
            order = rng.permutation(len(units))
            for start in range(0, len(order), BATCH):
                vectors, y = _pooled(model, tokenizer, [units[i] for i in order[start : start + BATCH]])
                opt.zero_grad()
                loss_of(head(vectors), y).backward()
                opt.step()
                schedule.step()
        delta = {}
        for name, adapter in adapters.items():
            delta[f"{name}.a"] = np.round(adapter.a.detach().numpy(), 5).astype(np.float32)
            delta[f"{name}.b"] = np.round(adapter.b.detach().numpy(), 5).astype(np.float32)
        w1, b1, w2, b2 = (np.round(p.detach().numpy(), 4).astype(np.float32) for p in head.parameters())
        return delta, (w1.T, b1, w2.T, b2)
    finally:
        torch.use_deterministic_algorithms(deterministic)
        torch.set_num_threads(threads)
