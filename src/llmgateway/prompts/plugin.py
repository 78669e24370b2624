"""The prompts capability, registered like every other stage plugin (see llmgateway.plugins).

gateway.yaml section (all optional)::

    prompts:
      reload_interval_s: 2        # poll the prompts folder this often; 0 = no hot reload
      serve_unreleased: false     # true lets labels/refs point at versions not yet in prompts.lock (local dev)
      params_precedence: caller   # caller | prompt: whose temperature/max_tokens/… win on conflict
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ConfigError, GatewayError
from ..plugins import DetachedCall, Plugin
from .registry import PromptRegistry
from .stage import PromptStage, shadow_ref
from .watcher import PromptWatcher, RegistryHolder

if TYPE_CHECKING:  # pragma: no cover
    from ..components import Components
    from ..config import RouteConfig, Settings

HOLDER_SERVICE = "prompts.registry"
WATCHER_SERVICE = "prompts.watcher"


def registry_holder(components: Components) -> RegistryHolder:
    """The served registry (loaded once, on first use); raises ConfigError to refuse start."""

    def load() -> RegistryHolder:
        settings = components.settings.prompts
        registry = PromptRegistry.load(components.settings.prompts_dir)

        def validate(candidate: PromptRegistry) -> None:
            validate_routes(candidate, components.settings, require_released=not settings.serve_unreleased)

        validate(registry)
        return RegistryHolder(registry, validate)

    return components.service(HOLDER_SERVICE, load)


def validate_routes(registry: PromptRegistry, settings: Settings, *, require_released: bool) -> None:
    """Every route's prompt and shadow must resolve to servable versions whose model override (if any)
    is a configured model. Errors name gateway.yaml's line for a bad ref, the version file for a model."""
    known_models = set(settings.model_names())
    for i, route in enumerate(settings.routes):
        for key in ("prompt", "shadow"):
            if not getattr(route, key):
                continue
            try:
                ref = route.prompt if key == "prompt" else shadow_ref(route, registry)
                if ref is None:
                    continue
                registry.check_ref(ref, require_released=require_released)
                targets = registry.targets(ref)
            except GatewayError as exc:
                raise settings.config_error(exc.message, ("routes", i, key)) from None
            for pv in targets:
                if pv.model and pv.model not in known_models:
                    raise ConfigError(
                        f"model '{pv.model}' is not a model_name in gateway.yaml "
                        f"({sorted(known_models) or 'none defined'}); route '{route.name}' serves "
                        f"{pv.ref}",
                        file=str(pv.path),
                        line=pv.model_line,
                        key="model",
                    )


def build_stage(route: RouteConfig, components: Components, run_detached: DetachedCall | None = None) -> PromptStage:
    return PromptStage(route, registry_holder(components), components, components.settings.prompts, run_detached)


async def start(components: Components) -> None:
    uses_prompts = any(r.prompt for r in components.settings.routes)
    if not uses_prompts and not components.settings.prompts_dir.is_dir():
        return
    holder = registry_holder(components)
    watcher = components.service(
        WATCHER_SERVICE, lambda: PromptWatcher(holder, components, components.settings.prompts.reload_interval_s)
    )
    await watcher.start()


async def stop(components: Components) -> None:
    if components.has_service(WATCHER_SERVICE):
        await components.service(WATCHER_SERVICE, lambda: None).stop()


async def readiness(components: Components) -> tuple[bool, str]:
    if not components.has_service(HOLDER_SERVICE):
        return True, "no prompts in use"
    holder = registry_holder(components)
    names = ", ".join(f"{n} ({len(p.versions)} versions)" for n, p in holder.current.prompts.items())
    if holder.last_error:  # still serving the previous registry: ready, but say why edits are not live
        return True, f"serving previous prompts; last reload refused: {holder.last_error}"
    return True, f"prompts loaded: {names or 'none'}"


def live_holder(components: Components) -> RegistryHolder | None:
    """The served registry when a route uses prompts or a prompts folder exists (loaded on first use)."""
    if not components.has_service(HOLDER_SERVICE) and not components.settings.prompts_dir.is_dir():
        return None  # no prompts folder and no route uses one: an empty registry
    return registry_holder(components)


def routers(components: Components) -> list:
    from .api import build_router

    return [build_router(components, lambda: live_holder(components))]


def cli() -> list:
    from .cli import app

    return [("prompts", app)]


plugin = Plugin(
    name="prompts",
    route_key="prompt",
    order=10,
    build_stage=build_stage,
    routers=routers,
    start=start,
    stop=stop,
    readiness=readiness,
    cli=cli,
)
