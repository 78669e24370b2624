"""Tables of a filing page as rows and year columns, parsed from text as PDF/HTML extraction leaves it.

After ``tables.normalize_table_text`` a table row is one line: a label, then its figures, split by
"|", tabs, ": " or runs of spaces (``Net sales: $1,345 | $1,197``, ``Net sales   $ 1,345   1,197``,
``Other\t44.1\t56.7``). A header line naming two or more years (``Year Ended December 31,: 2019 |
2018``) gives the following rows' columns their years. A label-only line inside a table
("Revenue:", "Excluding:") is the section the rows under it belong to. A long prose line ends the
table. Each row keeps the page's scale header nearest above it ("in millions").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .facts import Quantity
from .tables import table_scale

_CELL = re.compile(r"^(?P<neg1>-)?(?P<cur>[$€£])?(?P<neg2>-)?(?P<num>\d[\d,]*(?:\.\d+)?|\.\d+)(?P<pct>%)?$")
_DASH = {"-", "–", "—", "n/a", "nm", "—%", "-%"}
_YEAR = re.compile(r"^(?:FY|fiscal)?'?((?:19|20)\d\d)[,:]?$", re.I)
CELL_TOKEN = re.compile(r"[^\s|\t]+")
_CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP"}


@dataclass(frozen=True)
class Cell:
    quantity: Quantity | None  # None: a dash
    year: str | None  # the column's year, from the table's header


@dataclass(frozen=True)
class Row:
    label: str  # the line's text before its figures
    section: str  # the label-only line above it inside the table ("Revenue:"), or ""
    line: str
    context: int
    cells: tuple[Cell, ...]
    scale: float  # the page's scale header nearest above the row (1.0 without one)
    asked: float = field(default=1.0, compare=False)  # the scale the question states ("(in USD thousands)"), if any

    @property
    def name(self) -> str:
        return f"{self.section}: {self.label}" if self.section else self.label

    def years(self) -> set[str]:
        return {c.year for c in self.cells if c.year}


def read_cell(token: str, offset: int) -> Quantity | None:
    if token.endswith(",") or token.count("(") != token.count(")") or re.fullmatch(r"\(\d\)", token):
        return None  # "31," of "December 31, 2019"; "20)" of "(Note 20)"; a footnote "(1)"
    t = token.replace("(", "-").replace(")", "").replace(" ", "").replace("--", "-")
    m = _CELL.match(t)
    if not m:
        return None
    num = m.group("num")
    value = float(num.replace(",", ""))
    decimals = len(num.split(".")[1]) if "." in num else 0
    unit = "pct" if m.group("pct") else ("money" if m.group("cur") else "plain")
    return Quantity(
        value,
        unit,
        _CURRENCIES.get(m.group("cur") or ""),
        0.5 * 10**-decimals + 1e-9,
        token,
        offset,
        bool(m.group("neg1") or m.group("neg2")),
    )


def is_cell(token: str) -> bool:
    return read_cell(token, 0) is not None or token.lower() in _DASH


def split_row(line: str) -> tuple[str, list[tuple[str, int]]]:
    """(label, [(figure token, offset)]) — the trailing run of figure (or dash) tokens is the row."""
    merged: list[tuple[str, int]] = []
    for m in CELL_TOKEN.finditer(line):  # "$ 1,345" and "$ (53)" are one cell
        tok, at = m.group(0), m.start()
        if merged and merged[-1][0] in ("$", "€", "£", "$(", "(") and re.match(r"[\d(.-]", tok):
            merged[-1] = (merged[-1][0] + tok, merged[-1][1])
        elif merged and tok in (")", ")%") and "(" in merged[-1][0] and ")" not in merged[-1][0]:
            merged[-1] = (merged[-1][0] + tok, merged[-1][1])  # "(1,204 )" as pdftotext leaves it
        elif merged and tok in ("%", ")%", "%)") and re.search(r"\d\)?$", merged[-1][0]):
            merged[-1] = (merged[-1][0] + tok, merged[-1][1])  # "7 %", "(13)%"
        else:
            merged.append((tok, at))
    k = len(merged)
    while k and is_cell(merged[k - 1][0].rstrip(":")):
        k -= 1
    label = line[: merged[k][1]] if k < len(merged) else line
    return label.strip(" :|\t"), [(tok.rstrip(":"), at) for tok, at in merged[k:]]


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_NOT_FIGURES = re.compile(
    rf"(?<![\d,.$])(?:19|20)\d\d(?![\d,.%])|\b{_MONTH}\s+\d{{1,2}}\b,?|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|"
    r"\(\d\)|\bnotes?\s+\d+\w?|\b(?:q[1-4]|[1-4]q|h[12]|fy)\b|\b(?:52|53) weeks\b",
    re.I,
)


_PAREN_NOTE = re.compile(r"\([^()\d]*\)")  # "(In Millions, Except Per Share Amounts)" beside a header's years


def _years_of(line: str) -> list[str] | None:
    """The years a header line names in order, else None (a lone year is a one-item header)."""
    found = re.findall(r"(?<![\d,.$])((?:19|20)\d\d)(?![\d,.%])", line)
    rest = _NOT_FIGURES.sub("", line)
    words = len(_PAREN_NOTE.sub("", line).split())
    if found and not re.search(r"\d", rest) and words <= 4 * len(found) + 6:
        return found
    return None


def _columns(cells: list[Quantity | None], years: list[str]) -> list[str | None]:
    """The year of each cell: the first columns take the years in order, later ones ("% Change",
    "2019 vs 2018") none — unless each year has an amount and a share ("1,079,520 | 68.4% | 755,454 |
    62.1%"), then every other column is a year's."""
    n = len(years)
    if n and len(cells) >= 2 * n - 1 and len(cells) > n:
        even = [c for c in cells[0 : 2 * n : 2] if c is not None]
        odd = [c for c in cells[1 : 2 * n : 2] if c is not None]
        if odd and even and all(c.unit == "pct" or c.value < 100 for c in odd):
            if any(c.unit != "pct" and c.value >= 100 for c in even):
                return [years[i // 2] if i < 2 * n and i % 2 == 0 else None for i in range(len(cells))]
    if n >= 2 and len(cells) == 2 * n and not _change_columns(cells, n):
        return [years[i // 2] for i in range(len(cells))]  # two measures a year ("Carrying | Fair value")
    return [years[i] if i < n else None for i in range(len(cells))]


def _change_columns(cells: list[Quantity | None], n: int) -> bool:
    """The columns after the years' are changes ("2019 | 2018 | $ Change | % Change")."""
    tail = [c for c in cells[n:] if c is not None]
    if any(c.unit == "pct" for c in tail):
        return True
    first, second, third = cells[0], cells[1], cells[n] if len(cells) > n else None
    if first is None or second is None or third is None:
        return False
    return abs(abs(first.signed - second.signed) - third.value) <= 0.01 * max(third.value, 1.0) + 0.5


def _is_prose(line: str) -> bool:
    words = _PAREN_NOTE.sub("", line).split()
    if len(_years_of(line) or []) >= 2:
        return False  # a wrapped header: "Amounts) April 27, 2019 (1) April 28, 2018 (2) …"
    return len(words) > 25 or (len(words) > 12 and line.rstrip().endswith("."))


# Page furniture a statement page carries around its table (pypdf / pdfminer text of a 10-K page): never a
# line item, a section or a label waiting for its figures — else "Norvale Industries 2019 Form 10-K 54" is
# the row a question naming the company locates, and "See accompanying notes …" + the page number a row.
FURNITURE = re.compile(
    r"^(?:table of contents|index to (?:consolidated )?financial statements)$|accompanying notes|"
    r"integral part of (?:these|the) (?:consolidated )?(?:condensed )?financial statements|"
    r"\bform 10-?[kq]\b|^[^a-z]*\|\s*annual report$|\band subsidiaries\b|"
    r"^(?:consolidated |combined |condensed )+(?:statements?|balance sheets?)\b",
    re.I,
)
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?(?:[A-Z]-?)?\d{1,3}$", re.I)
# the part of a pypdf header line before its years: company, title, scale note, period ("… Years Ended
# December 31,"); what is left must be the years and unit marks ("2019 2018 Notes $'000 $'000")
_HEADER_HEAD = re.compile(
    r"^.*?(?:\band subsidiaries\b|\b(?:statements?|sheets?) of [a-z ,']+?|\bbalance sheets?|\)|"
    r"\b(?:years?|quarters?|months|weeks|periods?|fiscal years?) ended(?: [a-z]+ \d{1,2},?)?|\bfiscal\b|\bconsolidated\b)"
    r"(?=\s+(?:19|20)\d\d\b)",
    re.I,
)
_UNIT_MARK = re.compile(r"(?:[$€£]|\b[A-Z]{1,3}\$?)?['’]000\b|\bnotes?\b", re.I)  # "$'000", "$’000"


_DATED_LABEL = re.compile(r"(?:19|20)\d\d\s+[a-z][a-z/&-]+\s+[a-z]", re.I)  # one year, then a line item's words
_HEADER_WORD = re.compile(
    r"(?i)\b(?:(?:19|20)\d\d\b.*\b(?:19|20)\d\d|compared|vs\b|versus|change|fiscal|year|ended|quarter|months?|weeks?"
    r"|as of|at|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*|actual|budget|restated|reported|amount|percent)\b"
)


def header_years(line: str) -> list[str] | None:
    """The years of a header line, also when pypdf joined the page's furniture before them."""
    years = _years_of(line)
    if years and _DATED_LABEL.match(line) and not _HEADER_WORD.search(line):
        return None  # "2014 net revenue" (its figure on the next line): a row, not a header
    if years or not FURNITURE.search(line) and not _HEADER_HEAD.match(line):
        return years
    m = _HEADER_HEAD.match(line)
    return _years_of(_UNIT_MARK.sub("", line[m.end() :])) if m else None


# two tables printed side by side (pdftotext): a label, its figures, the same label again; the line's trailing figures
# are the second table's
_SIDE_BY_SIDE = re.compile(
    r"^(?P<a>[A-Za-z][^\d$€£]*?)\s+(?P<figs>(?:[$€£]?\s?\(?-?(?:\d[\d,]*)?\.?\d+\)?%?\s+)+)(?P<b>[A-Za-z][^\d$€£]*?)$"
)
SCALE_LINE = re.compile(r"thousands|millions|billions|\(\s*(?:US)?[$€£]\s?(?:m|bn|k|'000|000)\)", re.I)


class RowBuilder:
    """Rows of one context, line by line: a row per line, or a label line followed by one figure per line."""

    def __init__(self, text: str, context: int):
        self.rows: list[Row] = []
        self.context = context
        self.years: list[str] = []
        self.year_run: list[str] = []
        self.section = ""
        self.label: str | None = None  # a label line waiting for its figures
        self.cells: list[Quantity | None] = []
        self.line = ""
        self.scale, self.scale_at = 1.0, -1
        self.n = 0
        self.furniture = False  # the last line was page furniture (a page number may follow)
        self.notes = False  # the header has a "Note" column before the years' ("Investments 3 1,216.0 1,212.9")

    def flush(self) -> None:
        if self.label is not None and self.cells:
            self.emit(self.label, self.cells, self.line)
        elif self.label and len(self.label.split()) <= 12 and re.search(r"[A-Za-z]{2}", self.label):
            self.section = self.label.rstrip(":")
        self.label, self.cells, self.line = None, [], ""

    def emit(self, label: str, cells: list[Quantity | None], line: str, year: str | None = None) -> None:
        years = self.years
        first = cells[0] if cells else None
        col: list[str | None]
        if year is not None:  # one half of two tables side by side: every cell is its table's year
            col = [year] * len(cells)
        elif (
            self.notes
            and len(cells) == len(years) + 1
            and first
            and first.unit == "plain"
            and re.fullmatch(r"\d{1,2}", first.text)
        ):
            col = [None, *_columns(cells[1:], years)]
        else:
            col = _columns(cells, years)
        scale = self.scale if self.scale_at >= 0 and self.n - self.scale_at < 40 else 1.0
        section = self.section if self.section != label else ""
        self.rows.append(Row(label, section, line, self.context, tuple(Cell(q, y) for q, y in zip(cells, col)), scale))

    def add(self, raw: str, start: int) -> None:
        self.n += 1
        line = raw.strip()
        if not line or re.fullmatch(r"[-|:=\s]+", line):
            return
        after_furniture, self.furniture = self.furniture, False
        if SCALE_LINE.search(line) and (s := table_scale(line)[0]) != 1.0:
            self.scale, self.scale_at = s, self.n
            if len(line.split()) <= 6 and not header_years(line):
                return  # "(In millions)" is no section; "(In millions) 2018 2017" is the header's years too
        years = header_years(line)
        furniture = FURNITURE.search(line) and len(split_row(line)[1]) < 2
        if not years and (furniture or after_furniture and _PAGE_NUMBER.match(line)):
            if self.label is not None and not self.cells:
                self.label = None
            self.flush()
            self.furniture = True
            return
        if not years and _is_prose(line):
            self.flush()
            self.years, self.year_run, self.section = [], [], ""
            return
        if years:
            if self.label is not None and not self.cells:
                self.label = None  # "Year Ended December 31," above the years
            self.flush()
            self.year_run += years
            self.notes = bool(re.search(r"\bnotes?\b", line, re.I))
            return
        if re.fullmatch(r"(?i)notes?\b[^\d]{0,20}", line):  # "Note £m £m" under the years
            self.notes = True
            return
        if self.year_run:
            if len(self.year_run) >= 2:
                self.years, self.section = self.year_run, ""
            self.year_run = []
        if line in ("$", "€", "£"):
            return
        label, cells = split_row(line)
        quantities = [read_cell(tok, start + at) for tok, at in cells]
        if cells and (m := _SIDE_BY_SIDE.match(label)) and m["a"].strip().lower() == m["b"].strip().lower():
            self.flush()  # "Second Quarter 9.17 3.55 Second Quarter 52.25 39.95": two tables, one line
            first = [read_cell(tok, start + at) for tok, at in split_row(m["a"] + " " + m["figs"])[1]]
            two: list[str | None] = list(self.years) if len(self.years) == 2 else [None, None]
            for lab, qs, y in ((m["a"].strip(), first, two[0]), (m["b"].strip(), quantities, two[1])):
                if any(q is not None for q in qs):
                    self.emit(lab, qs, line, y)
            return
        if not label:
            if self.label is not None:
                self.cells += quantities
                self.line += " " + line
            return
        self.flush()
        if cells and any(q is not None for q in quantities):
            self.emit(label, quantities, line)
        else:
            self.label, self.line = label, line
