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
_DOC = r"(?:section|note|document|report|filing|10-?Q|10-?K|table|statement|pdf)[\"”]?s?"
# where in the filing the sentence's fact is: "In the "2023 Q1 AMZN.pdf" document, it is stated that …", "The
# "2023 Q1 MSFT.pdf" document shows …", "This information is found in Note 7: Income Taxes, which states that …"
_WHERE_LEAD_IN = re.compile(
    rf"^(?:(?:in|under|within) (?:the )?[^,]{{0,160}}?\b{_DOC}(?: (?:of|for|in) [^,]{{0,80}})?,\s*"
    r"(?:(?:specifically|particularly) (?:under|in) [^,]{0,80},[\"”]?\s*)?"
    r"(?:it (?:is|was) (?:\w+ )?(?:stated|noted|mentioned|reported|indicated|disclosed|shown|explained) (?:that\s+)?)?"
    rf"|(?:the|this) (?:\"[^\"]+\"|\S+\.pdf|\w+(?: \w+){{0,3}}) ?(?:document|report|filing|10-?Q|10-?K)s? "
    r"(?:shows?|reports?|states?|indicates?|mentions?|notes?|discloses?|reveals?|lists?)(?: that)?\s+"
    r"|this (?:information|figure|data|amount) (?:is|was|can be) (?:found|given|shown|provided|reported) in [^,]{0,100}, "
    r"which (?:states|shows|reports|notes|says) that\s+)",
    re.I,
)
_PERIOD = re.compile(r"\b(?:Q[1-4]|(?:19|20)\d\d|first|second|third|fourth|fiscal|quarter|year)\b", re.I)


def _where_stripped(text: str) -> str:
    """``text`` without its lead-in naming where in the filing it comes from — unless that lead-in names a period
    ("In the Q3 2023 10-Q, …": the period is checked); a file name's ("2023 Q1 AMZN.pdf") is a citation."""
    m = _WHERE_LEAD_IN.match(text)
    if m is None or _PERIOD.search(re.sub(r"[\w .-]*\.pdf", " ", m.group(0))):
        return text
    return text[m.end() :]


_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
# a list item's title before its sentence ("Foreign Currency Risk: A significant portion of …", "EC-Imposed Fine:
# In the third quarter …"): a label of the item, not a claim, and its capitals are no names
_HEADING = re.compile(
    r"^(?:[A-Z][\w&'’/-]*|\(?[A-Z]{2,}\)?)(?:\s+(?:and|or|of|the|for|in|on|to|&|[A-Z][\w&'’/-]*|\([A-Z]{2,}\))){0,6}"
    r"\s*:\s+(?=[A-Z](?:[a-z]|\s))"
)
_LIST_NUMBER = re.compile(r"\s*\(?\d{1,2}[.)]\s*")
_NOT_A_CLAIM = re.compile(
    r"(?:not (?:investment|financial) advice|past performance|consult (?:a|your) |do your own research|"
    r"i (?:hope|cannot|can't|don't|do not)|let me know|feel free|i'?m (?:happy|glad)|"
    r"(?:the )?(?:sources?|documents?|context) (?:do(?:es)? not|don't) (?:say|mention|contain|provide)|"
    r"i (?:could not|couldn't) find|no information|"
    r"(?:is|are|was|were) not (?:explicitly |specifically |directly )?(?:mentioned|stated|provided|disclosed|"
    r"detailed|specified|given|discussed) in the (?:provided |given )?(?:documents?|context|sources?|excerpts?|"
    r"10-?Qs?|10-?Ks?|filings?|reports?))",
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
        if _LIST_NUMBER.fullmatch(sentence):
            continue  # "4." the sentence splitter cut off a numbered list item: a number, not a figure
        text = _BULLET.sub("", sentence).strip()
        rest = _HEADING.sub("", text).strip()
        if rest != text and len(tokens(rest)) >= 5:  # "Net Sales: $5 million." keeps its label
            text = rest
        text = _LEAD_IN.sub("", _where_stripped(text)).strip()
        if not text or text.endswith("?") or text.endswith(":"):
            continue
        if _NOT_A_CLAIM.search(text) or is_source_note(text) or _where_from(text):
            continue  # "This figure is taken from the table in the annual report." confirms nothing
        if len(tokens(text)) < _MIN_WORDS and not (keep_figures and is_bare_figure(text)):
            continue
        claims.append(text[0].upper() + text[1:])
    return claims


_FIGURE_WORDS = {
    "about", "roughly", "approximately", "around", "nearly", "almost", "some", "over", "under", "thousand",
    "thousands", "million", "millions", "billion", "billions", "usd", "eur", "gbp", "m", "bn", "mn", "k",
}  # fmt: skip


_WHERE_FROM = re.compile(
    r"^(?:this|these|that|those|the|such|all|both)(?: (?:above |specific |relevant )?(?:information|details?|data|"
    r"figures?|numbers?|factors?|disclosures?|points?|risks?|matters?|amounts?|facts?|descriptions?))? "
    r"(?:is|are|was|were|can be|could be|may be) "
    r"(?:\w+ )?(?:found|highlighted|detailed|mentioned|discussed|disclosed|described|presented|located|"
    r"outlined|noted|reported|provided|contained|included|shown|summari[sz]ed) (?:in|within|under|on) (?:the )?",
    re.I,
)
_WHERE = re.compile(r"\b(?:sections?|notes?|documents?|reports?|tables?|statements?|filings?|10-?Qs?|10-?Ks?|pages?|"
                    r"items?|parts?|exhibits?|\w+\.pdf)\b", re.I)  # fmt: skip
_AMOUNT = re.compile(r"[$€£%]|\d\.\d|\b\d{1,3}(?:,\d{3})+\b")


def _where_from(text: str) -> bool:
    """ "This information is found in the "Subsequent Event" section of the 2023 Q3 MSFT.pdf document.": where
    the answer comes from (a section, note or document of the filing), no figure of its own — nothing to check."""
    return bool(_WHERE_FROM.match(text)) and bool(_WHERE.search(text)) and not _AMOUNT.search(text)


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
