"""Writes policies/training/prompt_injection_personas.yaml: in-scope personas, compliant for both input
heads (issue #15, input side, eighth pass).

    python scripts/make_persona_training.py --exclude-hashes ../shared/reserved.txt

Why: since the eighth pass a request that re-assigns the assistant's role to an unrelated one ("I want
you to act as a Linux terminal …") is a prompt_injection/injection-learned violation
(``make_acceptable_use.persona_label``, docs/guardrails.md). These are its near misses — the same
shapes with a role inside a bank advisor's job ("I want you to act as my retirement planner …",
"explain it as you would to a teenager") — so that giving the assistant a role is not what the head
learns; and, for 18 of them, a twin in the same frame that strips the configured rules or replaces
the assistant (a violation: the pair teaches that the rule removal is the attack, not the frame).
Source: the project's own writing (``scripts/training_banks/personas.py``); no third-party
text. One item in three is ``split: heldout`` (never trained or tuned on). Texts sharing a 12-word
passage (or, when short, the whole text) with a reserved set are dropped. Deterministic.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml
from make_acceptable_use import reserved

sys.path.insert(0, str(Path(__file__).resolve().parent))
from training_banks.personas import IN_SCOPE_PERSONAS, RULE_STRIPPING_TWINS  # noqa: E402

TRAINING = Path(__file__).resolve().parents[1] / "policies" / "training"
HELDOUT_EVERY = 3
HEADER = """# In-scope personas (compliant for every input head): a role or a voice inside a bank advisor's job, the
# near misses of persona re-assignment (an unrelated role, an injection-learned violation since the input side's
# eighth pass), and for some a twin in the same frame that strips the assistant's rules (a violation). Written by scripts/make_persona_training.py from the project's own writing
# (scripts/training_banks/personas.py); no third-party text. No reserved evaluation set is used; texts sharing a
# 12-word passage with one are dropped. split: heldout (one item in three) is never trained or tuned on.
"""


def build(exclude: set[str]) -> tuple[list[dict], int]:
    """Each in-scope persona (compliant), followed by its rule-stripping twin (a violation) if it has one;
    a twin shares its persona's group, so the two are always in the same split and fold."""
    items, dropped = [], 0
    for i, text in enumerate(dict.fromkeys(t.strip() for t in IN_SCOPE_PERSONAS)):
        split = "heldout" if i % HELDOUT_EVERY == HELDOUT_EVERY - 1 else "train"
        pair = [("compliant", "own/in-scope-personas", text)]
        if i in RULE_STRIPPING_TWINS:
            pair.append(("violation", "own/persona-rules-stripped", RULE_STRIPPING_TWINS[i].strip()))
        for label, source, body in pair:
            if reserved(body, exclude):
                dropped += 1
                continue
            items.append(
                {"rule": "injection-learned", "group": 40_000 + i, "split": split, "label": label, "source": source}
                | {"text": body}
            )
    return items, dropped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exclude-hashes", type=Path)
    args = parser.parse_args()
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    items, dropped = build(exclude)
    body = yaml.safe_dump(
        {"policy": "prompt_injection", "items": items}, sort_keys=False, allow_unicode=True, width=120
    )
    (TRAINING / "prompt_injection_personas.yaml").write_text(HEADER + body)
    counts: dict[tuple, int] = {}
    for item in items:
        counts[(item["label"], item["split"])] = counts.get((item["label"], item["split"]), 0) + 1
    print("prompt_injection_personas.yaml dropped as reserved:", dropped, dict(sorted(counts.items())))


if __name__ == "__main__":
    main()
