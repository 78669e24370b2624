"""Table text as it comes out of PDFs and HTML, made readable for the figure checks.

A 10-K page extracted to text looks like::

    Purchase of property, plant and equipment
     \n \n(16,135) \n \n(13,880) \n \n(12,410)

``normalize_table_text`` joins such a row onto one line (``Purchase of ...: -16,135 | -13,880 |
-12,410``), so a row becomes one "sentence" for the passage matcher; writes accounting negatives
``(16,135)`` as ``-16,135``; and glues a currency sign left alone on its line to its number
(``$\\n1,345`` → ``$1,345``). ``table_scale`` reads the page's scale header ("in millions",
"(Millions)", "$ in thousands") so that a plain table figure ``1,345`` can match "$1,345 million"
or "$1.3 billion".
"""

from __future__ import annotations

import re
from functools import lru_cache

_SCALE_WORDS = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}
_SCALE_HEADER = re.compile(
    r"(?:\(\s*|\bin\s+|\bamounts?\s+in\s+|\$\s*in\s+|dollars\s+in\s+)(?:US\$\s*|\$\s*|USD\s+|€\s*|£\s*)?"
    r"(thousands|millions|billions)\b"
    r"|\((?:US\$|USD|EUR|GBP|[$€£])\s?(m|bn|k|'000|000)\)|(?<![\w$€£])(?:US\$|[$€£])(m|bn|'000|000)\b",
    re.I,
)
_SHORT_SCALES = {"m": 1e6, "bn": 1e9, "k": 1e3, "'000": 1e3, "000": 1e3}
_NEGATIVE = re.compile(r"(?<![\w)])\((\$?\s?\d{1,3}(?:,\d{3})+(?:\.\d+)?|\$?\s?\d+\.\d+|\$?\s?\d{3,})\)(?!\w)")
_LONE_SIGN = re.compile(r"([$€£])\s*\n\s*(?=[-(]?\d)")
_NUMBERISH_LINE = re.compile(r"^[\s$€£%()\-–—.,\d]*$")


@lru_cache(maxsize=4096)
def normalize_table_text(text: str) -> str:
    """Rows onto one line, ``(1,234)`` → ``-1,234``; prose passes through unchanged."""
    if "\n" not in text and "(" not in text:
        return text
    text = _LONE_SIGN.sub(r"\1", text)
    text = _NEGATIVE.sub(lambda m: "-" + m.group(1).replace(" ", "").replace("$", ""), text)
    if "\n" not in text:
        return text
    out: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if out and _NUMBERISH_LINE.match(line) and (re.search(r"\d", line) or line in ("-", "–", "—")):
            sep = ": " if not re.search(r"[\d%)]$", out[-1]) else " | "
            out[-1] = out[-1] + sep + line
        else:
            out.append(line)
    return "\n".join(out)


@lru_cache(maxsize=4096)
def table_scale(text: str) -> tuple[float, str | None]:
    """(scale, currency) from a header such as "(in millions of dollars)"; (1.0, None) without one."""
    m = _SCALE_HEADER.search(text)
    if not m:
        return 1.0, None
    near = text[max(0, m.start() - 10) : m.end() + 25]
    currency = None
    for pattern, code in ((r"\$|\bdollars?\b|\bUSD\b", "USD"), (r"€|\bEUR\b|\beuros?\b", "EUR"), (r"£|\bGBP\b", "GBP")):
        if re.search(pattern, near, re.I):
            currency = code
            break
    word = m.group(1) or m.group(2) or m.group(3)
    return _SCALE_WORDS.get(word.lower()) or _SHORT_SCALES[word.lower()], currency


_ROW = re.compile(r"(?:^|[:|\t])\s*-?[$€£]?\d[\d,.]*%?\s*(?:$|[|\t])", re.M)


@lru_cache(maxsize=4096)
def is_table(text: str) -> bool:
    """Three or more rows of figures ("Net sales: $1,345 | $1,197", tab- or pipe-separated)."""
    return len(_ROW.findall(text)) >= 3


@lru_cache(maxsize=4096)
def table_cells(text: str) -> dict[int, tuple[int, int]]:
    """Start offset of each figure in a normalized table → (row, column): the columns of a row
    are its figures after the label, split on "|", tabs or the ": " that follows the label."""
    cells: dict[int, tuple[int, int]] = {}
    offset = 0
    for row, line in enumerate(text.split("\n")):
        body_start = max(line.find(": "), -1) + 1 if ": " in line else 0
        col = 0
        for part in re.finditer(r"[^|\t]+", line[body_start:]):
            num = re.search(r"\d", part.group(0))
            if num:
                begin = offset + body_start + part.start()
                for at in range(begin - 1, begin + num.start() + 1):  # where a Quantity match may start
                    cells[at] = (row, col)
                col += 1
        offset += len(line) + 1
    return cells
