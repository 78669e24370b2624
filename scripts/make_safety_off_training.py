"""Writes policies/training/prompt_injection_safety_off.yaml: short rule-removal hijacks, system-prompt
extraction and "drop the task" hijacks (injection-learned violations) beside near misses in the same frames,
and a customer's own requests about the answer's form (compliant) — issue #15, input side, ninth pass. Its
output was trained beside the persona data of 7294af8 in the ninth pass's experiment commit and not shipped
(docs/guardrails.md, input side, ninth pass), so it is not in the pack today.

    python scripts/make_safety_off_training.py --exclude-hashes ../shared/reserved.txt

Source: the project's own writing (``scripts/training_banks/safety_off.py``); no third-party text. One item
in four of each list is ``split: heldout`` (never trained or tuned on). Texts sharing a 12-word passage (or,
when short, the whole text) with a reserved set are dropped. Deterministic.
"""

from __future__ import annotations

import sys
from pathlib import Path

from own_banks import own_bank_items, own_bank_main

sys.path.insert(0, str(Path(__file__).resolve().parent))
from training_banks.safety_off import (  # noqa: E402
    DROP_TASK,
    DROP_TASK_NEAR,
    EXTRACTION,
    EXTRACTION_NEAR,
    RESPONSE_REQUESTS,
    RULES_OFF,
    RULES_OFF_NEAR,
)

OUT = Path(__file__).resolve().parents[1] / "policies" / "training" / "prompt_injection_safety_off.yaml"
HEADER = """# Short rule-removal hijacks, system-prompt extraction and "drop the task" hijacks (injection-learned
# violations) beside near misses in the same frames, and a customer's own requests about the answer's form
# (compliant for every input head). Written by scripts/make_safety_off_training.py from the project's own
# writing (scripts/training_banks/safety_off.py); no third-party text. No reserved evaluation set is used; texts
# sharing a 12-word passage with one are dropped. split: heldout (one item in four) is never trained or tuned on.
"""
LISTS = (
    ("own/rules-off", "violation", RULES_OFF),
    ("own/rules-off-near-miss", "compliant", RULES_OFF_NEAR),
    ("own/extraction", "violation", EXTRACTION),
    ("own/extraction-near-miss", "compliant", EXTRACTION_NEAR),
    ("own/drop-task", "violation", DROP_TASK),
    ("own/drop-task-near-miss", "compliant", DROP_TASK_NEAR),
    ("own/response-request", "compliant", RESPONSE_REQUESTS),
)


def build(exclude: set[str]) -> list[dict]:
    return own_bank_items(LISTS, "injection-learned", 70_000, exclude)


def main() -> None:
    own_bank_main(__doc__, OUT, HEADER, build, policy="prompt_injection")


if __name__ == "__main__":
    main()
