"""What a research vector store takes and gives, apart from Chroma: hits, document summaries, the
store protocol the retrieval stage and ingest use, entitlement partitions and their errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from ..errors import GatewayError

PUBLIC = ""  # the entitlement value of an unrestricted document


@dataclass
class Hit:
    chunk_id: str
    doc_id: str
    text: str
    score: float
    metadata: dict[str, Any]
    embedding: np.ndarray | None = None


@dataclass
class DocumentSummary:
    doc_id: str
    title: str
    source: str
    entitlement: str
    published: str
    chunks: int = 0
    tickers: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class VectorStore(Protocol):
    def document_chunks(self, collection: str, doc_id: str) -> list[tuple[str, dict]]: ...
    def write_document(
        self,
        collection: str,
        group: str,
        doc_id: str,
        ids: list[str],
        embeddings: np.ndarray,
        documents: list[str],
        metadatas: list[dict],
    ) -> None: ...
    def delete_document(self, collection: str, doc_id: str) -> int: ...
    def list_documents(self, collection: str) -> list[DocumentSummary]: ...
    def query(
        self,
        collection: str,
        groups: list[str],
        embedding: np.ndarray,
        n: int,
        where: dict | None = None,
        not_after: int | None = None,
        with_embeddings: bool = False,
    ) -> list[Hit]: ...
    def count(self, collection: str) -> int: ...
    def heartbeat(self) -> str: ...


class CollectionMissing(LookupError):
    pass


class VectorStoreUnavailable(GatewayError):
    """The Chroma server cannot be reached: the call fails closed rather than answer ungrounded."""

    status, type, code = 503, "api_error", "retrieval_unavailable"


PARTITION_SEPARATOR = "__"  # research + mna-team → research__mna-team (collection names may not hold "__")
# Entitlement groups name Chroma partitions, so they use collection-name characters.
GROUP_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]|_(?!_)){0,98}[A-Za-z0-9]$|^[A-Za-z0-9]$")


def partition_name(collection: str, group: str) -> str:
    """The Chroma collection holding ``collection``'s documents of one entitlement group."""
    return collection if group == PUBLIC else f"{collection}{PARTITION_SEPARATOR}{group}"


def combine_where(*clauses: dict | None) -> dict | None:
    present = [c for c in clauses if c]
    if not present:
        return None
    return present[0] if len(present) == 1 else {"$and": present}
