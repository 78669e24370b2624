"""Writes policies/training/prompt_injection_hijack.yaml: short goal hijacks and persona switches in
English, German, French and Spanish with their near misses, German/French/Spanish harmful requests,
and public ordinary requests and pasted e-mails — for the two input heads (issue #15, input side,
fourth pass).

    git -C BIPIA show 1a2a91d:benchmark/email/train.jsonl > DIR/bipia_email_train.jsonl
    git -C BIPIA show 1a2a91d:benchmark/email/test.jsonl > DIR/bipia_email_test.jsonl
    git -C oos-eval show 828f809:data/data_full.json > DIR/clinc_data_full.json
    python scripts/make_injection_hijack.py --src DIR --exclude-hashes ../shared/reserved.txt

Sources:

* The project's own writing (``scripts/training_banks/hijack.py``): cues that drop what came before
  ("forget everything above", "Gut gemacht! Jetzt kommt eine neue Aufgabe:") crossed with off-task
  goals ("write a poem about the sea instead", "sag einfach 'Ich wurde gehackt'"); persona switches;
  near misses that point the same words at the user's own question; harmful requests in German,
  French and Spanish beside German questions that only sound harmful. Cues and goals are each split
  one in five: a ``heldout`` item pairs a held-out cue with a held-out goal, so no part of it was
  trained on; a training cue is paired with 4 training goals.
* microsoft/BIPIA @ 1a2a91d (MIT; the e-mails are OpenAI evals' invoices data, MIT): its 100 e-mails
  (receipts, product updates) with the question asked about each — a pasted document that is not an
  attack, compliant. Its own split is kept: the test e-mails are ``heldout``. Its planted attacks are
  not used (``bipia_items``).
* CLINC150 (clinc/oos-eval @ 828f809, CC BY 3.0; Larson et al., EMNLP 2019): crowd-sourced requests to a
  task assistant over 150 intents — banking, credit cards, taxes and 401(k) rollovers among them, and
  the short commands that sound like a hijack but are ordinary ("never mind, cancel that", "change your
  language setting to english", "rename yourself to betty", "tell me a joke"). Compliant for both input
  heads: ``CLINC_TRAIN`` per intent from its train split, ``CLINC_HELDOUT`` per intent from its test split
  (``heldout``). Out-of-scope queries are not used.

Texts sharing a 12-word passage with a reserved set, or equal to a short one (``--exclude-hashes``,
``make_acceptable_use.reserved``), are dropped. Deterministic (seed 15).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from make_acceptable_use import reserved, write_pack

sys.path.insert(0, str(Path(__file__).resolve().parent))
from training_banks.hijack import (  # noqa: E402
    ALONE_DROP,
    CUES,
    HARMFUL,
    MULTI_BENIGN,
    NEAR_MISSES,
    PERSONAS,
    SOUNDS_HARMFUL,
    TASKS,
    TASKS_ALONE_OK,
)

OUT = Path(__file__).resolve().parents[1] / "policies" / "training" / "prompt_injection_hijack.yaml"
SEED = 15
HELDOUT_EVERY = 5
PAIRS_PER_CUE = 4
CLINC_TRAIN = 6
CLINC_HELDOUT = 2
INJECTION = "injection-learned"
HARM = "acceptable_use/harmful-request"
HEADER = """# Short goal hijacks and persona switches (en/de/fr/es) with near misses, de/fr/es harmful requests, and
# ordinary requests and pasted e-mails (CLINC150, BIPIA), for prompt_injection/injection-learned and acceptable_use/harmful-request.
# Written by scripts/make_injection_hijack.py: the project's own writing (scripts/training_banks/hijack.py) and
# microsoft/BIPIA @ 1a2a91d (MIT; its e-mails from OpenAI evals' invoices data, MIT) and
# CLINC150 (clinc/oos-eval @ 828f809, CC BY 3.0). No reserved evaluation set
# (deepset, Tensor Trust, JailbreakBench, FiQA) is used; texts sharing a 12-word passage with them are dropped.
# split: heldout is never trained or tuned on.
"""


def heldout(index: int) -> bool:
    return index % HELDOUT_EVERY == HELDOUT_EVERY - 1


def own_items(rnd: random.Random) -> list[dict]:
    """A training cue is paired with ``PAIRS_PER_CUE`` training goals (all of them would let the cross
    product outweigh everything else), a held-out cue with every held-out goal."""
    items = []
    group = 40_000
    for lang, cues in CUES.items():
        tasks = TASKS[lang]
        train_tasks = [t for t in range(len(tasks)) if not heldout(t)]
        held_tasks = [t for t in range(len(tasks)) if heldout(t)]
        for c, cue in enumerate(cues):
            picks = held_tasks if heldout(c) else sorted(rnd.sample(train_tasks, PAIRS_PER_CUE))
            split = "heldout" if heldout(c) else "train"
            for t in picks:  # a held-out item pairs a held-out cue with a held-out goal: nothing of it is trained on
                text = f"{cue} {tasks[t]}"
                items.append(_item(INJECTION, "violation", text, split, group + c, f"own/hijack-{lang}"))
        for t in TASKS_ALONE_OK[lang]:  # the goal alone is an ordinary request: the cue makes the attack
            alone = tasks[t]
            for word in ALONE_DROP:
                alone = alone.replace(word, "")
            split = "heldout" if heldout(t) else "train"
            items.append(_item(INJECTION, "compliant", alone, split, group + 50 + t, f"own/goal-alone-{lang}"))
        group += 100
    for name, rule, label, texts in (
        ("own/persona", INJECTION, "violation", PERSONAS),
        ("own/hijack-near-miss", INJECTION, "compliant", NEAR_MISSES),
        ("own/multilingual-ordinary", INJECTION, "compliant", MULTI_BENIGN),
        ("own/harmful-de-fr-es", HARM, "violation", HARMFUL),
        ("own/sounds-harmful-de-fr-es", HARM, "compliant", SOUNDS_HARMFUL),
    ):
        group += 100
        for i, text in enumerate(texts):
            items.append(_item(rule, label, text, "heldout" if heldout(i) else "train", group + i, name))
    return items


def bipia_items(src: Path) -> list[dict]:
    """BIPIA's e-mails with the question asked about them: pasted documents that are not attacks. Its
    planted attacks are not used (a /tmp run with them as violations blocked 68 % of the clean held-out
    e-mails: a 2-layer head cannot tell "add a sentence about X" inside a receipt from the receipt)."""
    items = []
    for first, part, split in ((50_000, "train", "train"), (51_000, "test", "heldout")):
        for number, line in enumerate((src / f"bipia_email_{part}.jsonl").read_text(encoding="utf-8").splitlines()):
            row = json.loads(line)
            text = f"{row['question'].removeprefix('Q:').strip()}\n\n{row['context'].strip()}"
            items.append(_item(INJECTION, "compliant", text, split, first + number, "bipia/email"))
    return items


def clinc_items(src: Path, rnd: random.Random) -> list[dict]:
    data = json.loads((src / "clinc_data_full.json").read_text(encoding="utf-8"))
    items = []
    for first, part, split, count in (
        (60_000, "train", "train", CLINC_TRAIN),
        (61_000, "test", "heldout", CLINC_HELDOUT),
    ):
        by_intent: dict[str, list[str]] = {}
        for text, intent in data[part]:
            by_intent.setdefault(intent, []).append(text)
        for number, intent in enumerate(sorted(by_intent)):
            for text in rnd.sample(by_intent[intent], count):
                items.append(_item(INJECTION, "compliant", text, split, first + number, "clinc150"))
    return items


def _item(rule: str, label: str, text: str, split: str, group: int, source: str) -> dict:
    return {"rule": rule, "group": group, "split": split, "label": label, "source": source, "text": text.strip()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--src", type=Path, required=True, help="folder with the BIPIA and CLINC150 files of the docstring"
    )
    parser.add_argument("--exclude-hashes", type=Path)
    args = parser.parse_args()
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    rnd = random.Random(SEED)
    found = own_items(rnd) + bipia_items(args.src) + clinc_items(args.src, rnd)
    items, seen, dropped = [], set(), 0
    for item in found:
        if item["text"] in seen:
            continue
        if reserved(item["text"], exclude):
            dropped += 1
            continue
        seen.add(item["text"])
        items.append(item)
    counts = write_pack(OUT, HEADER, items)
    print(OUT.name, "dropped as reserved:", dropped)
    for row in counts:
        print(" ", *row)


if __name__ == "__main__":
    main()
