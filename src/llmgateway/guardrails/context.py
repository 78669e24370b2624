"""Sentences, clauses and the contexts that clear a match: negation, hedging, attribution.

A trigger phrase is only a violation when the text *asserts* it. Compliance text is full of the
same words used the other way round: "no investment can guarantee a return", "past performance
does not guarantee future results", "the analyst's published target is $58 — an opinion, not a
promise", "be wary of anyone who promises guaranteed returns". The checks here are deliberately
small and local:

* **negated** – a negation cue in the same clause within a few words before the match, or a
  distancing cue ("be wary of", "it is false that", "red flag") earlier in the same sentence;
* **hedged** – a hedge cue ("may", "an opinion", "not a promise", "hypothetical") anywhere in the
  sentence, unless the match's own clause also carries a certainty marker ("definitely", "100%");
* **attributed** – the claim is reported as someone else's view ("according to", "the analyst's
  published target", "consensus estimate"), with the same certainty override.

Clauses are split at punctuation and at conjunctions such as "because", "but", "and", so the
negation in "don't worry, because returns are guaranteed" does not clear "returns are guaranteed".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .lexical_view import APOSTROPHES

_ABBREVIATIONS = {
    "u.s",
    "u.k",
    "e.g",
    "i.e",
    "mr",
    "mrs",
    "ms",
    "dr",
    "inc",
    "co",
    "corp",
    "ltd",
    "vs",
    "etc",
    "no",
    "st",
    "jr",
    "sr",
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
    "approx",
    "est",
    "fig",
    "p",
    "pp",
}
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s)|\n\s*\n|\n(?=\s*[-*•\d])")
_CLAUSE_BREAK = re.compile(
    r"[;:,—–()]|\s-\s|\b(?:but|however|yet|although|though|whereas|because|since|so|and|therefore|"
    r"thus|hence|which means|that means|meaning|instead|rather)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:no|not|never|nothing|none|neither|nor|cannot|without|nobody|unable|unlikely|"
    r"can't|won't|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|shouldn't|wouldn't|couldn't|"
    r"mustn't|ain't|hardly|avoid|refrain|prohibited|forbidden|must not)\b|n't\b",
    re.IGNORECASE,
)
# A negation word inside a set phrase that does not deny what follows it: "never say no to a fund with
# zero risk" (a double negation: the writer would take it), "no doubt it is guaranteed", "no wonder",
# "no matter what", "not only", "nothing but", "nothing to lose", "no less than 8 %", "without a doubt",
# "don't miss out on", "don't hesitate to". These are blanked before the negation window is read, so the
# claim after them stands. "say no to" counts here even without a leading negation: "it's hard to say
# no to", "who could say no to" endorse as often as "we say no to" refuses, and an unmarked refusal of a
# claim is better held for review than an endorsement delivered. "no longer" and "no such" really deny
# the claim and stay negations (issue #15, answer side's eighth pass).
_NOT_A_NEGATION = re.compile(
    r"\b(?:(?:(?:never|not|cannot|can't|won't|wouldn't|couldn't|don't|didn't|do not|would not|could not)\s+)?"
    r"say(?:s|ing)?\s+no\s+to|no (?:doubt|question|wonder|matter|surprise)|no-brainer|not only|nothing but|"
    r"nothing to lose|(?:no|not) (?:less|fewer) than|without (?:a )?(?:doubt|question|fail)|"
    r"(?:don't|do not|never) (?:miss(?: out)?|hesitate|pass up))\b",
    re.IGNORECASE,
)
_DISTANCING = re.compile(
    r"\b(?:be (?:wary|careful|suspicious|skeptical|sceptical)|beware|watch out|warn(?:s|ed|ing)?|"
    r"red flags?|scam|fraud(?:ulent)?|myth|false (?:that|to)|wrong to|misleading|(?:anyone|someone|"
    r"anybody|advisers?|advisors?|salespe(?:ople|rson)) (?:who|that) (?:promises?|guarantees?|claims?)|"
    r"(?:not|never) (?:true|accurate|correct)|there is no such thing|is prohibited|are prohibited|"
    r"prohibits|rules? (?:forbid|prohibit)s?|finra (?:forbids|prohibits)|we do not|we don't|we never|"
    r"(?:nobody|no one|no-one|no (?:honest |licensed |registered )?(?:adviser|advisor|broker|planner))\s+(?:can|could|will)\s+"
    r"(?:honestly\s+|truthfully\s+|really\s+)?(?:promise|guarantee|predict|know|tell you))\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:may|might|could|possibly|potentially|perhaps|hypothetical(?:ly)?|illustrative|"
    r"for illustration|estimates?|estimated|opinion|not a (?:promise|guarantee|prediction)|"
    r"no (?:guarantee|assurance|promise)s?|(?:is|are) not guaranteed|not guaranteed|cannot be guaranteed|"
    r"can't be guaranteed|subject to (?:market )?(?:risk|change|conditions)|uncertain|"
    r"not (?:indicative|a reliable indicator)|whether|virtually|nearly|considered|historically|in the past|scenario|if (?:rates|markets|"
    r"prices|the market)|assum(?:e|es|ing|ption))\b",
    re.IGNORECASE,
)
# "The company reports in two weeks", "… reports earnings on Thursday": "reports" naming a scheduled
# event, not a reported view, so it attributes nothing (issue #15, eighth answer pass).
_SCHEDULED = (
    r"(?!\s+(?:(?:its|their|q[1-4]|first|second|third|fourth|quarterly|annual|full-year|earnings|results|"
    r"numbers|figures)[\s-]+){0,3}(?:in|on|next|this|tomorrow|today|tonight|later|after|before|within|by|at)\b)"
)
_ATTRIBUTION = re.compile(
    r"\b(?:according to|(?:analysts?|analyst's|analysts'|strategists?|economists?|consensus|street)\b[^.]{0,40}"
    r"\b(?:targets?|estimates?|forecasts?|expects?|projects?|predicts?|view)|published (?:target|estimate|"
    r"forecast|view|price target)|price target|consensus|(?:the|a|an|one) (?:analyst|report|article|"
    r"author|ceo|company|issuer|prospectus|study|survey)\b[^.]{0,30}\b(?:said|says|stated|states|claims|"
    r"claimed|wrote|writes|argues|argued|notes|noted|reported|reports"
    + _SCHEDULED
    + r")|in (?:his|her|their|its) (?:view|"
    r"opinion)|reportedly|quoted)\b",
    re.IGNORECASE,
)
_CERTAINTY = re.compile(
    r"\b(?:definitely|certainly|surely|for sure|guaranteed?|guarantees|100%|no doubt|without (?:a )?doubt|"
    r"rest assured|promise|i promise|we promise|can't lose|cannot lose|risk[- ]free|zero risk|sure thing|"
    r"locked in|no way to lose)(?!\w)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w']+")
NEGATION_WINDOW_WORDS = 6


@dataclass
class TextIndex:
    """Sentence boundaries of one text, computed once and shared by every rule that checks it."""

    text: str
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    # the text that exemptions and rejecting frames read: typographic apostrophes as the ASCII one ("doesn’t
    # guarantee" is a negation like "doesn't guarantee"); the same length, so every offset holds
    plain: str = field(default="", init=False)

    def __post_init__(self) -> None:
        self.plain = self.text.translate(APOSTROPHES)
        if not self.starts:
            for start, end in sentence_spans(self.text):
                self.starts.append(start)
                self.ends.append(end)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self.starts, pos) - 1)
        if not self.starts:
            return 0, len(self.text)
        return self.starts[i], self.ends[i]

    def clause_of(self, start: int, end: int) -> tuple[int, int]:
        s_start, s_end = self.sentence_of(start)
        clause_start, clause_end = s_start, s_end
        for m in _CLAUSE_BREAK.finditer(self.text, s_start, s_end):
            if m.end() <= start:
                clause_start = m.end()
            elif m.start() >= end:
                clause_end = m.start()
                break
        return clause_start, clause_end


# A "sentence" longer than this (a paste without full stops) is cut at a space into pieces: every
# per-match look at a sentence or clause is then bounded, so a scan stays linear in the text, and
# an embedded sentence stays within what MiniLM reads (256 word pieces) anyway.
MAX_SENTENCE_CHARS = 1000
_ABBREVIATION_LOOKBACK = 40  # "e.g." and "U.S." are short: never look further back than this


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; keeps "U.S.", "e.g." and "$58.50" inside their sentence.
    Linear in the text: no sentence is longer than ``MAX_SENTENCE_CHARS``."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if text[m.start()] == ".":
            word = re.search(r"([\w.]+)$", text[max(start, m.start() - _ABBREVIATION_LOOKBACK) : m.start()])
            if word and (word.group(1).lower().rstrip(".") in _ABBREVIATIONS or len(word.group(1)) == 1):
                continue
        end = m.end()
        _append_bounded(spans, text, start, end)
        start = end
    _append_bounded(spans, text, start, len(text))
    return spans


def _append_bounded(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut + 1 if cut > start else start + MAX_SENTENCE_CHARS
        if text[start:cut].strip():
            spans.append((start, cut))
        start = cut
    if text[start:end].strip():
        spans.append((start, end))


def exemption(index: TextIndex, start: int, end: int, allowed: Sequence[str]) -> str | None:
    """The context that clears the match ``text[start:end]``, or None if it stands."""
    if not allowed:
        return None
    text = index.plain
    s_start, s_end = index.sentence_of(start)
    c_start, c_end = index.clause_of(start, end)
    if "negated" in allowed:
        window = _NOT_A_NEGATION.sub(lambda m: " ".join("_" * len(w) for w in m.group().split()), text[c_start:start])
        before_words = _WORD.findall(window)[-NEGATION_WINDOW_WORDS:]
        if before_words and _NEGATION.search(" ".join(before_words)):
            return "negated"
        if _DISTANCING.search(text[s_start:start]):
            return "negated"
    outside = text[c_start:start] + " " + text[end:c_end]
    certain = bool(_CERTAINTY.search(outside))
    sentence_rest = text[s_start:start] + " " + text[end:s_end]
    if "hedged" in allowed and not certain and _HEDGE.search(sentence_rest):
        return "hedged"
    if "attributed" in allowed and not certain and _ATTRIBUTION.search(sentence_rest):
        return "attributed"
    return None


def sentence_exemption(index: TextIndex, start: int, end: int, allowed: Sequence[str]) -> str | None:
    """Exemption for a whole-sentence hit (semantic rules): cues anywhere in the sentence count,
    and a certainty marker anywhere in it overrides hedges and attributions."""
    if not allowed:
        return None
    sentence = index.plain[start:end]
    if "negated" in allowed and _DISTANCING.search(sentence):
        return "negated"
    if _CERTAINTY.search(sentence):
        return None
    if "hedged" in allowed and _HEDGE.search(sentence):
        return "hedged"
    if "attributed" in allowed and _ATTRIBUTION.search(sentence):
        return "attributed"
    return None
