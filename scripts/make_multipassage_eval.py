"""Multi-passage general-knowledge factuality rows (issue 11, fmulti): a short "knowledge" string made of
sentences from two different Wikipedia articles, a question, a short right answer and a plausible
hallucinated one — the shape of public multi-hop QA hallucination sets, built without any of them.

    python scripts/make_multipassage_eval.py DEV.json TEST.json --xquad XQUAD_EN.json \
        --jsonl /tmp/fmulti/multipassage.jsonl [--pairs 300] [--exclude-hashes ../shared/reserved.txt]

Sources (public; SQuAD 2.0, Rajpurkar et al. 2018, CC BY-SA 4.0), both in github.com/chrischute/squad:
``data/dev-v2.0.json`` (16 articles with answers: the questions and the evidence) and
``data/test-v2.0.json`` (20 other articles, no answers: only the *other* article's sentences). The
scorer's reader (round 9) never trained on either file; it chose its epoch on the dev-split articles of
the first. Paragraphs that XQuAD's English file also holds (the reader trained on XQuAD's other
articles) are not used as the other article (``--xquad``). Not HotpotQA, HaluEval or any reserved set;
a row sharing a 12-word passage with a reserved set is dropped (``--exclude-hashes``). Articles are
split by the sha256 of their title (``make_opendomain_eval.split_of``): the question's article and the
other article are both of the row's split.

The knowledge is the answer's sentence with one neighbour, and two consecutive sentences of another
article's paragraph that print a span of the answer's type (a year, a number, a name), in either order;
at the article boundary the sentences are joined with a space (``join: spaced``) or without one
(``joined``: "…19th century.First for Women is …", as supporting facts concatenated naively come).
Rows (``kind`` of the hallucinated twin; ``form`` of both answers):

* extractive questions, answered short ("Rollo"), as a sentence or explained (``form``): ``knowledge``
  — a same-type span the other article prints (it is in the knowledge), ``entity`` — another answer of
  the question's article, ``date`` / ``figure`` — the answer's number changed, ``added`` — the right
  answer followed by a fluent detail clause that trades a name or figure of its sentence;
* polar questions made from "Who/What was X?" ("Was Rollo the Norse leader?", "Was Paris the Norse
  leader?"): the right answer is "Yes, …" / "No, Rollo was …", the twin the opposite verdict
  (``verdict``; ``form``: ``polar``).

Deterministic (seeded by the question id).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_guardrail_training import overlaps  # noqa: E402
from make_opendomain_eval import (  # noqa: E402
    _COPULA,
    _NUM,
    _SENT,
    _YEAR,
    _changed_number,
    _rng,
    _traded,
    answer_type,
    as_sentence,
    split_of,
)

_NAME = re.compile(r"(?<=\s)[A-Z][a-z]{2,}(?:\s(?:of\s|de\s)?[A-Z][a-z]+){0,2}\b(?![-'’])")
_OPENERS = {
    "The",
    "It",
    "He",
    "She",
    "They",
    "In",
    "On",
    "At",
    "During",
    "After",
    "Before",
    "When",
    "This",
    "These",
    "His",
    "Her",
    "Its",
    "Their",
    "A",
    "An",
    "By",
    "From",
    "As",
    "Some",
    "Many",
}
_CONNECT = [" — ", "; ", ", and "]


def spans_of(text: str, kind: str) -> list[str]:
    """Spans of ``kind`` (year / number / name) that ``text`` prints."""
    if kind == "year":
        return [m.group(0) for m in _YEAR.finditer(text)]
    if kind == "number":
        return [m.group(0) for m in _NUM.finditer(text) if not _YEAR.fullmatch(m.group(0))]
    if kind == "name":  # not a sentence's first word ("When", "Contrary")
        return [m.group(0) for m in _NAME.finditer(text) if text[: m.start()].rstrip()[-1:] not in '.!?:;"(']
    return []


def _lower(sentence: str) -> str:
    """``sentence`` continuing another: its opening word lowercased unless it is a name."""
    first = sentence.split(" ", 1)[0]
    return sentence[:1].lower() + sentence[1:] if first in _OPENERS else sentence


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT.split(text) if s.strip()]


def others_by_split(test: Path, xquad: Path | None) -> dict[str, list[list[str]]]:
    """The other articles' paragraphs as sentence lists, by split (XQuAD's paragraphs left out)."""
    seen = set()
    if xquad:
        seen = {p["context"].strip() for a in json.loads(xquad.read_text())["data"] for p in a["paragraphs"]}
    out: dict[str, list[list[str]]] = {"dev": [], "holdout": []}
    for a in json.loads(test.read_text())["data"]:
        for p in a["paragraphs"]:
            if p["context"].strip() not in seen:
                out[split_of(a["title"])].append(sentences(p["context"]))
    return out


def other_sentences(pool: list[list[str]], kind: str, avoid: str, rng: random.Random) -> tuple[str, list[str]]:
    """Two consecutive sentences of another article printing a ``kind`` span, and those spans."""
    for _ in range(40):
        sents = rng.choice(pool)
        if len(sents) < 2:
            continue
        i = rng.randrange(len(sents) - 1)
        text = " ".join(sents[i : i + 2])
        found = [s for s in spans_of(text, kind) if s.lower() != avoid.lower() and avoid.lower() not in s.lower()]
        if found and len(text.split()) <= 70:
            return text, found
    return "", []


def knowledge(evidence: str, other: str, rng: random.Random) -> tuple[str, str]:
    join = rng.choice(["spaced", "joined"])
    first, second = (evidence, other) if rng.random() < 0.5 else (other, evidence)
    return first + (" " if join == "spaced" else "") + second, join


def evidence_of(context: str, start: int, rng: random.Random) -> tuple[str, str]:
    """(the answer's sentence, it with one neighbour of the paragraph)."""
    sents, pos, at = sentences(context), 0, -1
    for k, s in enumerate(sents):
        where = context.find(s, pos)
        if where <= start < where + len(s) + 1:
            at = k
            break
        pos = where + len(s)
    if at < 0:
        return "", ""
    near = [k for k in (at - 1, at + 1) if 0 <= k < len(sents)]
    if not near:
        return sents[at], sents[at]
    k = rng.choice(near)
    return sents[at], " ".join(sents[min(at, k) : max(at, k) + 1])


def polar_rows(q: dict, span: str, wrong: str, rng: random.Random) -> tuple[str, str, str] | None:
    """(polar question, right answer, hallucinated answer) from a "Who/What was X?" question."""
    m = _COPULA.match(q["question"].strip())
    if not m:
        return None
    verb, subject = m.group(1).lower(), m.group(2)
    if rng.random() < 0.5:
        polar = f"{verb.capitalize()} {span} {subject}?"
        right = rng.choice([f"Yes, {span} {verb} {subject}.", "Yes."])
        return polar, right, f"No, {wrong} {verb} {subject}."
    polar = f"{verb.capitalize()} {wrong} {subject}?"
    return polar, f"No, {span} {verb} {subject}.", f"Yes, {wrong} {verb} {subject}."


def answer_pair(question: str, span: str, support: str, printed: list[str], pool: list[str], rng: random.Random):
    """(form, kind, right answer, hallucinated answer) for an extractive question, or None."""
    kind_of = answer_type(span)
    in_article = [x for x in pool if answer_type(x) == kind_of and x.lower() != span.lower()]
    in_article = [x for x in in_article if span.lower() not in x.lower() and x.lower() not in span.lower()]
    form = rng.choice(["short", "short", "sentence", "explained"])
    right = as_sentence(question, span, form, support)
    kinds = ["knowledge", "knowledge", "entity", "added"] + (
        ["date" if kind_of == "year" else "figure"] if _NUM.search(span) else []
    )
    for kind in rng.sample(kinds, len(kinds)):
        wrong = None
        if kind in ("knowledge", "entity"):
            choices = printed if kind == "knowledge" else in_article
            other_span = rng.choice(choices) if choices else None
            if other_span:
                wrong = as_sentence(question, other_span, form, support.replace(span, other_span))
        elif kind in ("date", "figure"):
            new = _changed_number(span, rng)
            wrong = as_sentence(question, new, form, support.replace(span, new)) if new else None
        else:  # a fluent added detail: the support sentence with a name or figure traded
            traded = _traded(support, span, pool + printed, rng)
            if traded:
                sentence = as_sentence(question, span, "sentence", support).rstrip(".")
                connect = rng.choice(_CONNECT)
                return "added", kind, sentence + connect + _lower(support), sentence + connect + _lower(traded)
        if wrong and wrong != right:
            return form, kind, right, wrong
    return None


def bridges(article: dict) -> dict[str, tuple[str, str]]:
    """Bridge questions: question id → (the question with a name replaced by what another question of the
    article says it is, the sentence that says so). "Who was the Norse leader?" → Rollo, so "Who did
    Rollo sign the treaty … with?" becomes "Who did the Norse leader sign the treaty … with?"."""
    qs = [(q, p["context"]) for p in article["paragraphs"] for q in p["qas"] if q["answers"]]
    out: dict[str, tuple[str, str]] = {}
    for q1, context in qs:
        m = _COPULA.match(q1["question"].strip())
        name = q1["answers"][0]["text"].strip()
        subject = m.group(2) if m else ""
        if not m or answer_type(name) != "name" or len(name) < 4 or not 2 <= len(subject.split()) <= 8:
            continue
        if re.match(r"(?i)(the )?(name|one|term)\b|.*\b(called|these|those|this)$", subject):
            continue
        bridge = sentences_with(context, q1["answers"][0]["answer_start"])
        for q2, _ in qs:
            answer = q2["answers"][0]["text"]
            if q2 is q1 or q2["id"] in out or not re.search(rf"\b{re.escape(name)}\b", q2["question"]):
                continue
            if name in answer or answer in bridge or not bridge:
                continue
            out[q2["id"]] = (re.sub(rf"\b{re.escape(name)}\b", subject, q2["question"], count=1), bridge)
    return out


def sentences_with(context: str, start: int) -> str:
    pos = 0
    for s in sentences(context):
        where = context.find(s, pos)
        if where <= start < where + len(s) + 1:
            return s
        pos = where + len(s)
    return ""


def rows_for(article: dict, split: str, pool: list[list[str]], exclude: set[str]) -> list[dict]:
    answers = [a["text"] for p in article["paragraphs"] for q in p["qas"] for a in q["answers"][:1]]
    bridged = bridges(article)
    out = []
    for p in article["paragraphs"]:
        for q in p["qas"]:
            if q.get("is_impossible") or not q["answers"]:
                continue
            rng = _rng("multipassage", q["id"])
            span, start = q["answers"][0]["text"].strip(), q["answers"][0]["answer_start"]
            kind_of = answer_type(span)
            if not span or len(span.split()) > 6 or kind_of == "other":
                continue
            support, evidence = evidence_of(p["context"], start, rng)
            if span not in support or len(support.split()) > 45:
                continue
            other, printed = other_sentences(pool, kind_of, span, rng)
            if not other:
                continue
            hop, question = "single", q["question"]
            if q["id"] in bridged:  # the bridge sentence, then the answer's (another paragraph's, often)
                hop, (question, bridge) = "bridge", bridged[q["id"]]
                evidence = f"{bridge} {support}" if bridge != support else support
                if rng.random() < 0.5:
                    other, printed = "", [x for x in spans_of(bridge, kind_of) if x != span] or printed
            text, join = knowledge(evidence, other, rng) if other else (evidence, "spaced")
            polar = polar_rows(q, span, rng.choice(printed), rng) if hop == "single" and rng.random() < 0.3 else None
            if polar:
                question, right, wrong = polar
                form, kind = "polar", "verdict"
            else:
                made = answer_pair(question, span, support, printed, answers, rng)
                if made is None:
                    continue
                form, kind, right, wrong = made
            if any(overlaps(t, exclude) for t in (text, question, right, wrong)):
                continue
            base = {"split": split, "question": question, "contexts": [text], "form": form, "join": join, "hop": hop}
            out.append(base | {"id": q["id"], "kind": "right", "answer": right, "label": True})
            out.append(base | {"id": q["id"] + "-x", "kind": kind, "answer": wrong, "label": False})
    return out


def build(dev: Path, test: Path, xquad: Path | None, pairs: int, exclude: set[str]) -> list[dict]:
    pools = others_by_split(test, xquad)
    rows = []
    for a in json.loads(dev.read_text())["data"]:
        split = split_of(a["title"])
        rows += rows_for(a, split, pools[split], exclude)
    out = []
    for split in ("dev", "holdout"):
        firsts = [r for r in rows if r["label"] and r["split"] == split and r["hop"] == "single"]
        keep = {r["id"] for r in random.Random(f"multipassage-{split}").sample(firsts, min(pairs, len(firsts)))}
        keep |= {r["id"] for r in rows if r["split"] == split and r["hop"] == "bridge"}  # all of them
        out += [r for r in rows if r["split"] == split and r["id"].removesuffix("-x") in keep]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dev", type=Path, help="SQuAD 2.0 dev with answers (chrischute/squad data/dev-v2.0.json)")
    ap.add_argument("test", type=Path, help="its other half without answers (chrischute/squad data/test-v2.0.json)")
    ap.add_argument("--xquad", type=Path, help="XQuAD's xquad.en.json: its paragraphs are not used")
    ap.add_argument("--jsonl", type=Path, required=True, help="the rows (keep under /tmp)")
    ap.add_argument(
        "--pairs",
        type=int,
        default=300,
        help="right/hallucinated single-hop pairs per split (every bridge pair is kept)",
    )
    ap.add_argument("--exclude-hashes", type=Path, help="reserved-set 12-word hashes (../shared/reserved.txt)")
    args = ap.parse_args()
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    rows = build(args.dev, args.test, args.xquad, args.pairs, exclude)
    args.jsonl.parent.mkdir(parents=True, exist_ok=True)
    args.jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows))
    print(f"{len(rows)} rows → {args.jsonl}")


if __name__ == "__main__":
    main()
