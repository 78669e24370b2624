"""Pages as PDF/HTML text extraction gives them, for make_filings_eval.py; and the committed sample.

A TAT-QA table (rows of cells) is rendered one of five ways: one cell per line with the currency
sign alone on its line (pdfminer), a row per line with space-aligned cells (pdftotext -layout),
tab-separated (HTML to text), a markdown pipe table, or a row per line with long labels wrapped
onto a second line. The page holds the question's paragraphs and table between those of other
reports, so the answer must be located on a long page.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import yaml

_CELL = re.compile(r"^\s*(-)?\s*\$?\s*(\()?\s*\$?\s*(\d[\d,]*(?:\.\d+)?)\s*(\))?\s*%?\s*$")


def parse_cell(cell: str) -> float | None:
    """A table cell's figure (``"$(53)"`` → -53.0), or None for text, a dash or a year header."""
    m = _CELL.match(cell or "")
    if not m:
        return None
    value = float(m.group(3).replace(",", ""))
    return -value if (m.group(1) or (m.group(2) and m.group(4))) else value


def year_columns(table: list[list[str]]) -> list[tuple[int, str]]:
    """(column, year) from the first row that names years."""
    for row in table[:4]:
        found = []
        for c, cell in enumerate(row):
            m = re.search(r"\b((?:19|20)\d\d)\b", cell)
            if c and m:
                found.append((c, m.group(1)))
        if len(found) >= 2:
            return found
    return []


def _cells_per_line(table, rng) -> str:
    lines = []
    for row in table:
        for cell in row:
            cell = cell.strip()
            if not cell:
                continue
            m = re.match(r"^\$\s*(.+)$", cell)
            if m and rng.random() < 0.7:
                lines += ["$", m.group(1).strip()]
            else:
                lines.append(cell)
    return "\n".join(lines)


def _layout(table, rng) -> str:
    width = max(len(r[0]) for r in table) + 2
    return "\n".join(
        (row[0].ljust(width) + "  ".join(re.sub(r"\$\s+", "$ ", c).rjust(12) for c in row[1:])).rstrip()
        for row in table
    )


def _tabs(table, rng) -> str:
    return "\n".join("\t".join(c.strip() for c in row).strip() for row in table)


def _pipes(table, rng) -> str:
    rows = ["| " + " | ".join(c.strip() for c in row) + " |" for row in table]
    return "\n".join(rows[:1] + ["|" + "---|" * len(table[0])] + rows[1:])


def _wrapped(table, rng) -> str:
    lines = []
    for row in table:
        label, cells = row[0].strip(), " ".join(c.strip() for c in row[1:] if c.strip())
        if len(label) > 28 and " " in label[12:]:
            cut = label.index(" ", 12)
            lines += [label[:cut], (label[cut + 1 :] + " " + cells).strip()]
        else:
            lines.append((label + " " + cells).strip())
    return "\n".join(lines)


HEADER = """\
# Filing-style factuality set: question, a long annual-report page with a ragged table, a short answer.
#
# Made by scripts/make_filings_eval.py from TAT-QA (github.com/NExTplusplus/TAT-QA,
# dataset_raw/tatqa_dataset_dev.json -> split dev, tatqa_dataset_test_gold.json -> split holdout;
# licence CC BY 4.0, Zhu et al. 2021). Each page is the question's paragraphs and table between those of
# two other reports, the table as PDF/HTML extraction leaves it. Each correct answer (supported: true)
# has a wrong twin in the same words: kind figure (changed 10-20%), year (another year's cell or the
# same formula on another year), row (another line item), operation (a sum for a change, the wrong
# base of a growth rate, a sum for an average), direction (Yes/No flipped). kinds of the correct
# answers: cell (read from the table), change, growth, average, sum, ratio, other, yes-no.
# This file is a sample of pairs per split; the full rows stay under /tmp (see the script).
#
# Reproduce: llmgateway scorer evaluate eval_sets/factuality_filings.yaml --split holdout
"""

STYLES = [_cells_per_line, _layout, _tabs, _pipes, _wrapped]


def _section(doc: dict, rng: random.Random) -> str:
    paragraphs = [p["text"] for p in sorted(doc["paragraphs"], key=lambda p: p["order"])]
    cut = rng.randint(0, len(paragraphs))
    table = rng.choice(STYLES)(doc["table"]["table"], rng)
    return "\n\n".join(paragraphs[:cut] + [table] + paragraphs[cut:])


def page_text(doc: dict, others: list[dict], rng: random.Random) -> list[str]:
    """The page(s) holding ``doc`` between parts of ``others``: one context, or two pages."""
    parts = [_section(o, rng) for o in others]
    at = rng.randint(0, len(parts))
    parts.insert(at, _section(doc, rng))
    header = f"Annual Report {rng.randint(2019, 2020)}    {rng.randint(20, 140)}"
    if rng.random() < 0.25:
        return [header + "\n" + "\n\n".join(parts[:2]), "\n\n".join(parts[2:])]
    return [header + "\n" + "\n\n".join(parts)]


class _Literal(yaml.SafeDumper):
    """Pages as literal blocks (``|``), so the committed file reads like the extracted page."""


def _str(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    if "\n" in text:
        text = "\n".join(line.rstrip() for line in text.split("\n"))
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", text)


_Literal.add_representer(str, _str)


def write_sample(rows: list[dict], path: Path, pairs: int) -> None:
    """``pairs`` (correct, wrong twin) pairs per split, in the project's labelled-set shape."""
    by_id = {r["id"]: r for r in rows}
    out_sets: dict[str, list[str]] = {}
    items = []
    for split in ("dev", "holdout"):
        firsts = [r for r in rows if r["split"] == split and r["label"] and r["id"] + "-x" in by_id]
        rng = random.Random(f"sample-{split}")
        for r in sorted(rng.sample(firsts, min(pairs, len(firsts))), key=lambda r: r["id"]):
            name = f"p{len(out_sets) + 1:03d}"
            out_sets[name] = r["contexts"]
            for row in (r, by_id[r["id"] + "-x"]):
                items.append(
                    {
                        "id": row["id"][:13] + ("-x" if not row["label"] else ""),
                        "split": split,
                        "kind": row["kind"],
                        "question": row["question"],
                        "supported": row["label"],
                        "answer": row["answer"],
                        "source_set": name,
                    }
                )
    body = yaml.dump(
        {"source_sets": out_sets, "items": items}, Dumper=_Literal, sort_keys=False, allow_unicode=True, width=110
    )
    path.write_text(HEADER + body)
    print(f"{len(items)} items, {len(out_sets)} pages → {path}")
