"""Writes policies/training/ngram/own_techniques.yaml, read only by the n-gram reader (issue #15, input side,
fourteenth pass): injection techniques that show without an override verb — a pretext for the assistant's
secret, a claimed mode or authority, a split payload, a made-up world where secrets are shared, a new task "regardless
of" the old one, an instruction planted in pasted content — beside near misses of the same surface, in English
and (fewer) German, French, Spanish, Italian and Portuguese.

    python scripts/make_ngram_techniques.py --exclude-hashes ../shared/reserved.txt
    llmgateway policy train policies --group ngram

Source: the project's own writing (``scripts/training_banks/injection_techniques.py``), paraphrasing the
technique families of CyberSecEval's prompt-injection development half; no third-party text. One in four of each
list is ``split: heldout`` (never trained or tuned on). Texts sharing a 12-word passage (or, when short, the whole
text) with a reserved set are dropped. Deterministic.
"""

from __future__ import annotations

import sys
from pathlib import Path

from own_banks import own_bank_items, own_bank_main

sys.path.insert(0, str(Path(__file__).resolve().parent))
from training_banks import injection_techniques as bank  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "policies" / "training" / "ngram" / "own_techniques.yaml"
RULE = "injection-learned"
HEADER = """# Injection techniques without an override verb (violations: a pretext for the assistant's secret, a claimed
# mode or authority, a split payload, a made-up world where secrets are shared, a new task "regardless of" the old
# one, an instruction planted in pasted content) beside near misses of the same surface (compliant).
# Written by scripts/make_ngram_techniques.py from the project's own writing (scripts/training_banks/
# injection_techniques.py); no third-party text. Read only by the n-gram reader (policies/training/ngram/). No
# reserved evaluation set is used; split: heldout (one sentence in four) is never trained or tuned on.
"""


def build(exclude: set[str]) -> list[dict]:
    lists = [
        (f"own/{name}{suffix}/{lang}", label, texts)
        for name, attacks, near in bank.FAMILIES
        for suffix, label, texts_of in (("", "violation", attacks), ("-near-miss", "compliant", near))
        for lang, texts in texts_of.items()
    ]
    attacks, clean = bank.planted()
    lists += [("own/planted-instruction/en", "violation", attacks), ("own/planted-near-miss/en", "compliant", clean)]
    return own_bank_items(lists, RULE, 170_000, exclude)


if __name__ == "__main__":
    own_bank_main(__doc__, OUT, HEADER, build, "prompt_injection")
