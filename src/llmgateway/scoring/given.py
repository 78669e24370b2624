"""What the question gives: an answer that repeats it is not claiming it.

"Two basic primary resources used to gauge complexity are time and storage." answers "What are two
basic primary resources used to gauge complexity?": the figure "two", the words "basic primary" and
the date "September 30, 2019" in "the difference … as at September 30, 2019 was 2.1%" come from the
question. The strict checks judge them against the source like any other detail, so a correct answer
that echoes a question in other words than the page's failed. ``drop_given`` removes the check
failures about figures, dates, names and wording the question itself states; what the answer adds
(its own figure, entity or relation) is still checked.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .facts import extract_facts
from .text import stem, tokens

_QUOTED = re.compile(r"^(figure|date|name) '(.+?)'|^'(.+?)' is not stated")
_AMOUNT = re.compile(r"[$€£%]|\b(?:thousand|million|billion|bn|mn|m|k|usd|eur|gbp)\b", re.I)
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "twelve": "12", "twenty": "20", "hundred": "100",
}  # fmt: skip


class Given:
    def __init__(self, question: str):
        self.stems = {stem(t.lower) for t in tokens(question)}
        self.words = {t.lower for t in tokens(question)}
        self.numbers = {m.group(0).replace(",", "") for m in _DIGITS.finditer(question)}
        self.numbers |= {_NUMBER_WORDS[w] for w in self.words if w in _NUMBER_WORDS}
        self.dates = {d.text.lower() for d in extract_facts(question).dates}

    def states(self, kind: str, text: str) -> bool:
        low = text.lower()
        if kind == "figure":
            if _AMOUNT.search(text):
                return False  # "$2,017 thousand" is an amount, not the question's year 2017
            digits = _DIGITS.findall(text) or [_NUMBER_WORDS.get(low, "")]
            return all(d.replace(",", "") in self.numbers for d in digits if d) and any(digits)
        if kind == "date":
            return low in self.dates or all(
                (t.lower in self.words) or (t.lower.isdigit() and t.lower in self.numbers) for t in tokens(text)
            )
        if kind == "name":
            return low in self.words
        return all(stem(t.lower) in self.stems for t in tokens(text))  # a run of unsourced words


@lru_cache(maxsize=256)
def _given(question: str) -> Given:
    """One question's Given, built once: ``drop_given`` runs for every passage a claim is checked against."""
    return Given(question)


_YES_NO = re.compile(r"^\s*(?:is|are|was|were|did|does|do|has|have|had|can|could|will|would|should)\b", re.I)


def drop_given(reasons: list[str], question: str | None) -> list[str]:
    """``reasons`` without the failures about what ``question`` itself states — except in the answer
    to a yes/no question ("Did revenue exceed $5 billion?"), whose restatement is its claim."""
    if not question or not reasons or _YES_NO.match(question):
        return reasons
    given = _given(question)
    out = []
    for r in reasons:
        m = _QUOTED.match(r)
        if m and (given.states(m.group(1), m.group(2)) if m.group(1) else given.states("words", m.group(3))):
            continue
        out.append(r)
    return out
