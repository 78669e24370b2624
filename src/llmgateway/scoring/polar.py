"""General-knowledge yes/no questions about a named subject, read by the extractive reader (issue 11, fmulti).

"Was Clara Vidal the founder of the Meridian Line?" answered "No, Ingrid Solberg was the founder of the
Meridian Line." over knowledge that names both: round 10 takes the verdict word off (verdict.py) and, with no
threshold, direction or opinion to judge it on, lets it abstain; every word of the rest is printed somewhere
in the knowledge, so the strict checks pass it. The reader (reader.py) reads the question as the one it asks —
"Who was the founder of the Meridian Line?" — and ``ReaderStage.rival`` compares the name the answer gives
with the subject.
"""

from __future__ import annotations

import re

from .reader import answer_words, occurrences

_POLAR_COPULA = re.compile(r"^\s*(is|was|are|were)\s+(.+?)\s*\?*\s*$", re.I)
_JOINERS = {"of", "de", "da", "von", "van", "the", "and", "&"}
_NEGATED = re.compile(r"\b(?:not|never|no longer|\w+n't)\b", re.I)


def polar_as_asked(question: str) -> tuple[str, str] | None:
    """("Who was the founder of the Meridian Line?", "Clara Vidal") for "Was Clara Vidal the founder of the
    Meridian Line?": a general-knowledge yes/no question about a named subject, as the question the reader
    answers and the name it asks about; None for other questions ("Did revenue grow?", "Are both …?")."""
    m = _POLAR_COPULA.match(question)
    if not m:
        return None
    words = m.group(2).split()
    n = 0
    while n < len(words) and (
        words[n][:1].isupper()
        or n
        and words[n].lower() in _JOINERS
        and n + 1 < len(words)
        and words[n + 1][:1].isupper()
    ):
        n += 1
    if not n or n == len(words) or words[0].lower() in _JOINERS:
        return None
    subject, rest = " ".join(words[:n]), " ".join(words[n:])
    who = "Who" if 2 <= n <= 3 and all(w.isalpha() for w in words[:n]) else "What"
    return f"{who} {m.group(1).lower()} {rest.rstrip('?')}?", subject


def polar_answer(claim: str, question: str, subject: str, yes: bool) -> str | None:
    """The name a claim after a Yes/No word gives for the polar question's subject: after "Yes", the
    subject ("Yes, Clara Vidal founded it."); after "No", the other name it puts in its place ("No,
    Ingrid Solberg was the founder …"). None when the claim denies (a negation is not an answer to read),
    or says something else ("No, Clara Vidal founded Harbour Logistics.")."""
    if _NEGATED.search(claim):
        return None
    if yes:
        return subject if occurrences(claim, subject) else None
    return None if occurrences(claim, subject) else answer_words(claim, question)
