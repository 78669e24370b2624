"""Ingestion: files → chunks → MiniLM embeddings → Chroma, idempotently.

Each document gets a fingerprint (``doc_hash``) of everything that shapes its chunks: the file's
bytes, the entitlement group, the published date, the chunking parameters and the embedding model.
Re-ingesting an unchanged file finds the same fingerprint on all its stored chunks and adds nothing;
a changed file (or a changed entitlement) replaces the document's chunks. A file that cannot be
read is reported with its path and reason and the batch goes on (``IngestReport.failures``).
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from .chunking import Chunk, chunk_document
from .loaders import LoadedDocument, UnreadableDocument, iter_files, load_document
from .settings import RagSettings
from .store_types import GROUP_NAME, PUBLIC, VectorStore


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)  # doc ids new to the collection
    replaced: list[str] = field(default_factory=list)  # doc ids whose chunks were rewritten
    unchanged: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    chunks_written: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class _Prepared:
    doc: LoadedDocument
    chunks: list[Chunk]
    fingerprint: str
    entitlement: str
    existed: bool
    previous_source: str | None = None


class Ingestor:
    def __init__(self, store: VectorStore, embedder, rag: RagSettings):
        self.store = store
        self.embedder = embedder
        self.rag = rag

    def ingest(
        self,
        paths: list[Path],
        *,
        collection: str,
        entitlement: str | None = None,
        as_of: date | None = None,
        doc_id: str | None = None,
        progress: bool = False,
        echo: Callable[[str], None] | None = None,
    ) -> IngestReport:
        report = IngestReport()
        if entitlement is not None and not GROUP_NAME.match(entitlement):
            report.failures.append(
                (
                    "--entitlement",
                    f"invalid group name {entitlement!r}; use letters, digits, "
                    f"'.', '-' or single '_' (starting and ending with a letter or digit)",
                )
            )
            return report
        files, problems = iter_files(paths)
        report.failures.extend((str(p), reason) for p, reason in problems)
        if doc_id and len(files) > 1:
            report.failures.append(("--doc-id", f"given with {len(files)} files; --doc-id names a single file"))
            return report
        prepared: list[_Prepared] = []
        seen: dict[str, Path] = {}
        for path in files:
            try:
                item = self._prepare(path, collection, entitlement, as_of, doc_id)
            except UnreadableDocument as exc:
                report.failures.append((str(path), str(exc)))
                continue
            if item.doc.doc_id in seen:
                report.failures.append(
                    (
                        str(path),
                        f"document id '{item.doc.doc_id}' is also used by "
                        f"{seen[item.doc.doc_id]} in this batch; rename one file "
                        f"or ingest it alone with --doc-id",
                    )
                )
                continue
            seen[item.doc.doc_id] = path
            if self._unchanged(collection, item):
                report.unchanged.append(item.doc.doc_id)
                continue
            if item.previous_source and item.previous_source != str(item.doc.path):
                report.notes.append(
                    f"{path}: replaces document '{item.doc.doc_id}' ingested from "
                    f"{item.previous_source} (same document id)"
                )
            prepared.append(item)
        self._embed_and_write(collection, prepared, report, progress)
        return report

    # -- steps ---------------------------------------------------------------------------
    def _prepare(
        self, path: Path, collection: str, entitlement: str | None, as_of: date | None, doc_id: str | None
    ) -> _Prepared:
        doc = load_document(path, doc_id)
        if doc.entitlement and entitlement and doc.entitlement != entitlement:
            raise UnreadableDocument(
                f"front matter says entitlement '{doc.entitlement}' but --entitlement is "
                f"'{entitlement}'; make them agree"
            )
        group = entitlement or doc.entitlement or PUBLIC
        if group and not GROUP_NAME.match(group):
            raise UnreadableDocument(f"invalid entitlement group {group!r} in front matter")
        if doc.published is None:
            doc.published = as_of
        chunks = chunk_document(doc, self.rag.chunk_size, self.rag.chunk_overlap)
        if not chunks:
            raise UnreadableDocument("no text content")
        fingerprint = hashlib.sha256(
            "|".join(
                [
                    doc.content_hash,
                    doc.doc_id,
                    group,
                    doc.published.isoformat() if doc.published else "",
                    str(self.rag.chunk_size),
                    str(self.rag.chunk_overlap),
                    getattr(self.embedder, "name", "embedder"),
                    str(path.resolve()),
                    doc.title,
                    ",".join(doc.tickers),
                ]
            ).encode()
        ).hexdigest()
        return _Prepared(doc=doc, chunks=chunks, fingerprint=fingerprint, entitlement=group, existed=False)

    def _unchanged(self, collection: str, item: _Prepared) -> bool:
        stored = self.store.document_chunks(collection, item.doc.doc_id)
        item.existed = bool(stored)
        item.previous_source = str(stored[0][1].get("source")) if stored else None
        return len(stored) == len(item.chunks) and all(meta.get("doc_hash") == item.fingerprint for _, meta in stored)

    def _embed_and_write(
        self, collection: str, prepared: list[_Prepared], report: IngestReport, progress: bool
    ) -> None:
        if not prepared:
            return
        texts = [embedding_text(item.doc, chunk) for item in prepared for chunk in item.chunks]
        vectors = self._embed(texts, progress)
        offset = 0
        for item in prepared:
            n = len(item.chunks)
            self.store.write_document(
                collection,
                item.entitlement,
                item.doc.doc_id,
                [c.chunk_id for c in item.chunks],
                vectors[offset : offset + n],
                [c.text for c in item.chunks],
                [chunk_metadata(item, c) for c in item.chunks],
            )
            offset += n
            report.chunks_written += n
            (report.replaced if item.existed else report.added).append(item.doc.doc_id)

    def _embed(self, texts: list[str], progress: bool) -> np.ndarray:
        batch = self.rag.embed_batch_size * 4
        if not progress:
            return self.embedder.embed(texts, cache=False)
        from tqdm import tqdm

        parts = []
        with tqdm(total=len(texts), unit="chunk", desc="embedding") as bar:
            for start in range(0, len(texts), batch):
                parts.append(self.embedder.embed(texts[start : start + batch], cache=False))
                bar.update(len(texts[start : start + batch]))
        return np.concatenate(parts)

    def delete(self, collection: str, doc_id: str) -> int:
        return self.store.delete_document(collection, doc_id)


@functools.cache
def shared_embedder(batch_size: int = 64):
    """One MiniLM embedder per process for the ingest command (loading the model takes seconds)."""
    from ..embeddings import Embedder

    return Embedder(batch_size=batch_size, threads=os.cpu_count() or 1)


def embedding_text(doc: LoadedDocument, chunk: Chunk) -> str:
    """What is embedded: the title gives every chunk its document's context; the chunk text is stored."""
    return f"{doc.title}\n{chunk.text}" if doc.title and not chunk.text.startswith(doc.title) else chunk.text


def chunk_metadata(item: _Prepared, chunk: Chunk) -> dict:
    doc = item.doc
    meta = {
        "doc_id": doc.doc_id,
        "chunk": chunk.index,
        "title": doc.title,
        "source": str(doc.path),
        "kind": doc.kind,
        "page": chunk.page or 0,
        "heading": chunk.heading or "",
        "published": doc.published.isoformat() if doc.published else "",
        "published_ord": date_ord(doc.published),
        "tickers": ",".join(doc.tickers),
        "entitlement": item.entitlement,
        "doc_hash": item.fingerprint,
        "chunk_count": len(item.chunks),
    }
    for ticker in doc.tickers:
        meta[ticker_key(ticker)] = True
    return meta


def date_ord(value: date | None) -> int:
    return value.year * 10000 + value.month * 100 + value.day if value else 0


def ticker_key(ticker: str) -> str:
    return "ticker:" + ticker.strip().upper()
