"""A share or ratio whose second line item the location did not find: the located cell over a printed figure.

"What portion of the maximum exposure to loss from VIEs is related to guarantees in 2018?" names two line items
("guarantees", the maximum exposure); ``locate`` often finds one of them as a row and the other is in the prose
("… a maximum exposure to loss of $884 million") or in a row whose label the question's words do not name. The
located cells then cannot give the right share (29.3% = 259 / 884) and the right answer was rejected, the same
way as a changed one (FinQA pages dev, round 18a: 22 right answers to share questions against 30 twins).

``release_share`` releases such a figure only when it is one located cell of the question's years divided by a
figure the page prints, or that figure divided by the cell — with only the claim's own rounding (no
``rounding_tolerance``), as a share in percent or as a fraction, and never when the figure is a located cell of
another year. The derivation names both operands. A location that found both
line items (``Location.pair``) is judged as before.
"""

from __future__ import annotations

import re

from .derived import close_to
from .facts import Quantity
from .filing_tables import Row
from .location import Located, Location, label_stems

_YEARLIKE = (1990.0, 2035.0)


def _operands(numbers: frozenset) -> list[float]:
    """The page's figures that can be the other line item: not years, not single digits (footnotes, counts)."""
    return [n for n in numbers if n >= 10 and not (n.is_integer() and _YEARLIKE[0] <= n <= _YEARLIKE[1])]


_PART_OF = re.compile(r"\bpercent(?:age)?\b|\bportion\b|\bproportion\b|\bfraction\b|\bshare of\b|%", re.I)
RATIO_TO = re.compile(  # "the ratio of A to B": which side is the numerator matters
    r"\bratio (?:of|between) (.+?)\s(?:to|and|versus|vs\.?)\s(.+)", re.I
)


def _sides(question: str, row: Row) -> tuple[bool, bool]:
    """May the located row be the numerator, the denominator? "the ratio of A to B": by which side names the row;
    a share ("what percent of B is A", "A as a percentage of B"): either, the part being the smaller."""
    if m := RATIO_TO.search(question):
        label = label_stems(row.name)
        top, bottom = len(label & label_stems(m.group(1))), len(label & label_stems(m.group(2)))
        return top > bottom, bottom > top
    return True, True


def share_of(q: Quantity, location: Location, numbers: frozenset, question: str) -> str | None:
    """How ``q`` is a located cell over a printed figure (or the reverse), or None."""
    if q.unit not in ("pct", "plain", "multiple"):
        return None
    scale = 100.0 if q.unit == "pct" else 1.0
    part_of = bool(_PART_OF.search(question)) and not RATIO_TO.search(question)
    other_years = {  # the located rows' cells of years the question does not name: a year twin's operands
        abs(c.quantity.value) for row in location.rows for c in row.cells if c.quantity and c.year not in location.years
    } if location.years else set()  # fmt: skip
    page = [n for n in _operands(numbers) if n not in other_years]
    for row in location.rows:
        numerator, denominator = _sides(question, row)
        for cell, year in location.cells(row):
            c = abs(cell.value)
            if not c or cell.unit == "pct":
                continue
            for n in page:
                if n == c:
                    continue
                pairs = ((c, n, f"{cell.text} / {n:,g}", numerator), (n, c, f"{n:,g} / {cell.text}", denominator))
                for top, bottom, text, allowed in pairs:
                    if not allowed or (part_of and top > bottom):
                        continue
                    if close_to(top / bottom * scale, q, 0.0):
                        where = f"{row.name[:50]}" + (f", {year}" if year else "")
                        return f"{q.text} = {text} ({where} against a figure printed on the page)"
    return None


def release_share(located: Located, location: Location, numbers: frozenset, question: str) -> Located:
    """Release the located rejections of figures that are a located cell's share of a printed figure."""
    for q in list(located.unlocated):
        mine = f"figure '{q.text}' does not follow from the table"
        if not any(r.startswith(mine) for r in located.reasons) or location.other_year(q):
            continue
        if re.sub(r"\D", "", q.text) and (how := share_of(q, location, numbers, question)) is not None:
            located.reasons = [r for r in located.reasons if not r.startswith(mine)]
            located.how.append(how)
    return located
