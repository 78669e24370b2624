"""Registers [rag] with the gateway: the ``rag:`` route key, the ``rag:`` settings section,
``llmgateway ingest`` and a readiness check (vector store reachable, collections present)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from ..plugins import DetachedCall, Plugin
from .stage import RetrievalStage
from .store_types import VectorStoreUnavailable
from .vectorstore import ChromaStore

if TYPE_CHECKING:  # pragma: no cover
    from ..components import Components
    from ..config import RouteConfig

STORE_SERVICE = "rag.store"


def vector_store(components: Components) -> ChromaStore:
    """The process-wide Chroma client (embedded or server, from ``rag.chroma``)."""
    return components.service(
        STORE_SERVICE, lambda: ChromaStore.from_settings(components.settings.rag, components.settings)
    )


def build_stage(
    route: RouteConfig, components: Components, run_detached: DetachedCall | None = None
) -> RetrievalStage | None:
    if route.rag is None:
        return None
    return RetrievalStage(
        route.name,
        route.rag,
        components.settings.rag,
        vector_store(components),
        components.embedder,
        tracer=components.tracer,
    )


async def readiness(components: Components) -> tuple[bool, str]:
    rag = components.settings.rag
    collections = sorted({r.rag.collection or rag.default_collection for r in components.settings.routes if r.rag})
    if not collections:
        return True, "no route uses retrieval"

    def check() -> tuple[bool, str]:
        store = vector_store(components)
        try:
            where = store.heartbeat()
        except VectorStoreUnavailable as exc:
            return False, exc.message
        except Exception as exc:  # any other client failure also means "not ready"; the reason is shown
            return False, f"{store.description} unreachable: {type(exc).__name__}: {exc}"
        counts = {name: store.count(name) for name in collections}
        empty = [name for name, n in counts.items() if n == 0]
        detail = f"{where}; " + ", ".join(f"{name}: {n} chunks" for name, n in counts.items())
        if empty:
            detail += f" (empty: run `llmgateway ingest PATH --collection {empty[0]}`)"
        return True, detail

    return await asyncio.to_thread(check)


def warm(components: Components) -> None:
    """The query embedder: the first retrieval must not pay for loading MiniLM."""
    if any(r.rag is not None for r in components.settings.routes):
        components.embedder.warm()


def cli() -> list:
    from .cli import app

    return [("ingest", app)]


plugin = Plugin(
    name="rag",
    route_key="rag",
    order=30,
    build_stage=build_stage,
    readiness=readiness,
    warm=warm,
    cli=cli,
)
