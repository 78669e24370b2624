"""A share of two figures the page prints, each beside its side of the question's words.

"What is the percentage of the common stock repurchase among the total program of repurchases?" — the page says
"… a share repurchase program of up to $2.25 billion …" and, sentences later, "… to repurchase $1.5 billion of our
common stock …"; the right answer is 66.7 % = 1.5 / 2.25. Neither figure is a table row the question's words
locate, ``derived.derive`` searches only the evidence window, and the right answer was rejected as "printed nowhere"
or "does not follow from the table" (FinQA pages dev, round 19a: 23 right answers to share questions rejected so,
against 53 changed ones).

Any two of a page's ~30 figures divide to a changed share as often as to the right one (dev: 20 right, 30 changed
answers), so ``share_of_printed`` releases a figure only when it is such a share *and*:

* the question reads as a part and a whole: "A as a percentage of B", "what percentage (portion, proportion,
  fraction, share) of B is A", "the percentage of A among B" — "the ratio of A to B" is not read here;
* the part is printed with a word only A's side names in the words around it (``_ANCHOR`` characters before,
  ``_AFTER`` after, inside its sentence) and the whole with one of B's side — a sibling line item named by the
  whole's words ("Other receivables" for "allowance … as a percentage of trade receivables") is no part;
* the part does not exceed the whole (the inverse ratio, a twin's 150.0 % for 66.7 %, never passes);
* two table cells are a share only as a line item over the "Total" row's cell in its column (a table's sibling
  rows share the question's words too often); a figure of the prose goes with any anchored figure;
* both are amounts (no rate, duration or multiple: "2.2 years" over "$10.4 billion" is no share), neither is a
  table cell of a year the question does not name only (a year twin's operand), a year, or a single-digit whole
  number (a footnote, a count);
* only the claim's own rounding (no ``rounding_tolerance``).

The derivation names both operands (``66.7% = 1.5 / 2.25 (two figures printed beside the question's words)``).
"""

from __future__ import annotations

import itertools
import re

from .derived import close_to
from .facts import Quantity
from .filing_tables import Row
from .filing_words import NOT_ITEM
from .formula_text import NUMBER, figure_value
from .location import label_stems
from .one_operand import RATIO_TO

_PART_OF = re.compile(
    r"\bpercent(?:age)?\s+of\b|\bportion\b|\bproportion\b|\bfraction\b|\bshare of\b|\bas a percent", re.I
)
_FIGURE_REASON = re.compile(r"^figure '(.+?)' (?:not in the source|does not follow from the table)")
_GENERIC = label_stems("portion fraction share percent percentage ratio total amount related relates what")
_ANCHOR = 100  # characters before a figure that may name it
_AFTER = 40  # and after it
_SENTENCE_END = re.compile(r"[a-z)\]]\.\s+|;\s")
_NOT_AMOUNT = re.compile(r"\s*(?:%|percent|per cent|years?\b|months?\b|days?\b|basis points?|bps?\b|times\b|x\b)", re.I)


_SHARE_WORD = r"(?:percent(?:age)?|portion|proportion|fraction|share)"
_SIDES = (  # (pattern, which group is the part); the first that matches decides
    (re.compile(rf"^(?P<a>.+?)\bas an? {_SHARE_WORD} of\b(?P<b>.+)$", re.I), "a"),  # "A as a percentage of B"
    (re.compile(rf"\b{_SHARE_WORD} of\b(?P<a>.+?)\bamong\b(?P<b>.+)$", re.I), "a"),  # "percentage of A among B"
    (re.compile(rf"\b{_SHARE_WORD} of\b(?P<b>.+?)\b(?:is|was|were|are)\b(?P<a>.+)$", re.I), "a"),  # "… of B is A"
)


def _stems(text: str) -> set[str]:
    """A side's line-item words (stems), without the words every share question uses, years and quarters."""
    return {s for s in label_stems(text) - NOT_ITEM - _GENERIC if not re.match(r"^(?:fy|q[1-4])?\d", s)}


def _sides(question: str) -> tuple[set[str], set[str]] | None:
    """(words only the part's side names, words the whole's side names), or None when the question's shape is not
    read: "A as a percentage of B", "what percentage of B is A", "the percentage of A among B"."""
    for rx, part_group in _SIDES:
        if m := rx.search(question):
            part = _stems(m.group(part_group))
            whole = _stems(m.group("b" if part_group == "a" else "a"))
            if part - whole and whole:
                return part - whole, whole - part or whole
            return None
    return None


def _named_by(text: str, at: int, end: int, words: set[str]) -> bool:
    """One of ``words`` is among those just before the figure (``_ANCHOR`` characters) or just after it
    (``_AFTER``: "$1.5 billion of our common stock"), inside its sentence."""
    before = _SENTENCE_END.split(text[max(0, at - _ANCHOR) : at])[-1]
    after = _SENTENCE_END.split(text[end : end + _AFTER])[0]
    return bool(label_stems(before + " " + after) & words)


def _other_year_cells(rows: list[Row], years: list[str]) -> set[float]:
    """Values printed only as table cells of years the question does not name."""
    if not years:
        return set()
    other: set[float] = set()
    named: set[float] = set()
    for row in rows:
        for c in row.cells:
            if c.quantity is not None and c.year:
                (named if c.year in years else other).add(abs(c.quantity.value))
    return other - named


def _placed(rows: list[Row]) -> dict[float, set[tuple[int, int, int]]]:
    """Where each value is a table cell: (context, row, column)."""
    out: dict[float, set[tuple[int, int, int]]] = {}
    for i, row in enumerate(rows):
        for j, c in enumerate(row.cells):
            if c.quantity is not None:
                out.setdefault(abs(c.quantity.value), set()).add((row.context, i, j))
    return out


def _column_totals(rows: list[Row], context: int) -> dict[float, set[float]]:
    """A cell → the cells of the "Total …" row below it in its column (its table's whole)."""
    out: dict[float, set[float]] = {}
    mine = [r for r in rows if r.context == context]
    for i, row in enumerate(mine):
        for total in mine[i + 1 : i + 16]:
            if not re.match(r"(?i)total\b", total.label.strip()):
                continue
            for a, b in zip(row.cells, total.cells):
                if a.quantity is not None and b.quantity is not None:
                    out.setdefault(abs(a.quantity.value), set()).add(abs(b.quantity.value))
            break
    return out


def _operand(v: float) -> bool:
    return v > 0 and not (v.is_integer() and (v < 10 or 1990 <= v <= 2035))


def share_of_printed(q: Quantity, question: str, contexts: list[str], rows: list[Row], years: list[str]) -> str | None:
    """How ``q`` is a part over a whole the page prints beside the question's words, or None."""
    if q.unit not in ("pct", "plain") or not _PART_OF.search(question) or RATIO_TO.search(question):
        return None
    scale = 100.0 if q.unit == "pct" else 1.0
    if q.unit == "plain" and q.value >= 1:
        return None  # a share written as a fraction is below 1
    sides = _sides(question)
    if sides is None:
        return None
    part_words, whole_words = sides
    skip, placed = _other_year_cells(rows, years), _placed(rows)
    for ci, text in enumerate(contexts):
        parts: set[float] = set()
        wholes: set[float] = set()
        for m in NUMBER.finditer(text):
            v = figure_value(m.group(0))
            if _NOT_AMOUNT.match(text, m.end()) or not _operand(v) or v in skip:
                continue  # a rate, a duration: not the amount a share is taken of
            if _named_by(text, m.start(), m.end(), part_words):
                parts.add(v)
            if _named_by(text, m.start(), m.end(), whole_words):
                wholes.add(v)
        for part, whole in itertools.product(parts, wholes):
            if part in placed and whole in placed:
                continue  # two table cells: a row the question names over its column's total only (below)
            if part < whole and close_to(part / whole * scale, q, 0.0):
                return f"{q.text} = {part:,g} / {whole:,g} (two figures printed beside the question's words)"
        totals = _column_totals(rows, ci)
        for part in parts:
            for whole in totals.get(part, set()) - skip:
                if part < whole and close_to(part / whole * scale, q, 0.0):
                    return f"{q.text} = {part:,g} / {whole:,g} (a line item the question names over its column's total)"
    return None


def release_printed_share(
    quantities: list[Quantity], reasons: list[str], how: list[str], question: str | None, contexts: list[str],
    rows: list[Row], years: list[str],
) -> list[str]:  # fmt: skip
    """``reasons`` without the figure failures of shares ``share_of_printed`` explains; the derivations go to
    ``how``."""
    if not question or not any(_FIGURE_REASON.match(r) for r in reasons):
        return reasons
    kept = []
    for r in reasons:
        m = _FIGURE_REASON.match(r)
        q = next((x for x in quantities if m and x.text == m.group(1)), None)
        why = share_of_printed(q, question, contexts, rows, years) if q is not None else None
        if why is None:
            kept.append(r)
        else:
            how.append(why)
    return kept
