"""Figures an answer computed from the source: "revenue grew 12.4%" when the source only gives
1,197 and 1,345.

``equivalent`` accepts the same figure written another way (``$1.2bn`` = ``1,200`` in a table "in
millions"; ``8.0%`` = ``0.08``; ``25 bp`` = ``0.25`` percentage points). ``derive`` searches the
evidence window's figures for a difference, sum, ratio, share/margin, growth rate or average that
gives the claimed figure, within the claim's own rounding plus ``rel_tol``, and returns the
formula as the explanation (``12.4% = (1,345 − 1,197) / 1,197``).

Every operation is tried only when the claim's wording asks for it (growth needs "up", "grew",
"increase", "growth"…; a sum needs "total", "combined"…; a share needs "margin", "of", "share"…).
With a dozen figures in a window the pairs give a few hundred candidate values, and without that
cue a tampered "18%" would too often equal some ratio by chance.
"""

from __future__ import annotations

import itertools
import re

from .facts import Quantity

_GROWTH_CUE = re.compile(
    r"\b(?:grow|grew|grown|growth|increas|decreas|declin|rose|rise|risen|fell|fall|drop|up|down|gain|"
    r"jump|climb|slid|shr[aiu]nk|change|y/?o/?y|year[- ]over[- ]year|year[- ]on[- ]year|cagr|higher|lower|"
    r"improv|expand|contract|from)",
    re.I,
)
_SHARE_CUE = re.compile(
    r"\b(?:margin|ratio|share|percent(?:age)? of|% of|of (?:total|net|revenue|sales)|accounted|"
    r"represent|proportion|payout|rate|yield|return|conversion|coverage|as a percentage|times|x\b)",
    re.I,
)
_SUM_CUE = re.compile(r"\b(?:total|combined|together|sum|aggregate|in all|altogether|overall)\b", re.I)
_DIFF_CUE = re.compile(
    r"\b(?:difference|more than|less than|higher than|lower than|gap|increase|decrease|change|up|down|"
    r"grew|rose|fell|declin|drop|gain|loss|narrow|widen|by|spread|improv|add|remain|rest\b|remainder)",
    re.I,
)
_AVERAGE_CUE = re.compile(r"\b(?:average|averaged|mean|avg|per year|annual(?:ly)?|mid-?point)\b", re.I)


def _fmt(q: Quantity) -> str:
    return q.text.lstrip("$€£") if q.unit in ("money", "plain") else q.text


def close_to(value: float, claim: Quantity, rel_tol: float) -> bool:
    return abs(value - claim.value) <= claim.tolerance + rel_tol * abs(claim.value) + 1e-9


_SCALE_WORD = re.compile(r"\d\s?(?:thousand|million|billion|trillion|bn|mn|mln|tn|trn|[kmb])\b", re.I)


def _scaled(q: Quantity, scale: float) -> float:
    """A table figure ("1,345" or "$1,345" under "in millions") times the page's scale; a figure
    written with its own scale word ("$1.2 billion") already carries it."""
    if scale == 1.0 or q.unit not in ("plain", "money") or _SCALE_WORD.search(q.text):
        return q.value
    return q.value * scale


def equivalent(claim: Quantity, source: Quantity, scale: float = 1.0, rel_tol: float = 0.0) -> str | None:
    """The same figure in other units or scale: the explanation, or None."""
    if claim.currency and source.currency and claim.currency != source.currency:
        return None
    if claim.unit == "money" and source.unit in ("plain", "money") and scale != 1.0:
        if _scaled(source, scale) != source.value and close_to(_scaled(source, scale), claim, rel_tol):
            return f"{claim.text} = {source.text} × {scale_word(scale)}"
    if claim.unit == "pct" and source.unit == "plain" and source.value < 2 and "." in source.text:
        if close_to(source.value * 100, claim, rel_tol):
            return f"{claim.text} = {source.text}"
    if claim.unit == "plain" and source.unit == "pct" and claim.value < 2 and "." in claim.text:
        if abs(claim.value * 100 - source.value) <= 100 * claim.tolerance + source.tolerance:
            return f"{claim.text} = {source.text}"
    if claim.unit == "bp" and source.unit == "pct" and close_to(source.value * 100, claim, rel_tol):
        return f"{claim.text} = {source.text} × 100"
    if claim.unit == "pct" and source.unit == "bp" and close_to(source.value / 100, claim, rel_tol):
        return f"{claim.text} = {source.text} / 100"
    if claim.unit == "plain" and source.unit == "money" and claim.value >= 1 and scale != 1.0:
        if close_to(source.value / scale, claim, rel_tol):
            return f"{claim.text} = {source.text} in {scale_word(scale)}s"
    return None


def scale_word(scale: float) -> str:
    return {1e3: "thousand", 1e6: "million", 1e9: "billion"}.get(scale, f"{scale:g}")


def derive(
    claim: Quantity,
    claim_text: str,
    operands: list[Quantity],
    *,
    scale: float = 1.0,
    rel_tol: float = 0.005,
    max_operands: int = 16,
    cells: dict[int, tuple[int, int]] | None = None,
) -> str | None:
    """A formula over ``operands`` that gives the claimed figure, as text; None when none does.

    ``cells`` (a table's figures: start offset → (row, column)) keeps the operands of one formula
    in one row or one column: 276 (a 2024 cost) − 161 (a 2025 profit) means nothing."""

    def related(*qs: Quantity) -> bool:
        if not cells:
            return True
        placed = [cells[q.start] for q in qs if q.start in cells]
        return len({r for r, _ in placed}) <= 1 or len({c for _, c in placed}) <= 1

    amounts = [q for q in operands if q.unit in ("money", "plain") and q.value > 0][:max_operands]
    amounts = [q for q in amounts if not (claim.currency and q.currency and q.currency != claim.currency)]
    rates = [q for q in operands if q.unit == "pct"][:max_operands]
    # a plain table figure takes the page's scale, except against a plain claim (both unscaled)
    val = {id(q): q.value if claim.unit == "plain" else _scaled(q, scale) for q in amounts}
    signed = {id(q): (-1 if q.negative else 1) * val[id(q)] for q in amounts}

    if claim.unit == "pct":
        growth, share = bool(_GROWTH_CUE.search(claim_text)), bool(_SHARE_CUE.search(claim_text))  # once, not per pair
        for a, b in itertools.permutations(amounts, 2):
            if not _comparable(a, b) or not related(a, b):
                continue
            va, vb = val[id(a)], val[id(b)]
            if growth and vb and close_to(abs(va - vb) / vb * 100, claim, rel_tol):
                return f"{claim.text} = ({_fmt(a)} − {_fmt(b)}) / {_fmt(b)}"
            if share and vb and va < vb and close_to(va / vb * 100, claim, rel_tol):
                return f"{claim.text} = {_fmt(a)} / {_fmt(b)}"
        if _DIFF_CUE.search(claim_text):
            for a, b in itertools.permutations(rates, 2):
                if close_to(abs(a.value - b.value), claim, rel_tol):
                    return f"{claim.text} = {a.text} − {b.text}"
    elif claim.unit == "bp" and _DIFF_CUE.search(claim_text):
        for a, b in itertools.permutations(rates, 2):
            if close_to(abs(a.value - b.value) * 100, claim, rel_tol):
                return f"{claim.text} = ({a.text} − {b.text}) × 100"
    elif claim.unit == "multiple":
        for a, b in itertools.permutations(amounts, 2):
            if _comparable(a, b) and related(a, b) and val[id(b)] and close_to(val[id(a)] / val[id(b)], claim, rel_tol):
                return f"{claim.text} = {_fmt(a)} / {_fmt(b)}"
    elif claim.unit in ("money", "plain"):
        pool = [q for q in amounts if _comparable(q, claim) or claim.unit == "plain"]
        if _DIFF_CUE.search(claim_text) or _SUM_CUE.search(claim_text):
            for a, b in itertools.permutations(pool, 2):
                if not related(a, b):
                    continue
                if close_to(abs(val[id(a)] - val[id(b)]), claim, rel_tol):
                    return f"{claim.text} = {_fmt(a)} − {_fmt(b)}"
                if b.negative and not a.negative and close_to(val[id(a)] + val[id(b)], claim, rel_tol):
                    return f"{claim.text} = {_fmt(a)} − (−{_fmt(b).lstrip('-')})"  # from an outflow to an inflow
        if _SUM_CUE.search(claim_text):
            for n in (2, 3, 4):
                for combo in itertools.combinations(pool[:10], n):
                    if related(*combo) and close_to(abs(sum(signed[id(q)] for q in combo)), claim, rel_tol):
                        return f"{claim.text} = " + " + ".join(_fmt(q) for q in combo)
        if _AVERAGE_CUE.search(claim_text):
            for n in (2, 3, 4, 5):
                for combo in itertools.combinations(pool[:10], n):
                    if related(*combo) and close_to(sum(val[id(q)] for q in combo) / n, claim, rel_tol):
                        return f"{claim.text} = ({' + '.join(_fmt(q) for q in combo)}) / {n}"
    return None


def _comparable(a: Quantity, b: Quantity) -> bool:
    """Both amounts of one kind: money with money (same currency) or plain with plain."""
    if a.unit == "money" and b.unit == "money":
        return not (a.currency and b.currency and a.currency != b.currency)
    return a.unit == b.unit or "plain" in (a.unit, b.unit)
