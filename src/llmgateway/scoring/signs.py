"""Profit or loss: the sign a figure's own words give it.

"Q2 loss per share $1.76" and "net income per share was $1.76" print the same figure with opposite signs;
the figure check finds $1.76 in both and a direction word is in neither. A claim figure whose nearest sign
word ("loss", "deficit" against "earnings", "income", "profit", "gain") is the opposite of the one the source
gives the same figure is unsupported (kind ``direction``). Only the few words just before each figure count,
so "net income of $5.5 million or $0.10 per share" and "loss per share of $0.08" are read as written.
"""

from __future__ import annotations

import re

from .facts import Quantity

_LOSS = {"loss", "losses", "deficit", "deficits"}
_GAIN = {"profit", "profits", "earnings", "income", "gain", "gains", "surplus"}
_WORD = re.compile(r"[a-z]+")


def _sign(text: str, start: int, span: int = 8) -> str | None:
    """'loss' / 'gain' by the last sign word among the ``span`` words before ``start``."""
    for w in reversed(_WORD.findall(text[:start].lower())[-span:]):
        if w in _LOSS:
            return "loss"
        if w in _GAIN:
            return "gain"
    return None


def check_signs(claim_text: str, claimed: list[Quantity], window: str, printed: list[Quantity]) -> list[str]:
    reasons = []
    for q in claimed:
        mine = _sign(claim_text, q.start)
        same = [p for p in printed if p.unit == q.unit and abs(p.value - q.value) <= max(q.tolerance, 1e-9)]
        theirs = {s for p in same if (s := _sign(window, p.start))}
        if mine and len(theirs) == 1 and mine not in theirs:
            word = "loss" if mine == "loss" else "profit"
            reasons.append(f"direction: '{q.text}' is a {word} in the claim, the source gives it the other sign")
    return reasons
