"""A window (input) head's fit: a small MLP over input units, trained as multiple-instance learning,
with each training file's weight in the loss set by the file, not by its size (issue #15, seventh pass).

The loss used to be a plain mean over negative units (and over violation bags), so a big file of easy
negatives (1,300 BANKING77/XSTest/TAT-QA questions, 480 XQuAD questions) diluted the few hard ones
(benign requests that sound like attacks), and the false-block floor then pushed the threshold up and
attack recall down. ``source_weights`` shares each file's weight among its members instead.
"""

from __future__ import annotations

import numpy as np

from .classifier import Trunk
from .training import Example

HIDDEN = 128  # window heads: a small MLP (a linear head over the 2-layer pass flagged 3x more ordinary requests)
EPOCHS = 300
LEARNING_RATE = 5e-3
WEIGHT_DECAY = 1e-3
# How a training file's size counts in a window head's loss (``source_weights``): a file of n negative units
# weighs ``weight * n ** SOURCE_TEMPER`` (its bags alike) — 1 is a plain mean over units (a big file of
# easy negatives dilutes a small one of hard ones), 0 makes every file count by its ``weight`` alone.
SOURCE_TEMPER = 0.5


def source_weights(members: list[Example]) -> np.ndarray:
    """Per member (a negative unit, or a bag), its weight in the loss: its file's ``weight`` times the
    file's member count to the power ``SOURCE_TEMPER`` (shared by the file's members), summing to 1."""
    if not members:
        return np.zeros(0, dtype=np.float32)
    sizes: dict[str, int] = {}
    for m in members:
        sizes[m.source] = sizes.get(m.source, 0) + 1
    raw = np.array([m.weight * sizes[m.source] ** (SOURCE_TEMPER - 1) for m in members], dtype=np.float64)
    return (raw / raw.sum()).astype(np.float32)


def fit(
    x: np.ndarray, bags: np.ndarray, negative_weights: np.ndarray, bag_weights: np.ndarray, seed: int, encoder: dict
) -> Trunk:
    """A window head: 384 → ``HIDDEN`` ReLU → 1, trained as multiple-instance learning: a violation
    needs only its most violating unit to fire (the scene-setting windows of a role-play are not
    themselves attacks, and labelling them so taught the head that any long document is one), while
    every negative unit must not. The negatives' loss and the bags' are each a weighted mean
    (``source_weights``: a file counts by its set weight, not by its size) and weigh the same.
    Full-batch Adam, one thread, fixed seed; weights rounded (the same data and seed give the same bytes)."""
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
        if len(negative_weights) != len(negative) or len(bag_weights) != count:
            raise ValueError("one weight per negative unit and per bag expected")
        bce = torch.nn.functional.binary_cross_entropy_with_logits
        tx = torch.from_numpy(x)
        wn, wb = torch.from_numpy(negative_weights), torch.from_numpy(bag_weights)
        for _ in range(EPOCHS):
            opt.zero_grad()
            logits = model(tx)[:, 0]
            strongest = torch.full((count,), -1e9).scatter_reduce(0, bag_of, logits[members], reduce="amax")
            loss = (bce(logits[negative], torch.zeros(len(negative)), reduction="none") * wn).sum() + (
                bce(strongest, torch.ones(count), reduction="none") * wb
            ).sum()
            loss.backward()
            opt.step()
        w1, b1, w2, b2 = (np.round(p.detach().numpy(), 4).astype(np.float32) for p in model.parameters())
        return Trunk(w1.T, b1, w2.T, b2, encoder)
    finally:
        torch.set_num_threads(threads)
