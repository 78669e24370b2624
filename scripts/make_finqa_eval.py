"""Real 10-K page text from FinQA (MIT): questions over S&P 500 filing pages, answers in three styles, changed twins.

    git -C SUKRIT show HEAD:data/processed/dev_200.json > /tmp/ffb/finqa/dev_200.json      # fetch github:sukritganesh/FinQA_Analysis
    git -C SUKRIT show HEAD:data/processed/train_100.json > /tmp/ffb/finqa/train_100.json
    git -C ABHI show HEAD:data/simplified/test_500.json > /tmp/ffb/finqa/test_500.json      # fetch github:abhisvakil/FinQA-Mini-Project
    python scripts/make_finqa_eval.py /tmp/ffb/finqa/*.json --jsonl /tmp/ffb/finqa.jsonl \
        --exclude-hashes /work/shared/reserved.txt
    llmgateway scorer evaluate /tmp/ffb/finqa.jsonl --split dev

Source: FinQA (Chen et al., EMNLP 2021; github.com/czyssrs/FinQA, MIT licence): questions written by finance
experts over one page of an S&P 500 company's annual report (1999–2019), the page's text before and after its table
(``pre_text`` / ``post_text``, as the authors extracted it from the PDF: lower-cased, tokenised, "$ 1577", "( 14 %
)"), the table (``table_ori``: the cells as printed, "$(181)"; or ``table``: "$ -4614 ( 4614 )"), and the
expert's ``program`` ("subtract(206588, 181001), divide(#0, 181001)") with its executed answer. czyssrs/FinQA's
own snapshot lacks the dataset files; two public copies have them: sukritganesh/FinQA_Analysis @ dcc6164
(``data/processed/dev_200.json``, ``train_100.json``: 300 items with ``table_ori``) and
abhisvakil/FinQA-Mini-Project @ e77f319 (``data/simplified/test_500.json``: 500 test items). 800 items, 120
companies. Rows are generated under /tmp and never committed; only this builder is. No reserved set is read; a row
whose question, answer or page shares a 12-word passage with a reserved set is dropped (``--exclude-hashes``).

Why: the FinanceBench-like look-alikes render TAT-QA tables ourselves and pass, yet correct answers about real
filings are still mostly called unsupported. Here the page is a real 10-K page:

* ``contexts``: one page — the text before the table, the table, the text after it — with the tokenisation undone
  as a PDF extraction prints it ("$118,251", "(14%)", "company’s"; sentences capitalised, the rest stays lower
  case), the table laid out one of three ways PDF extraction lays tables out (a row per line with its cells
  space-separated, "$ 1,234" and "(1,234)" negatives — pypdf; one cell per line with "$" alone — pdfminer;
  space-aligned columns — pdftotext -layout);
* the question (sentence-cased) and the correct answer (label supported, ``kind: right``, ``style``): ``figure``
  ("$25,587", "14.1%", "0.56", in FinanceBench's way of printing a figure without its scale), ``computation``
  (the figure with its operation and rounding: "The growth rate is (206,588 − 181,001) / 181,001 = 14.1%."),
  ``sentence`` ("The net cash from operating activities change from 2008 to 2009 was $25,587 thousand."; for
  yes/no questions "Yes — 286.61 against 198.09.");
* its changed twin (label unsupported, same style, question and page), ``kind``: ``figure`` (the result ×0.7 /
  0.8 / 1.25 / 1.4 at the same precision), ``year`` (an operand replaced by the same row's cell of another
  column, recomputed), ``operation`` (a sum for a difference, the other base of a growth rate or share, a
  difference for a sum), ``yes-no`` (the verdict flipped). A twin whose figure equals the right one at its
  precision is not written.

The executed program must reproduce the dataset's answer (else the item is skipped). Split by company (the
ticker's sha256 % 8): 0–1 ``train`` (never reported), 2–4 ``dev`` (choose on it), 5–7 ``holdout`` (report only).
Deterministic.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from filings_render import _cells_per_line, _layout, _wrapped  # noqa: E402
from make_filings_eval import _rng  # noqa: E402
from make_guardrail_training import overlaps  # noqa: E402
from tatqa_lookalike import write_rows  # noqa: E402

_OP = re.compile(r"(\w+)\(([^()]*)\)")
_PCT_WORDS = re.compile(
    r"percent|percentage|growth|%|portion|proportion|(?<!per )share of|fraction|\b(?:change|return|increase|decrease|decline)\b",
    re.I,
)
_SCALE = re.compile(r"\bin (millions|thousands|billions)\b|\$ ?in (millions|thousands|billions)", re.I)
_CELL_NUM = re.compile(r"^\s*(\$)?\s*(-)?\s*\$?\s*\(?\s*(-)?\s*(\d[\d,]*(?:\.\d+)?)\s*\)?\s*(%)?")


def split_of(company: str) -> str:
    h = int(hashlib.sha256(company.encode()).hexdigest(), 16) % 8
    return "train" if h < 2 else ("dev" if h < 5 else "holdout")


def _commas(number: str) -> str:
    """'118251' → '118,251' (not years, not decimals' fraction)."""
    whole, _, frac = number.partition(".")
    if len(whole) < 4 or (len(whole) == 4 and not frac and 1900 <= int(whole) <= 2099):
        return number
    return f"{int(whole):,}" + ("." + frac if frac else "")


def page_prose(sentences: list[str]) -> str:
    """FinQA's tokenised, lower-cased sentences as a PDF extraction prints them."""
    text = " ".join(s for s in sentences if s.strip(" .") != "")
    text = re.sub(r"(\d+(?:\.\d+)?)% \( \1 % \)", r"\1%", text)  # "14% ( 14 % )" → "14%"
    text = re.sub(r"(?<=[a-z.]) 2019s\b", "’s", text)  # "company 2019s" (U+2019 lost) → "company’s"
    text = re.sub(r"(?<=[a-z]s) 2019 ", "’ ", text)  # "operations 2019 total" → "operations’ total"
    text = re.sub(r"\b201c", "“", re.sub(r" ?201d\b", "”", text))  # quotes, as "201cmerrill lynch 201d"
    text = re.sub(r"\$ (?=[\d(-])", "$", text)
    text = re.sub(r"\( (?=\S)", "(", text)
    text = re.sub(r"(?<=\S) \)", ")", text)
    text = re.sub(r" ([,.;:%])", r"\1", text)
    text = re.sub(r"(?<![\d.,])\d{4,}(?:\.\d+)?(?![\d,])", lambda m: _commas(m.group(0)), text)
    text = re.sub(r"(^|[.!?] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    return text.strip()


def cell_value(cell: str) -> float | None:
    m = _CELL_NUM.match(cell.replace("<i></i>", ""))
    if not m or re.search(r"[a-z]{3,}", cell[m.end() :], re.I):
        return None
    v = float(m.group(4).replace(",", ""))
    negative = m.group(2) or m.group(3) or re.match(r"^\s*\$?\s*\(", cell)
    return -v if negative else v


def printed_cell(cell: str, header: bool) -> str:
    """A FinQA cell ("$ -4614 ( 4614 )", "$(181)", "2.5% ( 2.5 % )") as the PDF prints it ("$(4,614)")."""
    cell = re.sub(r"<sup>\s*(\(?\w{1,3}\)?)\s*</sup>", r" \1", re.sub(r"<i>|</i>", "", cell)).strip()
    m = re.fullmatch(r"(\$ ?)?(-)?(\d[\d.]*) \( (\d[\d.]*) \)( ?%)?", cell) or re.fullmatch(
        r"(\$ ?)?(-)?(\d[\d.,]*)( ?%)?", cell
    )
    if header or not m:
        return re.sub(r"\s+", " ", cell)
    groups = m.groups()
    dollar, minus, number, pct = groups[0], groups[1], groups[2], groups[-1]
    number = _commas(number.replace(",", ""))
    body = f"({number})" if minus else number
    return f"{'$' if dollar else ''}{body}{'%' if pct and pct.strip() else ''}"


def table_text(table: list[list[str]], style: int, rng) -> str:
    rows = [[printed_cell(c, header=(i == 0 or j == 0)) for j, c in enumerate(r)] for i, r in enumerate(table)]
    rows = [[re.sub(r"^\$(?=[\d(])", "$ ", c) for c in r] for r in rows]  # "$ 1,234" as PDFs print it
    return [_wrapped, _cells_per_line, _layout][style](rows, rng)


def execute(program: str, table: list[list[str]]) -> list[float | bool]:
    out: list[float | bool] = []

    def arg(a: str) -> float:
        a = a.strip()
        if a.startswith("#"):
            return float(out[int(a[1:])])
        if a.startswith("const_"):
            return -1.0 if a == "const_m1" else float(a[6:])
        return float(a.replace("%", "").replace(",", ""))

    for op, args in _OP.findall(program):
        parts = [p.strip() for p in args.split(",")]
        if op.startswith("table_"):
            row = next(r for r in table if r and r[0].strip().lower() == parts[0].lower())
            vals = [v for c in row[1:] if (v := cell_value(c)) is not None]
            out.append({"max": max, "min": min, "sum": sum}.get(op[6:], lambda v: sum(v) / len(v))(vals))
            continue
        a, b = arg(parts[0]), arg(parts[1])
        fns = {"add": a + b, "subtract": a - b, "multiply": a * b, "divide": a / b if b else float("nan"),
               "exp": a**b if abs(b) < 20 else float("nan"), "greater": a > b}  # fmt: skip
        out.append(fns[op])
    return out


def load(paths: list[Path]) -> list[dict]:
    items = []
    for path in paths:
        for d in json.loads(path.read_text()):
            qa = d.get("qa", d)
            items.append(
                {
                    "id": d["id"],
                    "company": d["id"].split("/")[0],
                    "question": qa["question"],
                    "program": qa["program"],
                    "answer": qa.get("exe_ans", qa.get("answer")),
                    "pre": d["pre_text"],
                    "post": d["post_text"],
                    "table": d.get("table_ori") or d["table"],
                }
            )
    return items


class Answer:
    """How one item's figures are printed: percent / ratio / amount, currency, decimals, scale word."""

    def __init__(self, item: dict, ops: list[str], page: str) -> None:
        last = ops[-1]
        q = item["question"]
        divides = "divide" in ops and not re.search(r"divide\([^)]*, const_\d+\)", item["program"])
        self.pct_already = last == "multiply" and "const_100" in item["program"]
        self.pct = divides and bool(_PCT_WORDS.search(q)) or self.pct_already
        self.ratio = (divides or "exp" in ops) and not self.pct
        nums = [a for a in re.findall(r"(?<![#\w])-?\d+(?:\.\d+)?", item["program"])]
        self.decimals = min(2, max((len(n.split(".")[1]) for n in nums if "." in n), default=0))
        printed = [_commas(n.lstrip("-")) for n in nums]
        dollar = any(re.search(r"\$ ?\(?" + re.escape(n) + r"(?![\d,])", page) for n in printed)
        self.dollar = dollar and not self.pct and not self.ratio
        m = _SCALE.search(page)
        self.scale = (m.group(1) or m.group(2)).lower().rstrip("s") if m else ""

    def figure(self, value: float, scale_word: bool = False) -> str:
        if self.pct:
            v = value if self.pct_already else value * 100
            return f"{v:.1f}%"
        if self.ratio:
            return f"{value:.2f}" if abs(value) < 100 else f"{value:,.1f}"
        text = f"{abs(value):,.{self.decimals}f}"
        sign = "-" if value < 0 else ""
        scale = f" {self.scale}" if scale_word and self.scale else ""
        return f"{sign}{'$' if self.dollar else ''}{text}{scale}"


def _num(v: float) -> str:
    return f"{v:,.2f}".rstrip("0").rstrip(".") if v != int(v) else f"{int(v):,}"


def computation(ops: list[tuple[str, str]]) -> str | None:
    """The program in arithmetic ("(206,588 − 181,001) / 181,001"), or None for table_ and exp steps."""
    shown: list[str] = []
    for op, args in ops:
        if op.startswith("table_") or op in ("exp", "greater"):
            return None
        a, b = (x.strip() for x in args.split(","))
        if any(x == "const_m1" or "%" in x for x in (a, b)):
            return None
        ta, tb = (
            shown[int(x[1:])] if x.startswith("#") else _num(float(x[6:] if x.startswith("const_") else x))
            for x in (a, b)
        )
        sym = {"add": "+", "subtract": "−", "multiply": "×", "divide": "/"}[op]
        shown.append(f"({ta} {sym} {tb})" if op in ("add", "subtract") else f"{ta} {sym} {tb}")
    text = shown[-1]
    return text[1:-1] if text.startswith("(") and text.endswith(")") and text.count("(") == 1 else text


def subject(question: str) -> str | None:
    m = re.match(r"(?:what|how much) (?:is|was|were|are|will be)(?: the)? (.+?)\s*\??$", question.strip(), re.I)
    return m.group(1) if m else None


def phrase(item: dict, style: str, fig: str, comp: str | None, yes: bool | None, operands: tuple) -> str | None:
    if yes is not None:
        a, b = operands
        return f"{'Yes' if yes else 'No'} — {_num(a)} against {_num(b)}."
    if style == "figure":
        return fig
    if style == "computation":
        return f"{fig} = {comp}." if comp else None
    subj = subject(item["question"])
    return f"The {subj} was {fig}." if subj else None


def twins(
    item: dict, ops: list[tuple[str, str]], value: float, table: list[list[str]], rng
) -> list[tuple[str, float, str]]:
    """(kind, wrong value, its program) candidates: another year's cell, a wrong operation, the figure changed."""
    out: list[tuple[str, float, str]] = []
    program = item["program"]
    for number in dict.fromkeys(re.findall(r"(?<![#\w.])\d+(?:\.\d+)?(?![\w.])", program)):
        v = float(number)
        for row in table[1:]:
            vals = [cell_value(c) for c in row[1:]]
            if v in [abs(x) for x in vals if x is not None]:
                used = {float(n) for n in re.findall(r"(?<![#\w.])\d+(?:\.\d+)?(?![\w.])", program)}
                others = [abs(x) for x in vals if x is not None and abs(x) not in used]
                if others:
                    alt = rng.choice(others)
                    new = re.sub(rf"(?<![#\w.]){re.escape(number)}(?![\w.])", _num(alt).replace(",", ""), program)
                    try:
                        out.append(("year", float(execute(new, table)[-1]), new))
                    except (StopIteration, ValueError, ZeroDivisionError, KeyError):
                        pass
                break
    first, last = ops[0][0], ops[-1][0]
    swap = {"subtract": "add", "add": "subtract"}
    if first in swap:
        new = program.replace(first + "(", swap[first] + "(", 1)
        out.append(("operation", float(execute(new, table)[-1]), new))
    elif last == "divide" and len(ops) == 1:
        a, b = (x.strip() for x in ops[0][1].split(","))
        new = f"divide({b}, {a})"
        out.append(("operation", float(execute(new, table)[-1]), new))
    if len(ops) == 2 and first == "subtract" and last == "divide":  # growth on the other base
        a, b = (x.strip() for x in ops[0][1].split(","))
        new = f"subtract({a}, {b}), divide(#0, {a})"
        out.append(("operation", float(execute(new, table)[-1]), new))
    out.append(("figure", value * rng.choice([0.7, 0.8, 1.25, 1.4]), program))
    return out


def rows_for(item: dict) -> list[dict]:
    rng = _rng(item["id"], "finqa")
    table = item["table"]
    ops = _OP.findall(item["program"])
    try:
        results = execute(item["program"], table)
    except (StopIteration, ValueError, ZeroDivisionError, KeyError, IndexError):
        return []
    value = results[-1]
    expected = item["answer"]
    if isinstance(value, bool):
        if str(expected).lower() not in ("yes", "no") or value != (str(expected).lower() == "yes"):
            return []
    elif not isinstance(expected, (int, float)) or abs(value - float(expected)) > 1e-3 * max(1.0, abs(value)):
        return []
    elif abs(value) < 1e-9:
        return []  # "0": no figure to check
    style_no = rng.randrange(3)
    page = "\n\n".join(
        p for p in (page_prose(item["pre"]), table_text(table, style_no, rng), page_prose(item["post"])) if p
    )
    question = re.sub(r" ([,.;:?])", r"\1", item["question"].strip()).replace("?:", "?").replace(" 2019s ", "’s ")
    question = question[:1].upper() + question[1:]
    base = {"split": split_of(item["company"]), "question": question, "contexts": [page], "company": item["company"]}
    if isinstance(value, bool):
        a, b = (float(x.strip()) for x in ops[-1][1].split(",")) if "#" not in ops[-1][1] else (results[0], results[1])
        right = phrase(item, "", "", None, value, (a, b))
        wrong = phrase(item, "", "", None, not value, (a, b))
        return [
            {**base, "id": item["id"], "answer": right, "label": "supported", "kind": "right", "style": "yes-no"},
            {
                **base,
                "id": item["id"] + "-x",
                "answer": wrong,
                "label": "unsupported",
                "kind": "yes-no",
                "style": "yes-no",
            },
        ]
    fmt = Answer(item, [o for o, _ in ops], page)
    comp = computation(ops)
    styles = ["figure", "computation", "sentence"]
    style = styles[rng.randrange(3)]
    scale_word = style != "figure"
    right = phrase(item, style, fmt.figure(value, scale_word), comp, None, ())
    if right is None:
        style, right = "figure", fmt.figure(value)
    candidates = [t for t in twins(item, ops, value, table, rng) if t[1] == t[1]]
    candidates = [t for t in candidates if fmt.figure(t[1]) != fmt.figure(value)]
    if not candidates:
        return []
    kind, wrong_value, wrong_program = rng.choice(candidates)
    wrong_comp = computation(_OP.findall(wrong_program))
    wrong = phrase(item, style, fmt.figure(wrong_value, scale_word), wrong_comp, None, ())
    if wrong is None:
        return []
    return [
        {**base, "id": item["id"], "answer": right, "label": "supported", "kind": "right", "style": style},
        {**base, "id": item["id"] + "-x", "answer": wrong, "label": "unsupported", "kind": kind, "style": style},
    ]


def build(rows_for, description: str, skipped_note: str) -> None:
    """The command line both FinQA look-alikes share: read the FinQA files, turn each item into its
    supported/unsupported pair with ``rows_for``, drop pairs that overlap a reserved set, write the JSONL."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("files", type=Path, nargs="+", help="FinQA JSON files (lists of items)")
    ap.add_argument("--jsonl", type=Path, required=True, help="every row (keep under /tmp)")
    ap.add_argument("--exclude-hashes", type=Path, help="reserved-set 12-word hashes (/work/shared/reserved.txt)")
    args = ap.parse_args()
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    rows: list[dict] = []
    skipped = 0
    for item in load(args.files):
        pair = rows_for(item)
        if not pair or any(overlaps(t, exclude) for r in pair for t in (r["answer"], r["question"], *r["contexts"])):
            skipped += 1
            continue
        rows += pair
    print(f"{skipped} items skipped ({skipped_note})")
    write_rows(rows, args.jsonl, key=lambda r: f"{r['split']}/{r['kind']}")


def main() -> None:
    build(rows_for, __doc__.split("\n")[0], "program not reproduced, no twin, or reserved overlap")


if __name__ == "__main__":
    main()
