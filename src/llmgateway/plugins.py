"""Stage plugins: how [prompts], [guardrails], [rag] and [scoring] slot into the gateway.

Every capability beyond the pass-through core registers the same way (as simonw/llm does for
models): a module with a module-level ``plugin = Plugin(...)``, listed in ``DEFAULT_PLUGINS``.

* ``route_key`` + ``build_stage``: when a route sets that key (``prompt``, ``policies``, ``rag``),
  ``build_stage(route, components, run_detached)`` returns the ``Stage`` (pipeline.py) for that
  route; stages of a route run in ``order`` (prompt 10 < policies 20 < rag 30, so retrieval sees
  the redacted question). ``run_detached(ctx)`` runs a whole extra call with its own trace (the
  prompt stage's shadow challenger); None where no executor runs (unit tests, CLI).
  ``build_stage`` raises ``ConfigError`` to refuse start (e.g. a policy that fails to load).
* settings: a capability's gateway.yaml section is a ``StrictModel`` in its package's
  ``settings.py``, a typed field of ``config.Settings`` (``components.settings.guardrails`` …), so
  it is validated with the rest of the file and its errors name the file, line and key.
* ``routers(components)``: extra FastAPI routers (``/api/...``).
* ``start``/``stop``: background services (file watchers, the scorer worker).
* ``readiness(components)``: ``(ok, detail)`` for ``/readyz``.
* ``warm(components)``: load and warm the plugin's models (blocking; run in a thread at start-up).
  ``/readyz`` is not ready until every plugin's warm-up has returned, so no request pays for a load.
* ``cli()``: the command groups added to the ``llmgateway`` command, as ``[(name, typer.Typer), …]``
  (imported only when the CLI starts).
* ``label_check(settings, version, requirement)``: asked before ``llmgateway prompts label --require-eval``
  moves a label to ``version`` (a ``PromptVersion``); returns why the move is refused, or None.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .components import Components
    from .config import RouteConfig
    from .pipeline import CallContext, Stage

# Runs a whole call with no HTTP caller (its own root span and trace); None when it ended in an error.
DetachedCall = Callable[["CallContext"], Awaitable["dict | None"]]

DEFAULT_PLUGINS: list[str] = [
    "llmgateway.prompts.plugin",
    "llmgateway.guardrails.plugin",
    "llmgateway.retrieval.plugin",
    "llmgateway.scoring.plugin",
    "llmgateway.evals.plugin",
    "llmgateway.ui.plugin",
    "llmgateway.metrics.plugin",
]


@dataclass
class Plugin:
    name: str
    route_key: str | None = None
    order: int = 100
    build_stage: Callable[[RouteConfig, Components, DetachedCall | None], Stage | None] | None = None
    routers: Callable[[Components], list] | None = None
    start: Callable[[Components], Awaitable[None]] | None = None
    stop: Callable[[Components], Awaitable[None]] | None = None
    readiness: Callable[[Components], Awaitable[tuple[bool, str]]] | None = None
    warm: Callable[[Components], None] | None = None
    cli: Callable[[], list[tuple[str, Any]]] | None = None
    label_check: Callable[[Any, Any, str], str | None] | None = None


def load_plugins(names: list[str] | None = None) -> list[Plugin]:
    plugins = []
    for module_name in DEFAULT_PLUGINS if names is None else names:
        module = importlib.import_module(module_name)
        plugins.append(module.plugin)
    return plugins
