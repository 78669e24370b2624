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
  initials of a name: LME = London Metal Exchange); two names in swapped roles
  are flagged (relations.py).
* novel content: a run of three or more content words that the source never uses is a claim the
  source does not make ("... and plans to cut its dividend next year").
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from .claims import strip_lead_in
from .derived import derive, equivalent
from .facts import Direction, Facts, Quantity, extract_facts
from .initial_words import ordinary_initial
from .negation import check_negation
from .periods import check_dates, question_fit
from .relations import swapped_roles
from .signs import check_signs
from .tables import is_table, table_cells, table_scale
from .text import STOPWORDS, stem, tokens
from .wordlists import CLAUSE_WORDS, HEADLINE_WORDS, NOT_NAMES, SYNONYMS, UNIT_WORDS


@dataclass
class Evidence:
    """What a claim is checked against: the matched window and the whole source document."""

    window: str
    document: str
    others: tuple[str, ...] = ()  # the other sources given with the same answer
    rel_tol: float = 0.005  # rounding a derived figure may carry, relative to it

    def __post_init__(self) -> None:
        self.window_facts: Facts = _facts(self.window)
        self.scale, self.scale_currency = table_scale(self.document)
        # a table's rows rarely name what the claim names, so the matched window may be its title
        # line: its figures are checked against the whole table
        self.table = is_table(self.document)
        self.cells = table_cells(self.document) if self.table else None
        doc = _document(self.document)
        self.document_facts: Facts = doc.facts
        self.doc_words, self.doc_stems, self.doc_initials, self.doc_names = (
            doc.words,
            doc.stems,
            doc.initials,
            doc.names,
        )
        self.others_text = " ".join(self.others)
        # no word spans two sources, so the words of each (cached: sources recur across answers) add up
        self.other_words = frozenset().union(*map(_words, self.others))
        self.lower_words = _lower_words(self.document).union(*map(_lower_words, self.others))  # written in lower case


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
        if t.text[:1].isupper() and t.lower not in NOT_NAMES and not _sentence_initial(text, t.start)
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


@lru_cache(maxsize=4096)
def _lower_words(text: str) -> frozenset:
    return frozenset(t.text for t in tokens(text) if t.text.islower())


def _initials(doc_tokens) -> set[str]:
    """Acronyms the text spells out: "London Metal Exchange" → lme, "common equity tier 1" → cet1."""
    words = [t.text for t in doc_tokens]
    out = set()
    for n in range(2, 6):
        for i in range(len(words) - n + 1):
            chunk = words[i : i + n]
            if chunk[0][:1].isupper():
                out.add("".join(w[0] for w in chunk if w[:1].isupper()).lower())
            out.add("".join(w if w.isdigit() else w[0] for w in chunk).lower())
    return out


def _quantity_matches(claim: Quantity, source: Quantity) -> bool:
    """The source's figure is the claimed one at the claim's own precision: "$1.1 million" restates a source's
    "$1.108 million", but a source's rounded "$1 million" does not confirm a claimed "$1.108 million" (the
    claim states digits the source never printed)."""
    if claim.unit != source.unit and "plain" not in (claim.unit, source.unit):
        return False
    if claim.currency and source.currency and claim.currency != source.currency:
        return False
    return abs(claim.value - source.value) <= claim.tolerance


def check_figures(claim: Facts, evidence: Evidence, claim_text: str = "", how: list[str] | None = None) -> list[str]:
    """Each claimed figure must be in the window, the same figure in other units or scale, or
    follow from the window's figures (derived.py); ``how`` collects the formulas that made it so."""
    reasons = []
    source = evidence.window_facts.quantities
    if evidence.table:
        source = evidence.document_facts.quantities
    direct = [q for q in claim.quantities if any(_quantity_matches(q, s) for s in source)]
    for q in claim.quantities:
        if q in direct:
            continue
        found = next((e for s in source if (e := equivalent(q, s, evidence.scale, evidence.rel_tol))), None)
        if found is None:
            operands = source + [d for d in direct if d is not q]
            found = derive(
                q, claim_text, operands, scale=evidence.scale, rel_tol=evidence.rel_tol, cells=evidence.cells
            )
        if found is None and len(evidence.document_facts.quantities) <= 12 and not evidence.table:
            # a short note: its figures may sit in neighbouring sentences ("... of $8.4 billion.
            # Operating profit was $630 million." → a 7.5% margin)
            operands = evidence.document_facts.quantities + [d for d in direct if d is not q]
            found = derive(q, claim_text, operands, scale=evidence.scale, rel_tol=evidence.rel_tol)
        if found is not None:
            if how is not None:
                how.append(found)
            continue
        near = [s.text for s in source if s.unit == q.unit][:4]
        has = f" (source has: {', '.join(near)})" if near else ""
        reasons.append(f"figure '{q.text}' not in the source{has}")
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


def _anchor_sets(text: str, directions: list[Direction]) -> list[set[str]]:
    """For each direction word, the numbers and content stems that belong to it: every other word
    of the same clause goes to its nearest direction word ("margin narrowed 60bp to 31.2% as
    promotions increased": 60bp and 31.2% belong to "narrowed", "promotions" to "increased")."""
    toks = tokens(text)
    if not directions or not toks:
        return [set() for _ in directions]
    clause_of, clause = [], 0
    for i, t in enumerate(toks):
        if i and (_CLAUSE_PUNCT.search(text[toks[i - 1].end : t.start]) or t.lower in CLAUSE_WORDS):
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


_YEAR_ANCHOR = re.compile(r"#(?:19|20)\d\d")


def _anchor_weight(a: AbstractSet[str], b: AbstractSet[str]) -> int:
    """Shared figures weigh 3, shared words (and years, which are context rather than figures) 1."""
    return sum(3 if x.startswith("#") and not _YEAR_ANCHOR.fullmatch(x) else 1 for x in a & b)


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


_PERIOD_WORD = re.compile(r"^(?:FY|CY|Q[1-4]|H[12]|F)'?\d{2,4}$")  # a period, not a name: FY2022, Q3, F19


def name_words(text: str) -> list[tuple[str, int, bool]]:
    """(word, char offset, sentence-initial) for capitalised words and acronyms."""
    out = []
    for t in tokens(text):
        if not t.text[:1].isupper() or t.lower in NOT_NAMES or _PERIOD_WORD.match(t.text):
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
    if re.fullmatch(r"[A-Z][A-Z0-9&]+", word) and low.replace("&", "") in evidence.doc_initials:
        return True
    if len(low) >= 3 and any(w.startswith(low) for w in evidence.doc_words):
        return True  # "Fed" for "Federal"
    if initial:
        # a capitalised first word is usually not a name; only flag it if even its stem is unknown, it is not
        # a news wire's opening verb ("Sees …", "Qtrly …") and no source writes it in lower case ("Cost …")
        return (
            stem(low) in evidence.doc_stems or low in STOPWORDS or low in HEADLINE_WORDS or low in evidence.lower_words
        )
    return False


def check_names(claim_text: str, evidence: Evidence) -> list[str]:
    reasons = []
    names = name_words(claim_text)
    claim_words = {w.lower() for w, _, _ in names}
    for word, start, initial in names:
        if _name_known(word, evidence, initial) or (initial and ordinary_initial(word, claim_text, start + len(word))):
            continue
        if word.lower() in evidence.other_words and evidence.doc_names <= claim_words:
            continue  # named in a sibling source, and this source names nobody else ("its rating")
        reasons.append(f"name '{word}' does not occur in the source")
    reasons += swapped_roles(claim_text, evidence.document)  # relations.py: who did what to whom
    return reasons


def check_novel_content(claim_text: str, claim: Facts, evidence: Evidence, run: int = 3) -> list[str]:
    """Flag a run of ``run`` content words the source document never uses (stopwords are skipped,
    direction words and figures are checked elsewhere and break nothing)."""
    direction_words = {d.word for d in claim.directions}
    streak: list[str] = []
    for t in tokens(claim_text):
        if t.lower in STOPWORDS or t.lower in direction_words or t.lower[0].isdigit() or len(t.lower) < 3:
            continue  # (a period such as "FY2018" is the date check's, below)
        if _PERIOD_WORD.match(t.text):
            continue
        if t.lower in UNIT_WORDS:
            continue  # "basis points", "percentage points": the figure check judges them
        s = stem(t.lower)
        known = s in evidence.doc_stems or any(s in group and group & evidence.doc_stems for group in SYNONYMS)
        if known:
            streak = []
            continue
        streak.append(t.text)
        if run == 1:  # a worded short answer: the word *is* the answer, judged as a name is (kind "entity")
            return [f"'{t.text}' (the answer) does not occur in the source"]
        if len(streak) >= run:
            return [f"'{' '.join(streak)}' is not stated in the source"]
    return []


def check_question(question: str, evidence: Evidence, min_share: float = 0.5) -> list[str]:
    """A short answer ("13.6%") is only backed by a passage about what the question asks: at least
    ``min_share`` of the question's content words and periods must be in the window (periods.py; tables
    excepted, whose rows are matched whole)."""
    if evidence.table:
        return []
    window = {stem(t.lower) for t in tokens(evidence.window)} | _initial_stems(evidence.window)
    found, wanted = question_fit(question, window, (evidence.window_facts, evidence.document_facts))
    if wanted and found / wanted < min_share:
        return [f"the passage is not about what the question asks ({found / wanted:.0%} of its words)"]
    return []


def _initial_stems(text: str) -> set[str]:
    return set(_initials(tokens(text)))


def check_claim(
    claim_text: str, evidence: Evidence, how: list[str] | None = None, question: str | None = None
) -> list[str]:
    """Reasons the claim disagrees with the evidence (none: it agrees); derivations go to ``how``.
    ``question`` (for a short answer) lends its words to the figure check: "By how much did sales
    grow? 12.4%" asks for a growth rate."""
    facts = extract_facts(claim_text)
    return (
        check_figures(facts, evidence, f"{question} {claim_text}" if question else claim_text, how)
        + check_dates(facts, evidence.document_facts, evidence.others_text)
        + check_ratings(facts, evidence)
        + check_directions(claim_text, facts, evidence)
        + check_signs(claim_text, facts.quantities, evidence.window, evidence.window_facts.quantities)
        + check_names(claim_text, evidence)
        + check_novel_content(strip_lead_in(claim_text), facts, evidence, run=1 if _worded(question, claim_text) else 3)
        + check_negation(claim_text, evidence.window)
    )


def _worded(question: str | None, claim_text: str) -> bool:
    """A short answer in words ("silver", "Turing machines") read with its question: it claims nothing
    but its words, so each content word must be in the source — one unknown word is enough (a longer
    claim needs a run of three). Figures are left to the figure check."""
    return bool(question) and not re.search(r"\d", claim_text)


def error_kind(reason: str) -> str:
    """The kind of an unsupported claim's reason, for the evaluation's confusion of errors."""
    for prefix, kind in (
        ("figure", "figure"),
        ("date", "date"),
        ("name", "entity"),
        ("'", "entity"),  # swapped roles, or novel wording (below)
        ("rating", "rating"),
        ("credit", "rating"),
        ("direction", "direction"),
        ("negation", "negation"),
        ("no source passage", "unmatched"),
        ("verifier", "verifier"),
        ("the passage is not about", "unmatched"),
    ):
        if reason.startswith(prefix):
            if prefix == "'" and "is not stated" in reason:
                return "absent"
            return kind
    return "other"
