"""Scorer throughput: traces/s with the real MiniLM embedder and a real SQLite store.

    .venv/bin/python bench/bench_scorer.py [--traces 1000] [--answers supported] [--warm] [--threads 1]

Builds a store with N answered traces (~120-word answers of 6-7 claims, every one unique, with a
derived growth rate and a changed figure among them; 4 retrieved sources drawn from a corpus of 40
research notes, as retrieval repeats passages), then drains it with one ScoringWorker once per
matching in the same run — "embedding" (MiniLM for every claim: the scorer before the cascade,
the baseline), "cascade" (the default: lexical matching, MiniLM only for the claims the verifier
is unsure of) and "lexical" (no MiniLM) — and prints traces/s for each, their ratios to the
baseline, the share of claims embedded, and the p95 per claim of one answer at a time on one
thread. The model load is excluded; the text-embedding cache starts cold for each pass (so the
one-off embedding of the corpus' passages is counted); ``--warm`` drains the same traces a second
time with the cache warm (every passage and claim cached: an upper bound, not new answers).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sqlalchemy import select  # noqa: E402

import llmgateway  # noqa: E402,F401
from llmgateway.embeddings import Embedder  # noqa: E402
from llmgateway.scoring.entailment import EntailmentStage  # noqa: E402
from llmgateway.scoring.factuality import FactualityScorer  # noqa: E402
from llmgateway.scoring.joint_reader import load_reader_stage  # noqa: E402
from llmgateway.scoring.settings import (
    FactualitySettings,  # noqa: E402
    ScoringSettings,  # noqa: E402
)
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
        before = round(amt / (1 + pct / 100), 2)
        text = (
            f"{c} reported {m} of ${amt} billion for the third quarter of 2024, compared with ${before} "
            f"billion a year earlier. Management kept its full-year guidance unchanged. Analysts rate {c} "
            f"Overweight with a price target of ${rng.randint(40, 300)}. The company plans to open "
            f"{rng.randint(5, 50)} new offices in 2025 and employs {rng.randint(2, 90)},000 people."
        )
        notes.append((text, c, pct, f"${amt} billion"))
    return notes


def supported_answer(rng: random.Random, picked: list) -> str:
    """~100 words whose every claim its sources support, worded differently from trace to trace."""
    text, c, pct, amt = picked[0]
    facts = re.findall(r"[^.]+\.(?:\d[^.]*\.)?", text)
    target = re.search(r"price target of (\$\d+)", text).group(1)
    offices, staff = re.search(r"open (\d+) new offices in 2025 and employs ([\d,]+) people", text).groups()
    other_text, other = picked[1][0], picked[1][1]
    other_amt = re.search(r"of (\$[\d.]+ billion)", other_text).group(1)
    said = rng.choice(["reported", "posted", "recorded", "announced"])
    when = rng.choice(["for the third quarter of 2024", "in the third quarter of 2024", "for Q3 2024"])
    kept = rng.choice(["kept its full-year guidance unchanged", "left its full-year guidance unchanged"])
    rate = rng.choice(["Analysts rate", "Analysts continue to rate", "The analysts rate"])
    return (
        (
            f"{c} {said} {amt} {when}, up about {pct}% on the year [1]. Management {kept} [1]. "
            f"{rate} {c} Overweight with a price target of {target} [1]. {c} plans to open {offices} new "
            f"offices in 2025 and employs {staff} people [1]. {other} {said} {other_amt} {when} [2]. "
            f"{rate} {other} Overweight [2]."
        )
        if facts
        else text
    )


def _drain(store: EvaluationStore, worker: ScoringWorker) -> tuple[int, float]:
    """Mark every trace pending, score them all; (traces scored, seconds)."""
    with store.engine.begin() as conn:
        conn.execute(Trace.__table__.update().values(score_state="pending", scored_at=None))
    started, done = time.perf_counter(), 0
    while n := worker.run_once():
        done += n
    return done, time.perf_counter() - started


def _scorer(embedder, spec: str) -> FactualityScorer:
    """A pass: "cascade", "embedding", "lexical", optionally "+entailment" (the cross-encoder stage) and
    "+reader" (the extractive reader of short answers)."""
    matching, *extras = spec.split("+")
    defaults = FactualitySettings()
    stage = (
        EntailmentStage.load_default(
            defaults.entailment_band, defaults.entailment_weight, defaults.entailment_claims == "relational"
        )
        if "entailment" in extras
        else None
    )
    if stage is not None:
        stage.model.warm()  # model load excluded, like the embedder's
    reader = (
        load_reader_stage(
            defaults.reader_confidence,
            defaults.reader_answer_ceiling,
            defaults.reader_windows,
            printed_figures_only=defaults.reader_printed_figures_only,
            one_sentence=defaults.reader_one_sentence,
        )
        if "reader" in extras
        else None
    )
    if reader is not None:
        reader.model.read([("Who leads the bank?", "Maria Olsen leads the bank.", "Maria Olsen")])  # load
    return FactualityScorer(embedder, matching=matching, entailment=stage, reader=reader)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--traces", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--store", default=None)
    ap.add_argument(
        "--threads",
        type=int,
        default=1,
        help="torch threads; `llmgateway scorer` uses `embeddings.threads` (default 1)",
    )
    ap.add_argument(
        "--answers",
        choices=["mixed", "supported"],
        default="mixed",
        help="mixed: every answer has unsupported claims (a changed figure, invented details); "
        "supported: every claim restates its sources in varied words",
    )
    ap.add_argument(
        "--matching",
        default="embedding,cascade,lexical",
        help="passes, the first is the baseline; 'cascade+entailment' adds the cross-encoder stage "
        "(scoring.factuality.entailment_band / _weight defaults)",
    )
    ap.add_argument(
        "--warm",
        action="store_true",
        help="drain each pass a second time with its text-embedding cache warm: the same traces again, "
        "so every passage AND claim is cached — an upper bound, not a figure for new answers",
    )
    args = ap.parse_args()
    rng = random.Random(0)
    url = args.store or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    store = EvaluationStore(url)
    notes = corpus(rng)
    with store.session() as session:
        for i in range(args.traces):
            picked = rng.sample(notes, 4)
            text, c, pct, amt = picked[0]
            pct = pct if i % 3 else pct + 10
            other = picked[1][1]
            if args.answers == "supported":
                answer = supported_answer(rng, picked)
            else:  # every answer unique (no embedding-cache hits on claims), as real answers are; ~120 words
                answer = (
                    f"{c} reported {amt} for the third quarter of 2024, about {pct}% growth on the year, per "
                    f"trace {i} [1]. Management kept its full-year guidance unchanged and expects "
                    f"{rng.randint(1, 999)} new clients over the coming months [1]. Analysts rate {c} Overweight "
                    f"with a ${rng.randint(40, 300)} price target, which implies solid upside from here [1]. "
                    f"The company plans to open new offices in 2025 as it expands in its home market [1]. "
                    f"Its peer {other} also reported results for the third quarter of 2024, and analysts rate "
                    f"{other} Overweight as well [2]. Both companies kept their guidance unchanged, which "
                    f"investors read as a sign of confidence in demand for the rest of the year [1][2]."
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
    import torch

    settings = ScoringSettings.model_validate({"worker": {"batch_size": args.batch}, "drift": {"enabled": False}})
    rates: dict[str, float] = {}
    for matching in args.matching.split(","):
        embedder = Embedder(threads=args.threads)  # a cold text cache for each pass
        embedder.embed(["warm up"])  # model load excluded
        scorer = _scorer(embedder, matching)
        worker = ScoringWorker(store, scorer, settings)
        done, elapsed = _drain(store, worker)
        rates[matching] = done / elapsed
        warm_done, warm_elapsed = _drain(store, worker) if args.warm else (0, 0.0)
        with store.session() as session:
            claims = [c for (s,) in session.execute(select(Trace.scores)).all() for c in s["factuality"]["claims"]]
        embedded = sum(c["matched_by"] == "embedding" for c in claims) / max(1, len(claims))
        entailed = sum(c.get("entailment") is not None for c in claims) / max(1, len(claims))
        print(
            f"{matching:<10} scored {done} traces in {elapsed:.1f}s: {rates[matching]:.1f} traces/s "
            f"({embedded:.0%} of {len(claims)} claims embedded, {entailed:.0%} read by the cross-encoder)"
            + (f"; again with the cache warm: {warm_done / warm_elapsed:.1f} traces/s" if args.warm else "")
        )
    base = next(iter(rates))
    print("ratios vs " + base + ": " + ", ".join(f"{m} {r / rates[base]:.2f}x" for m, r in rates.items()))
    # one answer at a time on one thread (the API's path), per claim, verifier included
    torch.set_num_threads(1)
    with store.session() as session:
        rows = session.execute(select(Trace.retrieval, Trace.response_text).limit(200)).all()
    for matching in args.matching.split(","):
        single = _scorer(Embedder(threads=1), matching)
        single.score([p["text"] for p in rows[0][0]], "warm up the model.")
        per_claim, claims_per_answer = [], []
        for retrieval, answer in rows:
            t0 = time.perf_counter()
            result = single.score([p["text"] for p in retrieval], answer)
            per_claim.append((time.perf_counter() - t0) / max(1, len(result.claims)))
            claims_per_answer.append(len(result.claims))
        per_claim.sort()
        print(
            f"{matching:<10} one answer at a time on one thread: p95 "
            f"{per_claim[int(0.95 * (len(per_claim) - 1))] * 1000:.1f} ms per claim, "
            f"{sum(claims_per_answer) / len(claims_per_answer):.1f} claims per answer"
        )
    print(
        f"(batch {args.batch}, torch threads {args.threads} then 1, cpus {os.cpu_count()}, {store.dialect}, "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})"
    )


if __name__ == "__main__":
    main()
