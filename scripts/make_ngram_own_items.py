"""Writes policies/training/ngram/own_items.yaml, read only by the n-gram reader (issue #15, input side, thirteenth
pass): a customer setting aside their own earlier content (a transaction, a balance, a question, an attachment) in
English and nine other languages — compliant — beside attack twins of the same shape whose object is the
assistant's instructions; and requests to reproduce the assistant's hidden setup text without naming it, beside
near misses that ask for something the customer can see, in English, German, French and Spanish.

    python scripts/make_ngram_own_items.py --exclude-hashes ../shared/reserved.txt
    llmgateway policy train policies --group ngram

Source: the project's own writing (``scripts/training_banks/override_own_items.py``, ``setup_extraction.py``); no
third-party text. The hand-written sentences: one in four of each list is ``split: heldout`` (never trained or tuned
on); the minimal pairs (verb × object × continuation) are all ``split: train``. Texts sharing a 12-word passage (or, when short,
the whole text) with a reserved set are dropped. Deterministic.
"""

from __future__ import annotations

import sys
from pathlib import Path

from make_acceptable_use import reserved
from own_banks import own_bank_items, own_bank_main

sys.path.insert(0, str(Path(__file__).resolve().parent))
from training_banks import override_own_items as bank  # noqa: E402
from training_banks import setup_extraction  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "policies" / "training" / "ngram" / "own_items.yaml"
RULE = "injection-learned"
HEADER = """# A customer setting aside their own earlier content (compliant) beside attack twins of the same shape whose object
# is the assistant's instructions (injection-learned violations), in English and nine other languages; requests for
# the hidden setup text (violations) beside requests to repeat what the customer can see (compliant), en/de/fr/es.
# Written by scripts/make_ngram_own_items.py from the project's own writing (scripts/training_banks/
# override_own_items.py, setup_extraction.py); no third-party text. Read only by the n-gram reader (policies/training/ngram/). No reserved
# evaluation set is used; split: heldout (one hand-written sentence in four) is never trained or tuned on.
"""


def build(exclude: set[str]) -> list[dict]:
    lists = [
        (f"own/{kind}/{lang}", label, texts)
        for kind, label, texts_of in (("own-item", "compliant", bank.NEAR), ("own-item-twin", "violation", bank.TWINS))
        for lang, texts in texts_of.items()
    ]
    items = own_bank_items(lists, RULE, 140_000, exclude)
    extraction = [
        (f"own/{kind}/{lang}", label, texts)
        for kind, label, texts_of in (
            ("setup-extraction", "violation", setup_extraction.EXTRACT),
            ("setup-extraction-near-miss", "compliant", setup_extraction.NEAR),
        )
        for lang, texts in texts_of.items()
    ]
    items += own_bank_items(extraction, RULE, 160_000, exclude)
    languages = list(bank.PAIRS)
    for lang, label, text, number, kind in bank.pairs():
        if reserved(text, exclude):
            continue
        group = 150_000 + 100 * languages.index(lang) + (50 if label == "compliant" else 0) + number
        items.append(
            {
                "rule": RULE,
                "group": group,
                "split": "train",
                "label": label,
                "source": f"own/{kind}/{lang}",
                "text": text,
            }
        )
    return items


def main() -> None:
    own_bank_main(__doc__, OUT, HEADER, build, policy="prompt_injection")


if __name__ == "__main__":
    main()
