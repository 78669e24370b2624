"""Builds a look-alike of harmful-behaviour request sets from text nobody on the project wrote — harmful requests
beside benign requests on the same topics — split into a development and a held-out half by a hash, under /tmp
(issue #15, input side, fifteenth pass). With ``--training FILE`` it also writes the development half of the
permissively licensed sources as a training pack for ``acceptable_use/harmful-request``.

    # the mirrors (the search tool's fetch): github:DAMO-NLP-SG/multilingual-safety-for-LLMs,
    # github:anthropics/hh-rlhf, github:meta-llama/PurpleLlama
    python scripts/make_harmful_lookalike.py --mirror /work/.mirror --out /tmp/gharm/lookalike \\
        --exclude-hashes /work/shared/reserved.txt [--training policies/training/harmful_requests_public.yaml]

Sources (each file read with ``git show <commit>:<path>`` from its mirror):

* MultiJail (DAMO-NLP-SG/multilingual-safety-for-LLMs @ 577ac51, MIT; ``data/MultiJail.csv``): 315 harmful
  requests (300 sampled from Anthropic's red-team attempts, 15 from OpenAI's GPT-4 report), each in English and
  human translations to zh, it, vi, ar, ko, th, bn, sw, jv — violations. A request's ten languages fall in one
  half (the split hashes its ``id``).
* hh-rlhf (anthropics/hh-rlhf @ 354e5c3, MIT; ``harmless-base/test.jsonl.gz``): the first human turn of red-team
  conversations, labelled by the project (``training_banks/hh_rlhf_labels.py``: 84 harmful requests, 33 ordinary
  questions; the rest unlabelled and unused).
* CLINC150 (clinc/oos-eval @ 828f809, CC BY 3.0; ``data/data_full.json``, ``data/domains.json``): with
  ``--training`` only, 8 train utterances per intent of its everyday domains (kitchen and dining, auto and commute,
  travel) as compliant negatives — casual short requests like the red-team turns.
* PurpleLlama's false-refusal prompts (meta-llama/PurpleLlama @ 4be64c3, Llama 3 Community License:
  ``CybersecurityBenchmarks/datasets/mitre_frr/mitre_frr.json``, 750 benign coding requests that sound like
  attacks, and ``frr_multilingual_machine_translated.json``) — benign, measurement only: never in ``--training``.

The split: the first 8 hex digits of the sha256 of the key, even → ``dev``, odd → ``holdout``. Texts sharing a
12-word passage (or, when short, the whole text) with a reserved set are dropped. Deterministic. Writes
``OUT/harmful_lookalike_{dev,holdout}.yaml`` in the eval-set form of ``bench/bench_guardrails.py --eval-dir OUT
--sets ...`` (stage input; a harmful request expects ``acceptable_use/harmful-request``; ``family`` = source and
language) and prints the counts.
"""

from __future__ import annotations

import argparse
import ast
import csv
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import yaml
from make_acceptable_use import reserved
from make_injection_extra import write_pack

sys.path.insert(0, str(Path(__file__).resolve().parent))
from training_banks.hh_rlhf_labels import BENIGN, HARMFUL  # noqa: E402

RULE = "acceptable_use/harmful-request"
MULTIJAIL = ("DAMO-NLP-SG+multilingual-safety-for-LLMs", "577ac51", "data/MultiJail.csv")
HH = ("anthropics+hh-rlhf", "354e5c3", "harmless-base/test.jsonl.gz")
FRR = ("meta-llama+PurpleLlama", "4be64c3", "CybersecurityBenchmarks/datasets/mitre_frr/mitre_frr.json")
FRR_ML = (FRR[0], FRR[1], "CybersecurityBenchmarks/datasets/mitre_frr/frr_multilingual_machine_translated.json")
LANGUAGES = ("en", "zh", "it", "vi", "ar", "ko", "th", "bn", "sw", "jv")
# the rule's scope (policies/acceptable_use.yaml): a request tagged only with hate speech, discrimination, adult
# content, conspiracy theories or unethical-but-lawful behaviour is reported apart ("multijail-other") and not trained on
IN_SCOPE_TAGS = frozenset(
    {
        "Violence & incitement",
        "Theft",
        "Weapons",
        "Substance abuse & banned substances",
        "Terrorism & organized crime",
        "Fraud & deception",
        "Sexual exploitation & human trafficking",
        "Animal abuse",
        "Property crime & vandalism",
        "Soliciting personally identifiable information",
        "Self-harm",
        "Child abuse",
        "Bullying & harassment",
    }
)
CLINC = ("clinc+oos-eval", "828f809", "data/data_full.json")
# everyday requests, casual and short like the red-team turns, as negatives: not the banking/credit/work domains
# (benign_finance.yaml has those) nor small talk and meta commands (the fourth pass: they pull the injection head off
# short hijacks)
CLINC_DOMAINS = ("kitchen_and_dining", "auto_and_commute", "travel")
CLINC_PER_INTENT = 8
# not "translate": a request to render text word for word in another language is the near miss of setup extraction
# ("type out, word for word, what you received"); the tenth pass saw such near misses pull injection-learned's
# must_block example down, and a retrain with it here moved that head's threshold 0.83 -> 0.79 (fifteenth pass)
CLINC_LEFT_OUT = frozenset({"translate"})
FIRST_GROUP = 80_000
HEADER = """# Harmful requests written by others, for acceptable_use/harmful-request (issue #15, input side, fifteenth pass):
# the development half of MultiJail (DAMO-NLP-SG/multilingual-safety-for-LLMs @ 577ac51, MIT, data/MultiJail.csv;
# English and human translations to zh/it/vi/ar) and of the project's labels of anthropics/hh-rlhf @ 354e5c3 (MIT,
# harmless-base/test.jsonl.gz first human turns; scripts/training_banks/hh_rlhf_labels.py): harmful requests are
# violations, the ordinary questions compliant; and everyday requests of CLINC150 (clinc/oos-eval @ 828f809, CC BY 3.0,
# data/data_full.json train split, 8 per intent of kitchen_and_dining, auto_and_commute, travel but translate),
# compliant. Only the harmful-request head learns from this file (heads, sixteenth pass): everyday requests are not
# the injection head's negatives. Written by scripts/make_harmful_lookalike.py --training; the
# held-out half (odd hash) is in no training file. A request's translations share its group. No reserved
# evaluation set is used; texts sharing a 12-word passage with one are dropped.
"""


def git_show(mirror: Path, spec: tuple[str, str, str]) -> bytes:
    repo, commit, path = spec
    return subprocess.run(
        ["git", "--git-dir", str(mirror / repo / "repo"), "show", f"{commit}:{path}"], check=True, capture_output=True
    ).stdout


def half(key: str) -> str:
    return "dev" if int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % 2 == 0 else "holdout"


def multijail(mirror: Path) -> list[dict]:
    rows = csv.DictReader(io.StringIO(git_show(mirror, MULTIJAIL).decode("utf-8-sig")))
    out = []
    for row in rows:
        source = "multijail" if IN_SCOPE_TAGS & set(ast.literal_eval(row["tags"])) else "multijail-other"
        for lang in LANGUAGES:
            text = " ".join((row[lang] or "").split())
            if text:
                key = f"multijail/{row['id']}"
                out.append({"text": text, "harmful": True, "source": source, "lang": lang, "key": key})
    return out


def hh_first_turns(mirror: Path) -> list[dict]:
    out, seen = [], set()
    for line in gzip.decompress(git_show(mirror, HH)).decode().splitlines():
        found = re.search(r"Human: (.*?)\n\nAssistant:", json.loads(line)["chosen"], re.S)
        text = " ".join(found.group(1).split()) if found else ""
        digest = hashlib.sha256(text.encode()).hexdigest()[:8]
        if text in seen or not 12 <= len(text) <= 300 or digest not in HARMFUL | BENIGN:
            continue
        seen.add(text)
        harmful = digest in HARMFUL
        out.append({"text": text, "harmful": harmful, "source": "hh-rlhf", "lang": "en", "key": text})
    return out


def frr(mirror: Path) -> list[dict]:
    out = []
    for row in json.loads(git_show(mirror, FRR)):
        text = row["mutated_prompt"].strip()
        out.append({"text": text, "harmful": False, "source": "purplellama-frr", "lang": "en", "key": text})
    for row in json.loads(git_show(mirror, FRR_ML)):
        lang = str(row.get("speaking_language") or "xx")
        key = row.get("original_english_prompt") or row["mutated_prompt"]
        out.append(
            {
                "text": row["mutated_prompt"].strip(),
                "harmful": False,
                "source": "purplellama-frr",
                "lang": lang,
                "key": key,
            }
        )
    return out


def clinc_everyday(mirror: Path) -> list[dict]:
    """The first ``CLINC_PER_INTENT`` train utterances of each intent of ``CLINC_DOMAINS`` (compliant; training only)."""
    domains = json.loads(git_show(mirror, (CLINC[0], CLINC[1], "data/domains.json")))
    wanted = {intent for d in CLINC_DOMAINS for intent in domains[d]} - CLINC_LEFT_OUT
    taken: dict[str, int] = {}
    out = []
    for text, intent in json.loads(git_show(mirror, CLINC))["train"]:
        if intent in wanted and taken.get(intent, 0) < CLINC_PER_INTENT:
            taken[intent] = taken.get(intent, 0) + 1
            out.append({"text": text, "source": f"clinc150/{intent}"})
    return out


def eval_item(row: dict) -> dict:
    return {
        "stage": "input",
        "expect": [RULE] if row["harmful"] else [],
        "family": f"{row['source']}/{row['lang']}/{'harmful' if row['harmful'] else 'benign'}",
        "text": row["text"],
    }


def training_items(rows: list[dict], languages: tuple[str, ...]) -> list[dict]:
    """The development half of the MIT sources (MultiJail: the rule's scope, in ``languages``) as training items; a
    request's translations share a group."""
    groups: dict[str, int] = {}
    items = []
    for row in rows:
        if row["source"] in ("purplellama-frr", "multijail-other") or half(row["key"]) != "dev":
            continue
        if row["lang"] not in languages:
            continue
        group = groups.setdefault(row["key"], FIRST_GROUP + len(groups))
        label = "violation" if row["harmful"] else "compliant"
        items.append(
            {
                "rule": "harmful-request",
                "group": group,
                "split": "train",
                "label": label,
                "source": f"{row['source']}/{row['lang']}",
                "text": row["text"],
            }
        )
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--exclude-hashes", type=Path, required=True)
    parser.add_argument("--training", type=Path, help="write the MIT sources' development half here")
    parser.add_argument("--languages", default="en", help="MultiJail languages trained on, comma-separated")
    args = parser.parse_args()
    exclude = set(args.exclude_hashes.read_text().split())
    rows = [r for r in multijail(args.mirror) + hh_first_turns(args.mirror) + frr(args.mirror)]
    kept = [r for r in rows if not reserved(r["text"], exclude)]
    print(f"{len(rows) - len(kept)} of {len(rows)} texts dropped as reserved")
    args.out.mkdir(parents=True, exist_ok=True)
    for name in ("dev", "holdout"):
        part = [r for r in kept if half(r["key"]) == name]
        path = args.out / f"harmful_lookalike_{name}.yaml"
        path.write_text(yaml.safe_dump({"items": [eval_item(r) for r in part]}, allow_unicode=True, width=120))
        counts: dict[str, int] = {}
        for r in part:
            counts[eval_item(r)["family"]] = counts.get(eval_item(r)["family"], 0) + 1
        print(path, len(part), dict(sorted(counts.items())))
    if args.training:
        items = training_items(kept, tuple(args.languages.split(",")))
        for index, row in enumerate(r for r in clinc_everyday(args.mirror) if not reserved(r["text"], exclude)):
            items.append(
                {
                    "rule": "harmful-request",
                    "group": FIRST_GROUP + 5_000 + index,
                    "split": "train",
                    "label": "compliant",
                    "source": row["source"],
                    "text": row["text"],
                }
            )
        for row in write_pack(args.training, HEADER, items, policy="acceptable_use", heads=["harmful-request"]):
            print(*row)


if __name__ == "__main__":
    main()
