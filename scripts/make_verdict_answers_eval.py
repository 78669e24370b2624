"""Yes/No analyst answers to evaluative questions over filing pages, from TAT-QA (CC BY 4.0).

    python scripts/make_verdict_answers_eval.py DEV.json TEST_GOLD.json --jsonl /tmp/fyesno/verdict.jsonl \
        [--exclude-hashes ../shared/reserved.txt]

TAT-QA (github.com/NExTplusplus/TAT-QA, ``dataset_raw/tatqa_dataset_{dev,test_gold}.json``, Zhu et al.
2021, CC BY 4.0; the repository's code is MIT) gives real annual-report tables. Before writing this
script we looked for a public 10-K question set with free-form model answers *and* the pages they
answer (FinQA/ConvFinQA/DocFinQA copies hold programs or short answers; docugami's SEC 10-Q Q&A has
answers but not the PDFs): none was reachable, so the answers are composed here over TAT-QA pages,
the way analysts and LLMs answer evaluative questions about a filing:

* a **verdict** word ("Yes." / "No," / "Yes —"), then the figure the verdict rests on, with its
  **working** (the operands, sometimes the formula), **rounded** ("approximately 1.6x", one decimal)
  or in **other units** ("$4.2 billion" for 4,237 in millions), and an **interpretation** — as its own
  sentence or as a clause of the figure's sentence ("…, which indicates a healthy liquidity profile");
* questions with a computable criterion ("Is the FY2019 current ratio above 1.0?", "Did revenue grow
  from 2018 to 2019?", "Did capital expenditure exceed 5% of revenue in 2019?") and questions with
  none ("Does the company have a healthy liquidity profile based on its current ratio?", "Is the
  company capital-intensive based on FY2019 data?"), whose verdict is an opinion.

The wrong twin (``kind``) changes one thing: ``figure`` — the ratio or growth rate by 15–30%;
``operand`` — one operand by 15–30% (the ratio still computed from the changed operand, so the
working is self-consistent); ``period`` — every figure taken from another year of the table;
``direction`` — "rose" for a fall or "fell" for a rise; ``verdict`` — the verdict word (and its
interpretation) flipped with the figures unchanged, only where the question's criterion is computable.
Where it is, about a third of the questions also get a bare answer: ``bare`` ("Yes." / "No.", right)
and ``bare-verdict`` (the other word).

The interpretive wordings of the ``dev`` split and of the ``holdout`` split come from disjoint banks.
TAT-QA dev → ``dev`` (choose on it), test_gold → ``holdout`` (report only), split by report.
Deterministic. Rows sharing a 12-word passage with a reserved set are dropped (``--exclude-hashes``).
"""

from __future__ import annotations

import random
import re
import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from filings_render import page_text, parse_cell, year_columns  # noqa: E402
from make_analyst_metrics_eval import item_rows  # noqa: E402
from make_filings_eval import _currency, _rng  # noqa: E402
from tatqa_lookalike import run  # noqa: E402

# (yes-interpretation, no-interpretation) per family; dev and holdout banks share no wording
JUDGE = {
    "dev": {
        "liquidity": [
            ("which indicates a healthy liquidity profile", "which points to a tight liquidity position"),
            (
                "This suggests the company can comfortably meet its short-term obligations.",
                "This suggests short-term obligations could strain the company.",
            ),
        ],
        "capex": [
            ("so the business is capital-intensive", "so the business is not capital-intensive"),
            ("This indicates a capital-heavy business model.", "This indicates an asset-light business model."),
        ],
        "growth": [
            ("which signals solid momentum", "which signals a weakening trend"),
            ("This reflects healthy demand.", "This reflects softer demand."),
        ],
        "margin": [
            ("which points to disciplined cost control", "which points to weak cost control"),
            ("That suggests robust profitability.", "That suggests modest profitability."),
        ],
    },
    "holdout": {
        "liquidity": [
            ("a sign of a sound short-term position", "a sign of a stretched short-term position"),
            ("In my view liquidity is comfortable.", "In my view liquidity is concerning."),
        ],
        "capex": [
            ("meaning it is a capital-heavy operation", "meaning it is a relatively asset-light operation"),
            (
                "Investors would likely view it as capital-intensive.",
                "Investors would generally not regard it as capital-intensive.",
            ),
        ],
        "growth": [
            ("a favourable trend for the business", "an unfavourable trend for the business"),
            ("This would be viewed favourably by most analysts.", "This would be viewed as disappointing."),
        ],
        "margin": [
            ("which would generally be considered efficient", "which would generally be considered thin"),
            ("Such profitability is reassuring.", "Such profitability is underwhelming."),
        ],
    },
}
LABEL = {"ca": "total current assets", "cl": "total current liabilities", "inventory": "inventories",
         "revenue": "revenue", "net": "net income", "operating": "operating income", "gross": "gross profit",
         "capex": "capital expenditures", "cfo": "operating cash flow", "assets": "total assets"}  # fmt: skip


def money(value: float, cur: str, scale: str, style: int) -> str:
    """An operand as an analyst writes it: as printed, or in billions when the page is in millions."""
    word = {"thousand": " thousand", "million": " million", "billion": " billion"}.get(scale, "")
    neg = "-" if value < 0 else ""
    if style % 3 == 1 and word == " million" and abs(value) >= 1000:
        return f"{neg}{cur}{abs(value) / 1000:.1f} billion"
    decimals = 0 if abs(value) >= 100 or float(value).is_integer() else 1
    return f"{neg}{cur}{abs(value):,.{decimals}f}{word}"


def ratio_text(value: float, unit: str, style: int) -> str:
    r = style % 4
    if unit == "%":
        return f"approximately {value:.0f}%" if r == 1 else f"{value:.1f}%"
    return f"approximately {value:.1f}x" if r == 1 else f"{value:.2f}x" if r == 2 else f"{value:.2f}"


def _fy(year: int, style: int) -> str:
    return [f"FY{year}", f"fiscal {year}", str(year)][style % 3]


def _judge(split: str, family: str, yes: bool, style: int) -> tuple[str, str]:
    """(clause, sentence): an interpretation as a clause of the figure's sentence, or its own sentence."""
    clause, sentence = JUDGE[split][family]
    return clause[0 if yes else 1], sentence[0 if yes else 1]


def compose(verdict: bool, body: str, clause: str, sentence: str, style: int) -> str:
    word = ["Yes." if verdict else "No.", "Yes," if verdict else "No,", "Yes —" if verdict else "No —"][style % 3]
    lower = body[0].lower() + body[1:]
    body = body if word.endswith(".") else lower
    mode = style // 3 % 3
    if mode == 0:
        return f"{word} {body}, {clause}."
    if mode == 1:
        return f"{word} {body}. {sentence}"
    first = sentence if word.endswith(".") else sentence[0].lower() + sentence[1:]
    return f"{word} {first[:-1]} — {lower}."  # the interpretation first, the figures after it


def ratio_item(values, year, style, wrong=None, wrong_year=None, family="liquidity"):
    """A liquidity ratio, capex share or margin for ``year`` (figures of ``wrong_year``, an operand or the
    result changed by ``wrong``): (name, numerator, denominator, unit, formula words, thresholds, value)."""
    y = wrong_year or year
    if family == "liquidity":
        quick = "inventory" in values and style % 2 and {year, y} <= set(values["inventory"])
        name = "quick ratio" if quick else "current ratio"
        num = values["ca"][y] - (values["inventory"][y] if quick else 0)
        den = values["cl"][y]
        unit, parts = "x", ("(total current assets − inventories) / total current liabilities" if quick
                            else "total current assets divided by total current liabilities")  # fmt: skip
        thresholds = [1.0, 1.5, 2.0]
    elif family == "capex":
        name, num, den, unit = (
            "capital expenditure as a share of revenue",
            abs(values["capex"][y]),
            values["revenue"][y],
            "%",
        )
        parts, thresholds = "capital expenditures divided by revenue", [5.0, 10.0, 3.0]
    else:
        item = family.split(":")[1]
        name = {"gross": "gross margin", "operating": "operating margin", "net": "net profit margin"}[item]
        num, den, unit = values[item][y], values["revenue"][y], "%"
        parts, thresholds = f"{LABEL[item]} divided by revenue", [10.0, 20.0, 5.0, 30.0]
    if not den:
        return None
    value = num / den * (100 if unit == "%" else 1)
    if wrong == "operand":
        num *= 1.25
        value = num / den * (100 if unit == "%" else 1)
    elif wrong == "figure":
        value *= 1.25 if style % 2 else 0.75
    return name, num, den, unit, parts, thresholds, value


def line_items(table: list[list[str]], rng: random.Random, n: int) -> dict[str, dict[int, float]]:
    """Up to ``n`` other money rows of the table (label → {year: value}), chosen by ``rng``."""
    years = year_columns(table)
    found = {}
    for row in table:
        label = re.sub(r"\s+", " ", row[0].strip().rstrip(":")).lower()
        if not re.match(r"^[a-z][a-z ,'&()-]{3,60}$", label) or any("%" in c for c in row[1:]):
            continue
        series = {int(y): parse_cell(row[c]) for c, y in years if c < len(row)}
        series = {y: v for y, v in series.items() if v is not None}
        if len(series) >= 2 and label not in found:
            found[label] = series
    keys = sorted(found)
    return {k: found[k] for k in rng.sample(keys, min(n, len(keys)))}


def growth_body(label: str, a: float, b: float, y0: int, y1: int, pct: str, up: bool, style: int, m) -> str:
    """The figures of a growth answer; ``up`` is the direction it states (a twin may state the wrong one)."""
    name = label[0].upper() + label[1:]
    form = style // 7 % 3
    if form == 1:
        return f"{name} {'increased' if up else 'decreased'} by {m(abs(b - a))}, or {pct}, from {m(a)} in {y0} to {m(b)} in {y1}"
    if form == 2:
        return f"In {y1}, {label} was {m(b)}, {'up' if up else 'down'} {pct} from {m(a)} in {y0}"
    return f"{name} {'rose' if up else 'fell'} {pct} from {m(a)} in {y0} to {m(b)} in {y1}"


def _direction_rows(doc, values, split, cur, scale) -> list[tuple]:
    """Growth questions: (id, question, right, wrongs {kind: text}, rng)."""
    out = []
    extra = line_items(doc["table"]["table"], _rng(doc["table"]["uid"], "verdict-rows"), 2)
    for item in ("revenue", "net", "operating", *extra):
        series = values.get(item, extra.get(item, {}))
        ys = sorted(series, reverse=True)
        if len(ys) < 2 or ys[0] - ys[1] != 1 or min(series.values()) <= 0 or series[ys[0]] == series[ys[1]]:
            continue  # consecutive years of a positive line item
        y1, y0 = ys[0], ys[1]
        rng = _rng(doc["table"]["uid"], "verdict", item)
        label = LABEL.get(item, item)
        style = rng.randrange(600)
        a, b = series[y0], series[y1]
        change = (b - a) / abs(a) * 100
        up = b > a
        q = [f"Did {label} grow from {y0} to {y1}?", f"Did the company's {label} increase in {_fy(y1, style)}?",
             f"Was {label} higher in {y1} than in {y0}?"][style % 3]  # fmt: skip
        clause, sentence = _judge(split, "growth", up, style)
        m = partial(money, cur=cur, scale=scale, style=style)
        pct = ratio_text(abs(change), "%", style)
        body = growth_body(label, a, b, y0, y1, pct, up, style, m)
        wrong_pct = ratio_text(abs(change) * (1.3 if style % 2 else 0.7) + 1, "%", style)
        wrongs = {
            "figure": compose(up, growth_body(label, a, b, y0, y1, wrong_pct, up, style, m), clause, sentence, style),
            "direction": compose(up, growth_body(label, a, b, y0, y1, pct, not up, style, m), clause, sentence, style),
            "verdict": compose(not up, body, *_judge(split, "growth", not up, style), style),
        }
        if len(ys) >= 3 and series[ys[2]] and series[ys[2]] != a:
            c0 = series[ys[2]]
            pc = (a - c0) / abs(c0) * 100
            if abs(abs(pc) - abs(change)) > 1.5 and (a > c0) == up:  # the year before's growth, same direction
                earlier = growth_body(label, c0, a, y0, y1, ratio_text(abs(pc), "%", style), up, style, m)
                wrongs["period"] = compose(up, earlier, clause, sentence, style)
        out.append((f"{doc['table']['uid']}-grow-{re.sub('[^a-z]+', '_', item)[:30]}", q,
                    compose(up, body, clause, sentence, style), wrongs, rng))  # fmt: skip
    return out


def ratio_answer(values, year, style, split, cur, scale, family, yes, threshold, wrong=None, wrong_year=None,
                 flip=False) -> str | None:  # fmt: skip
    """A ratio family's answer for ``year`` (or a twin: ``wrong``, ``wrong_year``, ``flip`` the verdict)."""
    try:
        got = ratio_item(values, year, style, wrong, wrong_year, family)
    except KeyError:
        return None
    if got is None:
        return None
    name, n, d, unit, parts, _, v = got
    fy = _fy(year, style)
    verdict = yes != flip
    clause, sentence = _judge(split, family.split(":")[0], verdict, style)
    m = partial(money, cur=cur, scale=scale, style=style)
    shown = ratio_text(v, unit, style)
    side = f"the {name} for {fy} is {shown}"
    if threshold is not None:
        side = f"the {fy} {name} of {shown} ({m(n)} / {m(d)}) is {'above' if v > threshold else 'below'} the " \
               f"{threshold:g}{unit} mark"  # fmt: skip
    body = [f"The {fy} {name} is {shown}, calculated as {parts}: {m(n)} / {m(d)}",
            f"The company's {name} was {shown} in {fy} ({m(n)} against {m(d)})",
            f"With {m(n)} over {m(d)}, the {name} for {fy} comes to {shown}",
            f"{name[0].upper() + name[1:]} = {parts.replace(' divided by ', ' / ')} = {m(n)} / {m(d)} = {shown} for {fy}",
            side[0].upper() + side[1:] if threshold is not None else
            f"The {name} stood at {shown} in {fy}, based on {m(n)} and {m(d)}"][style // 7 % 5]  # fmt: skip
    return compose(verdict, body, clause, sentence, style)


def _ratio_rows(doc, values, split, cur, scale) -> list[tuple]:
    """Threshold and opinion questions on a liquidity ratio, the capex share or a margin."""
    families = []
    if "ca" in values and "cl" in values:
        families.append("liquidity")
    if "capex" in values and "revenue" in values:
        families.append("capex")
    families += [f"margin:{i}" for i in ("gross", "operating", "net") if i in values and "revenue" in values][:2]
    todo = []
    for family in families:
        needs = {"liquidity": ("ca", "cl"), "capex": ("capex", "revenue")}.get(family, (family[7:], "revenue"))
        years = sorted(set.intersection(*(set(values[n]) for n in needs)), reverse=True)
        years = [y for y in years if all(values[n][y] for n in needs)]
        todo += [(family, year, [y for y in years if y != year]) for year in years[:2]]  # each its own question
    out = []
    for family, year, others in todo:
        rng = _rng(doc["table"]["uid"], "verdict", family, str(year))
        style = rng.randrange(600)
        got = ratio_item(values, year, style, family=family)
        if got is None:
            continue
        name, _, _, unit, _, thresholds, value = got
        fam, fy, pct = family.split(":")[0], _fy(year, style), "%" if unit == "%" else ""
        threshold = next((t for t in thresholds if abs(value - t) > 0.15 * t), None)
        if threshold is not None and style % 3 != 0:  # a computable criterion
            q = [f"Is the company's {fy} {name} above {threshold:g}{pct}?",
                 f"Was the {name} greater than {threshold:g}{pct} in {fy}?",
                 f"Did the {name} exceed {threshold:g}{pct} in {fy}?"][style % 3]  # fmt: skip
            yes = value > threshold
        else:  # an opinion: the verdict is the answer's reading
            threshold = None
            q = {"liquidity": f"Does the company have a healthy liquidity profile based on its {fy} {name}?",
                 "capex": f"Is the company a capital-intensive business based on {fy} data?",
                 "margin": f"Is the company's {name} healthy based on {fy} figures?"}[fam]  # fmt: skip
            yes = value >= {"liquidity": 1.0, "capex": 8.0, "margin": 10.0}[fam]
        say = partial(ratio_answer, values, year, style, split, cur, scale, family, yes, threshold)
        wrongs = {"figure": say("figure"), "operand": say("operand")}
        if threshold is not None:
            wrongs["verdict"] = say(flip=True)
        other = [y for y in others if abs(ratio_item(values, y, style, family=family)[6] - value) > 0.1 * abs(value)]  # type: ignore[index]
        if other:
            wrongs["period"] = say(wrong_year=other[0])
        out.append((f"{doc['table']['uid']}-{family.replace(':', '-')}-{year}", q, say(), wrongs, rng))
    return out


def rows_for(doc: dict, others: list[dict], split: str) -> list[dict]:
    values = item_rows(doc["table"]["table"])
    if not values:
        return []
    scale = doc["questions"][0].get("scale", "") if doc["questions"] else ""
    cur = _currency(doc)
    rows = []
    for uid, question, right, wrongs, rng in _ratio_rows(doc, values, split, cur, scale) + _direction_rows(
        doc, values, split, cur, scale
    ):
        if right is None:
            continue
        wrongs = {k: v for k, v in wrongs.items() if v is not None and v != right}
        if not wrongs:
            continue
        kind = rng.choice(sorted(wrongs))
        base = {"split": split, "question": question, "contexts": page_text(doc, others, rng), "set": "verdict"}
        rows += [base | {"id": uid, "kind": "right", "answer": right, "label": True},
                 base | {"id": uid + "-x", "kind": kind, "answer": wrongs[kind], "label": False}]  # fmt: skip
        if "verdict" in wrongs and _rng(uid, "bare").random() < 0.3:  # a bare "Yes." / "No." (computable criterion)
            yes = right.startswith("Yes")
            rows += [base | {"id": uid + "-bare", "kind": "bare", "answer": "Yes." if yes else "No.", "label": True},
                     base | {"id": uid + "-bare-x", "kind": "bare-verdict", "answer": "No." if yes else "Yes.",
                             "label": False}]  # fmt: skip
    return rows


def main() -> None:
    run(__doc__.splitlines()[0], rows_for, "others-verdict")


if __name__ == "__main__":
    main()
