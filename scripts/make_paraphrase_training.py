"""Write policies/training/answer_paraphrases.yaml from scripts/training_banks/paraphrases.py.

    python scripts/make_paraphrase_training.py

The third hand-written bank (keyword-free violations of the rules whose heads shipped in shadow mode,
each beside a compliant near miss) gets its own file and its own random stream, so adding it leaves
every file of scripts/make_guardrail_training.py byte for byte as it was. A single-sentence core is
varied as there (names, figures, and ``KEEP`` of the plain / chat / formal / slang / answer registers);
a core that is already a short answer (its violating sentence marked ``[[ ]]``) is used as written,
with that sentence as the item's ``span``. One core in five per rule is ``split: heldout``.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_guardrail_training import HELDOUT_EVERY, OUT, SEED, capitalised, fill, variants  # noqa: E402
from training_banks import paraphrases  # noqa: E402

KEEP = 3
GROUP_BASE = 1000  # after the first two banks' group numbers of the same rules
NEGATED_GROUP_BASE = 2000
HEADER = """# Labelled training data: keyword-free violations of the rules whose heads shipped in shadow mode (and of
# promissory-guarantee), each with a compliant near miss in the same group. Hand-written for the project
# (scripts/training_banks/paraphrases.py), varied by scripts/make_paraphrase_training.py (seed {seed}).
# split: heldout items are never trained on; span: the violating sentence of a multi-sentence answer.
# stage: output: these items train only the answer (output) heads, never the injection head.
"""
MARK = re.compile(r"\[\[(.+?)\]\]")


def marked(template: str, rnd: random.Random) -> tuple[str, str | None]:
    """(text, span) of a core written as a short answer, its violating sentence in ``[[ ]]``."""
    text = capitalised(fill(template, rnd))
    found = MARK.search(text)
    return MARK.sub(r"\1", text), (found.group(1) if found else None)


def items_of(
    rule: str, bank: tuple[list[str], list[str]], rnd: random.Random, first_group: int = GROUP_BASE
) -> list[dict]:
    items = []
    for index, (violation, near_miss) in enumerate(zip(*bank, strict=True)):
        group = first_group + index
        base = {
            "rule": rule,
            "group": group,
            "split": "heldout" if index % HELDOUT_EVERY == HELDOUT_EVERY - 1 else "train",
        }
        if "[[" in violation:
            state = rnd.getstate()
            v, span = marked(violation, rnd)
            rnd.setstate(state)  # the near miss gets the same names and figures
            n, _ = marked(near_miss, rnd)
            items.append({**base, "register": "answer", "label": "violation", "text": v, "span": span})
            items.append({**base, "register": "answer", "label": "compliant", "text": n})
            continue
        chosen = variants(violation, near_miss, rnd)
        rnd.shuffle(chosen)
        for register, v, v_span, n, _ in sorted(chosen[:KEEP], key=lambda c: c[0]):
            span = {"span": v_span} if v_span != v else {}
            items.append({**base, "register": register, "label": "violation", "text": v, **span})
            items.append({**base, "register": register, "label": "compliant", "text": n})
    return items


def main() -> None:
    rnd = random.Random(SEED + 3)
    items = [item for rule, bank in paraphrases.RULES.items() for item in items_of(rule, bank, rnd)]
    items += [
        item
        for rule, bank in paraphrases.NEGATED.items()
        for item in items_of(rule, bank, rnd, first_group=NEGATED_GROUP_BASE)
    ]
    body = yaml.safe_dump({"stage": "output", "items": items}, sort_keys=False, allow_unicode=True, width=1000)
    path = OUT / "answer_paraphrases.yaml"
    path.write_text(HEADER.format(seed=SEED + 3) + body, encoding="utf-8")
    print(f"wrote {path}: {len(items)} items, {sum(i['split'] == 'heldout' for i in items)} held out")


if __name__ == "__main__":
    main()
