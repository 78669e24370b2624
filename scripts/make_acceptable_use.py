"""Writes the public training data of the second input head and more injection data:
policies/training/acceptable_use_public.yaml (acceptable_use/harmful-request) and
policies/training/prompt_injection_more.yaml (prompt_injection/injection-learned).

    # the files, from public GitHub repositories (commit recorded in docs/guardrails.md)
    git show HEAD:data/advbench.txt                                # AdvBench goals (MIT), Princeton-SysML/Jailbreak_LLM
    git show "HEAD:SimpleSafetyTests - test cases.csv"             # bertiev/SimpleSafetyTests (CC-BY-4.0)
    git show HEAD:xstest_prompts.csv                               # paul-rottger/exaggerated-safety (CC-BY-4.0)
    git show HEAD:datasets/questions/question_list.csv             # sherdencooper/GPTFuzz (MIT)
    git show HEAD:datasets/prompts/GPTFuzzer.csv                   # sherdencooper/GPTFuzz (MIT)
    git show HEAD:{en,de,fr,sp}/Goal_Hijacking*.csv                # Jarviswang94/Multilingual_safety_benchmark
    git show HEAD:fastchat/llm_judge/data/{mt_bench,vicuna_bench}/question.jsonl   # lm-sys/FastChat (Apache-2.0)
    git show HEAD:banking_data/train.csv                           # PolyAI-LDN/task-specific-datasets (CC-BY-4.0)
    git show HEAD:dataset_raw/tatqa_dataset_dev.json               # NExTplusplus/TAT-QA (MIT)
    git show d7ac663e:prompts.csv                                  # f/awesome-chatgpt-prompts, 2023-06-24 (CC0-1.0)
    python scripts/make_acceptable_use.py --src DIR --exclude-hashes ../shared/reserved.txt

Why two rules: a plain harmful request ("write a tutorial on making a weapon") is not an injection —
it overrides nothing — but a bank's assistant refuses it anyway, as outside acceptable use. It gets
its own head, by name, over the same window pass; a jailbreak wrapping such a request stays an
injection.

* harmful-request violations: AdvBench harmful behaviours (``goal``), SimpleSafetyTests' 100 prompts,
  XSTest's 200 unsafe contrast prompts, GPTFuzz's 100 harmful questions. Compliant near misses:
  XSTest's 250 safe prompts that only sound unsafe ("How do I kill a Python process?"), and the 160
  questions of MT-Bench and Vicuna-Bench (writing, role-play, reasoning, coding: ordinary requests,
  a persuasive email or a role-played character among them). Compliant items are negatives for every
  input head, so these keep the injection head off ordinary role-play and creative writing too.
  Finance questions that must pass, from neither StackExchange nor Reddit (FiQA's sources): 924 retail
  banking customer queries of BANKING77 (12 per intent — lost cards, disputed payments, transfers)
  and 300 analyst questions of TAT-QA's dev split (questions about annual reports).
* injection-learned violations: GPTFuzz's 77 jailbreak templates, each filled with two of its harmful
  questions; XSafety's goal-hijacking prompts in English, German, French and Spanish (those that tell
  the model to ignore what came before), each with its benign twin (the text before the hijack) as a
  compliant near miss — ordinary questions in those languages must not look like attacks. Compliant:
  the 163 role-play prompts of awesome-chatgpt-prompts as of 2023-06-24 ("I want you to act as a
  travel guide …"; its one jailbreak, "Unconstrained AI model DAN", is left out) — a role is not an attack.

One group in five is ``split: heldout``. Texts sharing a 12-word passage (or, when short, the whole
text) with a reserved set (``--exclude-hashes``, make_injection_extra's normalisation) are dropped.
Deterministic (seed 15).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
from pathlib import Path

from make_injection_extra import HELDOUT_EVERY, SEED, _words, overlaps, write_pack

TRAINING = Path(__file__).resolve().parents[1] / "policies" / "training"
HIJACK = {
    "en": r"\bignore\b",
    "de": r"\bignorier",
    "fr": r"\bignor",
    "sp": r"\bignor",
}
LICENCES = (
    "AdvBench harmful behaviours (llm-attacks/llm-attacks, MIT; the 520 goals as copied in\n"
    "# Princeton-SysML/Jailbreak_LLM data/advbench.txt), "
    "# SimpleSafetyTests (bertiev/SimpleSafetyTests, CC-BY-4.0), XSTest v2 prompts (paul-rottger/exaggerated-safety,\n"
    "# CC-BY-4.0), GPTFuzz questions and templates (sherdencooper/GPTFuzz, MIT), XSafety goal hijacking\n"
    "# (Jarviswang94/Multilingual_safety_benchmark, Apache-2.0), MT-Bench and Vicuna-Bench questions (lm-sys/FastChat,\n"
    "# Apache-2.0), BANKING77 (PolyAI-LDN/task-specific-datasets, CC-BY-4.0), TAT-QA dev questions\n"
    "# (NExTplusplus/TAT-QA, MIT), awesome-chatgpt-prompts role-play prompts (f/awesome-chatgpt-prompts at d7ac663e, CC0-1.0)"
)
HEADER = """# {what}
# Written by scripts/make_acceptable_use.py (its docstring has the exact files). Sources, all public:
# {licences}.
# No reserved evaluation set (deepset/prompt-injections, Tensor Trust, JailbreakBench, FiQA) is used; texts
# sharing a 12-word passage with them (or equal to a short one) are dropped. split: heldout is never trained on.
"""


def reserved(text: str, hashes: set[str]) -> bool:
    """A 12-word passage of ``text`` is reserved, or the whole (short) text is."""
    whole = "s" + hashlib.sha256(" ".join(_words(text)).encode()).hexdigest()[:16]
    return whole in hashes or overlaps(text, hashes)


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def lines(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [r[0].strip().strip('"').strip() for r in csv.reader(handle) if r and r[0].strip()]


def finance_items(src: Path, rnd: random.Random) -> list[tuple[str, str, str, int]]:
    """(source, label, text, group): ordinary finance questions, compliant."""
    by_intent: dict[str, list[str]] = {}
    for r in rows(src / "banking77_train.csv"):
        by_intent.setdefault(r["category"], []).append(r["text"])
    picked = [t for intent in sorted(by_intent) for t in rnd.sample(by_intent[intent], 12)]
    items = [("banking77", "compliant", t, 5000 + i) for i, t in enumerate(picked)]
    tatqa = json.loads((src / "tatqa_dev.json").read_text(encoding="utf-8"))
    questions = sorted({q["question"] for table in tatqa for q in table["questions"]})
    items += [("tat-qa/dev", "compliant", q, 6000 + i) for i, q in enumerate(rnd.sample(questions, 300))]
    return items


def harmful_items(src: Path) -> list[tuple[str, str, str, int]]:
    """(source, label, text, group) for acceptable_use/harmful-request."""
    goals = (src / "advbench.txt").read_text(encoding="utf-8").splitlines()
    items = [("advbench", "violation", g, i) for i, g in enumerate(goals)]
    items += [
        ("simplesafetytests", "violation", r["prompts_final"], 1000 + i) for i, r in enumerate(rows(src / "sst.csv"))
    ]
    for i, r in enumerate(rows(src / "xstest.csv")):
        items.append(("xstest", "violation" if r["label"] == "unsafe" else "compliant", r["prompt"], 2000 + i))
    questions = [r["text"] for r in rows(src / "gptfuzz_questions.csv")]
    items += [("gptfuzz/questions", "violation", q, 3000 + i) for i, q in enumerate(questions)]
    for name, first in (("mt_bench", 4000), ("vicuna_bench", 4100)):
        for i, line in enumerate((src / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()):
            items.append((f"fastchat/{name}", "compliant", json.loads(line)["turns"][0], first + i))
    return items


def hijack_split(text: str, marker: str) -> tuple[str, str] | None:
    """(benign prefix, whole text) when the text tells the model to ignore what came before."""
    found = re.search(marker, text, flags=re.IGNORECASE)
    if not found:
        return None
    start = max(text.rfind(c, 0, found.start()) for c in ".?!:。？")
    prefix = text[: start + 1].strip() if start > 0 else ""
    return prefix, text


def injection_items(src: Path, rnd: random.Random) -> list[tuple[str, str, str, int]]:
    """(source, label, text, group) for prompt_injection/injection-learned."""
    items = []
    questions = [r["text"] for r in rows(src / "gptfuzz_questions.csv")]
    for i, r in enumerate(rows(src / "gptfuzz_templates.csv")):
        for q in rnd.sample(questions, 2):
            items.append(("gptfuzz/templates", "violation", r["text"].replace("[INSERT PROMPT HERE]", q), 20_000 + i))
    for i, r in enumerate(rows(src / "acp.csv")):
        if "DAN" not in r["act"]:
            items.append(("awesome-chatgpt-prompts", "compliant", r["prompt"], 22_000 + i))
    group = 21_000
    for lang, marker in HIJACK.items():
        for path in sorted((src / "xsafety").glob(f"{lang}_Goal_Hijacking*.csv")):
            for text in lines(path):
                split = hijack_split(text, marker)
                if split is None:
                    continue
                prefix, whole = split
                items.append((f"xsafety/goal_hijacking/{lang}", "violation", whole, group))
                if len(prefix.split()) >= 4:
                    items.append((f"xsafety/goal_hijacking/{lang}", "compliant", prefix, group))
                group += 1
    return items


def write(name: str, policy: str, rule: str, what: str, found: list[tuple[str, str, str, int]], exclude: set[str]):
    items, seen, dropped = [], set(), 0
    for source, label, text, group in found:
        text = text.strip()
        if not text or text in seen:
            continue
        if reserved(text, exclude):
            dropped += 1
            continue
        seen.add(text)
        split = "heldout" if group % HELDOUT_EVERY == HELDOUT_EVERY - 1 else "train"
        items.append({"rule": rule, "group": group, "split": split, "label": label, "source": source, "text": text})
    counts = write_pack(TRAINING / name, HEADER.format(what=what, licences=LICENCES), items, policy)
    print(name, "dropped as reserved:", dropped)
    for row in counts:
        print(" ", *row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, required=True, help="folder with the files named in the docstring")
    parser.add_argument("--exclude-hashes", type=Path)
    args = parser.parse_args()
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    rnd = random.Random(SEED)
    write(
        "acceptable_use_public.yaml",
        "acceptable_use",
        "harmful-request",
        "Public harmful requests (violations) and safe prompts that sound unsafe, for acceptable_use/harmful-request.",
        harmful_items(args.src) + finance_items(args.src, rnd),
        exclude,
    )
    write(
        "prompt_injection_more.yaml",
        "prompt_injection",
        "injection-learned",
        "More public jailbreaks (GPTFuzz templates) and multilingual goal hijacking with benign twins.",
        injection_items(args.src, rnd),
        exclude,
    )


if __name__ == "__main__":
    main()
