"""Open-domain QA factuality rows from SQuAD 2.0 (public; CC BY-SA 4.0): a knowledge passage, a
question, the right answer and a plausible hallucinated one, each short and as a sentence.

    python scripts/make_opendomain_eval.py DEV.json --jsonl /tmp/fqa/opendomain.jsonl \
        [--pairs 400] [--exclude-hashes ../shared/reserved.txt]

Source: SQuAD 2.0's official dev set (Rajpurkar et al. 2018, CC BY-SA 4.0), the half with answers
kept in github.com/chrischute/squad (``data/dev-v2.0.json``, 16 Wikipedia articles, 6,078 questions;
its ``test-v2.0.json`` carries no answers). Articles are split by the sha256 of their title: even →
split ``dev``, odd → ``holdout`` (no article is in both). Only answerable questions are used. Not HotpotQA (HaluEval is built on it) nor any other reserved set; a row sharing a 12-word
passage with a reserved set is dropped (``--exclude-hashes``).

Each row is ``{id, split, kind, form, question, contexts, answer, label}``. The knowledge is the
question's paragraph and, for half the rows, another paragraph of the same article (the evidence is
not the only text about the topic). The right answer is written one of several ways a model answers
(``form``): the bare span ("Rollo"), a sentence echoing the question ("The Norse leader was Rollo."),
the span with a supporting explanation taken from the passage's words ("Rollo. Under their leader
Rollo, the Normans agreed to …"). The hallucinated twin keeps the same form and changes (``kind``):

* ``entity`` — a same-type span from elsewhere in the article (another question's answer: a name for a
  name, a year for a year, a number for a number);
* ``figure`` / ``date`` — the answer's number or year changed;
* ``added`` — the right answer with a wrong added detail (the explanation sentence with a name or a
  figure traded for another from the article).

Deterministic (seeded by the question id).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_guardrail_training import overlaps  # noqa: E402

_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
_NUM = re.compile(r"\b\d[\d,]*(?:\.\d+)?\b")
_COPULA = re.compile(r"(?i)^(?:who|what|which)\s+(is|was|are|were)\s+(.+?)\s*\??$")
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"(])")


def _rng(*keys: str) -> random.Random:
    return random.Random(int(hashlib.sha256("|".join(keys).encode()).hexdigest()[:12], 16))


def answer_type(text: str) -> str:
    if _YEAR.fullmatch(text.strip()):
        return "year"
    if _NUM.search(text) and len(text.split()) <= 4:
        return "number"
    words = text.split()
    if words and words[0][:1].isupper() and words[-1][:1].isupper():
        return "name"
    return "other"


def _sentence_with(context: str, start: int) -> str:
    """The passage's sentence holding character ``start``."""
    pos = 0
    for s in _SENT.split(context):
        at = context.find(s, pos)
        if at <= start < at + len(s) + 1:
            return s.strip()
        pos = at + len(s)
    return ""


def as_sentence(question: str, span: str, form: str, support: str) -> str:
    """The answer ``span`` written in ``form``: short, sentence (echoes the question) or explained."""
    if form == "short":
        return span
    if form == "explained" and support:
        return f"{span[0].upper() + span[1:]}. {support}"
    m = _COPULA.match(question.strip())
    if m:
        subject = m.group(2)
        subject = subject[0].upper() + subject[1:]
        return f"{subject} {m.group(1).lower()} {span}."
    return f"The answer is {span}."


def _changed_number(span: str, rng: random.Random) -> str | None:
    m = _YEAR.search(span)
    if m:
        year = int(m.group(1)) + rng.choice([-11, -7, -3, -2, 2, 4, 9, 13])
        return span[: m.start()] + str(year) + span[m.end() :]
    m = _NUM.search(span)
    if m:
        value = float(m.group(0).replace(",", ""))
        new = value * rng.choice([0.5, 0.75, 1.3, 2.0]) if value > 3 else value + rng.choice([2, 3, 5])
        text = f"{new:,.0f}" if "." not in m.group(0) else f"{new:,.1f}"
        if text != m.group(0):
            return span[: m.start()] + text + span[m.end() :]
    return None


def _traded(support: str, right: str, pool: list[str], rng: random.Random) -> str | None:
    """``support`` with one name or number (not the right answer) traded for another of the article."""
    rest = support.replace(right, "\0")
    nums = [m for m in _NUM.finditer(rest)]
    names = [m for m in re.finditer(r"\b[A-Z][a-z]{2,}(?:\s[A-Z][a-z]+)*", rest) if m.start() > 0]
    if nums and rng.random() < 0.5:
        m = rng.choice(nums)
        new = _changed_number(m.group(0), rng)
    elif names:
        m = rng.choice(names)
        others = [p for p in pool if answer_type(p) == "name" and p not in support and len(p.split()) <= 3]
        new = rng.choice(others) if others else None
    else:
        return None
    if not new:
        return None
    return (rest[: m.start()] + new + rest[m.end() :]).replace("\0", right)


def rows_for(article: dict, split: str, exclude: set[str]) -> list[dict]:
    paragraphs = article["paragraphs"]
    pool = [a["text"] for p in paragraphs for q in p["qas"] for a in q["answers"][:1]]
    out = []
    for pi, p in enumerate(paragraphs):
        context = p["context"]
        for q in p["qas"]:
            if q.get("is_impossible") or not q["answers"]:
                continue
            rng = _rng(q["id"])
            span, start = q["answers"][0]["text"].strip(), q["answers"][0]["answer_start"]
            if not span or len(span.split()) > 8:
                continue
            support = _sentence_with(context, start)
            if span not in support or len(support.split()) > 45:
                support = ""
            form = rng.choice(["short", "short", "sentence", "explained"] if support else ["short", "sentence"])
            kinds = ["entity", "added"] + (
                ["date" if answer_type(span) == "year" else "figure"] if _NUM.search(span) else []
            )
            kind_of = answer_type(span)
            wrong, kind = None, ""
            for kind in rng.sample(kinds, len(kinds)):
                if kind == "entity":
                    # a same-type span of similar length, preferably one the passage does not print
                    same = [
                        x
                        for x in pool
                        if answer_type(x) == kind_of
                        and abs(len(x.split()) - len(span.split())) <= 2
                        and span.lower() not in x.lower()
                        and x.lower() not in span.lower()
                    ]
                    outside = [x for x in same if x.lower() not in context.lower()]
                    same = outside if outside and rng.random() < 0.5 else same
                    other = rng.choice(same) if same else None
                    wrong = as_sentence(q["question"], other, form, support.replace(span, other)) if other else None
                elif kind in ("figure", "date"):
                    new = _changed_number(span, rng)
                    wrong = as_sentence(q["question"], new, form, support.replace(span, new)) if new else None
                else:
                    traded = _traded(support, span, pool, rng) if support else None
                    wrong = f"{span[0].upper() + span[1:]}. {traded}" if traded else None
                if wrong and wrong != as_sentence(q["question"], span, form, support):
                    break
                wrong = None
            if wrong is None:
                continue
            if kind == "added":
                form = "explained"
            right = as_sentence(q["question"], span, form, support)
            contexts = [context]
            if rng.random() < 0.5 and len(paragraphs) > 1:
                other = paragraphs[rng.choice([k for k in range(len(paragraphs)) if k != pi])]["context"]
                contexts = [other, context] if rng.random() < 0.5 else [context, other]
            if any(overlaps(t, exclude) for t in contexts + [q["question"], right, wrong]):
                continue
            base = {"split": split, "question": q["question"], "contexts": contexts, "form": form}
            out.append(base | {"id": q["id"], "kind": "right", "answer": right, "label": True})
            out.append(base | {"id": q["id"] + "-x", "kind": kind, "answer": wrong, "label": False})
    return out


def split_of(title: str) -> str:
    return "holdout" if int(hashlib.sha256(title.encode()).hexdigest(), 16) % 2 else "dev"


def sample_pairs(rows: list[dict], pairs: int, seed: str, suffix: str) -> list[dict]:
    """``pairs`` right answers per split (seeded by ``seed`` and the split) with their twins (id + ``suffix``)."""
    out = []
    for split in ("dev", "holdout"):
        firsts = [r for r in rows if r["label"] and r["split"] == split]
        keep = {r["id"] for r in random.Random(f"{seed}-{split}").sample(firsts, min(pairs, len(firsts)))}
        out += [r for r in rows if r["split"] == split and r["id"].removesuffix(suffix) in keep]
    return out


def build(path: Path, pairs: int, exclude: set[str]) -> list[dict]:
    rows = [r for a in json.loads(path.read_text())["data"] for r in rows_for(a, split_of(a["title"]), exclude)]
    return sample_pairs(rows, pairs, "opendomain", "-x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("squad", type=Path, help="SQuAD 2.0 dev with answers (chrischute/squad data/dev-v2.0.json)")
    ap.add_argument("--jsonl", type=Path, required=True, help="the rows (keep under /tmp)")
    ap.add_argument("--pairs", type=int, default=400, help="right/hallucinated pairs per split")
    ap.add_argument("--exclude-hashes", type=Path, help="reserved-set 12-word hashes (../shared/reserved.txt)")
    args = ap.parse_args()
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    rows = build(args.squad, args.pairs, exclude)
    args.jsonl.parent.mkdir(parents=True, exist_ok=True)
    args.jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows))
    print(f"{len(rows)} rows → {args.jsonl}")


if __name__ == "__main__":
    main()
