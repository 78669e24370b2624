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


def printing_passages(claim: str, passages: list, sims: np.ndarray, tried: set[int], limit: int = 2) -> list[int]:
    """Up to ``limit`` passages beyond those ``tried`` that print every figure of the claim (as written; years
    aside), most similar first. A figure's sentence may share few words with the claim ("Q4 earnings per share
    $0.10." against "… GAAP net income was $5.5 million or $0.10 per diluted share."), while passages about
    another quarter share many; the sentence that prints the figures is still where the claim is checked."""
    figures = {n.replace(",", "") for n in _NUMBER.findall(claim) if not _YEAR.fullmatch(n)}
    if not figures:
        return []
    found = [i for i, p in enumerate(passages) if i not in tried and figures <= _numbers(p.text)]
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
