"""Multi-hop general-knowledge factuality rows (issue 11, round 14b, fhal): comparison questions over two
facts of two Wikipedia articles ("Which was founded first, A or B?", "Was A founded before B?") and bridge
questions ("On what river does the largest city of Poland stand?"), each with a right answer and a
hallucinated twin of the kinds an LLM writes to be plausible — the *other* entity of the comparison, the
entity that answers the other hop, a flipped yes/no, a near-miss year, a plausible entity the knowledge
never names — built without HotpotQA or HaluEval.

    python scripts/make_multihop_eval.py DEV.json --xquad XQUAD_EN.json --jsonl /tmp/fhal/multihop.jsonl \
        [--pairs 300] [--exclude-hashes /work/shared/reserved.txt]

Source (public; SQuAD 2.0, Rajpurkar et al. 2018, CC BY-SA 4.0): ``data/dev-v2.0.json`` as kept in
github.com/chrischute/squad @ 85623ad (16 articles with answers). No public multi-hop set held its data
in the snapshots searched (2WikiMultihopQA: Alab-NII/2wikimultihop has no data files, the 200-sample copy
in leideng/2WikiMultihopQA-OpenAI is Git LFS pointers; MuSiQue: StonyBrookNLP/musique has download scripts
only; IIRC, StrategyQA: no usable files), so the hops are composed from SQuAD's own questions:

* a *fact* is a question "When was X <participle> …?" answered by a year, whose answer sentence names X
  ("When was the Muslim Brotherhood founded?" → 1928); two facts of the same split whose years differ
  make a comparison. Its knowledge is the two answer sentences (one with a neighbour, half the time), in
  either order, joined with a space or without one (``join``), as supporting facts come.
  ``hop: comparison`` — "Which was established first, A or B?" (or "… more recently", "Who was born
  first", "Which came first, A being founded or B being signed?"): right answer the winner, short ("A"),
  as a sentence ("A was established first.") or explained with both years; twins (``kind``): ``other``
  (the loser, same form — in the knowledge), ``order`` (the loser with its own, correct year: "B was
  established first, in 1816."), ``date`` (the winner with a near-miss year), ``outside`` (a subject of
  another fact, not in the knowledge).
  ``hop: polar`` — "Was A founded before B?" / "… after …": right "Yes." / "No." (bare or with both
  years), twin the flipped verdict (``verdict``).
* ``hop: bridge`` — make_multipassage_eval's bridge questions (a name replaced by what another question
  of the article says it is); knowledge: the bridge sentence and the answer's sentence. Twins: ``hop``
  (the bridge entity itself, when the answer is a name: it is in the knowledge but answers the first hop),
  ``knowledge`` (another span of the answer's type the knowledge prints), ``date`` / ``figure``.

Bridge rows are split by the sha256 of their article's title (``make_opendomain_eval.split_of``), the
comparison and polar rows by that of each fact's subject (16 articles give too few facts per article split):
a comparison's two facts are of one split, so no subject is in both. Paragraphs XQuAD's English file holds are not used (the reader trained on XQuAD,
``--xquad``). A row sharing a 12-word passage with a reserved set is dropped (``--exclude-hashes``).
Deterministic (seeded by the facts' question ids).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_guardrail_training import overlaps  # noqa: E402
from make_multipassage_eval import bridges, sentences, spans_of  # noqa: E402
from make_opendomain_eval import _changed_number, _rng, _sentence_with, answer_type, as_sentence, split_of  # noqa: E402
from multihop_attributes import attribute_facts, attribute_rows  # noqa: E402
from multihop_events import event_facts, event_rows  # noqa: E402

_PARTICIPLES = (
    "born|founded|established|created|built|formed|opened|signed|passed|launched|invented|abolished|destroyed|"
    "granted|issued|published|introduced|adopted|assassinated|executed|killed|elected|conquered|held|completed|"
    "constructed|censured|renamed|developed|invaded"
)
_FACT = re.compile(
    rf"^(?:When|In what year|What year|In which year)\s+(?:was|were)\s+(?P<x>.+?)\s+(?P<p>{_PARTICIPLES})"
    rf"(?P<rest>\s[^?]*?)?\s*\??$",
    re.I,
)
_YEAR = re.compile(r"^(1[0-9]{3}|20[0-9]{2})$")


def facts_of(article: dict, skip: set[str]) -> list[dict]:
    """The article's year facts: subject, participle, the rest of the question, year, answer sentence."""
    out = []
    for p in article["paragraphs"]:
        if p["context"].strip() in skip:
            continue
        for q in p["qas"]:
            if q.get("is_impossible") or not q["answers"]:
                continue
            year, start = q["answers"][0]["text"].strip(), q["answers"][0]["answer_start"]
            m = _FACT.match(q["question"].strip())
            if not m or not _YEAR.match(year):
                continue
            subject = m.group("x").strip()
            core = re.sub(r"^(?:the)\s+", "", subject, flags=re.I)
            sentence = _sentence_with(p["context"], start)
            if not re.search(r"\b[A-Z]", core) or re.match(r"(?i)(this|that|these|those|it|he|she)\b", core):
                continue
            if core.lower() not in sentence.lower() or year not in sentence or len(sentence.split()) > 45:
                continue
            sents = sentences(p["context"])
            k = next((i for i, s in enumerate(sents) if sentence in s or s in sentence), -1)
            near = [sents[i] for i in (k - 1, k + 1) if k >= 0 and 0 <= i < len(sents)]
            out.append(
                {"id": q["id"], "subject": subject, "p": m.group("p").lower(), "rest": (m.group("rest") or "").strip(),
                 "year": int(year), "sentence": sentence, "near": near, "article": article["title"]}
            )  # fmt: skip
    return out


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _verb(f: dict) -> str:
    return f"{f['p']} {f['rest']}".strip()


def comparison_question(a: dict, b: dict, later: bool, rng: random.Random) -> str:
    word = ("later" if a["p"] == "born" else "more recently") if later else "first"
    if a["p"] == b["p"] and not a["rest"] and not b["rest"]:
        who = "Who" if a["p"] == "born" else "Which"
        return f"{who} was {a['p']} {word}, {a['subject']} or {b['subject']}?"
    return f"Which came {'later' if later else 'first'}, {a['subject']} being {_verb(a)} or {b['subject']} being {_verb(b)}?"


def comparison_answer(win: dict, lose: dict, later: bool, form: str, year: int | None = None) -> str:
    year = win["year"] if year is None else year
    word = ("later" if win["p"] == "born" else "more recently") if later else "first"
    if form == "short":
        return win["subject"]
    if form == "sentence":
        return f"{_cap(win['subject'])} was {_verb(win)} {word}."
    if form == "dated":
        return f"{_cap(win['subject'])} was {_verb(win)} {word}, in {year}."
    return f"{_cap(win['subject'])} was {_verb(win)} in {year}, {'after' if later else 'before'} {lose['subject']} in {lose['year']}."


def polar_question(a: dict, b: dict, after: bool) -> str:
    rel = "after" if after else "before"
    if a["p"] == b["p"] and not a["rest"] and not b["rest"]:
        return f"Was {a['subject']} {a['p']} {rel} {b['subject']}?"
    return f"Was {a['subject']} {_verb(a)} {rel} {b['subject']} was {_verb(b)}?"


def evidence(f: dict, rng: random.Random) -> str:
    if f["near"] and rng.random() < 0.5:
        other = rng.choice(f["near"])
        return " ".join(sorted([f["sentence"], other], key=lambda s: f"{f['sentence']} {other}".find(s)))
    return f["sentence"]


def comparison_rows(a: dict, b: dict, split: str, pool: list[dict], rng: random.Random) -> list[dict]:
    first, second = (evidence(a, rng), evidence(b, rng)) if rng.random() < 0.5 else (evidence(b, rng), evidence(a, rng))
    join = rng.choice(["spaced", "joined"])
    knowledge = first + (" " if join == "spaced" else "") + second
    base = {"split": split, "contexts": [knowledge], "join": join}
    key = f"{a['id']}+{b['id']}"
    if rng.random() < 0.3:  # a yes/no comparison
        after = rng.random() < 0.5
        truth = (a["year"] > b["year"]) == after
        question = polar_question(a, b, after)
        explained = rng.random() < 0.4
        rel = "after" if a["year"] > b["year"] else "before"
        detail = f" {_cap(a['subject'])} was {_verb(a)} in {a['year']}, {rel} {b['subject']} in {b['year']}."
        right = ("Yes." if truth else "No.") + (detail if explained else "")
        wrong = ("No." if truth else "Yes.") + (detail if explained else "")
        base |= {"question": question, "hop": "polar", "form": "explained" if explained else "bare"}
        return [base | {"id": key, "kind": "right", "answer": right, "label": True},
                base | {"id": key + "-x", "kind": "verdict", "answer": wrong, "label": False}]  # fmt: skip
    later = rng.random() < 0.35
    x, y = (a, b) if rng.random() < 0.5 else (b, a)  # the options' order
    win, lose = (x, y) if (x["year"] > y["year"]) == later else (y, x)
    question = comparison_question(x, y, later, rng)
    form = rng.choice(["short", "short", "sentence", "dated", "explained"])
    right = comparison_answer(win, lose, later, form)
    kinds = ["other", "other", "order", "date", "outside"]
    kind = rng.choice(kinds)
    if kind == "other":
        wrong = comparison_answer(lose, win, later, form)
    elif kind == "order":
        wrong = comparison_answer(lose, win, later, rng.choice(["dated", "explained"]))
    elif kind == "date":
        new = int(_changed_number(str(win["year"]), rng) or win["year"] + 3)
        form = form if form in ("dated", "explained") else "dated"
        right, wrong = comparison_answer(win, lose, later, form), comparison_answer(win, lose, later, form, new)
    else:
        outside = [f for f in pool if f["p"] == win["p"] and f["subject"].lower() not in knowledge.lower()]
        outside = outside or [f for f in pool if f["subject"].lower() not in knowledge.lower()]
        stand_in = dict(rng.choice(outside), p=win["p"], rest=win["rest"], year=win["year"])
        wrong = comparison_answer(stand_in, lose, later, form)
    base |= {"question": question, "hop": "comparison", "form": form}
    return [base | {"id": key, "kind": "right", "answer": right, "label": True},
            base | {"id": key + "-x", "kind": kind, "answer": wrong, "label": False}]  # fmt: skip


def _replaced(original: str, bridged: str) -> str:
    """The name of ``original`` that ``bridged`` replaced by its description."""
    i = 0
    while i < min(len(original), len(bridged)) and original[i] == bridged[i]:
        i += 1
    j = 0
    while j < min(len(original), len(bridged)) - i and original[-1 - j] == bridged[-1 - j]:
        j += 1
    name = original[i : len(original) - j].strip()
    m = re.search(
        r"\b[A-Z][\w'’.-]*(?:\s+(?:of\s+|de\s+)?[A-Z][\w'’.-]*)*", original[max(0, i - 30) : len(original) - j]
    )
    return m.group(0) if m and name and name in m.group(0) else name


def bridge_rows(article: dict, split: str, skip: set[str]) -> list[dict]:
    out = []
    bridged = bridges(article)
    for p in article["paragraphs"]:
        for q in p["qas"]:
            if q["id"] not in bridged or q.get("is_impossible") or not q["answers"] or p["context"].strip() in skip:
                continue
            rng = _rng("multihop-bridge", q["id"])
            question, bridge = bridged[q["id"]]
            span, start = q["answers"][0]["text"].strip(), q["answers"][0]["answer_start"]
            support = _sentence_with(p["context"], start)
            kind_of = answer_type(span)
            name = _replaced(q["question"], question)
            if kind_of == "other" or span not in support or len(span.split()) > 6 or not name:
                continue
            join = rng.choice(["spaced", "joined"])
            knowledge = bridge if bridge == support else bridge + (" " if join == "spaced" else "") + support
            form = rng.choice(["short", "short", "sentence"])
            kinds: list[tuple[str, str]] = []
            if kind_of == "name" and name.lower() not in span.lower() and span.lower() not in name.lower():
                kinds += [("hop", name)] * 2
            printed = [x for x in spans_of(knowledge, kind_of) if x.lower() not in span.lower() and span not in x]
            printed = [x for x in printed if x.lower() not in question.lower()]
            if printed:
                kinds.append(("knowledge", rng.choice(printed)))
            if re.search(r"\d", span) and (new := _changed_number(span, rng)):
                kinds.append(("date" if kind_of == "year" else "figure", new))
            if not kinds:
                continue
            kind, wrong_span = rng.choice(kinds)
            right, wrong = as_sentence(question, span, form, support), as_sentence(question, wrong_span, form, support)
            base = {"split": split, "question": question, "contexts": [knowledge], "join": join, "hop": "bridge"}
            base["form"] = form
            out.append(base | {"id": q["id"], "kind": "right", "answer": right, "label": True})
            out.append(base | {"id": q["id"] + "-x", "kind": kind, "answer": wrong, "label": False})
    return out


def build(
    dev: Path, xquad: Path | None, pairs: int, exclude: set[str], also: tuple[Path, ...] = (), events: bool = False
) -> list[dict]:
    skip: set[str] = set()
    if xquad:
        skip = {p["context"].strip() for a in json.loads(xquad.read_text())["data"] for p in a["paragraphs"]}
    articles = json.loads(dev.read_text())["data"]
    texts = [(a["title"], p["context"]) for f in [dev, *also] for a in json.loads(f.read_text())["data"]
             for p in a["paragraphs"] if p["context"].strip() not in skip]  # fmt: skip
    described: dict[str, list[dict]] = {"dev": [], "holdout": []}
    for f in attribute_facts(texts, sentences):  # round 14c: "Are A and B both British?"
        described[split_of(f["subject"])].append(f)
    facts: dict[str, list[dict]] = {"dev": [], "holdout": []}
    happened: dict[str, list[dict]] = {"dev": [], "holdout": []}
    rows = []
    for a in articles:
        for f in facts_of(a, skip):  # comparisons split by entity: SQuAD's dev has 16 articles only
            facts[split_of(f["subject"])].append(f)
        rows += bridge_rows(a, split_of(a["title"]), skip)
        for f in event_facts(a, skip, _sentence_with) if events else []:  # round 15b: "When did X die?"
            happened[split_of(f["subject"])].append(f)
    for split, fs in facts.items():
        candidates = [(a, b) for a, b in combinations(fs, 2) if a["year"] != b["year"] and a["subject"] != b["subject"]]
        candidates = [(a, b) for a, b in candidates if a["sentence"] != b["sentence"]]
        chosen = random.Random(f"multihop-{split}").sample(candidates, min(pairs, len(candidates)))
        for a, b in chosen:
            rows += comparison_rows(a, b, split, fs, _rng("multihop", a["id"], b["id"]))
        for a, b in combinations(described[split], 2):  # every pair: a few dozen facts
            if a["sentence"] != b["sentence"]:
                rows += attribute_rows(a, b, split, _rng("multihop-attr", a["subject"], b["subject"]))
        pool = happened[split]
        for a, b in combinations(pool, 2):  # every pair of two events of different years and sentences
            if a["year"] != b["year"] and a["sentence"] != b["sentence"] and a["subject"] != b["subject"]:
                rows += event_rows(a, b, split, pool, _rng("multihop-event", a["id"], b["id"]))
    return [r for r in rows if not any(overlaps(t, exclude) for t in r["contexts"] + [r["question"], r["answer"]])]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dev", type=Path, help="SQuAD 2.0 dev with answers (chrischute/squad data/dev-v2.0.json)")
    ap.add_argument("--xquad", type=Path, help="XQuAD's xquad.en.json: its paragraphs are not used")
    ap.add_argument("--jsonl", type=Path, required=True, help="the rows (keep under /tmp)")
    ap.add_argument("--pairs", type=int, default=300, help="comparison pairs per split (every bridge pair is kept)")
    ap.add_argument(
        "--also",
        type=Path,
        action="append",
        default=[],
        help="more SQuAD-format paragraphs read for attribute facts only (chrischute data/test-v2.0.json)",
    )
    ap.add_argument("--events", action="store_true", help="add round 15b's event comparisons (multihop_events.py)")
    ap.add_argument("--exclude-hashes", type=Path, help="reserved-set 12-word hashes (/work/shared/reserved.txt)")
    args = ap.parse_args()
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    rows = build(args.dev, args.xquad, args.pairs, exclude, tuple(args.also), args.events)
    pairs: dict[str, int] = {}
    for r in rows:
        pairs[r["id"].removesuffix("-x")] = pairs.get(r["id"].removesuffix("-x"), 0) + 1
    rows = [r for r in rows if pairs[r["id"].removesuffix("-x")] == 2]  # both of a pair, or neither
    args.jsonl.parent.mkdir(parents=True, exist_ok=True)
    args.jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows))
    counts: dict[str, int] = {}
    for r in rows:
        key = f"{r['split']}/{r['hop']}/{r['kind']}"
        counts[key] = counts.get(key, 0) + 1
    print(f"{len(rows)} rows → {args.jsonl}: {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    main()
