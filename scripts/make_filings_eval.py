"""Filing-style factuality rows from TAT-QA (public; CC BY 4.0): long pages, ragged tables, short answers.

    python scripts/make_filings_eval.py DEV.json TEST_GOLD.json --jsonl /tmp/fact-finance/filings.jsonl \
        [--yaml eval_sets/factuality_filings.yaml --sample 40]

TAT-QA (github.com/NExTplusplus/TAT-QA, dataset_raw/tatqa_dataset_{dev,test_gold}.json) gives a
table and paragraphs from an annual report, questions, answers (a cell, or a figure computed by a
written derivation such as ``(44.1-56.7)/56.7``) and the answer's scale. Each row this script
writes is ``{id, split, kind, question, contexts, answer, label}``:

* the page: the question's table and paragraphs between the table and paragraphs of one or two
  other reports, the table rendered as PDF or HTML extraction leaves it (one cell per line, a
  currency sign alone on its line, space-aligned columns, tabs, pipes; ``(114)`` negatives);
* the correct answer phrased as an analyst would (a bare figure with its scale word, a sentence, a
  rounded figure, another scale such as ``$1.5 billion`` for ``1,496.5`` in millions; "Yes, ... "
  with a figure for a did-it-rise question made from two cells of a row);
* its wrong twin in the same words: the figure changed (±10–20%), another year's cell (same row),
  another line item's cell (same column), or a wrong operation (a sum for a change, the wrong base
  of a growth rate, a sum for an average).

TAT-QA dev gives the ``dev`` split (used to improve the scorer), test_gold the ``holdout`` split.
Deterministic (seeded by the item's uid).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from pathlib import Path

from filings_render import page_text, parse_cell, write_sample, year_columns

_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _rng(*keys: str) -> random.Random:
    return random.Random(int(hashlib.sha256("|".join(keys).encode()).hexdigest()[:12], 16))


def _currency(doc: dict) -> str:
    """The currency sign the report uses most ("" for none): its table's, else its paragraphs'."""
    for text in (json.dumps(doc["table"]["table"], ensure_ascii=False), " ".join(p["text"] for p in doc["paragraphs"])):
        counts = {sign: text.count(sign) for sign in "$€£"}
        sign = max(counts, key=lambda k: counts[k])
        if counts[sign]:
            return sign
    return ""


def fmt(value: float, decimals: int) -> str:
    return f"{abs(value):,.{decimals}f}"


def phrase(value: float, *, scale: str, cur: str, style: int, decimals: int, op: str = "") -> str:
    """A figure as an analyst would write it; ``style`` picks the wording (the same for a twin)."""
    neg = value < 0
    if scale == "percent":
        d = 1 if style % 3 else min(decimals, 2)
        body = f"{fmt(value, d)}%"
        if op in ("change", "growth") and style % 2:
            return f"{'a decrease' if neg else 'an increase'} of {body}"
        return ("-" if neg else "") + body
    word = {"thousand": " thousand", "million": " million", "billion": " billion"}.get(scale, "")
    if style % 4 == 3 and scale in ("thousand", "million") and abs(value) >= 100:
        up = {"thousand": (1e3, " million"), "million": (1e3, " billion")}[scale]
        body = f"{cur}{abs(value) / up[0]:,.{2 if abs(value) < 10_000 else 1}f}{up[1]}"
    elif style % 4 == 2 and scale == "million" and cur:
        body = f"{cur}{fmt(value, decimals)}m"
    else:
        body = f"{cur}{fmt(value, decimals)}{word}"
    if op == "change" and style % 2:
        return f"{'a decrease' if neg else 'an increase'} of {body}"
    return ("-" if neg else "") + body if not (style % 5 == 4 and neg) else f"({body})"


def sentence(question: str, figure: str, style: int) -> str:
    q = question.strip().rstrip("?").strip()
    m = re.match(r"(?i)what (?:is|was|were|are) (?:the )?(.+)", q)
    if style % 3 == 0 or not m:
        return figure
    subject = m.group(1)
    if style % 3 == 1:
        return f"The {subject} was {figure}."
    return f"{figure[0].upper() + figure[1:]} — that is the {subject}."


def _operation(derivation: str) -> str:
    shape = re.sub(r"\$?\d[\d,]*(?:\.\d+)?%?", "n", derivation).replace(" ", "")
    shape = re.sub(r"^\((.*)\)\*n$", r"\1", shape)  # "((a-b)/b)*100", "(a/b)*100"
    shape = (
        re.sub(r"^\((.*)\)$", r"\1", shape)
        if shape.count("(") == 1 and shape.startswith("(") and shape.endswith(")")
        else shape
    )
    if re.fullmatch(r"\(?-?n-\(?-?n\)?\)?/-?n(?:\*100)?", shape) or shape in ("n/n-n",):
        return "growth"
    if re.fullmatch(r"-?n-\(?-?n\)?", shape):
        return "change"
    if re.fullmatch(r"\((?:n\+)+n\)/n", shape):
        return "average"
    if re.fullmatch(r"\(?(?:n\+)+n\)?", shape):
        return "sum"
    if shape in ("n/n", "(n/n)"):
        return "ratio"
    return "other"


def _evaluate(expr: str) -> float | None:
    clean = expr.replace("$", "").replace(",", "").replace("%", "").replace("[", "(").replace("]", ")")
    if not re.fullmatch(r"[\d.+\-*/() ]+", clean):
        return None
    try:
        return float(eval(clean, {"__builtins__": {}}))  # noqa: S307 - digits and operators only
    except (ZeroDivisionError, SyntaxError):
        return None


def _wrong_operation(derivation: str, op: str) -> float | None:
    nums = [float(n.replace(",", "")) for n in _NUM.findall(derivation)]
    if op == "change" and len(nums) == 2:
        return nums[0] + nums[1]
    if op == "growth" and len(nums) >= 2:
        return (nums[0] - nums[1]) / nums[0] * 100 if nums[0] else None
    if op == "average" and len(nums) >= 3:
        return sum(nums[:-1])
    if op == "ratio" and len(nums) == 2 and nums[0]:
        return nums[1] / nums[0]
    return None


def _shifted(derivation: str, table: list[list[str]], rng: random.Random, axis: str) -> float | None:
    """The derivation redone on another row (axis "row") or year column (axis "col") of the table."""
    cells = {}
    for r, row in enumerate(table):
        for c, cell in enumerate(row):
            v = parse_cell(cell)
            if v is not None:
                cells.setdefault(abs(v), (r, c))
    nums = list(_NUM.finditer(derivation))
    places = [cells.get(float(m.group(0).replace(",", ""))) for m in nums]
    if not nums or any(p is None for p in places):
        return None
    rows = sorted({p[0] for p in places if p})
    cols = sorted({p[1] for p in places if p})
    if axis == "row":
        options = [r for r in range(len(table)) if r not in rows and all(parse_cell(table[r][c]) for c in cols)]
        if len(rows) != 1 or not options:
            return None
        new = rng.choice(options)
        repl = [table[new][p[1]] for p in places if p]
    else:
        width = max(len(r) for r in table)
        options = [c for c in range(1, width) if c not in cols and all(parse_cell(_at(table, r, c)) for r in rows)]
        if len(cols) != 1 or not options:
            return None
        new = rng.choice(options)
        repl = [_at(table, p[0], new) for p in places if p]
    out, last = "", 0
    for m, cell in zip(nums, repl):
        out += derivation[last : m.start()] + str(abs(parse_cell(cell) or 0))
        last = m.end()
    return _evaluate(out + derivation[last:])


def _at(table: list[list[str]], r: int, c: int) -> str:
    return table[r][c] if c < len(table[r]) else ""


def _distinct(a: float, b: float | None) -> bool:
    return b is not None and abs(a - b) > 0.03 * max(abs(a), 1e-9) + 0.01


def rows_for(doc: dict, others: list[dict], split: str) -> list[dict]:
    out = []
    table = doc["table"]["table"]
    cur = _currency(doc)
    for q in doc["questions"]:
        ans = q["answer"]
        if q["answer_type"] == "arithmetic" and isinstance(ans, int | float):
            value, op = float(ans), _operation(q["derivation"])
        elif q["answer_type"] == "span" and q["answer_from"] != "text" and len(ans) == 1:
            v = parse_cell(ans[0])
            if v is None or re.fullmatch(r"(?:19|20)\d\d", ans[0].strip()):
                continue
            value, op = v, "cell"
        else:
            continue
        rng = _rng(q["uid"])
        text = str(ans if op != "cell" else ans[0]).replace(",", "")
        decimals = min(len(text.split(".")[1]) if "." in text else 0, 2)
        style = rng.randrange(60)
        kinds = ["figure", "year", "row"] + (["operation"] if op in ("change", "growth", "average", "ratio") else [])
        wrong, kind = None, ""
        for kind in rng.sample(kinds, len(kinds)):
            if kind == "figure":
                wrong = value * rng.choice([1.2, 0.8, 1.15, 0.85])
            elif kind == "operation":
                wrong = _wrong_operation(q["derivation"], op)
            elif op == "cell":
                wrong = _cell_shift(table, ans[0], rng, kind)
            else:
                wrong = _shifted(q["derivation"], table, rng, "col" if kind == "year" else "row")
            if _distinct(value, wrong):
                break
            wrong = None
        if wrong is None:
            continue
        scale = q["scale"]
        sign = cur if scale != "percent" else ""
        # "the difference between 2018 and 2019": no direction words in the answer
        worded = op if re.search(r"(?i)change|increase|decrease|growth", q["question"]) else ""
        right_fig = phrase(value, scale=scale, cur=sign, style=style, decimals=decimals, op=worded)
        wrong_fig = phrase(wrong, scale=scale, cur=sign, style=style, decimals=decimals, op=worded)
        if right_fig == wrong_fig:
            continue
        contexts = page_text(doc, others, rng)
        base = {"split": split, "question": q["question"], "contexts": contexts}
        out.append(
            base | {"id": q["uid"], "kind": op, "answer": sentence(q["question"], right_fig, style), "label": True}
        )
        out.append(
            base
            | {"id": q["uid"] + "-x", "kind": kind, "answer": sentence(q["question"], wrong_fig, style), "label": False}
        )
    out += _yes_no(doc, others, split, cur)
    return out


def _cell_shift(table: list[list[str]], cell: str, rng: random.Random, kind: str) -> float | None:
    for r, row in enumerate(table):
        for c, text in enumerate(row):
            if text.strip() == cell.strip():
                if kind == "year":
                    options = [parse_cell(x) for k, x in enumerate(row) if k and k != c]
                else:
                    options = [parse_cell(_at(table, k, c)) for k in range(len(table)) if k != r]
                options = [o for o in options if o is not None]
                return rng.choice(options) if options else None
    return None


def _yes_no(doc: dict, others: list[dict], split: str, cur: str) -> list[dict]:
    """One "did X rise from Y0 to Y1?" question per table, answered "Yes/No, ..." with the growth."""
    table = doc["table"]["table"]
    years = year_columns(table)
    rng = _rng(doc["table"]["uid"], "yn")
    pairs = [(years[a], years[b]) for a in range(len(years)) for b in range(a + 1, len(years))]
    candidates = []
    for row in table:
        label = row[0].strip().rstrip(":")
        if not label or len(label) > 60 or not re.search(r"[a-z]", label):
            continue
        for (c1, y1), (c0, y0) in pairs:
            if int(y1) == int(y0) + 1:
                a, b = parse_cell(_at([row], 0, c1)), parse_cell(_at([row], 0, c0))
                if a and b and a > 0 and b > 0 and abs(a / b - 1) > 0.02:
                    unit = "%" if "%" in _at([row], 0, c1) else ""
                    candidates.append((label, y1, y0, a, b, unit))
    if not candidates:
        return []
    label, y1, y0, a, b, unit = rng.choice(candidates)
    sign = "" if unit else cur
    growth = (a - b) / b * 100 if not unit else a - b
    pts = " percentage points" if unit else "%"
    rose = a > b
    question = f"Did {label[0].lower() + label[1:]} increase from {y0} to {y1}?"
    word, verb = ("Yes", "rose") if rose else ("No", "fell")
    judgement = rng.choice(["", "", ", a solid improvement" if rose else ", a clear deterioration"])
    right = f"{word}, it {verb} {abs(growth):.1f}{pts} to {sign}{_plain(a)}{unit} in {y1}{judgement}."
    wrong_growth = abs(growth) * rng.choice([1.3, 0.7]) if rng.random() < 0.5 else None
    if wrong_growth is not None and abs(wrong_growth - abs(growth)) > 0.15:
        wrong = f"{word}, it {verb} {wrong_growth:.1f}{pts} to {sign}{_plain(a)}{unit} in {y1}{judgement}."
        kind = "figure"
    else:
        other = ("No", "fell") if rose else ("Yes", "rose")
        wrong = f"{other[0]}, it {other[1]} {abs(growth):.1f}{pts} to {sign}{_plain(a)}{unit} in {y1}{judgement}."
        kind = "direction"
    contexts = page_text(doc, others, rng)
    uid = doc["table"]["uid"] + "-yn"
    base = {"split": split, "question": question, "contexts": contexts}
    return [
        base | {"id": uid, "kind": "yes-no", "answer": right, "label": True},
        base | {"id": uid + "-x", "kind": kind, "answer": wrong, "label": False},
    ]


def _plain(v: float) -> str:
    return f"{v:,.0f}" if v == int(v) else f"{v:,.1f}" if abs(v * 10 - round(v * 10)) < 1e-9 else f"{v:,.2f}"


def build(path: Path, split: str) -> list[dict]:
    docs = json.loads(path.read_text())
    rows = []
    for i, doc in enumerate(docs):
        rng = _rng(doc["table"]["uid"], "others")
        others = [docs[j] for j in rng.sample([k for k in range(len(docs)) if k != i], 2)]
        rows += rows_for(doc, others, split)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dev", type=Path, help="tatqa_dataset_dev.json")
    ap.add_argument("holdout", type=Path, help="tatqa_dataset_test_gold.json")
    ap.add_argument("--jsonl", type=Path, required=True, help="every row (keep under /tmp)")
    ap.add_argument("--yaml", type=Path, help="a sample of pairs per split as a committed eval set")
    ap.add_argument("--sample", type=int, default=40, help="pairs per split in --yaml")
    args = ap.parse_args()
    rows = build(args.dev, "dev") + build(args.holdout, "holdout")
    args.jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows))
    print(f"{len(rows)} rows → {args.jsonl}")
    if args.yaml:
        write_sample(rows, args.yaml, args.sample)


if __name__ == "__main__":
    main()
