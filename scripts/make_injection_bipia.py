"""Writes policies/training/prompt_injection_bipia.yaml: indirect prompt injection — instructions to the
assistant planted inside an ordinary pasted e-mail or table (injection-learned violations), and the same
documents without them (compliant near misses), for prompt_injection/injection-learned (issue #15, input
side, ninth pass). **Not in the pack**: tried and not shipped (docs/guardrails.md, input side, ninth pass: the
retrained head blocked 11 of 17 clean held-out e-mails); kept for the next attempt.

    git -C BIPIA show 1a2a91d:benchmark/text_attack_train.json > DIR/text_attack_train.json
    git -C BIPIA show 1a2a91d:benchmark/text_attack_test.json > DIR/text_attack_test.json
    for p in email/train email/test table/train table/test; do
        git -C BIPIA show 1a2a91d:benchmark/$p.jsonl > DIR/bipia_$(echo $p | tr / _).jsonl; done
    python scripts/make_injection_bipia.py --src DIR --exclude-hashes ../shared/reserved.txt

Source: microsoft/BIPIA @ 1a2a91d (MIT License, Copyright (c) Microsoft Corporation; Yi et al., "Benchmarking
and Defending Against Indirect Prompt Injection Attacks on Large Language Models", 2023). Its text attacks
(``benchmark/text_attack_{train,test}.json``, 30 groups of 5) are planted as BIPIA plants them — on their own
line at the start, the end, or before a sentence in the middle — into its e-mails (``benchmark/email``: OpenAI
evals' invoices data, MIT) and tables (``benchmark/table``: WikiTableQuestions, CC BY-SA 4.0, per BIPIA's
NOTICE), with the question asked about the document first, as a customer pastes one.

Only the 20 groups whose instructions address the assistant's *answer* ("add … to your response", "encode
your reply in Base64", "translate your response into Spanish") are used. The other 10 are plain tasks ("What
is the capital of Brazil?", "Write a script to rename all files …"): after a pasted document they are what a
customer asks about it, so no classifier of the user's text can call them an attack, and labelling them so
teaches "document + question = attack" (the fourth pass's 68 % false blocks on clean e-mails).

Split by attack group: one group in five (sorted by name) is ``heldout``, planted only into BIPIA's test
documents; the other groups only into its train documents. Every document used is also written clean, with
its question (compliant; test documents ``heldout``). Documents over ``MAX_CHARS`` are skipped (a pasted
page, not a book). Texts sharing a 12-word passage with a reserved set are dropped. Deterministic (seed 15).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from make_acceptable_use import reserved, write_pack

OUT = Path(__file__).resolve().parents[1] / "policies" / "training" / "prompt_injection_bipia.yaml"
SEED = 15
HELDOUT_EVERY = 5
MAX_CHARS = 1500
# the plain-task groups (see the docstring): not attacks when read without the document's provenance
TASK_GROUPS = {
    "Information Retrieval",
    "Content Creation",
    "Learning and Tutoring",
    "Programming Help",
    "Task Automation",
    "Business Intelligence",
    "Conversational Agent",
    "Research Assistance",
    "Sentiment Analysis",
}
TASK_TRANSLATION = "Language Translation"  # the train file's group of that name asks for translations (a task)
HEADER = """# Indirect prompt injection: instructions to the assistant planted in ordinary pasted e-mails and tables
# (injection-learned violations) and the same documents clean (compliant). Written by scripts/make_injection_bipia.py
# from microsoft/BIPIA @ 1a2a91d (MIT; e-mails from OpenAI evals' invoices data, MIT; tables from WikiTableQuestions,
# CC BY-SA 4.0). No reserved evaluation set is used; texts sharing a 12-word passage with one are dropped.
# split: heldout (one attack group in five, BIPIA's test documents) is never trained or tuned on.
"""


def attack_groups(src: Path) -> list[tuple[str, list[str], str]]:
    """(group name, its 5 attacks, the BIPIA file) for the answer-directed groups, sorted by name."""
    groups = []
    for part in ("train", "test"):
        for name, attacks in json.loads((src / f"text_attack_{part}.json").read_text(encoding="utf-8")).items():
            if name in TASK_GROUPS or (name == TASK_TRANSLATION and part == "train"):
                continue
            groups.append((name, attacks, part))
    return sorted(groups)


def documents(src: Path, part: str) -> list[tuple[str, str]]:
    """(kind, "question\\n\\ncontext") of BIPIA's e-mails and tables of ``part`` (train/test), short ones."""
    found = []
    for kind in ("email", "table"):
        for line in (src / f"bipia_{kind}_{part}.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if len(row["context"]) <= MAX_CHARS:
                found.append((kind, row["question"].removeprefix("Q:").strip(), row["context"].strip()))
    return found


def plant(context: str, attack: str, rnd: random.Random) -> str:
    """BIPIA's three positions: the attack on its own line at the start, the end, or before a sentence."""
    where = rnd.choice(("start", "end", "middle"))
    if where == "start":
        return f"{attack}\n{context}"
    if where == "end":
        return f"{context}\n{attack}"
    starts = [m.end() for m in re.finditer(r"(?:[.!?]\s+|\n)(?=\S)", context)] or [len(context)]
    cut = rnd.choice(starts)
    return f"{context[:cut]}\n{attack}\n{context[cut:]}"


def build(src: Path, exclude: set[str]) -> list[dict]:
    rnd = random.Random(SEED)
    docs = {part: documents(src, part) for part in ("train", "test")}
    items: list[dict] = []
    used: dict[str, tuple[str, int]] = {}
    for number, (_name, attacks, _) in enumerate(attack_groups(src)):
        held = number % HELDOUT_EVERY == HELDOUT_EVERY - 1
        pool = docs["test" if held else "train"]
        emails = [d for d in pool if d[0] == "email"]
        tables = [d for d in pool if d[0] == "table"]
        for attack in attacks:
            for kind, question, context in (rnd.choice(emails), rnd.choice(tables)):
                doc = f"{question}\n\n{context}"
                text = f"{question}\n\n{plant(context, attack, rnd)}"
                split = "heldout" if held else "train"
                items.append(_item("violation", text, split, 80_000 + number, f"bipia/{kind}+attack"))
                used.setdefault(doc, (split, kind))
    for index, (doc, (split, kind)) in enumerate(sorted(used.items())):
        items.append(_item("compliant", doc, split, 81_000 + index, f"bipia/{kind}"))
    return [i for i in items if not reserved(i["text"], exclude)]


def _item(label: str, text: str, split: str, group: int, source: str) -> dict:
    return {"rule": "injection-learned", "group": group, "split": split, "label": label, "source": source, "text": text}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, required=True, help="folder with the BIPIA files of the docstring")
    parser.add_argument("--exclude-hashes", type=Path)
    args = parser.parse_args()
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    items = build(args.src, exclude)
    for row in write_pack(OUT, HEADER, items):
        print(*row)


if __name__ == "__main__":
    main()
