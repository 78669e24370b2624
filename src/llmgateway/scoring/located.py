"""Question-aware reading of a filing table: the cells a question names, and what an answer may say.

"What was the percentage change in net cash from operating activities from 2018 to 2019?" names a
line item and two years. ``locate`` (location.py) finds the table rows whose labels share the question's rarest
words (IDF over the page's row labels) and, in them, the cells of the years the question names.
``check_located`` then judges an answer's figures against those cells only: a figure is supported
when it is one of them (in any scale or unit, ``$1.50 billion`` = ``1,496.5`` in millions) or
follows from them by the operation the question (or the answer) asks for — a change, a growth rate
(on the earlier year), an average, a sum, a ratio or share of two line items, or a change of two
ratios — and the verdict carries the formula. A figure the page prints elsewhere (last year's
value, the next line item) is no longer accepted just because it is on the page. The location must
be confident (a row sharing most of its label with the question; the question's years among its
columns), else the ordinary checks decide.
"""

from __future__ import annotations

import itertools
import re

from .derived import close_to, scale_word
from .facts import Facts, Quantity
from .filing_tables import Row
from .filing_words import NOT_ITEM, OPERATIONS
from .formula_text import digits_of
from .location import Located, Location, cell_scales, cell_values, label_stems, locate
from .total_return import return_candidates, starts_at_base

Candidate = tuple[float, str, Row, float]  # value, formula, its row, the scale it was multiplied by


def _cell_name(row: Row, year: str | None) -> str:
    label = row.name if len(row.name) <= 60 else row.name[:57] + "…"
    return f"{label}, {year}" if year else label


def _match(claim: Quantity, candidates: list[Candidate], rel_tol: float) -> tuple[str, Row] | None:
    """The first candidate equal to the claimed figure: a scaled candidate to the claim's value
    ("$1.50 billion" = 1,496.5 × million), a candidate as printed to the claim as written ("€984m"
    against a table whose "(€m)" header was not recognised)."""
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", claim.text)
    written = float(digits.group(0).replace(",", "")) if digits else claim.value
    as_written = Quantity(written, claim.unit, claim.currency, 0.5 * 10 ** -_decimals(claim.text), claim.text, 0)
    scaled = abs(claim.value - written) > 1e-9
    for value, formula, row, factor in candidates:
        if (factor != 1.0 or not scaled) and close_to(abs(value), claim, rel_tol):
            return formula, row
    for value, formula, row, factor in candidates:
        if factor == 1.0 and scaled and close_to(abs(value), as_written, rel_tol):
            return formula, row
    return None


def _decimals(text: str) -> int:
    m = re.search(r"\d[\d,]*\.(\d+)", text)
    return len(m.group(1)) if m else 0


def _later(a: Quantity, ya: str | None, b: Quantity, yb: str | None, cells: list, row: Row) -> bool:
    """``a`` is the later figure: by the columns' years, else by column order (filings print the
    latest year first; a line that starts at the 100 invested runs oldest first)."""
    if ya and yb and ya != yb:
        return ya > yb
    order = [q for q, _ in cells]
    return (order.index(a) < order.index(b)) != starts_at_base(row)


def _derivations(loc: Location, claim: Quantity, cue_ops: set[str]) -> list[Candidate]:
    """Values the located cells give by the asked operations, with their formulas; percentages ×100."""
    ops = loc.ops | cue_ops
    out: list[Candidate] = []
    pct = claim.unit == "pct"
    for row in loc.rows:
        cells = loc.cells(row, prior=bool(ops & {"change", "growth", "average"}))  # "2019 average": 2018 and 2019
        amounts = [(q, y) for q, y in cells if q.unit != "pct"]
        rates = [(q, y) for q, y in cells if q.unit == "pct"] or [(q, y) for q, y in amounts if abs(q.value) < 100]
        for (a, ya), (b, yb) in itertools.permutations(amounts, 2):
            later = _later(a, ya, b, yb, cells, row)
            va, vb = a.signed, b.signed
            if "change" in ops and later and not pct:
                out += [(s * (va - vb), f"{a.text} − {b.text}", row, s) for s in cell_scales(row)]
            if ops & {"growth", "change"} and later and vb and pct:  # "by how much …?": "+$73 (+14.1%)"
                out.append(((va - vb) / abs(vb) * 100, f"({a.text} − {b.text}) / {b.text}", row, 1.0))
            if "ratio" in ops and vb:
                out.append((va / vb * (100 if pct else 1), f"{a.text} / {b.text}", row, 1.0))
        if ops & {"change", "growth"} and pct:
            for (a, ya), (b, yb) in itertools.permutations(rates, 2):
                if not _later(a, ya, b, yb, cells, row):
                    continue
                if "change" in ops:  # in points
                    out.append((a.signed - b.signed, f"{a.text} − {b.text}", row, 1.0))
                if "growth" in ops and b.value and a.unit == b.unit == "pct":  # a rate's percent change
                    out.append(
                        ((a.signed - b.signed) / abs(b.signed) * 100, f"({a.text} − {b.text}) / {b.text}", row, 1.0)
                    )
        pool = rates if pct else amounts
        for k in range(2, min(len(pool), 5) + 1):
            for combo in itertools.combinations(pool, k):
                total = sum(q.signed for q, _ in combo)
                terms = " + ".join(q.text for q, _ in combo)
                scales = [1.0] if pct else cell_scales(row)
                if "average" in ops:
                    out += [(s * total / k, f"({terms}) / {k}", row, s) for s in scales]
                if "sum" in ops:
                    out += [(s * total, terms, row, s) for s in scales]
    if loc.pair:
        out += _across_rows(loc, ops, pct)
    return out


def _across_rows(loc: Location, ops: set[str], pct: bool) -> list[Candidate]:
    """Line item against line item in one year: a ratio or share, a difference, a sum."""
    out: list[Candidate] = []
    by_year: dict[str | None, list[tuple[Quantity, Row]]] = {}
    for row in loc.rows:
        for q, y in loc.cells(row):
            by_year.setdefault(y, []).append((q, row))
    for year, cells in by_year.items():
        for (a, ra), (b, rb) in itertools.permutations(cells, 2):
            if ra is rb:
                continue
            if b.value and ("ratio" in ops or pct):
                where = f" ({year or 'same column'})"
                out.append((a.signed / b.signed * (100 if pct else 1), f"{a.text} / {b.text}{where}", ra, 1.0))
            if not pct and ops & {"change", "sum"}:
                out += [(s * (a.signed - b.signed), f"{a.text} − {b.text}", ra, s) for s in cell_scales(ra)]
                out += [(s * (a.signed + b.signed), _plus(a, b), ra, s) for s in cell_scales(ra)]
    return out


def _plus(a: Quantity, b: Quantity) -> str:
    """ "3,300 + (1,204)" written as the subtraction it is: "3,300 − 1,204"."""
    return f"{a.text} − {b.text.strip('()-$ ')}" if b.negative else f"{a.text} + {b.text}"


def cue_ops(claim_text: str, facts: Facts) -> set[str]:
    """Operations the answer's own words ask for ("it rose 24.4%": a growth rate); a sum or a ratio
    only from the question."""
    ops = {op for op, rx in OPERATIONS.items() if rx.search(claim_text)} - {"sum", "ratio"}
    if ({"change"} & ops or facts.directions) and any(q.unit == "pct" for q in facts.quantities):
        ops.add("growth")
    if facts.directions:
        ops.add("change")
    return ops


def direction_reason(facts: Facts, loc: Location, row: Row, question: str = "") -> list[str]:
    """ "It fell" when the located line item (or the ratio of the two named) rose between the
    question's years (or the reverse)."""
    asked = {w.lower() for w in re.findall(r"[A-Za-z]+", question)}  # "the increase / (decrease) in X was …"
    moves = [d for d in facts.directions if d.axis == "level" and d.polarity in ("up", "down") and d.word not in asked]
    if not moves or not loc.years:
        return []
    series = _series(loc, row)
    have = sorted(series)
    if len(have) < 2:
        return []
    (old, old_text), (new, new_text) = series[have[0]], series[have[-1]]
    if new < 0 or old < 0:
        return []  # "(2.2)" to "(1.9)": an increase or a decrease, as the reader takes it
    actual = "up" if new > old else "down" if new < old else None
    claimed, word = (moves[0].polarity, moves[0].word)  # the verb comes first: "fell 4%, a clear deterioration"
    if actual is None or actual == claimed:
        return []
    name = f"{loc.rows[0].name[:40]} / {loc.rows[1].name[:40]}" if loc.pair else row.name[:60]
    return [f"direction '{word}' contradicts the source ({name}: {old_text} in {have[0]}, {new_text} in {have[-1]})"]


def _series(loc: Location, row: Row) -> dict[str, tuple[float, str]]:
    """Year → the row's value (or the named ratio's, for two line items), with its text."""
    cells = {y: q for q, y in loc.cells(row, prior=True) if y}
    if not (loc.pair and "ratio" in loc.ops):
        return {y: (q.signed, q.text) for y, q in cells.items()}
    top = {y: q for q, y in loc.cells(loc.rows[0], prior=True) if y}
    bottom = {y: q for q, y in loc.cells(loc.rows[1], prior=True) if y}
    out = {}
    for y in top.keys() & bottom.keys():
        if bottom[y].value:
            value = top[y].signed / bottom[y].signed
            out[y] = (value, f"{top[y].text} / {bottom[y].text} = {value:.2f}")
    return out


def check_located(
    claim_text: str,
    facts: Facts,
    locations: list[Location],
    rel_tol: float,
    cue_ops: set[str],
    question: str = "",
    rows: list[Row] | None = None,
) -> Located | None:
    """Judge the claim's figures against the located cells — the question's location first, then the
    one the claim's own words name ("capital expenditures were $1,204 million") — None when the claim
    states no figure."""
    claimed = [
        q
        for q in facts.quantities
        if q.unit in ("money", "plain", "pct", "multiple")
        and not re.match(r",?\s*(?:19|20)\d\d", claim_text[q.start + len(q.text) :])  # "October 31, 2019"
        and not re.search(rf"(?<![\d.,]){re.escape(q.text)}(?![\d.,]*\d)", question)  # "aged 65": the question's
    ]
    if not claimed or not locations:
        return None
    out = Located()
    matched: Location | None = None
    for q in claimed:
        found = None
        for loc in locations + _near(claim_text, q, locations[0].years, rows):
            found = _find(q, loc, rel_tol, cue_ops, question, rows)
            if found is not None:
                matched = matched or loc
                break
        if found is not None:
            out.how.append(found[0])
            out.row = out.row or found[1]
            continue
        out.unlocated.append(q)
        loc, top = locations[0], locations[0].rows[0]
        cells = [f"{c.text}" + (f" ({y})" if y else "") for c, y in loc.cells(top)][:4]
        out.reasons.append(
            f"figure '{q.text}' does not follow from the table's {top.name[:60]}"
            + (f" in {', '.join(loc.years)}" if loc.years else "") + f" (source has: {', '.join(cells)})"
            + ("; the located row is a guess (no column for the question's years, or a second line item not found)"
               if loc.guess else "")
        )  # fmt: skip
    out.row = out.row or locations[0].rows[0]
    out.reasons += direction_reason(facts, matched or locations[0], out.row, question)
    return out


def _near(claim_text: str, q: Quantity, years: list[str], rows: list[Row] | None) -> list[Location]:
    """The line item the words just before a figure name ("operating cash flow of $3,300 million")."""
    if not rows:
        return []
    before = re.split(r"[,;:()]|\d", claim_text[: q.start])[-1]
    if len(label_stems(before) - NOT_ITEM) < 2:
        return []
    loc = locate(f"{before} {' '.join(years)}", rows)
    return [loc] if loc is not None else []


def _find(
    q: Quantity, loc: Location, rel_tol: float, cue_ops: set[str], question: str = "", rows: list[Row] | None = None
) -> tuple[str, Row] | None:
    """The located cell the claimed figure is, or the formula over the located cells that gives it."""
    direct = [
        (v * f, f"{q.text} = {_cell_name(row, y)}: {c.text}" + (f" (× {scale_word(f)})" if f != 1.0 else ""), row, f)
        for row in loc.rows
        for c, y in loc.cells(row)
        if not (c.unit == "pct" and q.unit == "money")
        for v, f in cell_values(c, row)
    ]
    found = _match(q, direct, 0.0)  # a figure read from the table: only the claim's own rounding
    if found is None:
        derived = _match(q, _derivations(loc, q, cue_ops) + return_candidates(loc, q, question, rows), rel_tol)
        found = (f"{q.text} = {derived[0]}", derived[1]) if derived else None
    return found


def release_printed(located: Located, location: Location, page_numbers: frozenset) -> Located:
    """When the question needs a second line item the location did not find (``Location.elsewhere``), a
    figure the located cells do not give may be that item's: a figure of three or more digits the page
    prints elsewhere ("advertising versus R&D": advertising's figure is in the prose) is released from the
    location's rejection; a cell of the located row for a year the question does not name stays rejected,
    and a figure printed nowhere stays rejected (deferring it to the other stages let chance derivations
    pass changed figures, round 16a)."""
    for q in located.unlocated:
        mine = f"figure '{q.text}' does not follow from the table"
        if not any(r.startswith(mine) for r in located.reasons) or location.other_year(q):
            continue
        if len(re.sub(r"\D", "", q.text).lstrip("0")) >= 3 and digits_of(q) in page_numbers:
            located.reasons = [r for r in located.reasons if not r.startswith(mine)]
            located.how.append(f"{q.text}: printed on the page (the question's second line item is not a row)")
    return located
