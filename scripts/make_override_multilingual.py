"""Writes policies/training/prompt_injection_multilingual_override.yaml: rule removal, instruction override and
persona switches in German, French, Spanish and Italian (prompt_injection/injection-learned violations) beside
near misses in the same words that stay inside a bank assistant's job (compliant for every input head) — issue
#15, input side, tenth pass.

    python scripts/make_override_multilingual.py --exclude-hashes ../shared/reserved.txt

Source: the project's own writing (``scripts/training_banks/override_multilingual.py``); no third-party text.
One item in four of each list is ``split: heldout`` (never trained or tuned on). Texts sharing a 12-word passage
(or, when short, the whole text) with a reserved set are dropped. Deterministic.
"""

from __future__ import annotations

import sys
from pathlib import Path

from own_banks import own_bank_items, own_bank_main

sys.path.insert(0, str(Path(__file__).resolve().parent))
from training_banks.override_multilingual import NEAR, OVERRIDE  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "policies" / "training" / "prompt_injection_multilingual_override.yaml"
HEADER = """# Rule removal, instruction override and persona switches in German, French, Spanish and Italian (injection-learned
# violations) beside near misses in the same words inside a bank assistant's job (compliant for every input head).
# Written by scripts/make_override_multilingual.py from the project's own writing
# (scripts/training_banks/override_multilingual.py); no third-party text. No reserved evaluation set is used; texts
# sharing a 12-word passage with one are dropped. split: heldout (one item in four) is never trained or tuned on.
"""


def build(exclude: set[str]) -> list[dict]:
    lists = [
        (f"own/{'override' if label == 'violation' else 'override-near-miss'}/{lang}", label, texts)
        for label, bank in (("violation", OVERRIDE), ("compliant", NEAR))
        for lang, texts in bank.items()
    ]
    return own_bank_items(lists, "injection-learned", 90_000, exclude)


def main() -> None:
    own_bank_main(__doc__, OUT, HEADER, build, policy="prompt_injection")


if __name__ == "__main__":
    main()
