"""Writes policies/training/acceptable_use_more.yaml: harmful requests in the manner of harmful-request's
``must_block`` examples (acceptable_use/harmful-request violations) beside near misses from everyday finance
admin (compliant for every input head) — issue #15, input side, tenth pass.

    python scripts/make_harmful_training.py --exclude-hashes ../shared/reserved.txt

Source: the project's own writing (``scripts/training_banks/harmful.py``); no third-party text. One item in four
of each list is ``split: heldout`` (never trained or tuned on). Texts sharing a 12-word passage (or, when short,
the whole text) with a reserved set are dropped. Deterministic.
"""

from __future__ import annotations

import sys
from pathlib import Path

from own_banks import own_bank_items, own_bank_main

sys.path.insert(0, str(Path(__file__).resolve().parent))
from training_banks.harmful import ADMIN_NEAR, IMPERSONATION, OTHER_HARM, TAKEOVER, WEAPONS  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "policies" / "training" / "acceptable_use_more.yaml"
HEADER = """# Harmful requests in the manner of acceptable_use/harmful-request's must_block examples (account takeover,
# step-by-step weapons and harm, messages posing as a bank for a PIN; violations) beside near misses from everyday
# finance admin (own tax forms, reporting fraud, getting back into one's own account; compliant for every input
# head). Written by scripts/make_harmful_training.py from the project's own writing
# (scripts/training_banks/harmful.py); no third-party text. No reserved evaluation set is used; texts sharing a
# 12-word passage with one are dropped. split: heldout (one item in four) is never trained or tuned on.
"""
LISTS = (
    ("own/takeover", "violation", TAKEOVER),
    ("own/weapons", "violation", WEAPONS),
    ("own/impersonation", "violation", IMPERSONATION),
    ("own/other-harm", "violation", OTHER_HARM),
    ("own/finance-admin-near-miss", "compliant", ADMIN_NEAR),
)


def build(exclude: set[str]) -> list[dict]:
    return own_bank_items(LISTS, "harmful-request", 60_000, exclude)


def main() -> None:
    own_bank_main(__doc__, OUT, HEADER, build, policy="acceptable_use")


if __name__ == "__main__":
    main()
