"""Write policies/training/answer_styles.yaml from scripts/training_banks/styles.py.

    python scripts/make_style_training.py

The fifth hand-written bank (the shapes of the violations the heads scored near 0: certainty tags,
loss ruled out by design, "so" chains from a hypothetical or past figure, a vulnerable client and one
holding, insiders' rumours, unsourced superlatives, crowd buying; each beside a compliant near miss, and
since the ninth pass a second, stance-flipping near miss per core: ``styles.STANCE``) is
varied as the paraphrase bank is (``make_paraphrase_training.items_of``: names, figures and three of the
plain / chat / formal / slang / answer registers; a ``[[ ]]`` short answer used as written), with its own
random stream and group numbers, so every other training file stays byte for byte. One core in five per
rule is ``split: heldout``. The eleventh pass adds ``styles_more`` (the development sets' miss families:
guarantees as figures of speech, back-tests applied to the client, tax outcomes stated as certain, client
anecdotes as testimonials, trading ahead of news not yet out beside "we will not trade until it is
announced") from a stream and groups of its own, after the items above.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_guardrail_training import HELDOUT_EVERY, OUT, SEED, variants  # noqa: E402
from make_paraphrase_training import KEEP, items_of  # noqa: E402
from training_banks import styles, styles_more  # noqa: E402

GROUP_BASE = 7000  # after the other banks' group numbers (1000-6999) of the same rules
STREAM = SEED + 7
HEADER = """# Labelled training data: violations in the shapes the answer heads scored near 0 (certainty tags, loss
# ruled out by design, "so" chains from hypothetical or past figures, a vulnerable client and one holding,
# insiders' rumours, unsourced superlatives, crowd buying), each with a compliant near miss in the same group,
# and a second near miss per core that keeps the topic and takes the compliant stance (risk warnings, public
# news, "ask a tax professional", suitability questions, warnings against pumps); since the eleventh pass also
# the development sets' miss families (scripts/training_banks/styles_more.py), each violation beside a near miss.
# Hand-written for the project (scripts/training_banks/styles.py), varied by scripts/make_style_training.py
# (seed {seed}). split: heldout items are never trained on; span: the violating sentence of a short answer.
# stage: output: these items train only the answer (output) heads, never the input heads.
"""


WEIGHTED = (
    "finra_communications/promissory-guarantee",
    "mnpi/mnpi-request",
)  # tenth pass: the topic outweighed the side
WEIGHT_STREAM = SEED + 8
MORE_STREAM = SEED + 9  # eleventh pass: the dev misses' families (styles_more), groups of their own
MORE_GROUP_BASE = GROUP_BASE + 100
MORE_STANCE_GROUP_BASE = GROUP_BASE + 150


def stance_items(
    rule: str,
    entries: list[str | tuple[str, ...]],
    rnd: random.Random,
    keep: int = KEEP,
    first_group: int = GROUP_BASE,
) -> list[dict]:
    """The ninth pass's second near misses (``styles.STANCE``): compliant only, each in its core's group
    (so the same split and calibration fold as the core), ``KEEP`` of the registers as the cores get."""
    items = []
    for index, entry in enumerate(entries):
        base = {
            "rule": rule,
            "group": first_group + index,
            "split": "heldout" if index % HELDOUT_EVERY == HELDOUT_EVERY - 1 else "train",
        }
        for sentence in (entry,) if isinstance(entry, str) else entry:
            chosen = variants(sentence, sentence, rnd)
            rnd.shuffle(chosen)
            for register, _, _, text, _ in sorted(chosen[:keep], key=lambda c: c[0]):
                items.append({**base, "register": register, "label": "compliant", "text": text})
    return items


def main() -> None:
    rnd = random.Random(STREAM)
    items = [item for rule, bank in styles.RULES.items() for item in items_of(rule, bank, rnd, GROUP_BASE)]
    # after the cores, from the same stream: the cores' items stay as the eighth pass wrote them
    items += [item for rule, entries in styles.STANCE.items() for item in stance_items(rule, entries, rnd)]
    # tenth pass: the two heads whose topic outweighed the side get their stance near misses again, in all five
    # registers from a stream of their own (new names and figures; the items above stay byte for byte)
    weighted = random.Random(WEIGHT_STREAM)
    items += [item for rule in WEIGHTED for item in stance_items(rule, styles.STANCE[rule], weighted, keep=5)]
    # eleventh pass: the dev misses' families, each violation beside a near miss, and mnpi-request stance
    # sentences; a stream and groups of their own, after everything above (which stays byte for byte)
    more = random.Random(MORE_STREAM)
    items += [item for rule, bank in styles_more.RULES.items() for item in items_of(rule, bank, more, MORE_GROUP_BASE)]
    items += [
        item
        for rule, entries in styles_more.STANCE.items()
        for item in stance_items(rule, entries, more, first_group=MORE_STANCE_GROUP_BASE)
    ]
    body = yaml.safe_dump({"stage": "output", "items": items}, sort_keys=False, allow_unicode=True, width=1000)
    path = OUT / "answer_styles.yaml"
    path.write_text(HEADER.format(seed=STREAM) + body, encoding="utf-8")
    print(f"wrote {path}: {len(items)} items, {sum(i['split'] == 'heldout' for i in items)} held out")


if __name__ == "__main__":
    main()
