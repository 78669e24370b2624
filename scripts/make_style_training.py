"""Write policies/training/answer_styles.yaml from scripts/training_banks/styles.py.

    python scripts/make_style_training.py

The fifth hand-written bank (the shapes of the violations the heads scored near 0: certainty tags,
loss ruled out by design, "so" chains from a hypothetical or past figure, a vulnerable client and one
holding, insiders' rumours, unsourced superlatives, crowd buying; each beside a compliant near miss) is
varied as the paraphrase bank is (``make_paraphrase_training.items_of``: names, figures and three of the
plain / chat / formal / slang / answer registers; a ``[[ ]]`` short answer used as written), with its own
random stream and group numbers, so every other training file stays byte for byte. One core in five per
rule is ``split: heldout``.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_guardrail_training import OUT, SEED  # noqa: E402
from make_paraphrase_training import items_of  # noqa: E402
from training_banks import styles  # noqa: E402

GROUP_BASE = 7000  # after the other banks' group numbers (1000-6999) of the same rules
STREAM = SEED + 7
HEADER = """# Labelled training data: violations in the shapes the answer heads scored near 0 (certainty tags, loss
# ruled out by design, "so" chains from hypothetical or past figures, a vulnerable client and one holding,
# insiders' rumours, unsourced superlatives, crowd buying), each with a compliant near miss in the same group.
# Hand-written for the project (scripts/training_banks/styles.py), varied by scripts/make_style_training.py
# (seed {seed}). split: heldout items are never trained on; span: the violating sentence of a short answer.
# stage: output: these items train only the answer (output) heads, never the input heads.
"""


def main() -> None:
    rnd = random.Random(STREAM)
    items = [item for rule, bank in styles.RULES.items() for item in items_of(rule, bank, rnd, GROUP_BASE)]
    body = yaml.safe_dump({"stage": "output", "items": items}, sort_keys=False, allow_unicode=True, width=1000)
    path = OUT / "answer_styles.yaml"
    path.write_text(HEADER.format(seed=STREAM) + body, encoding="utf-8")
    print(f"wrote {path}: {len(items)} items, {sum(i['split'] == 'heldout' for i in items)} held out")


if __name__ == "__main__":
    main()
