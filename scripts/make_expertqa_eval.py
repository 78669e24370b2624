"""Model-written claims judged by people against the evidence they cite (issue 11, round 17a, fexp): ExpertQA.

    git -C MIRROR show HEAD:data/lfqa/domain_test.jsonl > /tmp/fexp/expertqa/domain_test.jsonl   # and domain_val,
    #   rand_test, rand_val (MIRROR: fetch github:chaitanyamalaviya/ExpertQA)
    python scripts/make_expertqa_eval.py /tmp/fexp/expertqa/*.jsonl --jsonl /tmp/fexp/expertqa.jsonl \
        [--partial unsupported|drop] [--keep-markers] [--exclude-hashes /work/shared/reserved.txt]
    llmgateway scorer evaluate /tmp/fexp/expertqa.jsonl --split dev        # --split holdout to report

Source: ExpertQA (Malaviya et al., NAACL 2024; github.com/chaitanyamalaviya/ExpertQA @ 1aa7ba8, MIT licence).
Experts in 32 fields wrote questions; GPT-4, Bing Chat and retrieve-and-read / post-hoc-citation systems over
Google search or Sphere (GPT-4) answered them with citations; the answers were split into claims and each
claim judged by an expert of the question's field: does the cited evidence support it (``support``:
Complete / Partial / Incomplete / Missing / N/A)? The compiled file the task names
(``data/r2_compiled_out_corrected_revised_atomic_w_evidences_factscores_anon.jsonl``, 298 MB) is a Git LFS
pointer in the snapshot; the same judged records (question, answer, claims with their evidence passages and
labels) are in the four ``data/lfqa/{domain,rand}_{test,val}.jsonl`` files (885 records, 479 questions, one
system's answer each; ``*_train.jsonl`` are over the snapshot's size limit). Nothing here is written by this
project: the claims are the systems' sentences, the evidence the cited web passages, the labels the experts'.

One row per claim with evidence text: ``question`` (the expert's), ``contexts`` (each cited passage, its
"[n] URL" header taken off; a citation that is only a URL is not evidence and is dropped, and a claim left with
none is skipped), ``answer`` (the claim as the system wrote it; its citation markers "[1]", "[2][4]" are taken
off unless ``--keep-markers``), ``label``:

* ``Complete`` → supported (the evidence supports the whole claim);
* ``Incomplete`` (the evidence given does not support it; ExpertQA's "Missing" has no evidence at all and is
  skipped) → unsupported, ``kind: missing``;
* ``Partial`` → unsupported, ``kind: partial`` (default): the scorer's question is whether *every* part of a
  claim is supported, and ExpertQA's own attribution evaluation scores only Complete as attributable
  (``modeling/auto_attribution/compute_human_correlation.py``); kept apart by kind so it can be reported
  without them (``--partial drop`` leaves them out);
* ``N/A`` and unlabelled claims are skipped.

``field`` is the question's field; ``finance: true`` for Business and Economics (accountancy, finance /
banking, investment management, trade …) so the finance rows can be reported apart. Split by question
(sha256 of ``--seed`` and the question): half ``dev`` (read and choose on it), half ``holdout`` (report only).
A row sharing a 12-word passage with a reserved set is dropped (``--exclude-hashes``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_guardrail_training import overlaps  # noqa: E402
from tatqa_lookalike import write_rows  # noqa: E402

LABELS = {"Complete": (True, "complete"), "Incomplete": (False, "missing"), "Partial": (False, "partial")}
FINANCE_FIELDS = {"Business", "Economics"}
_MARKER = re.compile(r"\s*(?:\[\d+\])+")
_HEADER = re.compile(r"^\[\d+\]\s*\S+\s*")  # "[3] https://…" before the passage


def passage(evidence: str) -> str | None:
    """The cited passage's text without its "[n] URL" header; None when the citation is only a URL."""
    text = _HEADER.sub("", evidence.strip(), count=1).strip()
    return text if len(text.split()) >= 12 else None


def split_of(question: str, seed: str) -> str:
    return "dev" if hashlib.sha256(f"{seed}:{question}".encode()).digest()[0] < 128 else "holdout"


def rows_of(records: list[dict], partial: str, keep_markers: bool, seed: str) -> list[dict]:
    rows, seen = [], set()
    for rec in records:
        meta = rec.get("metadata", {})
        for system, ans in rec["answers"].items():
            for j, claim in enumerate(ans.get("claims", [])):
                if claim.get("support") not in LABELS or (partial == "drop" and claim["support"] == "Partial"):
                    continue
                contexts = [p for p in map(passage, claim.get("evidence") or []) if p]
                text = claim["claim_string"].strip()
                if not keep_markers:
                    text = _MARKER.sub("", text).strip()
                key = (rec["question"], system, text)
                if not contexts or len(text.split()) < 3 or key in seen:
                    continue
                seen.add(key)
                supported, kind = LABELS[claim["support"]]
                rows.append(
                    {
                        "id": f"{hashlib.sha256(rec['question'].encode()).hexdigest()[:8]}-{system}-{j}",
                        "split": split_of(rec["question"], seed),
                        "kind": kind,
                        "question": rec["question"].strip(),
                        "contexts": contexts,
                        "answer": text,
                        "label": "supported" if supported else "unsupported",
                        "system": system,
                        "field": meta.get("field"),
                        "finance": meta.get("field") in FINANCE_FIELDS,
                    }
                )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", type=Path, nargs="+", help="ExpertQA data/lfqa/*_{test,val}.jsonl")
    ap.add_argument("--jsonl", type=Path, required=True, help="the rows (keep under /tmp)")
    ap.add_argument("--partial", choices=("unsupported", "drop"), default="unsupported")
    ap.add_argument("--keep-markers", action="store_true", help="leave the claims' citation markers in")
    ap.add_argument("--seed", default="fexp-17a")
    ap.add_argument("--exclude-hashes", type=Path, help="reserved-set 12-word hashes (/work/shared/reserved.txt)")
    args = ap.parse_args()
    records, questions = [], set()
    for path in args.files:
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            if rec["question"] not in questions:  # the domain_* and rand_* files may share a question
                questions.add(rec["question"])
                records.append(rec)
    rows = rows_of(records, args.partial, args.keep_markers, args.seed)
    exclude = set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()
    kept = [r for r in rows if not any(overlaps(t, exclude) for t in [r["answer"], r["question"], *r["contexts"]])]
    print(f"{len(rows) - len(kept)} rows dropped for a reserved 12-word overlap")
    write_rows(kept, args.jsonl, key=lambda r: f"{r['split']}/{r['kind']}{'/finance' if r['finance'] else ''}")


if __name__ == "__main__":
    main()
