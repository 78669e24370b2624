"""Chroma as the research vector store: embedded (a persistent folder) or a ``chroma run`` server.

We always hand Chroma the embeddings (MiniLM, ``components.embedder``): collections are created
with ``embedding_function=None`` because Chroma's default embedding function downloads a model.
Collections use cosine distance; a hit's ``score`` is the cosine similarity ``1 - distance``.

Every chunk carries flat metadata (Chroma allows str/int/float/bool only):
``doc_id``, ``chunk``, ``title``, ``source``, ``page`` (0 = none), ``heading``, ``published``
(ISO date or ""), ``published_ord`` (YYYYMMDD, 0 = undated), ``tickers`` (comma list) plus one
boolean ``ticker:<T>`` key per ticker (so a ticker filter is an ordinary ``where`` clause),
``entitlement`` (``""`` = public), ``doc_hash`` (ingest fingerprint) and ``chunk_count``.

Entitlements partition the store: a logical collection ``research`` is the Chroma collection
``research`` (public documents) plus ``research__<group>`` per entitlement group. A caller's query
searches only the public partition and its own groups' partitions, so the entitlement filter is part
of the vector query itself and restricted vectors are never read for anyone else. (A ``where``
clause on an ``entitlement`` key was the first design; Chroma's filtered search costs time in
proportion to the chunks a filter admits — 330 ms at 100k chunks — while partitions cost nothing.)
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import httpx
import numpy as np

from .settings import RagSettings
from .store_types import (
    GROUP_NAME,
    PARTITION_SEPARATOR,
    PUBLIC,
    CollectionMissing,
    DocumentSummary,
    Hit,
    VectorStoreUnavailable,
    combine_where,
    partition_name,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings

log = logging.getLogger("llmgateway.retrieval")


class ChromaStore:
    """The real ``VectorStore``. The client is created on first use, so a gateway whose Chroma server
    is down still starts (``/readyz`` says why) and retrieval calls fail with a 503."""

    def __init__(self, client_factory: Callable[[], Any], description: str):
        self._client_factory = client_factory
        self._client = None
        self._lock = threading.Lock()
        self.description = description
        self._collections: dict[str, Any] = {}
        self._future_cache: dict[tuple, tuple[float, int]] = {}
        self._missing: dict[str, float] = {}

    @property
    def client(self):
        if self._client is None:
            with self._lock:
                if self._client is None:
                    try:
                        self._client = self._client_factory()
                    except (ValueError, httpx.TransportError) as exc:  # chromadb's "Could not connect" is a ValueError
                        raise VectorStoreUnavailable(f"{self.description} unreachable: {exc}") from None
        return self._client

    @classmethod
    def from_settings(cls, rag: RagSettings, settings: Settings) -> ChromaStore:
        import chromadb
        from chromadb.config import Settings as ChromaClientSettings

        client_settings = ChromaClientSettings(anonymized_telemetry=False)
        if rag.chroma.is_server:
            chroma = rag.chroma
            where = f"chroma server {'https' if chroma.ssl else 'http'}://{chroma.host}:{chroma.port}"
            return cls(
                lambda: chromadb.HttpClient(
                    host=chroma.host or "", port=chroma.port, ssl=chroma.ssl, settings=client_settings
                ),
                where,
            )
        path = settings.resolve(rag.chroma.path, str(settings.data_dir / "chroma"))

        def embedded():
            path.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(path), settings=client_settings)

        return cls(embedded, f"embedded chroma at {path}")

    # -- collections and their entitlement partitions ------------------------------------
    def _collection(self, name: str, *, create: bool):
        cached = self._collections.get(name)
        if cached is not None:
            return cached
        if create:
            collection = self.client.get_or_create_collection(
                name=name, embedding_function=None, metadata={"hnsw:space": "cosine"}
            )
        else:
            from chromadb.errors import NotFoundError

            try:
                collection = self.client.get_collection(name=name, embedding_function=None)
            except NotFoundError:
                raise CollectionMissing(name) from None
        self._collections[name] = collection
        return collection

    def partitions(self, collection: str) -> list[str]:
        """The Chroma collections holding ``collection``: the public one and one per entitlement group."""
        names = [getattr(c, "name", c) for c in self.client.list_collections()]
        return sorted(n for n in names if n == collection or n.startswith(collection + PARTITION_SEPARATOR))

    def count(self, collection: str) -> int:
        return sum(self._collection(name, create=False).count() for name in self.partitions(collection))

    def heartbeat(self) -> str:
        try:
            self.client.heartbeat()
        except (ValueError, httpx.TransportError) as exc:
            raise VectorStoreUnavailable(f"{self.description} unreachable: {exc}") from None
        return self.description

    # -- documents -----------------------------------------------------------------------
    def document_chunks(self, collection: str, doc_id: str) -> list[tuple[str, dict]]:
        """Every stored chunk of ``doc_id`` in any partition, as (chunk id, metadata)."""
        out: list[tuple[str, dict]] = []
        for name in self.partitions(collection):
            got = self._collection(name, create=False).get(where={"doc_id": doc_id}, include=["metadatas"])
            out.extend(zip(got["ids"], got["metadatas"] or []))
        return out

    def write_document(
        self,
        collection: str,
        group: str,
        doc_id: str,
        ids: list[str],
        embeddings: np.ndarray,
        documents: list[str],
        metadatas: list[dict],
    ) -> None:
        """Upsert the new chunks into the group's partition first, then drop the document's chunks that
        are no longer there (anywhere: a changed entitlement moves a document between partitions), so a
        replaced document stays retrievable while it is being rewritten."""
        target = partition_name(collection, group)
        col = self._collection(target, create=True)
        batch = self._max_batch()
        for start in range(0, len(ids), batch):
            end = start + batch
            col.upsert(
                ids=ids[start:end],
                embeddings=np.asarray(embeddings[start:end], dtype=np.float32),
                documents=documents[start:end],
                metadatas=metadatas[start:end],
            )
        keep = set(ids)
        for name in self.partitions(collection):
            got = self._collection(name, create=False).get(where={"doc_id": doc_id}, include=[])
            stale = [cid for cid in got["ids"] if name != target or cid not in keep]
            for start in range(0, len(stale), batch):
                self._collection(name, create=False).delete(ids=stale[start : start + batch])

    def delete_document(self, collection: str, doc_id: str) -> int:
        removed = 0
        for name in self.partitions(collection):
            col = self._collection(name, create=False)
            ids = col.get(where={"doc_id": doc_id}, include=[])["ids"]
            for start in range(0, len(ids), self._max_batch()):
                col.delete(ids=ids[start : start + self._max_batch()])
            removed += len(ids)
        return removed

    def list_documents(self, collection: str) -> list[DocumentSummary]:
        names = self.partitions(collection)
        if not names:
            raise CollectionMissing(collection)
        docs: dict[str, DocumentSummary] = {}
        page = 2000
        for name in names:
            col, offset = self._collection(name, create=False), 0
            while True:
                got = col.get(include=["metadatas"], limit=page, offset=offset)
                metadatas = got["metadatas"] or []
                for meta in metadatas:
                    doc_id = str(meta.get("doc_id", "?"))
                    summary = docs.get(doc_id)
                    if summary is None:
                        summary = docs[doc_id] = DocumentSummary(
                            doc_id=doc_id,
                            title=str(meta.get("title", "")),
                            source=str(meta.get("source", "")),
                            entitlement=str(meta.get("entitlement", PUBLIC)),
                            published=str(meta.get("published", "")),
                            tickers=str(meta.get("tickers", "")),
                        )
                    summary.chunks += 1
                if len(metadatas) < page:
                    break
                offset += page
        return sorted(docs.values(), key=lambda d: d.doc_id)

    # -- retrieval -------------------------------------------------------------------------
    def query(
        self,
        collection: str,
        groups: list[str],
        embedding: np.ndarray,
        n: int,
        where: dict | None = None,
        not_after: int | None = None,
        with_embeddings: bool = False,
    ) -> list[Hit]:
        """Top ``n`` chunks for a caller holding ``groups``.

        Entitlements: only the public partition and the caller's groups' partitions are searched, so a
        restricted chunk is never read for anyone else. ``not_after`` (YYYYMMDD) excludes documents
        published later; see ``_future_count`` for why it is not a ``where`` clause."""
        include = ["documents", "metadatas", "distances"] + (["embeddings"] if with_embeddings else [])
        allowed = {PUBLIC, *(g for g in groups if GROUP_NAME.match(g))}  # no other name can have a partition
        hits: list[Hit] = []
        searched = 0
        for group in sorted(allowed):
            name = partition_name(collection, group)
            try:
                col = self._partition(name)
                if col is None:
                    continue
                found = self._query_partition(col, name, embedding, n, where, not_after, include)
            except httpx.TransportError as exc:
                self._collections.pop(name, None)
                raise VectorStoreUnavailable(f"{self.description} unreachable: {exc}") from None
            searched += 1
            hits.extend(h for h in self._hits(found, group) if not_after is None or _published(h) <= not_after)
        if not searched and not self.partitions(collection):
            raise CollectionMissing(collection)
        hits.sort(key=lambda h: h.score, reverse=True)
        return hits[:n]

    def _partition(self, name: str):
        """The partition's collection, or None when it does not exist (remembered for a few seconds,
        so a caller's group without documents costs no round trip on every query)."""
        missing_since = self._missing.get(name)
        if missing_since is not None and time.monotonic() - missing_since < MISSING_PARTITION_TTL_S:
            return None
        try:
            collection = self._collection(name, create=False)
        except CollectionMissing:
            self._missing[name] = time.monotonic()
            return None
        self._missing.pop(name, None)
        return collection

    def _query_partition(
        self,
        col,
        name: str,
        embedding: np.ndarray,
        n: int,
        where: dict | None,
        not_after: int | None,
        include: list[str],
    ) -> dict:
        """Top hits of one partition, excluding chunks published after ``not_after``.

        First ask for a few more than ``n``; if enough of them are not future-dated they are exactly
        the top ``n`` (anything better would have been among them). Only otherwise ask for ``n`` plus
        every future-dated chunk, or, when those are many, use a (then selective) ``where`` clause."""
        vector = [np.asarray(embedding, dtype=np.float32)]
        if not_after is None:
            return col.query(query_embeddings=vector, n_results=n, where=where or None, include=include)
        future = self._future_count(name, col, where, not_after)
        if future > MAX_OVERFETCH:
            clause = combine_where(where, {"published_ord": {"$lte": not_after}})
            return col.query(query_embeddings=vector, n_results=n, where=clause, include=include)
        first = min(n + future, n + max(n, 8))
        result = col.query(query_embeddings=vector, n_results=first, where=where or None, include=include)
        kept = sum(1 for meta in result["metadatas"][0] if int((meta or {}).get("published_ord") or 0) <= not_after)
        if kept >= n or first >= n + future or len(result["ids"][0]) < first:
            return result
        return col.query(query_embeddings=vector, n_results=n + future, where=where or None, include=include)

    def _future_count(self, name: str, col, where: dict | None, not_after: int) -> int:
        """How many chunks (matching ``where``) are dated after ``not_after``, cached for a minute.

        Chroma's filtered search costs time in proportion to the chunks a filter *admits* (~0.4 s for
        90k of 100k chunks), so "published on or before today", which admits nearly everything, is
        applied by over-fetching this many extra hits and dropping the future-dated ones: exact, and
        the count query admits only the few future-dated chunks. A stale count can only return fewer
        than ``n`` hits, never a future-dated one (each hit's date is checked)."""
        key = (name, repr(where), not_after)
        cached = self._future_cache.get(key)
        now = time.monotonic()
        if cached and now - cached[0] < FUTURE_COUNT_TTL_S:
            return cached[1]
        count = len(
            col.get(
                where=combine_where(where, {"published_ord": {"$gt": not_after}}), include=[], limit=MAX_OVERFETCH + 1
            )["ids"]
        )
        self._future_cache[key] = (now, count)
        return count

    @staticmethod
    def _hits(result: dict, group: str) -> list[Hit]:
        ids = result["ids"][0]
        embeddings = result.get("embeddings")
        hits = []
        for i, chunk_id in enumerate(ids):
            meta = result["metadatas"][0][i] or {}
            if str(meta.get("entitlement", PUBLIC)) != group:
                # Defence in depth: a chunk whose own label disagrees with its partition is never served.
                log.error(
                    "chunk %s is labelled entitlement %r but stored in the %r partition; skipped",
                    chunk_id,
                    meta.get("entitlement"),
                    group,
                )
                continue
            hits.append(
                Hit(
                    chunk_id=chunk_id,
                    doc_id=str(meta.get("doc_id", chunk_id)),
                    text=result["documents"][0][i],
                    score=1.0 - float(result["distances"][0][i]),
                    metadata=meta,
                    embedding=None if embeddings is None else np.asarray(embeddings[0][i], dtype=np.float32),
                )
            )
        return hits

    def _max_batch(self) -> int:
        try:
            return max(1, min(int(self.client.get_max_batch_size()), 5000))
        except (AttributeError, TypeError, ValueError):
            return 1000


MAX_OVERFETCH = 500
FUTURE_COUNT_TTL_S = 60.0
MISSING_PARTITION_TTL_S = 5.0


def _published(hit: Hit) -> int:
    return int(hit.metadata.get("published_ord") or 0)
