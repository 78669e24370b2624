"""Total-return tables: a line that starts at the 100 invested, read as a return.

A 10-K's performance graph is printed as a table whose every line starts at 100 ("assumes $100 was invested on
December 31, 2010") and whose later cells are what the 100 became (S&P 500 Index: 100.0 … 180.75). A question about
such a line asks for a return ("the overall growth of the S&P 500 index from 2010 to 2015", "the percentage
cumulative return for the five years ended 12/31/2016", "the ROI of an investment in …"), and analysts write it
over the 100 base: as a percent (80.75 %, 104.0 %) or as a fraction (0.81). The located cells alone gave neither
(a change of two named years is on the earlier year, but the base year is often not named, and a growth rate
was only read in percent), so right answers were rejected (FinQA pages dev, round 18c: 10 right answers to
return questions against 11 changed ones).

``return_candidates`` gives, for a located row whose first cell is 100 and a question that asks for a return,
the cell of the question's last named year (the row's last cell when its header has no years) as a return over
the base: ``cell − 100`` in percent and ``(cell − 100) / 100`` as a fraction. A question that compares two lines
("the difference … for Ball Corporation compared to the S&P 500 index") gets only the difference of their returns
(in points or as a fraction), the second line being the other located row (``Location.pair``) or a line of the
kind whose label the question names; a yearly return (annualized, compound, average) gets nothing. Only the
question's period end is read, so a year twin (another column's return) stays rejected.
"""

from __future__ import annotations

import itertools
import re

from .facts import Quantity
from .filing_tables import Row
from .location import Location, label_stems

Candidate = tuple[float, str, Row, float]

BASE = 100.0
_ASKS_RETURN = re.compile(r"\breturns?\b|\broi\b|\bgrowth\b|\bperformance\b|\binvest", re.I)
_PER_YEAR = re.compile(r"\bannual|\bper (?:year|annum)|\bcagr\b|\bcompound|\baverage|\beach year", re.I)
_TWO_LINES = re.compile(r"\bdifference|\bcompared?\b|\bthan\b|\bversus|\bvs\.?|\bgreater|\boutperform|\brelative", re.I)


def starts_at_base(row: Row) -> bool:
    """A line that starts at the 100 invested: its columns run oldest first (12/31/11 … 12/31/16), unlike a
    statement's latest-first years."""
    first = next((c.quantity for c in row.cells if c.quantity), None)
    return first is not None and first.value == BASE and not first.negative and len(row.cells) > 2


def _end(loc: Location, row: Row) -> Quantity | None:
    """The row's cell at the question's period end: its last named year, else (a header without years) the last."""
    cells = [(c.quantity, c.year) for c in row.cells if c.quantity]
    if len(cells) < 2 or cells[0][0].value != BASE or cells[0][0].negative:
        return None  # not a line that starts at the 100 invested
    named = [q for q, y in cells if y and loc.years and y == max(loc.years)]
    if named:
        return named[0]
    return cells[-1][0] if not any(y for _, y in cells) or not loc.years else None


def _named_lines(loc: Location, rows: list[Row], question: str) -> list[tuple[Row, Quantity]]:
    """The page's other lines that start at 100 and whose label the question names (most of its words): the second
    line of "Ball Corporation compared to the S&P 500 index" when the location found one."""
    asked = label_stems(question)
    out = []
    for row in rows:
        label = label_stems(row.label)
        if row == loc.rows[0] or not label or 2 * len(label & asked) < len(label) + 1:
            continue
        if (q := _end(loc, row)) is not None:
            out.append((row, q))
    return out


def return_candidates(loc: Location, claim: Quantity, question: str, rows: list[Row] | None = None) -> list[Candidate]:
    """A located total-return line's return at the period end (percent or fraction), and two lines' difference
    (in points or as a fraction); the second line may be one the location did not find but the question names."""
    if not _ASKS_RETURN.search(question) or _PER_YEAR.search(question) or claim.unit not in ("pct", "plain", "money"):
        return []  # a yearly (annualized, compound) return is not the cumulative one
    two = bool(_TWO_LINES.search(question)) or loc.compares
    pct = claim.unit == "pct"
    scale = 1.0 if pct else 1 / BASE
    ends = [(row, q) for row in loc.rows if (q := _end(loc, row)) is not None]
    out: list[Candidate] = []
    for row, q in [] if two else ends:  # a comparison of two lines: their difference only
        out.append(((q.signed - BASE) * scale, f"({q.text} − 100) / 100 (a return on the 100 invested)", row, 1.0))
    if two and ends:
        lines = ends if loc.pair else ends[:1] + _named_lines(loc, rows or [], question)
        for (ra, a), (_, b) in itertools.permutations(lines, 2):
            text = f"({a.text} − 100) − ({b.text} − 100) over the 100 invested"
            out += [((a.signed - b.signed) * f, text, ra, 1.0) for f in {scale, 1.0}]
    return out
