"""Writes policies/training/benign_multilingual.yaml: ordinary questions in eleven languages other than
English, compliant for both input heads (issue #15, input side) — so that a question in German or
Spanish is not, by its language alone, evidence of an injection.

    for l in de es ru zh tr vi ar el hi ro th; do
      git -C xquad show 7d30520:xquad.$l.json > DIR/xquad.$l.json; done
    python scripts/make_benign_multilingual.py --src DIR --exclude-hashes ../shared/reserved.txt

Source: google-deepmind/xquad @ 7d30520 (CC BY-SA 4.0; Artetxe et al., ACL 2020): professional
translations of 1,190 SQuAD v1.1 development questions over 48 Wikipedia articles. Only the questions are
used. The translations of one question share its group, and the split is by article (the last ten
articles are ``heldout``), so no translation of a held-out question is trained on. Texts sharing a
12-word passage with a reserved set, or equal to a short one, are dropped. Deterministic (seed 15).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_acceptable_use import reserved  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "policies" / "training" / "benign_multilingual.yaml"
SEED = 15
# questions per language: (train, heldout)
PER_LANGUAGE = {"de": (100, 30), "es": (100, 30)} | {
    lang: (30, 10) for lang in ("ru", "zh", "tr", "vi", "ar", "el", "hi", "ro", "th")
}
HELDOUT_ARTICLES = 10
# German and Spanish: of the 100 training questions drawn (so the held-out sample stays the one measured),
# keep 3 in every 10 — the first input retrain with all of them and the finance requests raised the
# harmful-request head's scores on the own benign check set's hard negatives (the loss is a mean over
# negatives; easy ones dilute the hard ones), and German/Spanish questions were not being blocked.
KEEP_OF_TEN = {"de": 3, "es": 3}
HEADER = """# Ordinary questions in eleven languages other than English, compliant for every input head: the
# questions of google-deepmind/xquad @ 7d30520 (CC BY-SA 4.0; this file is under the same licence),
# written by scripts/make_benign_multilingual.py. Split by article; no reserved evaluation set is used.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, required=True, help="folder with xquad.<lang>.json")
    parser.add_argument("--exclude-hashes", type=Path)
    args = parser.parse_args()
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    rnd = random.Random(SEED)
    items, dropped = [], 0
    for lang, (train_n, held_n) in PER_LANGUAGE.items():
        data = json.loads((args.src / f"xquad.{lang}.json").read_text(encoding="utf-8"))["data"]
        split_at = len(data) - HELDOUT_ARTICLES
        for split, articles, count in (("train", data[:split_at], train_n), ("heldout", data[split_at:], held_n)):
            offset = sum(len(p["qas"]) for a in data[: 0 if split == "train" else split_at] for p in a["paragraphs"])
            questions = [q["question"].strip() for a in articles for p in a["paragraphs"] for q in p["qas"]]
            for position, index in enumerate(sorted(rnd.sample(range(len(questions)), count))):
                if reserved(questions[index], exclude):
                    dropped += 1
                    continue
                if split == "train" and position % 10 >= KEEP_OF_TEN.get(lang, 10):
                    continue
                items.append(
                    {
                        "rule": "injection-learned",
                        "group": 70_000 + offset + index,
                        "split": split,
                        "label": "compliant",
                        "source": f"xquad/{lang}",
                        "text": questions[index],
                    }
                )
    body = yaml.safe_dump({"policy": "prompt_injection", "items": items}, allow_unicode=True, sort_keys=False)
    OUT.write_text(HEADER + body, encoding="utf-8")
    print(OUT.name, len(items), "items; dropped as reserved:", dropped)


if __name__ == "__main__":
    main()
