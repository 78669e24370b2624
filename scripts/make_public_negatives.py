"""Writes policies/training/public_negatives.yaml: ordinary financial prose that nobody on this project
wrote, as compliant negatives (``rule: "*"``) for every answer head.

    git -C <TAT-QA checkout> show HEAD:dataset_raw/tatqa_dataset_dev.json > /tmp/tatqa/tatqa_dataset_dev.json
    git -C <TAT-QA checkout> show HEAD:dataset_raw/tatqa_dataset_test.json > /tmp/tatqa/tatqa_dataset_test.json
    python scripts/make_public_negatives.py --tatqa /tmp/tatqa --exclude-hashes ../shared/reserved.txt

Why: the answer heads learned from the project's own sentences only, so at their calibrated
thresholds they held plain factual sentences ("Revenue rose 8% to $4.2 billion.") — they had never
seen enough ordinary finance text to know it is not a projection or a rumour.

Sources:

* TAT-QA (github.com/NExTplusplus/TAT-QA, commit 870accc41953dcde885aabeb963d94aabdc0fbc3,
  CC BY 4.0, Zhu et al. 2021): the text paragraphs of its dev and test sets — passages of company
  annual reports (``dataset_raw/tatqa_dataset_{dev,test}.json``; the train file is not in the
  snapshot). Not its questions, answers or tables.
* examples/research/*.md|txt|html of this repository (sample research notes; not ``restricted/``).

FinQA (czyssrs/FinQA, MIT) was the other candidate: its ``dataset/*.json`` files are absent from the
snapshot reachable here, so it is not used.

Items are one to three consecutive sentences of one paragraph (sentences split as serving splits them,
``llmgateway.guardrails.context.sentence_spans``), 6–70 words, mostly words (table residue dropped),
deduplicated. A document (a TAT-QA report page, a research note) is one group; one group in four,
chosen by the sha256 of its id, is ``split: heldout`` — never trained on, the public false-block
check. The rest is thinned to ``TRAIN_ITEMS`` by sha256 order (training cost). Texts sharing a
12-word passage with a reserved set (``--exclude-hashes``, ../shared/reserved.txt) are dropped.
Deterministic: no randomness beyond sha256 order.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_injection_extra import overlaps  # noqa: E402

from llmgateway.guardrails.context import sentence_spans  # noqa: E402

OUT = ROOT / "policies" / "training" / "public_negatives.yaml"
RESEARCH = ROOT / "examples" / "research"
TRAIN_ITEMS = 1400
HELDOUT_ITEMS = 700
HELDOUT_EVERY = 4
GROUP_BASE = 50_000  # keeps these groups apart from the other files' group numbers
HEADER = """\
# Ordinary financial prose nobody on this project wrote: compliant negatives for every answer head.
# Written by scripts/make_public_negatives.py (deterministic; see its docstring). Sources and licences:
#   TAT-QA (github.com/NExTplusplus/TAT-QA @ 870accc4, CC BY 4.0, Zhu et al., "TAT-QA: A Question
#   Answering Benchmark on a Hybrid of Tabular and Textual Content in Finance", ACL 2021): text
#   paragraphs of its dev and test sets (passages of company annual reports), split into 1-3 sentences.
#   examples/research/ of this repository (sample research notes).
# split: heldout (one document in four) is never trained on: the public false-block check.
# stage: output: these items train only the answer (output) heads, never the injection head.
"""


def _sentences(paragraph: str) -> list[str]:
    text = re.sub(r"\s+", " ", paragraph).strip()
    return [text[s:e].strip() for s, e in sentence_spans(text) if text[s:e].strip()]


def _prose(text: str) -> bool:
    words = text.split()
    if not 6 <= len(words) <= 70 or not text[0].isupper() or text[-1] not in ".!?":
        return False
    wordy = sum(bool(re.fullmatch(r"[A-Za-z][A-Za-z'’-]*[,;:]?", w)) for w in words)
    return wordy >= 0.6 * len(words) and "|" not in text and "  " not in text


def _chunks(paragraph: str, key: str) -> list[str]:
    """Consecutive runs of 1-3 sentences (the run length cycles with a digest of the paragraph)."""
    sentences = [s for s in _sentences(paragraph) if _prose(s)]
    out, i = [], 0
    step = int(hashlib.sha256(key.encode()).hexdigest(), 16)
    while i < len(sentences):
        size = 1 + (step + i) % 3
        chunk = " ".join(sentences[i : i + size])
        if len(chunk.split()) > 70:
            chunk, size = sentences[i], 1
        out.append(chunk)
        i += size
    return out


def tatqa_documents(folder: Path) -> list[tuple[str, list[str]]]:
    docs = []
    for part in ("dev", "test"):
        for n, doc in enumerate(json.loads((folder / f"tatqa_dataset_{part}.json").read_text())):
            paragraphs = [p["text"] for p in sorted(doc["paragraphs"], key=lambda p: p["order"])]
            docs.append((f"tatqa:{part}:{n}", paragraphs))
    return docs


def research_documents() -> list[tuple[str, list[str]]]:
    docs = []
    for path in sorted(RESEARCH.iterdir()):
        if path.suffix not in (".md", ".txt", ".html"):
            continue
        text = path.read_text()
        if path.suffix == ".html":
            text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
        paragraphs = [re.sub(r"^[#>*\-\s]+", "", p) for p in re.split(r"\n\s*\n|\n(?=[#*-])", text)]
        docs.append((f"research:{path.name}", paragraphs))
    return docs


def _order(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tatqa", type=Path, required=True, help="folder with tatqa_dataset_{dev,test}.json")
    parser.add_argument("--exclude-hashes", type=Path)
    args = parser.parse_args()
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    seen: set[str] = set()
    rows: dict[str, list[dict]] = {"train": [], "heldout": []}
    for group, (doc_id, paragraphs) in enumerate(tatqa_documents(args.tatqa) + research_documents()):
        split = "heldout" if int(_order(doc_id), 16) % HELDOUT_EVERY == 0 else "train"
        for p, paragraph in enumerate(paragraphs):
            for text in _chunks(paragraph, f"{doc_id}:{p}"):
                norm = re.sub(r"[^a-z]+", " ", text.lower()).strip()
                if norm in seen or overlaps(text, exclude):
                    continue
                seen.add(norm)
                source = "tatqa" if doc_id.startswith("tatqa") else "research"
                item = {"rule": "*", "group": GROUP_BASE + group, "split": split, "label": "compliant"}
                rows[split].append(item | {"source": source, "text": text})
    keep = {"train": TRAIN_ITEMS, "heldout": HELDOUT_ITEMS}
    items = []
    for split, chosen in rows.items():
        research = [r for r in chosen if r["source"] == "research"]  # few: all kept
        tatqa = sorted((r for r in chosen if r["source"] == "tatqa"), key=lambda r: _order(r["text"]))
        picked = research + tatqa[: max(0, keep[split] - len(research))]
        items += sorted(picked, key=lambda r: (r["group"], _order(r["text"])))
    body = yaml.safe_dump({"stage": "output", "items": items}, sort_keys=False, allow_unicode=True, width=100_000)
    OUT.write_text(HEADER + body)
    for split, chosen in rows.items():
        print(split, "available", len(chosen), "kept", sum(1 for i in items if i["split"] == split))


if __name__ == "__main__":
    main()
