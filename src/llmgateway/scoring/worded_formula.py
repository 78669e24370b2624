"""A formula an answer states in line-item words, evaluated on the page's table rows.

Analysts state a metric with its formula in words and no operands: "The FY2019 cash ratio was 0.78,
calculated as (cash and cash equivalents + trade receivables) / total current liabilities", "Working
capital came to $1,388 million (total current assets less total current liabilities)", "Cloud revenue
represented 52.1% of total revenue in 2019". Their variant of a metric is often not the one
``metrics.py`` computes (which line items count as liquid, which profit line a margin uses), so a
correct figure was "not in the source".

Here each line-item name of the formula is located among the page's rows (``location.locate``, the
name with the year the claim or the question names), the formula is evaluated on those cells, and a
claimed figure equal to it (in the row's scale; a share as a percentage; a subtracted negative cell
also as its magnitude — "less capital expenditures" of "(92.1)") is supported with the formula as its
derivation. When every name is a row's own label and the figure is not what the formula gives, the
claim is unsupported: the answer's own formula contradicts its figure. Names that are not found leave
the claim to the other checks. Operands written as figures are ``shown_work.py``'s.
"""

from __future__ import annotations

import itertools
import re

from .derived import close_to
from .facts import Quantity
from .filing_tables import Row
from .filing_words import NOT_ITEM, question_years
from .location import cell_scales, label_stems, locate

_CUE = re.compile(
    r"\b(?:calculated|computed|derived|determined|measured|defined|worked out) (?:as|by taking)\b|\bi\.e\.,?|"
    r"\bcalculated by dividing\b",
    re.I,
)
_END = re.compile(
    r"[;:]|\s[—–]\s|, (?:which|and|so|giving|resulting|a|an|the|for|in|or)\b| (?:for|in|at) (?:fy|fiscal )?'?\d\d|\.\s*$",
    re.I,
)
_OP = {"+": "+", "plus": "+", "−": "-", "–": "-", "-": "-", "minus": "-", "less": "-", "/": "/",
       "÷": "/", "divided by": "/", "over": "/", "×": "*", "*": "*", "times": "*", "multiplied by": "*"}  # fmt: skip
_OP_RX = re.compile(r"\s(\+|plus|−|–|-|minus|less|/|÷|divided by|over|×|\*|times|multiplied by)\s|[()/+÷×*]", re.I)
_SHARE = re.compile(
    r"^(?:for [^,]+, )?(?P<a>[A-Za-z][^%\d]{2,80}?) (?:represented|accounted for|made up|comprised|was|were) "
    r"(?:about |approximately |roughly )?(?P<pct>-?\d[\d.,]*%) of (?P<b>(?:total )?[A-Za-z][^%\d.;]{2,80}?)"
    r"(?: in (?:fy|fiscal )?\d{4}| for (?:fy|fiscal )?\d{4}|,|\.|$)",
    re.I,
)


_NOT_A_CELL = re.compile(r"(?i)\b(?:average|avg|mean|prior|previous)\b")


def _expression(claim: str) -> str | None:
    """The words after "calculated as" (or inside the parentheses that follow the figure), or the
    "A represented N% of B" of a share; None when the claim states no formula in words."""
    if m := _SHARE.match(claim.strip()):
        return f"{m['a']} / {m['b']}"
    m = _CUE.search(claim)
    if m:
        rest = claim[m.end() :]
        end = _END.search(rest)
        return rest[: end.start()] if end else rest
    m = re.search(
        r"\d[\d,.]*%?(?: (?:thousand|million|billion))?\s*(?:in (?:fy|fiscal )?\d{4}\s*)?\(([^()\d]{6,160})\)",
        claim,
        re.I,
    )
    return m.group(1) if m else None


def states_formula(claim: str) -> bool:
    """Does the claim state a formula in words (so the page's rows must be read)?"""
    text = _expression(claim)
    return bool(text and _tokens(text))


def _tokens(text: str) -> list[str] | None:
    """Names and operators; a parenthesis holding no operator is part of a name ("(pre-tax)")."""
    text = re.sub(
        r"\(([^()]*)\)", lambda m: m.group(0) if _OP_RX.search(f" {m.group(1)} ") else f"<{m.group(1)}>", text
    )
    out: list[str] = []
    pos = 0
    for m in _OP_RX.finditer(text):
        out.append(text[pos : m.start()])
        op = (m.group(1) or m.group(0)).lower()
        out.append(op if op in "()" else _OP[op])
        pos = m.end()
    out.append(text[pos:])
    out = [t.strip() for t in out if t.strip()]
    if any(re.search(r"\d", t) for t in out) or sum(t in "+-/*" for t in out) == 0:
        return None
    return out


def _parse(tokens: list[str]):
    """(op, left, right) | name, by precedence; None when not a well-formed expression."""
    pos = 0

    def factor():
        nonlocal pos
        if pos >= len(tokens):
            raise ValueError
        t = tokens[pos]
        pos += 1
        if t == "(":
            node = expr()
            if pos >= len(tokens) or tokens[pos] != ")":
                raise ValueError
            pos += 1
            return node
        if t in "+-/*)":
            raise ValueError
        return t.replace("<", "(").replace(">", ")")

    def chain(sub, ops):
        nonlocal pos
        node = sub()
        while pos < len(tokens) and tokens[pos] in ops:
            op = tokens[pos]
            pos += 1
            node = (op, node, sub())
        return node

    def term():
        return chain(factor, "/*")

    def expr():
        return chain(term, "+-")

    try:
        node = expr()
    except ValueError:
        return None
    return node if pos == len(tokens) else None


def _names(node) -> list[str]:
    return [node] if isinstance(node, str) else _names(node[1]) + _names(node[2])


def _value(node, cells: dict[str, float], magnitude: bool) -> float | None:
    if isinstance(node, str):
        v = cells[node]
        return abs(v) if magnitude else v
    a, b = _value(node[1], cells, magnitude), _value(node[2], cells, magnitude)
    if a is None or b is None:
        return None
    if node[0] == "/":
        return a / b if b else None
    return a + b if node[0] == "+" else a - b if node[0] == "-" else a * b


def _show(node, cells: dict[str, float], texts: dict[str, str]) -> str:
    if isinstance(node, str):
        return f"{node} {texts[node]}"
    return f"({_show(node[1], cells, texts)} {node[0].replace('-', '−')} {_show(node[2], cells, texts)})"


def _cell(name: str, year: str | None, rows: list[Row], near: Row | None) -> tuple[Row, Quantity, bool] | None:
    """The row the name locates and its cell in ``year``; True when the row's label is the name. After
    the first name, the rows of the same table (within 40 rows of ``near``) are tried first: a long page
    holds several reports, and "revenue" of the next one is not this formula's."""
    loc = None
    if near is not None:
        at = rows.index(near)
        loc = locate(
            f"{name} {year or ''}".strip(), [r for r in rows[max(0, at - 40) : at + 40] if r.context == near.context]
        )
    loc = loc or locate(f"{name} {year or ''}".strip(), rows)
    if loc is None or loc.pair:
        return None
    row = loc.rows[0]
    cells = [c for c in row.cells if c.quantity is not None and (c.year == year or not row.years())]
    if len(cells) != 1 and not (cells and not row.years() and year is None):
        return None
    own = label_stems(name) - NOT_ITEM - {"total"}
    exact = own == label_stems(row.label) - NOT_ITEM - {"total"}
    return row, cells[0].quantity, exact  # type: ignore[return-value]


def worded_formula(claim: str, quantities: list[Quantity], rows: list[Row], years: list[str], rel_tol: float):
    """(explained figure texts, derivations, failures) of the claim's formula in words, or None when it
    states none the page's rows can evaluate."""
    text = _expression(claim)
    tokens = _tokens(text) if text else None
    node = _parse(tokens) if tokens else None
    if node is None or not rows:
        return None
    named = question_years(claim) or years
    year = named[0] if named else None
    found = {}
    if any(_NOT_A_CELL.search(name) for name in _names(node)):
        return None  # "average total assets", "prior-year revenue": not one cell of the named year
    near = None
    for name in _names(node):
        got = _cell(name, year, rows, near)
        if got is None:
            return None
        found[name] = got
        near = near or got[0]
    cells = {n: q.signed for n, (_, q, _) in found.items()}
    texts = {n: q.text for n, (_, q, _) in found.items()}
    scales = sorted({s for row, _, _ in found.values() for s in cell_scales(row)})
    figures = [q for q in quantities if not (q.unit == "plain" and re.fullmatch(r"(?:19|20)\d\d", q.text))]
    values = [v for magnitude in (False, True) if (v := _value(node, cells, magnitude)) is not None]
    if not figures or not values:
        return None
    explained, how = set(), []
    for q, v in itertools.product(figures, values):
        options = [v * 100] if q.unit == "pct" else [v * s for s in scales] if q.unit == "money" else [v]
        if q.text not in explained and any(close_to(abs(o), q, rel_tol) for o in options):
            explained.add(q.text)
            how.append(
                f"{q.text} = {_show(node, cells, texts)} (the answer's formula in words{', ' + year if year else ''})"
            )
    if explained:
        return explained, how, []
    if not all(exact for _, _, exact in found.values()):
        return None
    shown = f"{values[0] * (100 if figures[0].unit == 'pct' else 1):,.2f}"
    return set(), [], [f"figure '{figures[0].text}' does not follow from the answer's own formula: "
                       f"{_show(node, cells, texts)} gives {shown}"]  # fmt: skip


def worded_support(claim: str, quantities: list[Quantity], rows: list[Row], years, rel_tol: float) -> list[str]:
    """The derivations when the formula in words gives every figure of the claim (no passage needed)."""
    got = worded_formula(claim, quantities, rows, years, rel_tol)
    figures = {q.text for q in quantities if not (q.unit == "plain" and re.fullmatch(r"(?:19|20)\d\d", q.text))}
    return got[1] if got and got[0] and figures <= got[0] else []


def resolve_worded(
    quantities: list[Quantity], claim: str, reasons: list[str], how: list[str], rows: list[Row], years, rel_tol: float
) -> list[str]:
    """``reasons`` without the failures a formula in words explains (figures; wording the formula or
    the question uses), or with the failure of a figure the formula contradicts."""
    got = worded_formula(claim, quantities, rows, years, rel_tol)
    if got is None:
        return reasons
    explained, derivations, failures = got
    if failures:
        return reasons + failures
    how += derivations
    kept = []
    for r in reasons:
        if r.startswith("figure '") and any(r.startswith(f"figure '{t}'") for t in explained):
            continue
        if r.startswith("'") and "is not stated" in r:
            continue  # the metric's name and the formula's words: the figure is what the formula gives
        kept.append(r)
    return kept
