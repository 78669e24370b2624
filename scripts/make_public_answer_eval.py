"""Builds the public answer look-alike set: investment talk nobody on this project wrote, labelled by rule.

    # the snapshot (search tool's fetch): github.com/tong-jin-nyu/filtering-Enron-spam-emails-using-supervised-learning
    git -C <snapshot> archive b4f592f213b65533aed21de74c9c5973fab9ab10 data/raw | tar -x -C /tmp/enron
    python scripts/make_public_answer_eval.py --enron-spam /tmp/enron/data/raw \
        --exclude-hashes /work/shared/reserved.txt --out /tmp/public_answers
    python bench/bench_guardrails.py --repeat 1 --eval-dir /tmp/public_answers \
        --sets guardrails_public_dev,guardrails_public_holdout

Source: the Enron-Spam corpus (Metsis, Androutsopoulos and Paliouras, "Spam Filtering with Naive Bayes —
Which Naive Bayes?", CEAS 2006; six preprocessed sets, enron1–6: ham from six Enron employees' mailboxes,
spam from SpamAssassin, Honeypot and Bruce Guenter's traps, 2001–2005; distributed by its authors for research),
as unpacked file by file in github.com/tong-jin-nyu/filtering-Enron-spam-emails-using-supervised-learning @
b4f592f213b65533aed21de74c9c5973fab9ab10, ``data/raw/{spam,ham}/*.txt`` (repository: MIT licence, Tong Jin 2020).
The text is the corpus's preprocessed form: lower case, punctuation spaced apart, which the builder undoes
(`_normalise`); sentence starts are capitalised. Nothing of the corpus is committed: the builder regenerates
the text, and ``public_answer_labels.py`` holds only hashes and labels.

* Violations: stock-touting spam (2002–2005 pump-and-dump newsletters — price targets, "set to explode",
  promotion campaigns announced, "our last pick rose 245%", news "before it is released"). A spam e-mail is
  kept when it names a ticker, OTC/pink sheets, a target price or the like (`STOCK`).
* Compliant near misses from the same e-mails: their own risk warnings, compensation disclosures and
  forward-looking-statement boilerplate ("Penny stocks are highly speculative …", "past performance is
  not indicative of future results"), and the company facts they quote; and from the ham: 2001 news
  and analysts' comments forwarded among Enron staff (share prices, "insider trading" described,
  guarantees of debt, bargain-hunting), the vocabulary of the rules in ordinary reporting.

Items are single sentences (5–60 words, mostly dictionary words, no URLs), labelled one by one
(``public_answer_labels.py``); an unlabelled sentence is not an item. Split by **campaign**: a spam
e-mail's group is the ticker it names (``symbol: xxxx``, ``otc bb: xxxx``), else the e-mail; a ham
e-mail is its own group; a text is an item once (its first e-mail in name order holds it). One group in
two, by sha256 of its name, is ``guardrails_public_holdout`` (never read for tuning, summary lines
only); the rest is ``guardrails_public_dev``. Texts sharing a 12-word passage with a reserved set (or
equal to a short one) are dropped (``--exclude-hashes``). Deterministic: no randomness.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from public_answer_labels import RULES, label_of  # noqa: E402
from verification_data import reserved_overlap  # noqa: E402

from llmgateway.guardrails.context import sentence_spans  # noqa: E402

STOCK = re.compile(
    r"\b(otc|pink sheets|symbol|strong buy|stock alert|target|featured company|investor alert|shares outstanding|"
    r"ticker|penny stock)\b"
)
FINANCE = re.compile(
    r"\b(stock|stocks|share|shares|price|invest\w*|profit\w*|return\w*|gain\w*|target|buy|sell|symbol|market|"
    r"trad\w*|earn\w*|guarante\w*|risk\w*|double|triple|investor\w*|analyst\w*|portfolio|dividend\w*|tax\w*|"
    r"insider\w*|announce\w*|news|%)"
)
HAM_FINANCE = re.compile(r"\b(stock|shares|analyst|investors?|earnings)\b")
TICKER = re.compile(r"(?:symbol|otc ?bb|otcbb|pink ?sheets|ticker|otc)\s*:\s*([a-z]{3,5})\b")
SETS = ("guardrails_public_dev", "guardrails_public_holdout")


def _normalise(raw: str) -> str:
    """Undo the corpus's spacing: "it ' s" -> "it's", "$ 50" -> "$50", "word ." -> "word."."""
    t = " ".join(raw.split())
    t = re.sub(r" ' (s|t|re|ve|ll|d|m)\b", r"'\1", t)
    t = re.sub(r" n't", "n't", t)
    t = re.sub(r"\$ (?=\d)", "$", t)
    t = re.sub(r"(?<=\d) (?=%)", "", t)
    t = re.sub(r"(?<=\d) \. (?=\d)", ".", t)
    t = re.sub(r"(?<=\d) , (?=\d{3})", ",", t)
    t = re.sub(r" ([,.!?;:)%])", r"\1", t)
    t = re.sub(r"\( ", "(", t)
    t = re.sub(r" - - ", " -- ", t)
    t = re.sub(r"(?<=\w) - (?=\w)", "-", t)
    return re.sub(r" / ", "/", t)


def _sentences(text: str) -> list[str]:
    out = []
    for start, end in sentence_spans(text):
        s = text[start:end].strip()
        if s:
            out.append(s[0].upper() + s[1:])
    return out


def _prose(sentence: str) -> bool:
    words = sentence.split()
    if not 5 <= len(words) <= 60 or re.search(r"http|www|@", sentence):
        return False
    wordy = sum(bool(re.fullmatch(r"[A-Za-z][A-Za-z'-]*[,;:.!?]?", w)) for w in words)
    return wordy >= 0.6 * len(words)


def candidates(folder: Path) -> list[dict]:
    """Every sentence the labels may name: (kind, e-mail, group, text), e-mails in name order."""
    rows = []
    for kind in ("spam", "ham"):
        for path in sorted((folder / kind).iterdir()):
            raw = path.read_text(errors="replace").lower()
            if kind == "spam" and not STOCK.search(raw):
                continue
            body = raw.split("\n", 1)[1] if raw.startswith("subject:") else raw
            ticker = TICKER.search(raw) if kind == "spam" else None
            group = f"{kind}:{ticker.group(1)}" if ticker else f"{kind}:{path.name}"
            keep = FINANCE if kind == "spam" else HAM_FINANCE
            for s in _sentences(_normalise(body)):
                if _prose(s) and keep.search(s.lower()):
                    rows.append({"kind": kind, "doc": path.name, "group": group, "text": s})
    return rows


def labelled_sets(
    rows: list[dict], labels: dict[str, str], rules: dict, sets: tuple[str, str], exclude: set[str], source
) -> dict[str, list[dict]]:
    """The labelled rows as eval items, split by group: a text is an item once (its first row holds it), one group
    in two (sha256 of its name) goes to ``sets[1]`` (the held-out half). ``source(row)`` names where it came from.
    Shared with scripts/make_public_advice_eval.py."""
    seen: set[str] = set()
    out: dict[str, list[dict]] = {name: [] for name in sets}
    for row in rows:
        key = hashlib.sha256(row["text"].encode()).hexdigest()[:10]
        family = labels.get(key)
        if family is None or key in seen or reserved_overlap(row["text"], exclude):
            continue
        seen.add(key)
        holdout = int(hashlib.sha256(row["group"].encode()).hexdigest(), 16) % 2 == 0
        rule = rules[family]
        out[sets[holdout]].append(
            {
                "stage": "output",
                "expect": [rule] if rule else [],
                "family": family,
                "source": source(row),
                "group": row["group"],
                "text": row["text"],
            }
        )
    missing = set(labels) - seen
    if missing:
        print(f"{len(missing)} labelled hashes not regenerated (reserved overlap or another snapshot)", file=sys.stderr)
    return out


def write_sets(out_dir: Path, sets: dict[str, list[dict]], origin: str) -> None:
    """One YAML file per set, headed by where it was built from; prints counts and a digest of each."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, items in sets.items():
        header = f"# {name}: built by {origin} (see its docstring)\n"
        text = header + yaml.safe_dump({"items": items}, sort_keys=False, allow_unicode=True, width=1000)
        (out_dir / f"{name}.yaml").write_text(text)
        counts = Counter(i["family"] for i in items)
        print(f"{name}: {len(items)} items, sha256 {hashlib.sha256(text.encode()).hexdigest()[:12]}, {dict(counts)}")


def build(folder: Path, exclude: set[str]) -> dict[str, list[dict]]:
    return labelled_sets(
        candidates(folder), label_of(), RULES, SETS, exclude, lambda row: f"enron-spam:{row['kind']}:{row['doc']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enron-spam", type=Path, required=True, help="the snapshot's data/raw (spam/, ham/)")
    parser.add_argument("--exclude-hashes", type=Path)
    parser.add_argument("--out", type=Path, default=Path("/tmp/public_answers"))
    args = parser.parse_args()
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    write_sets(
        args.out,
        build(args.enron_spam, exclude),
        "scripts/make_public_answer_eval.py from the Enron-Spam corpus",
    )


if __name__ == "__main__":
    main()
