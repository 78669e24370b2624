"""Builds the public advice look-alike set: advisor-voiced sentences written by others, labelled by rule.

    # the snapshots (search tool's fetch), each read at the commit below with `git show`
    python scripts/make_public_advice_eval.py --mirror /work/.mirror \
        --exclude-hashes /work/shared/reserved.txt --out /tmp/public_advice
    python bench/bench_guardrails.py --repeat 1 --eval-dir /tmp/public_advice \
        --sets guardrails_advice_dev,guardrails_advice_holdout
    python scripts/make_public_advice_eval.py --mirror /work/.mirror --candidates   # every sentence the labels may name

Sources (``SOURCES``): public GitHub repositories of compliance tools, advisor-marketing aids and investor-education
sites, none written on this project. They hold advisor communications written to show what a compliance reviewer
stops ("❌ PROHIBITED: 'Our top-performing portfolio returned 35% last year! Join our winning team'") beside the
compliant rewrite ("✅ … Past performance does not guarantee future results"), sample captions and e-mails an
advisor would send, and investor-alert text that names the red-flag pitches in order to warn against them. Their
authors wrote them as advisors and promoters write (or as they imagined them writing) — the shape of an
assistant's answer to a client, not of our own training sentences. Most of the repositories state no licence, so
nothing of them is committed: the builder regenerates the text from the snapshots, and
``public_advice_labels.py`` keeps only ``sha256(text)[:10]`` and a family per sentence.

Candidates: text of the listed files (Markdown lines with list marks, emphasis, ❌/✅ marks and quotes stripped;
for Python files, the string constants), cut into sentences; a candidate has 5–60 words, is mostly words, has
no URL and names money, investing, returns, risk or the like (``FINANCE``). An unlabelled candidate is not an
item. A label is the family of the rule a compliance officer would say the sentence breaks *as an advisor's
statement to a client* (docs/guardrails.md "Answer side, thirteenth pass" gives the readings), or
``compliant``. Split by **source document**: one file in two (sha256 of ``repo:path``) is
``guardrails_advice_holdout`` (summary lines only, never read for tuning); the rest is
``guardrails_advice_dev``. Texts sharing a 12-word passage with a reserved set are dropped (``--exclude-hashes``).
Deterministic: no randomness.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_public_answer_eval import labelled_sets, write_sets  # noqa: E402
from public_advice_labels import RULES, label_of  # noqa: E402

from llmgateway.guardrails.context import sentence_spans  # noqa: E402

# (repository, commit, files): the search tool's fetch puts each at <mirror>/<owner>+<name>/repo
SOURCES = (
    (
        "curtiss18/FiduciaMVP",
        "0589c215bfec13e42ee773a47d6d6d1d05f9b4b9",
        (
            "data/knowledge_base/violations/Marketing_Violations_Examples.md",
            "data/knowledge_base/approved_examples/LinkedIn_Marketing_Examples.md",
            "data/knowledge_base/disclaimers/Compliance_Disclaimer_Templates.md",
            "data/knowledge_base/platform_guidelines/Social_Media_Platform_Guidelines.md",
        ),
    ),
    (
        "rwilsonc1/creativeone-ai-system",
        "2e6a831f9a643607e9b6f1d7d563f59757eb9762",
        (
            "skills/compliance-marketing.md",
            "skills/compliance-review.md",
            "context/compliance-guidelines.md",
            "brands/advisor/verticals/annuity.md",
        ),
    ),
    (
        "stevelanderson42/ai-prod-mgr",
        "06dd26c931165b3f952d8e5254b79b5683b96c42",
        (
            "modules/compliance-retrieval-assistant/corpus/sample-documents/doc-002-prohibited-phrases.md",
            "modules/compliance-retrieval-assistant/corpus/sample-documents/doc-010-internal-compliance-faq.md",
        ),
    ),
    (
        "shriyavallabh/Jarvish",
        "8c029d4f77a4a6a41851cc7abc655119510edb4f",
        ("docs/compliance/samples/english-compliant.md", "docs/compliance/samples/english-violations.md"),
    ),
    (
        "NeenOpal/internal_poc_fmg_muse_var1",
        "43231c90c0668075ec50bea452d5841c5959ba31",
        ("app/evaluation/test_cases.py", "rulebook.md"),
    ),
    (
        "rhejos/Compliance-Repo",
        "9d0d3f6ee75cc38edf6360acae8c267ebe1c0ff0",
        (
            "exercises/08-communications-review-simulation/alert-queue.md",
            "exercises/08-communications-review-simulation/simulation-guide.md",
        ),
    ),
    (
        "Shaan-Duggal/senior-security",
        "f5ac3593c4106713ed80b33a971d40b020d4ec6e",
        ("src/content/scams/investment-crypto-scams.md",),
    ),
    (
        "singh2005/scamurai-website",
        "27074ae21363d26f0693c2fcdf709d892e2e4468",
        (
            "content/posts/how-to-spot-investment-training-scams-on-social-media.md",
            "content/posts/when-investment-fraud-happens-in-familiar-places.md",
            "content/posts/with-people-losing-big-to-investment-scams-learn-how-to-spot-and-avoid-them.md",
        ),
    ),
    (
        "JosephRedes/garak-financial-probes",
        "48ce50923cc973c1dc7d8f0f1d35c72f419d5389",
        ("tests/test_detectors.py", "tests/test_corpfin_detectors.py", "tests/test_risk_detectors.py"),
    ),
    (
        "srabbas1701/WealthLens",
        "f707854285215f86d4f67ecf8843c9d7a9b7aafe",
        ("ai/copilot/tests/test_guardrails.py", "ai/copilot/guardrail_functions.py"),
    ),
    (
        "Ramharsh-aidev/FinoAddWise-Backend",
        "72401a45eff13ec228d9c0afd08650d4f57f15d4",
        (
            "documents/non_compliant_sample.md",
            "documents/sample_non_compliant.md",
            "documents/sample_compliant_policy.md",
        ),
    ),
    (
        # an LLM trading agent's client-facing summaries (TradingAgents), the 12 with the lowest sha256 of their path
        "hojin-kr/TradingAgentReports",
        "db8add4b620fc7b2e39193abcc7270eec017d3a3",
        (
            "reports/2025-11-29/HOLD/PFE/EN/simplified_final_trade_decision.md",
            "reports/2025-10-22/HOLD/QQQ/EN/simplified_final_trade_decision.md",
            "reports/2025-10-07/BUY/AMD/EN/simplified_final_trade_decision.md",
            "reports/2025-10-04/SELL/TSLA/EN/simplified_final_trade_decision.md",
            "reports/2025-10-07/HOLD/TSLA/EN/simplified_final_trade_decision.md",
            "reports/2025-10-07/BUY/AAPL/EN/simplified_final_trade_decision.md",
            "reports/2025-09-14/HOLD/NFLX/EN/simplified_final_trade_decision.md",
            "reports/2025-10-02/BUY/SPY/EN/simplified_final_trade_decision.md",
            "reports/2025-10-09/BUY/NVDA/EN/simplified_final_trade_decision.md",
            "reports/2025-10-08/HOLD/AMD/EN/simplified_final_trade_decision.md",
            "reports/2025-10-04/SELL/AMD/EN/simplified_final_trade_decision.md",
            "reports/2025-10-07/SELL/META/EN/simplified_final_trade_decision.md",
        ),
    ),
)

FINANCE = re.compile(
    r"\b(invest\w*|return\w*|profit\w*|gain\w*|stock\w*|shares?|fund\w*|portfolio\w*|market\w*|risk\w*|"
    r"guarant\w*|income|retire\w*|annuit\w*|tax\w*|dividend\w*|crypto\w*|bitcoin|bonds?|price\w*|earn\w*|"
    r"money|savings|401\(?k\)?|ira|performance|outperform\w*|double|triple|merger|insider|trade|trading|"
    r"client\w*|advis\w*|wealth|yield\w*|loss\w*|lose|principal|interest|%)\b",
    re.I,
)
SETS = ("guardrails_advice_dev", "guardrails_advice_holdout")
# repositories whose files are drafts of one document (the same non-compliant agreement twice): one group
ONE_DOCUMENT = {"Ramharsh-aidev/FinoAddWise-Backend"}
_MARKS = re.compile(r"^[\s>#*\-•+|]*(?:\d+[.)]\s*)?(?:❌|✅|⚠️|✔️?|✗|✓)?\s*(?:\*\*[^*]{0,40}:\*\*)?\s*")
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\ufe0f]")


def _file_text(mirror: Path, repo: str, commit: str | None, path: str) -> str:
    git = mirror / repo.replace("/", "+") / "repo"
    out = subprocess.run(
        ["git", "-C", str(git), "show", f"{commit or 'HEAD'}:{path}"], capture_output=True, text=True, check=True
    )
    return out.stdout


def _python_strings(source: str) -> list[str]:
    return [n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _clean(line: str) -> str:
    line = _EMOJI.sub(" ", line)
    line = _MARKS.sub("", line)
    line = re.sub(r"\*\*|__|`|\[([^]]*)\]\([^)]*\)", lambda m: m.group(1) or "", line)
    line = line.strip().strip("|").strip()
    line = re.sub(r"^[\"“”']+|[\"“”']+$", "", line).strip()
    return " ".join(line.split())


def _prose(sentence: str) -> bool:
    words = sentence.split()
    if not 5 <= len(words) <= 60 or re.search(r"http|www\.|@|\{|\}|\bdef\b|=>|\|", sentence):
        return False
    wordy = sum(bool(re.fullmatch(r"[\"“(]?[A-Za-z$][A-Za-z0-9$%'’,.-]*[,;:.!?)\"”]*", w)) for w in words)
    return wordy >= 0.7 * len(words) and bool(FINANCE.search(sentence))


def candidates(mirror: Path) -> list[dict]:
    """Every sentence the labels may name: (repo, path, group, text), in SOURCES order."""
    rows = []
    for repo, commit, paths in SOURCES:
        for path in paths:
            raw = _file_text(mirror, repo, commit, path)
            blocks = _python_strings(raw) if path.endswith(".py") else [raw]
            for block in blocks:
                for line in block.splitlines():
                    text = _clean(line)
                    for start, end in sentence_spans(text):
                        s = text[start:end].strip().strip('"“”').strip()
                        if s and _prose(s):
                            group = repo if repo in ONE_DOCUMENT else f"{repo}:{path}"
                            rows.append({"repo": repo, "path": path, "group": group, "text": s})
    return rows


def key_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def build(mirror: Path, exclude: set[str]) -> dict[str, list[dict]]:
    return labelled_sets(
        candidates(mirror), label_of(), RULES, SETS, exclude, lambda row: f"{row['repo']}:{row['path']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"), help="where fetch put the snapshots")
    parser.add_argument("--exclude-hashes", type=Path)
    parser.add_argument("--out", type=Path, default=Path("/tmp/public_advice"))
    parser.add_argument("--candidates", action="store_true", help="print every candidate (key, group, text) and stop")
    args = parser.parse_args()
    if args.candidates:
        seen: set[str] = set()
        for row in candidates(args.mirror):
            key = key_of(row["text"])
            if key not in seen:
                seen.add(key)
                print(f"{key}\t{row['group']}\t{row['text']}")
        return
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    write_sets(args.out, build(args.mirror, exclude), "scripts/make_public_advice_eval.py from public snapshots")


if __name__ == "__main__":
    main()
