"""A statement page's lines as PDF extraction leaves them, put back into table rows (``parse_rows``).

pypdf may flatten a statement onto one line ("Revenue $ 13,428 $ 12,958 Gross margin $ 8,574 …"); pdfminer prints a
table column by column — every label, then each year's figures one per line, a column sometimes under its own year
line and ending in a total printed without its label; FinQA's pages echo a percent cell in parentheses. Each is turned
back into one line a row before ``filing_tables``' line reader (``RowBuilder``) reads labels, cells, years and scale.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .filing_tables import (
    CELL_TOKEN,
    FURNITURE,
    SCALE_LINE,
    Row,
    RowBuilder,
    header_years,
    is_cell,
    read_cell,
    split_row,
)


def _unflattened(line: str) -> list[tuple[str, int]]:
    """A statement that extraction flattened onto one line ("Revenue $ 13,428 $ 12,958 Gross margin $ 8,574
    $ 8,173 …") as its rows with their offsets: a row ends where its run of figures meets a word. A line
    of prose (few figures) or of one row is returned whole."""
    toks = list(CELL_TOKEN.finditer(line))
    if len(toks) < 8:
        return [(line, 0)]
    cellish = [is_cell(t.group(0)) or t.group(0) in ("$", "€", "£") for t in toks]
    if sum(cellish) < 0.3 * len(toks):
        return [(line, 0)]
    pieces, start = [], 0
    for k in range(1, len(toks)):
        if cellish[k - 1] and not cellish[k] and toks[k - 1].group(0) not in ("$", "€", "£"):
            pieces.append((line[start : toks[k].start()], start))
            start = toks[k].start()
    pieces.append((line[start:], start))
    rows = sum(len(split_row(p)[1]) >= 2 for p, _ in pieces)
    labels = [split_row(p)[0].lower() for p, _ in pieces]
    if len(toks) <= 25 and len(set(labels)) < len(labels):
        return [(line, 0)]  # "Second Quarter 9.17 3.55 Second Quarter 52.25 39.95": two tables side by side
    return pieces if rows >= 3 or rows == len(pieces) == 2 else [(line, 0)]


def _label_only(line: str) -> bool:
    label, cells = split_row(line)
    return (
        bool(label) and not cells and len(line.split()) <= 12 and bool(re.search(r"[A-Za-z]{2}", line))
        and not FURNITURE.search(line) and not SCALE_LINE.search(line) and not header_years(line)
    )  # fmt: skip


def _figures_only(line: str) -> list[str] | None:
    if line in ("$", "€", "£"):
        return []
    if re.fullmatch(r"\(\d\)", line):  # "(2)" alone in a column of figures is −2, not a footnote
        return ["-" + line[1]]
    label, cells = split_row(line)
    return None if label or not cells or header_years(line) else [tok for tok, _ in cells]


def _in_columns(lines: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """pdfminer's column order — every label of a table, then each year's figures one per line — as rows:
    "Automotive / Sensors / Total", "$ / 5,686 / 914 / 6,600", "$ / 6,092 / …" → "Automotive 5,686 6,092".
    Taken only when the figures fill two to five columns of the labels exactly (section lines ending in
    ":" hold no figure); else the lines are left as they are."""
    out, i = [], 0
    while i < len(lines):
        j = i
        while j < len(lines) and _label_only(lines[j][0].strip()):
            j += 1
        k, figures = j, []
        while k < len(lines) and (f := _figures_only(lines[k][0].strip())) is not None:
            figures += f
            k += 1
        labels = [ln for ln in lines[i:j]]
        lead = next((n for n, ln in enumerate(labels) if not _PERIOD_LABEL.search(ln[0].strip())), len(labels))
        if k == j and (headed := _year_headed(lines, j, len(labels) - lead)) is not None:
            years, figures, k = headed  # each column under its own year line: "2019 / 601,256 / … / 2018 / …"
            out += labels[:lead] + [(" ".join(years), lines[j][1])]  # "Year Ended December 31," stays a header
            labels = labels[lead:]
        filled = [ln for ln in labels if not ln[0].strip().endswith(":")]
        total = labels + [("Total", lines[j][1])] if _totals(figures, len(labels) + 1) else labels
        for cand in (labels, filled, total):
            n = len(cand)
            if n >= 3 and figures and len(figures) % n == 0 and 2 <= len(figures) // n <= 5:
                cols = len(figures) // n
                at = {id(ln): r for r, ln in enumerate(cand)}
                for ln in total if cand is total else labels:
                    r = at.get(id(ln))
                    row = (
                        " ".join([ln[0].strip()] + [figures[c * n + r] for c in range(cols)])
                        if r is not None
                        else ln[0]
                    )
                    out.append((row, ln[1]))
                i = k
                break
        else:
            out += lines[i : max(j, i + 1)]
            i = max(j, i + 1)
    return out


_PERIOD_LABEL = re.compile(r"(?i)^(?:(?:fiscal )?years? ended|as of|at)\b|\bended\b.*\d{1,2},?$|^[a-z]+\.? \d{1,2},?$")


def _totals(figures: list[str], n: int) -> bool:
    """Each column of ``n`` figures ends with the sum of the ones above it: a column's total printed without its
    label ("Other / $ / 26,496 / … / 6,723 / $ / 55,945")."""
    if n < 4 or not figures or len(figures) % n or not 2 <= len(figures) // n <= 5:
        return False
    for c in range(len(figures) // n):
        cells = [read_cell(tok, 0) for tok in figures[c * n : (c + 1) * n]]
        values = [q.signed if q is not None else 0.0 for q in cells]
        if cells[-1] is None or abs(sum(values[:-1]) - values[-1]) > max(1.0, 0.001 * abs(values[-1])):
            return False
    return True


def _year_headed(lines: list[tuple[str, int]], j: int, n: int) -> tuple[list[str], list[str], int] | None:
    """pdfminer's columns when each starts with its year on a line of its own ("2019", then a figure per
    label, "2018", …): (the years, the figures column after column, the index after them), or None. Each
    column must hold exactly one figure per label."""
    years: list[str] = []
    figures: list[str] = []
    k = j
    while n >= 3 and k < len(lines) and re.fullmatch(r"(?:19|20)\d\d", year := lines[k][0].strip()):
        column: list[str] = []
        k += 1
        while k < len(lines) and len(column) < n and (f := _figures_only(lines[k][0].strip())) is not None:
            column += f
            k += 1
        if len(column) != n:
            return None
        years.append(year)
        figures += column
    return (years, figures, k) if 2 <= len(years) <= 5 else None


# FinQA's pages echo a percent cell in parentheses: "21.7% ( 21.7 % )", "( 5 ) % ( % )" — read as a second,
# negative cell ("(21.7%)"), it shifted every later column's year (2012's 24.0% read as 2013's 22.1%)
_PCT_ECHO = re.compile(r"(?P<num>\d[\d,]*(?:\.\d+)?)(?P<close> ?\)?) ?%(?P<echo> \( (?:(?P=num) )?% \))")


def _without_echo(line: str) -> str:
    """The line with each percent's echo blanked (same length: cell offsets stay where they were)."""
    return _PCT_ECHO.sub(lambda m: m.group(0)[: m.start("echo") - m.start()] + " " * len(m.group("echo")), line)


@lru_cache(maxsize=1024)
def parse_rows(text: str, context: int = 0) -> tuple[Row, ...]:
    """The table rows of one context (raw extraction text), in page order."""
    b = RowBuilder(text, context)
    lines, offset = [], 0
    for line in (_without_echo(x) for x in text.split("\n")):
        lines += [(piece, offset + at) for piece, at in _unflattened(line)]
        offset += len(line) + 1
    for line, at in _in_columns(lines) if len(lines) > 6 else lines:
        b.add(line, at)
    b.flush()
    return tuple(b.rows)
