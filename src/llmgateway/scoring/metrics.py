"""Financial metrics an analyst computes from a filing page without writing out the working.

"What is the company's FY2019 quick ratio?" — "0.96." The page prints current assets, inventories
and current liabilities, never 0.96. derived.py tries one operation over the figures near the claim;
located.py the operation the question asks for over the line items it names. Neither knows that a
quick ratio is (current assets − inventories) / current liabilities, that an inventory turnover is
taken over the *average* of two year-end balances, or that EBITDA is operating income plus
depreciation and amortization. This module holds that knowledge: a small model of the domain, the
usual formula shapes of the metrics analysts quote (``METRICS``), each over line items named by the
labels filings use for them (``ITEMS``).

``candidates`` reads the metrics the question or the answer names, finds their line items among the
page's table rows (filing_tables.Row), and computes each metric for the question's year (or every
year the rows give) in its usual variants — year-end or average balances, 365 or 360 days, a share
or a percentage, the amounts in any scale. A claimed figure equal to one of them, within the
claim's own rounding plus the scorer's tolerance, is supported, with the formula as its derivation
(``0.96 = (4,237 − 1,502) / 2,849 (quick ratio, 2019)``). A figure the metric gives for another year
or with another line item does not match, so wrong periods and wrong line items stay unsupported.
Only named metrics are computed: a few dozen candidate values per answer, not every combination of
the page's figures (which would match a changed figure by chance), and cheap enough for the speed
budget. The compound annual growth rate of a named line item (CAGR) is computed over the years the
question names.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from .derived import close_to
from .facts import Quantity
from .filing_tables import Row
from .filing_words import ALIASES, question_years
from .text import stem

# Line items by the labels filings give them (a row label, lower-cased, matched from its start).
ITEMS: dict[str, str] = {
    "revenue": r"(?:total )?(?:net )?(?:operating )?(?:revenues?|sales|turnover)(?:,? net)?$",
    "cogs": r"(?:total )?cost of (?:revenues?|sales|goods sold|products sold|net revenues?)$",
    "gross": r"gross (?:profit|margin)$",
    "operating": r"(?:total )?(?:operating (?:income|profit)|income from operations|(?:income|earnings) from continuing "
    r"operations before|ebit\b)(?: \(loss\))?",
    "net": r"net (?:income|earnings|profit)(?: \(loss\))?(?: attributable to [\w .,']+)?$",
    "pretax": r"(?:income|earnings|profit) (?:\(loss\) )?before (?:provision for )?(?:income )?tax(?:es)?",
    "tax": r"(?:provision for|\(?benefit from\)?|total)? ?(?:\(?benefit\)? ?)?income tax(?:es| expense| provision)?"
    r"(?: \(benefit\))?$",
    "da": r"depreciation(?:,)? (?:depletion )?and amortization(?: expense)?$",
    "interest": r"interest expense(?:,? net)?$",
    "ca": r"total current assets$",
    "cl": r"total current liabilities$",
    "cash": r"cash and (?:cash )?equivalents$",
    "sti": r"(?:short-term investments|marketable securities|short-term marketable securities)$",
    "ar": r"(?:accounts |trade )?receivables?(?:,? net)?(?: of allowances?.*)?$|accounts receivable",
    "ap": r"(?:accounts |trade )payables?$|accounts payable",
    "inventory": r"(?:merchandise )?inventor(?:y|ies)(?:,? net)?$",
    "assets": r"total assets$",
    "equity": r"total (?:stockholders'?|shareholders'?|share ?owners'?)? ?equity$|total equity$",
    "ppe": r"property(?:,)? (?:plant )?and equipment(?:,? net)?$",
    "cfo": r"net cash (?:provided by|from|generated (?:from|by)|provided by \(used in\)) operating activities$",
    "capex": r"(?:purchases? of|additions to|payments for|capital expenditures?(?: for)?)(?: property(?:,)? (?:plant )?"
    r"and equipment)?$",
    "dividends": r"(?:cash )?dividends (?:paid|declared)",
}  # fmt: skip

V = Callable[[str], float]  # line item → value for one period ("avg:x" the average of two year-ends)


@dataclass(frozen=True)
class Metric:
    name: str
    pattern: re.Pattern[str]
    forms: tuple[tuple[str, Callable[[V], float]], ...]  # (formula text, formula), usual variants
    percent: bool = False  # a share: compared as written ("72.2%", "0.722")


def _m(name: str, pattern: str, *forms: tuple[str, Callable[[V], float]], percent: bool = False) -> Metric:
    return Metric(name, re.compile(pattern, re.I), tuple(forms), percent)


METRICS: list[Metric] = [
    _m("current ratio", r"\bcurrent ratio", ("ca / cl", lambda v: v("ca") / v("cl"))),
    _m("quick ratio", r"\bquick ratio|\bacid[- ]test",
       ("(ca − inventory) / cl", lambda v: (v("ca") - v("inventory")) / v("cl")),
       ("(cash + sti + ar) / cl", lambda v: (v("cash") + v("sti") + v("ar")) / v("cl")),
       ("(cash + ar) / cl", lambda v: (v("cash") + v("ar")) / v("cl"))),
    _m("cash ratio", r"\bcash ratio", ("cash / cl", lambda v: v("cash") / v("cl"))),
    _m("working capital", r"\bworking capital", ("ca − cl", lambda v: v("ca") - v("cl"))),
    _m("gross margin", r"\bgross (?:profit )?margin",
       ("gross / revenue", lambda v: v("gross") / v("revenue")),
       ("(revenue − cogs) / revenue", lambda v: (v("revenue") - v("cogs")) / v("revenue")), percent=True),
    _m("operating margin", r"\boperating (?:profit |income )?margin|\bebit margin",
       ("operating / revenue", lambda v: v("operating") / v("revenue")), percent=True),
    _m("net margin", r"\bnet (?:profit |income )?margin|\bprofit margin",
       ("net / revenue", lambda v: v("net") / v("revenue")), percent=True),
    _m("EBITDA margin", r"\bebitda margin",
       ("(operating + da) / revenue", lambda v: (v("operating") + v("da")) / v("revenue")), percent=True),
    _m("EBITDA", r"\bebitda\b(?! margin)", ("operating + da", lambda v: v("operating") + v("da"))),
    _m("effective tax rate", r"\beffective (?:income )?tax rate",
       ("tax / pretax", lambda v: v("tax") / v("pretax")), percent=True),
    _m("interest coverage", r"\binterest coverage|\btimes interest earned",
       ("operating / interest", lambda v: v("operating") / v("interest")),
       ("(operating + da) / interest", lambda v: (v("operating") + v("da")) / v("interest"))),
    _m("free cash flow", r"\bfree cash flow|\bfcf\b",
       ("cfo − capex", lambda v: v("cfo") - abs(v("capex")))),
    _m("capex intensity", r"\bcapex (?:intensity|to (?:revenue|sales))|capital expenditures? (?:as a|to) (?:percent"
       r"(?:age)? of )?(?:revenue|sales)|\bcapital[- ]intensi",
       ("capex / revenue", lambda v: abs(v("capex")) / v("revenue")), percent=True),
    _m("payout ratio", r"\b(?:dividend )?payout ratio",
       ("dividends / net", lambda v: abs(v("dividends")) / v("net")), percent=True),
    _m("return on assets", r"\breturn on (?:average )?(?:total )?assets|\broa\b",
       ("net / assets", lambda v: v("net") / v("assets")),
       ("net / avg assets", lambda v: v("net") / v("avg:assets")), percent=True),
    _m("return on equity", r"\breturn on (?:average )?(?:shareholders'?|stockholders'?|common )?equity|\broe\b",
       ("net / equity", lambda v: v("net") / v("equity")),
       ("net / avg equity", lambda v: v("net") / v("avg:equity")), percent=True),
    _m("asset turnover", r"\b(?:total )?asset turnover",
       ("revenue / assets", lambda v: v("revenue") / v("assets")),
       ("revenue / avg assets", lambda v: v("revenue") / v("avg:assets"))),
    _m("fixed asset turnover", r"\bfixed asset turnover|\bpp&?e turnover",
       ("revenue / ppe", lambda v: v("revenue") / v("ppe")),
       ("revenue / avg ppe", lambda v: v("revenue") / v("avg:ppe"))),
    _m("inventory turnover", r"\binventory turnover",
       ("cogs / inventory", lambda v: v("cogs") / v("inventory")),
       ("cogs / avg inventory", lambda v: v("cogs") / v("avg:inventory"))),
    _m("days inventory outstanding", r"\bdays (?:of )?inventory|\bdio\b|\binventory days",
       ("365 × inventory / cogs", lambda v: 365 * v("inventory") / v("cogs")),
       ("365 × avg inventory / cogs", lambda v: 365 * v("avg:inventory") / v("cogs")),
       ("360 × avg inventory / cogs", lambda v: 360 * v("avg:inventory") / v("cogs"))),
    _m("receivables turnover", r"\b(?:accounts )?receivables? turnover",
       ("revenue / ar", lambda v: v("revenue") / v("ar")),
       ("revenue / avg ar", lambda v: v("revenue") / v("avg:ar"))),
    _m("days sales outstanding", r"\bdays sales outstanding|\bdso\b|\bdays (?:of )?receivables?",
       ("365 × ar / revenue", lambda v: 365 * v("ar") / v("revenue")),
       ("365 × avg ar / revenue", lambda v: 365 * v("avg:ar") / v("revenue"))),
    _m("payables turnover", r"\b(?:accounts )?payables? turnover",
       ("cogs / ap", lambda v: v("cogs") / v("ap")),
       ("cogs / avg ap", lambda v: v("cogs") / v("avg:ap"))),
    _m("days payable outstanding", r"\bdays payables? outstanding|\bdpo\b|\bdays (?:of )?payables?",
       ("365 × ap / cogs", lambda v: 365 * v("ap") / v("cogs")),
       ("365 × avg ap / cogs", lambda v: 365 * v("avg:ap") / v("cogs")),
       ("360 × avg ap / cogs", lambda v: 360 * v("avg:ap") / v("cogs"))),
    _m("debt to assets", r"\b(?:total )?liabilities to (?:total )?assets",
       ("(assets − equity) / assets", lambda v: (v("assets") - v("equity")) / v("assets"))),
]  # fmt: skip
_AMOUNTS = {"working capital", "EBITDA", "free cash flow"}
_CAGR = re.compile(r"\bcagr\b|compound(?:ed)? annual growth|annuali[sz]ed growth", re.I)


@dataclass(frozen=True)
class Candidate:
    value: float
    formula: str  # "(4,237 − 1,502) / 2,849 (quick ratio, 2019)"
    amount: bool  # in money (compared in any scale), else a ratio, multiple, days or share
    kind: str = "ratio"  # pct | ratio | amount: which written figures it can be
    asked: bool = False  # the question names the metric and this is its value for a year the question names


def named(text: str) -> list[Metric]:
    """The metrics ``text`` names."""
    return [m for m in METRICS if m.pattern.search(text)]


def _clean(label: str) -> str:
    """A row label as ``ITEMS`` reads it: lower case, footnote markers and trailing colons gone."""
    return re.sub(r"\s+", " ", re.sub(r"\(\d\)|\*", "", label)).strip(" :.").lower()


def _rows_by_item(rows: list[Row], needed: set[str]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for row in rows:
        label = _clean(row.label)
        for item in needed:
            if re.match(ITEMS[item], label) and any(c.quantity for c in row.cells):
                out.setdefault(item, []).append(row)
    return {k: v[:2] for k, v in out.items()}  # the first two tables that print the item


def _series(row: Row) -> dict[str, tuple[float, str]]:
    """Period → (value in the row's scale, text): by the column's year, else by position ("p0" latest)."""
    out: dict[str, tuple[float, str]] = {}
    for k, cell in enumerate(c for c in row.cells if c.quantity is not None):
        q = cell.quantity
        assert q is not None
        key = cell.year or f"p{k}"
        if key not in out and q.unit != "pct":
            out[key] = (q.signed * row.scale, q.text)
    return out


def _recent_first(period: str) -> tuple[int, int]:
    return (0, -int(period)) if period.isdigit() else (1, int(period[1:]))


def _prior(period: str) -> str:
    return str(int(period) - 1) if period.isdigit() else f"p{int(period[1:]) + 1}"


def candidates(question: str, claims: list[str], rows: list[Row]) -> list[Candidate]:
    """The values of the metrics the question (or an answer's claim) names, as the page's rows give them."""
    text = " ".join([question, *claims])
    metrics = named(text)
    out: list[Candidate] = []
    if metrics and rows:
        needed = {w for m in metrics for f, _ in m.forms for w in re.findall(r"[a-z]+", f) if w in ITEMS}
        by_item = _rows_by_item(rows, needed)
        years = question_years(question)
        for m in metrics:
            out += _metric_values(m, by_item, years, bool(m.pattern.search(question)))
    if _CAGR.search(text) and rows:
        out += _cagr_values(question, rows)
    return out


def _metric_values(m: Metric, by_item: dict[str, list[Row]], years: list[str], asked: bool) -> list[Candidate]:
    out: list[Candidate] = []
    for formula_text, formula in m.forms:
        items = sorted({w.removeprefix("avg:") for w in re.findall(r"[a-z]+", formula_text) if w in ITEMS})
        if not all(i in by_item for i in items):
            continue
        for choice in itertools.product(*(by_item[i] for i in items)):
            series = {i: _series(r) for i, r in zip(items, choice)}
            periods = set.intersection(*(set(s) for s in series.values()))
            wanted = [y for y in years if y in periods] or sorted(periods, key=_recent_first)
            for period in wanted[:4]:
                value = _evaluate(formula, series, period)
                if value is None:
                    continue
                shown = f"{_shown(formula_text, series, period)} ({m.name}, {period})"
                amount = m.name in _AMOUNTS
                kind = "amount" if amount else "pct" if m.percent else "ratio"
                named = asked and period in years
                out.append(Candidate(value * (100 if m.percent else 1), shown, amount, kind, named))
                if m.percent:
                    out.append(Candidate(value, shown, False, "ratio", named))
    return out


def _evaluate(formula, series: dict[str, dict[str, tuple[float, str]]], period: str) -> float | None:
    def v(name: str) -> float:
        if name.startswith("avg:"):
            s = series[name[4:]]
            return (s[period][0] + s[_prior(period)][0]) / 2
        return series[name][period][0]

    try:
        return float(formula(v))
    except (KeyError, ZeroDivisionError, ValueError):
        return None


def _shown(formula_text: str, series: dict, period: str) -> str:
    """The formula with the page's figures in place of the line items."""

    def fill(m: re.Match[str]) -> str:
        word = m.group(0)
        if word.startswith("avg:"):
            s = series[word[4:]]
            return f"avg({s[period][1]}, {s[_prior(period)][1]})"
        return series[word][period][1] if word in series else word

    return re.sub(r"(?:avg:)?[a-z]+", fill, formula_text.replace("avg ", "avg:"))


def _cagr_values(question: str, rows: list[Row]) -> list[Candidate]:
    """CAGR of the rows whose label the question names, between its first and last year."""
    years = sorted(question_years(question))
    if len(years) < 2:
        return []
    y0, y1 = years[0], years[-1]
    words = _stems(question + " " + " ".join(names for pattern, names in ALIASES if re.search(pattern, question, re.I)))
    words -= _GENERIC
    items = [item for pattern, item in _ITEM_NAMES if re.search(pattern, question, re.I)]
    out = []
    for row in rows:
        label = _stems(row.label) - _GENERIC
        if items:
            if not any(re.match(ITEMS[i], _clean(row.label)) for i in items):
                continue  # "CAGR of revenue": the line item by its usual labels ("Total sales", "Net revenues")
        elif not label or not label <= words:
            continue  # every word of the label is in the question
        s = _series(row)
        if y0 in s and y1 in s and s[y0][0] > 0 and s[y1][0] > 0:
            rate = (s[y1][0] / s[y0][0]) ** (1 / (int(y1) - int(y0))) - 1
            text = f"({s[y1][1]} / {s[y0][1]})^(1/{int(y1) - int(y0)}) − 1 (CAGR of {row.label.strip()[:40]})"
            out += [Candidate(rate * 100, text, False, "pct", True), Candidate(rate, text, False, "ratio", True)]
    return out


_ITEM_NAMES = [
    (r"\b(?:revenues?|sales|turnover)\b", "revenue"),
    (r"\bnet (?:income|earnings|profit)\b", "net"),
    (r"\b(?:operating (?:income|profit)|income from operations)\b", "operating"),
    (r"\btotal assets\b", "assets"),
    (r"\boperating cash flows?\b|\bcash (?:flows? )?from operations\b|\bnet cash from operating", "cfo"),
    (r"\bgross profit\b", "gross"),
]
_GENERIC = {stem(w) for w in "total net the of and in for from to what is was compound annual growth rate cagr".split()}


def _stems(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2}


def explain(q: Quantity, found: list[Candidate], rel_tol: float) -> str | None:
    """How a claimed figure follows from a named metric, or None."""
    if q.unit not in ("pct", "plain", "money", "multiple"):
        return None
    for c in found:
        if c.amount and q.unit in ("money", "plain"):
            values = [c.value * s for s in (1.0, 1e-3, 1e3, 1e-6, 1e6)]
        elif c.amount or q.unit == "money":
            continue
        else:
            values = [c.value]
        if any(close_to(abs(v), q, rel_tol) for v in values) and (q.negative == (c.value < 0) or not q.negative):
            return f"{q.text} = {c.formula}"
    return None


def mentions(question: str, claims: list[str]) -> bool:
    """Does the question or an answer's claim name a metric this module computes?"""
    text = " ".join([question, *claims])
    return bool(named(text) or _CAGR.search(text))


_FIGURE_REASON = re.compile(r"^figure '(.+?)' (?:not in the source|does not follow)")


def resolve_metrics(
    quantities: list[Quantity],
    reasons: list[str],
    how: list[str],
    found: list[Candidate],
    rel_tol: float,
    claim: str = "",
    years: list[str] | None = None,
) -> list[str]:
    """``reasons`` without the figure failures a named metric explains (the formulas go to ``how``),
    and with a failure for a figure of the asked metric's kind that the metric does not give: when
    the question names a metric and the page gives its line items for the question's year, "6.30%"
    for a net margin of 7.87% is wrong even if some other pair of the page's figures divides to it."""
    if not found:
        return reasons
    out = []
    asked = [c for c in found if c.asked]
    other_year = [y for y in re.findall(r"(?:19|20)\d\d", claim) if y not in (years or [])]
    if asked and not other_year:
        for q in quantities:
            if any(f"'{q.text}'" in r for r in reasons) or not any(_same_kind(q, c) for c in asked):
                continue
            if explain(q, asked, rel_tol) is None:
                best = next(c for c in asked if _same_kind(q, c))
                shown = f"{best.value:,.2f}" + ("%" if best.kind == "pct" else "")
                out.append(f"figure '{q.text}' does not follow from the page: {best.formula} gives {shown}")
    for r in reasons:
        m = _FIGURE_REASON.match(r)
        named = next((x for x in quantities if m and x.text == m.group(1)), None)
        why = explain(named, found, rel_tol) if named is not None else None
        if why:
            how.append(why)
        else:
            out.append(r)
    return out


def _same_kind(q: Quantity, c: Candidate) -> bool:
    """Could the written figure be this metric's value (a share as a percentage, a ratio as a plain
    number or multiple, an amount in money)?"""
    if c.kind == "pct":
        return q.unit == "pct"
    if c.kind == "ratio":
        return q.unit == "multiple" or (q.unit == "plain" and q.value < 1000 and not q.currency)
    return q.unit == "money"


def all_metric(quantities: list[Quantity], found: list[Candidate], rel_tol: float) -> list[str] | None:
    """How a named metric gives every figure of a claim, or None when one is not given. A figure the
    metric does not give may be one of its operands, stated beside it: "capital expenditure was about
    5.0% of revenue ($310 million of $6,240 million)" (another year's or another line's figure is not)."""
    if not found or not quantities:
        return None
    out = [explain(q, found, rel_tol) for q in quantities]
    given = [w for w in out if w]
    operands = {float(n.replace(",", "")) for w in given for n in _DIGITS.findall(w.split(" = ", 1)[-1])}
    rest = [q for q, w in zip(quantities, out) if w is None]
    if not given or any(
        not (d := _DIGITS.findall(q.text)) or float(d[0].replace(",", "")) not in operands for q in rest
    ):
        return None
    return given + [f"{q.text}: an operand of {given[0].split(' = ', 1)[-1]}" for q in rest]


_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
