"""What every TAT-QA look-alike builder shares: its command line (the dev and holdout files, the JSONL it
writes, the reserved-set hashes), each report drawn with three others whose pages pad its contexts, the
filter that drops a row sharing 12 words with a reserved set, and the JSONL with its counts. A builder
whose rows come from one report at a time only writes ``rows_for`` and calls ``run``."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from make_filings_eval import _rng
from make_guardrail_training import overlaps


def parser(description: str) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("dev", type=Path, help="tatqa_dataset_dev.json")
    ap.add_argument("holdout", type=Path, help="tatqa_dataset_test_gold.json")
    ap.add_argument("--jsonl", type=Path, required=True, help="every row (keep under /tmp)")
    ap.add_argument("--exclude-hashes", type=Path, help="reserved-set 12-word hashes (../shared/reserved.txt)")
    return ap


def reserved_hashes(args: argparse.Namespace) -> set[str]:
    return set(args.exclude_hashes.read_text().split()) if args.exclude_hashes else set()


def reports_with_others(path: Path, salt: str) -> Iterator[tuple[dict, list[dict]]]:
    """Each report of a TAT-QA file, with three other reports drawn by a seed of its own uid and ``salt``."""
    docs = json.loads(path.read_text())
    for i, doc in enumerate(docs):
        rng = _rng(doc["table"]["uid"], salt)
        yield doc, [docs[j] for j in rng.sample([k for k in range(len(docs)) if k != i], 3)]


def not_reserved(rows: list[dict], exclude: set[str]) -> list[dict]:
    return [r for r in rows if not any(overlaps(t, exclude) for t in [r["answer"], r["question"]])]


def write_rows(rows: list[dict], path: Path, key: Callable[[dict], str] | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    counts: dict[str, int] = {}
    for r in rows:
        k = key(r) if key else f"{r['split']}/{r['kind']}"
        counts[k] = counts.get(k, 0) + 1
    print(f"{len(rows)} rows → {path}: {dict(sorted(counts.items()))}")


RowsFor = Callable[[dict, list[dict], str], list[dict]]


def rows_of_file(path: Path, split: str, exclude: set[str], rows_for: RowsFor, salt: str) -> list[dict]:
    """Every row ``rows_for(report, others, split)`` gives over a TAT-QA file, reserved overlaps dropped."""
    rows = [r for doc, others in reports_with_others(path, salt) for r in rows_for(doc, others, split)]
    return not_reserved(rows, exclude)


def run(description: str, rows_for: RowsFor, salt: str, key: Callable[[dict], str] | None = None) -> None:
    """The command line of a one-report-at-a-time builder: dev file → dev split, holdout file → holdout."""
    args = parser(description).parse_args()
    exclude = reserved_hashes(args)
    splits = (("dev", args.dev), ("holdout", args.holdout))
    rows = [r for split, path in splits for r in rows_of_file(path, split, exclude, rows_for, salt)]
    write_rows(rows, args.jsonl, key=key)


def by_family(row: dict) -> str:
    return f"{row['split']}/{row['family']}/{row['kind']}"
