"""FinQA pages (MIT) with answers written as an analyst writes them over a 10-K page: the figure, how it was
calculated from named line items, and one judgement sentence that follows from it.

    python scripts/make_finqa_analyst_eval.py /tmp/ffb/finqa/*.json --jsonl /tmp/ffb/finqa_analyst.jsonl \
        --exclude-hashes /work/shared/reserved.txt
    llmgateway scorer evaluate /tmp/ffb/finqa_analyst.jsonl --split dev

Source: the same FinQA items as ``make_finqa_eval.py`` (Chen et al., EMNLP 2021; github.com/czyssrs/FinQA, MIT;
the public copies sukritganesh/FinQA_Analysis @ dcc6164 and abhisvakil/FinQA-Mini-Project @ e77f319): the page
is the same real 10-K page rendered the same way (same seeds), the question and the executed program are the
finance experts'. What differs is the answer: FinanceBench-like answers are a figure *with its computation in
words* and often a judgement ("The FY2019 fixed asset turnover is 24.26, computed as revenue / average PP&E.";
"Yes, it is capital-intensive: capex was 5% of revenue"). Here the expert's program is written that way:

* the lead sentence — "The <question's subject> was <figure>" or "<figure>" alone, the figure rounded as people
  round it (a percentage to one decimal or, a third of the time, to a whole "about 14%"; amounts ≥ 1,000 of the
  page's thousands or millions, a third of the time, in the next scale: "$25.6 million" for 25,587 thousand);
* ", calculated as" the program with each operand named by the table row and column it was read from ("(net
  revenue in 2015 of $206,588 − net revenue in 2014 of $181,001) / net revenue in 2014") — or by its figure
  alone when the page prints it in prose;
* one judgement sentence that follows from the figure's sign or size: "<Row> increased over the period." /
  "decreased"; "<row A> is less than half of <row B>."; "<row A> exceeds <row B>."; none for an average or a sum.

Changed twins (label unsupported, same style): the wrong value of ``make_finqa_eval.twins`` (another year's
cell, a wrong operation, the figure ×0.7–1.4) written the same way with its own computation and judgement, or
(``judgement``) the right figure and computation with the judgement reversed ("decreased" for an increase).
Split by company as ``make_finqa_eval`` (train / dev / holdout). Rows stay under /tmp; a row sharing a 12-word
passage with a reserved set is dropped (``--exclude-hashes``). Deterministic.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_filings_eval import _rng  # noqa: E402
from make_finqa_eval import (  # noqa: E402
    _OP,
    Answer,
    _num,
    build,
    cell_value,
    execute,
    page_prose,
    split_of,
    subject,
    table_text,
    twins,
)

_SCALES = ["thousand", "million", "billion"]


def operand_names(table: list[list[str]]) -> dict[float, str]:
    """Each absolute cell value → "<row label> in <column header>" (the first cell holding it)."""
    header = [re.sub(r"\s+", " ", c).strip() for c in table[0]] if table else []
    names: dict[float, str] = {}
    for row in table[1:]:
        label = re.sub(r"\s*\(\d\)|\s+", " ", row[0]).strip(" :").lower() if row else ""
        if not label or len(label) > 60:
            continue
        for j, cell in enumerate(row[1:], start=1):
            v = cell_value(cell)
            col = header[j] if j < len(header) else ""
            if v is None or abs(v) in names:
                continue
            if not re.search(r"[a-z]{3}", label):  # a year per row: the column names the line item
                names[abs(v)] = f"{col.lower()} in {label}" if re.search(r"[a-z]{3}", col, re.I) else ""
            elif re.search(r"\b(19|20)\d\d\b", col):
                names[abs(v)] = f"{label} in {col}"
            else:
                names[abs(v)] = label
    return names


def worded(ops: list[tuple[str, str]], names: dict[float, str], fmt: Answer) -> str | None:
    """The program with its operands named ("(revenue in 2015 of $206,588 − revenue in 2014 of $181,001) / …")."""
    shown: list[str] = []
    for op, args in ops:
        if op.startswith("table_") or op in ("exp", "greater"):
            return None
        parts = [x.strip() for x in args.split(",")]
        if any(x == "const_m1" or "%" in x for x in parts):
            return None
        text = []
        for x in parts:
            if x.startswith("#"):
                text.append(shown[int(x[1:])])
            elif x.startswith("const_"):
                text.append(_num(float(x[6:])))
            else:
                v = float(x)
                figure = ("$" if fmt.dollar else "") + _num(abs(v))
                name = names.get(abs(v)) or ""
                text.append(f"{name} of {figure}" if name else figure)
        sym = {"add": "+", "subtract": "−", "multiply": "×", "divide": "/"}[op]
        shown.append(f"({text[0]} {sym} {text[1]})" if op in ("add", "subtract") else f"{text[0]} {sym} {text[1]}")
    out = shown[-1]
    return out[1:-1] if out.startswith("(") and out.endswith(")") and out.count("(") == 1 else out


def loose(fmt: Answer, value: float, rng) -> str:
    """The figure as people round it: "about 14%", "$25.6 million" for 25,587 thousand, else as printed."""
    roll = rng.random()
    if fmt.pct and roll < 0.33:
        v = value if fmt.pct_already else value * 100
        return f"about {v:.0f}%"
    if not fmt.pct and not fmt.ratio and fmt.scale in _SCALES[:2] and abs(value) >= 1000 and roll < 0.33:
        up = _SCALES[_SCALES.index(fmt.scale) + 1]
        sign = "-" if value < 0 else ""
        return f"{sign}{'$' if fmt.dollar else ''}{abs(value) / 1000:,.1f} {up}"
    return fmt.figure(value, scale_word=True)


def judgement(ops: list[tuple[str, str]], value: float, names: dict[float, str], fmt: Answer, flip: bool) -> str:
    """One sentence that follows from the figure ("" when none does): a change's direction, a share's size."""
    first, last = ops[0][0], ops[-1][0]
    args = [x.strip() for x in ops[0][1].split(",")]
    plain = [names.get(abs(float(x))) for x in args if not x.startswith(("#", "const_"))]
    items = {re.sub(r" in (?:fiscal )?\d{4}.*$", "", x) for x in plain if x}
    item = next(iter(items)) if len(items) == 1 and len(plain) == 2 and all(plain) else ""
    same_item = bool(item) and plain[0] != plain[1]  # one line item, two years
    if first == "subtract" and same_item and (len(ops) == 1 or (len(ops) == 2 and last == "divide")):
        up = (value > 0) != flip
        return f"{item[:1].upper() + item[1:]} {'increased' if up else 'decreased'} over the period."
    if len(ops) == 1 and first == "divide" and len(plain) == 2 and all(plain) and not item:
        a, b = plain
        ratio = value / 100 if fmt.pct_already else value
        if fmt.pct:
            small = (ratio < 0.5) != flip
            return f"{a[:1].upper() + a[1:]} is {'less' if small else 'more'} than half of {b}."
        more = (ratio > 1) != flip
        return f"{a[:1].upper() + a[1:]} is {'larger' if more else 'smaller'} than {b}."
    return ""


def answer(item: dict, ops, value: float, fmt: Answer, names, rng, lead: int, flip: bool = False) -> str | None:
    how = worded(ops, names, fmt)
    if how is None:
        return None
    fig = loose(fmt, value, rng)
    subj = subject(item["question"])
    first = f"The {subj} was {fig}" if subj and lead else fig[:1].upper() + fig[1:]
    why = judgement(ops, value, names, fmt, flip)
    return f"{first}, calculated as {how}." + (f" {why}" if why else "")


def rows_for(item: dict) -> list[dict]:
    rng = _rng(item["id"], "finqa")  # the page as make_finqa_eval renders it
    table = item["table"]
    ops = _OP.findall(item["program"])
    try:
        value = execute(item["program"], table)[-1]
    except (StopIteration, ValueError, ZeroDivisionError, KeyError, IndexError):
        return []
    expected = item["answer"]
    if isinstance(value, bool) or not isinstance(expected, (int, float)):
        return []
    if abs(value - float(expected)) > 1e-3 * max(1.0, abs(value)) or abs(value) < 1e-9:
        return []
    style_no = rng.randrange(3)
    page = "\n\n".join(
        p for p in (page_prose(item["pre"]), table_text(table, style_no, rng), page_prose(item["post"])) if p
    )
    question = re.sub(r" ([,.;:?])", r"\1", item["question"].strip()).replace("?:", "?").replace(" 2019s ", "’s ")
    question = question[:1].upper() + question[1:]
    own = _rng(item["id"], "finqa-analyst")
    fmt = Answer(item, [o for o, _ in ops], page)
    names = operand_names(table)
    lead = own.randrange(3)  # 0: the figure first, else "The <subject> was …"
    right = answer(item, ops, value, fmt, names, _rng(item["id"], "loose"), lead)
    if right is None:
        return []
    candidates = [t for t in twins(item, ops, value, table, own) if t[1] == t[1]]
    candidates = [t for t in candidates if fmt.figure(t[1]) != fmt.figure(value)]
    wrong = None
    if judgement(ops, value, names, fmt, False) and own.random() < 0.3:
        kind, wrong = "judgement", answer(item, ops, value, fmt, names, _rng(item["id"], "loose"), lead, flip=True)
    elif candidates:
        kind, wrong_value, wrong_program = own.choice(candidates)
        wrong = answer(item, _OP.findall(wrong_program), wrong_value, fmt, names, _rng(item["id"], "loose"), lead)
    if wrong is None or wrong == right:
        return []
    base = {"split": split_of(item["company"]), "question": question, "contexts": [page], "company": item["company"]}
    return [
        {**base, "id": item["id"], "answer": right, "label": "supported", "kind": "right", "style": "analyst"},
        {**base, "id": item["id"] + "-x", "answer": wrong, "label": "unsupported", "kind": kind, "style": "analyst"},
    ]


def main() -> None:
    build(rows_for, __doc__.split("\n")[0], "program not reproduced or not worded, no twin, or reserved overlap")


if __name__ == "__main__":
    main()
