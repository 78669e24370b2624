"""Benchmark [rag]: ingestion throughput and retrieval latency at 100k chunks.

    .venv/bin/python bench/bench_retrieval.py                 # full run: 100k chunks (~10 min on 2 cores)
    .venv/bin/python bench/bench_retrieval.py --chunks 10000  # quick run

Three figures:

1. **Ingestion** (``--ingest-chunks``, default 2,000): the real ingest path (files → LangChain chunking →
   MiniLM embeddings → Chroma upsert) on synthetic research notes, in chunks per second.
2. **Retrieval latency** at ``--chunks`` chunks: ``RetrievalStage.retrieve`` as a route runs it — embed the
   question (a new question every time, so the embedding cache never helps), query Chroma for a caller
   without entitlement groups (10% of the chunks sit in a restricted partition, 0.25% are dated in
   the future and must be excluded), top_k 5 — p50/p95/p99 over ``--queries`` questions.
   Filling 100k chunks through MiniLM would take ~10 minutes alone, so the store is filled with real
   MiniLM embeddings of ``--unique`` distinct synthetic chunks, each reused with small noise (a
   realistic, clustered vector distribution; the HNSW index and the filter do the same work).
3. **Embedding cost per query**: MiniLM time for one question (CPU, local: $0 and no tokens billed).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402

COMPANIES = [
    "Novatra",
    "Halvorsen",
    "Brightwater",
    "Meridian",
    "Calder",
    "Orion",
    "Pinecrest",
    "Vantor",
    "Kestrel",
    "Solenne",
    "Lumina",
    "Tidewater",
    "Arcadia",
    "Zephyr",
    "Quill",
    "Orca",
    "Heron",
    "Juniper",
    "Marlow",
    "Sable",
    "Corvid",
    "Alder",
    "Beacon",
    "Cinder",
    "Delta",
    "Ember",
    "Fable",
    "Garnet",
    "Harbor",
    "Iris",
]
TOPICS = [
    "revenue grew {n}% year on year as volumes recovered",
    "gross margin reached {n}.{m}% on lower input costs",
    "we set a 12-month price target of ${n} with a {r} rating",
    "net leverage is {m}.{n}x EBITDA after the deal",
    "the main risk is customer concentration: the top two clients are {n}% of sales",
    "management guided capital spending of ${n}0m for next year",
    "the dividend yield is {m}.{n}% and covered",
    "credit spreads on the {y} notes are {n}0 basis points over Treasuries",
    "export controls could affect about {n}% of sales",
    "we expect {n} basis points of margin expansion by {y}",
]
RATINGS = ["Buy", "Hold", "Sell", "Overweight", "Underweight"]


def synthetic_text(rng: random.Random, words: int = 110) -> tuple[str, str]:
    company = rng.choice(COMPANIES)
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        sentences.append(
            f"{company} "
            + rng.choice(TOPICS).format(
                n=rng.randint(2, 99), m=rng.randint(1, 9), r=rng.choice(RATINGS), y=rng.randint(2027, 2034)
            )
            + "."
        )
    return company, " ".join(sentences)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def bench_ingest(ingest_chunks: int, workdir: Path, store, embedder, rag) -> tuple[float, int, float]:
    from llmgateway.retrieval.ingest import Ingestor

    rng = random.Random(7)
    folder = workdir / "notes"
    folder.mkdir()
    per_doc = 8  # ~8 chunks of ~700 characters per note at chunk_size 800
    for i in range(max(1, ingest_chunks // per_doc)):
        company, _ = synthetic_text(rng)
        sections = "\n\n".join(f"## Section {s}\n{synthetic_text(rng, 100)[1]}" for s in range(per_doc))
        (folder / f"note-{i:05d}.md").write_text(
            f"---\ntitle: {company} note {i}\npublished: 2026-0{1 + i % 9}-1{i % 10}\ntickers: [{company[:4].upper()}]\n"
            f"---\n# {company} note {i}\n\n{sections}\n"
        )
    started = time.perf_counter()
    report = Ingestor(store, embedder, rag).ingest([folder], collection="bench_ingest")
    elapsed = time.perf_counter() - started
    assert report.ok, report.failures
    return report.chunks_written / elapsed, report.chunks_written, elapsed


def fill_store(store, embedder, collection: str, chunks: int, unique: int, batch: int) -> float:
    from llmgateway.retrieval.ingest import ticker_key
    from llmgateway.retrieval.vectorstore import partition_name

    rng = random.Random(11)
    nprng = np.random.default_rng(11)
    texts, companies = [], []
    for _ in range(min(unique, chunks)):
        company, text = synthetic_text(rng)
        texts.append(text)
        companies.append(company)
    base = embedder.embed(texts)
    started = time.perf_counter()
    public = store._collection(partition_name(collection, ""), create=True)
    restricted = store._collection(partition_name(collection, "mna-team"), create=True)
    for start in range(0, chunks, batch):
        n = min(batch, chunks - start)
        pick = nprng.integers(0, len(texts), n)
        vectors = base[pick] + nprng.normal(0, 0.02, (n, base.shape[1])).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        rows: dict[str, list] = {"": [], "mna-team": []}
        for j, p in enumerate(pick):
            i = start + j
            group = "mna-team" if i % 10 == 0 else ""  # 10% restricted
            published = 20991231 if i % 400 == 1 else (0 if i % 5 == 0 else 20260301)  # 0.25% future-dated
            rows[group].append(
                (
                    f"c{i}",
                    vectors[j],
                    texts[p],
                    {
                        "doc_id": f"doc-{i // 8}",
                        "chunk": i % 8,
                        "title": f"{companies[p]} note",
                        "source": f"synthetic/{i // 8}.md",
                        "page": 0,
                        "published": str(published),
                        "published_ord": published,
                        "entitlement": group,
                        ticker_key(companies[p][:4]): True,
                        "tickers": companies[p][:4].upper(),
                    },
                )
            )
        for group, col in (("", public), ("mna-team", restricted)):
            if rows[group]:
                ids, vecs, docs, metas = zip(*rows[group])
                col.add(ids=list(ids), embeddings=np.stack(vecs), documents=list(docs), metadatas=list(metas))
        print(f"  filled {start + n:,}/{chunks:,} chunks", end="\r", flush=True)
    print()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=100_000, help="chunks in the store for the latency test")
    parser.add_argument("--unique", type=int, default=5_000, help="distinct embedded chunk texts used to fill it")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--ingest-chunks", type=int, default=2_000, help="chunks for the ingestion throughput run")
    parser.add_argument("--top-k", type=int, default=5)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument(
        "--torch-threads",
        type=int,
        default=1,
        help="torch intra-op threads (1 is much faster for single queries on a busy 2-core box)",
    )
    parser.add_argument("--chroma-host", default=None, help="benchmark a `chroma run` server instead of embedded")
    parser.add_argument("--chroma-port", type=int, default=8000)
    args = parser.parse_args()

    import torch

    from llmgateway.config import RouteConfig, load_settings
    from llmgateway.embeddings import Embedder
    from llmgateway.pipeline import CallContext, CallerKey
    from llmgateway.retrieval.settings import RagSettings, RouteRag
    from llmgateway.retrieval.stage import RetrievalStage
    from llmgateway.retrieval.vectorstore import ChromaStore

    torch.set_num_threads(args.torch_threads)
    workdir = Path(tempfile.mkdtemp(prefix="bench-rag-"))
    chroma = (
        {"host": args.chroma_host, "port": args.chroma_port} if args.chroma_host else {"path": str(workdir / "chroma")}
    )
    rag = RagSettings.model_validate({"chroma": chroma})
    settings = load_settings(overrides={"paths": {"data": str(workdir)}}, environ={})
    store = ChromaStore.from_settings(rag, settings)
    embedder = Embedder()
    embedder.embed(["warm up"])
    print(
        f"# {store.description}; torch threads {torch.get_num_threads()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f} at start"
    )

    ingest_rate, ingest_n, ingest_s = bench_ingest(args.ingest_chunks, workdir, store, embedder, rag)
    print(f"ingested {ingest_n} chunks in {ingest_s:.1f}s")
    collection = f"bench_{args.chunks}"
    fill_s = fill_store(store, embedder, collection, args.chunks, args.unique, args.batch)

    stage = RetrievalStage("bench", RouteRag(collection=collection, top_k=args.top_k), rag, store, embedder)
    ctx = CallContext(
        trace_id="bench",
        route=RouteConfig(name="bench", model="m"),
        key=CallerKey(name="bench"),
        messages=[],
        params={},
    )
    flt = stage.where_for(ctx)  # a caller without groups, as-of today: public partition, future-dated dropped
    rng = random.Random(3)
    questions = [
        f"{rng.choice(COMPANIES)} {rng.choice(['price target', 'margin outlook', 'key risks', 'leverage', 'dividend'])}"
        f" {i}"
        for i in range(args.queries + 20)
    ]
    for q in questions[:20]:  # warm-up
        stage.retrieve(q, flt)
    total_ms, embed_ms, query_ms = [], [], []
    for q in questions[20:]:
        t0 = time.perf_counter()
        hits = stage.retrieve(q, flt)
        total_ms.append((time.perf_counter() - t0) * 1000)
        assert len(hits) == args.top_k and all(h.metadata.get("entitlement") == "" for h in hits)
        assert all(h.metadata["published_ord"] <= flt.not_after for h in hits)
    for q in questions[20:]:
        t0 = time.perf_counter()
        vector = embedder.embed([q + " again"])[0]
        t1 = time.perf_counter()
        store.query(collection, flt.groups, vector, args.top_k, flt.where, not_after=flt.not_after)
        t2 = time.perf_counter()
        embed_ms.append((t1 - t0) * 1000)
        query_ms.append((t2 - t1) * 1000)

    def row(name, values):
        return f"| {name:<44} | {percentile(values, 50):>7.1f} | {percentile(values, 95):>7.1f} | {percentile(values, 99):>7.1f} |"

    print()
    print(
        f"| Ingestion (files → chunks → MiniLM → Chroma)  | {ingest_rate:,.0f} chunks/s ({ingest_n} chunks, "
        f"chunk_size {rag.chunk_size}) |"
    )
    print(f"| Store fill at {args.chunks:,} chunks (precomputed vectors) | {args.chunks / fill_s:,.0f} chunks/s |")
    print()
    print(f"| Retrieval at {args.chunks:,} chunks, top_k {args.top_k}      | p50 ms  | p95 ms  | p99 ms  |")
    print("|" + "-" * 46 + "|---------|---------|---------|")
    print(row("total: embed question + filtered query", total_ms))
    print(row("  query embedding (MiniLM, CPU)", embed_ms))
    print(row("  Chroma query (entitlement partitions, as-of)", query_ms))
    print()
    print(f"load average {os.getloadavg()[0]:.1f} at end (other work on the machine inflates every figure)")
    print(
        f"Embedding cost per query: {statistics.mean(embed_ms):.1f} ms CPU (mean), local model — $0, no tokens billed."
    )


if __name__ == "__main__":
    main()
