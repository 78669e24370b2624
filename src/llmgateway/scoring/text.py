"""Plain-text helpers shared by claim splitting and the structured checks: sentence splitting that
survives abbreviations and decimals, word tokens with positions, crude stems, stopwords."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Abbreviations whose trailing dot does not end a sentence.
_ABBREVIATIONS = {
    "inc",
    "corp",
    "co",
    "ltd",
    "plc",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "u.s",
    "u.k",
    "no",
    "approx",
    "est",
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
    "fig",
    "p",
    "pp",
    "bn",
    "mn",
    "m",
}
_CITATION = re.compile(r"\s*(?:\[(?:\d+(?:\s*[,\-–]\s*\d+)*|source\s*\d+|doc(?:ument)?\s*\d+)\])+", re.I)
_SENTENCE_END = re.compile(r"([.!?])(\s+|$)")
# Sentences glued without a space, as passages concatenated naively come ("… in 1998.The band …"): a
# word ending in two lowercase letters or digits, its full stop, then a capitalised word (not "U.S.",
# "3.5", "ASP.NET").
GLUED = re.compile(r"(?<=[a-z0-9]{2}[.!?])(?=[A-Z][a-z])")

STOPWORDS = frozenset(
    """
a an the and or but nor so yet of to in on at by for from with without into onto over under about
above below after before during while as than then that this these those it its it's is are was
were be been being has have had do does did will would shall should can could may might must not
no its their there here which who whom whose what when where why how all any both each few more
most other some such only own same too very just also per versus vs via across against between
through until up down out off again further once he she they them his her our we you your i me my
us one s t company's company firm group business year years quarter quarters last next new
""".split()
)


def strip_citations(text: str) -> str:
    """Remove citation markers such as ``[1]``, ``[1, 2]``, ``[Source 3]``."""
    return _CITATION.sub("", text)


def split_sentences(text: str) -> list[str]:
    """Split on . ! ? followed by space/end, and on line breaks; keep decimals and abbreviations.
    Sentences glued without a space ("… in 1998.The band …") are two (``GLUED``)."""
    sentences: list[str] = []
    for block in re.split(r"\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)|\n", text):
        block = GLUED.sub(" ", block.strip())
        if not block:
            continue
        start = 0
        for m in _SENTENCE_END.finditer(block):
            end = m.end(1)
            before = block[start : end - 1]
            last_word = re.split(r"[\s(]", before)[-1].lower() if before else ""
            if m.group(1) == "." and (
                last_word.rstrip(".") in _ABBREVIATIONS
                or len(last_word) == 1
                and last_word.isalpha()
                and last_word.isupper()
            ):
                continue
            nxt = block[m.end() : m.end() + 1]
            if m.group(1) == "." and nxt and nxt.islower():
                continue
            sentences.append(block[start:end].strip())
            start = m.end()
        tail = block[start:].strip()
        if tail:
            sentences.append(tail)
    return [s for s in sentences if s]


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    lower: str
    start: int
    end: int
    index: int

    @property
    def is_capitalized(self) -> bool:
        return self.text[:1].isupper()


_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9&'’\-]*[A-Za-z0-9+]?|\d[\d,]*(?:\.\d+)?%?")


def tokens(text: str) -> tuple[Token, ...]:
    """The word and figure tokens of ``text``. A short text (a claim, a passage, a question) is cached: every
    check re-reads it (a claim is checked against several passages, a passage against several claims); a
    long page is read once by each analysis, which caches its own result."""
    return _short_tokens(text) if len(text) < 1000 else _tokens(text)


@lru_cache(maxsize=4096)
def _short_tokens(text: str) -> tuple[Token, ...]:
    return _tokens(text)


def _tokens(text: str) -> tuple[Token, ...]:
    out = []
    for i, m in enumerate(_TOKEN.finditer(text)):
        raw = m.group(0).rstrip("'’")
        if raw.lower().endswith(("'s", "’s")):
            raw = raw[:-2]
        out.append(Token(raw, raw.lower(), m.start(), m.start() + len(raw), i))
    return tuple(out)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A deliberately crude stem: lowercase, possessive and plural stripped, cut to 5 letters.
    Good enough to match "margins"/"margin", "regulators"/"regulatory"."""
    w = word.lower().strip("'’")
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    for suffix in ("ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
    return w[:5]


def content_stems(text: str) -> set[str]:
    return {
        stem(t.lower)
        for t in tokens(text)
        if t.lower not in STOPWORDS and not t.lower[0].isdigit() and len(t.lower) > 1
    }


# News wires' abbreviations (Reuters: "Q1 sales $310 mln", "up 5 pct", "Qtrly EPS"), spelled out before a claim
# is read: the checks know both forms, but the entailment model and the reader were trained on plain prose.
_WIRE = {"mln": "million", "bln": "billion", "pct": "percent", "qtrly": "quarterly", "shr": "share"}
_WIRE_WORD = re.compile(r"\b(" + "|".join(_WIRE) + r")\b", re.I)


def spell_out_wire(text: str) -> str:
    def full(m: re.Match) -> str:
        word = _WIRE[m.group(1).lower()]
        return word.capitalize() if m.group(1)[0].isupper() else word

    return _WIRE_WORD.sub(full, text)
