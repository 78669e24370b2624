"""Bridge questions answered with the bridge entity (issue 11, round 14b).

A multi-hop question names an entity by what the knowledge says it is — "On what river does *the largest city
of Poland* stand?" over "Warsaw … is the capital and largest city of Poland. It stands on the Vistula." — and
asks about it. A plausible wrong answer is the entity the description points to ("Warsaw"): it is printed in
the knowledge, the passage is about what the question asks, so the word checks and the reader pass it. But
it answers the *first* hop, not the question.

``first_hop`` finds that case: the knowledge states the answer *is* a phrase of the question — by a copula
("Warsaw … is the capital and largest city of Poland") or an apposition ("Bohemond, Robert's son" / "its
central interest, Europe itself") — and the question does not ask for that phrase itself ("Who was the Norse
leader?" answered "Rollo" over "Rollo, the Norse leader" is a right answer: the phrase ends a question of the
form "Who/What is …?"). The claim is then unsupported, kind ``entity``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .comparison import Compared, comparison_reasons, unread_by_comparison
from .reader import answer_words
from .text import STOPWORDS

_WORD = re.compile(r"[\w'’-]+")
_COPULA_Q = re.compile(r"^\s*(?:who|what|which)\b(?:\s+\w+){0,3}?\s+(?:is|was|are|were)\b", re.I)
_PARENS = re.compile(r"\s*\([^()]*\)")
_PREPOSITIONS = ("in", "of", "at", "for", "from", "by", "with", "on", "to", "near", "about")
_STRANDED = re.compile(r"\b(?:of|for|in|at|on|to|from|with|by)\s*\?*\s*$", re.I)
_POLAR = re.compile(r"^\s*(?:is|was|are|were|did|does|do|has|have|had|can|could|will|would)\b", re.I)
# the question asks for another name of the entity it describes: that entity is the answer (round 15b)
_ALIAS_BEFORE = re.compile(
    r"\b(?:birth|real|full|stage|pen|given|maiden|nick|original|former|other|alternative|official)\s*names?\s+of\s+"
    r"(?:the\s+)?$",
    re.I,
)
_ALIAS_AFTER = re.compile(r"^['’]?s?\s+(?:called|known\s+as|also\s+known|nicknamed|better\s+known)\b", re.I)
_WH_COPULA = re.compile(r"^\s*(?:what|who)\s+(?:is|was|are|were)\s+(?:the\s+)?$", re.I)
# "Which American actress, <phrase>, …?": an apposition to the asked noun describes the answer itself
_ASKED_APPOSITION = re.compile(r"^\s*(?:which|what|who|whom)\b(?:\s+[\w'’-]+){0,4}?\s*,(?P<apposed>[^,?]+),", re.I)


def _phrases(question: str, answer: str) -> list[str]:
    """Runs of 2-6 question words with at least two content words (longest first), not naming the answer."""
    words = _WORD.findall(question)
    low_answer = answer.lower()
    out = []
    for n in range(6, 1, -1):
        for i in range(len(words) - n + 1):
            run = words[i : i + n]
            content = [w for w in run if w.lower() not in STOPWORDS]
            if len(content) < 2 or run[0].lower() in STOPWORDS - {"the"} or run[-1].lower() in STOPWORDS:
                continue
            phrase = re.sub(r"['’]s$", "", " ".join(run))  # "Robert's son" of "Robert's son's nephew"
            if phrase.lower() not in low_answer and low_answer not in phrase.lower():
                out.append(phrase)
    return out


def _describes(question: str, phrase: str) -> bool:
    """``phrase`` names what the question asks *about*, not what it asks for. A copula question ("Who was the
    Norse leader?", "What is the final stage of a bill …?") asks what its predicate is: only a phrase inside it
    after a preposition or a verb in -ing ("… university in *the largest city of Poland*", "rebuilding *the
    largest city …*"), before a possessive ("the name of *Robert's son*'s nephew"), or the subject of a question
    ending in a preposition ("What archdiocese is *the largest city of Poland* the seat of?") is a description.
    "Which main case …" asks for the phrase's kind."""
    q = re.sub(r"(?i)\b(?:the name|one|some|each|any) of\s+", "", question)  # "What is one of the …?"
    i = q.lower().find(phrase.lower())
    if i < 0:
        return False
    if q[:i].split()[-1:] and q[:i].split()[-1].lower() in ("which", "what", "whose"):
        return False
    if not _COPULA_Q.match(q):
        return True
    if q[i + len(phrase) :].startswith(("'s", "’s")) or _STRANDED.search(q):  # "What archdiocese is P the seat of?"
        return True
    before = [w.lower() for w in q[:i].split()[-3:]]
    while before and (before[-1] in ("the", "a", "an") or before[-1].endswith(("'s", "’s"))):
        before = before[:-1]  # "in Germany's central interest"
    return bool(before) and (before[-1] in _PREPOSITIONS or before[-1].endswith("ing"))


def _aliased(question: str, phrase: str) -> bool:
    i = question.lower().find(phrase.lower())
    before, after = question[:i], question[i + len(phrase) :]
    return bool(_ALIAS_BEFORE.search(before) or _WH_COPULA.match(before) and _ALIAS_AFTER.match(after))


@lru_cache(maxsize=1024)
def _said(name: str, phrase: str) -> re.Pattern:
    """ "A is the … P", "A, a …, was the P", "A, P", "P, A" (compiled once per name and phrase)."""
    a, p = re.escape(name), re.escape(phrase).replace(r"\ ", r"\s+")
    return re.compile(
        rf"\b{a}\s*(?:,[^,;.]{{1,60}},\s*)?(?:is|was|are|were)\s+(?:the|a|an|one\s+of\s+the)\s+(?:(?!that\b|which\b|who\b)[\w-]+\s+){{0,3}}?{p}\b"
        rf"|\b{a}\s*,\s*(?:the\s+|a\s+|an\s+)?{p}\b|\b{p}\s*,\s*(?:the\s+)?{a}\b",
        re.I,
    )


def first_hop(question: str | None, answer: str, sentences: list[str]) -> list[str]:
    """A reason when the short ``answer`` is the entity the question describes, else []."""
    name = answer.strip().rstrip(".")
    if not question or _POLAR.match(question) or not name[:1].isupper() or len(name.split()) > 5:
        return []
    if name.lower() in question.lower() or re.search(r"\d", name):  # a date or figure is no entity described
        return []
    apposed = _ASKED_APPOSITION.match(question)
    plain = [_PARENS.sub("", _PARENS.sub("", s)) for s in sentences]  # "Warsaw (Polish: …; see …) is the …"
    for phrase in _phrases(question, name):
        if not _describes(question, phrase) or apposed and phrase.lower() in apposed.group("apposed").lower():
            continue
        if _aliased(question, phrase):  # "What is the birth name of P?", "What is P called?": the answer is P
            continue
        said = _said(name, phrase)
        for s in plain:
            m = said.search(s)
            if m:
                return [f"name '{name}' is what the question's '{phrase}' refers to ('{m.group(0)}'), not what it asks"]
    return []


def multihop_reasons(
    claim: str,
    short: bool,
    question: str | None,
    compared: Compared | None,
    sentences: list[list[str]],
    reasons: list[str],
    how: list[str],
) -> tuple[list[str], list[str]]:
    """A claim's findings and derivations after the question's shape is read: a comparison decides which option
    is the answer (comparison.py); otherwise the answer may name the entity the question describes."""
    if question is None:
        return reasons, how
    flat = [x for s in sentences for x in s]
    if compared is None:
        named = claim if short else answer_words(claim, question)
        return (reasons + first_hop(question, named, flat), how) if named else (reasons, how)
    found = comparison_reasons(claim, compared)
    if found is None:
        return reasons, how
    if found[0]:  # the other option
        return found[0] + reasons, how
    left = unread_by_comparison(reasons, " ".join(flat))
    return left, how + (found[1] if not left else [])  # "A was first, in Pakistan": no comparison shown
