"""Analyst answers to metric questions over filing pages, no working shown, from TAT-QA (CC BY 4.0).

    python scripts/make_analyst_metrics_eval.py DEV.json TEST_GOLD.json --jsonl /tmp/fderive/metrics.jsonl [--sample 250] \
        [--exclude-hashes ../shared/reserved.txt]

TAT-QA (github.com/NExTplusplus/TAT-QA, ``dataset_raw/tatqa_dataset_{dev,test_gold}.json``, Zhu et al.
2021, CC BY 4.0) gives real annual-report tables. ``make_filings_answers_eval.py`` writes answers that
show their working; the answers an analyst gives to a financial question usually do not. This script
writes two kinds of question over the same ragged pages (filings_render.py: the report's table and
paragraphs among three other reports'):

* **named metrics** (``metric``): where the report's table has the line items (found by the label
  patterns below on the raw grid), a question names a metric the way analysts do — "What is the
  company's FY2019 quick ratio?", "What was the operating margin in 2018? Round to two decimals.",
  "What is the 2017–2019 revenue CAGR?", "What is the 2019 asset turnover, using average total
  assets?" — and the answer is computed from the grid (ratios over the average of two year-end
  balances, sums of line items over another, margins, CAGR, free cash flow, EBITDA, working capital);
* **TAT-QA's own arithmetic questions** (``tatqa``), the answer TAT-QA gives.

The correct answer is the figure as an analyst writes it — rounded to one or two decimals or "about",
a percentage or a multiple ("1.35x"), its subject and year repeated or not — usually followed by an
interpretive sentence ("This indicates healthy short-term liquidity."). The interpretive sentences of
the ``dev`` split and of the ``holdout`` split come from two disjoint banks, so the holdout measures
wording the scorer was never tuned on. The wrong twin (``kind``): ``figure`` — the figure changed by
12–30%; ``period`` — the same metric for another year of the table; ``item`` — another line item's
metric (a sibling margin, another row's CAGR), when the table gives one.

TAT-QA dev → split ``dev`` (choose on it), test_gold → ``holdout`` (report only). Deterministic.
Rows sharing a 12-word passage with a reserved set are dropped (``--exclude-hashes``).
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from filings_render import page_text, parse_cell, year_columns  # noqa: E402
from make_filings_eval import _currency, _operation, _rng  # noqa: E402
from tatqa_lookalike import not_reserved, parser, reports_with_others, reserved_hashes, write_rows  # noqa: E402

# line items, by the builder's own label patterns on the raw grid (first match in the table wins)
ITEMS = {
    "revenue": r"^(?:total )?(?:net )?(?:revenues?|sales)(?:,? net)?$",
    "cogs": r"^(?:total )?cost of (?:revenues?|sales|goods sold)$",
    "gross": r"^gross profit$",
    "operating": r"^(?:operating (?:income|profit)|income from operations)(?: \(loss\))?$",
    "net": r"^net (?:income|earnings|profit)(?: \(loss\))?$",
    "pretax": r"^(?:income|earnings|profit) before (?:provision for )?income tax(?:es)?$",
    "tax": r"^(?:provision for|\(?benefit from\)?|total)? ?income tax(?:es| expense)?(?: \(benefit\))?$",
    "da": r"^depreciation and amortization(?: expense)?$",
    "ca": r"^total current assets$",
    "cl": r"^total current liabilities$",
    "inventory": r"^inventor(?:y|ies)(?:, net)?$",
    "assets": r"^total assets$",
    "cfo": r"^net cash (?:provided by|from|generated from) operating activities$",
    "capex": r"^(?:purchases? of|additions to|capital expenditures?(?: for)?) property(?:,)? (?:plant )?and equipment$",
}
# metric: (names, formula over items for year y; "avg:" items are averaged over y and y-1, kind)
METRICS = [
    ("current ratio", ("ca", "cl"), lambda v, y: v["ca"][y] / v["cl"][y], "x"),
    ("quick ratio", ("ca", "cl", "inventory"), lambda v, y: (v["ca"][y] - v["inventory"][y]) / v["cl"][y], "x"),
    ("working capital", ("ca", "cl"), lambda v, y: v["ca"][y] - v["cl"][y], "$"),
    ("gross margin", ("gross", "revenue"), lambda v, y: v["gross"][y] / v["revenue"][y] * 100, "%"),
    ("gross margin", ("cogs", "revenue"), lambda v, y: (v["revenue"][y] - v["cogs"][y]) / v["revenue"][y] * 100, "%"),
    ("operating margin", ("operating", "revenue"), lambda v, y: v["operating"][y] / v["revenue"][y] * 100, "%"),
    ("net profit margin", ("net", "revenue"), lambda v, y: v["net"][y] / v["revenue"][y] * 100, "%"),
    ("effective tax rate", ("tax", "pretax"), lambda v, y: v["tax"][y] / v["pretax"][y] * 100, "%"),
    ("EBITDA", ("operating", "da"), lambda v, y: v["operating"][y] + v["da"][y], "$"),
    ("free cash flow", ("cfo", "capex"), lambda v, y: v["cfo"][y] - abs(v["capex"][y]), "$"),
    ("asset turnover, using average total assets", ("revenue", "assets"),
     lambda v, y: v["revenue"][y] / ((v["assets"][y] + v["assets"][y - 1]) / 2), "x"),
    ("return on average total assets", ("net", "assets"),
     lambda v, y: v["net"][y] / ((v["assets"][y] + v["assets"][y - 1]) / 2) * 100, "%"),
    ("inventory turnover, using average inventory", ("cogs", "inventory"),
     lambda v, y: v["cogs"][y] / ((v["inventory"][y] + v["inventory"][y - 1]) / 2), "x"),
    ("days inventory outstanding, using average inventory and a 365-day year", ("cogs", "inventory"),
     lambda v, y: 365 * (v["inventory"][y] + v["inventory"][y - 1]) / 2 / v["cogs"][y], "days"),
]  # fmt: skip
SIBLING = {
    "gross margin": "operating margin",
    "operating margin": "net profit margin",
    "net profit margin": "gross margin",
}
ASK = [
    "What is the company's {fy} {metric}?",
    "What was the {metric} in {fy}? Round to two decimal places.",
    "Based on the financial statements, what is the {fy} {metric}?",
    "Respond as a financial analyst: what was the company's {metric} for {fy}?",
    "Using the figures in the filing, calculate the {fy} {metric}.",
]
CAGR_ASK = "What is the {y0}–{y1} compound annual growth rate (CAGR) of {item}?"
# interpretive sentences: the dev split's bank and the holdout split's bank share no sentence
JUDGE = {
    "dev": [
        "This indicates healthy short-term liquidity.",
        "This suggests the business remains capital-intensive.",
        "That points to solid operating efficiency.",
        "This reflects a reasonably conservative balance sheet.",
        "Overall, this is a healthy level for a company of this size.",
        "This implies the company can comfortably fund its operations.",
        "That is a meaningful figure for investors to watch.",
        "This signals disciplined cost management.",
    ],
    "holdout": [
        "Such a level is generally considered comfortable.",
        "In my view the company is in a sound position here.",
        "This would be viewed favourably by most credit analysts.",
        "It shows the firm manages its resources prudently.",
        "Investors would likely see this as a sign of resilience.",
        "The result is broadly in line with what one would expect for the sector.",
        "That is a sign of a well-run business.",
        "This demonstrates reasonable financial strength.",
    ],
}


def item_rows(table: list[list[str]]) -> dict[str, dict[int, float]]:
    """Line item → {year: value} from the grid, by ``ITEMS``; first match wins."""
    years = year_columns(table)
    if not years:
        return {}
    out: dict[str, dict[int, float]] = {}
    for row in table:
        label = re.sub(r"\s+", " ", row[0].strip().rstrip(":")).lower()
        for name, pattern in ITEMS.items():
            if name in out or not re.match(pattern, label):
                continue
            if any("%" in cell for cell in row[1:]):
                continue  # a row of percentages ("Gross margin %") is not the line item
            values = {int(y): parse_cell(row[c]) for c, y in years if c < len(row)}
            values = {y: v for y, v in values.items() if v is not None}
            if len(values) >= 2:
                out[name] = values
    return out


def written(value: float, kind: str, style: int, cur: str, scale: str) -> str:
    """The figure as an analyst writes it."""
    r = style % 4
    if kind == "%":
        return f"about {value:.1f}%" if r == 1 else f"{value:.{1 if r == 2 else 2}f}%"
    if kind == "x":
        return f"about {value:.1f}x" if r == 1 else f"{value:.2f}x" if r == 2 else f"{value:.2f}"
    if kind == "days":
        return f"about {value:.0f} days" if r == 1 else f"{value:.1f} days"
    word = {"thousand": " thousand", "million": " million", "billion": " billion"}.get(scale, "")
    neg = "-" if value < 0 else ""
    if r == 1 and word == " million" and abs(value) >= 1000:
        return f"roughly {neg}{cur}{abs(value) / 1000:.1f} billion"
    decimals = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2  # as many digits as a figure needs
    return f"{neg}{cur}{abs(value):,.{decimals + (1 if r == 2 and decimals < 2 else 0)}f}{word}"


def analyst(subject: str, fy: str, figure: str, style: int, split: str) -> str:
    """Correct (or twin) answer text; the twin differs only by its figure."""
    head = [
        f"{figure[0].upper() + figure[1:]}.",
        f"The {subject} for {fy} was {figure}.",
        f"In {fy}, the company's {subject} was {figure}.",
        f"The company's {fy} {subject} came in at {figure}.",
    ][style % 4]
    bank = JUDGE[split]
    if style % 5 == 0:
        return head
    judge = bank[style % len(bank)]
    return f"{head} {judge}" if style % 5 != 4 else f"{head} {judge} {bank[(style + 3) % len(bank)]}"


def _fy(year: int, style: int) -> str:
    return [f"FY{year}", f"fiscal {year}", str(year)][style % 3]


def metric_rows(doc: dict, others: list[dict], split: str, cur: str) -> list[dict]:
    table = doc["table"]["table"]
    values = item_rows(table)
    scale = doc["questions"][0].get("scale", "") if doc["questions"] else ""
    out: list[dict] = []
    done: set[str] = set()
    for name, needs, formula, kind in METRICS:
        if name in done or not all(n in values for n in needs):
            continue
        years = sorted(set.intersection(*(set(values[n]) for n in needs)), reverse=True)
        usable = [y for y in years if _value(formula, values, y) is not None]
        if not usable:
            continue
        done.add(name)
        for year in usable[:2]:  # the latest two years the table gives the metric for, each its own question
            rng = _rng(doc["table"]["uid"], name, str(year), "metric")
            style = rng.randrange(600)
            right = _value(formula, values, year)
            assert right is not None
            fy = _fy(year, style)
            question = ASK[style % len(ASK)].format(fy=fy, metric=name)
            subject = name.split(",")[0]
            wrongs = {"figure": right * rng.choice([1.15, 1.25, 0.8, 0.7])}
            other_year = [y for y in usable if y != year]
            if other_year:
                wrongs["period"] = _value(formula, values, other_year[0])
            if name in SIBLING:
                sib = next((m for m in METRICS if m[0] == SIBLING[name] and all(n in values for n in m[1])), None)
                if sib is not None:
                    wrongs["item"] = _value(sib[2], values, year)
            out += _pair(doc, others, split, question, subject, fy, right, wrongs, kind, style, cur, scale, rng,
                         f"{name}-{year}")  # fmt: skip
    out += _cagr_rows(doc, others, split, values, cur, scale)
    return out


def _value(formula, values, year: int) -> float | None:
    try:
        v = formula(values, year)
    except (KeyError, ZeroDivisionError):
        return None
    return v if abs(v) < 1e12 else None


def _cagr_rows(doc, others, split, values, cur, scale) -> list[dict]:
    name = next((n for n in ("revenue", "net", "operating", "assets", "cfo") if len(values.get(n, {})) >= 3), None)
    if name is None:
        return []
    series = values[name]
    y0, y1 = min(series), max(series)
    if series[y0] <= 0 or series[y1] <= 0:
        return []
    right = ((series[y1] / series[y0]) ** (1 / (y1 - y0)) - 1) * 100
    rng = _rng(doc["table"]["uid"], "cagr")
    style = rng.randrange(600)
    item = {"revenue": "revenue", "net": "net income", "operating": "operating income", "assets": "total assets",
            "cfo": "operating cash flow"}[name]  # fmt: skip
    question = CAGR_ASK.format(y0=y0, y1=y1, item=item)
    mid = sorted(series)[1]
    wrongs = {
        "figure": right * rng.choice([1.25, 0.75]) if abs(right) > 1 else right + 2.0,
        "period": ((series[y1] / series[mid]) ** (1 / (y1 - mid)) - 1) * 100 if series[mid] > 0 else None,
    }
    return _pair(doc, others, split, question, f"{item} CAGR", f"{y0}–{y1}", right, wrongs, "%", style, cur, scale,
                 rng, "cagr")  # fmt: skip


def _pair(doc, others, split, question, subject, fy, right, wrongs, kind, style, cur, scale, rng, op) -> list[dict]:
    right_text = analyst(subject, fy, written(right, kind, style, cur if kind == "$" else "", scale), style, split)
    wrongs = {k: v for k, v in wrongs.items() if v is not None and abs(v - right) > 0.06 * max(abs(right), 1e-9)}
    if not wrongs:
        return []
    wkind = rng.choice(sorted(wrongs))
    wrong_text = analyst(subject, fy, written(wrongs[wkind], kind, style, cur if kind == "$" else "", scale), style,
                         split)  # fmt: skip
    if wrong_text == right_text:
        return []
    base = {"split": split, "question": question, "contexts": page_text(doc, others, rng), "op": op, "set": "metric"}
    slug = re.sub(r"[^a-z0-9]+", "_", op.lower())
    uid = f"{doc['table']['uid']}-{slug[:24]}{slug[-5:] if len(slug) > 24 else ''}"
    return [
        base | {"id": uid, "kind": "right", "answer": right_text, "label": True},
        base | {"id": uid + "-x", "kind": wkind, "answer": wrong_text, "label": False},
    ]


def tatqa_rows(doc: dict, others: list[dict], split: str, cur: str) -> list[dict]:
    """TAT-QA's arithmetic questions, answered with the figure and a judgement, no working."""
    out: list[dict] = []
    for q in doc["questions"]:
        if q["answer_type"] != "arithmetic" or not isinstance(q["answer"], int | float):
            continue
        op = _operation(q["derivation"])
        rng = _rng(q["uid"], "metric-tatqa")
        if op in ("change", "sum") and rng.random() < 0.7:
            continue  # keep the set weighted to ratios, averages, growth and multi-step figures
        style = rng.randrange(600)
        value = float(q["answer"])
        kind = "%" if q["scale"] == "percent" else "x" if op == "ratio" and not q["scale"] else "$"
        subject = re.sub(r"(?i)^(?:what|how much) (?:is|was|were|are) (?:the )?", "", q["question"].strip().rstrip("?"))
        fy = next(iter(re.findall(r"(?:19|20)\d\d", q["question"])), "the period")
        wrongs = {"figure": value * rng.choice([1.2, 0.8, 1.3, 0.75])}
        out += _pair(doc, others, split, q["question"], subject[:80], fy, value, wrongs, kind, style, cur,
                     q["scale"], rng, "tatqa-" + op)  # fmt: skip
        for r in out[-2:]:
            r["id"], r["set"] = q["uid"] + ("-x" if not r["label"] else ""), "tatqa"
    return out


def build(path: Path, split: str, exclude: set[str]) -> list[dict]:
    rows: list[dict] = []
    for doc, others in reports_with_others(path, "others-metric"):
        cur = _currency(doc)
        rows += metric_rows(doc, others, split, cur) + tatqa_rows(doc, others, split, cur)
    return not_reserved(rows, exclude)


def sample(rows: list[dict], pairs: int) -> list[dict]:
    """Every named-metric pair and ``pairs`` TAT-QA pairs (seed 7); kinds read "m:right", "t:figure"…"""
    ids = sorted({r["id"].removesuffix("-x") for r in rows if r["set"] == "tatqa"})
    random.Random(7).shuffle(ids)
    keep = set(ids[:pairs] if pairs else ids)
    out = [r for r in rows if r["set"] == "metric" or r["id"].removesuffix("-x") in keep]
    return [r | {"kind": f"{r['set'][0]}:{r['kind']}"} for r in out]


def main() -> None:
    ap = parser(__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=250, help="TAT-QA question pairs kept per split (seed 7); 0: all")
    args = ap.parse_args()
    exclude = reserved_hashes(args)
    rows = [r for split, path in (("dev", args.dev), ("holdout", args.holdout))
            for r in sample(build(path, split, exclude), args.sample)]  # fmt: skip
    write_rows(rows, args.jsonl)


if __name__ == "__main__":
    main()
