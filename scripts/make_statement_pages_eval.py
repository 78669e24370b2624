"""Correct analyst answers over FULL statement pages as PDF text extraction leaves them, from TAT-QA (CC BY 4.0).

    python scripts/make_statement_pages_eval.py DEV.json TEST_GOLD.json --jsonl /tmp/ffin/pages.jsonl \
        [--exclude-hashes ../shared/reserved.txt]

TAT-QA (github.com/NExTplusplus/TAT-QA @ 870accc, ``dataset_raw/tatqa_dataset_{dev,test_gold}.json``, Zhu et al.
2021, CC BY 4.0) gives real annual-report tables. The earlier look-alikes put a table, cleanly rendered, among
other reports' paragraphs; a filing page as an extractor (pypdf, pdfminer) leaves it is different, and that is
where correct answers were lost. Each page here is a statement page of one company:

* furniture — "Table of Contents", the company's name ("NORVALE INDUSTRIES, INC. AND SUBSIDIARIES"), the
  statement's title, the scale note ("(In millions, except per share data)"), the period line ("Years Ended
  September 30,") and the year header, often all on ONE line as pypdf joins them; a footer ("See accompanying
  notes …") and a page number;
* rows as pypdf gives them — "Fixed Price $ 1,452.4 $ 1,146.2 $ 1,036.9", "(16,135)" negatives, a long label
  with its figures on the next line; or pdfminer's column order (every label, then each column's figures);
  or the whole statement flattened onto one line;
* a second statement of another report on the same page (so "Total", "Other" occur twice), and short labels
  named by their section in the question ("total current assets" for "Total" under "Current assets:").

Questions name the company and the statement in our own words; correct answers are written as analysts write
them: "$1577.00", "$1.6 billion", "Norvale's FY2019 total sales were $1,496.5 million.", a change "from $A
in FY2018 to $B in FY2019, an increase of $D (p%)", a share of one line item in another ("Fixed price was
97.1% of total sales"), and on two pages (``multi``) a ratio of line items of two statements. Wrong twins:
``figure`` (±20–25%), ``period`` (another year's figures), ``item`` (another row's figures under the same
words). TAT-QA dev → ``dev`` (choose on it), test_gold → ``holdout`` (report only), split by report.
Deterministic. Rows sharing a 12-word passage with a reserved set are dropped (``--exclude-hashes``).
"""

# ruff: noqa: B023  (the closures below are called inside the iteration that defines them)
from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from filings_render import parse_cell, year_columns  # noqa: E402
from make_analyst_prose_eval import _LABEL, _NOT_MONEY, COMPANIES, money  # noqa: E402
from make_filings_eval import _currency, _rng  # noqa: E402
from tatqa_lookalike import by_family, run  # noqa: E402

SHORT = {"total", "other", "net", "total other", "subtotal", "other, net"}
TITLES = [  # (keyword pattern over the row labels, statement title, how a question names it)
    (r"(?i)\bcash\b.*\b(activities|equivalents)\b", "CONSOLIDATED STATEMENTS OF CASH FLOWS", "cash flow statement"),
    (r"(?i)\b(total assets|liabilities|equity|receivable|inventor)", "CONSOLIDATED BALANCE SHEETS", "balance sheet"),
    (
        r"(?i)\b(revenues?|sales|income|expenses?|cost of)\b",
        "CONSOLIDATED STATEMENTS OF OPERATIONS",
        "income statement",
    ),
    (r".", "SUPPLEMENTARY FINANCIAL INFORMATION", "supplementary schedule"),
]
SCALES = {"thousand": "(In thousands, except per share amounts)", "million": "(In millions, except per share data)",
          "billion": "(In billions)", "": "(Dollars in millions)"}  # fmt: skip


def line_items(table: list[list[str]]) -> list[tuple[str, str, dict[int, float]]]:
    """(name a question uses, printed label, {year: value}) for the money rows with two years or more; a short
    label ("Total", "Other") is named by the section above it ("total current assets")."""
    years = year_columns(table)
    if len({y for _, y in years}) < len(years):  # quarters or segments under repeated years
        return []
    out, seen, section = [], set(), ""
    for row in table:
        label = re.sub(r"\s+", " ", row[0].strip())
        vals = {int(y): parse_cell(row[c]) for c, y in years if c < len(row)}
        vals = {y: v for y, v in vals.items() if v is not None}
        if label and not any(c.strip() for c in row[1:]):
            section = label.rstrip(":")
            continue
        label = label.rstrip(":")
        if not _LABEL.match(label) or _NOT_MONEY.search(label) or any("%" in c for c in row[1:]) or len(vals) < 2:
            continue
        if all(1990 <= v <= 2030 and v.is_integer() for v in vals.values()) or not any(
            abs(v) >= 10 for v in vals.values()
        ):
            continue
        name = label
        if label.lower() in SHORT:
            if not section or section.lower().startswith(label.lower()):
                continue
            name = f"{label.lower()} {section[0].lower() + section[1:]}"
        if label.lower().startswith("total"):
            section = ""
        if name.lower() not in seen:
            seen.add(name.lower())
            out.append((name, label, vals))
    return out


def title_of(table: list[list[str]]) -> tuple[str, str]:
    labels = " | ".join(r[0] for r in table)
    return next((t, n) for p, t, n in TITLES if re.search(p, labels))


def _cells(row: list[str]) -> list[str]:
    return [re.sub(r"\$\s*", "$ ", c.strip()) for c in row[1:] if c.strip()]


def statement(doc: dict, company: str, scale: str, rng) -> str:
    """One statement as pypdf / pdfminer extraction leaves it, with its header furniture."""
    table = doc["table"]["table"]
    title, _ = title_of(table)
    head = [r for r in table[:4] if not r[0].strip() and not any(parse_cell(c) is not None and not
            re.fullmatch(r"(19|20)\d\d", c.strip()) for c in r[1:])]  # fmt: skip
    body = [r for r in table if r not in head]
    head_text = [" ".join(c.strip() for c in r[1:] if c.strip()) for r in head]
    co = rng.choice([f"{company.upper()}, INC. AND SUBSIDIARIES", f"{company}, Inc. and Subsidiaries", company.upper()])
    top = [co, title, SCALES.get(scale, SCALES[""])] + head_text
    if rng.random() < 0.5:  # pypdf joins the header furniture onto one line
        top = [" ".join(top)]
    style = rng.random()
    if style < 0.55:  # row per line, "$ 1,234" cells
        rows = []
        for r in body:
            label, cells = r[0].strip(), " ".join(_cells(r))
            if len(label) > 34 and cells and rng.random() < 0.5:
                rows += [label, cells]
            else:
                rows.append((label + " " + cells).strip())
    elif style < 0.8:  # pdfminer: the label column, then each figure column
        rows = [r[0].strip() for r in body if r[0].strip()]
        for c in range(1, max(len(r) for r in body)):
            for r in body:
                if c < len(r) and r[c].strip():
                    rows += [x for x in re.split(r"(\$)\s*", r[c].strip()) if x]
    else:  # everything on one line
        rows = [" ".join((r[0].strip() + " " + " ".join(_cells(r))).strip() for r in body)]
    return "\n".join(top + rows)


def page(doc: dict, second: dict | None, company: str, scale: str, rng) -> str:
    parts = [statement(doc, company, scale, rng)]
    if second is not None:
        parts.insert(rng.randint(0, 1), statement(second, company, scale, rng))
    top = rng.choice(["Table of Contents", f"{company} | Annual Report", ""])
    foot = rng.choice(
        [
            "See accompanying notes to consolidated financial statements.",
            "The notes on pages 60 to 98 are an integral part of these consolidated financial statements.",
            "",
        ]
    )
    num = rng.choice(
        [f"F-{rng.randint(3, 9)}", str(rng.randint(40, 98)), f"{company} 2019 Form 10-K {rng.randint(40, 98)}"]
    )
    return "\n".join(x for x in [top, *parts, foot, num] if x)  # fmt: skip


def _fy(year: int, style: int) -> str:
    return [f"FY{year}", f"fiscal {year}", str(year), f"FY{year}"][style % 4]


def _low(s: str) -> str:
    return s if s[:2].isupper() else s[0].lower() + s[1:]


def level_answer(co: str, name: str, v: float, y: int, cur: str, scale: str, style: int) -> str:
    m = money(v, cur, scale, style)
    bare = f"{'-' if v < 0 else ''}{cur}{abs(v):.2f}"
    return [bare, m, f"{co}'s {_fy(y, style)} {_low(name)} was {m}.", f"{_low(name)[0].upper() + _low(name)[1:]} "
            f"amounted to {m} in {_fy(y, style)}, as reported in the statement.", f"Approximately {m}."][style // 7 % 5]  # fmt: skip


def change_answer(name: str, a: float, b: float, y0: int, y1: int, cur: str, scale: str, style: int) -> str:
    up = b > a
    ma, mb, md = (money(x, cur, scale, style) for x in (a, b, abs(b - a)))
    pct = f"{abs(b - a) / abs(a) * 100:.1f}%"
    n = _low(name)
    return [f"{n[0].upper() + n[1:]} {'increased' if up else 'decreased'} from {ma} in {_fy(y0, style)} to {mb} in "
            f"{_fy(y1, style)}, {'an increase' if up else 'a decrease'} of {md} ({pct}).",
            f"{'+' if up else '-'}{md} ({'+' if up else '-'}{pct}); {n} went from {ma} to {mb}.",
            f"The change was {'' if up else '-'}{md}: {n} {'rose' if up else 'fell'} to {mb} from {ma}."][style // 5 % 3]  # fmt: skip


def share_answer(a: str, b: str, x: float, y: int, style: int) -> str:
    return [f"{x:.1f}%", f"{_low(a)[0].upper() + _low(a)[1:]} was {x:.1f}% of {_low(b)} in {_fy(y, style)}.",
            f"In {_fy(y, style)}, {_low(a)} represented about {x:.1f}% of {_low(b)}."][style // 3 % 3]  # fmt: skip


def _pair(rows, base, uid, right, wrongs, rng) -> None:
    wrongs = {k: v for k, v in wrongs.items() if v and v != right}
    if right and wrongs:
        kind = rng.choice(sorted(wrongs))
        rows += [base | {"id": uid, "kind": "right", "answer": right, "label": True},
                 base | {"id": uid + "-x", "kind": kind, "answer": wrongs[kind], "label": False}]  # fmt: skip


def _far(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) > 0.05 * max(abs(a), abs(b), 1e-9)


def rows_for(doc: dict, others: list[dict], split: str) -> list[dict]:
    uid = doc["table"]["uid"]
    items = line_items(doc["table"]["table"])
    if len(items) < 2:
        return []
    scale = next((q.get("scale") for q in doc["questions"] if q.get("scale") not in (None, "", "percent")), "")
    cur = _currency(doc) or "$"
    rng = _rng(uid, "pages")
    company = rng.choice(COMPANIES)
    second = next((o for o in others if len(line_items(o["table"]["table"])) >= 2), None)
    _, stmt = title_of(doc["table"]["table"])
    unit = f" (in USD {scale}s)" if scale else ""
    rows: list[dict] = []
    for k, (name, _label, s) in enumerate(items[:5]):
        r = _rng(uid, "pages", name)
        style = r.randrange(2100)
        ctx = [page(doc, second if r.random() < 0.6 else None, company, scale, r)]
        ys = sorted(s, reverse=True)
        y1, y0 = ys[0], ys[1]
        other = next((v for n, _, v in items if n != name and _far(v.get(y1), s[y1])), None)
        base = {"split": split, "set": "pages", "contexts": ctx}
        fam = ["level", "level", "change", "share"][style % 4] if k else "level"
        if fam == "change" and (not s[y0] or not _far(s[y0], s[y1]) or abs(s[y1] - s[y0]) < 1):
            fam = "level"
        if fam == "share":
            big = next(((n, v) for n, _, v in items if n != name and v.get(y1) and abs(v[y1]) > abs(s[y1])), None)
            if big is None or not s[y1] or abs(s[y1] / big[1][y1]) < 0.005:
                fam = "level"
        if fam == "level":
            q = [f"What is {company}'s {_fy(y1, style)} {_low(name)}{unit}? Use only the {stmt} shown.",
                 f"According to the {stmt}, what was {_low(name)} for {company} in {_fy(y1, style)}?",
                 f"Report {company}'s {_low(name)} for {_fy(y1, style)}{unit}, from its {stmt}."][style % 3]  # fmt: skip
            say = lambda v: level_answer(company, name, v, y1, cur, scale, style)  # noqa: E731
            wrongs = {"figure": say(s[y1] * (1.25 if style % 2 else 0.8)),
                      "period": say(s[y0]) if _far(s[y0], s[y1]) else None,
                      "item": say(other[y1]) if other else None}  # fmt: skip
            _pair(rows, base | {"question": q, "family": "level"}, f"{uid}-pg-{k}", say(s[y1]), wrongs, r)
        elif fam == "change":
            q = [f"By how much did {company}'s {_low(name)} change from {_fy(y0, style)} to {_fy(y1, style)}?",
                 f"How did {_low(name)} move between {y0} and {y1}? Answer from the {stmt}."][style % 2]  # fmt: skip
            say = lambda a, b: change_answer(name, a, b, y0, y1, cur, scale, style)  # noqa: E731
            y2 = ys[2] if len(ys) > 2 else None
            wrongs = {"figure": say(s[y0], s[y0] + (s[y1] - s[y0]) * (1.3 if style % 2 else 0.7)),
                      "period": say(s[y2], s[y0]) if y2 and s[y2] and _far(s[y2], s[y1]) else None,
                      "item": say(other[y0], other[y1]) if other and other.get(y0) else None}  # fmt: skip
            _pair(rows, base | {"question": q, "family": "change"}, f"{uid}-pg-{k}", say(s[y0], s[y1]), wrongs, r)
        else:
            bname, bv = big  # type: ignore[misc]
            q = [f"What share of {company}'s {_fy(y1, style)} {_low(bname)} was {_low(name)}? Use the {stmt}.",
                 f"Express {_low(name)} as a percentage of {_low(bname)} for {_fy(y1, style)}."][style % 2]  # fmt: skip
            say = lambda x: share_answer(name, bname, x, y1, style)  # noqa: E731
            wrongs = {"figure": say(s[y1] / bv[y1] * 100 * (1.25 if style % 2 else 0.8)),
                      "period": say(s[y0] / bv[y0] * 100) if bv.get(y0) and _far(s[y0] / bv[y0], s[y1] / bv[y1]) else None,
                      "item": say(other[y1] / bv[y1] * 100) if other and other.get(y1) else None}  # fmt: skip
            _pair(
                rows, base | {"question": q, "family": "share"}, f"{uid}-pg-{k}", say(s[y1] / bv[y1] * 100), wrongs, r
            )
    return rows + multi_rows(doc, items, second, company, scale, split)


def multi_rows(doc, items, second, company, scale, split) -> list[dict]:
    """A ratio of line items from two statements on two pages (an income statement with a balance sheet)."""
    if second is None:
        return []
    uid = doc["table"]["uid"]
    rng = _rng(uid, "pages-multi")
    style = rng.randrange(2100)
    theirs = line_items(second["table"]["table"])
    pairs = [(a, b) for a in items for b in theirs if set(a[2]) & set(b[2]) and a[0].lower() != b[0].lower()]
    pairs = [(a, b) for a, b in pairs if all(b[2].get(y) for y in set(a[2]) & set(b[2]))]
    if not pairs:
        return []
    (an, _, av), (bn, _, bv) = rng.choice(pairs)
    ys = sorted(set(av) & set(bv), reverse=True)
    y = ys[0]
    x = av[y] / bv[y]
    if not 0.05 <= abs(x) <= 50:  # a ratio printed as "0.00" or "1250.00" tells a right answer from no wrong one
        return []
    _, s1 = title_of(doc["table"]["table"])
    _, s2 = title_of(second["table"]["table"])
    ctx = [page(doc, None, company, scale, rng), page(second, None, company, scale, rng)]
    q = [f"What is {company}'s {_fy(y, style)} ratio of {_low(an)} to {_low(bn)}? Use the {s1} and the {s2}.",
         f"Using both statements, compute {_low(an)} divided by {_low(bn)} for {_fy(y, style)}."][style % 2]  # fmt: skip

    def say(v: float) -> str:
        return [f"{v:.2f}", f"The ratio is {v:.2f} ({_low(an)} divided by {_low(bn)}).",
                f"{_low(an)[0].upper() + _low(an)[1:]} to {_low(bn)} was {v:.2f}x in {_fy(y, style)}."][style // 2 % 3]  # fmt: skip

    wrongs = {"figure": say(x * (1.25 if style % 2 else 0.8)),
              "period": say(av[ys[1]] / bv[ys[1]]) if len(ys) > 1 and _far(av[ys[1]] / bv[ys[1]], x) else None}  # fmt: skip
    rows: list[dict] = []
    base = {"split": split, "set": "pages", "contexts": ctx, "question": q, "family": "multi"}
    _pair(rows, base, f"{uid}-pgm", say(x), wrongs, rng)
    return rows


def main() -> None:
    run(__doc__.splitlines()[0], rows_for, "others-pages", key=by_family)


if __name__ == "__main__":
    main()
