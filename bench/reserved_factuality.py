"""Turn the reserved factuality test sets into `llmgateway scorer evaluate` JSONL, under /tmp only.

    python bench/reserved_factuality.py halueval HALUEVAL_QA.jsonl /tmp/halueval_eval.jsonl [--n 150]
    python bench/reserved_factuality.py financebench FINANCEBENCH_OPEN_SOURCE.jsonl /tmp/financebench_eval.jsonl
    python bench/reserved_factuality.py pairs40 FINANCEBENCH_OPEN_SOURCE.jsonl /tmp/pairs40_eval.jsonl

HaluEval QA (RUCAIBox/HaluEval, generation/qa/qa_one-turn_data.json: knowledge, question, right and
hallucinated answer): the first N items give N supported and N unsupported rows. FinanceBench
(patronus-ai/financebench, data/financebench_open_source.jsonl: question, evidence pages, correct
answer): the correct answer is a supported row; the same answer with its first figure changed by
+20% (or, without a figure, another question's answer about the same company) is an unsupported
one. These sets are reserved: never train or tune on them, never copy their text into the repo.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def halueval(src: Path, n: int) -> list[dict]:
    rows = []
    for line in src.read_text().splitlines()[:n]:
        d = json.loads(line)
        for answer, label in ((d["right_answer"], "supported"), (d["hallucinated_answer"], "unsupported")):
            rows.append({"question": d["question"], "contexts": [d["knowledge"]], "answer": answer, "label": label})
    return rows


def _changed(answer: str) -> str | None:
    m = _NUMBER.search(answer)
    if not m:
        return None
    raw = m.group(0).replace(",", "")
    value = float(raw) * 1.2 if float(raw) != 0 else 7.0
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    new = f"{value:,.{decimals}f}" if "," in m.group(0) else f"{value:.{decimals}f}"
    return answer[: m.start()] + new + answer[m.end() :]


def financebench(src: Path) -> list[dict]:
    items = [json.loads(line) for line in src.read_text().splitlines() if line.strip()]
    rows = []
    for i, d in enumerate(items):
        contexts = [e["evidence_text"] for e in d["evidence"]]
        rows.append(
            {
                "id": d["financebench_id"],
                "question": d["question"],
                "contexts": contexts,
                "answer": d["answer"],
                "label": "supported",
                "kind": "correct",
            }
        )
        wrong = _changed(d["answer"])
        kind = "figure"
        if wrong is None:
            other = next((o for o in items[i + 1 :] + items[:i] if o["company"] == d["company"]), items[i - 1])
            wrong, kind = other["answer"], "swapped"
        rows.append(
            {
                "id": d["financebench_id"] + "-x",
                "question": d["question"],
                "contexts": contexts,
                "answer": wrong,
                "label": "unsupported",
                "kind": kind,
            }
        )
    return rows


def pairs40(src: Path) -> list[dict]:
    """A reconstruction of the issue's 40 finance answer/source pairs (that set is not available
    here): the first 20 FinanceBench items whose answer prints a figure, each correct, and changed —
    in turn its first figure +20%, its company swapped for another item's (or, when the answer names
    none, another company's answer to its own question type), or another question's answer about
    the same company."""
    items = [json.loads(line) for line in src.read_text().splitlines() if line.strip()]
    picked = [d for d in items if _NUMBER.search(d["answer"])][:20]
    rows = []
    for k, d in enumerate(picked):
        contexts = [e["evidence_text"] for e in d["evidence"]]
        base = {"question": d["question"], "contexts": contexts}
        rows.append(base | {"id": d["financebench_id"], "answer": d["answer"], "label": "supported", "kind": "correct"})
        others = [o for o in items if o["company"] != d["company"]]
        if k % 3 == 0:
            wrong, kind = _changed(d["answer"]) or d["answer"], "figure"
        elif k % 3 == 1:
            other = others[k % len(others)]
            if d["company"] in d["answer"]:
                wrong = d["answer"].replace(d["company"], other["company"])
            else:
                same = [o for o in others if o["question_type"] == d["question_type"] and _NUMBER.search(o["answer"])]
                wrong = (same or others)[k % len(same or others)]["answer"]
            kind = "entity"
        else:
            mine = [o for o in items if o["company"] == d["company"] and o is not d]
            wrong, kind = (mine[0]["answer"] if mine else others[k]["answer"]), "claim"
        rows.append(base | {"id": d["financebench_id"] + "-x", "answer": wrong, "label": "unsupported", "kind": kind})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("set", choices=["halueval", "financebench", "pairs40"])
    ap.add_argument("src", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=150)
    args = ap.parse_args()
    if not str(args.out.resolve()).startswith("/tmp/"):
        raise SystemExit("reserved sets stay outside the repo: write under /tmp/")
    convert = {"halueval": lambda: halueval(args.src, args.n), "financebench": lambda: financebench(args.src)}
    rows = convert.get(args.set, lambda: pairs40(args.src))()
    args.out.write_text("".join(json.dumps(r) + "\n" for r in rows))
    print(f"{len(rows)} rows → {args.out}")


if __name__ == "__main__":
    main()
