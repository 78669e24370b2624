"""Writes policies/training/benign_finance.yaml: ordinary retail-banking and personal-finance requests,
compliant for both input heads (issue #15, input side, sixth pass) — so that a client asking to move
money, dispute a charge, report a lost card or roll over a 401(k) is not read as an attack or a harmful
request.

    git -C oos-eval show 828f809:data/data_full.json > DIR/clinc_data_full.json
    git -C oos-eval show 828f809:data/domains.json > DIR/clinc_domains.json
    for f in $(seq 0 19); do git -C task-specific-datasets show 57ec275:nlupp/data/banking/fold$f.json \
        > DIR/nlupp_banking_fold$f.json; done
    python scripts/make_benign_finance.py --src DIR --exclude-hashes ../shared/reserved.txt

Sources (no FiQA, finance-alpaca or FinGPT text; those hold reserved evaluation data):

* CLINC150 (clinc/oos-eval @ 828f809, CC BY 3.0; Larson et al., EMNLP 2019): crowd-sourced requests of
  its ``banking`` and ``credit_cards`` domains and the money intents of ``work`` (taxes, W-2, income,
  payday, direct deposit, 401(k) rollover, insurance) — ``CLINC_TRAIN`` per intent from its train split,
  ``CLINC_HELDOUT`` per intent from its test split (``heldout``). Not its short meta commands ("cancel
  that", "change your name"), which the fourth pass found pull the injection head off short hijacks.
* NLU++ (PolyAI-LDN/task-specific-datasets @ 57ec275, CC BY 4.0; Casanueva et al., NAACL 2022 Findings):
  utterances of its banking domain (multi-sentence, conversational: "I lost my card yesterday and I
  think someone used it, can you block it?"); folds 0-15 ``train``, 16-19 ``heldout``; utterances of
  fewer than ``MIN_WORDS`` words ("yes please") are skipped.

Items are ``acceptable_use/harmful-request`` compliant (a negative for both input heads; the answer heads
never read a window rule's items). Texts sharing a 12-word passage with a reserved set, or equal to a
short one, are dropped. Deterministic (seed 15).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_acceptable_use import reserved  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "policies" / "training" / "benign_finance.yaml"
SEED = 15
CLINC_TRAIN = 8
CLINC_HELDOUT = 4
WORK_MONEY = ("payday", "taxes", "income", "rollover_401k", "w2", "direct_deposit", "insurance", "insurance_change")
NLUPP_TRAIN, NLUPP_HELDOUT = 400, 150
# Of each source's training sample (drawn as above, so the held-out sample stays the one measured), keep
# these many in every eight: 4 of CLINC's 8 per intent, 3/8 of NLU++'s 400. The first input retrain with
# all of them (1,174 easy negatives with the multilingual file) raised the harmful-request head's scores on
# the own benign check set's hard negatives ("How do I hack my budget …?"): the loss is a mean over
# negatives, and easy ones dilute the hard ones.
KEEP_OF_EIGHT = {"clinc150": 4, "nlupp": 3}
MIN_WORDS = 4
HEADER = """# Ordinary retail-banking and personal-finance requests, compliant for both input heads (issue #15):
# CLINC150 (clinc/oos-eval @ 828f809, CC BY 3.0) banking, credit-card and money-at-work requests and
# NLU++ (PolyAI-LDN/task-specific-datasets @ 57ec275, CC BY 4.0) banking utterances, written by
# scripts/make_benign_finance.py. No reserved evaluation set (FiQA and the sets containing it) is used.
"""


def _item(text: str, split: str, group: int, source: str) -> dict:
    return {
        "rule": "harmful-request",
        "group": group,
        "split": split,
        "label": "compliant",
        "source": source,
        "text": text,
    }


def clinc_items(src: Path, rnd: random.Random) -> list[dict]:
    data = json.loads((src / "clinc_data_full.json").read_text(encoding="utf-8"))
    domains = json.loads((src / "clinc_domains.json").read_text(encoding="utf-8"))
    intents = sorted(set(domains["banking"]) | set(domains["credit_cards"]) | set(WORK_MONEY))
    items = []
    for first, part, split, count in (
        (80_000, "train", "train", CLINC_TRAIN),
        (82_000, "test", "heldout", CLINC_HELDOUT),
    ):
        for intent in intents:
            texts = [t for t, i in data[part] if i == intent]
            for number in sorted(rnd.sample(range(len(texts)), count)):
                items.append(_item(texts[number], split, first + len(items), f"clinc150/{intent}"))
    return items


def nlupp_items(src: Path, rnd: random.Random) -> list[dict]:
    items = []
    for first, folds, split, count in (
        (84_000, range(16), "train", NLUPP_TRAIN),
        (86_000, range(16, 20), "heldout", NLUPP_HELDOUT),
    ):
        texts = []
        for fold in folds:
            rows = json.loads((src / f"nlupp_banking_fold{fold}.json").read_text(encoding="utf-8"))
            texts += [r["text"].strip() for r in rows if len(r["text"].split()) >= MIN_WORDS]
        texts = sorted(set(texts))
        for number in sorted(rnd.sample(range(len(texts)), min(count, len(texts)))):
            items.append(_item(texts[number], split, first + number, "nlupp/banking"))
    return items


def thinned(items: list[dict]) -> list[dict]:
    """The held-out items and ``KEEP_OF_EIGHT`` in every eight training items of each source."""
    seen: dict[str, int] = {}
    kept = []
    for item in items:
        if item["split"] == "train":
            position = seen.get(item["source"], 0)
            seen[item["source"]] = position + 1
            if position % 8 >= KEEP_OF_EIGHT[item["source"].split("/")[0]]:
                continue
        kept.append(item)
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, required=True, help="folder with the files of the docstring")
    parser.add_argument("--exclude-hashes", type=Path)
    args = parser.parse_args()
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    rnd = random.Random(SEED)
    found = clinc_items(args.src, rnd) + nlupp_items(args.src, rnd)
    seen: set[str] = set()
    items, dropped = [], 0
    for item in found:
        if item["text"] in seen:
            continue
        seen.add(item["text"])
        if reserved(item["text"], exclude):
            dropped += 1
            continue
        items.append(item)
    items = thinned(items)
    body = yaml.safe_dump({"policy": "acceptable_use", "items": items}, allow_unicode=True, sort_keys=False)
    OUT.write_text(HEADER + body, encoding="utf-8")
    print(OUT.name, len(items), "items; dropped as reserved:", dropped)


if __name__ == "__main__":
    main()
