"""What the builders of the project's own written training banks share (make_harmful_training,
make_override_multilingual, make_safety_off_training): one item per text, each its own group, one in four
held out, reserved texts dropped, and the same command line."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from make_acceptable_use import reserved
from make_injection_extra import write_pack

HELDOUT_EVERY = 4


def own_bank_items(
    lists: Sequence[tuple[str, str, Sequence[str]]], rule: str, first_group: int, exclude: set[str]
) -> list[dict]:
    """``lists`` of (source, label, texts) → items; a text's group is ``first_group`` + 100 per list before it +
    its index, and every fourth text of a list is ``split: heldout`` (never trained or tuned on)."""
    items = []
    for offset, (source, label, texts) in enumerate(lists):
        for index, text in enumerate(texts):
            if reserved(text, exclude):
                continue
            items.append(
                {
                    "rule": rule,
                    "group": first_group + 100 * offset + index,
                    "split": "heldout" if index % HELDOUT_EVERY == HELDOUT_EVERY - 1 else "train",
                    "label": label,
                    "source": source,
                    "text": text,
                }
            )
    return items


def own_bank_main(
    doc: str | None, out: Path, header: str, items: Callable[[set[str]], list[dict]], policy: str
) -> None:
    """``--exclude-hashes FILE``, then build, write ``out`` and print the item counts by source, label and split."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--exclude-hashes", type=Path)
    args = parser.parse_args()
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    for row in write_pack(out, header, items(exclude), policy=policy):
        print(*row)
