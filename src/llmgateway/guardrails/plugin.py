"""The guardrails capability, registered like every other stage plugin (see llmgateway.plugins).

gateway.yaml::

    routes:
      - name: advisor
        model: gpt
        policies: [finra_communications, marketing_rule, suitability, mnpi, market_manipulation,
                   tax_legal, client_pii, prompt_injection]
    guardrails:                  # all optional
      watch: true                # hot-reload policies/ (poll every poll_interval_s seconds)
      poll_interval_s: 1
      audit_decisions: true      # every block/redact/disclose/review verdict goes to the audit log
      llm_judge: {enabled: false, model: null}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..plugins import DetachedCall, Plugin
from .runtime import GuardrailsRuntime

if TYPE_CHECKING:  # pragma: no cover
    from ..components import Components
    from ..config import RouteConfig

RUNTIME_SERVICE = "guardrails.runtime"
WATCHER_SERVICE = "guardrails.watcher"


def get_runtime(components: Components) -> GuardrailsRuntime:
    """The live policy set (loaded on first use); a policy that fails to load raises ConfigError."""
    return components.service(RUNTIME_SERVICE, lambda: GuardrailsRuntime(components, components.settings.guardrails))


def build_stage(route: RouteConfig, components: Components, run_detached: DetachedCall | None = None):
    from .stage import GuardrailsStage

    runtime = get_runtime(components)
    missing = runtime.current.missing(route.policies)
    if missing:
        settings = components.settings
        raise settings.config_error(
            f"route '{route.name}' enforces policies {missing} that are not "
            f"in {runtime.directory}; allowed: {sorted(runtime.current.policies)}",
            ("routes", settings.route_index(route.name), "policies"),
        )
    return GuardrailsStage(route, runtime)


def _in_use(components: Components) -> bool:
    return any(r.policies for r in components.settings.routes)


async def start(components: Components) -> None:
    if not _in_use(components) and not components.settings.policies_dir.is_dir():
        return
    from .watcher import PolicyWatcher

    runtime = get_runtime(components)
    watcher = components.service(WATCHER_SERVICE, lambda: PolicyWatcher(runtime))
    await watcher.start()


async def stop(components: Components) -> None:
    if components.has_service(WATCHER_SERVICE):
        await components.service(WATCHER_SERVICE, lambda: None).stop()


def warm(components: Components) -> None:
    if _in_use(components):
        get_runtime(components).warm()


async def readiness(components: Components) -> tuple[bool, str]:
    if not components.has_service(RUNTIME_SERVICE):
        return True, "no policies in use"
    runtime = get_runtime(components)
    detail = f"policies {runtime.current.hash[:12]} ({len(runtime.current.policies)} files)"
    if runtime.last_error:
        return True, f"serving last good {detail}; last reload refused: {runtime.last_error}"
    return True, detail


def live_runtime(components: Components) -> GuardrailsRuntime | None:
    """The runtime when policies are in use or a policies folder exists (loaded on first use)."""
    if not components.has_service(RUNTIME_SERVICE) and not components.settings.policies_dir.is_dir():
        return None
    return get_runtime(components)


def routers(components: Components) -> list:
    from .api import build_router

    return [build_router(components, lambda: live_runtime(components))]


def cli() -> list:
    """Two command groups: ``llmgateway policy validate|test`` and ``llmgateway audit verify``."""
    from .cli import app, audit_app

    return [("policy", app), ("audit", audit_app)]


plugin = Plugin(
    name="guardrails",
    route_key="policies",
    order=20,
    build_stage=build_stage,
    routers=routers,
    start=start,
    stop=stop,
    readiness=readiness,
    warm=warm,
    cli=cli,
)
