"""Training pairs for the entailment cross-encoder (scripts/train_entailment.py): (passage, claim,
entailed?) from public NLI/QA data and synthetic perturbations of passages.

Sources (none is a reserved test set; see docs/scoring.md for the provenance table):

* GLUE RTE train (premise/hypothesis, "entailment" or not) — marcwww/nlu_eval, data/RTE/train.tsv.
* SNLI 1.0 dev/test as kept (truncated, ~1.3k lines each) in Deltaus/sBiMPM, snli_1.0/*.jsonl:
  entailment = entailed; neutral and contradiction = not.
* SQuAD v1.1 as kept (a partial copy) in SaiPriya-R/SQuAD-explorer, dataset/{dev,train}-v1.1.json:
  the sentence window holding an answer, and "question answer" (entailed) or "question + another
  answer of the same paragraph" (not entailed: the right relation with the wrong entity).
* The sample research in examples/research and the premises of RTE and SQuAD, perturbed: every
  sentence as written or shortened at a clause boundary is entailed by its window; it is made
  not entailed by swapping two of its names or figures (who did what to whom), putting a name or
  figure from elsewhere in the passage in place of one of its own (wrong entity for the right
  relation), grafting one sentence's subject onto another's predicate, changing a figure or a
  year, flipping a direction word, negating it, or by taking a sentence of the same document
  outside the window (on topic, not stated there).

Deterministic for a given seed; every pair is ``(passage, claim, label, source)``.
"""

from __future__ import annotations

import csv
import html
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

Pair = tuple[str, str, int, str]

FLIPS = {  # direction words and their opposites (also train_verifier.py's synthetic claims)
    "rose": "fell", "fell": "rose", "increased": "decreased", "decreased": "increased", "grew": "shrank",
    "raised": "cut", "cut": "raised", "improved": "worsened", "higher": "lower", "lower": "higher",
    "up": "down", "down": "up", "beat": "missed", "missed": "beat", "above": "below", "below": "above",
    "upgrade": "downgrade", "downgrade": "upgrade", "expanded": "contracted", "widened": "narrowed",
}  # fmt: skip
_FLIPS = FLIPS | {
    "before": "after", "after": "before", "won": "lost", "lost": "won", "first": "last", "largest": "smallest",
}  # fmt: skip
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"\b1[5-9]\d\d\b|\b20\d\d\b")
# a name: capitalised words (not sentence-initial), optionally joined by "of"/"de"/"&"
_W = r"[A-Z](?:[\w'’&-]|\.(?=\w))*"
_ENTITY = re.compile(
    rf"(?<=[\w,;:)] ){_W}(?: (?:of |de |& )?{_W})*|\b\d(?:[\d,]|\.(?=\d))*(?:%| ?(?:bn|m|million|billion)\b)?"
)
_AUX = re.compile(r"\b(is|was|were|are|will|has|have|had|can|could|would)\b")
_VERB = re.compile(r"\b(\w+ed|is|was|were|are|has|have|had|will|said|says|won|led|became|made|took)\b")
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")


def sentences(text: str) -> list[str]:
    """Sentences of ``text``; lines wrapped inside a paragraph are joined, bullets and headings
    stand alone."""
    out = []
    for para in re.split(r"\n\s*\n", text):
        for block in re.split(r"\n(?=\s*(?:[-*•#|]|\d+[.)])\s)", para):
            block = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", " ".join(block.split()))
            out += [s.strip() for s in _SENT.split(block) if s.strip()]
    return out


def research_texts() -> dict[str, str]:
    """examples/research notes (not restricted/) by file stem, HTML tags stripped, in file order."""
    texts = {}
    for path in sorted((ROOT / "examples" / "research").glob("*")):
        if path.suffix not in (".md", ".txt", ".html"):
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
        texts[path.stem] = text
    return texts


def research_documents() -> dict[str, list[str]]:
    """examples/research notes by file stem → sentences of six words or more."""
    docs = {}
    for stem, text in research_texts().items():
        sents = [re.sub(r"\*\*|__", "", s) for s in sentences(text)]
        sents = [s for s in sents if len(s.split()) >= 6 and not s.startswith(("#", "|", "---", "title:"))]
        docs[stem] = sents
    return docs


def _entities(s: str) -> list[re.Match]:
    return [m for m in _ENTITY.finditer(s) if m.group(0).strip(" ,.") and len(m.group(0)) > 1]


def _kind(entity: str) -> str:
    if not entity[0].isdigit():
        return "name"
    return "percent" if entity.endswith("%") else "year" if _YEAR.fullmatch(entity) else "number"


def _swap_entities(s: str, rng: random.Random) -> str | None:
    """Two names (or two figures) of the sentence trade places: who did what to whom."""
    found = _entities(s)
    kinds: dict[str, list[re.Match]] = {}
    for m in found:
        kinds.setdefault(_kind(m.group(0)), []).append(m)
    groups = [g for g in kinds.values() if len({m.group(0) for m in g}) >= 2]
    if not groups:
        return None
    group = rng.choice(groups)
    a, b = rng.sample(group, 2)
    if a.group(0) == b.group(0):
        return None
    a, b = sorted((a, b), key=lambda m: m.start())
    return s[: a.start()] + b.group(0) + s[a.end() : b.start()] + a.group(0) + s[b.end() :]


def _replace_entity(s: str, pool: list[str], rng: random.Random) -> str | None:
    """One name or figure replaced by another one found in the passage/document (the right relation
    with the wrong entity, every word still in the source)."""
    found = _entities(s)
    if not found:
        return None
    m = rng.choice(found)
    kind = _kind(m.group(0))
    options = [e for e in pool if _kind(e) == kind and e != m.group(0) and e not in s]
    if not options:
        return None
    return s[: m.start()] + rng.choice(options) + s[m.end() :]


def _graft(s: str, t: str) -> str | None:
    """s's subject on t's predicate: "<subject of s> <predicate of t>"."""
    ms, mt = _VERB.search(s), _VERB.search(t)
    if not ms or not mt or ms.start() < 3 or mt.start() < 3:
        return None
    subject_s, subject_t = s[: ms.start()].strip(), t[: mt.start()].strip()
    if subject_s.lower() == subject_t.lower() or len(subject_s.split()) > 8:
        return None
    return subject_s + " " + t[mt.start() :]


def change_number(s: str, rng: random.Random, year: re.Pattern = _YEAR) -> str | None:
    """One figure of ``s`` (not a ``year``) scaled and shifted; None when there is none."""
    found = [m for m in _NUMBER.finditer(s) if not year.fullmatch(m.group(0))]
    if not found:
        return None
    m = rng.choice(found)
    raw = m.group(0).replace(",", "")
    try:
        value = float(raw)
    except ValueError:
        return None
    new = value * rng.choice([1.3, 1.5, 0.6, 2.0]) + rng.choice([1, 3])
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    return s[: m.start()] + f"{new:.{decimals}f}" + s[m.end() :]


def _shorten(s: str) -> str | None:
    """The sentence cut at a clause boundary (still entailed): its part before a ", which"/", as"/";"."""
    m = re.search(r"(?:, (?:which|as|while|with|after|before|but|although|including|according)\b|;| — | - )", s)
    if not m or len(s[: m.start()].split()) < 6:
        return None
    return s[: m.start()].rstrip(",;") + "."


def perturb(doc: list[str], rng: random.Random, per_doc: int, source: str) -> list[Pair]:
    """Entailed and not-entailed claims for windows of one document's sentences."""
    pool = sorted({m.group(0) for s in doc for m in _entities(s)})
    out: list[Pair] = []
    for i in rng.sample(range(len(doc)), min(per_doc, len(doc))):
        lo, hi = max(0, i - rng.randint(0, 1)), min(len(doc), i + 1 + rng.randint(0, 2))
        window = " ".join(doc[lo:hi])
        s = doc[i]
        out.append((window, s, 1, source))
        if short := _shorten(s):
            out.append((window, short, 1, source))
        wrong = []
        if x := _swap_entities(s, rng):
            wrong += [x, x]  # relation swaps twice as often: the class the strict checks miss most
        local = sorted({m.group(0) for k in range(lo, hi) for m in _entities(doc[k])})
        if x := _replace_entity(s, local if rng.random() < 0.7 else pool, rng):
            wrong.append(x)
        others = [doc[k] for k in range(lo, hi) if k != i]
        if others and (x := _graft(s, rng.choice(others))):
            wrong.append(x)
        if x := change_number(s, rng):
            wrong.append(x)
        if years := _YEAR.findall(s):
            y = rng.choice(years)
            wrong.append(s.replace(y, str(int(y) + rng.choice([-1, 1, 2])), 1))
        words = s.split()
        flips = [k for k, w in enumerate(words) if w.lower() in _FLIPS]
        if flips:
            k = rng.choice(flips)
            words[k] = _FLIPS[words[k].lower()]
            wrong.append(" ".join(words))
        if m := _AUX.search(s):
            wrong.append(s[: m.end()] + " not" + s[m.end() :])
        outside = [k for k in range(len(doc)) if k < lo - 1 or k > hi]
        if outside:
            wrong.append(doc[rng.choice(outside)])
        for w in rng.sample(wrong, min(2, len(wrong))):
            if w != s:
                out.append((window, w, 0, source))
    return out


def advisor_qa(rng: random.Random) -> list[Pair]:
    """eval_sets/advisor_research.yaml (ours): each research case's reference answer, written from its
    note, is entailed by the note's best-overlapping window; another case's reference, or the same
    one with two names/figures swapped, is not."""
    import yaml

    cases = yaml.safe_load((ROOT / "eval_sets" / "advisor_research.yaml").read_text())["cases"]
    docs = research_documents()
    out: list[Pair] = []
    research = [c for c in cases if c.get("reference") and c.get("expected_sources")]
    for case in research:
        doc = [s for name in case["expected_sources"] for s in docs.get(name, [])]
        if not doc:
            continue
        words = set(_norm(case["reference"]))
        best = max(range(len(doc)), key=lambda i: len(words & set(_norm(" ".join(doc[i : i + 3])))))
        window = " ".join(doc[best : best + 3])
        for claim in (case["reference"], f"{case['question']} {case['reference']}"):
            out.append((window, claim, 1, "advisor_qa"))
            if x := _swap_entities(claim, rng):
                out.append((window, x, 0, "advisor_qa"))
        other = rng.choice([c for c in research if c is not case])
        out.append((window, other["reference"], 0, "advisor_qa"))
    return out


def rte(path: Path) -> list[Pair]:
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(r["sentence1"], r["sentence2"], int(r["label"] == "entailment"), "glue_rte") for r in rows]


def snli(paths: list[Path]) -> list[Pair]:
    out: list[Pair] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                d = json.loads(line)
            except json.JSONDecodeError:
                continue  # the kept copy ends mid-line
            if d.get("gold_label") in ("entailment", "neutral", "contradiction"):
                out.append((d["sentence1"], d["sentence2"], int(d["gold_label"] == "entailment"), "snli"))
    return out


def squad(paths: list[Path], rng: random.Random) -> tuple[list[Pair], list[list[str]]]:
    """QA claims ("question answer") over the answer's sentence window, and the contexts as documents."""
    out: list[Pair] = []
    docs: list[list[str]] = []
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        for article in data["data"]:
            for para in article["paragraphs"]:
                ctx = para["context"]
                docs.append(sentences(ctx))
                answers = sorted({a["text"] for q in para["qas"] for a in q["answers"]})
                for q in para["qas"]:
                    a = q["answers"][0]
                    start = ctx.rfind(". ", 0, a["answer_start"]) + 1
                    end = ctx.find(". ", a["answer_start"] + len(a["text"]))
                    end = len(ctx) if end < 0 else end + 1
                    if rng.random() < 0.5:  # a wider window: one more sentence each side
                        start = ctx.rfind(". ", 0, max(0, start - 2)) + 1
                        nxt = ctx.find(". ", end + 1)
                        end = len(ctx) if nxt < 0 else nxt + 1
                    window = ctx[start:end].strip()
                    out.append((window, f"{q['question']} {a['text']}", 1, "squad"))
                    mine = {x["text"] for x in q["answers"]}
                    words = set(_norm(a["text"]))
                    wrong = [x for x in answers if x not in mine and not set(_norm(x)) & words]
                    inside = [x for x in wrong if x in window]
                    if inside or wrong:
                        other = rng.choice(inside or wrong)
                        out.append((window, f"{q['question']} {other}", 0, "squad"))
    return out, docs


def _norm(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


CAPS = {"glue_rte": 1500, "rte_premise": 1800, "snli": 0}  # pairs kept per source (CPU budget); others all


def build(data_dir: Path, seed: int = 11, caps: dict[str, int] | None = None) -> dict[str, list[Pair]]:
    """All pairs by split: "train" and "check" (research notes held out by document, RTE tail) —
    the check split only watches training; the variants are chosen on the labelled dev split."""
    rng = random.Random(seed)
    docs = list(research_documents().values())
    held = set(range(0, len(docs), 6))  # every 6th note is held out of training
    train: list[Pair] = []
    check: list[Pair] = []
    for k, doc in enumerate(docs):
        for _ in range(6):  # six different windows/perturbations per sentence sample
            (check if k in held else train).extend(perturb(doc, rng, 40, "research"))
    rte_pairs = rte(data_dir / "rte_train.tsv")
    train += rte_pairs[:-300]
    check += rte_pairs[-300:]
    premise_docs = [sentences(p) for p in sorted({p for p, _, _, _ in rte_pairs[:-300]})]
    for doc in premise_docs:
        if len(doc) >= 2:
            train += perturb(doc, rng, 2, "rte_premise")
    train += snli(sorted(data_dir.glob("snli_*_part.jsonl")))
    qa, contexts = squad(sorted(data_dir.glob("squad_*_part.json")), rng)
    train += qa
    for doc in contexts:
        train += perturb(doc, rng, 3, "squad_context")
    train += advisor_qa(rng)
    rng.shuffle(train)
    caps = CAPS if caps is None else caps
    kept: dict[str, int] = {}
    capped = []
    for pair in train:
        kept[pair[3]] = kept.get(pair[3], 0) + 1
        if kept[pair[3]] <= caps.get(pair[3], len(train)):
            capped.append(pair)
    train = capped
    return {"train": train, "check": check}


if __name__ == "__main__":
    import collections
    import sys

    splits = build(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/fact-nli/data"))
    for name, pairs in splits.items():
        print(name, len(pairs), collections.Counter((p[3], p[2]) for p in pairs))
    for p in splits["train"][:12]:
        print(p[2], p[3], "|", p[1], "||", p[0][:160])
