"""Everything a running gateway shares, built once by ``create_app`` and handed to stages.

Plugins reach shared objects only through here: ``components.settings``, ``.store`` (evaluation
store), ``.writer`` (trace queue), ``.upstream``, ``.embedder``, ``.tracer``, and
``.service(name, factory)`` for plugin-owned singletons such as the vector store or the policy set.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from .config import Settings
from .embeddings import Embedder

log = logging.getLogger("llmgateway")


class Components:
    def __init__(
        self,
        settings: Settings,
        *,
        store=None,
        writer=None,
        upstream=None,
        keyring=None,
        tracer=None,
        embedder: Embedder | None = None,
        plugins: list | None = None,
    ):
        self.settings = settings
        self.store = store
        self.writer = writer
        self.upstream = upstream
        self.keyring = keyring
        self.tracer = tracer
        self._embedder = embedder
        self.plugins = plugins or []
        self.tracer_provider: Any = None  # set by create_app: flushed and shut down with the app
        self.local_model: Any = None  # set by create_app when it runs the llama.cpp child process
        self.warmup: Any = None  # warmup.WarmUp, set by create_app: /readyz waits for it
        self.refusals: Any = None  # tracing.refusals.RefusalRecorder, set by create_app
        self.limiter: Any = None  # fleet.limits.Limiter, set by create_app: rate limits and budgets
        self.propagator: Any = None  # fleet.propagation.Propagator: changes from other replicas
        self.replica = "local"  # this replica's name in logs, /readyz and change notifications
        self.draining = False  # set on SIGTERM: /readyz answers 503 so the load balancer moves away
        self._services: dict[str, Any] = {}
        self._background: set[asyncio.Task] = set()

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = Embedder(threads=self.settings.embeddings.threads)
        return self._embedder

    def spend(self, key_name: str | None, tokens: int) -> None:
        """Count a call's tokens against its key's budget (fleet-wide when Redis is configured)."""
        if self.limiter is not None:
            self.limiter.spend(key_name, tokens)
        elif self.keyring is not None:
            self.keyring.spend(key_name, tokens)

    def service(self, name: str, factory: Callable[[], Any]) -> Any:
        """A process-wide singleton owned by a plugin, created on first use."""
        if name not in self._services:
            self._services[name] = factory()
        return self._services[name]

    def has_service(self, name: str) -> bool:
        return name in self._services

    def find_service(self, name: str) -> Any:
        """The singleton if a plugin created it, else None (never creates one)."""
        return self._services.get(name)

    def spawn(self, coro) -> asyncio.Task:
        """Run background work off the request path; exceptions are logged, never raised."""
        task = asyncio.get_running_loop().create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task) -> None:
        self._background.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background task failed: %r", task.exception(), exc_info=task.exception())

    async def drain_background(self, timeout: float = 30.0) -> None:
        if self._background:
            await asyncio.wait(list(self._background), timeout=timeout)
