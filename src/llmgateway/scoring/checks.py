"""Strict agreement checks between one claim and its evidence.

Each check returns reasons (strings a reader can act on, e.g. ``number 18% not in source (source
has: 8%)``); no reasons means the claim agrees with the evidence on every checkable detail.

* figures: every quantity in the claim must appear in the evidence window (same unit family and
  currency, equal up to the claim's own rounding: "$1.4 billion" matches "$1.42 billion").
* dates: every date in the claim must appear in the source document with the same fields
  ("January 2024" does not match "January 2025" just because 2024 occurs elsewhere).
* ratings: analyst ratings in the claim must be the source's current rating (not its "from X"
  rating); credit ratings must match exactly (BBB is not BBB+).
* directions: a direction word in the claim (rose/fell, beat/missed, raised/kept) is compared with
  the source's direction word that shares the most anchors (numbers and content words) with it.
* names: capitalised names in the claim must occur in the source document (acronyms match the
  initials of a name: LME = London Metal Exchange); two names in swapped roles are flagged.
* novel content: a run of three or more content words that the source never uses is a claim the
  source does not make ("... and plans to cut its dividend next year").
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from .facts import Direction, Facts, Quantity, extract_facts
from .text import STOPWORDS, stem, tokens

# Capitalised words that are not names worth checking.
_NOT_NAMES = {
    "the",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "in",
    "on",
    "at",
    "for",
    "from",
    "with",
    "by",
    "as",
    "after",
    "before",
    "during",
    "over",
    "under",
    "while",
    "although",
    "however",
    "meanwhile",
    "overall",
    "also",
    "additionally",
    "moreover",
    "furthermore",
    "notably",
    "separately",
    "according",
    "based",
    "both",
    "each",
    "all",
    "some",
    "most",
    "we",
    "our",
    "they",
    "their",
    "he",
    "she",
    "there",
    "here",
    "what",
    "when",
    "where",
    "which",
    "who",
    "why",
    "how",
    "yes",
    "no",
    "not",
    "but",
    "and",
    "or",
    "so",
    "since",
    "despite",
    "following",
    "looking",
    "given",
    "i",
    "a",
    "an",
    "if",
    "to",
    "of",
    "than",
    "ceo",
    "cfo",
    "eps",
    "gdp",
    "cpi",
    "yoy",
    "qoq",
    "fy",
    "ebitda",
    "ebit",
    "roe",
    "roa",
    "ai",
    "ipo",
    "esg",
    "capex",
    "opex",
    "ffo",
    "nav",
    "aum",
    "m&a",
    "q1",
    "q2",
    "q3",
    "q4",
    "h1",
    "h2",
    "usd",
    "eur",
    "gbp",
    "jpy",
    "sek",
    "chf",
    "us",
    "uk",
    "eu",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "buy",
    "hold",
    "sell",
    "neutral",
    "overweight",
    "underweight",
    "outperform",
    "underperform",
    "equal-weight",
    "reduce",
    "accumulate",
    "add",
    "strong",
    "rating",
    "analysts",
    "analyst",
    "management",
    "investors",
    "shareholders",
    "revenue",
    "net",
    "total",
    "first",
    "second",
    "third",
    "fourth",
    "last",
    "next",
    "full-year",
    "year",
    "quarter",
    "fiscal",
}
# Verbs whose subject and object must not be swapped ("A acquires B", "A downgraded B").
_RELATIONS = {
    stem(w)
    for w in "acquire acquires buy buys purchase merge sue sued beat beats outperform overtake "
    "replace replaces supply supplies own owns invest invests lend lends downgrade downgraded upgrade "
    "upgraded rate rates pay pays sell sells take takes bid bids hire hired license licenses "
    "partner partners".split()
}
_PASSIVE = re.compile(r"\b(?:by|from)\b", re.I)


@dataclass
class Evidence:
    """What a claim is checked against: the matched window and the whole source document."""

    window: str
    document: str
    others: str = ""  # the other sources given with the same answer

    def __post_init__(self) -> None:
        self.window_facts: Facts = _facts(self.window)
        doc = _document(self.document)
        self.document_facts: Facts = doc.facts
        self.doc_words, self.doc_stems, self.doc_initials, self.doc_names = (
            doc.words,
            doc.stems,
            doc.initials,
            doc.names,
        )
        self.other_words = _words(self.others)


@dataclass(frozen=True)
class _DocumentAnalysis:
    facts: Facts
    words: frozenset
    stems: frozenset
    initials: frozenset
    names: frozenset


# Research passages recur across answers (retrieval returns the same notes), so their analysis is cached.
@lru_cache(maxsize=8192)
def _document(text: str) -> _DocumentAnalysis:
    doc_tokens = tokens(text)
    names = frozenset(
        t.lower
        for t in doc_tokens
        if t.text[:1].isupper() and t.lower not in _NOT_NAMES and not _sentence_initial(text, t.start)
    )
    return _DocumentAnalysis(
        extract_facts(text),
        frozenset(t.lower for t in doc_tokens),
        frozenset(stem(t.lower) for t in doc_tokens),
        frozenset(_initials(doc_tokens)),
        names,
    )


@lru_cache(maxsize=16384)
def _facts(text: str) -> Facts:
    return extract_facts(text)


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset:
    return frozenset(t.lower for t in tokens(text))


def _initials(doc_tokens) -> set[str]:
    words = [t.text for t in doc_tokens]
    out = set()
    for n in range(2, 6):
        for i in range(len(words) - n + 1):
            chunk = words[i : i + n]
            if chunk[0][:1].isupper():
                out.add("".join(w[0] for w in chunk).lower())
                out.add("".join(w[0] for w in chunk if w[:1].isupper()).lower())
    return out


def _quantity_matches(claim: Quantity, source: Quantity) -> bool:
    if claim.unit != source.unit and "plain" not in (claim.unit, source.unit):
        return False
    if claim.currency and source.currency and claim.currency != source.currency:
        return False
    return abs(claim.value - source.value) <= max(claim.tolerance, source.tolerance)


def check_figures(claim: Facts, evidence: Evidence) -> list[str]:
    reasons = []
    for q in claim.quantities:
        if not any(_quantity_matches(q, s) for s in evidence.window_facts.quantities):
            near = [s.text for s in evidence.window_facts.quantities if s.unit == q.unit][:4]
            has = f" (source has: {', '.join(near)})" if near else ""
            reasons.append(f"figure '{q.text}' not in the source{has}")
    return reasons


def check_dates(claim: Facts, evidence: Evidence) -> list[str]:
    reasons = []
    source_dates = [d.fields() for d in evidence.document_facts.dates]
    for d in claim.dates:
        want = d.fields()
        if not any(all(s.get(k) == v for k, v in want.items()) for s in source_dates):
            reasons.append(f"date '{d.text}' not in the source")
    return reasons


def check_ratings(claim: Facts, evidence: Evidence) -> list[str]:
    reasons = []
    source = evidence.document_facts.ratings
    current = {r.term for r in source if not r.previous}
    anyrole = {r.term for r in source}
    for r in claim.ratings:
        pool = anyrole if r.previous else current
        if r.term not in pool:
            found = ", ".join(sorted(current)) or "none"
            reasons.append(f"rating '{r.text}' does not match the source (source rating: {found})")
    credit = set(evidence.document_facts.credit_ratings)
    for c in claim.credit_ratings:
        if c not in credit:
            reasons.append(f"credit rating '{c}' does not match the source ({', '.join(sorted(credit)) or 'none'})")
    return reasons


_CLAUSE_PUNCT = re.compile(r"[.;:,]")
_CLAUSE_WORDS = {
    "while",
    "whereas",
    "but",
    "as",
    "because",
    "although",
    "though",
    "after",
    "thanks",
    "due",
    "helped",
    "on",
    "amid",
    "despite",
    "with",
    "and",
}


def _anchor_sets(text: str, directions: list[Direction]) -> list[set[str]]:
    """For each direction word, the numbers and content stems that belong to it: every other word
    of the same clause goes to its nearest direction word ("margin narrowed 60bp to 31.2% as
    promotions increased": 60bp and 31.2% belong to "narrowed", "promotions" to "increased")."""
    toks = tokens(text)
    if not directions or not toks:
        return [set() for _ in directions]
    clause_of, clause = [], 0
    for i, t in enumerate(toks):
        if i and (_CLAUSE_PUNCT.search(text[toks[i - 1].end : t.start]) or t.lower in _CLAUSE_WORDS):
            clause += 1
        clause_of.append(clause)
    positions = []
    for d in directions:
        positions.append(next((t.index for t in toks if t.start >= d.start), len(toks) - 1))
    direction_idx = set(positions)
    out: list[set[str]] = [set() for _ in directions]
    for t in toks:
        if t.index in direction_idx or t.lower in STOPWORDS:
            continue
        same = [(abs(t.index - p), k) for k, p in enumerate(positions) if clause_of[p] == clause_of[t.index]]
        if not same:
            continue
        _, k = min(same)
        out[k].add("#" + t.lower.rstrip("%").replace(",", "") if t.lower[0].isdigit() else stem(t.lower))
    return out


@lru_cache(maxsize=16384)
def _window_anchor_sets(window: str) -> tuple[frozenset, ...]:
    return tuple(frozenset(a) for a in _anchor_sets(window, _facts(window).directions))


def _anchor_weight(a: AbstractSet[str], b: AbstractSet[str]) -> int:
    """Shared figures weigh 3, shared words (and years, which are context rather than figures) 1."""
    return sum(3 if x.startswith("#") and not re.fullmatch(r"#(?:19|20)\d\d", x) else 1 for x in a & b)


def check_directions(claim_text: str, claim: Facts, evidence: Evidence) -> list[str]:
    reasons = []
    window_dirs = evidence.window_facts.directions
    source_dirs = list(zip(window_dirs, _window_anchor_sets(evidence.window)))
    for d, mine in zip(claim.directions, _anchor_sets(claim_text, claim.directions)):
        scored = [(_anchor_weight(mine, anchors), s) for s, anchors in source_dirs if s.axis == d.axis]
        if not scored:
            continue
        best = max(w for w, _ in scored)
        if best < 2 and not (best == 1 and len(scored) == 1):
            continue
        polarities = {s.polarity for w, s in scored if w == best}
        if d.polarity not in polarities and len(polarities) == 1:
            other = next(s.word for w, s in scored if w == best)
            reasons.append(f"direction '{d.word}' contradicts the source ('{other}')")
    return reasons


def _names(text: str) -> list[tuple[str, int, bool]]:
    """(word, char offset, sentence-initial) for capitalised words and acronyms."""
    out = []
    for t in tokens(text):
        if not t.text[:1].isupper() or t.lower in _NOT_NAMES:
            continue
        out.append((t.text, t.start, _sentence_initial(text, t.start)))
    return out


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in '.!?:;"(' or before.endswith("-")


def _name_known(word: str, evidence: Evidence, initial: bool) -> bool:
    low = word.lower()
    parts = [p for p in re.split(r"[-&]", low) if p]
    if low in evidence.doc_words or all(p in evidence.doc_words for p in parts):
        return True
    if word.isupper() and low.replace("&", "") in evidence.doc_initials:
        return True
    if len(low) >= 3 and any(w.startswith(low) for w in evidence.doc_words):
        return True  # "Fed" for "Federal"
    if initial:
        # a capitalised first word is usually not a name; only flag it if even its stem is unknown
        return stem(low) in evidence.doc_stems or low in STOPWORDS
    return False


def check_names(claim_text: str, evidence: Evidence) -> list[str]:
    reasons = []
    known: list[tuple[str, int]] = []
    names = _names(claim_text)
    claim_words = {w.lower() for w, _, _ in names}
    for word, start, initial in names:
        if _name_known(word, evidence, initial):
            if word.lower() in evidence.doc_names:
                known.append((word.lower(), start))
        elif word.lower() in evidence.other_words and evidence.doc_names <= claim_words:
            continue  # named in a sibling source, and this source names nobody else ("its rating")
        else:
            reasons.append(f"name '{word}' does not occur in the source")
    reasons += _swapped_roles(claim_text, known, evidence)
    return reasons


def _swapped_roles(claim_text: str, known: list[tuple[str, int]], evidence: Evidence) -> list[str]:
    """ "FreightLine agreed to acquire Atlas" when the source says "Atlas agreed to acquire
    FreightLine": same linking words between two names, in the opposite order, neither passive."""
    if len(known) < 2:
        return []
    doc = evidence.document
    low_doc = doc.lower()
    for (a, pa), (b, pb) in zip(known, known[1:]):
        if a == b:
            continue
        between_claim = claim_text[pa + len(a) : pb].lower()
        link = {stem(w) for w in re.findall(r"[a-z]+", between_claim) if w not in STOPWORDS} & _RELATIONS
        if not link or _PASSIVE.search(between_claim) or len(between_claim) > 60:
            continue
        ia, ib = low_doc.find(a), low_doc.find(b)
        if ia < 0 or ib < 0 or ib > ia:
            continue
        between_doc = low_doc[ib + len(b) : ia]
        if _PASSIVE.search(between_doc) or len(between_doc) > 120:
            continue
        if link & {stem(w) for w in re.findall(r"[a-z]+", between_doc)}:
            return [f"'{a}' and '{b}' appear in swapped roles compared with the source"]
    return []


_SYNONYMS = [
    {"profit", "earning", "income", "earn"},
    {"share", "stock", "equity"},
    {"buyba", "repur"},
    {"forec", "expec", "guide", "guida", "proje", "outlo"},
    {"compa", "firm", "group", "busin"},
    {"acqui", "buy", "purch", "takeo"},
]


def check_novel_content(claim_text: str, claim: Facts, evidence: Evidence, run: int = 3) -> list[str]:
    """Flag a run of ``run`` content words the source document never uses (stopwords are skipped,
    direction words and figures are checked elsewhere and break nothing)."""
    direction_words = {d.word for d in claim.directions}
    streak: list[str] = []
    for t in tokens(claim_text):
        if t.lower in STOPWORDS or t.lower in direction_words or t.lower[0].isdigit() or len(t.lower) < 3:
            continue
        s = stem(t.lower)
        known = s in evidence.doc_stems or any(s in group and group & evidence.doc_stems for group in _SYNONYMS)
        if known:
            streak = []
            continue
        streak.append(t.text)
        if len(streak) >= run:
            return [f"'{' '.join(streak)}' is not stated in the source"]
    return []


def check_claim(claim_text: str, evidence: Evidence) -> list[str]:
    facts = extract_facts(claim_text)
    return (
        check_figures(facts, evidence)
        + check_dates(facts, evidence)
        + check_ratings(facts, evidence)
        + check_directions(claim_text, facts, evidence)
        + check_names(claim_text, evidence)
        + check_novel_content(claim_text, facts, evidence)
    )
