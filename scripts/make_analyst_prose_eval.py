"""Analyst answers in prose over filing pages, written the way human annotators answer, from TAT-QA (CC BY 4.0).

    python scripts/make_analyst_prose_eval.py DEV.json TEST_GOLD.json --jsonl /tmp/ffin/prose.jsonl \
        [--exclude-hashes ../shared/reserved.txt]

TAT-QA (github.com/NExTplusplus/TAT-QA, ``dataset_raw/tatqa_dataset_{dev,test_gold}.json``, Zhu et al.
2021, CC BY 4.0) gives real annual-report tables and their paragraphs. FinQA's and ConvFinQA's data files
are not in their GitHub snapshots (over the size limit), so TAT-QA pages are used again. The earlier
builders write answers that show their working, name a metric, or open with a verdict; this one writes the
short prose a human analyst writes when answering a question about a filing page:

* ``level`` — a line item for a year asked "in USD millions": the figure as "$1577.00", "$1.6 billion",
  "approximately $1.6 billion", "$1,577 million", inside a sentence or alone;
* ``trend`` — how a line item changed: "In 2019, revenue was $5,564, down 5.3% from $5,875 in 2018",
  "Revenue decreased 5.3% year over year to $5.6 billion in FY2019", "… fell by $311 million (5.3%)";
* ``formula`` — a metric the question names, stated with the annotator's own formula in line-item words
  and no operands ("calculated as (cash and cash equivalents + trade receivables) / total current
  liabilities", "… (net cash from operating activities less capital expenditures)", "A represented
  52.1% of B"), over rows of the report's table;
* ``drivers`` — what drove a change, from the report's own paragraph ("… increased … primarily due to
  X"), restated: "Selling expenses rose mainly because of X."

Pages: the report's paragraphs and table among three other reports' (``filings_render.page_text``); on
half the reports whose table has a revenue line, the table is followed by the same rows "as a percentage
of revenue" (as an MD&A page prints them), so every label is on the page twice.

The wrong twin (``kind``) changes one thing: ``figure`` (the answer's figure ±18–30%), ``period`` (another
year's figures), ``item`` (another line item's figures under the asked label), ``direction`` (rose for
fell), ``cause`` (another report's driver). An ``item`` twin of a formula swaps one of its line items
for another row while the words still name the first. TAT-QA dev → ``dev`` (choose on it), test_gold → ``holdout`` (report only), split by report.
Deterministic. Rows sharing a 12-word passage with a reserved set are dropped (``--exclude-hashes``).
"""

# ruff: noqa: B023  (the closures below are called inside the iteration that defines them)
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from filings_render import page_text, parse_cell, year_columns  # noqa: E402
from make_filings_eval import _currency, _rng  # noqa: E402
from tatqa_lookalike import by_family, run  # noqa: E402

_LABEL = re.compile(r"^[A-Za-z][A-Za-z ,'&()/-]{3,60}$")
_DRIVER = re.compile(
    r"^(?:(?P<subject>[A-Z][^.;]{3,80}?) (?P<verb>increased|decreased|rose|fell|grew|declined)|"
    r"The (?P<noun>increase|decrease|decline|growth) in (?P<what>[^.;]{3,80}?)(?: in \d{4})?(?: of [^.;]{1,40}?)?"
    r" (?:was|is))\b[^.;]{0,80}? (?:primarily|mainly|largely|principally)? ?"
    r"(?:due to|driven by|as a result of|reflecting|attributable to|resulting from) (?P<cause>(?:[^.;]|\.(?=\d)){12,160})\.(?:\s|$)"
)
_UP = {"increased": True, "rose": True, "grew": True, "increase": True, "growth": True}
_NOT_MONEY = re.compile(
    r"(?i)\b(shares?|number|employees|headcount|restaurants|stores|rate|ratio|assumptions?|years?|"
    r"months|days|percent|price|per share|units|customers|term|yield|volatility)\b"
)


def money_rows(table: list[list[str]]) -> dict[str, dict[int, float]]:
    """Label → {year: value} for the table's money rows with two years or more (first label wins)."""
    years = year_columns(table)
    out: dict[str, dict[int, float]] = {}
    for row in table:
        label = re.sub(r"\s+", " ", row[0].strip().rstrip(":"))
        if not _LABEL.match(label) or _NOT_MONEY.search(label) or any("%" in c for c in row[1:]):
            continue
        if label.lower() in map(str.lower, out):
            continue
        series = {int(y): parse_cell(row[c]) for c, y in years if c < len(row)}
        series = {y: v for y, v in series.items() if v is not None}
        if (
            len(series) >= 2
            and any(abs(v) >= 10 for v in series.values())
            and not all(1990 <= v <= 2030 and v.is_integer() for v in series.values())
        ):
            out[label] = series
    return out


def with_shares(doc: dict) -> dict:
    """The report with its table's rows repeated as a percentage of revenue under their own header."""
    table = doc["table"]["table"]
    years = year_columns(table)
    rev = next((r for r in table if re.match(r"(?i)^(total )?(net )?(revenues?|sales)$", r[0].strip())), None)
    if not years or rev is None:
        return doc
    base = {c: parse_cell(rev[c]) for c, _ in years if c < len(rev)}
    extra = [["As a percentage of revenue"] + [""] * (len(table[0]) - 1)]
    for row in table:
        cells = [parse_cell(row[c]) if c < len(row) else None for c, _ in years]
        if not _LABEL.match(row[0].strip()) or any(v is None for v in cells) or any(not base.get(c) for c, _ in years):
            continue
        shares = [""] * len(row)
        shares[0] = row[0]
        for (c, _), v in zip(years, cells):
            shares[c] = f"{v / base[c] * 100:.1f}%"  # type: ignore[operator]
        extra.append(shares)
    copy = json.loads(json.dumps(doc))
    copy["table"]["table"] = table + extra
    return copy


def money(value: float, cur: str, scale: str, style: int) -> str:
    """A figure as an annotator writes it: as printed, two decimals without commas, or in billions."""
    word = {"thousand": " thousand", "million": " million", "billion": " billion"}.get(scale, "")
    neg = "-" if value < 0 else ""
    v = abs(value)
    r = style % 5
    if r == 1 and word == " million" and v >= 1000:
        return f"{neg}{cur}{v / 1000:.1f} billion"
    if r == 2 and word == " thousand" and v >= 1000:
        return f"{neg}{cur}{v / 1000:.1f} million"
    if r == 3:
        return f"{neg}{cur}{v:.2f}"
    return f"{neg}{cur}{v:,.{0 if v >= 100 or float(v).is_integer() else 1}f}{word}"


def _fy(year: int, style: int) -> str:
    return [f"FY{year}", f"fiscal {year}", str(year)][style % 3]


def level_text(label: str, value: float, year: int, style: int, cur: str, scale: str) -> str:
    m = money(value, cur, scale, style)
    fy = _fy(year, style // 5)
    return [
        m,
        f"{label} was {m} in {fy}.",
        f"The company reported {label.lower()} of approximately {m} for {fy}.",
        f"In {fy}, {label.lower()} amounted to {m}.",
    ][style // 15 % 4]


def trend_text(label: str, a: float, b: float, y0: int, y1: int, style: int, cur: str, scale: str, up=None) -> str:
    up = b > a if up is None else up
    pct = f"{abs(b - a) / abs(a) * 100:.1f}%"
    ma, mb, md = (money(x, cur, scale, style) for x in (a, b, abs(b - a)))
    low = label[0].lower() + label[1:]
    return [
        f"In {y1}, {low} was {mb}, {'up' if up else 'down'} {pct} from {ma} in {y0}.",
        f"{label} {'increased' if up else 'decreased'} {pct} year over year to {mb} in {_fy(y1, style)}.",
        f"{label} {'rose' if up else 'fell'} by {md} ({pct}), from {ma} in {y0} to {mb} in {y1}.",
        f"{label} {'grew' if up else 'declined'} from {ma} to {mb}, a change of {'+' if up else '-'}{pct}.",
    ][style // 5 % 4]


COMPANIES = ["Norvale Industries", "Castellan Systems", "Brightwater Foods", "Kestrel Semiconductor",
             "Halden Energy", "Orrin Logistics", "Tamsin Health", "Veridian Retail", "Calder Media",
             "Pellucid Software", "Ashgrove Chemicals", "Marlow Aerospace"]  # fmt: skip
SUFFIX = [  # instructions of our own wording (none taken from a reserved set; checked by --exclude-hashes)
    " Use the figures in the statements above.",
    " State the amount in the filing's units.",
    " Base the answer on the filing only.",
    " Round to one decimal place.",
    " Answer as an equity analyst would, from the table.",
]


def _styled(base: dict, answers: list[str], rng) -> tuple[dict, list[str]]:
    """The question as benchmark annotators pose it: the company named (on the page or not), an
    instruction appended, a two-digit fiscal year; the answer names the company as often as not."""
    q, ctx, tags = base["question"], list(base["contexts"]), []
    co = rng.choice(COMPANIES)
    if rng.random() < 0.6:
        tags.append("company")
        q = re.sub(r"\bthe company's\b", f"{co}'s", q) if "the company's" in q else f"{co}: {q}"
        if rng.random() < 0.5:
            ctx[0] = f"{co.upper()} AND SUBSIDIARIES\n{ctx[0]}"
            tags.append("named-page")
        if rng.random() < 0.5:
            answers = [a.replace("The company's", f"{co}'s").replace("the company's", f"{co}'s") for a in answers]
            answers = [a if co in a or not re.match(r"[A-Z][a-z]", a) else f"For {co}, {a[0].lower()}{a[1:]}"
                       for a in answers]  # fmt: skip
    if rng.random() < 0.5:
        tags.append("suffix")
        q = q + rng.choice(SUFFIX)
    if rng.random() < 0.25 and re.search(r"\bFY20\d\d\b", q):
        tags.append("fy2")
        q = re.sub(r"\bFY20(\d\d)\b", r"FY\1", q)
    return base | {"question": q, "contexts": ctx, "style": "+".join(tags) or "plain"}, answers


def _pair(rows: list[dict], base: dict, uid: str, right: str | None, wrongs: dict, rng) -> None:
    wrongs = {k: v for k, v in wrongs.items() if v and v != right}
    if not right or not wrongs:
        return
    kind = rng.choice(sorted(wrongs))
    base, (right, wrong) = _styled(base, [right, wrongs[kind]], rng)
    rows += [base | {"id": uid, "kind": "right", "answer": right, "label": True},
             base | {"id": uid + "-x", "kind": kind, "answer": wrong, "label": False}]  # fmt: skip


def level_trend(doc, series_by_label, cur, scale, page, split) -> list[dict]:
    rows: list[dict] = []
    labels = sorted(series_by_label)
    uid = doc["table"]["uid"]
    for label in labels[:4]:
        s = series_by_label[label]
        ys = sorted(s, reverse=True)
        rng = _rng(uid, "prose", label)
        style = rng.randrange(1200)
        other = next((o for o in labels if o != label and all(series_by_label[o].get(y) for y in ys[:2])), None)
        y1, y0 = ys[0], ys[1]
        base = {"split": split, "set": "prose", "contexts": page(rng)}
        if rng.random() < 0.5 and s[y1]:
            unit = f" (in {cur or 'USD'} {scale}s)" if scale else ""
            q = [f"What is the {_fy(y1, style)} {label.lower()}{unit}? Answer from the table.",
                 f"What was the company's {label.lower()} in {y1}?"][style % 2]  # fmt: skip
            say = lambda v, y: level_text(label, v, y, style, cur, scale)  # noqa: E731
            wrongs = {"figure": say(s[y1] * (1.25 if style % 2 else 0.8), y1), "period": say(s[y0], y1)
                      if abs(s[y0] - s[y1]) > 0.05 * abs(s[y1]) else None}  # fmt: skip
            if other and abs(series_by_label[other][y1] - s[y1]) > 0.05 * abs(s[y1]):
                wrongs["item"] = say(series_by_label[other][y1], y1)
            _pair(
                rows, base | {"question": q, "family": "level"}, f"{uid}-lvl-{label[:24]}", say(s[y1], y1), wrongs, rng
            )
        elif s[y0] > 0 and s[y1] > 0 and abs(s[y1] - s[y0]) >= 0.01 * s[y0]:
            q = [f"How did {label.lower()} change from {y0} to {y1}?",
                 f"What is the year-over-year change in {label.lower()} from FY{y0} to FY{y1}, in percent?",
                 f"Describe the trend in {label.lower()} between {y0} and {y1}."][style % 3]  # fmt: skip
            say = lambda a, b, up=None: trend_text(label, a, b, y0, y1, style, cur, scale, up)  # noqa: E731
            wrongs = {"figure": say(s[y0], s[y0] + (s[y1] - s[y0]) * (1.3 if style % 2 else 0.7)),
                      "direction": say(s[y0], s[y1], not s[y1] > s[y0])}  # fmt: skip
            if other and series_by_label[other][y0] > 0 and series_by_label[other][y1] > 0:
                wrongs["item"] = say(series_by_label[other][y0], series_by_label[other][y1])
            _pair(
                rows,
                base | {"question": q, "family": "trend"},
                f"{uid}-trd-{label[:24]}",
                say(s[y0], s[y1]),
                wrongs,
                rng,
            )
    return rows


NAMES = ["coverage ratio", "cash conversion ratio", "liquidity ratio", "concentration ratio", "funding ratio",
         "adjusted ratio"]  # fmt: skip


def _pick_rows(series_by_label: dict, rng, k: int, year: int) -> list[str] | None:
    """``k`` distinct money rows with a non-zero value in ``year`` (values not all alike)."""
    have = sorted(lab for lab, s in series_by_label.items() if s.get(year))
    if len(have) < k:
        return None
    got = rng.sample(have, k)
    vals = [series_by_label[g][year] for g in got]
    return got if len({round(v, 6) for v in vals}) == k else None


def formula_rows(doc, series_by_label, cur, scale, page, split) -> list[dict]:
    """A metric the question names and the answer states with its formula in line-item words only
    ("calculated as (cash + receivables) / current liabilities"), the way an annotator answers."""
    rows: list[dict] = []
    uid = doc["table"]["uid"]
    years = sorted({y for s in series_by_label.values() for y in s}, reverse=True)
    if len(series_by_label) < 4 or not years:
        return rows
    rng = _rng(uid, "prose-formula")
    style = rng.randrange(1200)
    y = years[0]
    got = _pick_rows(series_by_label, rng, 4, y)
    if got is None:
        return rows
    a, b, c, spare = got
    low = [g[0].lower() + g[1:] if not g[:2].isupper() else g for g in got]
    shape = style % 3

    def value(yy, names):
        v = {n: series_by_label[n].get(yy) for n in names}
        if any(x is None for x in v.values()):
            return None
        if shape == 0:
            return (v[names[0]] + v[names[1]]) / v[names[2]] if v[names[2]] else None
        if shape == 1:
            return v[names[0]] / v[names[2]] * 100 if v[names[2]] else None
        return v[names[0]] - v[names[1]]

    def say(x):
        if x is None:
            return None
        fy = _fy(y, style // 3)
        if shape == 0:
            return [f"The {fy} {name} was {x:.2f}, calculated as ({low[0]} + {low[1]}) / {low[2]}.",
                    f"{name[0].upper() + name[1:]} for {fy}: {x:.2f}, i.e. ({low[0]} plus {low[1]}) divided by {low[2]}."][style // 9 % 2]  # fmt: skip
        if shape == 1:
            return [f"{low[0][0].upper() + low[0][1:]} represented {x:.1f}% of {low[2]} in {fy}.",
                    f"The {fy} {name} was {x:.1f}%, computed as {low[0]} divided by {low[2]}."][style // 9 % 2]  # fmt: skip
        m = money(x, cur, scale, style if style % 5 != 3 else 0)
        return [f"The {fy} {name} was {m}, calculated as {low[0]} minus {low[1]}.",
                f"{name[0].upper() + name[1:]} came to {m} in {fy} ({low[0]} less {low[1]})."][style // 9 % 2]  # fmt: skip

    name = NAMES[style % len(NAMES)] if shape != 2 else ["net position", "net balance", "adjusted total"][style % 3]
    right = value(y, [a, b, c])
    if right is None:
        return rows
    q = [f"What is the company's {_fy(y, style)} {name}?", f"Calculate the {name} for {_fy(y, style)}."][style % 2]
    swapped = value(y, [spare, b, c]) if shape != 2 else value(y, [a, spare, c])
    wrongs = {"figure": say(right * (1.25 if style % 2 else 0.78)),
              "item": say(swapped) if swapped is not None and abs(swapped - right) > 0.05 * abs(right) else None}  # fmt: skip
    if len(years) > 1:
        other = value(years[1], [a, b, c])
        if other is not None and abs(other - right) > 0.05 * abs(right):
            wrongs["period"] = say(other)
    base = {"split": split, "set": "prose", "contexts": page(rng), "question": q, "family": "formula"}
    _pair(rows, base, f"{uid}-fml", say(right), wrongs, rng)
    return rows


def drivers(doc: dict) -> list[tuple[str, bool, str]]:
    """(subject, rose, cause) from the report's paragraphs."""
    out = []
    for p in doc["paragraphs"]:
        for s in re.split(r"(?<=\.)\s+(?=[A-Z])", p["text"] + " "):
            if mt := _DRIVER.match(s.strip()):
                subject = mt["subject"] or mt["what"][0].upper() + mt["what"][1:]
                out.append((subject, _UP.get(mt["verb"] or mt["noun"], False), mt["cause"].strip().rstrip(",")))
    return out


def driver_rows(doc, others, page, split) -> list[dict]:
    rows: list[dict] = []
    uid = doc["table"]["uid"]
    foreign = [c for o in others for _, _, c in drivers(o)]
    for k, (subject, up, cause) in enumerate(drivers(doc)[:2]):
        rng = _rng(uid, "prose-drv", str(k))
        style = rng.randrange(1200)
        low = subject[0].lower() + subject[1:] if not subject[:2].isupper() else subject
        q = [f"What drove the change in {low}?", f"Why did {low} {'increase' if up else 'decrease'}?",
             f"What were the main reasons for the movement in {low}?"][style % 3]  # fmt: skip

        def say(rose, why):
            return [f"{subject} {'rose' if rose else 'fell'} mainly because of {why}.",
                    f"The {'increase' if rose else 'decrease'} was primarily due to {why}.",
                    f"{subject} {'increased' if rose else 'decreased'}, driven by {why}."][style % 3]  # fmt: skip

        wrongs = {"direction": say(not up, cause), "cause": say(up, rng.choice(foreign)) if foreign else None}
        base = {"split": split, "set": "prose", "contexts": page(rng), "question": q, "family": "drivers"}
        _pair(rows, base, f"{uid}-drv-{k}", say(up, cause), wrongs, rng)
    return rows


def rows_for(doc: dict, others: list[dict], split: str) -> list[dict]:
    scale = next((q.get("scale") for q in doc["questions"] if q.get("scale") not in (None, "", "percent")), "")
    cur = _currency(doc)
    shown = with_shares(doc) if _rng(doc["table"]["uid"], "shares").random() < 0.5 else doc

    def page(rng):
        return page_text(shown, others, rng)

    series = money_rows(doc["table"]["table"])
    return (level_trend(doc, series, cur, scale, page, split)
            + formula_rows(doc, series, cur, scale, page, split) + driver_rows(doc, others, page, split))  # fmt: skip


def main() -> None:
    run(__doc__.splitlines()[0], rows_for, "others-prose", key=by_family)


if __name__ == "__main__":
    main()
