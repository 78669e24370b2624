"""``RetrievalStage``: a route's ``rag:`` key at request time.

``prepare`` embeds the latest user message, queries Chroma with the caller's filter **inside the
query** (the entitlement groups choose which partitions are searched; as-of date; tickers),
optionally re-ranks with MMR, drops hits under ``min_score`` and puts the numbered ``Source``s in
``ctx.retrieval`` (a ``RetrievalOutcome``); the executor turns them into the completion's top-level
``citations`` list and the trace row's ``retrieval`` list. ``compose`` adds the sources as a
system message only on routes without a ``prompt`` (a prompt template renders ``{{ sources }}``).

Entitlements: public documents are visible to everyone; a document ingested with
``--entitlement G`` only to keys holding ``G``. With auth disabled (``ctx.key.name is None``) the
caller holds no groups, whatever the key object says.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from ..errors import InvalidRequest
from ..outcome import RetrievalOutcome, Source
from ..pipeline import BaseStage, CallContext
from .ingest import date_ord, ticker_key
from .loaders import parse_date, split_tickers
from .settings import RagSettings, RouteRag
from .store_types import CollectionMissing, Hit, VectorStore, VectorStoreUnavailable

if TYPE_CHECKING:  # pragma: no cover
    pass

log = logging.getLogger("llmgateway.retrieval")

GROUNDING_INSTRUCTIONS = (
    "Answer the question using only the numbered research sources below. Cite the sources you use "
    "as [1], [2], …. If the sources do not contain the answer, say that the firm's research does not cover it."
)
NO_SOURCES = (
    "No research source matched this question (or the caller is not entitled to any). "
    "Say that the firm's research does not cover it; do not answer from memory."
)

RESEARCH_UNAVAILABLE = (
    "The firm's research store cannot be reached right now, so no research sources are attached. "
    "Say that the firm's research is unavailable at the moment; do not answer from memory."
)


@dataclass(frozen=True)
class RetrievalFilter:
    groups: list[str]  # entitlement groups: which partitions are searched (vectorstore.py)
    not_after: int  # YYYYMMDD: nothing published later
    where: dict | None = None  # Chroma where clause (tickers)


class RetrievalStage(BaseStage):
    name = "rag"

    def __init__(self, route_name: str, config: RouteRag, rag: RagSettings, store: VectorStore, embedder, tracer=None):
        self.route_name = route_name
        self.config = config
        self.collection = config.collection or rag.default_collection
        self.store = store
        self.embedder = embedder
        self.tracer = tracer

    # -- prepare: retrieve -----------------------------------------------------------------
    async def prepare(self, ctx: CallContext) -> None:
        question = ctx.question.strip()
        flt = self.where_for(ctx)
        hits: list[Hit] = []
        error: str | None = None
        if self.tracer is None:
            if question:
                hits, error = await self._retrieve(question, flt)
        else:
            with self.tracer.start_as_current_span("retrieval") as span:
                span.set_attribute("gen_ai.operation.name", "retrieval")
                span.set_attribute("gen_ai.data_source.id", self.collection)
                span.set_attribute("retrieval.top_k", self.config.top_k)
                if question:
                    hits, error = await self._retrieve(question, flt)
                if error:
                    span.set_attribute("retrieval.error", error)
                # spans leave for a collector that holds no entitlement: restricted ids stay out
                span.set_attribute("retrieval.document_ids", [_exported_id(h, h.doc_id) for h in hits])
                span.set_attribute("retrieval.chunk_ids", [_exported_id(h, h.chunk_id) for h in hits])
                span.set_attribute("retrieval.scores", [round(h.score, 4) for h in hits])
        ctx.retrieval = RetrievalOutcome(
            collection=self.collection,
            sources=[self.to_source(i, hit) for i, hit in enumerate(hits, start=1)],
            snippet_chars=self.config.snippet_chars,
            error=error,
        )

    async def _retrieve(self, question: str, flt: RetrievalFilter) -> tuple[list[Hit], str | None]:
        """The hits, or — when the store is unreachable and the route says ``on_error: continue`` —
        none and why. With ``on_error: fail`` (the default) the call fails closed with a 503."""
        try:
            return await asyncio.to_thread(self.retrieve, question, flt), None
        except VectorStoreUnavailable as exc:  # the store's address stays in the log and the trace
            if self.config.on_error == "continue":
                log.warning("route %s: answering without research: %s", self.route_name, exc.message)
                return [], f"the research store is unreachable: {exc.message}"
            raise VectorStoreUnavailable("the research store is unreachable", detail=exc.message) from None

    def where_for(self, ctx: CallContext) -> RetrievalFilter:
        """What this caller may see: entitlement groups, the as-of date and tickers."""
        groups = sorted(set(ctx.key.entitlements or [])) if ctx.key.name is not None else []
        today = date.fromtimestamp(ctx.request_time)
        as_of = today
        requested = (ctx.metadata or {}).get("as_of")
        if requested:
            parsed = parse_date(requested)
            if parsed is None:
                raise InvalidRequest(
                    f"metadata.as_of: cannot read date {requested!r}; use YYYY-MM-DD", param="metadata.as_of"
                )
            as_of = min(parsed, today)
        tickers = [t.upper() for t in (self.config.tickers or [])]
        requested_tickers = (ctx.metadata or {}).get("tickers")
        if requested_tickers:
            wanted = split_tickers(requested_tickers)
            tickers = [t for t in wanted if not tickers or t in tickers] or ["\x00none"]
        ticker_clause = None
        if tickers:
            clauses = [{ticker_key(t): True} for t in tickers]
            ticker_clause = clauses[0] if len(clauses) == 1 else {"$or": clauses}
        return RetrievalFilter(groups=groups, not_after=date_ord(as_of), where=ticker_clause)

    def retrieve(self, question: str, flt: RetrievalFilter) -> list[Hit]:
        """Blocking: embed the question, query, filter by score, optionally MMR. Runs in a thread."""
        vector = self.embedder.embed_one(question)
        k = self.config.top_k
        fetch = max(self.config.fetch_k or 4 * k, k) if self.config.mmr else k
        try:
            hits = self.store.query(
                self.collection,
                flt.groups,
                vector,
                fetch,
                flt.where,
                not_after=flt.not_after,
                with_embeddings=self.config.mmr,
            )
        except CollectionMissing:
            log.warning(
                "route %s: collection '%s' does not exist yet (run `llmgateway ingest`)",
                self.route_name,
                self.collection,
            )
            return []
        hits = [h for h in hits if h.score >= self.config.min_score]
        if self.config.mmr and len(hits) > k:
            hits = mmr_select(np.asarray(vector), hits, k, self.config.mmr_lambda)
        return hits[:k]

    def to_source(self, index: int, hit: Hit) -> Source:
        meta = hit.metadata
        return Source(
            index=index,
            doc_id=hit.doc_id,
            text=hit.text,
            title=meta.get("title") or None,
            source=meta.get("source") or None,
            page=int(meta.get("page") or 0) or None,
            score=hit.score,
            entitlement=str(meta.get("entitlement") or "") or None,
            metadata={
                "chunk_id": hit.chunk_id,
                "published": meta.get("published") or None,
                "heading": meta.get("heading") or None,
                "tickers": meta.get("tickers") or None,
            },
        )

    # -- compose: ground a route without a prompt template ----------------------------------
    async def compose(self, ctx: CallContext) -> None:
        if ctx.route.prompt is not None:
            return  # the prompt stage renders {{ sources }} from ctx.sources
        text = (
            GROUNDING_INSTRUCTIONS + "\n\n" + format_sources(ctx.sources, self.config.max_source_chars)
            if ctx.sources
            else RESEARCH_UNAVAILABLE
            if ctx.retrieval is not None and ctx.retrieval.error
            else NO_SOURCES
        )
        ctx.upstream_messages = [{"role": "system", "content": text}, *ctx.outgoing_messages()]


def _exported_id(hit: Hit, value: str) -> str:
    group = hit.metadata.get("entitlement")
    return f"restricted:{group}" if group else value


def format_sources(sources: list[Source], max_chars: int = 1200) -> str:
    """Numbered sources as the model sees them: ``[n] Title (doc_id, published …, p. …)`` + text."""
    blocks = []
    for s in sources:
        details = [s.doc_id]
        if s.metadata.get("published"):
            details.append(f"published {s.metadata['published']}")
        if s.page:
            details.append(f"p. {s.page}")
        blocks.append(f"[{s.index}] {s.title or s.doc_id} ({', '.join(details)})\n{s.text[:max_chars]}")
    return "\n\n".join(blocks)


def mmr_select(query: np.ndarray, hits: list[Hit], k: int, lambda_mult: float) -> list[Hit]:
    """Maximal marginal relevance over normalised embeddings (cosine = dot product)."""
    vectors = np.stack([h.embedding for h in hits if h.embedding is not None]).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12
    relevance = vectors @ (query / (np.linalg.norm(query) + 1e-12))
    chosen: list[int] = []
    remaining = list(range(len(hits)))
    while remaining and len(chosen) < k:
        if chosen:
            redundancy = (vectors[remaining] @ vectors[chosen].T).max(axis=1)
        else:
            redundancy = np.zeros(len(remaining), dtype=np.float32)
        scores = lambda_mult * relevance[remaining] - (1 - lambda_mult) * redundancy
        best = remaining[int(np.argmax(scores))]
        chosen.append(best)
        remaining.remove(best)
    return [hits[i] for i in chosen]
