"""Reading ECTSum's Reuters bullets against their earnings-call transcripts (for make_earnings_calls_eval.py).

ECTSum keeps the bullets lower-cased with the company's name masked ("compname reports q1 adjusted earnings
per share $0.45."). ``clean`` puts back what the masking took, mechanically: "compname" → "the company", the
Reuters consensus clause cut ("… versus refinitiv ibes estimate of $1.73 billion": the analysts' estimate is
never in the call), and each word cased as the transcript cases it mid-sentence ("abbott" → "Abbott",
"covid-19" → "COVID-19"), with the usual abbreviations (Q1, FY, EPS, GAAP) — so the scorer sees a bullet as
Reuters printed it, not an artefact of the dataset.

``figures`` reads the figures a text states with their scale ("$1.8 billion", "225 mln", "5 pct", "45
cents", "one point two billion"); ``verified`` says whether the transcript states a figure: a transcript
figure (in any scale) that rounds to it at the bullet's own precision. A bullet is *verifiable* when every
figure it states is verified — the builder's mechanical rule for dropping bullets that came from the press
release (not the call).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bln": 1e9,
    "bn": 1e9, "b": 1e9, "trillion": 1e12,
}  # fmt: skip
_PCT = {"%", "percent", "pct", "per cent"}
FIGURE = re.compile(
    r"(?<![\w.-])(?P<cur>[$€£])?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<unit>%|percent\b|per cent\b|pct\b|cents?\b|basis points\b|bps\b)|"
    r"\s?(?P<scale>thousand|million|mln|mn|billion|bln|bn|trillion|[kmb])\b)?"
)
_ONES = "zero one two three four five six seven eight nine".split()
_TENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
         "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
         "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}  # fmt: skip
_WORD = "|".join(_ONES + list(_TENS))
SPELLED = re.compile(
    rf"(?i)\b(?P<int>(?:{_WORD})(?:[ -](?:{'|'.join(_ONES[1:])}))?)"
    rf"(?: point (?P<frac>(?:(?:{'|'.join(_ONES)}) ?)+))?\s(?P<scale>thousand|million|billion|trillion|percent)\b"
)
_YEAR = re.compile(r"(?:19[89]\d|20[0-4]\d)")
ABBREVIATIONS = {
    "q1": "Q1", "q2": "Q2", "q3": "Q3", "q4": "Q4", "fy": "FY", "eps": "EPS", "gaap": "GAAP", "non-gaap": "non-GAAP",
    "u.s.": "U.S.", "ebitda": "EBITDA", "ebit": "EBIT", "ebita": "EBITA", "aum": "AUM", "ffo": "FFO",
    "affo": "AFFO", "covid-19": "COVID-19", "covid": "COVID", "h1": "H1", "h2": "H2", "nii": "NII", "ceo": "CEO",
    "cfo": "CFO", "inc": "Inc", "corp": "Corp", "co": "Co", "ltd": "Ltd", "plc": "Plc",
}  # fmt: skip
_ESTIMATE = re.compile(
    r"(?i),?\s*(?:versus|vs\.?)\s+(?:the\s+)?(?:refinitiv\s+)?ibes\s+estimate\s+of\s+(?:[^.;]|\.(?=\d))*"
)
_RANGE = re.compile(r"\s*(?:to|-|–|and|or)\s*")
_TOKEN = re.compile(r"[A-Za-z][\w'&.-]*[\w]|[A-Za-z]")


@dataclass(frozen=True)
class Figure:
    value: float  # in base units (dollars, units, percent points)
    decimals: int  # digits after the point as written
    scale: float  # the scale word's multiplier (1 without one)
    kind: str  # "pct" | "bp" | "amount"
    bare: bool  # written without a unit or scale word ("9.5" of "9.5 to 10 percent")
    text: str
    start: int
    end: int


def _figure(m: re.Match) -> Figure | None:
    raw = m.group("num").replace(",", "")
    unit, cur = (m.group("unit") or "").lower(), m.group("cur") or ""
    scale_word = (m.group("scale") or "").lower()
    if not cur and not unit and not scale_word and _YEAR.fullmatch(raw):
        return None  # a year
    if scale_word in ("k", "m", "b") and not cur:
        return None  # "3 m" without a currency is too often a unit of length or a footnote
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    value = float(raw)
    if unit in _PCT:
        return Figure(value, decimals, 1.0, "pct", False, m.group(0), m.start(), m.end())
    if unit in ("basis points", "bps"):
        return Figure(value, decimals, 1.0, "bp", False, m.group(0), m.start(), m.end())
    if unit.startswith("cent"):
        return Figure(value / 100, decimals + 2, 1.0, "amount", False, m.group(0), m.start(), m.end())
    scale = _SCALES.get(scale_word, 1.0)
    return Figure(value * scale, decimals, scale, "amount", not scale_word, m.group(0), m.start(), m.end())


def _spelled(m: re.Match) -> Figure:
    words = re.split(r"[ -]", m.group("int").lower())
    value = float(sum(_TENS.get(w, _ONES.index(w) if w in _ONES else 0) for w in words))
    frac = [str(_ONES.index(w)) for w in (m.group("frac") or "").lower().split()]
    if frac:
        value = float(f"{int(value)}.{''.join(frac)}")
    scale_word = m.group("scale").lower()
    if scale_word == "percent":
        return Figure(value, len(frac), 1.0, "pct", False, m.group(0), m.start(), m.end())
    scale = _SCALES[scale_word]
    return Figure(value * scale, len(frac), scale, "amount", False, m.group(0), m.start(), m.end())


def figures(text: str) -> list[Figure]:
    """The figures ``text`` states, in order (years and "Q1"'s digit are not figures). The low end of a range
    written with one unit ("9.5 to 10 percent", "$4.75 to $4.9 billion", "45 to 50 cents") takes the high end's."""
    found = sorted(
        [f for m in FIGURE.finditer(text) if (f := _figure(m))] + [_spelled(m) for m in SPELLED.finditer(text)],
        key=lambda f: f.start,
    )
    for k in range(len(found) - 1):
        low, high = found[k], found[k + 1]
        if low.bare and not high.bare and _RANGE.fullmatch(text[low.end : high.start]):
            number = float(low.text.lstrip("$€£ ").replace(",", ""))
            factor = 0.01 if high.kind == "amount" and high.scale == 1.0 else high.scale
            decimals = low.decimals + (2 if factor == 0.01 else 0)
            found[k] = Figure(number * factor, decimals, high.scale, high.kind, False, low.text, low.start, low.end)
    return found


def same_figure(claimed: Figure, printed: Figure) -> bool:
    """``printed`` rounds to ``claimed`` at the claim's precision (its scale and decimals)."""
    if (claimed.kind == "pct") != (printed.kind == "pct") or (claimed.kind == "bp") != (printed.kind == "bp"):
        return False
    half = 0.5 * 10 ** (-claimed.decimals) * claimed.scale
    return abs(printed.value - claimed.value) <= half * (1 + 1e-9) + 1e-12


def verified(claimed: Figure, printed: list[Figure]) -> bool:
    return any(same_figure(claimed, p) for p in printed)


def truecase_table(transcript: str) -> dict[str, str]:
    """Lower-case word → its most frequent mid-sentence casing in the transcript (when that is not all lower)."""
    counts: dict[str, Counter] = {}
    for line in transcript.splitlines():
        for k, m in enumerate(_TOKEN.finditer(line)):
            if k == 0:
                continue  # sentence-initial capitals say nothing
            w = m.group(0)
            counts.setdefault(w.lower(), Counter())[w] += 1
    return {low: c.most_common(1)[0][0] for low, c in counts.items() if c.most_common(1)[0][0] != low}


def clean(bullet: str, casing: dict[str, str]) -> str:
    """A Reuters bullet as Reuters would print it (see the module docstring)."""
    s = bullet.replace("•", " ").strip()
    s = _ESTIMATE.sub("", s)
    s = re.sub(r"\bcompname\b", "the company", s)
    s = re.sub(r"\s+", " ", s).strip(" -")
    s = re.sub(r"\s+([.,;])", r"\1", s)

    def case(m: re.Match) -> str:
        w = m.group(0)
        low = w.lower()
        return ABBREVIATIONS.get(low) or casing.get(low) or w

    s = _TOKEN.sub(case, s)
    s = s[:1].upper() + s[1:]
    return s if s.endswith((".", "!", "?")) else s + "."
