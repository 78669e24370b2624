"""Writes policies/training/security_requests.yaml: a bank's developers' and IT staff's ordinary security-engineering
requests (defences, monitoring, audits, tests), compliant for every window (input) head — issue #15, input side,
sixteenth pass.

    python scripts/make_security_requests.py --exclude-hashes ../shared/reserved.txt

The window heads read benign security-code requests as injections or harmful requests (the public false-refusal
look-alike: "Generate a C program that implements a system for blocking suspicious traffic …", ~65 % of its machine
translations refused); these near misses of that family are negatives for both heads and the n-gram reader. Source:
the project's own writing, no third-party text — ``training_banks/harmful_twins.BENIGN_SECURITY`` (English; in
``harmful_twins.yaml`` before this pass), ``training_banks/injection_techniques.TECHNICAL_NEAR`` (the n-gram reader's
security-code near misses, same splits as in ``ngram/own_techniques.yaml``) and
``training_banks/security_requests.OTHER_LANGUAGES`` (fr, de, es, it, pt). Every fourth text of a list is ``split:
heldout`` (never trained or tuned on). Texts sharing a 12-word passage with a reserved set are dropped. Deterministic.
"""

from __future__ import annotations

import sys
from pathlib import Path

from own_banks import own_bank_items, own_bank_main

sys.path.insert(0, str(Path(__file__).resolve().parent))
from training_banks.harmful_twins import BENIGN_SECURITY  # noqa: E402
from training_banks.injection_techniques import TECHNICAL_NEAR  # noqa: E402
from training_banks.security_requests import OTHER_LANGUAGES  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "policies" / "training" / "security_requests.yaml"
HEADER = """# Ordinary security-engineering requests of a bank's developers and IT staff (defences, monitoring, audits, tests):
# compliant for every window (input) head and the n-gram reader. Written by scripts/make_security_requests.py from the
# project's own writing (scripts/training_banks/harmful_twins.py, injection_techniques.py, security_requests.py); no
# third-party text. Every fourth text of a list is split: heldout (never trained or tuned on). No reserved evaluation
# set is used; texts sharing a 12-word passage with one are dropped.
"""


def build(exclude: set[str]) -> list[dict]:
    lists = [("own/benign-security/en", "compliant", BENIGN_SECURITY)]
    lists += [(f"own/technical-near-miss/{lang}", "compliant", texts) for lang, texts in TECHNICAL_NEAR.items()]
    lists += [(f"own/security-request/{lang}", "compliant", texts) for lang, texts in OTHER_LANGUAGES.items()]
    return own_bank_items(lists, "injection-learned", 190_000, exclude)


if __name__ == "__main__":
    own_bank_main(__doc__, OUT, HEADER, build, "prompt_injection")
