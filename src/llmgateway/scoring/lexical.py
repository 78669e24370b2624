"""Lexical passage similarity: where to look for a claim without an embedding.

MiniLM encodes ~100 short sentences a second per core, and an answer's claims are new text every
time, so embedding every claim caps the scorer near 25 traces/s on two cores. Most claims do not
need it: their best passage is the one that shares their rarest words and figures. ``similarities``
scores every passage of an answer's sources by the IDF-weighted share of the claim's terms (content
stems and figures) it contains, IDF taken over those passages, so a shared company name or figure
counts for more than a shared "reported". The cascade in factuality.py embeds only the claims the
lexical verifier head is unsure about.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np

from .text import STOPWORDS, stem, tokens


@lru_cache(maxsize=32768)
def terms(text: str) -> frozenset:
    """Content stems and figures of ``text`` ("12.4%" and "12.4" are the same figure)."""
    out = set()
    for t in tokens(text):
        if t.lower[0].isdigit():
            out.add("#" + t.lower.rstrip("%").replace(",", ""))
        elif t.lower not in STOPWORDS and len(t.lower) > 1:
            out.add(stem(t.lower))
    return frozenset(out)


_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
_YEAR = re.compile(r"(?:19|20)\d\d")


@lru_cache(maxsize=32768)
def _numbers(text: str) -> frozenset:
    return frozenset(n.replace(",", "") for n in _NUMBER.findall(text))


# the day of a date ("October 1, 2022", "Sept. 30"): the page prints the date in its header, not in the row
_DAY = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}\b(?!,\d)(?!\.\d)", re.I)
_SCALED = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)\s?(thousand|million|billion|trillion)\b", re.I)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def _scaled_figures(claim: str) -> dict[str, tuple[float, float, float]]:
    """The claim's figures written with a scale word and two significant digits or more ("$15.3 billion",
    "$6,984 million"): as written → (value, half its last digit, scale), all in units."""
    out = {}
    for m in _SCALED.finditer(claim):
        raw = m.group(1).replace(",", "")
        scale = _SCALES[m.group(2).lower()]
        digits = raw.replace(".", "").lstrip("0")
        if len(digits) < 2:
            continue
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        out[raw] = (float(raw) * scale, 0.5 * 10**-decimals * scale, scale)
    return out


def _prints(number: str, numbers: frozenset, scaled: dict[str, tuple[float, float, float]]) -> bool:
    """``numbers`` (a passage's) print ``number`` as written, or — for a figure with a scale word — a cell of
    a table in thousands or millions that rounds to it ("15,338" under "(In Millions)" for "$15.3 billion")."""
    if number in numbers:
        return True
    if number not in scaled:
        return False
    value, half, scale = scaled[number]
    for n in numbers:
        try:
            cell = float(n)
        except ValueError:
            continue
        if any(abs(cell * unit - value) <= half * (1 + 1e-9) for unit in (1e3, 1e6) if unit < scale):
            return True
    return False


def printing_passages(claim: str, passages: list, sims: np.ndarray, tried: set[int], limit: int = 2) -> list[int]:
    """Up to ``limit`` passages beyond those ``tried`` that print every figure of the claim (as written or, for
    "$15.3 billion", as a table in millions prints it; years aside), most similar first. A figure's sentence may
    share few words with the claim ("Q4 earnings per share $0.10." against "… GAAP net income was $5.5 million
    or $0.10 per diluted share."), while passages about another quarter share many; the sentence that prints
    the figures is still where the claim is checked."""
    numbers = (n.rstrip(",") for n in _NUMBER.findall(_DAY.sub(" ", claim)))  # "2022," ends a clause
    figures = {n.replace(",", "") for n in numbers if not _YEAR.fullmatch(n)}
    if not figures:
        return []
    scaled = _scaled_figures(claim)
    found = [
        i
        for i, p in enumerate(passages)
        if i not in tried and all(_prints(f, _numbers(p.text), scaled) for f in figures)
    ]
    return sorted(found, key=lambda i: -float(sims[i]))[:limit]


def similarities(query: str, passages: list[frozenset], idf: dict[str, float]) -> np.ndarray:
    """IDF-weighted share of ``query``'s terms found in each passage, in [0, 1]."""
    mine = terms(query)
    if not mine or not passages:
        return np.zeros(len(passages), dtype=np.float32)
    default = max(idf.values(), default=1.0)
    weight = {t: idf.get(t, default) for t in mine}
    total = sum(weight.values())
    return np.array([sum(weight[t] for t in mine & p) / total for p in passages], dtype=np.float32)


def inverse_document_frequency(passages: list[frozenset]) -> dict[str, float]:
    """Smoothed IDF of each term over ``passages``; a term in none of them weighs the most."""
    df: dict[str, int] = {}
    for p in passages:
        for t in p:
            df[t] = df.get(t, 0) + 1
    n = len(passages)
    return {t: math.log(1.0 + (n + 1) / (k + 0.5)) for t, k in df.items()} | {"": math.log(1.0 + (n + 1) / 0.5)}
