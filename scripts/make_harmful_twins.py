"""Writes policies/training/harmful_twins.yaml: harmful requests beside benign twins on the same topic
(acceptable_use/harmful-request violations / compliant) — issue #15, input side, fifteenth pass. The file names
its head (``heads: [harmful-request]``, sixteenth pass): the benign twins are that head's negatives, not the
injection head's. The benign security-engineering requests it also held are in ``security_requests.yaml``
(``scripts/make_security_requests.py``), negatives for both heads.

    python scripts/make_harmful_twins.py --exclude-hashes ../shared/reserved.txt

Source: the project's own writing (``scripts/training_banks/harmful_twins.py``); no third-party text. A pair shares
its group (both sides fall in the same fold), and every fourth pair is ``split: heldout`` (never trained or tuned
on). Texts sharing a 12-word passage (or, when short, the whole text) with a reserved set are dropped.
Deterministic.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from make_acceptable_use import reserved
from make_injection_extra import write_pack

sys.path.insert(0, str(Path(__file__).resolve().parent))
from training_banks.harmful_twins import PAIRS  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "policies" / "training" / "harmful_twins.yaml"
FIRST_GROUP = 81_000
HEADER = """# Harmful requests beside benign twins on the same topic (asked to avoid the harm, to understand it, for fiction
# without a method, for safety), for acceptable_use/harmful-request. Written by scripts/make_harmful_twins.py from
# the project's own writing (scripts/training_banks/harmful_twins.py); no third-party text. A pair shares its group;
# every fourth pair is split: heldout (never trained or tuned on). Only the harmful-request head learns from this
# file (heads): the benign twins are not the injection head's negatives. No reserved evaluation set is used; texts
# sharing a 12-word passage with one are dropped.
"""


def build(exclude: set[str]) -> list[dict]:
    items = []
    for index, pair in enumerate(PAIRS):
        split = "heldout" if index % 4 == 3 else "train"
        for label, text in zip(("violation", "compliant"), pair):
            if not reserved(text, exclude):
                source = "own/harmful-twin" if label == "violation" else "own/benign-twin"
                items.append(
                    {
                        "rule": "harmful-request",
                        "group": FIRST_GROUP + index,
                        "split": split,
                        "label": label,
                        "source": source,
                        "text": text,
                    }
                )
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--exclude-hashes", type=Path, required=True)
    args = parser.parse_args()
    exclude = set(args.exclude_hashes.read_text().split())
    for row in write_pack(OUT, HEADER, build(exclude), policy="acceptable_use", heads=["harmful-request"]):
        print(*row)


if __name__ == "__main__":
    main()
