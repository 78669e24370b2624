"""Scorer throughput: traces/s with the real MiniLM embedder and a real SQLite store.

    .venv/bin/python bench/bench_scorer.py [--traces 2000] [--batch 64] [--store sqlite:///...]

Builds a store with N answered traces (3-claim answers, every one unique, 3 retrieved sources
drawn from a corpus of 40 research notes, as retrieval repeats passages), then drains it with one ScoringWorker and
prints traces/s. The model load is excluded; the passage-embedding cache starts cold.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import llmgateway  # noqa: E402,F401
from llmgateway.embeddings import Embedder  # noqa: E402
from llmgateway.scoring.factuality import FactualityScorer  # noqa: E402
from llmgateway.scoring.settings import ScoringSettings  # noqa: E402
from llmgateway.scoring.worker import ScoringWorker  # noqa: E402
from llmgateway.store.db import EvaluationStore  # noqa: E402
from llmgateway.store.models import Trace  # noqa: E402

COMPANIES = ["Northwind", "Apex", "Orion", "Meridian", "Quanta", "Lumen", "Veridian", "Atlas", "Helix", "Kona"]
METRICS = ["revenue", "net income", "operating margin", "free cash flow"]


def corpus(rng: random.Random, n: int = 40) -> list[tuple[str, str, int, str]]:
    notes = []
    for i in range(n):
        c, m = COMPANIES[i % len(COMPANIES)], METRICS[i % len(METRICS)]
        pct, amt = rng.randint(2, 30), round(rng.uniform(1, 9), 1)
        text = (
            f"{c} reported {m} of ${amt} billion for the third quarter of 2024, up {pct}% from a year "
            f"earlier. Management kept its full-year guidance unchanged. Analysts rate {c} Overweight "
            f"with a price target of ${rng.randint(40, 300)}. The company plans to open {rng.randint(5, 50)} "
            f"new offices in 2025."
        )
        notes.append((text, c, pct, f"${amt} billion"))
    return notes


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--traces", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--store", default=None)
    ap.add_argument(
        "--threads",
        type=int,
        default=os.cpu_count() or 1,
        help="torch threads, as `llmgateway scorer` uses (default: all cores)",
    )
    args = ap.parse_args()
    rng = random.Random(0)
    url = args.store or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    store = EvaluationStore(url)
    notes = corpus(rng)
    with store.session() as session:
        for i in range(args.traces):
            picked = rng.sample(notes, 3)
            text, c, pct, amt = picked[0]
            pct = pct if i % 3 else pct + 10
            # every answer unique (no embedding-cache hits on claims), as real answers are
            answer = (
                f"{c} reported {amt} for the third quarter of 2024, up {pct}% on the year, per trace {i} [1]. "
                f"Management kept its full-year guidance unchanged and expects {rng.randint(1, 999)} new "
                f"clients [1]. Analysts rate {c} Overweight with a ${rng.randint(40, 300)} target [1]."
            )
            session.add(
                Trace(
                    trace_id=uuid.uuid4().hex,
                    route="advisor",
                    status="ok",
                    status_code=200,
                    request_messages=[{"role": "user", "content": f"How did {c} do in Q3?"}],
                    response_text=answer,
                    score_state="pending",
                    retrieval=[{"index": k + 1, "doc_id": f"n{k}", "text": p[0]} for k, p in enumerate(picked)],
                )
            )
        session.commit()
    embedder = Embedder(threads=args.threads)
    embedder.embed(["warm up"])  # model load excluded
    settings = ScoringSettings.model_validate({"worker": {"batch_size": args.batch}, "drift": {"enabled": False}})
    worker = ScoringWorker(store, FactualityScorer(embedder), settings)
    started, done = time.perf_counter(), 0
    while True:
        n = worker.run_once()
        if not n:
            break
        done += n
    elapsed = time.perf_counter() - started
    import torch

    print(
        f"scored {done} traces in {elapsed:.1f}s: {done / elapsed:.1f} traces/s "
        f"(batch {args.batch}, torch threads {torch.get_num_threads()}, cpus {os.cpu_count()}, {store.dialect})"
    )


if __name__ == "__main__":
    main()
