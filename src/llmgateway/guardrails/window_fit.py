"""A window (input) head's fit: a small MLP over input units, trained as multiple-instance learning.

The loss is a plain mean over negative units plus a plain mean over violation bags. Weighing each
training file by a set weight instead of by its size was tried in the input side's seventh pass
(issue #15; docs/guardrails.md) and raised held-out false blocks in every variant, so it is not here.
"""

from __future__ import annotations

import numpy as np

from .classifier import Trunk

HIDDEN = 128  # window heads: a small MLP (a linear head over the 2-layer pass flagged 3x more ordinary requests)
EPOCHS = 300
LEARNING_RATE = 5e-3
WEIGHT_DECAY = 1e-3


def fit(x: np.ndarray, bags: np.ndarray, seed: int, encoder: dict) -> Trunk:
    """A window head: 384 → ``HIDDEN`` ReLU → 1, trained as multiple-instance learning: a violation
    needs only its most violating unit to fire (the scene-setting windows of a role-play are not
    themselves attacks, and labelling them so taught the head that any long document is one), while
    every negative unit must not. Full-batch Adam, the bags weighted as much as the negatives, one
    thread, fixed seed; weights rounded (the same data and seed give the same bytes)."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        torch.manual_seed(seed)
        model = torch.nn.Sequential(torch.nn.Linear(x.shape[1], HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, 1))
        opt = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY)
        negative = torch.from_numpy(np.flatnonzero(bags < 0))
        members = torch.from_numpy(np.flatnonzero(bags >= 0))
        bag_of = torch.from_numpy(bags[bags >= 0])
        count = int(bags.max()) + 1
        bce = torch.nn.functional.binary_cross_entropy_with_logits
        tx = torch.from_numpy(x)
        for _ in range(EPOCHS):
            opt.zero_grad()
            logits = model(tx)[:, 0]
            strongest = torch.full((count,), -1e9).scatter_reduce(0, bag_of, logits[members], reduce="amax")
            loss = bce(logits[negative], torch.zeros(len(negative)), reduction="mean") + bce(
                strongest, torch.ones(count), reduction="mean"
            )
            loss.backward()
            opt.step()
        w1, b1, w2, b2 = (np.round(p.detach().numpy(), 4).astype(np.float32) for p in model.parameters())
        return Trunk(w1.T, b1, w2.T, b2, encoder)
    finally:
        torch.set_num_threads(threads)
