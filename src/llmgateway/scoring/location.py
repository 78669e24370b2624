"""Where a question points in a filing table: the line items and years it names.

``locate`` finds the table rows whose labels share the question's rarest words (IDF over the page's row labels) and
the years it names; the ``Location`` it returns says which cells an answer's figures must come from, and whether that
is a guess (years the row has no column for, a compared second item not found). ``located.check_located`` judges an
answer against it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from .derived import close_to
from .facts import Quantity
from .filing_tables import Cell, Row
from .filing_words import ALIASES, NAMED_RATIOS, NOT_ITEM, OPERATIONS, question_years
from .text import STOPWORDS, stem, tokens

_PERIOD_STEM = re.compile(r"^(?:fy|cy|q[1-4]|h[12]|f)'?\d")  # "FY2022" is a year, not a line item
MIN_ROW_SCORE = 0.6  # share of the row label's weighted words the question names


@dataclass
class Location:
    rows: list[Row]  # the line items the question names, best first
    years: list[str]  # the years it names, in its own order
    ops: set[str]
    pair: bool = False  # two line items named ("the ratio of A to B", a margin over revenue)
    compares: bool = False  # the question sets two things side by side ("A than B", "did A outperform B?")

    @property
    def guess(self) -> bool:
        """The located cells are a guess at what the question means: the question names years the located row
        has no column for (a total-return table headed "12/31/05 … 12/31/10"), or it needs a second line item
        that was not found (``elsewhere``)."""
        return bool(self.years and not set(self.years) & self.rows[0].years()) or self.elsewhere

    @property
    def elsewhere(self) -> bool:
        """The question compares two things ("advertising versus research and development", "more on A than on
        B", "did A outperform the S&P 500?") and only one row was found: the other figure is in the prose or in a
        row the question's words did not name. (A ratio question — "ratio" among ``ops`` — was tried too: a
        margin "in $ millions" counts as one, and another row's amount was released, round 16a.)"""
        return not self.pair and self.compares

    def other_year(self, q: Quantity) -> bool:
        """``q`` is a located row's cell of a year the question does not name (in any scale): the row is
        the one meant, the period is not."""
        return any(
            y and y not in self.years and any(close_to(v * f, q, 0.0) for v, f in cell_values(c, row))
            for row in self.rows
            for c, y in ((c.quantity, c.year) for c in row.cells if c.quantity)
        )

    def cells(self, row: Row, prior: bool = False) -> list[tuple[Quantity, str | None]]:
        """The row's cells in the named years (all of them when it names none the row has);
        ``prior``: with the year before a single named one ("did it rise in 2019?")."""
        years = set(self.years)
        if prior and len(years) == 1:
            years.add(str(int(self.years[0]) - 1))
        use_years = bool(years & row.years())
        return [(c.quantity, c.year) for c in row.cells if c.quantity and (not use_years or c.year in years)]


@dataclass
class Located:
    reasons: list[str] = field(default_factory=list)
    how: list[str] = field(default_factory=list)
    row: Row | None = None
    unlocated: list[Quantity] = field(default_factory=list)  # the claimed figures the located cells do not give


_LABEL_STOPWORDS = STOPWORDS - {"other", "new", "more", "most", "own", "same", "last", "next", "all", "up", "down"}


def label_stems(text: str) -> set[str]:
    return {stem(t.lower) for t in tokens(text) if t.lower not in _LABEL_STOPWORDS and not t.lower[0].isdigit()}


def locate(question: str, rows: list[Row]) -> Location | None:
    """The rows and years ``question`` names, or None when no row is named confidently."""
    if not rows:
        return None
    wanted = {s for s in label_stems(question) - NOT_ITEM if not _PERIOD_STEM.match(s)}
    for pattern, names in ALIASES:
        if re.search(pattern, question, re.I):
            wanted |= label_stems(names)
    margin = "margi" in wanted
    if margin:
        wanted |= {"profi", "incom", "earni"}  # "gross margin": gross profit over revenue
    if not wanted:
        return None
    df: dict[str, int] = {}
    for lab in (label_stems(r.name) for r in rows):
        for s in lab:
            df[s] = df.get(s, 0) + 1
    n = len(rows)

    def idf(s: str) -> float:  # noqa: E306
        return math.log(1 + (n + 1) / (df.get(s, 0) + 0.5))

    years = question_years(question)
    for pattern, numerator, denominator in NAMED_RATIOS:
        if re.search(pattern, question, re.I) and not any(re.search(pattern, r.name, re.I) for r in rows):
            top = _scored(label_stems(numerator), rows, idf, years)
            bottom = _scored(label_stems(denominator), rows, idf, years)
            if top and bottom and min(top[0][0], bottom[0][0]) >= MIN_ROW_SCORE and top[0][2] is not bottom[0][2]:
                op = "change" if "free cash" in pattern else "ratio"  # free cash flow: operating − capex
                return Location(_in_asked_scale([top[0][2], bottom[0][2]], question), years, {op}, True)
    scored = _scored(wanted, rows, idf, years)
    if not scored:
        return None
    best = scored[0][0]
    if best < MIN_ROW_SCORE:
        return None
    chosen = [r for s, _, r in scored if s >= best - 0.15][:4]
    if (dated := _dated_rows(rows, chosen[0])) is not None:
        chosen = [dated] + [r for r in chosen if _LABEL_YEAR.sub("", r.label) != _LABEL_YEAR.sub("", chosen[0].label)]
    ops = {op for op, rx in OPERATIONS.items() if rx.search(question)}
    pair = False
    if margin and (revenue := _revenue_row(rows, chosen[0])) is not None and revenue not in chosen:
        chosen, pair = [chosen[0], revenue], True
    elif ops & {"ratio", "sum"} or re.search(r"\bdifference between\b", question, re.I):
        # "the ratio of A to B": the second line item, from the words the first one left
        rest = wanted - label_stems(chosen[0].name)
        second = _scored(rest, rows, idf, years) if rest else []
        if second and second[0][0] >= MIN_ROW_SCORE and second[0][2] is not chosen[0]:
            chosen, pair = [chosen[0], second[0][2]], True
        elif "ratio" in ops and re.search(r"\btotal\b", question, re.I) and (total := _total_row(rows, chosen[0])):
            chosen, pair = [chosen[0], total], True  # "audit fees as a percentage of total fees"
    if not ops and len(years) >= 2 and re.search(r"\btotal\b", question, re.I):
        ops.add("sum")  # "the total provision for income taxes between 2017 to 2019"
    if "growth" in ops:
        ops.discard("change")
    if ops & {"growth", "change", "average"} and not re.search(r"\bsum\b|\bcombined\b", question, re.I):
        ops.discard("sum")  # "the change in total assets": "total" names the line item
    return Location(_in_asked_scale(chosen, question), years, ops, pair, bool(_COMPARES.search(question)))


# the unit a question asks its figure in: "(in USD thousands)", "in $ millions", "( in millions )"
_ASKED_SCALE = re.compile(r"\bin\s+(?:(?:usd|us\$|\$|dollars|eur|€|gbp|£)\s+)?(thousands|millions|billions)\b", re.I)
_SCALES = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}


def _in_asked_scale(rows: list[Row], question: str) -> list[Row]:
    """The located rows, with the scale the question states as one more an answer may quote them in: the scale
    header nearest above a row may be another table's ("($ in millions)" over a table in thousands)."""
    m = _ASKED_SCALE.search(question)
    if not m:
        return rows
    return [replace(r, asked=_SCALES[m.group(1).lower()]) for r in rows]


# two things side by side; "higher in 2019 than in 2018" compares one line item's years, not two items
_COMPARES = re.compile(
    r"\b(?:than(?!\s+(?:in\s+|for\s+|during\s+|at\s+)?(?:(?:fiscal|fy)\s*)?(?:19|20)\d\d)|outperform\w*|"
    r"underperform\w*|versus|vs\.?)\b",
    re.I,
)


_LABEL_YEAR = re.compile(r"^\s*(?:fy\s*)?((?:19|20)\d\d)\s+|\s+((?:19|20)\d\d)\s*:?$", re.I)


def _dated_rows(rows: list[Row], row: Row) -> Row | None:
    """The rows of one line item whose labels carry the year ("2014 net revenue $ 5,735" …
    "2015 net revenue $ 5,829", a bridge of net revenue), as one row with a cell per year, latest
    first — so "the change in net revenue during 2015" is 5,829 − 5,735. None when ``row`` is not
    one of two or more such rows."""
    if row.years() or _LABEL_YEAR.search(row.label) is None:
        return None
    item = _LABEL_YEAR.sub("", row.label).strip().lower()
    cells: dict[str, Cell] = {}
    for r in rows:
        m = _LABEL_YEAR.search(r.label)
        if m and r.context == row.context and not r.years() and _LABEL_YEAR.sub("", r.label).strip().lower() == item:
            figures = [c for c in r.cells if c.quantity]
            if len(figures) == 1:
                cells.setdefault(m.group(1) or m.group(2), Cell(figures[0].quantity, m.group(1) or m.group(2)))
    if len(cells) < 2:
        return None
    return replace(row, label=item, cells=tuple(cells[y] for y in sorted(cells, reverse=True)))


_REVENUE = re.compile(r"^(?:total |net )*(?:revenues?|sales|turnover)(?: net)?$", re.I)


def _total_row(rows: list[Row], part: Row) -> Row | None:
    """The total a line item is a share of: the first "Total …" row below it in its table."""
    at = rows.index(part)
    for row in rows[at + 1 : at + 16]:
        if row.context != part.context:
            break
        if re.match(r"(?i)total\b", row.label.strip()):
            return row
    return None


def _revenue_row(rows: list[Row], near: Row) -> Row | None:
    """The revenue line a margin is taken over: the last one above ``near`` in its page, else the first."""
    same = [r for r in rows if r.context == near.context and _REVENUE.match(r.label.strip(" :"))]
    above = [r for r in same if rows.index(r) < rows.index(near)]
    if above:
        return above[-1]
    return same[0] if same else None


def _scored(wanted: set[str], rows: list[Row], idf, years: list[str]) -> list[tuple[float, int, Row]]:
    """Rows by how well their label and the question's item words name each other, best first."""
    scored = []
    vocabulary = set().union(*(label_stems(r.name) for r in rows)) if rows else set()
    named = (wanted & vocabulary) or wanted  # words no label on the page uses name no line item
    for row in rows:
        best = 0.0
        for lab in (label_stems(row.label), label_stems(row.name)):
            lab = lab - {"total"} if "total" not in wanted else lab
            if not lab or not (lab & wanted):
                continue
            shared = sum(idf(s) for s in lab & wanted)
            own = shared / sum(idf(s) for s in lab)  # the label, named by the question
            asked = shared / sum(idf(s) for s in named)  # the question's line-item words, in the label
            best = max(best, 0.6 * own + 0.4 * asked)
        if best and years and row.years() and not (set(years) & row.years()):
            best *= 0.5
        if best:
            scored.append((best, -len(row.label), row))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return scored


def cell_values(q: Quantity, row: Row) -> list[tuple[float, float]]:
    """A cell's value as printed, with each scale an answer may quote it in."""
    return [(q.value, s) for s in cell_scales(row)] if q.unit != "pct" else [(q.value, 1.0)]


def cell_scales(row: Row) -> list[float]:
    """As printed, and in the table's scale; without a scale header, in any of them (thousands,
    millions, billions: "$3.77 million" for 3,770 in a table whose "(in thousands)" was not found)."""
    if row.scale == 1.0:
        return [1.0, 1e3, 1e6, 1e9]
    return [1.0, row.scale] + ([row.asked] if row.asked not in (1.0, row.scale) else [])
