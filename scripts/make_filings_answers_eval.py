"""Analyst-style long answers over filing pages, from TAT-QA (public; CC BY 4.0).

    python scripts/make_filings_answers_eval.py DEV.json TEST_GOLD.json --jsonl /tmp/fqa/filings_long.jsonl \
        [--exclude-hashes ../shared/reserved.txt]

TAT-QA (github.com/NExTplusplus/TAT-QA, ``dataset_raw/tatqa_dataset_{dev,test_gold}.json``, Zhu et al.
2021, CC BY 4.0) gives an annual report's table and paragraphs, questions, answers (a cell or a figure
computed by a written derivation such as ``(73,260-57,768)/57,768``) and the scale. Where
``make_filings_eval.py`` writes short answers, this script writes the answer a model gives an analyst:

* the page: the question's table and paragraphs among those of three other reports (several tables,
  ~1,000+ words), tables rendered as PDF/HTML extraction leaves them (filings_render.py);
* the correct answer as an explanation (``style``): the question's subject and years repeated ("The
  percentage change in the valuation allowance from 2018 to 2019 was 25.1%"), the figures it was
  computed from with their years and the formula ("… computed as (19,911 − 15,916) / 15,916 from the
  valuation allowance of 19,911 in 2019 and 15,916 in 2018"), a rounded figure ("about 25%", "roughly
  $1.6 billion"), restated units ("USD 1,577 million", "1,577 (in thousands)"), lead-ins and filler
  sentences ("This figure is taken from the table in the annual report.");
* its wrong twin (``kind``): ``figure`` — the final figure changed by ±20%; ``operand`` — one figure
  the explanation quotes changed by ±20%; ``other`` — another question's correct answer (another
  report), written the same way.

TAT-QA dev → split ``dev`` (choose on it), test_gold → ``holdout`` (report only). Deterministic.
Rows sharing a 12-word passage with a reserved set are dropped (``--exclude-hashes``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from filings_render import page_text, parse_cell, year_columns  # noqa: E402
from make_filings_eval import _currency, _operation, _rng  # noqa: E402
from tatqa_lookalike import not_reserved, parser, reports_with_others, reserved_hashes, write_rows  # noqa: E402

_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")
SCALE_WORD = {"thousand": "thousand", "million": "million", "billion": "billion"}
FILLER = [
    "This figure is taken from the table in the annual report.",
    "All amounts are as reported in the company's financial statements.",
    "The figures are taken directly from the table on this page.",
    "This is based on the figures reported for each year.",
    "Let me know if you need the underlying calculation in more detail.",
    "These numbers come from the company's consolidated financial statements.",
]
LEAD = ["", "", "Based on the table, ", "According to the annual report, ", "From the filing, "]


def subject_of(question: str) -> str:
    q = question.strip().rstrip("?").strip()
    m = re.match(r"(?i)^(?:what|how much) (?:is|was|were|are) (?:the )?(.+)$", q)
    return m.group(1) if m else ""


def figure(value: float, scale: str, cur: str, style: int, decimals: int) -> str:
    """``value`` as a model writes it: exact, rounded ("about …"), or in restated units."""
    neg = "-" if value < 0 else ""
    v = abs(value)
    if scale == "percent":
        if style % 4 == 1:
            return f"about {neg}{v:,.0f}%" if v >= 10 else f"about {neg}{v:,.1f}%"
        return f"{neg}{v:,.{decimals}f}%"
    word = SCALE_WORD.get(scale, "")
    if style % 4 == 1 and v >= 100 and word in ("thousand", "million"):  # rounded and rescaled
        up = {"thousand": "million", "million": "billion"}[word]
        return f"roughly {neg}{cur}{v / 1000:,.1f} {up}"
    if style % 4 == 2 and word:
        code = {"$": "USD ", "€": "EUR ", "£": "GBP "}.get(cur, "")
        return f"{neg}{code}{v:,.{decimals}f} {word}" if code else f"{neg}{v:,.{decimals}f} (in {word}s)"
    if style % 4 == 3 and word and cur:
        return f"{neg}{cur}{v:,.{decimals}f} (in {word}s)"
    return f"{neg}{cur}{v:,.{decimals}f}{' ' + word if word else ''}"


def operands(derivation: str, table: list[list[str]]) -> list[tuple[str, str, str]]:
    """(number as printed, row label, year) for each derivation figure found as a table cell."""
    years = dict(year_columns(table))
    out = []
    for m in _NUM.finditer(derivation):
        value = float(m.group(0).replace(",", ""))
        for row in table:
            hit = next((c for c, cell in enumerate(row) if c and parse_cell(cell) in (value, -value)), None)
            if hit is not None:
                pct = "%" if "%" in row[hit] else ""
                out.append((m.group(0) + pct, row[0].strip().rstrip(":"), years.get(hit, "")))
                break
    return out


def _num(text: str) -> float:
    return float(text.rstrip("%").replace(",", ""))


def explanation(derivation: str, ops: list[tuple[str, str, str]], op: str, cur: str, style: int) -> str:
    formula = derivation.strip().replace("-", " − ").replace("*", " × ").replace("  ", " ")
    quoted = [f"{'' if n.endswith('%') else cur}{n}{' in ' + y if y else ''}" for n, _, y in ops]
    label = ops[0][1] if ops and len({o[1] for o in ops}) == 1 else ""
    if op in ("change", "growth") and len(ops) == 2 and label:
        verb = "up" if _num(ops[0][0]) >= _num(ops[1][0]) else "down"
        source = f"{label[0].lower() + label[1:]} was {quoted[0]}, {verb} from {quoted[1]}"
        return (
            f"{source[0].upper() + source[1:]}; computed as {formula}."
            if style % 2
            else f"{source[0].upper() + source[1:]}."
        )
    if ops and style % 2:
        return f"This is computed as {formula} from the table."
    if ops:
        return f"It uses {', '.join(quoted)} from the table."
    return ""


def answer_text(q: dict, value: float, op: str, ops, cur: str, style: int, decimals: int, changed: int | None) -> str:
    """The analyst answer; ``changed``: the index of the quoted operand to change by ±20% (wrong twin)."""
    scale = q["scale"]
    sign = cur if scale != "percent" and not (scale == "" and op == "ratio") else ""
    fig = figure(value, scale, sign, style, decimals)
    subject = subject_of(q["question"])
    lead = LEAD[style % len(LEAD)]
    head = f"The {subject} was {fig}." if subject and style % 3 else f"{fig}."
    head = lead + ("t" + head[1:] if lead and head.startswith("The ") else head) if lead else head[0].upper() + head[1:]
    if changed is not None:
        n, label, year = ops[changed]
        digits = n.rstrip("%")
        new = f"{_num(n) * (1.2 if style % 2 else 0.8):,.{len(digits.split('.')[1]) if '.' in digits else 0}f}"
        ops = list(ops)
        ops[changed] = (new + n[len(digits) :], label, year)
        derivation = q["derivation"].replace(digits, new, 1)
    else:
        derivation = q["derivation"]
    parts = [head]
    if style % 5 != 0:
        parts.append(explanation(derivation, ops, op, cur, style))
    if style % 3 == 0:
        parts.append(FILLER[style % len(FILLER)])
    return " ".join(p for p in parts if p)


def rows_for(doc: dict, others: list[dict], split: str) -> list[dict]:
    out = []
    cur = _currency(doc)
    for q in doc["questions"]:
        if q["answer_type"] != "arithmetic" or not isinstance(q["answer"], int | float):
            continue
        value, op = float(q["answer"]), _operation(q["derivation"])
        ops = operands(q["derivation"], doc["table"]["table"])
        if len(ops) != len(_NUM.findall(q["derivation"])):
            ops = []
        rng = _rng(q["uid"], "long")
        style = rng.randrange(600)
        text = str(q["answer"])
        decimals = min(len(text.split(".")[1]) if "." in text else 0, 2)
        right = answer_text(q, value, op, ops, cur, style, decimals, None)
        kinds = ["figure"] + (["operand"] if ops and style % 5 else [])
        kind = rng.choice(kinds)
        if kind == "figure":
            wrong = answer_text(q, value * rng.choice([1.2, 0.8]), op, ops, cur, style, decimals, None)
        else:
            wrong = answer_text(q, value, op, ops, cur, style, decimals, rng.randrange(len(ops)))
        if wrong == right:
            continue
        contexts = page_text(doc, others, rng)
        base = {"split": split, "question": q["question"], "contexts": contexts, "op": op}
        out.append(base | {"id": q["uid"], "kind": "right", "answer": right, "label": True})
        out.append(base | {"id": q["uid"] + "-x", "kind": kind, "answer": wrong, "label": False})
    return out


def build(path: Path, split: str, exclude: set[str]) -> list[dict]:
    rows = [r for doc, others in reports_with_others(path, "others-long") for r in rows_for(doc, others, split)]
    # "another question's answer": a right answer of a question about another report, same kind of figure
    rights = [r for r in rows if r["label"]]
    for r in rights:
        rng = _rng(r["id"], "other")
        if rng.random() < 0.25:
            pool = [x for x in rights if x["op"] == r["op"] and x["contexts"] != r["contexts"]]
            if pool:
                other = rng.choice(pool)
                rows.append(r | {"id": r["id"] + "-o", "kind": "other", "answer": other["answer"], "label": False})
    return not_reserved(rows, exclude)


def main() -> None:
    args = parser(__doc__.splitlines()[0]).parse_args()
    exclude = reserved_hashes(args)
    rows = build(args.dev, "dev", exclude) + build(args.holdout, "holdout", exclude)
    write_rows(rows, args.jsonl)


if __name__ == "__main__":
    main()
