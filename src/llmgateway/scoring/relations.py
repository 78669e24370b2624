"""Who did what to whom: a claim that swaps the roles of two of its source's entities (issue 11).

"Brightline Freight acquired Harbour Logistics" over a source saying "Harbour Logistics acquired
Brightline Freight" uses only the source's names, figures and words, so every other strict check
passes it. This module reads both texts as (agent, relation, patient) triples and flags a claim
triple whose reverse is in the source while the triple itself is not.

Triples come from two adjacent names of a sentence and the words between them:

* active verbs, the patient the next name: "A acquired / bought / agreed to acquire / sued /
  succeeded / beat / owns / downgraded B" → (A, verb, B);
* passive voice: "B was acquired / sued / succeeded / beaten by A" → (A, verb, B);
* a transfer with its recipient: "A sold / lent (its stake in C | $300 million) to B" → (A, sell|lend,
  B); "B bought / borrowed … from A" → (A, sell|lend, B); "B lost to A" → (A, beat, B);
* ownership: "A's subsidiary B", "B, a (wholly owned) subsidiary of A", "B is a unit of A", "B's
  parent A", "A, the parent of B" → (A, own, B).

Names are runs of capitalised words ("Bank of America", "Alder Energy's" → "Alder Energy"); two names
are the same entity when they share a distinctive word ("Brightline" = "Brightline Freight"; "Bank",
"Capital", "Group" … alone do not make two names the same). Only the source's own reversed triple
flags a claim: a relation the source never states is left to the other checks and the entailment
model, so a paraphrase of a relation the parser cannot read is never called swapped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .text import split_sentences

# relation → the verb forms that express it (active), matched as whole words
_VERBS = {
    "acquire": r"acquir(?:e|es|ed|ing)|b(?:uy|uys|uying|ought)|purchas(?:e|es|ed|ing)|t(?:ake|akes|ook|aking) over",
    "sell": r"s(?:ell|ells|elling|old)|divest(?:s|ed|ing)?",
    "lend": r"l(?:end|ends|ending|ent)|loan(?:s|ed)?",
    "borrow": r"borrow(?:s|ed|ing)?",
    "sue": r"su(?:e|es|ed|ing)",
    "succeed": r"succeed(?:s|ed|ing)?|replac(?:e|es|ed|ing)",
    "beat": r"beat(?:s|en|ing)?|defeat(?:s|ed|ing)?|outperform(?:s|ed|ing)?|outbid(?:s|ding)?|overt(?:ake|akes|ook|aken)",
    "lose": r"lost|los(?:e|es|ing)",
    "own": r"own(?:s|ed)?|control(?:s|led)?",
    "supply": r"suppl(?:y|ies|ied|ying)",
    "invest": r"invest(?:s|ed|ing)? in",
    "hire": r"hir(?:e|es|ed|ing)",
    "pay": r"pa(?:y|ys|id|ying)",
    "license": r"licens(?:e|es|ed|ing)",
    "downgrade": r"downgrad(?:e|es|ed|ing)",
    "upgrade": r"upgrad(?:e|es|ed|ing)",
}
_VERB = re.compile(r"\b(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _VERBS.items()) + r")\b", re.I)
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\b", re.I)
_UNIT = r"(?:wholly[- ]owned |main |principal |operating |banking |asset[- ]management |insurance )?(?:subsidiary|unit|division|affiliate|arm)"
_OWNS_NEXT = [  # (pattern of the words between two names, does the first own the second?)
    (re.compile(rf"^['’]s {_UNIT},? $", re.I), True),  # A's subsidiary B
    (re.compile(rf"^,? (?:a|an|the|its|now a) {_UNIT} of $", re.I), False),  # B, a subsidiary of A
    (re.compile(rf"^ (?:is|was|became|remains|has been) (?:a|an|the|now a) {_UNIT} of $", re.I), False),
    (re.compile(r"^['’]s (?:parent|owner|parent company|controlling shareholder),? $", re.I), False),  # B's parent A
    (re.compile(r"^,? (?:the|its) (?:parent|owner|parent company) of $", re.I), True),  # A, the parent of B
    (re.compile(r"^ (?:is|was|became|remains) (?:the )?(?:parent|owner|parent company) of $", re.I), True),
]
_NAME = re.compile(r"[A-Z][\w&.'’\-]*(?:\s+(?:(?:of|de|&)\s+)?[A-Z][\w&.'’\-]*)*")
_JOIN = {"of", "de", "&"}
_NOT_FIRST = {  # capitalised words that open a sentence or a heading without naming anybody
    "the", "a", "an", "in", "on", "at", "for", "after", "before", "last", "this", "that", "its", "it", "their",
    "shares", "analysts", "management", "according", "under", "while", "when", "both", "as", "by", "with",
}  # fmt: skip
GENERIC = {
    "bank", "banks", "capital", "group", "holdings", "holding", "partners", "company", "co", "corp",
    "corporation", "inc", "ltd", "plc", "llc", "sa", "ag", "nv", "the", "of", "and", "&", "fund", "funds",
    "financial", "international", "global", "management", "asset", "investments", "trust",
}  # fmt: skip

Triple = tuple[frozenset, str, frozenset]


def names(sentence: str) -> list[tuple[int, int, frozenset, str]]:
    """(start, end, words, text) of each name in ``sentence``; a possessive "'s" ends a name and is
    left outside it ("Alder Energy's unit" → "Alder Energy")."""
    out = []
    for m in _NAME.finditer(sentence):
        run: list[tuple[int, int, str]] = []
        for w in re.finditer(r"\S+", m.group(0)):
            word = w.group(0).rstrip(".,")
            run.append((m.start() + w.start(), m.start() + w.start() + len(word), word))
            if re.search(r"['’]s$", word) or word != w.group(0) and not word.isupper():
                out += _name(sentence, run)  # a possessive or a full stop ends the name
                run = []
        out += _name(sentence, run)
    return out


def _name(sentence: str, run: list[tuple[int, int, str]]) -> list[tuple[int, int, frozenset, str]]:
    while run and run[0][2].lower() in _NOT_FIRST | _JOIN:
        run = run[1:]
    while run and run[-1][2].lower() in _JOIN:
        run = run[:-1]
    if not run:
        return []
    start, end = run[0][0], run[-1][1]
    text = sentence[start:end]
    if re.search(r"['’]s$", text):
        text, end = text[:-2], end - 2
    key = frozenset(w.lower() for w in re.findall(r"[\w&]+", text)) - _JOIN
    return [(start, end, key, text)] if key else []


def same(a: frozenset, b: frozenset) -> bool:
    """Two names for one entity: they share a distinctive word (or, both generic, any word)."""
    da, db = a - GENERIC, b - GENERIC
    return bool((da & db) if da and db else (a & b))


def _verb(between: str) -> tuple[str, re.Match] | None:
    m = _VERB.search(between)
    if m is None:
        return None
    return next(k for k, v in m.groupdict().items() if v), m


def sentence_triples(sentence: str) -> list[Triple]:
    """The (agent, relation, patient) triples of one sentence (see the module's docstring)."""
    found = names(sentence)
    out: list[Triple] = []
    for i, (_, end, a, _) in enumerate(found[:-1]):
        start_b, end_b, b, _ = found[i + 1]
        between = sentence[end:start_b]
        if len(between) > 80:
            continue
        owned = [first for pattern, first in _OWNS_NEXT if pattern.search(between)]
        if owned:
            out.append((a, "own", b) if owned[0] else (b, "own", a))
            continue
        hit = _verb(between)
        if hit is None:
            continue
        rel, m = hit
        tail = between[m.end() :]
        after = sentence[end_b : found[i + 2][0]] if i + 2 < len(found) else ""
        third = found[i + 2][2] if i + 2 < len(found) else None
        if _PASSIVE.search(between[: m.start()]) and re.search(r"\bby\s*$", tail):
            agent, patient = b, a  # "B was acquired by A"
        elif rel == "lose" and re.search(r"\bto\s*$", tail):
            agent, patient, rel = b, a, "beat"  # "B lost to A"
        elif rel in ("acquire", "borrow") and re.search(r"\bfrom\s*$", tail):
            agent, patient, rel = b, a, "sell" if rel == "acquire" else "lend"  # "B bought … from A"
        elif rel in ("sell", "lend") and re.search(r"\bto\s*$", tail):
            agent, patient = a, b  # "A sold its stake to B"
        elif rel in ("acquire", "borrow") and third is not None and re.fullmatch(r"\s*from\s*", after):
            out.append((a, "acquire", b)) if rel == "acquire" else None
            agent, patient, rel = third, a, "sell" if rel == "acquire" else "lend"  # "A bought C from B"
        elif rel in ("sell", "lend") and third is not None and re.fullmatch(r"\s*(?:for [^,]{1,30} )?to\s*", after):
            agent, patient = a, third  # "A sold C to B"
        elif rel in ("lose", "borrow") or _PASSIVE.search(between[: m.start()]):
            continue
        else:
            agent, patient = a, b
        if not same(agent, patient):
            out.append((agent, rel, patient))
    return out


@lru_cache(maxsize=2048)
def text_triples(text: str) -> tuple[Triple, ...]:
    return tuple(t for s in split_sentences(text) for t in sentence_triples(s))


def swapped_roles(claim: str, source: str) -> list[str]:
    """A reason for each claim triple whose roles the source states the other way round (and never
    this way): "'Brightline Freight' and 'Harbour Logistics' appear in swapped roles …"."""
    stated = text_triples(source)
    reasons = []
    for a, rel, b in text_triples(claim):
        forward = any(r == rel and same(x, a) and same(y, b) for x, r, y in stated)
        reverse = any(r == rel and same(x, b) and same(y, a) for x, r, y in stated)
        if reverse and not forward:
            label = {n[2]: n[3] for n in names(claim)}
            reasons.append(f"'{label.get(a, ' '.join(sorted(a)))}' and '{label.get(b, ' '.join(sorted(b)))}' "
                           f"appear in swapped roles compared with the source ({rel})")  # fmt: skip
    return reasons
