"""The ``rag:`` section of gateway.yaml and the ``rag:`` key of a route.

gateway.yaml::

    rag:
      chroma: {path: data/chroma}        # embedded (default: <data dir>/chroma)
      # chroma: {host: 127.0.0.1, port: 8001}   # a `chroma run` server
      chunk_size: 800
      chunk_overlap: 120
      default_collection: research

    routes:
      - name: advisor
        model: stub
        rag: {collection: research, top_k: 5, mmr: true, min_score: 0.2, tickers: [NVTR]}
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator, model_validator

from ..strict import StrictModel

if TYPE_CHECKING:  # pragma: no cover
    pass


# Chroma's rule for collection names, minus "__" (it separates a collection from its entitlement partitions).
COLLECTION_NAME = r"^[A-Za-z0-9][A-Za-z0-9._-]{1,400}[A-Za-z0-9]$"


def valid_collection_name(name: str) -> bool:
    return bool(re.match(COLLECTION_NAME, name)) and "__" not in name


def _collection_name(value: str | None) -> str | None:
    if value is not None and not valid_collection_name(value):
        raise ValueError(
            "a collection name is 3-400 letters, digits, '.', '_' or '-', starting and ending "
            "with a letter or digit, without '__'"
        )
    return value


class ChromaSettings(StrictModel):
    """Either ``path`` (embedded, persistent folder) or ``host`` + ``port`` (a Chroma server)."""

    path: str | None = None
    host: str | None = None
    port: int = Field(default=8000, ge=1, le=65535)
    ssl: bool = False

    @model_validator(mode="after")
    def _one_backend(self):
        if self.path and self.host:
            raise ValueError("set either 'path' (embedded Chroma) or 'host'/'port' (Chroma server), not both")
        return self

    @property
    def is_server(self) -> bool:
        return bool(self.host)


class RagSettings(StrictModel):
    chroma: ChromaSettings = Field(default_factory=ChromaSettings)
    chunk_size: int = Field(default=800, ge=100, le=8000)
    chunk_overlap: int = Field(default=120, ge=0, le=2000)
    default_collection: str = "research"
    _check_default_collection = field_validator("default_collection")(_collection_name)
    embed_batch_size: int = Field(default=64, ge=1, le=4096)

    @model_validator(mode="after")
    def _overlap_below_size(self):
        if self.chunk_overlap >= self.chunk_size:
            raise ValueError(
                f"chunk_overlap ({self.chunk_overlap}) must be smaller than chunk_size ({self.chunk_size})"
            )
        return self


class RouteRag(StrictModel):
    """A route's ``rag:`` key."""

    collection: str | None = None  # default: rag.default_collection
    _check_collection = field_validator("collection")(_collection_name)
    top_k: int = Field(default=5, ge=1, le=50)
    mmr: bool = False
    mmr_lambda: float = Field(default=0.5, ge=0.0, le=1.0)
    fetch_k: int | None = Field(default=None, ge=1, le=500)  # candidates for MMR (default 4 × top_k)
    min_score: float = Field(default=0.0, ge=-1.0, le=1.0)  # cosine similarity
    tickers: list[str] | None = None  # only documents about these tickers/companies
    snippet_chars: int = Field(default=240, ge=0, le=4000)
    max_source_chars: int = Field(default=1200, ge=50, le=20000)  # per source given to the model
    # Chroma unreachable: "fail" answers 503 retrieval_unavailable; "continue" answers without
    # sources, flagged in the trace (extra.retrieval_error) and on the retrieval span
    on_error: Literal["fail", "continue"] = "fail"
