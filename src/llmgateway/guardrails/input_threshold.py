"""A window (input) head's threshold, by a stated rule: a false-block budget (issue #15, input side,
eighth pass).

A window head blocks a request outright, so what a compliance officer sets is how many ordinary
requests may be refused, and recall follows from it. The threshold is **the lowest 2-decimal value in
``WINDOW_THRESHOLD_RANGE`` at which at most ``MAX_WINDOW_COMPLIANT_FPR`` of the compliant training
inputs score at or over it out of fold**, and never above the lowest score of the rule's ``must_block``
examples (a threshold that lets one through is not eligible, even when that spends more than the
budget). The compliant inputs are every input rule's — benign questions that sound risky, ordinary
finance and non-English questions, in-scope personas — not only the rule's own near misses: a benign
question in another rule's file is refused just the same.

Before, the threshold was the best out-of-fold F0.5 above that same floor. F0.5 kept rising with the
threshold, so it sat at the top of the allowed range: the ``must_block`` bound — one example's score —
decided recall (seventh pass). The record (``threshold_record``) says which bound set the threshold and
how many compliant inputs score over it and one step lower, so the choice can be checked from the
artifact (``policy train`` prints it).
"""

from __future__ import annotations

import numpy as np

WINDOW_THRESHOLD_RANGE = (0.3, 0.95)
# A window head's range reaches higher (seventeenth pass): with thousands of compliant training inputs out of
# fold, 0.95 capped the harmful-request head where it spent 66 of its 25 allowed (1.3 % against the stated
# 0.5 %). Up to here the budget (or the ``must_block`` bound under it) sets the head's threshold, not the
# range. The n-gram reader keeps ``WINDOW_THRESHOLD_RANGE`` (its budget is 0: the range top is its rule).
HEAD_THRESHOLD_TOP = 0.99
# The false-block budget: the share of compliant training inputs (out of fold) a window head may flag.
# Two heads block side by side (injection, harmful request), so each gets half of the 1 % goal for
# ordinary requests falsely blocked (issue #15): on main's data this reproduces the thresholds the F0.5
# search gave (0.95 / 0.82 at seed 15); a 1 % budget each put them at 0.94 / 0.79 (eighth pass).
MAX_WINDOW_COMPLIANT_FPR = 0.005


def _over(scores: np.ndarray, threshold: float) -> int:
    return int(len(scores) - np.searchsorted(scores, threshold, side="left"))


def window_threshold(
    oof: np.ndarray,
    compliant: np.ndarray,
    ceiling: float = 1.0,
    budget: float = MAX_WINDOW_COMPLIANT_FPR,
    top: float = WINDOW_THRESHOLD_RANGE[1],
) -> float:
    """The lowest threshold within ``budget`` (module docstring), capped by ``ceiling`` (the ``must_block``
    bound) and the range (``WINDOW_THRESHOLD_RANGE``'s floor, ``top``)."""
    low, high = WINDOW_THRESHOLD_RANGE[0], top
    high = max(min(high, ceiling), low)
    scores = np.sort(oof[compliant])
    allowed = int(np.floor(budget * len(scores)))
    for t in np.round(np.arange(low, high + 0.001, 0.01), 2):
        if _over(scores, float(t)) <= allowed:
            return float(t)
    return float(high)


def threshold_record(
    oof: np.ndarray,
    compliant: np.ndarray,
    threshold: float,
    ceiling: float = 1.0,
    budget: float = MAX_WINDOW_COMPLIANT_FPR,
    top: float = WINDOW_THRESHOLD_RANGE[1],
) -> dict:
    """What set the threshold (``bound``): "budget" (the lowest within it), "must_block" (the bound sat
    lower, so more than the budget is spent), or "range" (the floor of ``WINDOW_THRESHOLD_RANGE`` or
    ``top``); with the compliant inputs scoring over it and over one step (0.01) lower."""
    scores = np.sort(oof[compliant])
    allowed = int(np.floor(budget * len(scores)))
    over, lower = _over(scores, threshold), _over(scores, round(threshold - 0.01, 2))
    if over <= allowed:
        bound = "budget" if lower > allowed else "range"
    else:
        bound = "must_block" if ceiling < top else "range"
    return {
        "bound": bound,
        "budget": budget,
        "compliant": len(scores),
        "allowed": allowed,
        "over": over,
        "over_one_step_lower": lower,
        "must_block_ceiling": round(float(ceiling), 2),
    }
