"""Writes policies/training/benign_inputs.yaml: benign inputs that sound risky (and German/French/
Spanish harmful requests), for the two input heads (prompt_injection/injection-learned and
acceptable_use/harmful-request). Issue #15, input side.

    python scripts/make_benign_inputs.py --exclude-hashes ../shared/reserved.txt

Source: the project's own writing only (``scripts/training_banks/benign_inputs.py``): first-person
retail-finance questions with numbers and loaded words (taxes, debt, divorce, inheritance, short
selling, options, leverage, crypto, fraud victims, "how do scammers …", "is it legal to …"), requests
that only sound harmful (XSTest's idea, our own finance wording), benign fiction / persuasive-essay /
role-play requests, German/French/Spanish banking questions — all compliant — and German/French/
Spanish harmful requests (violations of harmful-request), so recall holds where benign text in those
languages becomes a negative. Public benign prompts already in the training data (XSTest's safe
prompts, BANKING77, TAT-QA, MT-Bench; ``make_acceptable_use.py``) are not repeated here.

One item in three is ``split: heldout`` (never trained or tuned on): that part is the **benign check
set** `bench/bench_guardrails.py` reports (false blocks of the input rails) beside the train part.
Compliant items are negatives for both window heads (``train.relevant``). Texts sharing a 12-word
passage (or, when short, the whole text) with a reserved set are dropped (``--exclude-hashes``).
Deterministic: no sampling; the order of the bank is the order of the file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml
from make_acceptable_use import reserved

sys.path.insert(0, str(Path(__file__).resolve().parent))
from training_banks.benign_inputs import CREATIVE, FINANCE, HARMFUL_DE, MULTI, SOUNDS_HARMFUL  # noqa: E402

TRAINING = Path(__file__).resolve().parents[1] / "policies" / "training"
HELDOUT_EVERY = 3
HEADER = """# Benign inputs that sound risky (compliant for every input head) and non-English harmful requests
# (acceptable_use/harmful-request violations). Written by scripts/make_benign_inputs.py from the project's own
# writing (scripts/training_banks/benign_inputs.py); no third-party text. No reserved evaluation set (deepset,
# Tensor Trust, JailbreakBench, FiQA) is used; texts sharing a 12-word passage with them are dropped.
# split: heldout (one item in three) is never trained or tuned on: the benign check set of bench_guardrails.
"""
BANKS = (
    ("own/finance-questions", "compliant", FINANCE),
    ("own/sounds-harmful", "compliant", SOUNDS_HARMFUL),
    ("own/creative", "compliant", CREATIVE),
    ("own/multilingual-banking", "compliant", MULTI),
    ("own/harmful-de-fr-es", "violation", HARMFUL_DE),
)


def build(exclude: set[str]) -> tuple[list[dict], int]:
    items, seen, dropped = [], set(), 0
    for offset, (source, label, texts) in zip(range(0, 5000, 1000), BANKS):
        for i, text in enumerate(texts):
            text = text.strip()
            if text in seen:
                continue
            if reserved(text, exclude):
                dropped += 1
                continue
            seen.add(text)
            split = "heldout" if i % HELDOUT_EVERY == HELDOUT_EVERY - 1 else "train"
            items.append(
                {
                    "rule": "harmful-request",
                    "group": 30_000 + offset + i,
                    "split": split,
                    "label": label,
                    "source": source,
                    "text": text,
                }
            )
    return items, dropped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exclude-hashes", type=Path)
    args = parser.parse_args()
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    items, dropped = build(exclude)
    body = yaml.safe_dump({"policy": "acceptable_use", "items": items}, sort_keys=False, allow_unicode=True, width=120)
    (TRAINING / "benign_inputs.yaml").write_text(HEADER + body)
    counts: dict[tuple, int] = {}
    for item in items:
        key = (item["source"], item["label"], item["split"])
        counts[key] = counts.get(key, 0) + 1
    print("benign_inputs.yaml dropped as reserved:", dropped)
    for key, n in sorted(counts.items()):
        print(" ", *key, n)


if __name__ == "__main__":
    main()
