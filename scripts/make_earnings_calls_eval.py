"""Correct finance statements written by other people: Reuters' bullets on earnings calls, from ECTSum (GPL-3.0).

    git -C MIRROR archive HEAD data/final | tar -x -C /tmp/ffb     # MIRROR: fetch github:rajdeep345/ECTSum
    python scripts/make_earnings_calls_eval.py /tmp/ffb/data/final --jsonl /tmp/ffb/ects.jsonl \
        --exclude-hashes /work/shared/reserved.txt [--pairs 300] [--whole-share 0.25]

Source: ECTSum (Mukherjee et al., EMNLP 2022; github.com/rajdeep345/ECTSum, ``LICENSE.txt``: GPL-3.0): 2,425
earnings-call transcripts (``data/final/{train,val,test}/ects/*.txt``, one sentence a line) and the bullet-point
summaries Reuters journalists wrote of them (``…/gt_summaries/*.txt``). The rows are generated under /tmp and
never committed; only this builder is. No reserved set is read; a row whose answer or passages share a 12-word
passage with a reserved set is dropped (``--exclude-hashes``).

Why: our other look-alikes' correct answers are text we wrote from templates; the scorer keeps most of them yet
rejects most correct answers people wrote about finance source text. Here every correct answer is a journalist's
sentence about the call:

* each bullet (cleaned by ``earnings_text.clean``: casing restored, "compname" → "the company", the Reuters
  consensus clause cut) is an answer, label supported, ``kind: right``;
* contexts (``form``): ``top4`` — the transcript cut into passages of whole sentences of ≤ 800 characters (the
  gateway's ``rag.chunk_size``), the 4 with the most content words and figures in common with the bullet, best
  first, as retrieval would give them; ``whole`` — every passage of the transcript (a harder variant, for a
  ``--whole-share`` of the bullets);
* ``question``: for half the bullets "What did Cohen & Steers report for Q3 2021?" (the call's quarter; the
  company's name as Reuters prefixes any of its bullets, else "the company"), else none;
* its changed twin (label unsupported, same contexts and question) changes one thing (``kind``): ``figure``
  (one figure ×0.7/0.8/1.25/1.4, at the same precision, to a value the transcript never states), ``scale``
  (million ↔ billion), ``period`` (another quarter or fiscal year), ``direction`` (up ↔ down, rose ↔ fell …),
  ``name`` (a name the transcript prints swapped for another company's).

*Verifiable bullets only.* Reuters writes from the press release as well as the call, so some bullets are not in
the transcript at all (GAAP EPS, a segment figure the call never repeats). A bullet is kept only when it states
a figure and every figure it states is printed in the transcript — in any scale or spelling, at the bullet's
own rounding (``earnings_text.verified``). A hand check of 40 bullets and the rule's agreement are in
docs/scoring.md (round 13a).

Split by company (the ticker's sha256): ``train`` (half the companies: for training, never reported), ``dev``
(a quarter: choose on it) and ``holdout`` (a quarter: report only). ``--pairs`` caps the pairs of dev and
holdout (drawn by a fixed seed). Deterministic.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from earnings_text import FIGURE, clean, figures, truecase_table, verified  # noqa: E402
from entailment_data import FLIPS  # noqa: E402
from make_filings_eval import _rng  # noqa: E402
from make_guardrail_training import overlaps  # noqa: E402
from tatqa_lookalike import write_rows  # noqa: E402

CHUNK = 800
_STOP = set(
    "the a an of to in and for on at by with from as is was were be been are its it this that than q1 q2 q3 q4 "
    "company co says said reports reported per".split()
)
_FLIPS = FLIPS | {"increase": "decrease", "decrease": "increase", "growth": "decline", "decline": "growth",
                  "gain": "loss", "loss": "profit", "profit": "loss", "rises": "falls", "falls": "rises", "increases": "decreases",
                  "decreases": "increases", "raises": "lowers", "lowers": "raises", "up": "down"}  # fmt: skip
_QUARTER = re.compile(r"\b(Q[1-4])\b|\b(first|second|third|fourth) quarter\b", re.I)
_ORDINAL = ["first", "second", "third", "fourth"]
_SCALE_SWAP = {"million": "billion", "billion": "million", "mln": "bln", "bln": "mln"}
_NAME = re.compile(r"(?<=\w )(?:[A-Z][\w&'.-]*[a-z][\w&'.-]*)(?: (?:&|[A-Z][\w&'.-]*))*")
_NOT_NAMES = {"The", "GAAP", "EPS", "FY", "Q1", "Q2", "Q3", "Q4", "COVID", "COVID-19", "U.S.", "Inc", "Co", "I"}


def split_of(ticker: str) -> str:
    h = int(hashlib.sha256(ticker.encode()).hexdigest(), 16) % 4
    return "train" if h < 2 else ("dev" if h == 2 else "holdout")


def passages(transcript: str) -> list[str]:
    """The transcript in passages of whole sentences of at most ``CHUNK`` characters."""
    out: list[str] = []
    cur = ""
    for line in (x.strip() for x in transcript.splitlines()):
        if not line:
            continue
        if cur and len(cur) + 1 + len(line) > CHUNK:
            out.append(cur)
            cur = ""
        cur = f"{cur} {line}".strip()
    return out + [cur] if cur else out


def _terms(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+|\d+(?:\.\d+)?", text.lower().replace(",", "")) if w not in _STOP}


def top_passages(bullet: str, chunks: list[str], k: int = 4) -> list[str]:
    """The ``k`` passages sharing the most content words and figures with the bullet, best first."""
    terms = _terms(bullet)
    ranked = sorted(range(len(chunks)), key=lambda i: (-len(terms & _terms(chunks[i])), i))
    return [chunks[i] for i in ranked[:k]]


def _fmt(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}" if value >= 1000 else f"{value:.{decimals}f}"


def change_figure(s: str, printed: list, rng: random.Random) -> str | None:
    found = [m for m in FIGURE.finditer(s) if any(f.start == m.start() for f in figures(s))]
    if not found:
        return None
    m = rng.choice(found)
    raw = m.group("num").replace(",", "")
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    for factor in rng.sample([0.7, 0.8, 1.25, 1.4], 4):
        new = _fmt(float(raw) * factor, decimals)
        if float(new.replace(",", "")) == float(raw):
            continue
        out = s[: m.start("num")] + new + s[m.end("num") :]
        changed = [f for f in figures(out) if f.start == m.start()]
        if changed and not verified(changed[0], printed):
            return out
    return None


def change_scale(s: str, rng: random.Random) -> str | None:
    found = [m for m in re.finditer(r"\b(million|billion|mln|bln)\b", s)]
    if not found:
        return None
    m = rng.choice(found)
    return s[: m.start()] + _SCALE_SWAP[m.group(0)] + s[m.end() :]


def change_period(s: str, quarter: int, year: int, rng: random.Random) -> str | None:
    m = _QUARTER.search(s)
    if m:
        q = (_ORDINAL.index(m.group(2).lower()) + 1) if m.group(2) else int(m.group(1)[1])
        other = rng.choice([x for x in range(1, 5) if x != q])
        text = f"Q{other}" if m.group(1) else f"{_ORDINAL[other - 1]} quarter"
        return s[: m.start()] + text + s[m.end() :]
    years = [m for m in re.finditer(r"\b(?:FY ?)?(20[12]\d)\b", s)]
    if years:
        m = rng.choice(years)
        new = str(int(m.group(1)) + rng.choice([-1, 1]))
        return s[: m.start(1)] + new + s[m.end(1) :]
    return None


def change_direction(s: str, rng: random.Random) -> str | None:
    words = list(re.finditer(r"\b[a-z]+\b", s))
    flips = [m for m in words if m.group(0) in _FLIPS]
    if not flips:
        return None
    m = rng.choice(flips)
    return s[: m.start()] + _FLIPS[m.group(0)] + s[m.end() :]


def change_name(s: str, transcript: str, pool: list[str], rng: random.Random) -> str | None:
    names = [m for m in _NAME.finditer(s) if m.group(0) not in _NOT_NAMES and m.group(0) in transcript]
    others = [p for p in pool if p not in transcript]
    if not names or not others:
        return None
    m = rng.choice(names)
    return s[: m.start()] + rng.choice(others) + s[m.end() :]


def twin(answer: str, transcript: str, printed: list, quarter: int, year: int, pool: list[str], rng) -> tuple:
    changers = {
        "figure": lambda: change_figure(answer, printed, rng),
        "scale": lambda: change_scale(answer, rng),
        "period": lambda: change_period(answer, quarter, year, rng),
        "direction": lambda: change_direction(answer, rng),
        "name": lambda: change_name(answer, transcript, pool, rng),
    }
    for kind in rng.sample(sorted(changers), len(changers)):
        wrong = changers[kind]()
        if wrong and wrong != answer:
            return kind, wrong
    return "", None


def call_rows(
    path: Path, split: str, pool: list[str], names: dict[str, str], whole_share: float, stats: dict, exclude: set[str]
) -> list[dict]:
    """Every verifiable bullet of one call and its twin, in the top-4 form (and the whole form for some)."""
    call = path.stem  # TICKER_qN_YYYY
    transcript = path.read_text(errors="replace")
    m = re.fullmatch(r"(.+)_q([1-4])_(\d{4})", call)
    if not m:
        return []
    quarter, year = int(m.group(2)), int(m.group(3))
    bullets_path = path.parent.parent / "gt_summaries" / path.name
    casing = truecase_table(transcript)
    printed = figures(transcript)
    chunks = passages(transcript)
    if any(overlaps(c, exclude) for c in chunks):
        stats["reserved calls"] += 1  # a call sharing a 12-word passage with a reserved set is left out whole
        return []
    rows: list[dict] = []
    for i, raw in enumerate(x for x in bullets_path.read_text(errors="replace").splitlines() if x.strip()):
        answer = clean(raw, casing)
        stated = figures(answer)
        stats["bullets"] += 1
        if re.search(r"\d\.\d+\.\d", raw):
            stats["garbled"] += 1  # two bullets glued in ECTSum's file ("$1.60.99.5% of …")
            continue
        if len(answer.split()) < 4 or not stated:
            stats["no figure"] += 1
            continue
        if not all(verified(f, printed) for f in stated):
            stats["not in the call"] += 1
            continue
        stats["verifiable"] += 1
        rng = _rng(call, str(i), "ects")
        kind, wrong = twin(answer, transcript, printed, quarter, year, pool, rng)
        if wrong is None:
            stats["no twin"] += 1
            continue
        if overlaps(answer, exclude) or overlaps(wrong, exclude):
            stats["reserved"] += 1
            continue
        name = names.get(m.group(1), "")
        known = name.split()[:1] and name.split()[0] in casing  # the call itself writes it capitalised
        company = " ".join(casing.get(w, w.capitalize()) for w in name.split()) if known else "the company"
        question = f"What did {company} report for Q{quarter} {year}?" if rng.random() < 0.5 else None
        forms = [("top4", top_passages(answer, chunks))]
        if rng.random() < whole_share:
            forms.append(("whole", chunks))
        for form, contexts in forms:
            base = {"split": split, "bullet": f"{call}-{i}", "form": form, "question": question, "contexts": contexts}
            uid = f"{call}-{i}-{form}"
            rows.append(base | {"id": uid, "kind": "right", "answer": answer, "label": True})
            rows.append(base | {"id": uid + "-x", "kind": kind, "answer": wrong, "label": False})
    return rows


_PREFIX = re.compile(r"^([a-z][a-z0-9&.' ]{1,40}?)(?:,? (?:inc|corp|co|ltd|plc|llc)\b\.?)?\s*-\s")
_LEGAL = re.compile(r"^([a-z][a-z&.' ]{2,40}?) (?:inc|corp|co|ltd|plc)\b")


_NOT_NAME_WORDS = {
    "compname",
    "company",
    "co",
    "on",
    "for",
    "that",
    "to",
    "in",
    "is",
    "are",
    "was",
    "sees",
    "says",
    "qtrly",
}


def reuters_names(root: Path) -> dict[str, str]:
    """Ticker → the company's name as Reuters prefixes its bullets ("cohen & steers inc - …"), when any does."""
    names: dict[str, str] = {}
    for path in sorted(root.glob("*/gt_summaries/*.txt")):
        for line in path.read_text(errors="replace").splitlines():
            m = _PREFIX.match(line) or _LEGAL.match(line)
            words = m.group(1).split() if m else []
            if 0 < len(words) <= 4 and not set(words) & _NOT_NAME_WORDS:
                names.setdefault(path.stem.split("_")[0], m.group(1).strip())  # type: ignore[union-attr]
    return names


def name_pool(names: dict[str, str]) -> list[str]:
    """Other companies' names for the ``name`` twin, title-cased."""
    return sorted({" ".join(w.capitalize() for w in n.split()) for n in names.values() if len(n) > 3})


def build(root: Path, pairs: int, whole_share: float, exclude: set[str]) -> tuple[list[dict], dict]:
    names = reuters_names(root)
    pool = name_pool(names)
    stats = dict.fromkeys(
        ["bullets", "garbled", "no figure", "not in the call", "verifiable", "no twin", "reserved", "reserved calls"], 0
    )
    rows = [
        r
        for path in sorted(root.glob("*/ects/*.txt"))
        for r in call_rows(path, split_of(path.stem.split("_")[0]), pool, names, whole_share, stats, exclude)
    ]
    out = []
    for split in ("train", "dev", "holdout"):
        bullets = sorted({r["bullet"] for r in rows if r["split"] == split})
        if split != "train" and pairs and len(bullets) > pairs:
            bullets = random.Random(f"ects-{split}").sample(bullets, pairs)
        keep = set(bullets)
        out += [r for r in rows if r["split"] == split and r["bullet"] in keep]
    return out, stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", type=Path, help="ECTSum's data/final (train/val/test, each with ects/ and gt_summaries/)")
    ap.add_argument("--jsonl", type=Path, required=True, help="every row (keep under /tmp)")
    ap.add_argument(
        "--pairs", type=int, default=300, help="bullets (right/changed pairs, top-4 form) in dev and holdout"
    )
    ap.add_argument(
        "--whole-share", type=float, default=0.25, help="share of bullets also asked with the whole transcript"
    )
    ap.add_argument("--exclude-hashes", type=Path, help="reserved-set 12-word hashes (../shared/reserved.txt)")
    args = ap.parse_args()
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    rows, stats = build(args.root, args.pairs, args.whole_share, exclude)
    print(f"bullets: {stats}")
    write_rows(rows, args.jsonl, key=lambda r: f"{r['split']}/{r['form']}/{r['kind']}")


if __name__ == "__main__":
    main()
