"""Split an answer into the claims the factuality scorer judges one by one.

A claim is a sentence (or a bullet) that states something checkable. Citation markers are
removed; questions, greetings, disclaimers, hedged advice and sentences that only say where the
answer comes from (shown_work.is_source_note) are dropped because there is nothing in the sources
to check them against. Lead-ins such as "According to the sources," are stripped.
"""

from __future__ import annotations

import re

from .shown_work import is_source_note
from .text import STOPWORDS, split_sentences, strip_citations, tokens

_LEAD_IN = re.compile(
    r"^(?:according to (?:the )?(?:provided |retrieved |cited )?(?:sources?|documents?|notes?|research|"
    r"report|context)|based on (?:the )?(?:provided |retrieved )?(?:sources?|documents?|context|research)|"
    r"the (?:sources?|documents?|research notes?|report) (?:say|says|state|states|show|shows|indicate|"
    r"indicates) that|in summary|to summari[sz]e|overall|in short|the (?:correct |short |final )?answer is|"
    r"(?:according to|based on|from|as (?:shown|reported) in|per) (?:the )?(?:company'?s )?(?:annual report|filings?|"
    r"10-?k|table|financial statements|balance sheet|income statement|cash flow statement|data|figures))\s*[,:]?\s*",
    re.I,
)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_NOT_A_CLAIM = re.compile(
    r"(?:not (?:investment|financial) advice|past performance|consult (?:a|your) |do your own research|"
    r"i (?:hope|cannot|can't|don't|do not)|let me know|feel free|i'?m (?:happy|glad)|"
    r"(?:the )?(?:sources?|documents?|context) (?:do(?:es)? not|don't) (?:say|mention|contain|provide)|"
    r"i (?:could not|couldn't) find|no information)",
    re.I,
)
_MIN_WORDS = 3
_GREETING = re.compile(
    r"^(?:hi|hello|hey|thanks?|thank you|good (?:morning|afternoon|evening)|you'?re welcome|ok(?:ay)?|sure|"
    r"yes|no|n/?a|none|unknown|sorry\b.*|i don'?t know\b.*)[\s!.,]*$",
    re.I,
)
_SHORT_ANSWER_WORDS = 12


def split_claims(answer: str, keep_figures: bool = False) -> list[str]:
    """Claims of ``answer`` in order; empty when nothing checkable is stated. ``keep_figures`` (the
    answer has a question) keeps a sentence that is a figure alone ("Roughly $1.6 billion."): it is
    the answer to the question, however short."""
    claims: list[str] = []
    for sentence in split_sentences(strip_citations(answer or "")):
        text = _BULLET.sub("", sentence).strip()
        text = _LEAD_IN.sub("", text).strip()
        if not text or text.endswith("?") or text.endswith(":"):
            continue
        if _NOT_A_CLAIM.search(text) or is_source_note(text):
            continue  # "This figure is taken from the table in the annual report." confirms nothing
        if len(tokens(text)) < _MIN_WORDS and not (keep_figures and is_bare_figure(text)):
            continue
        claims.append(text[0].upper() + text[1:])
    return claims


_FIGURE_WORDS = {
    "about", "roughly", "approximately", "around", "nearly", "almost", "some", "over", "under", "thousand",
    "thousands", "million", "millions", "billion", "billions", "usd", "eur", "gbp", "m", "bn", "mn", "k",
}  # fmt: skip


def is_bare_figure(text: str) -> bool:
    """A figure with at most a hedge and a scale or currency word: "Roughly €0.4 billion.", "USD 228 thousand"."""
    return bool(re.search(r"\d", text)) and all(
        t.lower in _FIGURE_WORDS or t.lower in STOPWORDS or t.lower[0].isdigit() for t in tokens(text)
    )


def strip_lead_in(text: str) -> str:
    """``text`` without a lead-in such as "The answer is" or "According to the sources,"."""
    return _LEAD_IN.sub("", text.strip()).strip()


def short_answer_claim(answer: str) -> str | None:
    """A short answer to a question ("Dublin", "$1,345 million") read as one claim, or None when it is
    a greeting, a refusal or empty — that answer is not scored."""
    text = strip_lead_in(_BULLET.sub("", strip_citations(answer or ""))).rstrip(".")
    if not text or len(tokens(text)) > _SHORT_ANSWER_WORDS or _GREETING.match(text) or _NOT_A_CLAIM.search(text):
        return None
    return text
