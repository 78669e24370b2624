"""Start-up warm-up: every plugin's models are loaded and warmed before ``/readyz`` says ready.

Loading MiniLM takes seconds; done on the first request it stalled that request and, on the
event loop, every other one (``/healthz`` included). Warm-up runs each plugin's ``warm`` in a
worker thread right after start-up, so ``/healthz`` answers meanwhile and ``/readyz`` reports
``models: warming`` (503) until it is done, or the error if a model failed to load.
"""

from __future__ import annotations

import asyncio
import logging
import time

log = logging.getLogger("llmgateway")


class WarmUp:
    def __init__(self, plugins: list):
        self.plugins = [p for p in plugins if p.warm is not None]
        self.done = not self.plugins
        self.error: str | None = None
        self.seconds: float | None = None

    async def run(self, components) -> None:
        started = time.perf_counter()
        for plugin in self.plugins:
            try:
                await asyncio.to_thread(plugin.warm, components)
            except Exception as exc:  # reported on /readyz and logged; the gateway stays not ready
                self.error = f"{plugin.name}: {exc.__class__.__name__}: {exc}"
                log.exception("warming the models of %s failed; /readyz stays not ready", plugin.name)
                return
        self.seconds = round(time.perf_counter() - started, 2)
        self.done = True
        log.info("models warm in %.2f s (%s)", self.seconds, ", ".join(p.name for p in self.plugins) or "none")

    def readiness(self) -> tuple[bool, str]:
        if self.error:
            return False, f"warm-up failed: {self.error}"
        if not self.done:
            return False, f"warming models ({', '.join(p.name for p in self.plugins)})"
        return True, f"warm ({self.seconds or 0} s)" if self.plugins else "no models to warm"
