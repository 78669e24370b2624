"""Whether the sources state a claim's period, and whether a passage is about what a question asks.

A date the claim writes ("Q4 2020", "June 30, 2021", "FY2021") is stated when one of the source's dates has
all its fields. Retrieval cuts a long source into passages, and a passage of an earnings call or an MD&A often
names no quarter at all ("EPS for the quarter was $0.82"): a field the passage names nowhere is taken from the
other sources given with the answer — the value they name most often, the period they are about (a Q1 call
names Q1 most, and Q2 only in its outlook) — as a source naming no period at all has always taken its period
from them. A field the passage does name must agree there: "Q1" against a passage about "the third quarter"
is still wrong. (Measured on the earnings-call dev split, round 13a: taking any value the other sources name
kept 7 more correct bullets but passed 2 more changed periods; requiring the passage to name every field
kept 3 fewer.)

``check_question`` (for a short answer): at least half of what the question asks must be in the passage —
its content words, and each period it names as a period ("Q3" is "the third quarter"; the window's or else its
document's periods decide, on the fields they name — a call's passage says "the fourth quarter", rarely which
year; a passage naming no period is neither for nor against). The words that only
frame the question do not count: "What did the company report for Q3 2021?" asks about a period, not about
the words "company" and "report" (a call says "we").
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from .facts import Facts, extract_dates, extract_facts
from .text import STOPWORDS, stem, tokens
from .wordlists import QUESTION_WORDS

# verbs that frame a question about what was disclosed, and "the company" standing for whoever the sources are about
_FRAMING = {"report", "reported", "reports", "disclose", "disclosed", "announce", "announced", "post", "posted"}
_STANDS_FOR = {"company", "firm", "group", "business"}


@lru_cache(maxsize=16384)
def _facts(text: str) -> Facts:
    return extract_facts(text)


def date_stated(want: dict, pools: list[list[dict]]) -> bool:
    """``want``'s fields are stated: those the document names, together in one of its dates; those it never
    names, as the other sources name them most often (each field on its own: the period they are about)."""
    own, siblings = pools
    here = {k: v for k, v in want.items() if any(k in s for s in own)}
    if here and not any(all(s.get(k) == v for k, v in here.items()) for s in own):
        return False
    return all(v in _most_named(siblings, k) for k, v in want.items() if k not in here)


def _most_named(dates: list[dict], field: str) -> set:
    counts = Counter(s[field] for s in dates if field in s)
    top = max(counts.values(), default=0)
    return {v for v, n in counts.items() if n == top}


def _asked(want: dict, pools: list[list[dict]]) -> int | None:
    """1 when the first pool naming any of the period's fields names each of them as asked ("the second quarter
    … compared to Q1 2020" is about Q2 2020), 0 when it names others, None
    when no pool names any (the passage does not say which period it is about: neither for nor against)."""
    for pool in pools:
        here = {k: v for k, v in want.items() if any(k in s for s in pool)}
        if here:
            return int(all(any(s.get(k) == v for s in pool) for k, v in here.items()))
    return None


def _pools(*facts: Facts) -> list[list[dict]]:
    return [[d.fields() for d in f.dates] for f in facts]


@lru_cache(maxsize=4096)
def _date_fields(text: str) -> tuple[dict, ...]:
    """The fields of each date ``text`` names (of the other sources only their dates are read)."""
    return tuple(d.fields() for d in extract_dates(text))


def check_dates(claim: Facts, document: Facts, others: str) -> list[str]:
    pools = [_pools(document)[0], list(_date_fields(others))]
    return [f"date '{d.text}' not in the source" for d in claim.dates if not date_stated(d.fields(), pools)]


def question_fit(question: str, window: set[str], dates: tuple[Facts, Facts]) -> tuple[int, int]:
    """(found, wanted): the question's content words and periods, and how many of them the window has (a period
    as the window states it, else as its document does; neither stating one, it is left out)."""
    asked = _facts(question).dates
    spans = [(d.start, d.start + len(d.text)) for d in asked]
    words = tokens(question)
    wanted = set()
    for k, t in enumerate(words):
        if t.lower in STOPWORDS or t.lower in QUESTION_WORDS or t.lower in _FRAMING:
            continue
        if any(a <= t.start < b for a, b in spans):
            continue  # a period: matched as one, below
        if t.lower in _STANDS_FOR and k and words[k - 1].lower in ("the", "this", "that"):
            continue
        wanted.add(stem(t.lower))
    verdicts = [v for d in asked if (v := _asked(d.fields(), _pools(*dates))) is not None]
    return len(wanted & window) + sum(verdicts), len(wanted) + len(verdicts)
