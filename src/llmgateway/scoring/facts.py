"""Structured facts pulled out of a sentence, so that a claim's figures can be compared to the
source's exactly: an embedding barely moves when "8%" becomes "18%".

``extract_facts(text)`` returns quantities (percentages, basis points, money with currency and
scale, plain numbers), dates (year / quarter / half / month, combined when written together),
analyst and credit ratings (with "from X" marking the previous rating), and direction words
(up / down / flat, and the curve's steepen / flatten) with their positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .direction_words import CURVE_WORDS, DOWN_WORDS, FLAT_WORDS, UP_WORDS
from .wordlists import RATING_TERMS, UNAMBIGUOUS_RATINGS

_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
}
_CURRENCY = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pounds": "GBP",
    "¥": "JPY",
    "jpy": "JPY",
    "yen": "JPY",
    "sek": "SEK",
    "chf": "CHF",
    "nok": "NOK",
    "dkk": "DKK",
    "cad": "CAD",
    "aud": "AUD",
    "hkd": "HKD",
    "inr": "INR",
    "cny": "CNY",
}
_WORD_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "dozen": 12,
}
_IDIOMS = [
    (re.compile(r"\bquarter[- ](?:percentage[- ])?point\b", re.I), 25.0),
    (re.compile(r"\bhalf[- ](?:percentage[- ])?point\b", re.I), 50.0),
]

_QUANTITY = re.compile(
    r"(?P<cur>US\$|[$€£¥]|\b(?:USD|EUR|GBP|JPY|SEK|CHF|NOK|DKK|CAD|AUD|HKD|INR|CNY)\b)?\s?"
    r"(?<![\w.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>trillion|billion|million|thousand|bn|bln|mn|mln|tn|trn|[kmb])\b)?"
    r"(?:\s?(?P<unit>%|percent\b|per cent\b|pct\b|percentage points?\b|basis points?\b|bps\b|bp\b|pence\b|p\b|"
    r"cents?\b|x\b|(?:dollars|dollar|euros|euro|pounds|yen)\b))?",
    re.I,
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
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
        ]
    )
}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_PERIOD = re.compile(
    r"\b(?:(?P<q>Q[1-4]|[1-4]Q)|(?P<qword>first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter|"
    r"(?P<h>H[12]|[12]H)|(?P<hword>first|second)[- ]half|"
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?(?:\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![.,]\d|\s?%))?)\b"
    r"(?:,?(?:\s+of)?(?:\s+fiscal)?\s+(?:FY)?(?P<year>(?:19|20)\d\d)\b)?"
)
_LONE_YEAR = re.compile(r"(?<![\d,.$€£])\b(?:FY|fiscal\s+)?(?P<year>(?:19|20)\d\d)\b(?![,.]\d|\s?%)")
_FY_SHORT = re.compile(r"\bFY(?P<yy>\d\d)\b")

_RATING = re.compile(
    r"\b("
    + "|".join(sorted((re.escape(t) for t in RATING_TERMS), key=len, reverse=True))
    + r")\b(?![-\s]?(?:side|back|backs|out)\b)",
    re.I,
)
_RATING_CUE = re.compile(
    r"\b(?:rat(?:e|ed|es|ing|ings)|recommend\w*|upgrad\w*|downgrad\w*|reiterat\w*|"
    r"maintain\w*|initiat\w*|to|from|at)\W+(?:\w+\W+){0,2}$",
    re.I,
)
_CREDIT = re.compile(
    r"(?<![\w+\-])(AAA|AA[+-]?|A[+-]|BBB[+-]?|BB[+-]?|B[+-]|CCC[+-]?|Aaa|Aa[123]|"
    r"Baa[123]|Ba[123]|Caa[123])(?![\w+\-])"
)

_PHRASAL_UP_DOWN = re.compile(
    r"\b(?:make|makes|making|made|set|sets|setting|take|takes|took|pick|picks|"
    r"picked|shut|shuts|break|broke|wind|winds|wound|step|stepped|steps|back|"
    r"round|rounded|scale|scaled)\s+(?:up|down)\b|\b(?:of|by|for|with|and|or|to|at)\s+up to\b",
    re.I,
)


@dataclass(frozen=True)
class Quantity:
    value: float  # absolute value (scale applied, pence/cents converted)
    unit: str  # pct | bp | money | multiple | plain
    currency: str | None
    tolerance: float  # half a unit of the last written digit, in the same scale as value
    text: str
    start: int
    negative: bool = False  # written "-16,135" or "(16,135)" in a table; ``value`` stays the magnitude

    @property
    def signed(self) -> float:
        return -self.value if self.negative else self.value


@dataclass(frozen=True)
class DateRef:
    year: int | None
    quarter: int | None
    half: int | None
    month: int | None
    text: str
    start: int

    def fields(self) -> dict:
        return {
            k: v
            for k, v in (("year", self.year), ("quarter", self.quarter), ("half", self.half), ("month", self.month))
            if v is not None
        }


@dataclass(frozen=True)
class Rating:
    term: str
    previous: bool  # written as "from X" (the rating before a change)
    text: str
    start: int


@dataclass(frozen=True)
class Direction:
    polarity: str  # up | down | flat
    axis: str  # level | curve
    word: str
    start: int


@dataclass
class Facts:
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)
    credit_ratings: list[str] = field(default_factory=list)
    directions: list[Direction] = field(default_factory=list)


def _quantities(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    out: list[Quantity] = []
    for m in _QUANTITY.finditer(text):
        num_s = m.group("num")
        if any(a <= m.start("num") < b for a, b in taken):
            continue
        cur_s, scale_s, unit_s = m.group("cur"), m.group("scale"), (m.group("unit") or "").lower()
        if _YEAR.match(num_s) and not cur_s and not scale_s and not unit_s:
            continue  # a year: handled as a date
        negative = False
        if m.start("num") > 0 and text[m.start("num") - 1] in "-/" and not cur_s:
            before = text[: m.start("num") - 1]
            if text[m.start("num") - 1] == "/" or (before and not re.search(r"(?:^|[\s:|$])$", before)):
                continue  # ranges like 5.25%-5.50% are caught separately; "10-K", dates "3/4" skipped
            negative = True  # "-16,135": a table negative (tables.py writes "(16,135)" so)
        value = float(num_s.replace(",", ""))
        decimals = len(num_s.split(".")[1]) if "." in num_s else 0
        step = 10**-decimals
        scale = 1.0
        if scale_s:
            key = scale_s.lower()
            if key in ("m", "b", "k") and not cur_s and unit_s not in ("dollars", "euros", "pounds"):
                key = key if text[m.end("scale") : m.end("scale") + 1] in ("", " ", ",", ".", ";", ")") else ""
            scale = _SCALES.get(key, 1.0)
        currency = _CURRENCY.get((cur_s or "").lower()) or _CURRENCY.get(unit_s)
        if unit_s in ("%", "percent", "per cent", "pct") or unit_s.startswith("percentage point"):
            unit = "pct"
        elif unit_s.startswith("basis point") or unit_s in ("bps", "bp"):
            unit = "bp"
        elif unit_s in ("pence", "p"):
            unit, currency, scale = "money", "GBP", 0.01
        elif unit_s.startswith("cent"):
            unit, scale = "money", 0.01
        elif unit_s == "x":
            unit = "multiple"
        elif currency:
            unit = "money"
        else:
            unit = "plain"
        out.append(
            Quantity(value * scale, unit, currency, 0.5 * step * scale + 1e-9, m.group(0).strip(), m.start(), negative)
        )
    out = _one_unit_ranges(text, out)
    # a range written "5.25%-5.50%" or "$3.45-$3.55": the second end lost its sign above
    for m in re.finditer(r"(?<=\d)(%?) ?[-–] ?\$?(\d+(?:\.\d+)?)(%?)", text):
        num_s = m.group(2)
        if _YEAR.match(num_s):
            continue
        decimals = len(num_s.split(".")[1]) if "." in num_s else 0
        unit = "pct" if (m.group(1) or m.group(3)) else ("money" if "$" in m.group(0) else "plain")
        out.append(
            Quantity(
                float(num_s), unit, "USD" if unit == "money" else None, 0.5 * 10**-decimals, m.group(0), m.start(2)
            )
        )
    for pattern, bp in _IDIOMS:
        for m in pattern.finditer(text):
            out.append(Quantity(bp, "bp", None, 1e-9, m.group(0), m.start()))
    for m in re.finditer(
        r"\b(" + "|".join(_WORD_NUMBERS) + r")\b(?![- ]?(?:(?:year|month|week|day)s?|quarters)\b)", text, re.I
    ):
        out.append(Quantity(float(_WORD_NUMBERS[m.group(1).lower()]), "plain", None, 1e-9, m.group(0), m.start()))
    for m in re.finditer(r"\b(two|three|four|five|ten)[- ](year|month|week|day)s?\b", text, re.I):
        out.append(Quantity(float(_WORD_NUMBERS[m.group(1).lower()]), "plain", None, 1e-9, m.group(0), m.start()))
    return out


_RANGE_GAP = re.compile(r"\s*(?:to|-|–|and)\s*\$?")


def _one_unit_ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    """A range written with one unit — "$4.75 to $4.9 billion", "9.5 to 10 percent", "$60 and $70 million",
    "45 to 50 cents" — gives its low end the high end's scale and unit: "$4.75" there is $4.75 billion."""
    out = list(found)
    for k in range(len(out) - 1):
        low, high = out[k], out[k + 1]
        bare = re.fullmatch(r"[$€£¥]?\s?\d[\d,]*(?:\.\d+)?", low.text)
        gap = text[text.find(low.text, low.start) + len(low.text) : text.find(high.text, high.start)]
        if not bare or bare.group(0) == high.text or not _RANGE_GAP.fullmatch(gap):
            continue
        if gap.strip(" $") == "and" and not re.search(r"\bbetween\s+\S*$", text[: low.start]):
            continue  # "and" joins a range only after "between"
        number = float(re.sub(r"[^\d.]", "", low.text))
        written = float(re.sub(r"[^\d.]", "", re.match(r"\D*([\d.,]+)", high.text).group(1)))  # type: ignore[union-attr]
        factor = high.value / written if written else 1.0
        if high.unit == "plain" and factor == 1.0 or not 0 < number <= written:
            continue
        step = 2 * (low.tolerance - 1e-9)
        out[k] = Quantity(number * factor, high.unit, low.currency or high.currency, 0.5 * step * factor + 1e-9,
                          low.text, low.start, low.negative)  # fmt: skip
    return out


def _dates(text: str) -> tuple[list[DateRef], list[tuple[int, int]]]:
    out: list[DateRef] = []
    spans: list[tuple[int, int]] = []
    for m in _PERIOD.finditer(text):
        q = h = month = None
        if m.group("q"):
            q = int(re.sub(r"\D", "", m.group("q")))
        elif m.group("qword"):
            q = _ORDINAL[m.group("qword").lower()]
        elif m.group("h"):
            h = int(re.sub(r"\D", "", m.group("h")))
        elif m.group("hword"):
            h = _ORDINAL[m.group("hword").lower()]
        elif m.group("month"):
            word = m.group("month")
            if (
                word == "May"
                and m.start() > 0
                and not m.group("year")
                and not m.group("day")
                and text[: m.start()].rstrip()[-1:] not in ("", ",", "(")
                and not re.search(r"\b(?:in|since|of|from|to|until|by|end|early|late|mid)\s*$", text[: m.start()], re.I)
            ):
                continue  # the verb "may"
            month = _MONTHS[word.lower().rstrip(".")]
        year = int(m.group("year")) if m.group("year") else None
        out.append(DateRef(year, q, h, month, m.group(0), m.start()))
        for part in ("day", "year"):  # "June 30, 2021": neither 30 nor 2021 is a figure
            if m.group(part):
                spans.append((m.start(part), m.end(part)))
    for m in _LONE_YEAR.finditer(text):
        if any(a <= m.start("year") < b for a, b in spans):
            continue
        out.append(DateRef(int(m.group("year")), None, None, None, m.group(0), m.start()))
        spans.append((m.start("year"), m.end("year")))
    for m in _FY_SHORT.finditer(text):
        out.append(DateRef(2000 + int(m.group("yy")), None, None, None, m.group(0), m.start()))
        spans.append((m.start(), m.end()))
    return out, spans


def _ratings(text: str) -> list[Rating]:
    out = []
    for m in _RATING.finditer(text):
        word = m.group(1)
        term = RATING_TERMS[word.lower()]
        before = text[max(0, m.start() - 40) : m.start()]
        if term not in UNAMBIGUOUS_RATINGS and not word[0].isupper() and not _RATING_CUE.search(before):
            continue
        if (
            term not in UNAMBIGUOUS_RATINGS
            and word[0].isupper()
            and (m.start() == 0 or text[: m.start()].rstrip()[-1:] in ".!?")
        ):
            if not re.match(r"\s+(?:rating|recommendation)", text[m.end() :]):
                continue  # a sentence that starts "Buy..." / "Add..." is not a rating
        previous = bool(re.search(r"\bfrom\s+(?:an?\s+)?$", before, re.I))
        out.append(Rating(term, previous, word, m.start()))
    return out


def _directions(text: str) -> list[Direction]:
    out = []
    phrasal = [(m.start(), m.end()) for m in _PHRASAL_UP_DOWN.finditer(text)]
    for m in re.finditer(r"[A-Za-z]+", text):
        word = m.group(0).lower()
        if word in ("up", "down"):
            if any(a <= m.start() < b for a, b in phrasal):
                continue
            out.append(Direction("up" if word == "up" else "down", "level", word, m.start()))
        elif word in CURVE_WORDS:
            out.append(Direction(CURVE_WORDS[word], "curve", word, m.start()))
        elif word in UP_WORDS:
            out.append(Direction("up", "level", word, m.start()))
        elif word in DOWN_WORDS:
            if word == "lower" and re.match(r"\s+(?:than|end|bound)\b", text[m.end() :]):
                continue
            out.append(Direction("down", "level", word, m.start()))
        elif word in FLAT_WORDS:
            if word == "left" and not re.match(
                r"\s+\w+(?:\s+\w+){0,4}\s+(?:unchanged|steady|on hold)", text[m.end() :]
            ):
                continue
            out.append(Direction("flat", "level", word, m.start()))
    return out


def extract_dates(text: str) -> list[DateRef]:
    """Only the dates of ``text`` (what ``extract_facts`` gives as ``dates``)."""
    return _dates(text)[0]


def extract_facts(text: str) -> Facts:
    """The facts of ``text``, in lists of the caller's own (the reading is cached: a claim is read again for
    every passage it is checked against)."""
    f = _extract(text)
    return Facts(list(f.quantities), list(f.dates), list(f.ratings), list(f.credit_ratings), list(f.directions))


@lru_cache(maxsize=4096)
def _extract(text: str) -> Facts:
    dates, year_spans = _dates(text)
    return Facts(
        quantities=_quantities(text, year_spans),
        dates=dates,
        ratings=_ratings(text),
        credit_ratings=[m.group(1) for m in _CREDIT.finditer(text)],
        directions=_directions(text),
    )
