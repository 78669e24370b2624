"""Write policies/training/answer_voices.yaml from scripts/training_banks/voices.py.

    python scripts/make_voice_training.py

The fourth hand-written bank (every answer rule in voices the first three banks lack: terse chat,
long e-mails, formal research and file notes, non-native English, forum slang; each violation beside
its compliant near miss; plus ordinary answers in the same voices) is used as written — no template
variation, the register is the point. A core written as a short answer marks its violating sentence
``[[ ]]`` (the item's ``span``). One core in five per rule is ``split: heldout``, as are one in five of
the ordinary answers. Its own file, no random stream: every other training file stays byte for byte.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_guardrail_training import HELDOUT_EVERY, OUT  # noqa: E402
from training_banks import voices  # noqa: E402

GROUP_BASE = 3000  # after the paraphrase bank's group numbers (1000, 2000) of the same rules
MARK = re.compile(r"\[\[(.+?)\]\]")
HEADER = """# Labelled training data: every answer rule in voices unlike the first banks' (terse chat, long e-mails,
# formal research and file notes, non-native English, forum slang), each violation beside a compliant near
# miss in the same group, and ordinary answers in the same voices (rule "*"). Hand-written for the project
# (scripts/training_banks/voices.py), written out as is by scripts/make_voice_training.py.
# split: heldout items are never trained on; span: the violating sentence of a multi-sentence answer.
# stage: output: these items train only the answer (output) heads, never the input heads.
"""


def split_of(index: int) -> str:
    return "heldout" if index % HELDOUT_EVERY == HELDOUT_EVERY - 1 else "train"


def unmark(text: str) -> tuple[str, str | None]:
    found = MARK.search(text)
    return MARK.sub(r"\1", text), (found.group(1) if found else None)


def items() -> list[dict]:
    out: list[dict] = []
    for rule, (violations, near_misses) in voices.RULES.items():
        for index, (violation, near_miss) in enumerate(zip(violations, near_misses, strict=True)):
            base = {"rule": rule, "group": GROUP_BASE + index, "split": split_of(index), "register": "voices"}
            text, span = unmark(violation)
            out.append({**base, "label": "violation", "text": text, **({"span": span} if span else {})})
            out.append({**base, "label": "compliant", "text": unmark(near_miss)[0]})
    for index, text in enumerate(voices.ORDINARY):
        out.append({"rule": "*", "split": split_of(index), "register": "voices", "label": "compliant", "text": text})
    return out


def main() -> None:
    found = items()
    body = yaml.safe_dump({"stage": "output", "items": found}, sort_keys=False, allow_unicode=True, width=1000)
    path = OUT / "answer_voices.yaml"
    path.write_text(HEADER + body, encoding="utf-8")
    print(f"wrote {path}: {len(found)} items, {sum(i['split'] == 'heldout' for i in found)} held out")


if __name__ == "__main__":
    main()
